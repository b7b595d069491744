/* layout_block.c: blocks as pieces of flow (layout_block.h).
 *
 * Each block becomes pieces (a line of a paragraph, a table row, a chart)
 * with keep rules: a heading keeps with what follows, a paragraph's first line
 * with its second and its last with the one before (no orphan or widow), a
 * signature with the body's last line. */
#include "layout_block.h"
#include "chart.h"
#include "layout_inline.h"
#include "pngimage.h"
#include "layout_table.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define MAX_BOX_DEPTH 4            /* box and keep inside each other */

static void block_image(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure)
{
  char *src = lo_attr(n, "src");
  if (!src) { lo_error(c, n, "image without src"); return; }
  size_t len = 0;
  unsigned char *data = (unsigned char *)read_file(src, PNG_MAX_BYTES, &len);
  if (!data && src[0] != '/' && c->tree->URL) {
    const char *slash = strrchr((const char *)c->tree->URL, '/');
    if (slash) {
      char *p = xasprintf("%.*s/%s", (int)(slash - (const char *)c->tree->URL), (const char *)c->tree->URL, src);
      data = (unsigned char *)read_file(p, PNG_MAX_BYTES, &len);
      free(p);
    }
  }
  unsigned w = 0, h = 0;
  char *err = NULL;
  pngimage px;
  if (!data) {
    lo_error(c, n, "cannot read image %s", src);
  } else if (pngimage_decode(data, len, &px, &err) == 0) {
    w = px.w;
    h = px.h;
    pngimage_free(&px);
  } else {
    lo_error(c, n, "image %s: %s", src, err);
    free(err);
    free(data);
    data = NULL;
  }
  if (!data) { free(src); return; }
  dl_doc *d = c->doc;
  d->images = xrealloc(d->images, (size_t)(d->nimages + 1) * sizeof *d->images);
  d->images[d->nimages] = (dl_image){ .data = data, .len = len, .w = w, .h = h };
  double dw = lo_len_attr(c, n, "width", st, 0), dh = lo_len_attr(c, n, "height", st, 0);
  if (dw <= 0 && dh <= 0) dw = w * 0.75;   /* 96 dpi */
  if (dw <= 0) dw = dh * w / h;
  if (dh <= 0) dh = dw * h / w;
  if (dw > measure) { dh = dh * measure / dw; dw = measure; }
  if (c->page_h > 0 && dh > c->page_h) { dw = dw * c->page_h / dh; dh = c->page_h; }
  piece *p = flow_add(f, c);
  p->before += st->before;
  p->h = dh;
  double ix = st->align == AL_CENTER ? x + (measure - dw) / 2 : st->align == AL_RIGHT ? x + measure - dw : x;
  dl_item *it = dl_add(&p->items, DL_IMAGE);
  it->x = ix; it->y = 0; it->x2 = dw; it->y2 = dh; it->image = d->nimages++;
  p->keep_next = st->keep;
  c->pending_after += st->after;
  free(src);
}

/* A seal (an <image> inside <signature>): drawn over the signature lines,
 * centred on the last line's text, taking no space of its own. */
static void seal_over(lctx *c, flow *f, int k0, xmlNode *img, double x, double measure)
{
  flow tmp = {0};
  lstyle st = lo_style(c, img);
  double saved = c->pending_after;
  block_image(c, &tmp, img, &st, x, measure);
  c->pending_after = saved;
  if (tmp.n == 1 && tmp.v[0].items.n == 1) {
    piece *last = &f->v[f->n - 1];
    double cxm = x + measure / 2, span = 0;
    if (last->nlines) cxm = last->lines[0].x + last->lines[0].width / 2;
    for (int i = k0; i < f->n; i++) span += f->v[i].h + (i > k0 ? f->v[i].before : 0);
    dl_item *it = &tmp.v[0].items.v[0];
    it->x = cxm - it->x2 / 2;
    /* centred on the signature block, whose top is span above the last piece's bottom */
    double dy = last->h - span / 2 - it->y2 / 2;
    dl_copy(&last->items, it, dy, 1);
  }
  flow_free(&tmp);
}

static void block_rule(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure)
{
  double t = lo_len_attr(c, n, "thickness", st, 0.75);
  if (t < 0.1 || t > 20) t = t < 0.1 ? 0.1 : 20;
  double w = measure;
  char *ws = lo_attr(n, "width");
  if (ws) {
    size_t l = strlen(ws);
    if (l > 1 && ws[l - 1] == '%') w = measure * atof(ws) / 100;
    else w = lo_len_attr(c, n, "width", st, measure);
    if (w > measure) w = measure;
    free(ws);
  }
  double rx = st->align == AL_RIGHT ? x + measure - w : st->align == AL_CENTER ? x + (measure - w) / 2 : x;
  /* below-text: the rule's top this far below the em box of the text line
   * just above (GB/T 9704: the red rule 4 mm below the 发文字号), in place
   * of the space below that line and any space pending */
  double below = -1;
  if (xmlHasProp(n, (const xmlChar *)"below-text")) below = lo_len_attr(c, n, "below-text", st, -1);
  piece *prev = f->n > 0 && f->v[f->n - 1].nlines > 0 ? &f->v[f->n - 1] : NULL;
  piece *p = flow_add(f, c);
  if (below >= 0 && prev) {
    const dl_line *ln = &prev->lines[prev->nlines - 1];
    p->before = ln->y + (1 - ASCENT) * ln->size + below - prev->h;
  }
  p->before += st->before;
  p->h = t;
  p->keep_next = st->keep;
  dl_add_line(&p->items, rx, t / 2, rx + w, t / 2, st->color, t);
  c->pending_after += st->after;
}

/* 版记: rules the width of the text block (outer 0.35 mm, inner 0.25 mm), 抄送
 * one character in on both sides, 印发机关 and 印发日期 on the last line. */
static void block_colophon(lctx *c, flow *f, xmlNode *n, double x, double measure)
{
  dl_list items = {0};
  double y = 0, thick = 0.35 * MM, thin = 0.25 * MM;
  dl_add_line(&items, x, y, x + measure, y, 0, thick);
  dl_lines lines = {0};
  for (xmlNode *k = n->children; k; k = k->next) {
    if (!lo_is_el(k, "cc")) continue;
    lstyle st = lo_style(c, k);
    st.align = AL_JUSTIFY;
    y += lo_inline_box(c, &items, k, &st, x + st.size, y, measure - 2 * st.size, &lines);
    dl_add_line(&items, x, y, x + measure, y, 0, thin);
  }
  xmlNode *issuer = NULL, *date = NULL;
  for (xmlNode *k = n->children; k; k = k->next) {
    if (lo_is_el(k, "issuer")) issuer = k;
    if (lo_is_el(k, "date")) date = k;
  }
  if (issuer || date) {
    xmlNode *any = issuer ? issuer : date;
    lstyle st = lo_style(c, any);
    double h = lo_pitch(&st);
    if (issuer) {
      st.align = AL_LEFT;
      lo_inline_box(c, &items, issuer, &st, x + st.size, y, measure - 2 * st.size, &lines);
    }
    if (date) {
      lstyle ds = lo_style(c, date);
      xmlChar *t = xmlNodeGetContent(date);
      const char *txt = t ? (const char *)t : "";
      size_t tl = strlen(txt);
      char *s = (tl >= 6 && strcmp(txt + tl - 6, "印发") == 0) ? xstrdup(txt) : xasprintf("%s印发", txt);
      lo_label(c, &items, x + measure - ds.size, y + lo_baseline(&ds, h, ds.size), s, ds.role, ds.size,
               ds.color, AL_RIGHT);
      free(s);
      xmlFree(t);
    }
    y += h;
  }
  dl_add_line(&items, x, y, x + measure, y, 0, thick);
  piece *p = flow_add(f, c);
  p->h = y + thick / 2;
  p->bottom = 1;
  p->items = items;
  p->lines = lines.v;
  p->nlines = lines.n;
}

/* Moves the pieces of sub into one piece of f (a box or a kept block that
 * cannot break), stacking them. Returns the new piece. */
static piece *merge_flow(lctx *c, flow *f, flow *sub)
{
  piece *p = flow_add(f, c);
  double y = 0;
  for (int i = 0; i < sub->n; i++) {
    piece *q = &sub->v[i];
    if (i > 0) y += q->before;
    dl_copy_all(&p->items, q->items.v, q->items.n, y, 1);
    for (int k = 0; k < q->nlines; k++) {
      dl_line ln = q->lines[k];
      ln.y += y;
      piece_add_line(p, ln);
    }
    for (int k = 0; k < q->nmarks; k++) piece_add_mark(p, q->marks[k].title, q->marks[k].level, q->marks[k].y + y);
    y += q->h;
  }
  p->h = y;
  return p;
}

static void block_box(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure,
                      double page_h, int depth)
{
  double border = lo_len_attr(c, n, "border", st, 0.5), pad = lo_len_attr(c, n, "padding", st, 4);
  if (border < 0) border = 0;
  if (pad < 0) pad = 0;
  double w = lo_len_attr(c, n, "width", st, measure), h = lo_len_attr(c, n, "height", st, 0);
  if (w > measure) w = measure;
  double bx = st->align == AL_RIGHT ? x + measure - w : st->align == AL_CENTER ? x + (measure - w) / 2 : x;
  flow sub = {0};
  /* the space and a page break pending before the box belong to the box's
   * piece, not to the first piece inside it (merged away) */
  double saved = c->pending_after;
  int brk = c->pending_break;
  c->pending_after = 0;
  c->pending_break = 0;
  lo_blocks(c, &sub, n->children, bx + pad, w - 2 * pad, page_h, depth + 1);
  c->pending_after = saved;
  c->pending_break = brk;
  piece *p = merge_flow(c, f, &sub);
  flow_free(&sub);
  dl_list moved = {0};
  dl_copy_all(&moved, p->items.v, p->items.n, pad, 1);
  dl_list_free(&p->items);
  p->items = moved;
  for (int k = 0; k < p->nlines; k++) p->lines[k].y += pad;
  double inner = p->h + 2 * pad;
  p->h = inner > h ? inner : h;
  p->before += st->before;
  p->keep_next = st->keep;
  if (border > 0) dl_add_rect(&p->items, bx, 0, w, p->h, 0, 0, st->color, border);
  c->pending_after += st->after;
}

/* Returns 1 when attribute name of n is "yes". */
static int attr_yes(xmlNode *n, const char *name)
{
  char *v = lo_attr(n, name);
  int yes = v && strcmp(v, "yes") == 0;
  free(v);
  return yes;
}

/* 署名 and 成文日期. Each <line> as its align and indent say; or, sealed
 * (GB/T 9704 §7.3.5.1, a document that bears a seal), the last line (the
 * date) ending four characters in from the right edge and the lines above
 * it (the issuing body) centred over it, within the text block. The block
 * keeps with the body above it: with the pieces already kept with it (a
 * 附件说明 marked keep-with-next, spacers) and the last line of text before
 * those, so that no page holds only the signature and the notes above it. */
static void block_signature(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure)
{
  int k0 = f->n, sealed = attr_yes(n, "sealed");
  xmlNode *date = NULL;
  for (xmlNode *k = n->children; k; k = k->next)
    if (lo_is_el(k, "line")) date = k;
  double centre = 0, right = x + measure;
  if (sealed && date) {
    lstyle ds = lo_style(c, date);
    double dw, unit;
    lo_inline_measure(c, date, &ds, &dw, &unit);
    right = x + measure - 4 * lo_em(&ds);
    centre = right - dw / 2;
  }
  c->pending_after += st->before;
  for (xmlNode *k = n->children; k; k = k->next) {
    if (lo_is_el(k, "spacer")) {   /* space between the body and the name, or inside */
      lstyle ss = lo_style(c, k);
      double h = lo_len_attr(c, k, "height", &ss, lo_pitch(&ss));
      c->pending_after += h > 0 ? h : 0;
    }
    if (!lo_is_el(k, "line")) continue;
    lstyle ls = lo_style(c, k);
    double ind = ls.indent;
    ls.indent = 0;
    if (sealed && k == date) {
      ls.align = AL_RIGHT;
      lo_paragraph(c, f, k, &ls, x, right - x, 1);
    } else if (sealed) {
      double w, unit;
      lo_inline_measure(c, k, &ls, &w, &unit);
      double left = centre - w / 2;
      if (left + w > x + measure) left = x + measure - w;
      if (left < x) left = x;
      ls.align = AL_LEFT;
      lo_paragraph(c, f, k, &ls, left, x + measure - left, 1);
    } else {
      if (ls.align == AL_JUSTIFY) ls.align = AL_LEFT;
      if (ls.align == AL_RIGHT) lo_paragraph(c, f, k, &ls, x, measure - ind, 1);
      else lo_paragraph(c, f, k, &ls, x + ind, measure - ind, 1);
    }
  }
  for (int i = k0; i < f->n - 1; i++) f->v[i].keep_next = 1;
  if (f->n > k0)
    for (int i = k0 - 1; i >= 0 && !f->v[i + 1].force_break; i--) {
      int kept = f->v[i].keep_next;
      f->v[i].keep_next = 1;
      if (!kept && f->v[i].nlines > 0) break;
    }
  for (xmlNode *k = n->children; k && f->n > k0; k = k->next)
    if (lo_is_el(k, "image")) seal_over(c, f, k0, k, x, measure);
  c->pending_after += st->after;
}

void lo_blocks(lctx *c, flow *f, xmlNode *first, double x, double measure, double page_h, int depth)
{
  if (depth > MAX_BOX_DEPTH) { lo_error(c, first ? first->parent : NULL, "boxes and keeps nested too deeply"); return; }
  c->page_h = page_h;
  for (xmlNode *n = first; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    const char *name = (const char *)n->name;
    lo_el e = lo_element(name);
    if (e == DTE_SECTION) {
      if (n->parent == c->root) break;   /* the caller starts a new section there */
      lo_warn(c, n, "a <section> belongs directly in <document>; its content is left out");
      continue;
    }
    if (e == DTE_HEADER || e == DTE_FOOTER) continue;
    lstyle st = lo_style(c, n);
    if (e == DTE_TITLE || e == DTE_HEADING || e == DTE_P) {
      lo_paragraph(c, f, n, &st, x, measure, 1);
    } else if (e == DTE_LIST) {
      double before = st.before;
      for (xmlNode *k = n->children; k; k = k->next) {
        if (!lo_is_el(k, "item")) continue;
        lstyle is = lo_style(c, k);
        c->pending_after += before;
        before = 0;
        lo_paragraph(c, f, k, &is, x, measure, 1);
      }
      c->pending_after += st.after;
    } else if (e == DTE_SIGNATURE) {
      block_signature(c, f, n, &st, x, measure);
    } else if (e == DTE_TABLE) {
      lo_table(c, f, n, &st, x, measure, page_h);
    } else if (e == DTE_CHART) {
      lo_chart(c, f, n, &st, x, measure);
    } else if (e == DTE_IMAGE) {
      block_image(c, f, n, &st, x, measure);
    } else if (e == DTE_PAGE_BREAK) {
      c->pending_break = 1;
    } else if (e == DTE_KEEP) {
      int k0 = f->n;
      lo_blocks(c, f, n->children, x, measure, page_h, depth + 1);
      for (int i = k0; i < f->n - 1; i++) f->v[i].keep_next = 1;
    } else if (e == DTE_SPACER) {
      piece *p = flow_add(f, c);
      p->h = lo_len_attr(c, n, "height", &st, lo_pitch(&st));
      if (p->h < 0) p->h = 0;
      p->keep_next = st.keep;
    } else if (e == DTE_RULE) {
      block_rule(c, f, n, &st, x, measure);
    } else if (e == DTE_COLOPHON) {
      block_colophon(c, f, n, x, measure);
    } else if (e == DTE_BOX) {
      block_box(c, f, n, &st, x, measure, page_h, depth);
    } else {
      lo_warn(c, n, "<%s> is not a block of the document tree; skipped", name);
    }
  }
}
