/* docx_section.c: the DOCX's pages (docx_imp.h): the page settings of each
 * section as a w:sectPr, and the header and footer parts of each section —
 * the page number as PAGE fields, the template's <header> and <footer>
 * lines, and the draft watermark.
 *
 * Sections are made as layout.c makes them for the PDF: every <section>,
 * and every run of blocks standing directly in <document>, is a run of pages
 * with its own paper, orientation, margins, page numbers, header, footer and
 * watermark (a section's own attribute, else the document's). Word starts
 * each on a new page (w:type nextPage) and numbers the pages on, as the PDF
 * does. Word gives a section without a header or footer reference the one
 * of the section before, so every section references its own parts, empty
 * where it has nothing.
 *
 * The watermark is what Word itself writes for 设计 → 水印 (and WPS for
 * 插入 → 水印): a VML WordArt shape (textpath) named
 * PowerPlusWaterMarkObject… in the header, behind the text, centred on the
 * page — so Word, WPS and LibreOffice show it as a watermark on every page
 * and their watermark commands remove or change it. Its text, font (黑体),
 * gray (#D8D8D8), size (55 % of the page's diagonal, at most 160 pt a
 * character) and angle (along the diagonal, rising) are the PDF's. */
#include "docx_imp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The attribute name of sec, else of the document's root. */
static const char *sec_attr(const dctx *c, const xmlNode *sec, const char *name)
{
  const char *v = sec != c->root ? dx_attr_of(sec, name) : NULL;
  return v ? v : dx_attr_of(c->root, name);
}

/* The page settings of sec (the root: the document's) into pg; the grid
 * and the fonts are the document's. */
static void page_of(const dctx *c, const xmlNode *sec, docx_page *pg)
{
  const char *paper = sec_attr(c, sec, "paper");
  int a3 = paper && strcmp(paper, "A3") == 0;
  double w = (a3 ? 297 : 210) * MM, h = (a3 ? 420 : 297) * MM;
  const char *o = sec_attr(c, sec, "orientation");
  int land = o && strcmp(o, "landscape") == 0;
  pg->w = land ? h : w;
  pg->h = land ? w : h;
  const char *v;
  pg->font = (v = dx_attr_of(c->root, "font")) ? v : "song";
  pg->size = (v = dx_attr_of(c->root, "size")) && strtod(v, NULL) > 0 ? strtod(v, NULL) : 12;
  pg->grid_lines = (v = dx_attr_of(c->root, "grid-lines")) ? atoi(v) : 0;
  pg->grid_chars = (v = dx_attr_of(c->root, "grid-chars")) ? atoi(v) : 0;
  int grid = pg->grid_lines > 0 || pg->grid_chars > 0;
  /* the defaults of layout.c: GB/T 9704's margins on a grid page */
  static const char *const MN[4] = { "margin-top", "margin-bottom", "margin-left", "margin-right" };
  static const double GB[4] = { 37, 35, 28, 26 };
  double m[4];
  for (int i = 0; i < 4; i++) {
    m[i] = dx_len_pt(sec_attr(c, sec, MN[i]), pg->size, pg->size * 1.5);
    if (m[i] < 0) m[i] = (grid ? GB[i] : 25) * MM;
  }
  pg->mt = m[0], pg->mb = m[1], pg->ml = m[2], pg->mr = m[3];
  pg->page_number = (v = sec_attr(c, sec, "page-number")) ? v : "dash";
  pg->pn_position = (v = sec_attr(c, sec, "page-number-position")) ? v
                  : strcmp(pg->page_number, "of-total") == 0 ? "center" : "outer";
  pg->pn_font = (v = sec_attr(c, sec, "page-number-font")) ? v : "song";
  pg->pn_size = (v = sec_attr(c, sec, "page-number-size")) && strtod(v, NULL) > 0 ? strtod(v, NULL) : 14;
  pg->pn_offset = (v = sec_attr(c, sec, "page-number-offset")) ? dx_len_pt(v, pg->size, pg->size * 1.5) : 7 * MM;
  if (pg->pn_offset < 0) pg->pn_offset = 7 * MM;
}

void dx_page_init(dctx *c)
{
  docx_page *pg = &c->pg;
  page_of(c, c->root, pg);
  const char *v;
  double text_h = pg->h - pg->mt - pg->mb;
  pg->pitch = pg->size * 1.5;
  if (pg->grid_lines > 0) pg->pitch = text_h / pg->grid_lines;
  else if ((v = dx_attr_of(c->root, "line-pitch")) && dx_len_pt(v, pg->size, 0) > 0) pg->pitch = dx_len_pt(v, pg->size, 0);
  c->text_w = pg->w - pg->ml - pg->mr;
  c->text_h = text_h;
}

static const xmlNode *child_named(const xmlNode *n, const char *name)
{
  for (const xmlNode *k = n->children; k; k = k->next)
    if (dx_is(k, name)) return k;
  return NULL;
}

void dx_section_begin(dctx *c, const xmlNode *sec)
{
  c->secs = xrealloc(c->secs, (size_t)(c->nsecs + 1) * sizeof *c->secs);
  dx_section *s = &c->secs[c->nsecs++];
  memset(s, 0, sizeof *s);
  page_of(c, sec, &s->pg);
  s->pg.pitch = c->pg.pitch;
  if (sec != c->root) {
    s->header = child_named(sec, "header");
    s->footer = child_named(sec, "footer");
  }
  if (!s->header) s->header = child_named(c->root, "header");
  if (!s->footer) s->footer = child_named(c->root, "footer");
  s->watermark = sec_attr(c, sec, "watermark");
  if (s->watermark && !*s->watermark) s->watermark = NULL;
  if (s->header || s->watermark) c->headers = 1;
  if (strcmp(s->pg.page_number, "none") != 0 && strcmp(s->pg.pn_position, "outer") == 0) c->evenodd = 1;
  c->text_w = s->pg.w - s->pg.ml - s->pg.mr;
  c->text_h = s->pg.h - s->pg.mt - s->pg.mb;
  c->page_break = 0;   /* a section starts a page anyway */
}

/* The parts of section i: footer (and header) 2i+1 for odd pages, 2i+2 for
 * even pages when the document tells them apart. */
static void reference(xmlTextWriterPtr w, const char *el, const char *kind, const char *type, int n)
{
  char rid[32];
  snprintf(rid, sizeof rid, "rId%s%d", kind, n);
  dx_start(w, el);
  dx_attr(w, "w:type", type);
  dx_attr(w, "r:id", rid);
  dx_end(w);
}

void dx_section_props(dctx *c, int i)
{
  xmlTextWriterPtr w = c->w;
  const docx_page *pg = &c->secs[i].pg;
  dx_start(w, "w:sectPr");
  for (int h = c->headers ? 0 : 1; h < 2; h++) {
    const char *el = h ? "w:footerReference" : "w:headerReference";
    const char *kind = h ? "Ftr" : "Hdr";
    reference(w, el, kind, "default", 2 * i + 1);
    if (c->evenodd) reference(w, el, kind, "even", 2 * i + 2);
  }
  dx_val(w, "w:type", "nextPage");
  dx_start(w, "w:pgSz");
  dx_attrf(w, "w:w", pg->w * 20);
  dx_attrf(w, "w:h", pg->h * 20);
  if (pg->w > pg->h) dx_attr(w, "w:orient", "landscape");
  dx_end(w);
  dx_start(w, "w:pgMar");
  dx_attrf(w, "w:top", pg->mt * 20);
  dx_attrf(w, "w:right", pg->mr * 20);
  dx_attrf(w, "w:bottom", pg->mb * 20);
  dx_attrf(w, "w:left", pg->ml * 20);
  dx_attrf(w, "w:header", fmin(pg->mt / 2, 42.5) * 20);
  /* the number's baseline pn_offset below the text block */
  dx_attrf(w, "w:footer", fmax(pg->mb - pg->pn_offset - pg->pn_size, 10) * 20);
  dx_attr(w, "w:gutter", "0");
  dx_end(w);
  dx_start(w, "w:docGrid");
  const docx_page *doc = &c->pg;
  if (doc->grid_lines > 0 && doc->grid_chars > 0) {
    dx_attr(w, "w:type", "linesAndChars");
    dx_attrf(w, "w:linePitch", doc->pitch * 20);
    /* the document's character pitch (as layout.c keeps it in every
     * section) as its difference from the font size, in 1/4096 pt */
    dx_attrf(w, "w:charSpace", ((doc->w - doc->ml - doc->mr) / doc->grid_chars - doc->size) * 4096);
  } else {
    dx_attrf(w, "w:linePitch", doc->pitch * 20);
  }
  dx_end(w);
  dx_end(w);
}

void dx_section_break(dctx *c)
{
  xmlTextWriterPtr w = c->w;
  dx_start(w, "w:p");
  dx_start(w, "w:pPr");
  dx_hairline_spacing(w);
  dx_start(w, "w:rPr");
  dx_vali(w, "w:sz", 2);
  dx_end(w);
  dx_section_props(c, c->nsecs - 1);
  dx_end(w);
  dx_end(w);
}

static const char HDR_TYPE[] = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml";
static const char FTR_TYPE[] = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml";
static const char REL[] = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

void dx_section_types(const dctx *c, strbuf *ct)
{
  int per = c->evenodd ? 2 : 1;
  for (int i = 0; i < c->nsecs; i++)
    for (int k = 1; k <= per; k++) {
      if (c->headers) sb_addf(ct, "<Override PartName=\"/word/header%d.xml\" ContentType=\"%s\"/>", 2 * i + k, HDR_TYPE);
      sb_addf(ct, "<Override PartName=\"/word/footer%d.xml\" ContentType=\"%s\"/>", 2 * i + k, FTR_TYPE);
    }
}

void dx_section_rels(const dctx *c, strbuf *rels)
{
  int per = c->evenodd ? 2 : 1;
  for (int i = 0; i < c->nsecs; i++)
    for (int k = 1; k <= per; k++) {
      int n = 2 * i + k;
      if (c->headers) sb_addf(rels, "<Relationship Id=\"rIdHdr%d\" Type=\"%sheader\" Target=\"header%d.xml\"/>", n, REL, n);
      sb_addf(rels, "<Relationship Id=\"rIdFtr%d\" Type=\"%sfooter\" Target=\"footer%d.xml\"/>", n, REL, n);
    }
}

/* Word's shape type 136, "plain text" WordArt, as Word writes it. */
static const char TEXTPATH_TYPE[] =
  "<v:shapetype id=\"_x0000_t136\" coordsize=\"21600,21600\" o:spt=\"136\" adj=\"10800\""
  " path=\"m@7,l@8,m@5,21600l@6,21600e\"><v:formulas>"
  "<v:f eqn=\"sum #0 0 10800\"/><v:f eqn=\"prod #0 2 1\"/><v:f eqn=\"sum 21600 0 @1\"/>"
  "<v:f eqn=\"sum 0 0 @2\"/><v:f eqn=\"sum 21600 0 @3\"/><v:f eqn=\"if @0 @3 0\"/>"
  "<v:f eqn=\"if @0 21600 @1\"/><v:f eqn=\"if @0 0 @2\"/><v:f eqn=\"if @0 @4 21600\"/>"
  "<v:f eqn=\"mid @5 @6\"/><v:f eqn=\"mid @8 @5\"/><v:f eqn=\"mid @7 @8\"/>"
  "<v:f eqn=\"mid @6 @7\"/><v:f eqn=\"sum @6 0 @5\"/></v:formulas>"
  "<v:path textpathok=\"t\" o:connecttype=\"custom\" o:connectlocs=\"@9,0;@10,10800;@11,21600;@12,10800\""
  " o:connectangles=\"270,180,90,0\"/><v:textpath on=\"t\" fitshape=\"t\"/>"
  "<v:handles><v:h position=\"#0,bottomRight\" xrange=\"6629,14971\"/></v:handles>"
  "<o:lock v:ext=\"edit\" text=\"t\" shapetype=\"t\"/></v:shapetype>";

/* The text's width in em of 黑体: a full em a character, half for ASCII. */
static double text_ems(const char *s)
{
  double ems = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x80) ems += 0.5;
    else if ((*p & 0xC0) != 0x80) ems += 1;
  }
  return ems;
}

/* The watermark of section s as a run (the n-th shape of the package). */
static void watermark_run(dctx *c, const dx_section *s, int n)
{
  xmlTextWriterPtr w = c->w;
  double dg = hypot(s->pg.w, s->pg.h), ems = text_ems(s->watermark);
  if (ems <= 0) return;
  double size = fmin(dg * 0.55 / ems, 160);
  double ang = atan2(s->pg.h, s->pg.w) * 180 / M_PI;
  char style[400], id[48], spid[24];
  snprintf(style, sizeof style,
           "position:absolute;margin-left:0;margin-top:0;width:%.1fpt;height:%.1fpt;rotation:%.1f;"
           "z-index:-251654144;mso-wrap-edited:f;mso-position-horizontal:center;"
           "mso-position-horizontal-relative:page;mso-position-vertical:center;"
           "mso-position-vertical-relative:page",
           ems * size, size, 360 - ang);
  snprintf(id, sizeof id, "PowerPlusWaterMarkObject%d", n);
  snprintf(spid, sizeof spid, "_x0000_s%d", 2048 + n);
  dx_start(w, "w:r");
  dx_start(w, "w:rPr");
  dx_start(w, "w:noProof");
  dx_end(w);
  dx_end(w);
  dx_start(w, "w:pict");
  xmlTextWriterWriteRaw(w, (const xmlChar *)TEXTPATH_TYPE);
  dx_start(w, "v:shape");
  dx_attr(w, "id", id);
  dx_attr(w, "o:spid", spid);
  dx_attr(w, "type", "#_x0000_t136");
  dx_attr(w, "style", style);
  dx_attr(w, "o:allowincell", "f");
  dx_attr(w, "fillcolor", "#d8d8d8");
  dx_attr(w, "stroked", "f");
  dx_start(w, "v:textpath");
  char ts[120];
  snprintf(ts, sizeof ts, "font-family:\"%s\";font-size:1pt", docx_font_name("hei"));
  dx_attr(w, "style", ts);
  dx_attr(w, "string", s->watermark);
  dx_end(w);
  dx_start(w, "w10:wrap");
  dx_attr(w, "anchorx", "page");
  dx_attr(w, "anchory", "page");
  dx_end(w);
  dx_end(w);
  dx_end(w);
  dx_end(w);
}

static void part_open(dctx *c, xmlBufferPtr *buf, const char *root)
{
  *buf = xmlBufferCreate();
  c->w = xmlNewTextWriterMemory(*buf, 0);
  xmlTextWriterStartDocument(c->w, "1.0", "UTF-8", "yes");
  dx_start(c->w, root);
  dx_attr(c->w, "xmlns:w", DX_W_NS);
  dx_attr(c->w, "xmlns:r", DX_R_NS);
  dx_attr(c->w, "xmlns:v", "urn:schemas-microsoft-com:vml");
  dx_attr(c->w, "xmlns:o", "urn:schemas-microsoft-com:office:office");
  dx_attr(c->w, "xmlns:w10", "urn:schemas-microsoft-com:office:word");
}

static void part_close(dctx *c, xmlBufferPtr buf, const char *name)
{
  dx_end(c->w);
  xmlTextWriterEndDocument(c->w);
  xmlFreeTextWriter(c->w);
  c->w = NULL;
  if (ooxml_zip_add(c->z, name, xmlBufferContent(buf), (size_t)xmlBufferLength(buf)) != 0) c->failed = 1;
  xmlBufferFree(buf);
}

/* A header or footer line of the template (n), centred as the PDF centres
 * a justified one; wm: the watermark goes into it too. */
static void furniture_para(dctx *c, const xmlNode *n, const dx_section *wm, int shape)
{
  parfmt p;
  runfmt r;
  if (n) {
    dx_block_format(c, n, DS_NORMAL, &p, &r);
  } else {
    memset(&p, 0, sizeof p);
    memset(&r, 0, sizeof r);
    p.before = p.after = -1;
  }
  if (!p.jc || strcmp(p.jc, "both") == 0) p.jc = "center";
  p.indent = 0;
  p.indent_chars = -1;
  if (p.pitch == 0) p.pitch = -1;
  p.keep_next = 0;
  dx_para_open(c, DS_NORMAL, &p, &r);
  if (wm) watermark_run(c, wm, shape);
  if (n) dx_inline_content(c, n, &r);
  dx_end(c->w);
}

void dx_section_parts(dctx *c)
{
  xmlTextWriterPtr body = c->w;
  int keep = c->keep;
  c->keep = c->page_break = 0;
  int per = c->evenodd ? 2 : 1;
  for (int i = 0; i < c->nsecs; i++) {
    const dx_section *s = &c->secs[i];
    for (int k = 1; k <= per; k++) {
      int n = 2 * i + k;
      char name[40];
      xmlBufferPtr buf;
      if (c->headers) {
        part_open(c, &buf, "w:hdr");
        /* a header needs a paragraph even when empty */
        furniture_para(c, s->header, s->watermark ? s : NULL, n);
        snprintf(name, sizeof name, "word/header%d.xml", n);
        part_close(c, buf, name);
      }
      part_open(c, &buf, "w:ftr");
      const char *pos = s->pg.pn_position;
      const char *align = strcmp(pos, "outer") == 0 ? (k == 1 ? "right" : "left")
                        : strcmp(pos, "left") == 0 || strcmp(pos, "right") == 0 ? pos : "center";
      if (strcmp(s->pg.page_number, "none") != 0) docx_write_page_number(c->w, &s->pg, align);
      if (s->footer || strcmp(s->pg.page_number, "none") == 0) furniture_para(c, s->footer, NULL, 0);
      snprintf(name, sizeof name, "word/footer%d.xml", n);
      part_close(c, buf, name);
    }
  }
  c->w = body;
  c->keep = keep;
}
