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

void docx_table(dctx *c, const xmlNode *t)
{
  xmlTextWriterPtr w = c->w;
  /* the grid: fixed widths first, shares of the rest (auto counts as 1*) */
  int ncols = 0;
  for (const xmlNode *k = t->children; k; k = k->next) ncols += dx_is(k, "col");
  if (ncols == 0) return;
  double *wd = xcalloc((size_t)ncols, sizeof *wd);
  double fixed = 0, shares = 0, total = dx_len_pt(dx_attr_of(t, "width"), c->pg.size, c->pg.pitch);
  if (total <= 0 || total > c->text_w) total = c->text_w;
  int i = 0;
  const char **calign = xcalloc((size_t)ncols, sizeof *calign);
  for (const xmlNode *k = t->children; k; k = k->next) {
    if (!dx_is(k, "col")) continue;
    const char *v = dx_attr_of(k, "width");
    double x = dx_len_pt(v, c->pg.size, c->pg.pitch);
    calign[i] = dx_attr_of(k, "align");
    if (x > 0) { wd[i] = x; fixed += x; }
    else { wd[i] = -(v && strchr(v, '*') ? fmax(strtod(v, NULL), 0.1) : 1); shares -= wd[i]; }
    i++;
  }
  double rest = fmax(total - fixed, 0);
  i = 0;
  for (const xmlNode *k = t->children; k; k = k->next) {
    if (!dx_is(k, "col")) continue;
    if (wd[i] < 0) {
      wd[i] = shares > 0 ? rest * -wd[i] / shares : 20;
      double mn = dx_len_pt(dx_attr_of(k, "min"), c->pg.size, c->pg.pitch);
      if (mn > wd[i]) wd[i] = mn;
    }
    i++;
  }
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
        if ((v = dx_attr_of(td, "bold")) && strcmp(v, "yes") == 0) r.bold = 1;
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
