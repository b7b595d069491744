/* layout.c: document tree to pages (layout.h): sections, pagination and
 * page furniture.
 *
 * The blocks of each section become pieces of flow (layout_block.c).
 * Pagination places the pieces on pages ("place what fits, say whether more
 * remains"), backing up to the last piece that may end a page, and repeats a
 * table's header rows at the top of every page the table continues on, and
 * puts the last 版记 (colophon) at the foot of an even page. Page
 * furniture (header, footer, page numbers, the watermark) is added once the
 * page count is known. */
#include "layout.h"
#include "layout_block.h"
#include "layout_inline.h"
#include "dates.h"
#include "memory.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PAGES 20000
#define MAX_SECTIONS 1000
#define GIVE_BACK ((size_t)64 << 20)   /* bytes of pieces freed before the heap gives them back */

typedef struct lsection {
  xmlNode *node;
  double w, h, mt, mb, ml, mr;
  int pn_style, pn_pos, pn_role;
  double pn_size, pn_offset;
  xmlNode *header, *footer;
  char *watermark;
} lsection;

enum { PN_NONE, PN_DASH, PN_OF_TOTAL, PN_PLAIN };
enum { PP_OUTER, PP_CENTER, PP_RIGHT, PP_LEFT };

/* --------------------------------------------------------------- sections */

static char *sec_attr(lctx *c, xmlNode *sec, const char *name)
{
  char *v = sec != c->root ? lo_attr(sec, name) : NULL;
  return v ? v : lo_attr(c->root, name);
}

static double sec_len(lctx *c, xmlNode *sec, const char *name, double def)
{
  xmlNode *where = sec != c->root && xmlHasProp(sec, (const xmlChar *)name) ? sec : c->root;
  return lo_len_attr(c, where, name, NULL, def);
}

static void section_setup(lctx *c, xmlNode *sec, lsection *s)
{
  memset(s, 0, sizeof *s);
  s->node = sec;
  char *paper = sec_attr(c, sec, "paper"), *orient = sec_attr(c, sec, "orientation");
  s->w = 595.276; s->h = 841.890;
  if (paper && strcmp(paper, "A3") == 0) { s->w = 841.890; s->h = 1190.551; }
  else if (paper && strcmp(paper, "A4") != 0) lo_warn(c, sec, "paper='%s' is not A4 or A3; A4 used", paper);
  if (orient && strcmp(orient, "landscape") == 0) { double t = s->w; s->w = s->h; s->h = t; }
  free(paper);
  free(orient);
  s->mt = sec_len(c, sec, "margin-top", c->grid ? 37 * MM : 25 * MM);
  s->mb = sec_len(c, sec, "margin-bottom", c->grid ? 35 * MM : 25 * MM);
  s->ml = sec_len(c, sec, "margin-left", c->grid ? 28 * MM : 25 * MM);
  s->mr = sec_len(c, sec, "margin-right", c->grid ? 26 * MM : 25 * MM);
  if (s->mt + s->mb > s->h - 72 || s->ml + s->mr > s->w - 72) {
    lo_error(c, sec, "the margins leave less than an inch for the text");
    s->mt = s->mb = s->ml = s->mr = 25 * MM;
  }
  char *pn = sec_attr(c, sec, "page-number"), *pp = sec_attr(c, sec, "page-number-position");
  s->pn_style = !pn || strcmp(pn, "dash") == 0 ? PN_DASH : strcmp(pn, "of-total") == 0 ? PN_OF_TOTAL
              : strcmp(pn, "plain") == 0 ? PN_PLAIN : PN_NONE;
  s->pn_pos = !pp || strcmp(pp, "outer") == 0 ? PP_OUTER : strcmp(pp, "center") == 0 ? PP_CENTER
            : strcmp(pp, "right") == 0 ? PP_RIGHT : PP_LEFT;
  if (!pp && s->pn_style == PN_OF_TOTAL) s->pn_pos = PP_CENTER;
  free(pn);
  free(pp);
  char *pf = sec_attr(c, sec, "page-number-font");
  s->pn_role = pf && fontset_role(pf) >= 0 ? fontset_role(pf) : FONT_SONG;
  free(pf);
  s->pn_size = sec_len(c, sec, "page-number-size", 14);
  s->pn_offset = sec_len(c, sec, "page-number-offset", 7 * MM);
  for (xmlNode *k = sec->children; k; k = k->next) {
    if (lo_is_el(k, "header")) s->header = k;
    if (lo_is_el(k, "footer")) s->footer = k;
  }
  if (sec != c->root) {
    for (xmlNode *k = c->root->children; k; k = k->next) {
      if (!s->header && lo_is_el(k, "header")) s->header = k;
      if (!s->footer && lo_is_el(k, "footer")) s->footer = k;
    }
  }
  s->watermark = sec_attr(c, sec, "watermark");
}

/* ------------------------------------------------------------- pagination */

typedef struct page_plan { int section, hdr_table, cont; } page_plan;

/* Decides the page and position of every piece. Returns the number of pages;
 * *plans (new array) says per page its section and repeated table header. */
static int paginate(lctx *c, const lsection *secs, flow *f, int *pg, double *py, page_plan **plans)
{
  int np = 0, cap = 0, first = 0;
  page_plan *pl = NULL;
  double y = 0;
  int i = 0, last_bottom = f->n - 1;
  while (last_bottom >= 0 && !f->v[last_bottom].bottom) last_bottom--;
  while (i < f->n) {
    piece *p = &f->v[i];
    const lsection *s = &secs[p->section];
    double avail = s->h - s->mt - s->mb;
    int fresh = np > 0 && i == first;
    if (np == 0 || p->section != pl[np - 1].section || (p->force_break && !fresh)) {
      if (np >= MAX_PAGES) { lo_error(c, NULL, "more than %d pages", MAX_PAGES); break; }
      if (np == cap) { cap = cap ? cap * 2 : 16; pl = xrealloc(pl, (size_t)cap * sizeof *pl); }
      pl[np++] = (page_plan){ p->section, -1, 0 };
      first = i;
      y = 0;
      fresh = 1;
    }
    if (fresh && pl[np - 1].hdr_table < 0 && p->table >= 0 && !p->is_header
        && c->theader[p->table] >= 0 && c->trepeat[p->table]) {
      pl[np - 1].hdr_table = p->table;
      y = f->v[c->theader[p->table]].h;
    }
    /* a table's group continued from the page before: its continuation row */
    if (fresh && pl[np - 1].cont == 0 && p->cont > 0 && c->conts) {
      pl[np - 1].cont = p->cont;
      y += c->conts->v[p->cont - 1].h;
    }
    double gap = fresh ? 0 : p->before;
    if (p->bottom) {
      if (i == last_bottom && np % 2 == 1) {
        /* GB/T 9704: the last 版记 on an even page, the back of the last
         * sheet; an odd page stays as it is (blank, unnumbered, when it
         * holds nothing) and the 版记 goes on the next */
        if (np >= MAX_PAGES) { lo_error(c, NULL, "more than %d pages", MAX_PAGES); break; }
        if (np == cap) { cap = cap ? cap * 2 : 16; pl = xrealloc(pl, (size_t)cap * sizeof *pl); }
        pl[np++] = (page_plan){ p->section, -1, 0 };
        first = i;
        y = 0;
        continue;
      }
      if (fresh || y + gap + p->h <= avail + 0.01) {
        pg[i] = np - 1;
        py[i] = avail - p->h > y + gap ? avail - p->h : y + gap;
        y = avail + 1;
        i++;
        continue;
      }
    } else if (fresh || y + gap + p->h <= avail + 0.01) {
      pg[i] = np - 1;
      py[i] = y + gap;
      y += gap + p->h;
      i++;
      continue;
    }
    int k = i - 1;
    while (k >= first && f->v[k].keep_next) k--;
    if (k < first) k = i - 1;
    i = k + 1;
    if (np == cap) { cap = cap ? cap * 2 : 16; pl = xrealloc(pl, (size_t)cap * sizeof *pl); }
    if (np >= MAX_PAGES) { lo_error(c, NULL, "more than %d pages", MAX_PAGES); break; }
    pl[np++] = (page_plan){ f->v[i].section, -1, 0 };
    first = i;
    y = 0;
  }
  *plans = pl;
  return np;
}

static void move_piece(dl_doc *d, int page, piece *p, double dy, int copy, int lines)
{
  dl_page *pg = &d->pages[page];
  dl_copy_all(&pg->items, p->items.v, p->items.n, dy, !copy);
  if (copy) return;
  for (int k = 0; k < p->nlines && lines; k++) {
    if (d->nlines == d->lcap) { d->lcap = d->lcap ? d->lcap * 2 : 256; d->lines = xrealloc(d->lines, (size_t)d->lcap * sizeof *d->lines); }
    dl_line ln = p->lines[k];
    ln.y += dy;
    ln.page = page;
    d->lines[d->nlines++] = ln;
  }
  for (int k = 0; k < p->nmarks; k++) {
    if (d->nmarks == d->mcap) { d->mcap = d->mcap ? d->mcap * 2 : 16; d->marks = xrealloc(d->marks, (size_t)d->mcap * sizeof *d->marks); }
    dl_mark m = p->marks[k];
    m.y += dy;
    m.page = page;
    d->marks[d->nmarks++] = m;
    p->marks[k].title = NULL;
  }
}

/* Items a page's header, footer, number and watermark usually take: room
 * for them is kept when the page is made, so that adding them does not
 * double the page's list. */
#define FURNITURE_ROOM 32

/* Makes page i of the section s: its size and text block, room for `room`
 * items, the tables' closing rules and the furniture, and the repeated table header and
 * （续） row the plan puts at its top (copies: the originals stay for later
 * pages). */
static void make_page(lctx *c, dl_doc *doc, int i, const lsection *s, const page_plan *plan, flow *f, int room)
{
  dl_page *p = &doc->pages[i];
  dl_reserve(&p->items, room + c->ntables + FURNITURE_ROOM);
  p->w = s->w; p->h = s->h;
  p->bx = s->ml; p->by = s->mt; p->bw = s->w - s->ml - s->mr; p->bh = s->h - s->mt - s->mb;
  p->number = i + 1;
  p->unnumbered = 1;
  double top = p->by;
  if (plan->hdr_table >= 0) {
    move_piece(doc, i, &f->v[c->theader[plan->hdr_table]], top, 1, 0);
    top += f->v[c->theader[plan->hdr_table]].h;
  }
  if (plan->cont > 0) move_piece(doc, i, &c->conts->v[plan->cont - 1], top, 1, 0);
}

/* ---------------------------------------------------------------- furniture */

static void furniture_line(lctx *c, dl_page *pg, xmlNode *n, double top)
{
  lstyle st = lo_style(c, n);
  if (st.align == AL_JUSTIFY) st.align = AL_CENTER;
  int start = pg->items.n;
  lo_inline_box(c, &pg->items, n, &st, pg->bx, top, pg->bw, NULL);
  for (int k = start; k < pg->items.n; k++) pg->items.v[k].furniture = 1;
}

static void add_furniture(lctx *c, dl_page *pg, const lsection *s, int npages)
{
  char num[32], cnt[32];
  snprintf(num, sizeof num, "%d", pg->number);
  snprintf(cnt, sizeof cnt, "%d", npages);
  c->pn_text = num;
  c->pc_text = cnt;
  /* a blank page (one left before an even 版记 page) stays blank */
  if (s->watermark && *s->watermark && pg->items.n > 0) {
    double dg = sqrt(pg->w * pg->w + pg->h * pg->h);
    double w1 = lo_text_width(c, FONT_HEI, 100, s->watermark);
    double size = w1 > 0 ? 100 * dg * 0.55 / w1 : 100;
    if (size > 160) size = 160;
    double ang = atan2(pg->h, pg->w);
    double w = w1 * size / 100;
    /* centre the text: start point back along the diagonal by half its width */
    double cx = pg->w / 2 - cos(ang) * w / 2 - sin(ang) * size * 0.35;
    double cy = pg->h / 2 + sin(ang) * w / 2 - cos(ang) * size * 0.35;
    int k0 = pg->items.n;
    lo_label(c, &pg->items, cx, cy, s->watermark, FONT_HEI, size, 0xD8D8D8, AL_LEFT);
    /* lo_label lays the runs out horizontally; rotate each about the start */
    for (int k = k0; k < pg->items.n; k++) {
      dl_item *it = &pg->items.v[k];
      double dx = it->x - cx;
      it->x = cx + dx * cos(ang);
      it->y = cy - dx * sin(ang);
      it->angle = ang * 180 / M_PI;
    }
    /* the watermark goes under everything: move it to the front */
    int nw = pg->items.n - k0;
    dl_item *tmp = xmalloc((size_t)nw * sizeof *tmp);
    memcpy(tmp, pg->items.v + k0, (size_t)nw * sizeof *tmp);
    memmove(pg->items.v + nw, pg->items.v, (size_t)k0 * sizeof *tmp);
    memcpy(pg->items.v, tmp, (size_t)nw * sizeof *tmp);
    free(tmp);
  }
  int start = pg->items.n;
  if (s->header) furniture_line(c, pg, s->header, pg->by - 2 * 10.5 * 1.5);
  if (s->footer) furniture_line(c, pg, s->footer, pg->by + pg->bh + s->pn_offset + s->pn_size * 1.6);
  if (s->pn_style != PN_NONE && !pg->unnumbered) {
    char *t = s->pn_style == PN_DASH ? xasprintf("— %d —", pg->number)
            : s->pn_style == PN_OF_TOTAL ? xasprintf("第 %d 页 共 %d 页", pg->number, npages)
            : xasprintf("%d", pg->number);
    double base = pg->by + pg->bh + s->pn_offset + ASCENT * s->pn_size;
    int pos = s->pn_pos;
    if (pos == PP_OUTER) pos = pg->number % 2 ? PP_RIGHT : PP_LEFT;
    double em = s->pn_size;
    if (pos == PP_RIGHT) lo_label(c, &pg->items, pg->bx + pg->bw - em, base, t, s->pn_role, s->pn_size, 0, AL_RIGHT);
    else if (pos == PP_LEFT) lo_label(c, &pg->items, pg->bx + em, base, t, s->pn_role, s->pn_size, 0, AL_LEFT);
    else lo_label(c, &pg->items, pg->bx + pg->bw / 2, base, t, s->pn_role, s->pn_size, 0, AL_CENTER);
    free(t);
  }
  for (int k = start; k < pg->items.n; k++) pg->items.v[k].furniture = 1;
  for (int k = 0; k < pg->items.n; k++)
    if (pg->items.v[k].kind == DL_TEXT && pg->items.v[k].angle != 0) pg->items.v[k].furniture = 1;
  c->pn_text = c->pc_text = NULL;
}

/* ------------------------------------------------------------------- run */

static void doc_info(lctx *c, dl_doc *d)
{
  d->title = lo_attr(c->root, "title");
  d->author = lo_attr(c->root, "author");
  d->subject = lo_attr(c->root, "subject");
  d->keywords = lo_attr(c->root, "keywords");
  d->creator = lo_attr(c->root, "creator");
  d->docno = lo_attr(c->root, "doc-number");
  char *cr = lo_attr(c->root, "created");
  if (cr) {
    dates_ymd dt;
    if (dates_parse(cr, 0, &dt) == DATE_OK) {
      d->created[0] = dt.y; d->created[1] = dt.m; d->created[2] = dt.d;
    } else lo_warn(c, c->root, "created='%s' is not a date (YYYY-MM-DD); no creation date written", cr);
    free(cr);
  }
  char *bm = lo_attr(c->root, "bookmarks");
  d->bookmarks = !bm || strcmp(bm, "no") != 0;
  free(bm);
  char *pa = lo_attr(c->root, "pdfa");
  d->pdfa = pa && strcmp(pa, "yes") == 0;
  free(pa);
}

static dl_doc *run(xmlDocPtr tree, fontset *fs, diag_list *d, int take)
{
  lctx c = { .fs = fs, .d = d, .tree = tree, .take = take };
  lsection *secs = NULL;   /* the document's sections, in order */
  int nsecs = 0;
  c.root = xmlDocGetRootElement(tree);
  if (!c.root || !lo_is_el(c.root, "document")) {
    diag_add(d, DIAG_ERROR, NULL, "the document tree has no <document> root");
    return NULL;
  }
  int errors0 = diag_errors(d);
  dl_doc *doc = dl_doc_new(fs);
  c.doc = doc;
  doc_info(&c, doc);
  double gl = lo_len_attr(&c, c.root, "grid-lines", NULL, 0), gc = lo_len_attr(&c, c.root, "grid-chars", NULL, 0);
  if (gl > 0 || gc > 0) {
    c.grid = 1;
    lsection s0;
    section_setup(&c, c.root, &s0);
    free(s0.watermark);
    lstyle base = lo_style(&c, c.root);
    if (gl >= 1) c.grid_pitch = (s0.h - s0.mt - s0.mb) / gl;
    if (gc >= 2) c.grid_ls = (s0.w - s0.ml - s0.mr - gc * base.size) / (gc - 1);
  }
  lo_style_remember(&c);
  /* sections, in document order: every <section>, and every run of blocks
   * standing directly in <document> (set with the document's own settings) */
  flow f = {0};
  int cap = 0;
  for (xmlNode *k = c.root->children; k;) {
    int is_sec = lo_is_el(k, "section");
    if (!is_sec && (k->type != XML_ELEMENT_NODE || lo_is_el(k, "header") || lo_is_el(k, "footer"))) { k = k->next; continue; }
    if (nsecs >= MAX_SECTIONS) { lo_error(&c, k, "more than %d sections", MAX_SECTIONS); break; }
    if (nsecs == cap) { cap = cap ? cap * 2 : 8; secs = xrealloc(secs, (size_t)cap * sizeof *secs); }
    xmlNode *sn = is_sec ? k : c.root;
    section_setup(&c, sn, &secs[nsecs]);
    lsection *s = &secs[nsecs++];
    int k0 = f.n;
    c.pending_after = 0;
    lo_blocks(&c, &f, is_sec ? k->children : k, s->ml, s->w - s->ml - s->mr, s->h - s->mt - s->mb, 0);
    if (f.n == k0) flow_add(&f, &c);
    for (int i = k0; i < f.n; i++) f.v[i].section = nsecs - 1;
    if (is_sec) k = k->next;
    else while (k && !lo_is_el(k, "section")) k = k->next;
  }
  if (nsecs == 0) {
    secs = xcalloc(1, sizeof *secs);
    section_setup(&c, c.root, &secs[nsecs++]);
    flow_add(&f, &c);
  }
  int *pg = xcalloc((size_t)f.n + 1, sizeof *pg);
  double *py = xcalloc((size_t)f.n + 1, sizeof *py);
  page_plan *plans = NULL;
  int np = paginate(&c, secs, &f, pg, py, &plans);
  doc->pages = xcalloc((size_t)np + 1, sizeof *doc->pages);
  doc->npages = np;
  /* room on every page for the items of its pieces, its repeated table
   * header and the tables' closing rules; reserved when the page is made,
   * just before its pieces move there (pieces are freed as they move, so
   * the pieces and the pages never both hold the whole document) */
  int *room = xcalloc((size_t)np + 1, sizeof *room);
  for (int i = 0; i < f.n && np > 0; i++) room[pg[i]] += f.v[i].items.n;
  for (int i = 0; i < np; i++) {
    if (plans[i].hdr_table >= 0) room[i] += f.v[c.theader[plans[i].hdr_table]].items.n;
    if (plans[i].cont > 0) room[i] += c.conts->v[plans[i].cont - 1].items.n;
  }
  int made = 0;   /* pages made so far, in order */
  size_t freed = 0;   /* bytes of pieces freed since the heap last gave them back */
  /* the rule closing a three-line table on each page it reaches */
  int *last_on_page = xmalloc(((size_t)c.ntables + 1) * sizeof *last_on_page);
  for (int i = 0, cur = -1; i < f.n && np > 0; i++) {
    for (; made <= pg[i]; made++) make_page(&c, doc, made, &secs[plans[made].section], &plans[made], &f, room[made]);
    if (pg[i] != cur) {
      cur = pg[i];
      for (int t = 0; t < c.ntables; t++) last_on_page[t] = -1;
    }
    if (!f.v[i].bottom && f.v[i].items.n > 0) doc->pages[pg[i]].unnumbered = 0;
    move_piece(doc, pg[i], &f.v[i], doc->pages[pg[i]].by + py[i], 0, !c.take);
    /* a table's header piece is copied onto later pages: keep it; free the rest now */
    if (!f.v[i].is_header) {
      freed += (size_t)f.v[i].items.cap * sizeof *f.v[i].items.v;
      dl_list_free(&f.v[i].items);
    }
    if (freed >= GIVE_BACK) {   /* the pages cannot reuse the pieces' blocks */
      memory_give_back();
      freed = 0;
    }
    free(f.v[i].lines);   /* copied to the document's lines, unless take (a header's copies take none) */
    f.v[i].lines = NULL;
    f.v[i].nlines = 0;
    int t = f.v[i].table;
    if (t >= 0) last_on_page[t] = i;
    int end_of_page = i + 1 == f.n || pg[i + 1] != cur;
    for (int tt = 0; end_of_page && tt < c.ntables; tt++) {
      int j = last_on_page[tt];
      if (j < 0 || c.trule[tt] <= 0) continue;
      double yb = doc->pages[cur].by + py[j] + f.v[j].h;
      dl_add_line(&doc->pages[cur].items, c.tx[tt], yb, c.tx[tt] + c.tw[tt], yb, 0, c.trule[tt]);
    }
  }
  free(last_on_page);
  for (; made < np; made++) make_page(&c, doc, made, &secs[plans[made].section], &plans[made], &f, room[made]);
  free(room);
  for (int i = 0; i < np; i++) add_furniture(&c, &doc->pages[i], &secs[plans[i].section], np);
  lo_inline_report(&c);
  free(plans);
  free(pg);
  free(py);
  flow_free(&f);
  for (int i = 0; i < nsecs; i++) free(secs[i].watermark);
  free(secs);
  lo_ctx_done(&c);
  lo_style_done(&c);
  lo_inline_done(&c);
  if (diag_errors(d) > errors0) { dl_doc_free(doc); return NULL; }
  return doc;
}

dl_doc *layout_run(xmlDocPtr tree, fontset *fs, diag_list *d)
{
  return run(tree, fs, d, 0);
}

dl_doc *layout_run_take(xmlDocPtr tree, fontset *fs, diag_list *d)
{
  return run(tree, fs, d, 1);
}

int layout_line_count(const dl_doc *l) { return l->nlines; }

int layout_line_get(const dl_doc *l, int i, layout_line *out)
{
  if (i < 0 || i >= l->nlines) return -1;
  const dl_line *s = &l->lines[i];
  *out = (layout_line){ .page = s->page, .x = s->x, .y = s->y, .width = s->width, .measure = s->measure,
                        .size = s->size, .justified = s->justified, .last = s->last, .text = s->text };
  return 0;
}

int layout_mark_count(const dl_doc *l) { return l->nmarks; }

int layout_mark_get(const dl_doc *l, int i, const char **title, int *level, int *page)
{
  if (i < 0 || i >= l->nmarks) return -1;
  *title = l->marks[i].title;
  *level = l->marks[i].level;
  *page = l->marks[i].page;
  return 0;
}
