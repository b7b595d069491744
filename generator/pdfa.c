/* pdfa.c: PDF/A-2b through libharu's object layer (pdfa.h). */
#include "pdfa.h"
#include "hpdf_adapter.h"
#include "util.h"
#include "i18n.h"

#include <libxml/xmlwriter.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libxml2 takes UTF-8 as const xmlChar * */
#define XC(s) ((const xmlChar *)(s))

/* ---- XMP ------------------------------------------------------------------ */

/* A copy of s without the characters XML 1.0 cannot hold (C0 controls but tab
 * and line feed; validated input has none, but XMP must stay well-formed). */
static char *xml_clean(const char *s)
{
  char *c = xstrdup(s), *o = c;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p >= 0x20 || *p == '\t' || *p == '\n') *o++ = (char)*p;
  *o = '\0';
  return c;
}

static void put_el(xmlTextWriterPtr w, const char *name, const char *value)
{
  char *v = xml_clean(value);
  xmlTextWriterWriteElement(w, XC(name), XC(v));
  free(v);
}

/* A language alternative with one x-default entry (dc:title, dc:description). */
static void put_alt(xmlTextWriterPtr w, const char *name, const char *value)
{
  char *v = xml_clean(value);
  xmlTextWriterStartElement(w, XC(name));
  xmlTextWriterStartElement(w, XC("rdf:Alt"));
  xmlTextWriterStartElement(w, XC("rdf:li"));
  xmlTextWriterWriteAttribute(w, XC("xml:lang"), XC("x-default"));
  xmlTextWriterWriteString(w, XC(v));
  xmlTextWriterEndElement(w);
  xmlTextWriterEndElement(w);
  xmlTextWriterEndElement(w);
  free(v);
}

static void begin_desc(xmlTextWriterPtr w, const char *prefix, const char *ns)
{
  xmlTextWriterStartElement(w, XC("rdf:Description"));
  xmlTextWriterWriteAttribute(w, XC("rdf:about"), XC(""));
  char *x = xasprintf("xmlns:%s", prefix);
  xmlTextWriterWriteAttribute(w, XC(x), XC(ns));
  free(x);
}

/* A PDF date "D:YYYYMMDDHHmmSS" with an optional Z or +HH'mm' as the XMP
 * date it stands for (the same instant, the same precision of zone), or NULL. */
static char *xmp_date(const char *d)
{
  int y, mo, da, h = 0, mi = 0, s = 0, n = 0;
  if (!d || sscanf(d, "D:%4d%2d%2d%n", &y, &mo, &da, &n) != 3) return NULL;
  const char *p = d + n;
  int m = 0;
  if (sscanf(p, "%2d%2d%2d%n", &h, &mi, &s, &m) == 3) p += m;
  if (*p == 'Z') return xasprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, da, h, mi, s);
  int zh, zm;
  if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d'%2d", &zh, &zm) == 2)
    return xasprintf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, da, h, mi, s, *p, zh, zm);
  return xasprintf("%04d-%02d-%02dT%02d:%02d:%02d", y, mo, da, h, mi, s);
}

/* The PDF/A extension schema that declares ARCHIVE_NS's properties. */
static void put_extension(xmlTextWriterPtr w)
{
  xmlTextWriterStartElement(w, XC("rdf:Description"));
  xmlTextWriterWriteAttribute(w, XC("rdf:about"), XC(""));
  xmlTextWriterWriteAttribute(w, XC("xmlns:pdfaExtension"), XC("http://www.aiim.org/pdfa/ns/extension/"));
  xmlTextWriterWriteAttribute(w, XC("xmlns:pdfaSchema"), XC("http://www.aiim.org/pdfa/ns/schema#"));
  xmlTextWriterWriteAttribute(w, XC("xmlns:pdfaProperty"), XC("http://www.aiim.org/pdfa/ns/property#"));
  xmlTextWriterStartElement(w, XC("pdfaExtension:schemas"));
  xmlTextWriterStartElement(w, XC("rdf:Bag"));
  xmlTextWriterStartElement(w, XC("rdf:li"));
  xmlTextWriterWriteAttribute(w, XC("rdf:parseType"), XC("Resource"));
  put_el(w, "pdfaSchema:schema", "reformgen archival description (GB/T 18894, DA/T 46)");
  put_el(w, "pdfaSchema:namespaceURI", ARCHIVE_NS);
  put_el(w, "pdfaSchema:prefix", ARCHIVE_PREFIX);
  xmlTextWriterStartElement(w, XC("pdfaSchema:property"));
  xmlTextWriterStartElement(w, XC("rdf:Seq"));
  for (int i = 0; i < ARCHIVE_NFIELDS; i++) {
    xmlTextWriterStartElement(w, XC("rdf:li"));
    xmlTextWriterWriteAttribute(w, XC("rdf:parseType"), XC("Resource"));
    put_el(w, "pdfaProperty:name", archive_field_name(i));
    put_el(w, "pdfaProperty:valueType", "Text");
    put_el(w, "pdfaProperty:category", "external");
    put_el(w, "pdfaProperty:description", archive_field_description(i));
    xmlTextWriterEndElement(w);
  }
  for (int k = 0; k < 6; k++) xmlTextWriterEndElement(w);   /* Seq, property, li, Bag, schemas, Description */
}

char *pdfa_xmp(const char *const info[], const archive_meta *m, int part, size_t *len)
{
  xmlBufferPtr buf = xmlBufferCreate();
  xmlTextWriterPtr w = buf ? xmlNewTextWriterMemory(buf, 0) : NULL;
  if (!w) { if (buf) xmlBufferFree(buf); return NULL; }
  xmlTextWriterSetIndent(w, 1);
  xmlTextWriterSetIndentString(w, XC(" "));
  xmlTextWriterWritePI(w, XC("xpacket"), XC("begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\""));
  xmlTextWriterStartElement(w, XC("x:xmpmeta"));
  xmlTextWriterWriteAttribute(w, XC("xmlns:x"), XC("adobe:ns:meta/"));
  xmlTextWriterStartElement(w, XC("rdf:RDF"));
  xmlTextWriterWriteAttribute(w, XC("xmlns:rdf"), XC("http://www.w3.org/1999/02/22-rdf-syntax-ns#"));
  if (part) {
    begin_desc(w, "pdfaid", "http://www.aiim.org/pdfa/ns/id/");
    char p[8];
    snprintf(p, sizeof p, "%d", part);
    put_el(w, "pdfaid:part", p);
    put_el(w, "pdfaid:conformance", "B");
    xmlTextWriterEndElement(w);
  }
  begin_desc(w, "dc", "http://purl.org/dc/elements/1.1/");
  put_el(w, "dc:format", part ? "application/pdf" : "application/ofd");
  if (info[HPDF_INFO_TITLE]) put_alt(w, "dc:title", info[HPDF_INFO_TITLE]);
  if (info[HPDF_INFO_AUTHOR]) {
    char *v = xml_clean(info[HPDF_INFO_AUTHOR]);
    xmlTextWriterStartElement(w, XC("dc:creator"));
    xmlTextWriterStartElement(w, XC("rdf:Seq"));
    xmlTextWriterWriteElement(w, XC("rdf:li"), XC(v));
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
    free(v);
  }
  if (info[HPDF_INFO_SUBJECT]) put_alt(w, "dc:description", info[HPDF_INFO_SUBJECT]);
  xmlTextWriterEndElement(w);
  begin_desc(w, "pdf", "http://ns.adobe.com/pdf/1.3/");
  if (info[HPDF_INFO_PRODUCER]) put_el(w, "pdf:Producer", info[HPDF_INFO_PRODUCER]);
  if (info[HPDF_INFO_KEYWORDS]) put_el(w, "pdf:Keywords", info[HPDF_INFO_KEYWORDS]);
  xmlTextWriterEndElement(w);
  begin_desc(w, "xmp", "http://ns.adobe.com/xap/1.0/");
  if (info[HPDF_INFO_CREATOR]) put_el(w, "xmp:CreatorTool", info[HPDF_INFO_CREATOR]);
  char *cd = xmp_date(info[HPDF_INFO_CREATION_DATE]), *md = xmp_date(info[HPDF_INFO_MOD_DATE]);
  if (cd) put_el(w, "xmp:CreateDate", cd);
  if (md) put_el(w, "xmp:ModifyDate", md);
  free(cd);
  free(md);
  xmlTextWriterEndElement(w);
  begin_desc(w, ARCHIVE_PREFIX, ARCHIVE_NS);
  for (int i = 0; i < ARCHIVE_NFIELDS; i++) {
    if (!m->v[i]) continue;   /* absent, never invented (密级 above all) */
    char *name = xasprintf("%s:%s", ARCHIVE_PREFIX, archive_field_name(i));
    put_el(w, name, m->v[i]);
    free(name);
  }
  xmlTextWriterEndElement(w);
  if (part) put_extension(w);
  xmlTextWriterEndElement(w);   /* rdf:RDF */
  xmlTextWriterEndElement(w);   /* x:xmpmeta */
  xmlTextWriterWritePI(w, XC("xpacket"), XC("end=\"w\""));
  xmlTextWriterEndDocument(w);
  xmlFreeTextWriter(w);
  char *s = xstrndup((const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
  *len = (size_t)xmlBufferLength(buf);
  xmlBufferFree(buf);
  return s;
}

/* ---- the output intent ---------------------------------------------------- */

/* The sRGB profile, read once per process. Returns 0 or -1 with *err. */
static int read_icc(unsigned char **data, size_t *len, char **err)
{
  static unsigned char *icc;
  static size_t icc_len;
  if (!icc) {
    const char *path = getenv("REFORMGEN_SRGB_ICC");
    if (!path || !*path) path = PDFA_ICC_PATH;
    size_t n = 0;
    unsigned char *b = (unsigned char *)read_file(path, 1 << 20, &n);
    if (!b) {
      *err = xasprintf(_("%s: cannot read the sRGB ICC profile PDF/A needs (Debian package icc-profiles-free)"), path);
      return -1;
    }
    /* an ICC profile: its own size first, "acsp" at 36, an RGB data colour space */
    if (n < 128 || be32(b) != n || memcmp(b + 36, "acsp", 4) != 0 || memcmp(b + 16, "RGB ", 4) != 0) {
      free(b);
      *err = xasprintf(_("%s: not an RGB ICC profile"), path);
      return -1;
    }
    icc = b;
    icc_len = n;
  }
  *data = icc;
  *len = icc_len;
  return 0;
}

static int add_output_intent(HPDF_Doc pdf, char **err)
{
  unsigned char *icc;
  size_t len;
  if (read_icc(&icc, &len, err) != 0) return -1;
  HPDF_MMgr mm = hpdfa_mmgr(pdf);
  HPDF_Dict prof = hpdfa_stream_new(pdf);
  if (!prof || hpdfa_put_raw(prof, icc, len) != HPDF_OK) goto fail;
  HPDF_Dict_AddNumber(prof, "N", 3);
  HPDF_Dict oi = HPDF_Dict_New(mm);
  if (!oi || HPDF_Xref_Add(hpdfa_xref(pdf), oi) != HPDF_OK) goto fail;
  HPDF_Dict_AddName(oi, "Type", "OutputIntent");
  HPDF_Dict_AddName(oi, "S", "GTS_PDFA1");
  HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
  HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
  HPDF_Dict_Add(oi, "DestOutputProfile", prof);
  HPDF_Array a = HPDF_Array_New(mm);
  if (!a || HPDF_Array_Add(a, oi) != HPDF_OK || HPDF_Dict_Add(hpdfa_catalog(pdf), "OutputIntents", a) != HPDF_OK)
    goto fail;
  return 0;
fail:
  *err = xstrdup(_("cannot add the PDF/A output intent"));
  return -1;
}

/* ---- the whole ------------------------------------------------------------ */

static void hash_bytes(const void *data, size_t n, void *user)
{
  sha256_update(user, n, data);
}

int pdfa_apply(HPDF_Doc pdf, const archive_meta *m, char **err)
{
  if (add_output_intent(pdf, err) != 0) return -1;
  const char *info[HPDF_INFO_EOF] = { NULL };
  for (int i = 0; i < HPDF_INFO_EOF; i++) info[i] = HPDF_GetInfoAttr(pdf, (HPDF_InfoType)i);
  HPDF_ResetError(pdf);   /* an absent attribute is reported as an error */
  size_t xlen = 0;
  char *xmp = pdfa_xmp(info, m, 2, &xlen);
  if (!xmp) { *err = xstrdup(_("cannot write the XMP metadata")); return -1; }
  HPDF_Dict meta = hpdfa_stream_new(pdf);
  int ok = meta && hpdfa_put_raw(meta, xmp, xlen) == HPDF_OK
           && HPDF_Dict_AddName(meta, "Type", "Metadata") == HPDF_OK
           && HPDF_Dict_AddName(meta, "Subtype", "XML") == HPDF_OK
           && HPDF_Dict_Add(hpdfa_catalog(pdf), "Metadata", meta) == HPDF_OK;

  /* /ID: the pages' content streams (as written) and the XMP, hashed */
  struct sha256_ctx c;
  unsigned char d[SHA256_DIGEST_SIZE];
  sha256_init(&c);
  hpdfa_each_page_content(pdf, hash_bytes, &c);
  sha256_update(&c, xlen, (const uint8_t *)xmp);
  sha256_digest(&c, sizeof d, d);
  free(xmp);
  HPDF_MMgr mm = hpdfa_mmgr(pdf);
  HPDF_Array id = HPDF_Array_New(mm);
  ok = ok && id && HPDF_Array_Add(id, HPDF_Binary_New(mm, d, 16)) == HPDF_OK
       && HPDF_Array_Add(id, HPDF_Binary_New(mm, d, 16)) == HPDF_OK
       && HPDF_Dict_Add(hpdfa_trailer(pdf), "ID", id) == HPDF_OK;
  if (!ok) { *err = xstrdup(_("cannot add the PDF/A metadata")); return -1; }
  hpdfa_set_version(pdf, HPDF_VER_17);
  return 0;
}
