/* docx.c: the document tree as WordprocessingML (docx.h). */
#include "docx.h"
#include "docx_chart.h"
#include "docx_styles.h"
#include "ooxml.h"
#include "util.h"

#include <libxml/xmlwriter.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MM 2.834645669   /* pt per mm */

typedef struct dctx {
  xmlTextWriterPtr w;
  docx_page pg;
  double text_w, text_h;     /* the text block, pt */
  const xmlNode *root;
  int page_break;            /* the next block starts a new page */
  int keep;                  /* inside <keep>: paragraphs keep with the next */
  strbuf rels;               /* relationships of the pictures and charts */
  int nrel;
  ooxml_zip *z;
  struct { char *name, *data; size_t len; } *media;   /* pictures and charts, added last */
  int nmedia;
  int nimg, nchart;
  diag_list *d;
  int failed;
} dctx;

/* The value of attribute name on n, borrowed, or NULL. */
static const char *attr_of(const xmlNode *n, const char *name)
{
  for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
    if (strcmp((const char *)a->name, name) == 0 && a->children) return (const char *)a->children->content;
  return NULL;
}

/* The style attribute name as n inherits it, from n up to (not including)
 * <document>, whose values are the styles' defaults. */
static const char *inherited(const dctx *c, const xmlNode *n, const char *name)
{
  for (; n && n != c->root && n->type == XML_ELEMENT_NODE; n = n->parent) {
    const char *v = attr_of(n, name);
    if (v) return v;
  }
  return NULL;
}

static int is(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* A length in pt: "37mm", "16pt", "2em" (of em), "1.5lines" (of pitch), a
 * bare number (pt); -1 for anything else ("2*", "auto"). */
static double len_pt(const char *s, double em, double pitch)
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

static const char *jc_of(const char *align)
{
  if (!align) return NULL;
  if (strcmp(align, "justify") == 0) return "both";
  if (strcmp(align, "left") == 0 || strcmp(align, "center") == 0 || strcmp(align, "right") == 0) return align;
  return NULL;
}

/* ---- runs ---------------------------------------------------------------- */

typedef struct runfmt {
  const char *font;     /* role, NULL: the style's */
  double size;          /* pt, 0: the style's */
  int bold, sup;
  const char *color;    /* RRGGBB, NULL: the style's */
  char cbuf[8];
} runfmt;

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

static void text_run(dctx *c, const runfmt *f, const char *s)
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
      text_run(c, f, "1");
    }
  }
}

/* Inline content of n in runs; f is what the enclosing elements set. The
 * depth is bounded by the template's (64 elements). */
static void inline_content(dctx *c, const xmlNode *n, const runfmt *f)
{
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
      if (k->content && *k->content) text_run(c, f, (const char *)k->content);
      continue;
    }
    if (k->type != XML_ELEMENT_NODE) continue;
    runfmt g = *f;
    if (is(k, "br")) {
      dx_start(c->w, "w:r");
      dx_start(c->w, "w:br");
      dx_end(c->w);
      dx_end(c->w);
    } else if (is(k, "page-number")) {
      field_run(c, f, " PAGE ");
    } else if (is(k, "page-count")) {
      field_run(c, f, " NUMPAGES ");
    } else if (is(k, "b")) {
      g.bold = 1;
      inline_content(c, k, &g);
    } else if (is(k, "span")) {
      const char *v;
      if ((v = attr_of(k, "font"))) g.font = v;
      if ((v = attr_of(k, "size"))) g.size = len_pt(v, c->pg.size, c->pg.pitch);
      if ((v = attr_of(k, "bold"))) g.bold = strcmp(v, "yes") == 0;
      if ((v = attr_of(k, "color"))) g.color = color_hex(v, g.cbuf);
      if ((v = attr_of(k, "sup"))) g.sup = strcmp(v, "yes") == 0;
      inline_content(c, k, &g);
    } else {
      inline_content(c, k, &g);
    }
  }
}

/* ---- paragraphs ---------------------------------------------------------- */

/* What a paragraph sets beyond its style. */
typedef struct parfmt {
  const char *jc;           /* NULL: the style's */
  double indent;            /* first-line indent pt, < 0: the style's */
  double indent_chars;      /* the same in characters when given in em, else -1 */
  double left, right;       /* whole-paragraph indents, pt (0: none) */
  double left_chars, right_chars;
  double pitch;             /* exact line pitch pt, 0: the style's, < 0: single (a picture's line) */
  double before, after;     /* pt, < 0: the style's */
  int keep_next;
} parfmt;

static void para_open(dctx *c, docx_style_id sid, const parfmt *p, const runfmt *mark)
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
  const char *named = attr_of(n, "style");
  if (named) {
    int s = docx_style_by_name(named);
    if (s >= 0) return (docx_style_id)s;
    diag_add(c->d, DIAG_WARNING, NULL, "DOCX: no style named %s (written as 正文)", named);
    return DS_NORMAL;
  }
  if (is(n, "title")) {
    const char *col = inherited(c, n, "color");
    return col && strcmp(col, "red") == 0 ? DS_BANNER : DS_TITLE;
  }
  if (is(n, "heading")) {
    const char *l = attr_of(n, "level");
    int lv = l ? atoi(l) : 1;
    return lv <= 1 ? DS_H1 : lv == 2 ? DS_H2 : lv == 3 ? DS_H3 : DS_H4;
  }
  if (is(n, "p") && n->children && n->children->type == XML_TEXT_NODE && n->children->content &&
      strncmp((const char *)n->children->content, "附件：", strlen("附件：")) == 0)
    return DS_ATTACHMENT;
  return DS_NORMAL;
}

/* The paragraph and run formatting block n sets beyond style sid. */
static void block_format(dctx *c, const xmlNode *n, docx_style_id sid, parfmt *p, runfmt *r)
{
  const docx_style *s = docx_style_get(sid);
  memset(p, 0, sizeof *p);
  memset(r, 0, sizeof *r);
  p->indent = p->indent_chars = p->before = p->after = -1;
  double ssize = s->size > 0 ? s->size : c->pg.size;
  const char *sfont = s->font ? s->font : c->pg.font;
  int display = sid == DS_BANNER || sid == DS_TITLE;   /* 小标宋: font and weight are the style's */
  const char *v;
  double size = ssize;
  if ((v = inherited(c, n, "size")) && len_pt(v, ssize, c->pg.pitch) > 0) {
    size = len_pt(v, ssize, c->pg.pitch);
    if (fabs(size - ssize) > 0.01) r->size = size;
  }
  if (!display && (v = inherited(c, n, "font")) && strcmp(v, sfont) != 0) r->font = v;
  if (!display && (v = inherited(c, n, "bold")) && strcmp(v, "yes") == 0 && !s->bold) r->bold = 1;
  if ((v = inherited(c, n, "color"))) {
    const char *hex = color_hex(v, r->cbuf);
    const char *shex = s->color ? s->color : "000000";
    if (hex && strcmp(hex, shex) != 0) r->color = hex;
  }
  const char *sjc = s->align ? s->align : "both";
  if ((v = jc_of(inherited(c, n, "align"))) && strcmp(v, sjc) != 0) p->jc = v;
  if ((v = inherited(c, n, "indent"))) {
    double in = len_pt(v, size, c->pg.pitch);
    double sin = (s->indent_chars >= 0 ? s->indent_chars : 2) * size;
    if (in >= 0 && fabs(in - sin) > 0.01) {
      p->indent = in;
      size_t l = strlen(v);
      if (l > 2 && strcmp(v + l - 2, "em") == 0) p->indent_chars = strtod(v, NULL);
    }
  }
  if ((v = inherited(c, n, "line-pitch")) && len_pt(v, size, c->pg.pitch) > 0) {
    double lp = len_pt(v, size, c->pg.pitch);
    if (fabs(lp - c->pg.pitch) > 0.01 || sid != DS_NORMAL) p->pitch = lp;
  } else if (r->size > 0 && size * 1.2 > c->pg.pitch) {
    p->pitch = size * 1.45;   /* a bigger size than the pitch holds */
  }
  if ((v = attr_of(n, "space-before"))) p->before = len_pt(v, size, c->pg.pitch);
  if ((v = attr_of(n, "space-after"))) p->after = len_pt(v, size, c->pg.pitch);
  if ((v = attr_of(n, "keep-with-next")) && strcmp(v, "yes") == 0) p->keep_next = 1;
}

static void paragraph(dctx *c, const xmlNode *n, docx_style_id sid)
{
  parfmt p;
  runfmt r;
  block_format(c, n, sid, &p, &r);
  if (is(n, "heading")) p.keep_next = 1;
  para_open(c, sid, &p, &r);
  if (is(n, "heading") && attr_of(n, "number")) text_run(c, &r, attr_of(n, "number"));
  inline_content(c, n, &r);
  dx_end(c->w);
}

/* An empty paragraph of exactly height pt. */
static void spacer(dctx *c, double height)
{
  parfmt p = { .indent = 0, .indent_chars = -1, .pitch = fmax(height, 0.5), .before = 0, .after = 0 };
  runfmt r = { .size = 1 };
  para_open(c, DS_NORMAL, &p, &r);
  dx_end(c->w);
}

static void rule(dctx *c, const xmlNode *n)
{
  char cb[8];
  const char *col = color_hex(attr_of(n, "color"), cb);
  double th = len_pt(attr_of(n, "thickness"), c->pg.size, c->pg.pitch);
  double width = len_pt(attr_of(n, "width"), c->pg.size, c->pg.pitch);
  if (th <= 0) th = 0.5;
  if (width <= 0 || width > c->text_w) width = c->text_w;
  parfmt p = { .indent = 0, .indent_chars = -1, .pitch = 1, .before = 0, .after = 0 };
  const char *al = attr_of(n, "align");
  double spare = c->text_w - width;
  if (al && strcmp(al, "left") == 0) p.right = spare;
  else if (al && strcmp(al, "right") == 0) p.left = spare;
  else p.left = p.right = spare / 2;
  runfmt r = { .size = 1 };
  xmlTextWriterPtr w = c->w;
  para_open(c, DS_NORMAL, &p, &r);
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
  dx_start(w, "w:spacing");
  dx_attr(w, "w:before", "0");
  dx_attr(w, "w:after", "0");
  dx_attr(w, "w:line", "20");
  dx_attr(w, "w:lineRule", "exact");
  dx_end(w);
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

static void signature(dctx *c, const xmlNode *n)
{
  int i = 0;
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (!is(k, "line")) continue;
    docx_style_id sid = attr_of(k, "style") ? style_of(c, k) : i == 0 ? DS_SIGNER : DS_SIGNDATE;
    parfmt p;
    runfmt r;
    block_format(c, k, sid, &p, &r);
    p.keep_next = k->next != NULL;
    const char *in = attr_of(k, "indent");
    double size = r.size > 0 ? r.size : c->pg.size;
    double ind = len_pt(in, size, c->pg.pitch);
    double chars = in && strstr(in, "em") ? strtod(in, NULL) : -1;
    p.indent = -1;
    if (ind > 0) {
      const char *al = attr_of(k, "align");
      if (al && strcmp(al, "right") == 0) {
        p.right = ind;
        p.right_chars = chars;
      } else {
        p.left = ind;
        p.left_chars = chars;
      }
    }
    para_open(c, sid, &p, &r);
    inline_content(c, k, &r);
    dx_end(c->w);
    i++;
  }
}

/* The 版记: a table of one column at the foot of the text block (a floating
 * table anchored to the bottom margin), ruled above, between and below as
 * GB/T 9704 has it (the outer rules 0.35 mm, the inner 0.25 mm); 抄送 on its
 * row, 印发机关 left and 印发日期 right (a right tab) on the last. */
static void colophon(dctx *c, const xmlNode *n)
{
  xmlTextWriterPtr w = c->w;
  const xmlNode *cc = NULL, *issuer = NULL, *date = NULL;
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (is(k, "cc")) cc = k;
    else if (is(k, "issuer")) issuer = k;
    else if (is(k, "date")) date = k;
  }
  double ch = docx_style_get(DS_COLOPHON)->size;
  runfmt none = {0};
  if (c->page_break) spacer(c, 1);
  dx_start(w, "w:tbl");
  dx_start(w, "w:tblPr");
  dx_start(w, "w:tblpPr");
  dx_attr(w, "w:leftFromText", "0");
  dx_attr(w, "w:rightFromText", "0");
  dx_attr(w, "w:vertAnchor", "margin");
  dx_attr(w, "w:horzAnchor", "margin");
  dx_attr(w, "w:tblpXSpec", "center");
  dx_attr(w, "w:tblpYSpec", "bottom");
  dx_end(w);
  dx_start(w, "w:tblW");
  dx_attrf(w, "w:w", c->text_w * 20);
  dx_attr(w, "w:type", "dxa");
  dx_end(w);
  static const char *const EDGES[] = { "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV" };
  static const char *const SZ[] = { "8", NULL, "8", NULL, "6", NULL };   /* 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.25 mm */
  dx_start(w, "w:tblBorders");
  for (int e = 0; e < 6; e++) {
    dx_start(w, EDGES[e]);
    dx_attr(w, "w:val", SZ[e] ? "single" : "nil");
    if (SZ[e]) {
      dx_attr(w, "w:sz", SZ[e]);
      dx_attr(w, "w:space", "0");
      dx_attr(w, "w:color", "000000");
    }
    dx_end(w);
  }
  dx_end(w);
  dx_start(w, "w:tblLayout");
  dx_attr(w, "w:type", "fixed");
  dx_end(w);
  dx_start(w, "w:tblCellMar");
  dx_start(w, "w:left");
  dx_attr(w, "w:w", "0");
  dx_attr(w, "w:type", "dxa");
  dx_end(w);
  dx_start(w, "w:right");
  dx_attr(w, "w:w", "0");
  dx_attr(w, "w:type", "dxa");
  dx_end(w);
  dx_end(w);
  dx_end(w);
  dx_start(w, "w:tblGrid");
  dx_start(w, "w:gridCol");
  dx_attrf(w, "w:w", c->text_w * 20);
  dx_end(w);
  dx_end(w);
  for (int line = 0; line < 2; line++) {
    if (line == 0 && !cc) continue;
    dx_start(w, "w:tr");
    dx_start(w, "w:tc");
    dx_start(w, "w:tcPr");
    dx_start(w, "w:tcW");
    dx_attrf(w, "w:w", c->text_w * 20);
    dx_attr(w, "w:type", "dxa");
    dx_end(w);
    dx_end(w);
    dx_start(w, "w:p");
    dx_start(w, "w:pPr");
    dx_val(w, "w:pStyle", docx_style_get(DS_COLOPHON)->id);
    if (line == 1) {
      dx_start(w, "w:tabs");
      dx_start(w, "w:tab");
      dx_attr(w, "w:val", "right");
      dx_attrf(w, "w:pos", (c->text_w - ch) * 20);
      dx_end(w);
      dx_end(w);
    }
    dx_start(w, "w:ind");
    dx_attrf(w, "w:left", ch * 20);
    dx_attrf(w, "w:right", ch * 20);
    dx_end(w);
    dx_end(w);
    if (line == 0) {
      inline_content(c, cc, &none);
    } else {
      if (issuer) inline_content(c, issuer, &none);
      dx_start(w, "w:r");
      dx_start(w, "w:tab");
      dx_end(w);
      dx_end(w);
      if (date) inline_content(c, date, &none);
    }
    dx_end(w);
    dx_end(w);
    dx_end(w);
  }
  dx_end(w);
  spacer(c, 1);
}

/* ---- tables -------------------------------------------------------------- */

static void table(dctx *c, const xmlNode *t)
{
  xmlTextWriterPtr w = c->w;
  /* the grid: fixed widths first, shares of the rest (auto counts as 1*) */
  int ncols = 0;
  for (const xmlNode *k = t->children; k; k = k->next) ncols += is(k, "col");
  if (ncols == 0) return;
  double *wd = xcalloc((size_t)ncols, sizeof *wd);
  double fixed = 0, shares = 0, total = len_pt(attr_of(t, "width"), c->pg.size, c->pg.pitch);
  if (total <= 0 || total > c->text_w) total = c->text_w;
  int i = 0;
  const char **calign = xcalloc((size_t)ncols, sizeof *calign);
  for (const xmlNode *k = t->children; k; k = k->next) {
    if (!is(k, "col")) continue;
    const char *v = attr_of(k, "width");
    double x = len_pt(v, c->pg.size, c->pg.pitch);
    calign[i] = attr_of(k, "align");
    if (x > 0) { wd[i] = x; fixed += x; }
    else { wd[i] = -(v && strchr(v, '*') ? fmax(strtod(v, NULL), 0.1) : 1); shares -= wd[i]; }
    i++;
  }
  double rest = fmax(total - fixed, 0);
  i = 0;
  for (const xmlNode *k = t->children; k; k = k->next) {
    if (!is(k, "col")) continue;
    if (wd[i] < 0) {
      wd[i] = shares > 0 ? rest * -wd[i] / shares : 20;
      double mn = len_pt(attr_of(k, "min"), c->pg.size, c->pg.pitch);
      if (mn > wd[i]) wd[i] = mn;
    }
    i++;
  }
  const char *rs = attr_of(t, "rule-style");
  int three = rs && strcmp(rs, "three-line") == 0;
  const char *bv = attr_of(t, "border");
  double border = bv ? strtod(bv, NULL) : 0.5;
  if (c->page_break) {   /* a table cannot start a page itself */
    spacer(c, 1);
  }
  dx_start(w, "w:tbl");
  dx_start(w, "w:tblPr");
  dx_val(w, "w:tblStyle", three ? "TableThreeLine" : "TableGrid");
  dx_start(w, "w:tblW");
  double sum = 0;
  for (i = 0; i < ncols; i++) sum += wd[i];
  dx_attrf(w, "w:w", sum * 20);
  dx_attr(w, "w:type", "dxa");
  dx_end(w);
  if (sum < c->text_w - 1) dx_val(w, "w:jc", "center");
  if (!three && fabs(border - 0.5) > 0.01) {
    static const char *const EDGES[] = { "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV" };
    dx_start(w, "w:tblBorders");
    for (int e = 0; e < 6; e++) {
      dx_start(w, EDGES[e]);
      dx_attr(w, "w:val", border > 0 ? "single" : "nil");
      if (border > 0) {
        dx_attrf(w, "w:sz", fmin(fmax(border * 8, 2), 96));
        dx_attr(w, "w:space", "0");
        dx_attr(w, "w:color", "000000");
      }
      dx_end(w);
    }
    dx_end(w);
  }
  dx_start(w, "w:tblLayout");
  dx_attr(w, "w:type", "fixed");
  dx_end(w);
  /* the padding the PDF gives cells (default 0.3 em of the table's size) */
  const char *tsz = inherited(c, t, "size");
  double tsize = tsz && strtod(tsz, NULL) > 0 ? strtod(tsz, NULL) : c->pg.size;
  double pad = len_pt(attr_of(t, "cell-padding"), tsize, c->pg.pitch);
  if (pad < 0) pad = tsize * 0.3;
  dx_start(w, "w:tblCellMar");
  static const char *const SIDES[] = { "w:top", "w:left", "w:bottom", "w:right" };
  for (int e = 0; e < 4; e++) {
    dx_start(w, SIDES[e]);
    dx_attrf(w, "w:w", (e % 2 ? pad : pad / 2) * 20);
    dx_attr(w, "w:type", "dxa");
    dx_end(w);
  }
  dx_end(w);
  dx_end(w);
  dx_start(w, "w:tblGrid");
  for (i = 0; i < ncols; i++) {
    dx_start(w, "w:gridCol");
    dx_attrf(w, "w:w", wd[i] * 20);
    dx_end(w);
  }
  dx_end(w);
  /* rowspans: rows still covered below a cell, and the cell's width in columns */
  int *down = xcalloc((size_t)ncols, sizeof *down), *across = xcalloc((size_t)ncols, sizeof *across);
  const char *hr = attr_of(t, "header-repeat");
  for (const xmlNode *part = t->children; part; part = part->next) {
    int head = is(part, "thead");
    if (!head && !is(part, "tbody")) continue;
    for (const xmlNode *tr = part->children; tr; tr = tr->next) {
      if (!is(tr, "tr")) continue;
      dx_start(w, "w:tr");
      dx_start(w, "w:trPr");
      dx_start(w, "w:cantSplit");
      dx_end(w);
      double h = len_pt(attr_of(tr, "height"), c->pg.size, c->pg.pitch);
      if (h > 0) {
        dx_start(w, "w:trHeight");
        dx_attrf(w, "w:val", h * 20);
        dx_attr(w, "w:hRule", "atLeast");
        dx_end(w);
      }
      if (head && !(hr && strcmp(hr, "no") == 0)) {
        dx_start(w, "w:tblHeader");
        dx_end(w);
      }
      dx_end(w);
      int col = 0;
      const xmlNode *td = tr->children;
      for (;;) {
        while (col < ncols && down[col] > 0) {   /* a cell merged from above */
          dx_start(w, "w:tc");
          dx_start(w, "w:tcPr");
          if (across[col] > 1) dx_vali(w, "w:gridSpan", across[col]);
          dx_start(w, "w:vMerge");
          dx_end(w);
          dx_end(w);
          dx_start(w, "w:p");
          dx_end(w);
          dx_end(w);
          down[col]--;
          col += across[col] > 0 ? across[col] : 1;
        }
        while (td && !is(td, "td")) td = td->next;
        if (!td || col >= ncols) break;
        const char *v = attr_of(td, "colspan");
        int cs = v ? atoi(v) : 1;
        if (cs < 1) cs = 1;
        if (col + cs > ncols) cs = ncols - col;
        v = attr_of(td, "rowspan");
        int rsp = v ? atoi(v) : 1;
        double cw = 0;
        for (int k = col; k < col + cs; k++) cw += wd[k];
        dx_start(w, "w:tc");
        dx_start(w, "w:tcPr");
        dx_start(w, "w:tcW");
        dx_attrf(w, "w:w", cw * 20);
        dx_attr(w, "w:type", "dxa");
        dx_end(w);
        if (cs > 1) dx_vali(w, "w:gridSpan", cs);
        if (rsp > 1) {
          dx_val(w, "w:vMerge", "restart");
          down[col] = rsp - 1;
          across[col] = cs;
        } else {
          across[col] = cs;
        }
        /* the PDF's shading: group rows darker, header and total rows lighter */
        const char *rk = attr_of(tr, "kind");
        const char *shade = rk && strcmp(rk, "group") == 0 ? "EDEDED"
                          : (rk && strcmp(rk, "total") == 0) || (head && !three) ? "F5F5F5" : NULL;
        if (shade) {
          dx_start(w, "w:shd");
          dx_attr(w, "w:val", "clear");
          dx_attr(w, "w:color", "auto");
          dx_attr(w, "w:fill", shade);
          dx_end(w);
        }
        const char *va = attr_of(td, "valign");
        dx_val(w, "w:vAlign", va && strcmp(va, "top") == 0 ? "top" : va && strcmp(va, "bottom") == 0 ? "bottom" : "center");
        dx_end(w);
        parfmt p;
        runfmt r;
        block_format(c, td, DS_TABLETEXT, &p, &r);
        const char *al = attr_of(td, "align");
        const char *kind = attr_of(tr, "kind");
        if (!al && kind && strcmp(kind, "group") == 0) al = "left";   /* a group heading across the table */
        if (!al) al = calign[col];
        if (!al) al = inherited(c, td, "align");
        p.jc = jc_of(al);
        if (p.jc && strcmp(p.jc, "left") == 0) p.jc = NULL;
        if ((v = attr_of(td, "bold")) && strcmp(v, "yes") == 0) r.bold = 1;
        para_open(c, DS_TABLETEXT, &p, &r);
        inline_content(c, td, &r);
        dx_end(w);
        dx_end(w);
        col += cs;
        td = td->next;
      }
      dx_end(w);
    }
  }
  dx_end(w);
  /* Word needs a paragraph between two tables and after the last block */
  spacer(c, 1);
  free(down);
  free(across);
  free(wd);
  free(calign);
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
  const char *al = jc_of(attr_of(n, "align"));
  if (al) p.jc = al;
  p.keep_next = c->keep;
  para_open(c, DS_NORMAL, &p, NULL);
}

static void image(dctx *c, const xmlNode *n)
{
  const char *src = attr_of(n, "src");
  size_t len = 0;
  char *data = src ? read_file(src, 16u << 20, &len) : NULL;
  if (!data || len < 24 || memcmp(data, "\x89PNG", 4) != 0) {
    diag_add(c->d, DIAG_ERROR, NULL, "DOCX: cannot read image %s", src ? src : "(no src)");
    free(data);
    c->failed = 1;
    return;
  }
  const unsigned char *u = (const unsigned char *)data;
  double pw = be32(u + 16), ph = be32(u + 20);
  double wpt = len_pt(attr_of(n, "width"), c->pg.size, c->pg.pitch);
  double hpt = len_pt(attr_of(n, "height"), c->pg.size, c->pg.pitch);
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
  double wpt = len_pt(attr_of(n, "width"), c->pg.size, c->pg.pitch);
  double hpt = len_pt(attr_of(n, "height"), c->pg.size, c->pg.pitch);
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
  if (is(n, "title") || is(n, "heading") || is(n, "p")) paragraph(c, n, style_of(c, n));
  else if (is(n, "list")) {
    const char *marker = attr_of(n, "marker");
    for (const xmlNode *k = n->children; k; k = k->next) {
      if (!is(k, "item")) continue;
      parfmt p;
      runfmt r;
      block_format(c, n, DS_NORMAL, &p, &r);
      para_open(c, attr_of(n, "style") ? style_of(c, n) : DS_NORMAL, &p, &r);
      if (marker && *marker) text_run(c, &r, marker);
      inline_content(c, k, &r);
      dx_end(c->w);
    }
  } else if (is(n, "table")) table(c, n);
  else if (is(n, "chart")) chart(c, n);
  else if (is(n, "image")) image(c, n);
  else if (is(n, "page-break")) c->page_break = 1;
  else if (is(n, "spacer")) spacer(c, len_pt(attr_of(n, "height"), c->pg.size, c->pg.pitch));
  else if (is(n, "rule")) rule(c, n);
  else if (is(n, "signature")) signature(c, n);
  else if (is(n, "colophon")) colophon(c, n);
  else if (is(n, "keep")) {
    int was = c->keep;
    c->keep = 1;
    blocks(c, n);
    c->keep = was;
  } else if (is(n, "box") || is(n, "section")) blocks(c, n);
}

static void blocks(dctx *c, const xmlNode *parent)
{
  for (const xmlNode *k = parent->children; k; k = k->next)
    if (k->type == XML_ELEMENT_NODE && !is(k, "header") && !is(k, "footer")) block(c, k);
}

/* ---- the package --------------------------------------------------------- */

static void page_setup(dctx *c, const xmlNode *root)
{
  docx_page *pg = &c->pg;
  const char *paper = attr_of(root, "paper");
  int a3 = paper && strcmp(paper, "A3") == 0;
  double w = (a3 ? 297 : 210) * MM, h = (a3 ? 420 : 297) * MM;
  const char *o = attr_of(root, "orientation");
  int land = o && strcmp(o, "landscape") == 0;
  pg->w = land ? h : w;
  pg->h = land ? w : h;
  const char *v;
  pg->font = (v = attr_of(root, "font")) ? v : "song";
  pg->size = (v = attr_of(root, "size")) && strtod(v, NULL) > 0 ? strtod(v, NULL) : 12;
  double m[4];
  static const char *const MN[4] = { "margin-top", "margin-bottom", "margin-left", "margin-right" };
  for (int i = 0; i < 4; i++) {
    m[i] = len_pt(attr_of(root, MN[i]), pg->size, pg->size * 1.5);
    if (m[i] < 0) m[i] = 25 * MM;
  }
  pg->mt = m[0], pg->mb = m[1], pg->ml = m[2], pg->mr = m[3];
  c->text_w = pg->w - pg->ml - pg->mr;
  c->text_h = pg->h - pg->mt - pg->mb;
  pg->grid_lines = (v = attr_of(root, "grid-lines")) ? atoi(v) : 0;
  pg->grid_chars = (v = attr_of(root, "grid-chars")) ? atoi(v) : 0;
  pg->pitch = pg->size * 1.5;
  if (pg->grid_lines > 0) pg->pitch = c->text_h / pg->grid_lines;
  else if ((v = attr_of(root, "line-pitch")) && len_pt(v, pg->size, 0) > 0) pg->pitch = len_pt(v, pg->size, 0);
  pg->page_number = (v = attr_of(root, "page-number")) ? v : "plain";
  pg->pn_position = (v = attr_of(root, "page-number-position")) ? v : "center";
  pg->pn_font = (v = attr_of(root, "page-number-font")) ? v : "song";
  pg->pn_size = (v = attr_of(root, "page-number-size")) && strtod(v, NULL) > 0 ? strtod(v, NULL) : 14;
  pg->pn_offset = (v = attr_of(root, "page-number-offset")) ? len_pt(v, pg->size, pg->pitch) : 7 * MM;
}

static void section_props(dctx *c, int footers)
{
  xmlTextWriterPtr w = c->w;
  const docx_page *pg = &c->pg;
  dx_start(w, "w:sectPr");
  if (footers >= 1) {
    dx_start(w, "w:footerReference");
    dx_attr(w, "w:type", "default");
    dx_attr(w, "r:id", "rIdFooter1");
    dx_end(w);
  }
  if (footers >= 2) {
    dx_start(w, "w:footerReference");
    dx_attr(w, "w:type", "even");
    dx_attr(w, "r:id", "rIdFooter2");
    dx_end(w);
  }
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
  if (pg->grid_lines > 0 && pg->grid_chars > 0) {
    dx_attr(w, "w:type", "linesAndChars");
    dx_attrf(w, "w:linePitch", pg->pitch * 20);
    /* the character pitch as its difference from the font size, in 1/4096 pt */
    dx_attrf(w, "w:charSpace", (c->text_w / pg->grid_chars - pg->size) * 4096);
  } else {
    dx_attrf(w, "w:linePitch", pg->pitch * 20);
  }
  dx_end(w);
  dx_end(w);
}

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
  "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
  "<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
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
  page_setup(&c, root);
  int footers = strcmp(c.pg.page_number, "none") == 0 ? 0
              : strcmp(c.pg.pn_position, "outer") == 0 ? 2 : 1;

  /* the body first: [Content_Types].xml, the package's first part, lists the
   * charts it makes */
  xmlBufferPtr body;
  c.w = part_begin(&body);
  xmlTextWriterStartDocument(c.w, "1.0", "UTF-8", "yes");
  dx_start(c.w, "w:document");
  dx_attr(c.w, "xmlns:w", DX_W_NS);
  dx_attr(c.w, "xmlns:r", DX_R_NS);
  dx_start(c.w, "w:body");
  blocks(&c, root);
  section_props(&c, footers);
  dx_end(c.w);
  dx_end(c.w);
  xmlTextWriterEndDocument(c.w);
  xmlFreeTextWriter(c.w);

  strbuf ct = {0};
  sb_add(&ct, CONTENT_TYPES);
  for (int i = 1; i <= c.nchart; i++)
    sb_addf(&ct, "<Override PartName=\"/word/charts/chart%d.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>", i);
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
                "<Relationship Id=\"rIdFooter1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>"
                "<Relationship Id=\"rIdFooter2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>");
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
  docx_write_settings(w, &c.pg);
  part_add(&c, "word/settings.xml", w, b);
  w = part_begin(&b);
  docx_write_fonts(w);
  part_add(&c, "word/fontTable.xml", w, b);
  const char *pos = c.pg.pn_position;
  const char *odd = footers == 2 ? "right" : strcmp(pos, "left") == 0 || strcmp(pos, "right") == 0 ? pos : "center";
  w = part_begin(&b);
  docx_write_footer(w, &c.pg, odd);
  part_add(&c, "word/footer1.xml", w, b);
  w = part_begin(&b);
  docx_write_footer(w, &c.pg, footers == 2 ? "left" : odd);
  part_add(&c, "word/footer2.xml", w, b);
  w = part_begin(&b);
  docx_write_core(w, attr_of(root, "title"), attr_of(root, "author"), attr_of(root, "subject"),
                  attr_of(root, "keywords"), attr_of(root, "created"));
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
