/* test_layout.c: checks on the display list of the layout fixtures in
 * tests/layout/ (line-breaking rules, justification, the text block), and a
 * render mode for the shell tests:
 *   test_layout --render TREE.xml OUT.pdf [DUMP.txt]
 * lays out a document tree and writes its PDF (diagnostics on stderr). */
/* checks: 57 */
#include "test.h"
#include "diag.h"
#include "fonts.h"
#include "layout.h"
#include "dlist.h"
#include "linebreak.h"
#include "pdf.h"
#include "util.h"

#include <libxml/parser.h>
#include <math.h>
#include <stdlib.h>

static fontset *fonts(diag_list *d) { return fontset_load("fonts/fonts.conf", d); }

static dl_doc *lay(const char *path, fontset *fs, diag_list *d, xmlDocPtr *tree)
{
  *tree = xmlReadFile(path, NULL, XML_PARSE_NONET);
  if (!*tree) return NULL;
  return layout_run(*tree, fs, d);
}

static void release(dl_doc *l, xmlDocPtr tree, diag_list *d)
{
  dl_doc_free(l);
  xmlFreeDoc(tree);
  diag_free(d);
}

/* Lays out a document tree given as text. */
static dl_doc *lay_mem(const char *xml, fontset *fs, diag_list *d, xmlDocPtr *tree)
{
  *tree = xmlReadMemory(xml, (int)strlen(xml), diag_file(d), NULL, XML_PARSE_NONET);
  return *tree ? layout_run(*tree, fs, d) : NULL;
}

static int render(const char *in, const char *out, const char *dump)
{
  diag_list *d = diag_new(in, 100);
  fontset *fs = fonts(d);
  xmlDocPtr tree = NULL;
  dl_doc *l = fs ? lay(in, fs, d, &tree) : NULL;
  pdf_writer *w = l ? pdf_writer_new(fs) : NULL;
  int rc = w && pdf_write(w, l, out, d) == 0 ? 0 : 1;
  if (l && dump) {
    FILE *f = fopen(dump, "w");
    if (f) { dl_dump(l, f); fclose(f); }
  }
  diag_print(d, stderr);
  pdf_writer_free(w);
  dl_doc_free(l);
  xmlFreeDoc(tree);
  fontset_free(fs);
  diag_free(d);
  xmlCleanupParser();
  return rc;
}

/* The code points of a UTF-8 string; returns the count (at most max). */
static size_t cps_of(const char *s, unsigned *out, size_t max)
{
  size_t n = 0, len = strlen(s);
  for (size_t i = 0; i < len && n < max;) {
    unsigned cp;
    size_t k = utf8_decode(s + i, len - i, &cp);
    if (!k) break;
    out[n++] = cp;
    i += k;
  }
  return n;
}

static int in_set(unsigned cp, const char *set)
{
  unsigned v[64];
  size_t n = cps_of(set, v, 64);
  for (size_t i = 0; i < n; i++) if (v[i] == cp) return 1;
  return 0;
}

static int is_digit(unsigned cp) { return cp >= '0' && cp <= '9'; }
static int is_latin(unsigned cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'); }

static void check_report(fontset *fs)
{
  diag_list *d = diag_new("tests/layout/report.xml", 100);
  xmlDocPtr tree;
  dl_doc *l = lay("tests/layout/report.xml", fs, d, &tree);
  CHECK("layout report lays out", l != NULL && diag_errors(d) == 0);
  if (!l) { diag_print(d, stderr); diag_free(d); xmlFreeDoc(tree); return; }
  CHECK("layout report has several pages", dl_page_count(l) >= 4);
  int n = layout_line_count(l), bad_start = 0, bad_end = 0, split = 0, unfilled = 0, outside = 0, justified = 0;
  const char *no_start = "，。、；：？！）》」』”’】〕%‰";
  const char *no_end = "（《「『“‘【〔";
  for (int i = 0; i < n; i++) {
    layout_line a;
    layout_line_get(l, i, &a);
    unsigned v[512];
    size_t k = cps_of(a.text, v, 512);
    if (k == 0) continue;
    if (in_set(v[0], no_start)) { bad_start++; fprintf(stderr, "line starts badly: %s\n", a.text); }
    if (in_set(v[k - 1], no_end)) { bad_end++; fprintf(stderr, "line ends badly: %s\n", a.text); }
    if (a.justified) {
      justified++;
      if (fabs(a.width - a.measure) > 1.0) { unfilled++; fprintf(stderr, "width %.2f measure %.2f: %s\n", a.width, a.measure, a.text); }
    }
    const dl_page *pg = &l->pages[a.page];
    if (a.x < pg->bx - 0.01 || a.x + a.width > pg->bx + pg->bw + 0.01 || a.y - a.size < pg->by - 0.01
        || a.y > pg->by + pg->bh + 0.01) outside++;
    if (!a.last && i + 1 < n) {
      layout_line b;
      layout_line_get(l, i + 1, &b);
      unsigned w[4];
      if (cps_of(b.text, w, 4) > 0) {
        unsigned x = v[k - 1], y = w[0];
        if ((is_digit(x) && (is_digit(y) || y == '.' || y == ',' || y == '%'))
            || ((x == '.' || x == ',') && is_digit(y)) || (is_latin(x) && is_latin(y))
            || (x == 0x2014 && y == 0x2014) || (x == 0x2026 && y == 0x2026)) {
          split++;
          fprintf(stderr, "split between lines: [%s] [%s]\n", a.text, b.text);
        }
      }
    }
  }
  CHECK("layout report many lines", n > 150);
  CHECK("layout no line starts with a closing mark", bad_start == 0);
  CHECK("layout no line ends with an opening mark", bad_end == 0);
  CHECK("layout no number, word, dash or ellipsis split", split == 0);
  CHECK("layout most lines are justified", justified > n / 2);
  CHECK("layout justified lines fill the measure within 1pt", unfilled == 0);
  CHECK("layout body lines inside the text block", outside == 0);
  /* every text item of the body, too (furniture excepted) */
  int items_out = 0;
  for (int p = 0; p < l->npages; p++) {
    const dl_page *pg = &l->pages[p];
    for (int k = 0; k < pg->items.n; k++) {
      const dl_item *it = &pg->items.v[k];
      if (it->furniture || it->kind != DL_TEXT) continue;
      if (it->x < pg->bx - 0.01 || it->x + it->width > pg->bx + pg->bw + 0.01 || it->y > pg->by + pg->bh) items_out++;
    }
  }
  CHECK("layout no body item outside the text block", items_out == 0);
  /* bookmarks: the fixture has five headings, in order */
  const char *want[] = { "一、总体情况", "（一）改革成效", "二、主要做法", "（一）选配程序" };
  int nm = layout_mark_count(l), ok = nm == 4, lastpage = -1;
  for (int i = 0; ok && i < nm; i++) {
    const char *t; int lv, pg;
    layout_mark_get(l, i, &t, &lv, &pg);
    ok = strcmp(t, want[i]) == 0 && pg >= lastpage && lv == (i % 2 ? 2 : 1);
    lastpage = pg;
  }
  CHECK("layout bookmarks are the headings in order", ok);
  /* the test paragraph: 142.9%, 1,744 and 2021.12 appear whole on some line */
  int found = 0;
  for (int i = 0; i < n; i++) {
    layout_line a;
    layout_line_get(l, i, &a);
    if (strstr(a.text, "142.9%")) found |= 1;
    if (strstr(a.text, "1,744")) found |= 2;
    if (strstr(a.text, "2021.12")) found |= 4;
  }
  CHECK("layout numbers kept whole", found == 7);
  release(l, tree, d);
}

/* Returns 1 if some text item of page p contains s. */
static int page_has(const dl_doc *l, int p, const char *s)
{
  const dl_page *pg = &l->pages[p];
  for (int k = 0; k < pg->items.n; k++)
    if (pg->items.v[k].kind == DL_TEXT && strstr(pg->items.v[k].text, s)) return 1;
  return 0;
}

static void check_roster(fontset *fs)
{
  diag_list *d = diag_new("tests/layout/roster.xml", 100);
  xmlDocPtr tree;
  dl_doc *l = lay("tests/layout/roster.xml", fs, d, &tree);
  CHECK("table roster lays out", l != NULL && diag_errors(d) == 0 && diag_warnings(d) == 0);
  if (!l) { diag_print(d, stderr); diag_free(d); xmlFreeDoc(tree); return; }
  int np = dl_page_count(l);
  CHECK("table roster spans many pages", np >= 40);
  /* header rows (both of them) at the top of every page */
  int missing = 0;
  for (int p = 0; p < np; p++)
    if (!page_has(l, p, "任职方式") || !page_has(l, p, "挂职") || !page_has(l, p, "备注")) missing++;
  CHECK("table header rows on every page", missing == 0);
  /* every row once, in order, none lost or doubled at a page break */
  static int seen[1001];
  memset(seen, 0, sizeof seen);
  int n = layout_line_count(l), order_ok = 1, last = 0, subtotals = 0, totals = 0, lastpage = 0;
  strbuf tall = {0};
  double tall_x = -1;
  int row = 0;
  for (int i = 0; i < n; i++) {
    int r;
    layout_line a;
    layout_line_get(l, i, &a);
    char tail[8];
    if (sscanf(a.text, "第%d%7s", &r, tail) == 2 && strcmp(tail, "行") == 0 && r >= 1 && r <= 1000) {
      row = r;
      seen[r]++;
      if (r != last + 1 || a.page < lastpage) order_ok = 0;
      last = r;
      lastpage = a.page;
    }
    if (strcmp(a.text, "小计") == 0) subtotals++;
    if (strcmp(a.text, "合计") == 0) totals++;
    if (strstr(a.text, "甲1号说明")) tall_x = a.x;
    if (row == 500 && tall_x >= 0 && fabs(a.x - tall_x) < 0.01) sb_add(&tall, a.text);
  }
  int once = 1;
  for (int r = 1; r <= 1000; r++) if (seen[r] != 1) once = 0;
  /* no page holds a single row of the table (the row taller than a page aside) */
  int lone = 0;
  for (int p = 0; p < np; p++) {
    int rows = 0, which = 0;
    for (int i = 0; i < n; i++) {
      layout_line a;
      layout_line_get(l, i, &a);
      int r;
      char tail[8];
      if (a.page == p && sscanf(a.text, "第%d%7s", &r, tail) == 2 && strcmp(tail, "行") == 0) { rows++; which = r; }
    }
    if (rows == 1 && which != 500) lone++;
  }
  CHECK("table no page with a single row", lone == 0);
  CHECK("table all 1000 rows once each", once);
  CHECK("table rows in order across pages", order_ok && last == 1000);
  CHECK("table 10 subtotal rows and one total row", subtotals == 10 && totals == 1);
  /* the row taller than a page is cut between its lines: all of its text, once */
  strbuf want = {0};
  for (int i = 1; i <= 120; i++) sb_addf(&want, "甲%d号说明：该同志负责青年之家日常运营和志愿服务项目。", i);
  CHECK_STR("table tall row split without loss", sb_str(&tall), sb_str(&want));
  sb_free(&want);
  sb_free(&tall);
  int outside = 0;
  for (int p = 0; p < np; p++) {
    const dl_page *pg = &l->pages[p];
    for (int k = 0; k < pg->items.n; k++) {
      const dl_item *it = &pg->items.v[k];
      if (it->furniture) continue;
      double y0 = it->kind == DL_TEXT ? it->y - it->size : it->y;
      double y1 = it->kind == DL_TEXT ? it->y : it->kind == DL_LINE ? it->y2 : it->y + it->y2;
      if (y0 < pg->by - 1 || y1 > pg->by + pg->bh + 1) outside++;
    }
  }
  CHECK("table nothing drawn outside the text block", outside == 0);
  release(l, tree, d);
}

/* A line one closing mark too long is squeezed, not broken before the mark:
 * 37 ideographs of 12pt fill 444pt of a 453.5pt measure; the "，" that
 * follows needs 12pt more, and its blank half (6pt) covers the 2.5pt missing. */
static void check_squeeze(fontset *fs)
{
  const char *xml = "<document><p indent=\"0\">县域共青团基层组织改革试点工作评估报告县域共青团基层组织改革试点工作评估报"
                    "，告完成。</p></document>";
  diag_list *d = diag_new("squeeze.xml", 10);
  xmlDocPtr tree;
  dl_doc *l = lay_mem(xml, fs, d, &tree);
  layout_line a = {0}, b = {0};
  int ok = l && layout_line_count(l) == 2 && layout_line_get(l, 0, &a) == 0 && layout_line_get(l, 1, &b) == 0;
  CHECK("layout squeeze keeps the comma on the line", ok && strstr(a.text, "报，") && strcmp(b.text, "告完成。") == 0);
  CHECK("layout squeezed line fills the measure", ok && fabs(a.width - a.measure) < 1.0 && a.measure > 453 && a.measure < 454);
  release(l, tree, d);
}

/* Paragraph lines are grouped by their "last" flag; no page may hold just the
 * first line of a paragraph at its foot (orphan) or just the last line at its
 * head (widow); a heading is never the last line of a page. */
static void check_keeps(fontset *fs, const char *path)
{
  diag_list *d = diag_new(path, 100);
  xmlDocPtr tree;
  dl_doc *l = lay(path, fs, d, &tree);
  int n = l ? layout_line_count(l) : 0, bad = 0, start = 0;
  for (int i = 0; i < n; i++) {
    layout_line a;
    layout_line_get(l, i, &a);
    if (!a.last) continue;
    int len = i - start + 1;
    if (len >= 2) {
      layout_line f0, f1, z0, z1;
      layout_line_get(l, start, &f0);
      layout_line_get(l, start + 1, &f1);
      layout_line_get(l, i - 1, &z0);
      layout_line_get(l, i, &z1);
      if (f0.page != f1.page) { bad++; fprintf(stderr, "orphan: %s\n", f0.text); }
      if (z0.page != z1.page) { bad++; fprintf(stderr, "widow: %s\n", z1.text); }
    }
    start = i + 1;
  }
  char *name = xasprintf("layout no orphan or widow line (%s)", path);
  CHECK(name, l && n > 10 && bad == 0);
  free(name);
  /* headings: a heading line is followed on the same page by the next line */
  int hbad = 0;
  for (int i = 0; i + 1 < n; i++) {
    layout_line a, b;
    layout_line_get(l, i, &a);
    layout_line_get(l, i + 1, &b);
    for (int m = 0; m < layout_mark_count(l); m++) {
      const char *t; int lv, pg;
      layout_mark_get(l, m, &t, &lv, &pg);
      if (strcmp(t, a.text) == 0 && b.page != a.page) { hbad++; fprintf(stderr, "heading alone: %s\n", t); }
    }
  }
  name = xasprintf("layout headings kept with the next line (%s)", path);
  CHECK(name, l && hbad == 0);
  free(name);
  release(l, tree, d);
}

/* GB/T 9704: 22 lines of 28 characters in a 156 x 225 mm block whose top-left
 * corner is 28 mm from the left and 37 mm from the top. */
static void check_official(fontset *fs)
{
  diag_list *d = diag_new("tests/layout/official.xml", 100);
  xmlDocPtr tree;
  dl_doc *l = lay("tests/layout/official.xml", fs, d, &tree);
  CHECK("official lays out", l != NULL);
  if (!l) { diag_free(d); xmlFreeDoc(tree); return; }
  const double mm = 72 / 25.4;
  const dl_page *p0 = &l->pages[0];
  CHECK("official text block 156 x 225 mm at 28, 37 mm", fabs(p0->bw - 156 * mm) < 0.1 && fabs(p0->bh - 225 * mm) < 0.1
        && fabs(p0->bx - 28 * mm) < 0.1 && fabs(p0->by - 37 * mm) < 0.1 && fabs(p0->w - 210 * mm) < 0.1);
  /* a full page of body text: 22 baselines one pitch (225 mm / 22) apart */
  int n = layout_line_count(l), per_page[64] = {0}, full28 = 0, pitch_ok = 1, first26 = 0, first_other = 0;
  double pitch = 225 * mm / 22;
  for (int i = 0; i < n; i++) {
    layout_line a;
    layout_line_get(l, i, &a);
    if (a.page < 64) per_page[a.page]++;
    if (i > 0) {
      layout_line b;
      layout_line_get(l, i - 1, &b);
      if (b.page == a.page && a.page >= 1 && a.page <= 5 && fabs(a.y - b.y - pitch) > 0.01) pitch_ok = 0;
    }
    unsigned v[64];
    size_t k = cps_of(a.text, v, 64);
    if (a.justified && k == 28 && a.x - p0->bx < 0.01) {
      full28++;
      if (fabs(a.width - 156 * mm) > 1) pitch_ok = 0;
    }
    /* a first line indented by two grid cells (2 x 156 mm / 28) holds 26 */
    if (a.justified && fabs(a.x - p0->bx - 2 * 156 * mm / 28) < 0.3) {
      first26 += k == 26;
      first_other += k < 26;
    }
  }
  CHECK("official 22 lines on a full page", per_page[2] == 22 && per_page[3] == 22);
  CHECK("official line pitch 225 mm / 22", pitch_ok);
  CHECK("official unindented lines hold 28 characters", full28 > 20);
  CHECK("official indented first lines hold 26 characters", first26 > 10 && first_other == 0);
  /* the attachment starts a new page (forced break) */
  int att = -1;
  for (int i = 0; i < n; i++) {
    layout_line a;
    layout_line_get(l, i, &a);
    if (strcmp(a.text, "附件1") == 0) {
      att = a.page;
      layout_line b;
      layout_line_get(l, i - 1, &b);
      if (b.page == a.page) att = -2;
    }
  }
  CHECK("official attachment on a new page", att > 0);
  release(l, tree, d);
}

/* Sections: portrait A4, then landscape A4, then A3. */
static void check_sections(fontset *fs)
{
  const char *xml = "<document><p>甲</p><section orientation=\"landscape\"><p>乙</p></section>"
                    "<section paper=\"A3\"><p>丙</p></section><p>丁</p></document>";
  diag_list *d = diag_new("sections.xml", 10);
  xmlDocPtr tree;
  dl_doc *l = lay_mem(xml, fs, d, &tree);
  CHECK("layout sections in document order", l && dl_page_count(l) == 4 && page_has(l, 0, "甲")
        && page_has(l, 1, "乙") && page_has(l, 2, "丙") && page_has(l, 3, "丁") && fabs(l->pages[3].w - 595.28) < 0.1);
  CHECK("layout sections make pages of their own size", l && dl_page_count(l) == 4
        && fabs(l->pages[0].w - 595.28) < 0.1 && fabs(l->pages[0].h - 841.89) < 0.1
        && fabs(l->pages[1].w - 841.89) < 0.1 && fabs(l->pages[1].h - 595.28) < 0.1
        && fabs(l->pages[2].w - 841.89) < 0.1 && fabs(l->pages[2].h - 1190.55) < 0.1);
  release(l, tree, d);
}

/* GB/T 9704: no page number on a page holding only the 版记. */
static void check_colophon_page(fontset *fs)
{
  const char *xml = "<document><p>正文。</p><page-break/><colophon><cc>抄送：市委组织部。</cc>"
                    "<issuer>共青团新郑市委员会办公室</issuer><date>2024年1月2日</date></colophon></document>";
  diag_list *d = diag_new("colophon.xml", 10);
  xmlDocPtr tree;
  dl_doc *l = lay_mem(xml, fs, d, &tree);
  int ok = l && dl_page_count(l) == 2;
  CHECK("layout page 1 numbered", ok && page_has(l, 0, "— 1 —"));
  CHECK("layout 版记-only page not numbered", ok && !page_has(l, 1, "— 2 —") && page_has(l, 1, "印发"));
  /* the 版记's last rule lies on the bottom edge of the text block */
  double bottom = 0;
  for (int k = 0; ok && k < l->pages[1].items.n; k++)
    if (l->pages[1].items.v[k].kind == DL_LINE && l->pages[1].items.v[k].y > bottom) bottom = l->pages[1].items.v[k].y;
  CHECK("layout 版记 ends on the bottom of the text block", ok && fabs(bottom - (l->pages[1].by + l->pages[1].bh)) < 1.5);
  release(l, tree, d);
}

/* Bars of a grouped bar chart, chosen from the data: 7 -> 17 and 59 -> 101
 * share one axis, 1,011 -> 1,744 (over ten times larger) gets a panel of its
 * own, drawn first (the largest scale leads); in each panel the heights are
 * proportional to the values, all on one baseline, two colours; each axis
 * says its unit; values and the whole labels printed. */
static void check_charts(fontset *fs)
{
  const char *xml = "<document><chart type=\"bar\" unit=\"人\" title=\"对比\">"
    "<series name=\"改革前\"><point label=\"机关\" value=\"7\"/><point label=\"基层\" value=\"1011\"/><point label=\"社会\" value=\"59\"/></series>"
    "<series name=\"改革后\"><point label=\"机关\" value=\"17\"/><point label=\"基层\" value=\"1744\"/><point label=\"社会\" value=\"101\"/></series>"
    "</chart></document>";
  const double v[6] = { 1011, 1744, 7, 17, 59, 101 };
  const int panel[6] = { 0, 0, 1, 1, 1, 1 };
  diag_list *d = diag_new("bar.xml", 10);
  xmlDocPtr tree;
  dl_doc *l = lay_mem(xml, fs, d, &tree);
  int nb = 0, ok = l != NULL;
  double scale[2] = { 0, 0 }, base = 0;
  unsigned colour[2] = { 0, 0 };
  for (int k = 0; ok && k < l->pages[0].items.n; k++) {
    const dl_item *it = &l->pages[0].items.v[k];
    if (it->kind != DL_RECT || !it->filled || it->x2 < 12) continue;   /* legend swatches are 8pt */
    if (nb >= 6) { ok = 0; break; }
    if (nb == 0) { base = it->y + it->y2; colour[0] = it->fill; }
    if (nb == 1) colour[1] = it->fill;
    if (scale[panel[nb]] == 0) scale[panel[nb]] = it->y2 / v[nb];
    if (fabs(it->y2 - v[nb] * scale[panel[nb]]) > 0.01 || fabs(it->y + it->y2 - base) > 0.01 || it->fill != colour[nb % 2]) ok = 0;
    nb++;
  }
  CHECK("chart bar heights proportional to the values in each panel, on one baseline",
        ok && nb == 6 && colour[0] != colour[1]);
  CHECK("chart 7 and 1,011 not on one axis", ok && scale[1] > 5 * scale[0]);
  int units = 0;
  for (int k = 0; ok && k < l->pages[0].items.n; k++)
    if (l->pages[0].items.v[k].kind == DL_TEXT && strcmp(l->pages[0].items.v[k].text, "单位：人") == 0) units++;
  CHECK("chart each axis with its unit", units == 2);
  CHECK("chart values, legend and labels printed", ok && page_has(l, 0, "1,744") && page_has(l, 0, "改革后")
        && page_has(l, 0, "基层") && page_has(l, 0, "对比"));
  release(l, tree, d);
  /* pie: sector angles in proportion 1360 : 680 : 110 : 70, closing the circle */
  const char *pie = "<document><chart type=\"pie\"><series><point label=\"初中\" value=\"1360\"/><point label=\"高中\" value=\"680\"/>"
    "<point label=\"中职\" value=\"110\"/><point label=\"社会领域\" value=\"70\"/></series></chart></document>";
  const double pv[4] = { 1360, 680, 110, 70 };
  d = diag_new("pie.xml", 10);
  l = lay_mem(pie, fs, d, &tree);
  int np = 0;
  ok = l != NULL;
  double total = 0;
  for (int k = 0; ok && k < l->pages[0].items.n; k++) {
    const dl_item *it = &l->pages[0].items.v[k];
    if (it->kind != DL_PATH) continue;
    double cx = it->pts[0], cy = it->pts[1];
    double a0 = atan2(it->pts[3] - cy, it->pts[2] - cx), a1 = atan2(it->pts[2 * it->npts - 1] - cy, it->pts[2 * it->npts - 2] - cx);
    double span = a1 - a0;
    while (span <= 1e-9) span += 2 * M_PI;
    if (np < 4 && fabs(span - pv[np] / 2220 * 2 * M_PI) > 1e-3) ok = 0;
    total += span;
    np++;
  }
  CHECK("chart pie sectors in proportion, closing the circle", ok && np == 4 && fabs(total - 2 * M_PI) < 1e-3);
  CHECK("chart pie shares printed", ok && page_has(l, 0, "61.3%") && page_has(l, 0, "3.2%"));
  release(l, tree, d);
}

/* Furniture: the watermark on every page, rotated along the diagonal; the
 * header on every page; images keep their aspect ratio. */
static void check_furniture(fontset *fs)
{
  diag_list *d = diag_new("tests/layout/official.xml", 100);
  xmlDocPtr tree;
  dl_doc *l = lay("tests/layout/official.xml", fs, d, &tree);
  int ok = l != NULL, images = 0;
  for (int p = 0; ok && p < l->npages; p++) {
    const dl_page *pg = &l->pages[p];
    strbuf w = {0};
    double want = atan2(pg->h, pg->w) * 180 / M_PI;
    for (int k = 0; k < pg->items.n; k++) {
      const dl_item *it = &pg->items.v[k];
      if (it->kind == DL_TEXT && it->angle != 0) {
        sb_add(&w, it->text);
        if (fabs(it->angle - want) > 0.01 || k > 4) ok = 0;   /* drawn first, under the text */
      }
      if (it->kind == DL_IMAGE) { images++; if (fabs(it->x2 - it->y2) > 0.01) ok = 0; }
    }
    if (strcmp(sb_str(&w), "征求意见稿") != 0) ok = 0;
    sb_free(&w);
  }
  CHECK("watermark on every page along the diagonal, under the text", ok);
  CHECK("seal image square like its PNG", ok && images == 1);
  release(l, tree, d);
  d = diag_new("tests/layout/report.xml", 100);
  l = lay("tests/layout/report.xml", fs, d, &tree);
  ok = l != NULL;
  for (int p = 0; ok && p < l->npages; p++)
    if (!page_has(l, p, "新郑市县域共青团基层组织改革终期评估报告")) ok = 0;
  CHECK("header on every page", ok && l->npages > 3);
  release(l, tree, d);
}

/* 38 ideographs at 12pt on a 453.5pt measure: 37 fit, and the last line
 * would hold one character and its full stop; it takes one more instead. */
static void check_lone_char(fontset *fs)
{
  const char *xml = "<document><p indent=\"0\">县域共青团基层组织改革试点工作评估报告县域共青团基层组织改革试点工作评估报甲。</p></document>";
  diag_list *d = diag_new("lone.xml", 10);
  xmlDocPtr tree;
  dl_doc *l = lay_mem(xml, fs, d, &tree);
  layout_line a = {0}, b = {0};
  int ok = l && layout_line_count(l) == 2 && layout_line_get(l, 0, &a) == 0 && layout_line_get(l, 1, &b) == 0;
  CHECK("layout no lone character on a last line", ok && strcmp(b.text, "报甲。") == 0);
  CHECK("layout the line above still fills the measure", ok && a.justified && fabs(a.width - a.measure) < 1.0);
  release(l, tree, d);
}

/* A cell one character wide: every break is forced, yet no line starts with
 * a closing mark (it overhangs the line before). */
static void check_narrow_cell(fontset *fs)
{
  const char *xml = "<document><table cell-padding=\"0\"><col width=\"12.5pt\"/><tbody><tr><td>甲，乙。丙</td></tr></tbody></table></document>";
  diag_list *d = diag_new("narrow.xml", 10);
  xmlDocPtr tree;
  dl_doc *l = lay_mem(xml, fs, d, &tree);
  layout_line a[3];
  int ok = l && layout_line_count(l) == 3;
  for (int i = 0; ok && i < 3; i++) layout_line_get(l, i, &a[i]);
  CHECK("layout narrow cell keeps closing marks off line starts",
        ok && strcmp(a[0].text, "甲，") == 0 && strcmp(a[1].text, "乙。") == 0 && strcmp(a[2].text, "丙") == 0);
  release(l, tree, d);
}

/* A <spacer> inside <signature> moves the signature down by its height. */
static void check_signature_spacer(fontset *fs)
{
  double y[2] = { 0, 0 };
  const char *xml[2] = { "<document><p>正文。</p><signature><line align=\"right\">甲</line></signature></document>",
                         "<document><p>正文。</p><signature><spacer height=\"36pt\"/><line align=\"right\">甲</line></signature></document>" };
  for (int i = 0; i < 2; i++) {
    diag_list *d = diag_new("signature.xml", 10);
    xmlDocPtr tree;
    dl_doc *l = lay_mem(xml[i], fs, d, &tree);
    for (int k = 0; l && k < layout_line_count(l); k++) {
      layout_line a;
      layout_line_get(l, k, &a);
      if (strcmp(a.text, "甲") == 0) y[i] = a.y;
    }
    release(l, tree, d);
  }
  CHECK("layout spacer inside a signature", y[0] > 0 && fabs(y[1] - y[0] - 36) < 0.01);
}

/* The baseline of the first line whose text is want, or -1. */
static double line_y(const dl_doc *l, const char *want)
{
  for (int k = 0; k < layout_line_count(l); k++) {
    layout_line a;
    layout_line_get(l, k, &a);
    if (strcmp(a.text, want) == 0) return a.y;
  }
  return -1;
}

/* A table is set a unit of rows at a time (rows that a rowspan ties
 * together): the last row a spanning cell covers grows to hold it, the rows
 * below start under it, and a cell with inline elements or a character in no
 * font (gathered again when set) is set like the others. Cells are centred
 * vertically unless valign says otherwise. */
static void check_table_units(fontset *fs)
{
  const char *xml = "<document><table cell-padding=\"0\" line-pitch=\"20pt\" border=\"0\">"
                    "<col width=\"36pt\"/><col width=\"100pt\"/><tbody>"
                    "<tr><td>甲</td><td>一</td></tr>"
                    "<tr><td rowspan=\"2\">乙乙乙丙丙丙丁丁</td><td>二</td></tr>"
                    "<tr><td valign=\"top\">三<b>粗</b><span>2</span></td></tr>"
                    "<tr><td>戊</td><td>☃四</td></tr>"
                    "</tbody></table></document>";
  diag_list *d = diag_new("units.xml", 10);
  xmlDocPtr tree;
  dl_doc *l = lay_mem(xml, fs, d, &tree);
  double y1 = l ? line_y(l, "一") : -1, y2 = l ? line_y(l, "二") : -1, y3 = l ? line_y(l, "三粗2") : -1;
  double y4 = l ? line_y(l, "〓四") : -1, span = l ? line_y(l, "丁丁") : -1;
  CHECK("table units lay out, one warning for the missing character", l && diag_errors(d) == 0 && diag_warnings(d) == 1);
  CHECK("table units rows one pitch apart", y1 > 0 && fabs(y2 - y1 - 20) < 0.01 && fabs(y3 - y2 - 20) < 0.01);
  CHECK("table units spanning cell's three lines grow its last row", span > 0 && fabs(span - y2 - 40) < 0.01
        && fabs(y4 - y2 - 60) < 0.01 && fabs(line_y(l, "戊") - y4) < 0.01);
  release(l, tree, d);
}

/* A 合计 row never starts a page alone or with one row of its table: for
 * every length of table, its page holds at least two rows above it. */
static void check_total_keep(fontset *fs)
{
  int bad = 0, tried = 0;
  for (int rows = 20; rows <= 60; rows++) {
    strbuf x = {0};
    sb_add(&x, "<document><table line-pitch=\"20pt\"><col width=\"100pt\"/><tbody>");
    for (int r = 0; r < rows; r++) sb_add(&x, "<tr><td>行</td></tr>");
    sb_add(&x, "<tr kind=\"total\"><td>合计</td></tr></tbody></table></document>");
    diag_list *d = diag_new("total.xml", 10);
    xmlDocPtr tree;
    dl_doc *l = lay_mem(sb_str(&x), fs, d, &tree);
    int page = -1, above = 0;
    for (int k = 0; l && k < layout_line_count(l); k++) {
      layout_line a;
      layout_line_get(l, k, &a);
      if (strcmp(a.text, "合计") == 0) page = a.page;
    }
    for (int k = 0; l && k < layout_line_count(l); k++) {
      layout_line a;
      layout_line_get(l, k, &a);
      above += a.page == page && strcmp(a.text, "行") == 0;
    }
    tried += l && page >= 0;
    if (page > 0 && above < 2) { bad++; fprintf(stderr, "%d rows: 合计 on page %d with %d rows\n", rows, page + 1, above); }
    release(l, tree, d);
    sb_free(&x);
  }
  CHECK("table 合计 kept with two rows of its table, every length", tried == 41 && bad == 0);
}

int main(int argc, char **argv)
{
  if (argc >= 4 && strcmp(argv[1], "--render") == 0) return render(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
  diag_list *d = diag_new("fonts/fonts.conf", 100);
  fontset *fs = fonts(d);
  CHECK("layout fonts load", fs != NULL);
  if (fs) check_report(fs);
  if (fs) check_roster(fs);
  if (fs) check_table_units(fs);
  if (fs) check_squeeze(fs);
  if (fs) check_keeps(fs, "tests/layout/report.xml");
  if (fs) check_keeps(fs, "tests/layout/official.xml");
  if (fs) check_official(fs);
  if (fs) check_sections(fs);
  if (fs) check_colophon_page(fs);
  if (fs) check_charts(fs);
  if (fs) check_narrow_cell(fs);
  if (fs) check_lone_char(fs);
  if (fs) check_signature_spacer(fs);
  if (fs) check_total_keep(fs);
  if (fs) check_furniture(fs);
  fontset_free(fs);
  diag_free(d);
  xmlCleanupParser();
  return test_status();
}
