/* docx.c: the document tree as WordprocessingML (docx.h). */
#include "docx.h"
#include "docx_chart.h"
#include "docx_imp.h"
#include "docx_styles.h"
#include "layout_title.h"
#include "ooxml.h"
#include "util.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The value of attribute name on n, borrowed, or NULL. */
const char *dx_attr_of(const xmlNode *n, const char *name)
{
  for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
    if (strcmp((const char *)a->name, name) == 0 && a->children) return (const char *)a->children->content;
  return NULL;
}

/* The style attribute name as n inherits it, from n up to (not including)
 * <document>, whose values are the styles' defaults. */
const char *dx_inherited(const dctx *c, const xmlNode *n, const char *name)
{
  for (; n && n != c->root && n->type == XML_ELEMENT_NODE; n = n->parent) {
    const char *v = dx_attr_of(n, name);
    if (v) return v;
  }
  return NULL;
}

int dx_is(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* A length in pt: "37mm", "16pt", "2em" (of em), "1.5lines" (of pitch), a
 * bare number (pt); -1 for anything else ("2*", "auto"). */
double dx_len_pt(const char *s, double em, double pitch)
{
  if (!s) return -1;
  char *end;
  double v = strtod(s, &end);
  if (end == s) return -1;
  if (strcmp(end, "mm") == 0) return v * MM;
  if (strcmp(end, "cm") == 0) return v * 10 * MM;
  if (strcmp(end, "pt") == 0 || *end == '\0') return v;
  if (strcmp(end, "em") == 0) return v * em;
  if (strcmp(end, "lines") == 0 || strcmp(end, "line") == 0) return v * pitch;
  return -1;
}

static const char *color_hex(const char *s, char buf[8])
{
  if (!s) return NULL;
  if (strcmp(s, "red") == 0) return "FF0000";
  if (strcmp(s, "black") == 0) return "000000";
  if (s[0] == '#' && strlen(s) == 7) {
    for (int i = 0; i < 6; i++) buf[i] = (char)(s[i + 1] >= 'a' && s[i + 1] <= 'f' ? s[i + 1] - 32 : s[i + 1]);
    buf[6] = '\0';
    return buf;
  }
  return NULL;
}

const char *dx_jc_of(const char *align)
{
  if (!align) return NULL;
  if (strcmp(align, "justify") == 0) return "both";
  if (strcmp(align, "left") == 0 || strcmp(align, "center") == 0 || strcmp(align, "right") == 0) return align;
  return NULL;
}

/* ---- runs ---------------------------------------------------------------- */


static void run_props(dctx *c, const runfmt *f)
{
  if (!f->font && f->size <= 0 && !f->bold && !f->sup && !f->color) return;
  xmlTextWriterPtr w = c->w;
  dx_start(w, "w:rPr");
  if (f->font) dx_fonts(w, f->font);
  if (f->bold) {
    dx_start(w, "w:b");
    dx_end(w);
  }
  if (f->color) dx_val(w, "w:color", f->color);
  if (f->size > 0) {
    dx_vali(w, "w:sz", f->size * 2);
    dx_vali(w, "w:szCs", f->size * 2);
  }
  if (f->sup) dx_val(w, "w:vertAlign", "superscript");
  dx_end(w);
}

void dx_text_run(dctx *c, const runfmt *f, const char *s)
{
  dx_start(c->w, "w:r");
  run_props(c, f);
  dx_start(c->w, "w:t");
  dx_attr(c->w, "xml:space", "preserve");
  xmlTextWriterWriteString(c->w, (const xmlChar *)s);
  dx_end(c->w);
  dx_end(c->w);
}

static void field_run(dctx *c, const runfmt *f, const char *instr)
{
  static const char *const KINDS[] = { "begin", "separate", "end" };
  for (int k = 0; k < 3; k++) {
    dx_start(c->w, "w:r");
    run_props(c, f);
    dx_start(c->w, "w:fldChar");
    dx_attr(c->w, "w:fldCharType", KINDS[k]);
    dx_end(c->w);
    dx_end(c->w);
    if (k == 0) {
      dx_start(c->w, "w:r");
      run_props(c, f);
      dx_start(c->w, "w:instrText");
      dx_attr(c->w, "xml:space", "preserve");
      xmlTextWriterWriteString(c->w, (const xmlChar *)instr);
      dx_end(c->w);
      dx_end(c->w);
    } else if (k == 1) {
      dx_text_run(c, f, "1");
    }
  }
}

/* Inline content of n in runs; f is what the enclosing elements set. The
 * depth is bounded by the template's (64 elements). */
void dx_inline_content(dctx *c, const xmlNode *n, const runfmt *f)
{
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
      if (k->content && *k->content) dx_text_run(c, f, (const char *)k->content);
      continue;
    }
    if (k->type != XML_ELEMENT_NODE) continue;
    runfmt g = *f;
    if (dx_is(k, "br")) {
      dx_start(c->w, "w:r");
      dx_start(c->w, "w:br");
      dx_end(c->w);
      dx_end(c->w);
    } else if (dx_is(k, "page-number")) {
      field_run(c, f, " PAGE ");
    } else if (dx_is(k, "page-count")) {
      field_run(c, f, " NUMPAGES ");
    } else if (dx_is(k, "b")) {
      g.bold = 1;
      dx_inline_content(c, k, &g);
    } else if (dx_is(k, "span")) {
      const char *v;
      if ((v = dx_attr_of(k, "font"))) g.font = v;
      if ((v = dx_attr_of(k, "size"))) g.size = dx_len_pt(v, c->pg.size, c->pg.pitch);
      if ((v = dx_attr_of(k, "bold"))) g.bold = strcmp(v, "yes") == 0;
      if ((v = dx_attr_of(k, "color"))) g.color = color_hex(v, g.cbuf);
      if ((v = dx_attr_of(k, "sup"))) g.sup = strcmp(v, "yes") == 0;
      dx_inline_content(c, k, &g);
    } else {
      dx_inline_content(c, k, &g);
    }
  }
}

/* ---- paragraphs ---------------------------------------------------------- */


void dx_para_open(dctx *c, docx_style_id sid, const parfmt *p, const runfmt *mark)
{
  xmlTextWriterPtr w = c->w;
  dx_start(w, "w:p");
  dx_start(w, "w:pPr");
  if (sid != DS_NORMAL) dx_val(w, "w:pStyle", docx_style_get(sid)->id);
  if (p->keep_next || c->keep) {
    dx_start(w, "w:keepNext");
    dx_end(w);
  }
  if (c->page_break) {
    dx_start(w, "w:pageBreakBefore");
    dx_end(w);
    c->page_break = 0;
  }
  if (p->pitch != 0 || p->before >= 0 || p->after >= 0) {
    dx_start(w, "w:spacing");
    if (p->before >= 0) dx_attrf(w, "w:before", p->before * 20);
    if (p->after >= 0) dx_attrf(w, "w:after", p->after * 20);
    if (p->pitch > 0) {
      dx_attrf(w, "w:line", p->pitch * 20);
      dx_attr(w, "w:lineRule", "exact");
    } else if (p->pitch < 0) {   /* an exact pitch would clip the picture */
      dx_attr(w, "w:line", "240");
      dx_attr(w, "w:lineRule", "auto");
    }
    dx_end(w);
  }
  if (p->indent >= 0 || p->left > 0 || p->right > 0) {
    dx_start(w, "w:ind");
    if (p->left_chars > 0) dx_attrf(w, "w:leftChars", p->left_chars * 100);
    if (p->left > 0) dx_attrf(w, "w:left", p->left * 20);
    if (p->right_chars > 0) dx_attrf(w, "w:rightChars", p->right_chars * 100);
    if (p->right > 0) dx_attrf(w, "w:right", p->right * 20);
    if (p->indent >= 0) {
      /* characters win over twips in Word: both, so that the style's are replaced */
      dx_attrf(w, "w:firstLineChars", p->indent_chars > 0 ? p->indent_chars * 100 : 0);
      dx_attrf(w, "w:firstLine", p->indent * 20);
    }
    dx_end(w);
  }
  if (p->jc) dx_val(w, "w:jc", p->jc);
  if (mark) run_props(c, mark);
  dx_end(w);
}

static docx_style_id style_of(dctx *c, const xmlNode *n)
{
  const char *named = dx_attr_of(n, "style");
  if (named) {
    int s = docx_style_by_name(named);
    if (s >= 0) return (docx_style_id)s;
    diag_add(c->d, DIAG_WARNING, NULL, "DOCX: no style named %s (written as 正文)", named);
    return DS_NORMAL;
  }
  if (dx_is(n, "title")) {
    const char *col = dx_inherited(c, n, "color");
    return col && strcmp(col, "red") == 0 ? DS_BANNER : DS_TITLE;
  }
  if (dx_is(n, "heading")) {
    const char *l = dx_attr_of(n, "level");
    int lv = l ? atoi(l) : 1;
    return lv <= 1 ? DS_H1 : lv == 2 ? DS_H2 : lv == 3 ? DS_H3 : DS_H4;
  }
  if (dx_is(n, "p") && n->children && n->children->type == XML_TEXT_NODE && n->children->content &&
      strncmp((const char *)n->children->content, "附件：", strlen("附件：")) == 0)
    return DS_ATTACHMENT;
  return DS_NORMAL;
}

/* The paragraph and run formatting block n sets beyond style sid. */
void dx_block_format(dctx *c, const xmlNode *n, docx_style_id sid, parfmt *p, runfmt *r)
{
  const docx_style *s = docx_style_get(sid);
  memset(p, 0, sizeof *p);
  memset(r, 0, sizeof *r);
  p->indent = p->indent_chars = p->before = p->after = -1;
  double ssize = s->size > 0 ? s->size : c->pg.size;
  const char *sfont = s->font ? s->font : c->pg.font;
  int display = sid == DS_BANNER || sid == DS_TITLE;   /* 小标宋: the weight is the style's */
  const char *v;
  double size = ssize;
  if ((v = dx_inherited(c, n, "size")) && dx_len_pt(v, ssize, c->pg.pitch) > 0) {
    size = dx_len_pt(v, ssize, c->pg.pitch);
    if (fabs(size - ssize) > 0.01) r->size = size;
  }
  if (display) {
    /* a title's font is its own, else layout.c's default (宋体 on a grid
     * page, else 黑体), never its parent's */
    v = dx_attr_of(n, "font");
    if (!v) v = c->pg.grid_lines > 0 ? "song" : "hei";
    if (strcmp(v, sfont) != 0) r->font = v;
  } else if ((v = dx_inherited(c, n, "font")) && strcmp(v, sfont) != 0) {
    r->font = v;
  }
  if (!display && (v = dx_inherited(c, n, "bold")) && strcmp(v, "yes") == 0 && !s->bold) r->bold = 1;
  if ((v = dx_inherited(c, n, "color"))) {
    const char *hex = color_hex(v, r->cbuf);
    const char *shex = s->color ? s->color : "000000";
    if (hex && strcmp(hex, shex) != 0) r->color = hex;
  }
  const char *sjc = s->align ? s->align : "both";
  if ((v = dx_jc_of(dx_inherited(c, n, "align"))) && strcmp(v, sjc) != 0) p->jc = v;
  if ((v = dx_inherited(c, n, "indent"))) {
    double in = dx_len_pt(v, size, c->pg.pitch);
    double sin = (s->indent_chars >= 0 ? s->indent_chars : 2) * size;
    if (in >= 0 && fabs(in - sin) > 0.01) {
      p->indent = in;
      size_t l = strlen(v);
      if (l > 2 && strcmp(v + l - 2, "em") == 0) p->indent_chars = strtod(v, NULL);
    }
  }
  if ((v = dx_inherited(c, n, "line-pitch")) && dx_len_pt(v, size, c->pg.pitch) > 0) {
    double lp = dx_len_pt(v, size, c->pg.pitch);
    if (fabs(lp - c->pg.pitch) > 0.01 || sid != DS_NORMAL) p->pitch = lp;
  } else if (r->size > 0 && size * 1.2 > c->pg.pitch) {
    p->pitch = size * 1.45;   /* a bigger size than the pitch holds */
  }
  if ((v = dx_attr_of(n, "space-before"))) p->before = dx_len_pt(v, size, c->pg.pitch);
  if ((v = dx_attr_of(n, "space-after"))) p->after = dx_len_pt(v, size, c->pg.pitch);
  if ((v = dx_attr_of(n, "keep-with-next")) && strcmp(v, "yes") == 0) p->keep_next = 1;
}

/* A centred title of plain text too long for one line, broken where the
 * PDF breaks it (layout_title.h: words whole, long over short), with line
 * breaks, so that Word and WPS show the same lines; its characters' advances
 * estimated (a CJK character one em, others half). Returns 0 when the title
 * is not such a one (the caller writes it as it is). */
static int title_broken(dctx *c, const xmlNode *n, const runfmt *r, double size)
{
  if (!n->children || n->children->next || n->children->type != XML_TEXT_NODE || !n->children->content) return 0;
  const char *s = (const char *)n->children->content;
  unsigned cp[TITLE_MAX_CHARS];
  double adv[TITLE_MAX_CHARS];
  size_t off[TITLE_MAX_CHARS + 1], len = strlen(s), m = 0;
  for (size_t i = 0; i < len;) {
    if (m == TITLE_MAX_CHARS) return 0;
    size_t k = utf8_decode(s + i, len - i, &cp[m]);
    if (!k || cp[m] == ' ' || cp[m] == '\n') return 0;
    adv[m] = cp[m] < 0x80 ? size / 2 : size;
    off[m++] = i;
    i += k;
  }
  off[m] = len;
  size_t starts[TITLE_MAX_LINES];
  size_t lines = title_break(cp, adv, NULL, m, 0, c->text_w, starts);
  if (lines < 2) return 0;
  for (size_t k = 0; k < lines; k++) {
    if (k > 0) {
      dx_start(c->w, "w:r");
      dx_start(c->w, "w:br");
      dx_end(c->w);
      dx_end(c->w);
    }
    size_t a = off[starts[k]], b = off[k + 1 < lines ? starts[k + 1] : m];
    char *line = xstrndup(s + a, b - a);
    dx_text_run(c, r, line);
    free(line);
  }
  return 1;
}

static void paragraph(dctx *c, const xmlNode *n, docx_style_id sid)
{
  parfmt p;
  runfmt r;
  dx_block_format(c, n, sid, &p, &r);
  if (dx_is(n, "heading")) p.keep_next = 1;
  dx_para_open(c, sid, &p, &r);
  if (dx_is(n, "heading") && dx_attr_of(n, "number")) dx_text_run(c, &r, dx_attr_of(n, "number"));
  const docx_style *st = docx_style_get(sid);
  const char *jc = p.jc ? p.jc : st->align ? st->align : "both";
  double size = r.size > 0 ? r.size : st->size > 0 ? st->size : c->pg.size;
  if (!(dx_is(n, "title") && strcmp(jc, "center") == 0 && title_broken(c, n, &r, size)))
    dx_inline_content(c, n, &r);
  dx_end(c->w);
}

/* A paragraph's spacing of one exact point, nothing before or after: the
 * carrier of a rule's border or of a section break. */
void dx_hairline_spacing(xmlTextWriterPtr w)
{
  dx_start(w, "w:spacing");
  dx_attr(w, "w:before", "0");
  dx_attr(w, "w:after", "0");
  dx_attr(w, "w:line", "20");
  dx_attr(w, "w:lineRule", "exact");
  dx_end(w);
}

/* An empty paragraph of exactly height pt. */
void dx_spacer(dctx *c, double height)
{
  parfmt p = { .indent = 0, .indent_chars = -1, .pitch = fmax(height, 0.5), .before = 0, .after = 0 };
  runfmt r = { .size = 1 };
  dx_para_open(c, DS_NORMAL, &p, &r);
  dx_end(c->w);
}

static void rule(dctx *c, const xmlNode *n)
{
  char cb[8];
  const char *col = color_hex(dx_attr_of(n, "color"), cb);
  double th = dx_len_pt(dx_attr_of(n, "thickness"), c->pg.size, c->pg.pitch);
  double width = dx_len_pt(dx_attr_of(n, "width"), c->pg.size, c->pg.pitch);
  if (th <= 0) th = 0.5;
  if (width <= 0 || width > c->text_w) width = c->text_w;
  parfmt p = { .indent = 0, .indent_chars = -1, .pitch = 1, .before = 0, .after = 0 };
  const char *al = dx_attr_of(n, "align");
  double spare = c->text_w - width;
  if (al && strcmp(al, "left") == 0) p.right = spare;
  else if (al && strcmp(al, "right") == 0) p.left = spare;
  else p.left = p.right = spare / 2;
  runfmt r = { .size = 1 };
  xmlTextWriterPtr w = c->w;
  dx_para_open(c, DS_NORMAL, &p, &r);
  /* the border goes into the paragraph properties just written: reopen is not
   * possible with a stream writer, so the rule is a second, bordered mark */
  dx_end(w);
  dx_start(w, "w:p");
  dx_start(w, "w:pPr");
  dx_start(w, "w:pBdr");
  dx_start(w, "w:top");
  dx_attr(w, "w:val", "single");
  dx_attrf(w, "w:sz", fmin(fmax(th * 8, 2), 96));
  dx_attr(w, "w:space", "0");
  dx_attr(w, "w:color", col ? col : "000000");
  dx_end(w);
  dx_end(w);
  dx_hairline_spacing(w);
  dx_start(w, "w:ind");
  dx_attrf(w, "w:left", p.left * 20);
  dx_attrf(w, "w:right", p.right * 20);
  dx_attr(w, "w:firstLineChars", "0");
  dx_attr(w, "w:firstLine", "0");
  dx_end(w);
  dx_start(w, "w:rPr");
  dx_vali(w, "w:sz", 2);
  dx_end(w);
  dx_end(w);
  dx_end(w);
}

static void image(dctx *c, const xmlNode *n);

/* 署名 and 成文日期; a seal (<image> in the signature) follows them as a
 * picture of its own, where the PDF draws it over the lines. */
static void signature(dctx *c, const xmlNode *n)
{
  int i = 0;
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (!dx_is(k, "line")) continue;
    docx_style_id sid = dx_attr_of(k, "style") ? style_of(c, k) : i == 0 ? DS_SIGNER : DS_SIGNDATE;
    parfmt p;
    runfmt r;
    dx_block_format(c, k, sid, &p, &r);
    p.keep_next = k->next != NULL;
    const char *in = dx_attr_of(k, "indent");
    double size = r.size > 0 ? r.size : c->pg.size;
    double ind = dx_len_pt(in, size, c->pg.pitch);
    double chars = in && strstr(in, "em") ? strtod(in, NULL) : -1;
    p.indent = -1;
    if (ind > 0) {
      const char *al = dx_attr_of(k, "align");
      if (al && strcmp(al, "right") == 0) {
        p.right = ind;
        p.right_chars = chars;
      } else {
        p.left = ind;
        p.left_chars = chars;
      }
    }
    dx_para_open(c, sid, &p, &r);
    dx_inline_content(c, k, &r);
    dx_end(c->w);
    i++;
  }
  for (const xmlNode *k = n->children; k; k = k->next)
    if (dx_is(k, "image")) image(c, k);
}

/* ---- pictures and charts ------------------------------------------------- */

/* Keeps a part (data taken over) for the package's end. */
static void add_media(dctx *c, char *name, char *data, size_t len)
{
  c->media = xrealloc(c->media, (size_t)(c->nmedia + 1) * sizeof *c->media);
  c->media[c->nmedia].name = name;
  c->media[c->nmedia].data = data;
  c->media[c->nmedia++].len = len;
}

static void add_rel(dctx *c, const char *type, const char *target, char rid[16])
{
  snprintf(rid, 16, "rIdX%d", ++c->nrel);
  sb_addf(&c->rels, "<Relationship Id=\"%s\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s\" Target=\"%s\"/>",
          rid, type, target);
}

/* An inline drawing of cx × cy EMU: a picture (rid of its media) or a chart. */
static void drawing(dctx *c, const char *rid, double cx, double cy, int chart, const char *name)
{
  xmlTextWriterPtr w = c->w;
  int id = c->nimg + c->nchart;
  dx_start(w, "w:r");
  dx_start(w, "w:drawing");
  dx_start(w, "wp:inline");
  dx_attr(w, "xmlns:wp", "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing");
  dx_start(w, "wp:extent");
  dx_attrf(w, "cx", cx);
  dx_attrf(w, "cy", cy);
  dx_end(w);
  dx_start(w, "wp:docPr");
  dx_attrf(w, "id", id);
  dx_attr(w, "name", name);
  dx_end(w);
  dx_start(w, "a:graphic");
  dx_attr(w, "xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main");
  dx_start(w, "a:graphicData");
  if (chart) {
    dx_attr(w, "uri", "http://schemas.openxmlformats.org/drawingml/2006/chart");
    dx_start(w, "c:chart");
    dx_attr(w, "xmlns:c", "http://schemas.openxmlformats.org/drawingml/2006/chart");
    dx_attr(w, "r:id", rid);
    dx_end(w);
  } else {
    dx_attr(w, "uri", "http://schemas.openxmlformats.org/drawingml/2006/picture");
    dx_start(w, "pic:pic");
    dx_attr(w, "xmlns:pic", "http://schemas.openxmlformats.org/drawingml/2006/picture");
    dx_start(w, "pic:nvPicPr");
    dx_start(w, "pic:cNvPr");
    dx_attrf(w, "id", id);
    dx_attr(w, "name", name);
    dx_end(w);
    dx_start(w, "pic:cNvPicPr");
    dx_end(w);
    dx_end(w);
    dx_start(w, "pic:blipFill");
    dx_start(w, "a:blip");
    dx_attr(w, "r:embed", rid);
    dx_end(w);
    dx_start(w, "a:stretch");
    dx_start(w, "a:fillRect");
    dx_end(w);
    dx_end(w);
    dx_end(w);
    dx_start(w, "pic:spPr");
    dx_start(w, "a:xfrm");
    dx_start(w, "a:off");
    dx_attr(w, "x", "0");
    dx_attr(w, "y", "0");
    dx_end(w);
    dx_start(w, "a:ext");
    dx_attrf(w, "cx", cx);
    dx_attrf(w, "cy", cy);
    dx_end(w);
    dx_end(w);
    dx_start(w, "a:prstGeom");
    dx_attr(w, "prst", "rect");
    dx_end(w);
    dx_end(w);
    dx_end(w);
  }
  dx_end(w);
  dx_end(w);
  dx_end(w);
  dx_end(w);
  dx_end(w);
}

static void picture_para(dctx *c, const xmlNode *n)
{
  parfmt p = { .indent = 0, .indent_chars = -1, .before = -1, .after = -1, .jc = "center", .pitch = -1 };
  const char *al = dx_jc_of(dx_attr_of(n, "align"));
  if (al) p.jc = al;
  p.keep_next = c->keep;
  dx_para_open(c, DS_NORMAL, &p, NULL);
}

static void image(dctx *c, const xmlNode *n)
{
  const char *src = dx_attr_of(n, "src");
  size_t len = 0;
  char *data = src ? read_file(src, 16u << 20, &len) : NULL;
  /* as layout reads it: a relative name from the folder of the tree's file */
  const char *url = n->doc ? (const char *)n->doc->URL : NULL;
  const char *slash = url ? strrchr(url, '/') : NULL;
  if (!data && src && src[0] != '/' && slash) {
    char *p = xasprintf("%.*s/%s", (int)(slash - url), url, src);
    data = read_file(p, 16u << 20, &len);
    free(p);
  }
  if (!data || len < 24 || memcmp(data, "\x89PNG", 4) != 0) {
    diag_add(c->d, DIAG_ERROR, NULL, "DOCX: cannot read image %s", src ? src : "(no src)");
    free(data);
    c->failed = 1;
    return;
  }
  const unsigned char *u = (const unsigned char *)data;
  double pw = be32(u + 16), ph = be32(u + 20);
  double wpt = dx_len_pt(dx_attr_of(n, "width"), c->pg.size, c->pg.pitch);
  double hpt = dx_len_pt(dx_attr_of(n, "height"), c->pg.size, c->pg.pitch);
  if (wpt <= 0 && hpt <= 0) wpt = pw * 0.75, hpt = ph * 0.75;
  else if (wpt <= 0) wpt = hpt * pw / ph;
  else if (hpt <= 0) hpt = wpt * ph / pw;
  char name[48], rid[16];
  snprintf(name, sizeof name, "media/image%d.png", ++c->nimg);
  add_media(c, xasprintf("word/%s", name), data, len);
  add_rel(c, "image", name, rid);
  picture_para(c, n);
  drawing(c, rid, wpt * 12700, hpt * 12700, 0, name);
  dx_end(c->w);
}

static void chart(dctx *c, const xmlNode *n)
{
  xmlBufferPtr buf = xmlBufferCreate();
  xmlTextWriterPtr cw = xmlNewTextWriterMemory(buf, 0);
  docx_chart_write(cw, n);
  xmlFreeTextWriter(cw);
  char name[48], rid[16];
  snprintf(name, sizeof name, "charts/chart%d.xml", ++c->nchart);
  add_media(c, xasprintf("word/%s", name), xstrndup((const char *)xmlBufferContent(buf), (size_t)xmlBufferLength(buf)),
            (size_t)xmlBufferLength(buf));
  xmlBufferFree(buf);
  add_rel(c, "chart", name, rid);
  double wpt = dx_len_pt(dx_attr_of(n, "width"), c->pg.size, c->pg.pitch);
  double hpt = dx_len_pt(dx_attr_of(n, "height"), c->pg.size, c->pg.pitch);
  if (wpt <= 0 || wpt > c->text_w) wpt = c->text_w;
  if (hpt <= 0) hpt = wpt * 0.5;
  picture_para(c, n);
  drawing(c, rid, wpt * 12700, hpt * 12700, 1, name);
  dx_end(c->w);
}

/* ---- blocks -------------------------------------------------------------- */

static void blocks(dctx *c, const xmlNode *parent);

static void block(dctx *c, const xmlNode *n)
{
  if (dx_is(n, "title") || dx_is(n, "heading") || dx_is(n, "p")) paragraph(c, n, style_of(c, n));
  else if (dx_is(n, "list")) {
    const char *marker = dx_attr_of(n, "marker");
    for (const xmlNode *k = n->children; k; k = k->next) {
      if (!dx_is(k, "item")) continue;
      parfmt p;
      runfmt r;
      dx_block_format(c, n, DS_NORMAL, &p, &r);
      dx_para_open(c, dx_attr_of(n, "style") ? style_of(c, n) : DS_NORMAL, &p, &r);
      if (marker && *marker) dx_text_run(c, &r, marker);
      dx_inline_content(c, k, &r);
      dx_end(c->w);
    }
  } else if (dx_is(n, "table")) docx_table(c, n);
  else if (dx_is(n, "chart")) chart(c, n);
  else if (dx_is(n, "image")) image(c, n);
  else if (dx_is(n, "page-break")) c->page_break = 1;
  else if (dx_is(n, "spacer")) dx_spacer(c, dx_len_pt(dx_attr_of(n, "height"), c->pg.size, c->pg.pitch));
  else if (dx_is(n, "rule")) rule(c, n);
  else if (dx_is(n, "signature")) signature(c, n);
  else if (dx_is(n, "colophon")) docx_colophon(c, n);
  else if (dx_is(n, "keep")) {
    int was = c->keep;
    c->keep = 1;
    blocks(c, n);
    c->keep = was;
  } else if (dx_is(n, "box") || dx_is(n, "section")) blocks(c, n);
}

static void blocks(dctx *c, const xmlNode *parent)
{
  for (const xmlNode *k = parent->children; k; k = k->next)
    if (k->type == XML_ELEMENT_NODE && !dx_is(k, "header") && !dx_is(k, "footer")) block(c, k);
}

/* The document's blocks, section by section (docx_section.c): every
 * <section>, and every run of blocks standing directly in <document>. */
static void write_body(dctx *c)
{
  int open = 0;
  for (const xmlNode *k = c->root->children; k;) {
    if (k->type != XML_ELEMENT_NODE || dx_is(k, "header") || dx_is(k, "footer")) {
      k = k->next;
      continue;
    }
    if (open) dx_section_break(c);
    open = 1;
    if (dx_is(k, "section")) {
      dx_section_begin(c, k);
      blocks(c, k);
      k = k->next;
      continue;
    }
    dx_section_begin(c, c->root);
    for (; k && !dx_is(k, "section"); k = k->next)
      if (k->type == XML_ELEMENT_NODE && !dx_is(k, "header") && !dx_is(k, "footer")) block(c, k);
  }
  if (!open) dx_section_begin(c, c->root);
  dx_section_props(c, c->nsecs - 1);
}

/* ---- the package --------------------------------------------------------- */

/* A writer into a new in-memory part; part_add adds it under name. */
static xmlTextWriterPtr part_begin(xmlBufferPtr *buf)
{
  *buf = xmlBufferCreate();
  return xmlNewTextWriterMemory(*buf, 0);
}

static void part_add(dctx *c, const char *name, xmlTextWriterPtr w, xmlBufferPtr buf)
{
  xmlFreeTextWriter(w);
  if (ooxml_zip_add(c->z, name, xmlBufferContent(buf), (size_t)xmlBufferLength(buf)) != 0) c->failed = 1;
  xmlBufferFree(buf);
}

static void add_text(dctx *c, const char *name, const char *s)
{
  if (ooxml_zip_add(c->z, name, s, strlen(s)) != 0) c->failed = 1;
}

static const char CONTENT_TYPES[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
  "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
  "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
  "<Default Extension=\"png\" ContentType=\"image/png\"/>"
  "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
  "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
  "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
  "<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>"
  "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
  "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>";

static const char ROOT_RELS[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
  "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
  "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
  "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>"
  "</Relationships>";

int docx_write(const xmlDoc *tree, const char *path, long *bytes, char sha256[65], diag_list *d)
{
  const xmlNode *root = xmlDocGetRootElement(tree);
  if (!root) return -1;
  dctx c = { .root = root, .d = d, .z = ooxml_zip_new() };
  dx_page_init(&c);

  /* the body first: [Content_Types].xml, the package's first part, lists the
   * charts it makes */
  xmlBufferPtr body;
  c.w = part_begin(&body);
  xmlTextWriterStartDocument(c.w, "1.0", "UTF-8", "yes");
  dx_start(c.w, "w:document");
  dx_attr(c.w, "xmlns:w", DX_W_NS);
  dx_attr(c.w, "xmlns:r", DX_R_NS);
  dx_start(c.w, "w:body");
  write_body(&c);
  dx_end(c.w);
  dx_end(c.w);
  xmlTextWriterEndDocument(c.w);
  xmlFreeTextWriter(c.w);

  strbuf ct = {0};
  sb_add(&ct, CONTENT_TYPES);
  for (int i = 1; i <= c.nchart; i++)
    sb_addf(&ct, "<Override PartName=\"/word/charts/chart%d.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>", i);
  dx_section_types(&c, &ct);
  sb_add(&ct, "</Types>");
  add_text(&c, "[Content_Types].xml", sb_str(&ct));
  sb_free(&ct);
  add_text(&c, "_rels/.rels", ROOT_RELS);
  if (ooxml_zip_add(c.z, "word/document.xml", xmlBufferContent(body), (size_t)xmlBufferLength(body)) != 0)
    c.failed = 1;
  xmlBufferFree(body);
  strbuf rels = {0};
  sb_add(&rels, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
                "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
                "<Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>"
                );
  dx_section_rels(&c, &rels);
  sb_add(&rels, sb_str(&c.rels));
  sb_add(&rels, "</Relationships>");
  add_text(&c, "word/_rels/document.xml.rels", sb_str(&rels));
  sb_free(&rels);
  sb_free(&c.rels);

  xmlBufferPtr b;
  xmlTextWriterPtr w;
  w = part_begin(&b);
  docx_write_styles(w, &c.pg);
  part_add(&c, "word/styles.xml", w, b);
  w = part_begin(&b);
  docx_write_settings(w, &c.pg, c.evenodd);
  part_add(&c, "word/settings.xml", w, b);
  w = part_begin(&b);
  docx_write_fonts(w);
  part_add(&c, "word/fontTable.xml", w, b);
  dx_section_parts(&c);
  free(c.secs);
  w = part_begin(&b);
  docx_write_core(w, dx_attr_of(root, "title"), dx_attr_of(root, "author"), dx_attr_of(root, "subject"),
                  dx_attr_of(root, "keywords"), dx_attr_of(root, "created"));
  part_add(&c, "docProps/core.xml", w, b);
  w = part_begin(&b);
  docx_write_app(w);
  part_add(&c, "docProps/app.xml", w, b);

  for (int i = 0; i < c.nmedia; i++) {
    if (ooxml_zip_add(c.z, c.media[i].name, c.media[i].data, c.media[i].len) != 0) c.failed = 1;
    free(c.media[i].name);
    free(c.media[i].data);
  }
  free(c.media);

  size_t len = 0;
  char *zip = ooxml_zip_finish(c.z, &len);
  if (!zip || c.failed) {
    if (!zip) diag_add(d, DIAG_ERROR, NULL, "DOCX: cannot build the package for %s", path);
    free(zip);
    return -1;
  }
  int rc = ooxml_commit(path, zip, len, bytes, sha256, d);
  free(zip);
  return rc;
}
