/* docx_table.c: tables and the 版记 of a DOCX (docx_imp.h). */
#include "docx_imp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The 版记: a table of one column at the foot of the text block (a floating
 * table anchored to the bottom margin), ruled above, between and below as
 * GB/T 9704 has it (the outer rules 0.35 mm, the inner 0.25 mm); 抄送 on its
 * row, 印发机关 left and 印发日期 right (a right tab) on the last. */
void docx_colophon(dctx *c, const xmlNode *n)
{
  xmlTextWriterPtr w = c->w;
  const xmlNode *cc = NULL, *issuer = NULL, *date = NULL;
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (dx_is(k, "cc")) cc = k;
    else if (dx_is(k, "issuer")) issuer = k;
    else if (dx_is(k, "date")) date = k;
  }
  double ch = docx_style_get(DS_COLOPHON)->size;
  runfmt none = {0};
  if (c->page_break) dx_spacer(c, 1);
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
  static const double SZ[6] = { 8, 0, 8, 0, 6, 0 };   /* 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.25 mm */
  dx_borders(w, SZ);
  dx_start(w, "w:tblLayout");
  dx_attr(w, "w:type", "fixed");
  dx_end(w);
  dx_cell_margins(w, 0);
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
      dx_inline_content(c, cc, &none);
    } else {
      if (issuer) dx_inline_content(c, issuer, &none);
      dx_start(w, "w:r");
      dx_start(w, "w:tab");
      dx_end(w);
      dx_end(w);
      if (date) dx_inline_content(c, date, &none);
    }
    dx_end(w);
    dx_end(w);
    dx_end(w);
  }
  dx_end(w);
  dx_spacer(c, 1);
}

/* ---- tables -------------------------------------------------------------- */

#define SHORT_WORD_EM 5   /* as layout_table.c: a text this short is kept on one line */

/* A cell's text width estimated in em: a CJK character one em, others half
 * (as 仿宋 and 宋体 set digits and Latin); *unit: its widest unbreakable part
 * (a run of Latin or digits, or one CJK character). */
static double text_em(const char *s, double *unit)
{
  double ems = 0, run = 0;
  *unit = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x80) {
      double e = *p == ' ' || *p == '\n' ? 0 : 0.5;
      ems += e;
      run = e ? run + e : 0;
      if (run > *unit) *unit = run;
    } else if ((*p & 0xC0) != 0x80) {
      ems += 1;
      run = 0;
      if (*unit < 1) *unit = 1;
    }
  }
  return ems;
}

/* The widths of the auto columns from their cells' text, as layout.c gives
 * them in the PDF (its text measured there with the fonts, estimated here):
 * each its natural width between its min and max, shrunk towards its widest
 * unbreakable part when they do not fit in room, widened in proportion when
 * room is left and no star column takes it. auto[i]: column i is auto. */
static void auto_widths(dctx *c, const xmlNode *t, int ncols, const int *is_auto, const double *mn,
                        const double *mx, double room, int stars, double *wd)
{
  double *nat = xcalloc((size_t)ncols, sizeof *nat), *unit = xcalloc((size_t)ncols, sizeof *unit);
  const char *tsz = dx_inherited(c, t, "size");
  double tsize = tsz && strtod(tsz, NULL) > 0 ? strtod(tsz, NULL) : c->pg.size;
  double pad = dx_len_pt(dx_attr_of(t, "cell-padding"), tsize, c->pg.pitch);
  if (pad < 0) pad = tsize * 0.3;
  int *down = xcalloc((size_t)ncols, sizeof *down);
  for (const xmlNode *part = t->children; part; part = part->next) {
    if (!dx_is(part, "thead") && !dx_is(part, "tbody")) continue;
    for (const xmlNode *tr = part->children; tr; tr = tr->next) {
      if (!dx_is(tr, "tr")) continue;
      int col = 0;
      for (const xmlNode *td = tr->children; td; td = td->next) {
        if (!dx_is(td, "td")) continue;
        while (col < ncols && down[col] > 0) down[col++]--;
        if (col >= ncols) break;
        const char *v = dx_attr_of(td, "colspan");
        int cs = v && atoi(v) > 1 ? atoi(v) : 1;
        v = dx_attr_of(td, "rowspan");
        if (v && atoi(v) > 1)
          for (int k = col; k < col + cs && k < ncols; k++) down[k] = atoi(v) - 1;
        if (cs == 1) {
          const char *sz = dx_inherited(c, td, "size");
          double size = sz && strtod(sz, NULL) > 0 ? strtod(sz, NULL) : tsize, u;
          xmlChar *text = xmlNodeGetContent(td);
          double n = text_em(text ? (const char *)text : "", &u) * size + 2 * pad + 0.5;
          xmlFree(text);
          u = u * size + 2 * pad + 0.5;
          if (n <= SHORT_WORD_EM * size + 2 * pad + 0.5) u = n;
          if (n > nat[col]) nat[col] = n;
          if (u > unit[col]) unit[col] = u;
        }
        col += cs;
      }
      while (col < ncols) if (down[col] > 0) down[col++]--; else col++;
    }
  }
  double want = 0, lo_sum = 0;
  for (int j = 0; j < ncols; j++) {
    if (!is_auto[j]) continue;
    double lo = fmax(unit[j], mn[j]);
    double hi = fmax(nat[j], lo);
    if (mx[j] > 0 && hi > mx[j]) hi = fmax(mx[j], lo);
    unit[j] = lo;
    nat[j] = hi;
    want += hi;
    lo_sum += lo;
  }
  double shrink = 1;
  if (want > room && want - lo_sum > 0) shrink = fmax((room - lo_sum) / (want - lo_sum), 0);
  double used = 0;
  for (int j = 0; j < ncols; j++)
    if (is_auto[j]) used += wd[j] = shrink < 1 ? unit[j] + (nat[j] - unit[j]) * shrink : nat[j];
  if (!stars && room > used && want > 0)
    for (int j = 0; j < ncols; j++)
      if (is_auto[j]) wd[j] += (room - used) * nat[j] / want;
  free(nat);
  free(unit);
  free(down);
}

void docx_table(dctx *c, const xmlNode *t)
{
  xmlTextWriterPtr w = c->w;
  /* the grid: fixed widths first, then auto columns from their text, then
   * star columns share what is left */
  int ncols = 0;
  for (const xmlNode *k = t->children; k; k = k->next) ncols += dx_is(k, "col");
  if (ncols == 0) return;
  double *wd = xcalloc((size_t)ncols, sizeof *wd);
  double *mn = xcalloc((size_t)ncols, sizeof *mn), *mx = xcalloc((size_t)ncols, sizeof *mx);
  int *is_auto = xcalloc((size_t)ncols, sizeof *is_auto);
  double fixed = 0, shares = 0, total = dx_len_pt(dx_attr_of(t, "width"), c->pg.size, c->pg.pitch);
  if (total <= 0 || total > c->text_w) total = c->text_w;
  int i = 0, nauto = 0;
  const char **calign = xcalloc((size_t)ncols, sizeof *calign);
  for (const xmlNode *k = t->children; k; k = k->next) {
    if (!dx_is(k, "col")) continue;
    const char *v = dx_attr_of(k, "width");
    double x = dx_len_pt(v, c->pg.size, c->pg.pitch);
    calign[i] = dx_attr_of(k, "align");
    mn[i] = fmax(dx_len_pt(dx_attr_of(k, "min"), c->pg.size, c->pg.pitch), 0);
    mx[i] = dx_len_pt(dx_attr_of(k, "max"), c->pg.size, c->pg.pitch);
    if (x > 0) { wd[i] = x; fixed += x; }
    else if (v && strchr(v, '*')) { wd[i] = -fmax(strtod(v, NULL), 0.1); shares -= wd[i]; }
    else { is_auto[i] = 1; nauto++; }
    i++;
  }
  if (nauto) {
    double least = 0;   /* what the star columns need at least */
    for (i = 0; i < ncols; i++) if (wd[i] < 0) least += mn[i];
    auto_widths(c, t, ncols, is_auto, mn, mx, fmax(total - fixed - least, 0), shares > 0, wd);
    for (i = 0; i < ncols; i++) if (is_auto[i]) fixed += wd[i];
  }
  double rest = fmax(total - fixed, 0);
  for (i = 0; i < ncols; i++)
    if (wd[i] < 0) wd[i] = fmax(rest * -wd[i] / shares, mn[i]);
  free(mn);
  free(mx);
  free(is_auto);
  /* minimum widths may add up to more than the text block: a table wider than
   * the page is cut by the reader, so every column gives up the same share */
  double want = 0;
  for (i = 0; i < ncols; i++) want += wd[i];
  if (want > total && want > 0)
    for (i = 0; i < ncols; i++) wd[i] *= total / want;
  const char *rs = dx_attr_of(t, "rule-style");
  int three = rs && strcmp(rs, "three-line") == 0;
  const char *bv = dx_attr_of(t, "border");
  double border = bv ? strtod(bv, NULL) : 0.5;
  if (c->page_break) {   /* a table cannot start a page itself */
    dx_spacer(c, 1);
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
    double sz[6];
    for (int e = 0; e < 6; e++) sz[e] = border * 8;
    dx_borders(w, sz);
  }
  dx_start(w, "w:tblLayout");
  dx_attr(w, "w:type", "fixed");
  dx_end(w);
  /* the padding the PDF gives cells (default 0.3 em of the table's size) */
  const char *tsz = dx_inherited(c, t, "size");
  double tsize = tsz && strtod(tsz, NULL) > 0 ? strtod(tsz, NULL) : c->pg.size;
  double pad = dx_len_pt(dx_attr_of(t, "cell-padding"), tsize, c->pg.pitch);
  if (pad < 0) pad = tsize * 0.3;
  /* above and below too; half of it on a page with a line grid, where
   * LibreOffice 7.4 drops the rows that cannot be split (w:cantSplit) and
   * reach the foot of a page with the whole (fuyun's plan lost four) */
  double vpad = c->pg.grid_lines > 0 ? pad / 2 : pad;
  dx_start(w, "w:tblCellMar");
  static const char *const SIDES[] = { "w:top", "w:left", "w:bottom", "w:right" };
  for (int e = 0; e < 4; e++) {
    dx_start(w, SIDES[e]);
    dx_attrf(w, "w:w", (e % 2 ? pad : vpad) * 20);
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
  const char *hr = dx_attr_of(t, "header-repeat");
  for (const xmlNode *part = t->children; part; part = part->next) {
    int head = dx_is(part, "thead");
    if (!head && !dx_is(part, "tbody")) continue;
    for (const xmlNode *tr = part->children; tr; tr = tr->next) {
      if (!dx_is(tr, "tr")) continue;
      dx_start(w, "w:tr");
      dx_start(w, "w:trPr");
      dx_start(w, "w:cantSplit");
      dx_end(w);
      double h = dx_len_pt(dx_attr_of(tr, "height"), c->pg.size, c->pg.pitch);
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
        while (td && !dx_is(td, "td")) td = td->next;
        if (!td || col >= ncols) break;
        const char *v = dx_attr_of(td, "colspan");
        int cs = v ? atoi(v) : 1;
        if (cs < 1) cs = 1;
        if (col + cs > ncols) cs = ncols - col;
        v = dx_attr_of(td, "rowspan");
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
        const char *rk = dx_attr_of(tr, "kind");
        const char *shade = rk && strcmp(rk, "group") == 0 ? "EDEDED"
                          : (rk && strcmp(rk, "total") == 0) || (head && !three) ? "F5F5F5" : NULL;
        if (shade) {
          dx_start(w, "w:shd");
          dx_attr(w, "w:val", "clear");
          dx_attr(w, "w:color", "auto");
          dx_attr(w, "w:fill", shade);
          dx_end(w);
        }
        const char *va = dx_attr_of(td, "valign");
        dx_val(w, "w:vAlign", va && strcmp(va, "top") == 0 ? "top" : va && strcmp(va, "bottom") == 0 ? "bottom" : "center");
        dx_end(w);
        parfmt p;
        runfmt r;
        dx_block_format(c, td, DS_TABLETEXT, &p, &r);
        const char *al = dx_attr_of(td, "align");
        const char *kind = dx_attr_of(tr, "kind");
        if (!al && kind && strcmp(kind, "group") == 0) al = "left";   /* a group heading across the table */
        if (!al) al = calign[col];
        if (!al) al = dx_inherited(c, td, "align");
        p.jc = dx_jc_of(al);
        if (p.jc && strcmp(p.jc, "left") == 0) p.jc = NULL;
        /* layout.c's defaults: a header row in 黑体, group, subtotal and
         * total rows bold; the cell's or row's own attribute wins */
        if (head && !dx_attr_of(td, "font") && !dx_attr_of(tr, "font") && !dx_attr_of(part, "font") &&
            strcmp(docx_font_name("hei"), docx_font_name(r.font ? r.font : c->pg.font)) != 0)
          r.font = "hei";
        if (kind && (strcmp(kind, "group") == 0 || strcmp(kind, "subtotal") == 0 || strcmp(kind, "total") == 0) &&
            !dx_attr_of(tr, "bold"))
          r.bold = 1;
        if ((v = dx_attr_of(td, "bold"))) r.bold = strcmp(v, "yes") == 0;
        dx_para_open(c, DS_TABLETEXT, &p, &r);
        dx_inline_content(c, td, &r);
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
  dx_spacer(c, 1);
  free(down);
  free(across);
  free(wd);
  free(calign);
}
