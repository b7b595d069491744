/* ofd.c: display list to OFD package (ofd.h). */
#include "ofd.h"
#include "docfont.h"
#include "fontsubset.h"
#include "ofd_zip.h"
#include "output.h"
#include "sha256.h"
#include "util.h"
#include "i18n.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libxml2 takes UTF-8 as const xmlChar * */
#define XC(s) ((const xmlChar *)(s))
#define OFD_NS "http://www.ofdspec.org/2016"

static const double MM = 25.4 / 72;   /* mm per pt */

/* A font as one document uses it. */
typedef struct ofd_font {
  docfont chars;       /* the characters drawn, in code-point order */
  uint16_t *sub;       /* the glyph id in the subset, per place */
  int id;              /* its resource ID, 0 = not used */
} ofd_font;

struct ofd_writer {
  fontset *fs;
  int nfonts;
  ofd_font *fonts;
  long last_size;
  char last_sha[65];
};

ofd_writer *ofd_writer_new(fontset *fs)
{
  ofd_writer *w = xcalloc(1, sizeof *w);
  w->fs = fs;
  w->nfonts = fontset_font_count(fs);
  w->fonts = xcalloc((size_t)w->nfonts + 1, sizeof *w->fonts);
  return w;
}

/* Forgets the document's glyphs. */
static void drop_fonts(ofd_writer *w)
{
  for (int i = 0; i < w->nfonts; i++) {
    ofd_font *f = &w->fonts[i];
    docfont_clear(&f->chars);
    f->id = 0;
    free(f->sub);
    f->sub = NULL;
  }
}

void ofd_writer_free(ofd_writer *w)
{
  if (!w) return;
  drop_fonts(w);
  for (int i = 0; i < w->nfonts; i++) docfont_free(&w->fonts[i].chars);
  free(w->fonts);
  free(w);
}

long ofd_last_written(const ofd_writer *w, char hex[65])
{
  memcpy(hex, w->last_sha, sizeof w->last_sha);
  return w->last_size;
}

/* ---- numbers and XML ------------------------------------------------------ */

/* v pt as mm in 1/1000 mm, the unit every length is rounded to. */
static long long mm3(double pt) { return milli_round(pt * MM); }

static void put_mm(strbuf *b, double pt) { sb_add_milli(b, mm3(pt)); }

/* An attribute of numbers: pt values as mm, space-separated. */
static void attr_mm(xmlTextWriterPtr x, const char *name, const double *pt, int n)
{
  strbuf b = {0};
  for (int i = 0; i < n; i++) {
    if (i) sb_addc(&b, ' ');
    put_mm(&b, pt[i]);
  }
  xmlTextWriterWriteAttribute(x, XC(name), XC(b.s ? b.s : ""));
  sb_free(&b);
}

static void attr_int(xmlTextWriterPtr x, const char *name, long v)
{
  char s[24];
  snprintf(s, sizeof s, "%ld", v);
  xmlTextWriterWriteAttribute(x, XC(name), XC(s));
}

static void put_color(xmlTextWriterPtr x, const char *el, unsigned c)
{
  char s[16];
  snprintf(s, sizeof s, "%u %u %u", (c >> 16) & 255, (c >> 8) & 255, c & 255);
  xmlTextWriterStartElement(x, XC(el));
  xmlTextWriterWriteAttribute(x, XC("Value"), XC(s));
  xmlTextWriterEndElement(x);
}

/* A writer of one XML part into memory, its root element started. */
static xmlTextWriterPtr part_begin(xmlBufferPtr *buf, const char *root)
{
  *buf = xmlBufferCreate();
  xmlTextWriterPtr x = *buf ? xmlNewTextWriterMemory(*buf, 0) : NULL;
  if (!x) return NULL;
  xmlTextWriterStartDocument(x, "1.0", "UTF-8", NULL);
  xmlTextWriterStartElement(x, XC(root));
  xmlTextWriterWriteAttribute(x, XC("xmlns:ofd"), XC(OFD_NS));
  return x;
}

/* Ends the part and adds it to the package. */
static int part_end(xmlTextWriterPtr x, xmlBufferPtr buf, ofd_zip *z, const char *name)
{
  int rc = -1;
  if (x) {
    xmlTextWriterEndDocument(x);
    xmlFreeTextWriter(x);
    size_t n = (size_t)xmlBufferLength(buf);
    rc = ofd_zip_add(z, name, xmlBufferContent(buf), n);
  }
  if (buf) xmlBufferFree(buf);
  return rc;
}

static void put_text_el(xmlTextWriterPtr x, const char *el, const char *text)
{
  if (text && *text) xmlTextWriterWriteElement(x, XC(el), XC(text));
}

/* ---- glyphs --------------------------------------------------------------- */

static void note_glyph(const dl_glyph *g, void *user)
{
  docfont_note(user, g->cp);
}

/* Notes every character the document draws, per font, in code-point order:
 * the order pdf.c gives fontsubset_make, so that the OFD embeds the same
 * subset bytes as the PDF of the same pages. */
static void collect_glyphs(ofd_writer *w, const dl_doc *l)
{
  for (int p = 0; p < l->npages; p++)
    for (int i = 0; i < l->pages[p].items.n; i++) {
      const dl_item *it = &l->pages[p].items.v[i];
      if (it->kind != DL_TEXT || !it->text || it->font < 0 || it->font >= w->nfonts) continue;
      dl_glyphs(l, it, note_glyph, &w->fonts[it->font].chars);
    }
  for (int i = 0; i < w->nfonts; i++) docfont_sort(&w->fonts[i].chars);
}

/* The fonts: a subset of each used face in the package, PublicRes.xml
 * naming them. IDs from *next. Returns 0 or -1 with *err. */
static int write_fonts(ofd_writer *w, ofd_zip *z, int *next, char **err)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr x = part_begin(&buf, "ofd:Res");
  if (!x) { *err = xstrdup(_("cannot write PublicRes.xml")); return -1; }
  xmlTextWriterWriteAttribute(x, XC("BaseLoc"), XC("Res"));
  xmlTextWriterStartElement(x, XC("ofd:Fonts"));
  int rc = 0;
  for (int i = 0; i < w->nfonts && rc == 0; i++) {
    ofd_font *f = &w->fonts[i];
    if (!f->chars.n) continue;
    f->sub = xmalloc(f->chars.n * sizeof *f->sub);
    fontsubset_font sub;
    if (fontsubset_make(fontset_ttf(w->fs, i), f->chars.cps, f->chars.n, f->sub, &sub, err) != 0) {
      rc = -1;
      break;
    }
    f->id = (*next)++;
    char *file = xasprintf("font_%d.ttf", f->id), *path = xasprintf("Doc_0/Res/%s", file);
    if (ofd_zip_add(z, path, sub.data, sub.len) != 0) rc = -1;
    fontsubset_release(&sub);
    const char *ps = fontset_info(w->fs, i)->psname;
    xmlTextWriterStartElement(x, XC("ofd:Font"));
    attr_int(x, "ID", f->id);
    xmlTextWriterWriteAttribute(x, XC("FontName"), XC(ps));
    xmlTextWriterWriteAttribute(x, XC("FamilyName"), XC(ps));
    xmlTextWriterWriteElement(x, XC("ofd:FontFile"), XC(file));
    xmlTextWriterEndElement(x);
    free(file);
    free(path);
  }
  xmlTextWriterEndElement(x);
  if (part_end(x, buf, z, "Doc_0/PublicRes.xml") != 0 && rc == 0) rc = -1;
  if (rc != 0 && !*err) *err = xstrdup(_("cannot write the OFD fonts"));
  return rc;
}

/* The images: the PNG files in the package, DocumentRes.xml naming them;
 * ids[i] gets image i's resource ID. */
static int write_images(const dl_doc *l, ofd_zip *z, int *next, int *ids)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr x = part_begin(&buf, "ofd:Res");
  if (!x) return -1;
  xmlTextWriterWriteAttribute(x, XC("BaseLoc"), XC("Res"));
  int rc = 0;
  if (l->nimages) xmlTextWriterStartElement(x, XC("ofd:MultiMedias"));
  for (int i = 0; i < l->nimages; i++) {
    ids[i] = (*next)++;
    char *file = xasprintf("image_%d.png", ids[i]), *path = xasprintf("Doc_0/Res/%s", file);
    if (ofd_zip_add(z, path, l->images[i].data, l->images[i].len) != 0) rc = -1;
    xmlTextWriterStartElement(x, XC("ofd:MultiMedia"));
    attr_int(x, "ID", ids[i]);
    xmlTextWriterWriteAttribute(x, XC("Type"), XC("Image"));
    xmlTextWriterWriteAttribute(x, XC("Format"), XC("PNG"));
    xmlTextWriterWriteElement(x, XC("ofd:MediaFile"), XC(file));
    xmlTextWriterEndElement(x);
    free(file);
    free(path);
  }
  if (l->nimages) xmlTextWriterEndElement(x);
  if (part_end(x, buf, z, "Doc_0/DocumentRes.xml") != 0) rc = -1;
  return rc;
}

/* ---- page content --------------------------------------------------------- */

typedef struct run_acc {
  const ofd_font *f;
  strbuf text, glyphs, delta;
  long long start, last;   /* positions along the run in 1/1000 mm: the first glyph, the one before */
  int n;
} run_acc;

/* Appends code point cp as UTF-8. */
static void add_utf8(strbuf *b, unsigned cp)
{
  char u[4];
  if (cp < 0x80) { sb_addc(b, (char)cp); return; }
  if (cp < 0x800) {
    u[0] = (char)(0xC0 | cp >> 6); u[1] = (char)(0x80 | (cp & 63));
    sb_addn(b, u, 2);
    return;
  }
  if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12 & 15)); u[1] = (char)(0x80 | (cp >> 6 & 63)); u[2] = (char)(0x80 | (cp & 63));
    sb_addn(b, u, 3);
    return;
  }
  u[0] = (char)(0xF0 | (cp >> 18 & 7)); u[1] = (char)(0x80 | (cp >> 12 & 63));
  u[2] = (char)(0x80 | (cp >> 6 & 63)); u[3] = (char)(0x80 | (cp & 63));
  sb_addn(b, u, 4);
}

static void add_glyph(const dl_glyph *g, void *user)
{
  run_acc *a = user;
  add_utf8(&a->text, g->cp <= 0x10FFFF ? g->cp : 0xFFFD);
  unsigned slot = docfont_place(&a->f->chars, g->cp);
  if (a->n) sb_addc(&a->glyphs, ' ');
  sb_addf(&a->glyphs, "%u", slot ? a->f->sub[slot - 1] : 0u);
  long long pos = mm3(g->offset);
  if (a->n == 0) a->start = pos;
  else {
    if (a->n > 1) sb_addc(&a->delta, ' ');
    sb_add_milli(&a->delta, pos - a->last);   /* from rounded places: no drift along a line */
  }
  a->last = pos;
  a->n++;
}

static void text_object(ofd_writer *w, const dl_doc *l, const dl_page *pg, const dl_item *it,
                        xmlTextWriterPtr x, int *next)
{
  if (!it->text || !*it->text || it->font < 0 || it->font >= w->nfonts || !w->fonts[it->font].id) return;
  run_acc a = { .f = &w->fonts[it->font] };
  dl_glyphs(l, it, add_glyph, &a);
  if (a.n == 0) goto done;
  xmlTextWriterStartElement(x, XC("ofd:TextObject"));
  attr_int(x, "ID", (*next)++);
  double box[4] = { 0, 0, pg->w, pg->h };
  attr_mm(x, "Boundary", box, 4);
  attr_int(x, "Font", a.f->id);
  attr_mm(x, "Size", &it->size, 1);
  double tx = it->x, ty = it->y;
  if (it->angle != 0) {
    /* rotated about the run's start, counter-clockwise on a y-down page */
    double r = it->angle * M_PI / 180;
    char ctm[128];
    strbuf b = {0};
    snprintf(ctm, sizeof ctm, "%.6f %.6f %.6f %.6f ", cos(r), -sin(r), sin(r), cos(r));
    sb_add(&b, ctm);
    put_mm(&b, it->x);
    sb_addc(&b, ' ');
    put_mm(&b, it->y);
    xmlTextWriterWriteAttribute(x, XC("CTM"), XC(b.s));
    sb_free(&b);
    tx = ty = 0;
  }
  if (it->bold) {   /* as the PDF: filled and stroked with a line of 0.03 em */
    xmlTextWriterWriteAttribute(x, XC("Stroke"), XC("true"));
    double lw = it->size * 0.03;
    attr_mm(x, "LineWidth", &lw, 1);
  }
  put_color(x, "ofd:FillColor", it->color);
  if (it->bold) put_color(x, "ofd:StrokeColor", it->color);
  xmlTextWriterStartElement(x, XC("ofd:CGTransform"));
  attr_int(x, "CodePosition", 0);
  attr_int(x, "CodeCount", a.n);
  attr_int(x, "GlyphCount", a.n);
  xmlTextWriterWriteElement(x, XC("ofd:Glyphs"), XC(a.glyphs.s));
  xmlTextWriterEndElement(x);
  xmlTextWriterStartElement(x, XC("ofd:TextCode"));
  strbuf b = {0};
  sb_add_milli(&b, mm3(tx) + a.start);
  xmlTextWriterWriteAttribute(x, XC("X"), XC(b.s));
  sb_reset(&b);
  put_mm(&b, ty);
  xmlTextWriterWriteAttribute(x, XC("Y"), XC(b.s));
  sb_free(&b);
  if (a.n > 1) xmlTextWriterWriteAttribute(x, XC("DeltaX"), XC(a.delta.s));
  xmlTextWriterWriteString(x, XC(a.text.s));
  xmlTextWriterEndElement(x);
  xmlTextWriterEndElement(x);
done:
  sb_free(&a.text);
  sb_free(&a.glyphs);
  sb_free(&a.delta);
}

/* A path object of the points pts[0..n) (pt), closed when close. */
static void path_object(xmlTextWriterPtr x, const dl_page *pg, int *next, const double *pts, int n, int close,
                        int fill, unsigned fill_c, int stroke, unsigned stroke_c, double lw)
{
  xmlTextWriterStartElement(x, XC("ofd:PathObject"));
  attr_int(x, "ID", (*next)++);
  double box[4] = { 0, 0, pg->w, pg->h };
  attr_mm(x, "Boundary", box, 4);
  if (stroke) attr_mm(x, "LineWidth", &lw, 1);
  else xmlTextWriterWriteAttribute(x, XC("Stroke"), XC("false"));
  if (fill) xmlTextWriterWriteAttribute(x, XC("Fill"), XC("true"));
  if (stroke) put_color(x, "ofd:StrokeColor", stroke_c);
  if (fill) put_color(x, "ofd:FillColor", fill_c);
  strbuf b = {0};
  for (int i = 0; i < n; i++) {
    sb_add(&b, i ? " L " : "M ");
    put_mm(&b, pts[2 * i]);
    sb_addc(&b, ' ');
    put_mm(&b, pts[2 * i + 1]);
  }
  if (close) sb_add(&b, " C");
  xmlTextWriterWriteElement(x, XC("ofd:AbbreviatedData"), XC(b.s ? b.s : ""));
  sb_free(&b);
  xmlTextWriterEndElement(x);
}

static void draw_item(ofd_writer *w, const dl_doc *l, const dl_page *pg, const dl_item *it, dl_layer pass,
                      xmlTextWriterPtr x, int *next, const int *image_ids)
{
  switch (it->kind) {
  case DL_TEXT:
    text_object(w, l, pg, it, x, next);
    break;
  case DL_LINE: {
    if (it->lw < 0) break;
    double p[4] = { it->x, it->y, it->x2, it->y2 };
    path_object(x, pg, next, p, 2, 0, 0, 0, 1, it->color, it->lw);
    break;
  }
  case DL_RECT: {
    double p[8] = { it->x, it->y, it->x + it->x2, it->y, it->x + it->x2, it->y + it->y2, it->x, it->y + it->y2 };
    if (pass == DL_LAYER_FILL) path_object(x, pg, next, p, 4, 1, 1, it->fill, 0, 0, 0);
    else path_object(x, pg, next, p, 4, 1, 0, 0, 1, it->color, it->lw);
    break;
  }
  case DL_PATH:
    if (it->npts >= 3)
      path_object(x, pg, next, it->pts, it->npts, 1, 1, it->fill, it->lw > 0, it->color, it->lw);
    break;
  case DL_IMAGE: {
    if (it->image < 0 || it->image >= l->nimages) break;
    xmlTextWriterStartElement(x, XC("ofd:ImageObject"));
    attr_int(x, "ID", (*next)++);
    double box[4] = { it->x, it->y, it->x2, it->y2 };
    attr_mm(x, "Boundary", box, 4);
    double ctm[6] = { it->x2, 0, 0, it->y2, 0, 0 };
    attr_mm(x, "CTM", ctm, 6);
    attr_int(x, "ResourceID", image_ids[it->image]);
    xmlTextWriterEndElement(x);
    break;
  }
  }
}

/* Page p's Content.xml; its page ID is page_id. */
static int write_page(ofd_writer *w, const dl_doc *l, int p, ofd_zip *z, int *next, const int *image_ids)
{
  const dl_page *pg = &l->pages[p];
  xmlBufferPtr buf;
  xmlTextWriterPtr x = part_begin(&buf, "ofd:Page");
  if (!x) return -1;
  xmlTextWriterStartElement(x, XC("ofd:Area"));
  double box[4] = { 0, 0, pg->w, pg->h };
  xmlTextWriterStartElement(x, XC("ofd:PhysicalBox"));
  strbuf b = {0};
  for (int i = 0; i < 4; i++) {
    if (i) sb_addc(&b, ' ');
    put_mm(&b, box[i]);
  }
  xmlTextWriterWriteString(x, XC(b.s));
  sb_free(&b);
  xmlTextWriterEndElement(x);
  xmlTextWriterEndElement(x);
  xmlTextWriterStartElement(x, XC("ofd:Content"));
  xmlTextWriterStartElement(x, XC("ofd:Layer"));
  attr_int(x, "ID", (*next)++);
  xmlTextWriterWriteAttribute(x, XC("Type"), XC("Body"));
  for (dl_layer pass = 0; pass < DL_LAYERS; pass++)
    for (int k = 0; k < pg->items.n; k++)
      if (dl_in_layer(&pg->items.v[k], pass)) draw_item(w, l, pg, &pg->items.v[k], pass, x, next, image_ids);
  xmlTextWriterEndElement(x);
  xmlTextWriterEndElement(x);
  char *name = xasprintf("Doc_0/Pages/Page_%d/Content.xml", p);
  int rc = part_end(x, buf, z, name);
  free(name);
  return rc;
}

/* ---- the document --------------------------------------------------------- */

static void put_box_el(xmlTextWriterPtr x, const char *el, double w, double h)
{
  double box[4] = { 0, 0, w, h };
  strbuf b = {0};
  for (int i = 0; i < 4; i++) {
    if (i) sb_addc(&b, ' ');
    put_mm(&b, box[i]);
  }
  xmlTextWriterWriteElement(x, XC(el), XC(b.s));
  sb_free(&b);
}

/* The outline entries from mark *i on at level lv and deeper, nested. */
static void put_outline(xmlTextWriterPtr x, const dl_doc *l, int *i, int lv, const int *page_ids)
{
  while (*i < l->nmarks && l->marks[*i].level >= lv) {
    const dl_mark *m = &l->marks[*i];
    xmlTextWriterStartElement(x, XC("ofd:OutlineElem"));
    xmlTextWriterWriteAttribute(x, XC("Title"), XC(m->title ? m->title : ""));
    xmlTextWriterStartElement(x, XC("ofd:Actions"));
    xmlTextWriterStartElement(x, XC("ofd:Action"));
    xmlTextWriterWriteAttribute(x, XC("Event"), XC("CLICK"));
    xmlTextWriterStartElement(x, XC("ofd:Goto"));
    xmlTextWriterStartElement(x, XC("ofd:Dest"));
    xmlTextWriterWriteAttribute(x, XC("Type"), XC("XYZ"));
    attr_int(x, "PageID", page_ids[m->page]);
    double pos[2] = { 0, m->y };
    attr_mm(x, "Left", pos, 1);
    attr_mm(x, "Top", pos + 1, 1);
    for (int k = 0; k < 4; k++) xmlTextWriterEndElement(x);   /* Dest, Goto, Action, Actions */
    (*i)++;
    put_outline(x, l, i, m->level + 1, page_ids);
    xmlTextWriterEndElement(x);
  }
}

/* Document.xml: the common data (MaxUnitID, the page area of the first
 * page, the resources), the pages, the outline. */
static int write_document(const dl_doc *l, ofd_zip *z, int max_id, const int *page_ids)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr x = part_begin(&buf, "ofd:Document");
  if (!x) return -1;
  xmlTextWriterStartElement(x, XC("ofd:CommonData"));
  char s[24];
  snprintf(s, sizeof s, "%d", max_id);
  xmlTextWriterWriteElement(x, XC("ofd:MaxUnitID"), XC(s));
  xmlTextWriterStartElement(x, XC("ofd:PageArea"));
  put_box_el(x, "ofd:PhysicalBox", l->npages ? l->pages[0].w : 595.276, l->npages ? l->pages[0].h : 841.89);
  xmlTextWriterEndElement(x);
  xmlTextWriterWriteElement(x, XC("ofd:PublicRes"), XC("PublicRes.xml"));
  xmlTextWriterWriteElement(x, XC("ofd:DocumentRes"), XC("DocumentRes.xml"));
  xmlTextWriterEndElement(x);
  xmlTextWriterStartElement(x, XC("ofd:Pages"));
  for (int p = 0; p < l->npages; p++) {
    xmlTextWriterStartElement(x, XC("ofd:Page"));
    attr_int(x, "ID", page_ids[p]);
    char *loc = xasprintf("Pages/Page_%d/Content.xml", p);
    xmlTextWriterWriteAttribute(x, XC("BaseLoc"), XC(loc));
    free(loc);
    xmlTextWriterEndElement(x);
  }
  xmlTextWriterEndElement(x);
  if (l->bookmarks && l->nmarks) {
    xmlTextWriterStartElement(x, XC("ofd:Outlines"));
    int i = 0;
    while (i < l->nmarks) put_outline(x, l, &i, l->marks[i].level, page_ids);
    xmlTextWriterEndElement(x);
  }
  return part_end(x, buf, z, "Doc_0/Document.xml");
}

/* OFD.xml: the document information and where the document is. */
static int write_ofd_xml(const dl_doc *l, const archive_meta *m, int ofda, const char *docid, ofd_zip *z)
{
  xmlBufferPtr buf;
  xmlTextWriterPtr x = part_begin(&buf, "ofd:OFD");
  if (!x) return -1;
  xmlTextWriterWriteAttribute(x, XC("Version"), XC("1.0"));
  xmlTextWriterWriteAttribute(x, XC("DocType"), XC(ofda ? "OFD-A" : "OFD"));
  xmlTextWriterStartElement(x, XC("ofd:DocBody"));
  xmlTextWriterStartElement(x, XC("ofd:DocInfo"));
  xmlTextWriterWriteElement(x, XC("ofd:DocID"), XC(docid));
  put_text_el(x, "ofd:Title", l->title);
  put_text_el(x, "ofd:Author", l->author);
  put_text_el(x, "ofd:Subject", l->subject);
  if (l->created[0]) {
    char d[16];
    snprintf(d, sizeof d, "%04d-%02d-%02d", l->created[0], l->created[1], l->created[2]);
    xmlTextWriterWriteElement(x, XC("ofd:CreationDate"), XC(d));
  }
  if (l->keywords && *l->keywords) {   /* the PDF's comma-separated keywords, one element each */
    xmlTextWriterStartElement(x, XC("ofd:Keywords"));
    char *k = xstrdup(l->keywords), *save = NULL;
    for (char *t = strtok_r(k, ",", &save); t; t = strtok_r(NULL, ",", &save))
      xmlTextWriterWriteElement(x, XC("ofd:Keyword"), XC(t));
    free(k);
    xmlTextWriterEndElement(x);
  }
  char *creator = l->creator ? xasprintf("%s (reformgen)", l->creator) : xstrdup("reformgen");
  xmlTextWriterWriteElement(x, XC("ofd:Creator"), XC(creator));
  free(creator);
  xmlTextWriterWriteElement(x, XC("ofd:CreatorVersion"), XC(REFORMGEN_VERSION));
  xmlTextWriterStartElement(x, XC("ofd:CustomDatas"));   /* the archival description, archive.h */
  for (int i = 0; i < ARCHIVE_NFIELDS; i++) {
    if (!m->v[i]) continue;
    xmlTextWriterStartElement(x, XC("ofd:CustomData"));
    xmlTextWriterWriteAttribute(x, XC("Name"), XC(archive_field_label(i)));
    xmlTextWriterWriteString(x, XC(m->v[i]));
    xmlTextWriterEndElement(x);
  }
  xmlTextWriterEndElement(x);
  xmlTextWriterEndElement(x);   /* DocInfo */
  xmlTextWriterWriteElement(x, XC("ofd:DocRoot"), XC("Doc_0/Document.xml"));
  xmlTextWriterEndElement(x);   /* DocBody */
  return part_end(x, buf, z, "OFD.xml");
}

int ofd_write(ofd_writer *w, const dl_doc *l, const archive_meta *m, int ofda, const char *path, diag_list *d)
{
  int rc = -1, next = 1;
  char *err = NULL;
  unsigned char *bytes = NULL;
  size_t len = 0;
  int *image_ids = xcalloc((size_t)l->nimages + 1, sizeof *image_ids);
  int *page_ids = xcalloc((size_t)l->npages + 1, sizeof *page_ids);
  drop_fonts(w);
  ofd_zip *z = ofd_zip_new(l->created[0], l->created[1], l->created[2]);
  if (!z) { err = xstrdup(_("cannot start the OFD package")); goto done; }
  collect_glyphs(w, l);
  for (int p = 0; p < l->npages; p++) page_ids[p] = next++;
  if (write_fonts(w, z, &next, &err) != 0) goto done;
  if (write_images(l, z, &next, image_ids) != 0) goto fail;
  for (int p = 0; p < l->npages; p++)
    if (write_page(w, l, p, z, &next, image_ids) != 0) goto fail;
  if (write_document(l, z, next - 1, page_ids) != 0) goto fail;
  /* DocID: 32 hex digits of the SHA-256 of every other part as stored (ofd_zip_digest) */
  unsigned char dg[SHA256_DIGEST_SIZE];
  ofd_zip_digest(z, dg);
  char docid[33];
  for (int i = 0; i < 16; i++) snprintf(docid + 2 * i, 3, "%02x", dg[i]);
  if (write_ofd_xml(l, m, ofda, docid, z) != 0) goto fail;
  bytes = ofd_zip_finish(z, &len);
  z = NULL;
  if (!bytes) goto fail;
  sha256_hex(bytes, len, w->last_sha);
  w->last_size = (long)len;
  if (output_write_atomic(path, bytes, len, &err) != 0) goto done;
  rc = 0;
  goto done;
fail:
  if (!err) err = xstrdup(_("cannot make the OFD package"));
done:
  if (rc != 0) diag_add(d, DIAG_ERROR, NULL, "%s", err ? err : _("cannot write the OFD package"));
  if (z) free(ofd_zip_finish(z, &len));
  drop_fonts(w);
  free(err);
  free(bytes);
  free(image_ids);
  free(page_ids);
  return rc;
}
