/* layout_table.c: tables (layout_table.h).
 *
 * Rows of <thead> and <tbody> are placed on a grid (colspan, rowspan); column
 * widths come from <col> (fixed lengths, proportional "2*", or "auto" from the
 * content within min and max); cells wrap their text. The header rows become
 * one piece that pagination repeats at the top of every page the table
 * continues on; body rows become one piece per row (or per group of rows that a
 * rowspan ties together); a row taller than a page is cut between its lines
 * into pieces of at most a page. Rules: "grid" frames every cell,
 * "three-line" draws the heavy top and bottom rules and the one under the
 * header. */
#include "layout_table.h"
#include "layout_inline.h"
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_MAX_COLS 64
#define TABLE_MAX_ROWS 300000
#define TABLE_MAX_SPAN 1000
#define SHORT_WORD_EM 5          /* a cell's text at most this many em wide is kept on one line */
#define SMALL_TABLE 0.34         /* a table at most this share of the page high is kept whole */

/* A cell, kept from placing to setting: a long table has millions. */
typedef struct tcell {
  xmlNode *node;
  int r;                 /* its first row */
  int st;                /* its style: table.styles[st] */
  unsigned short rs;     /* rows it spans (at most TABLE_MAX_SPAN) */
  unsigned char c, cs;   /* its first column, columns it spans (at most TABLE_MAX_COLS) */
  unsigned char align;   /* AL_* */
  unsigned char valign;  /* 0 top, 1 middle, 2 bottom */
} tcell;

/* A group's continuation row, noted until the table's rows are set (group_cont). */
typedef struct tcont {
  int piece;             /* the group row's piece in the flow */
  int role;              /* the font role of the row's last cell, -1 when it has none */
  char *suffix;          /* what the copy adds: the row's continued attribute */
} tcont;

/* A cell of the unit of rows being set (table.set, by its number in the unit). */
typedef struct tset {
  int i0, i1;            /* its items in table.items, laid out at x = column left, y = 0 (top of the cell) */
  int l0, l1;            /* its lines in table.lines */
  double h;              /* content height plus padding */
  double pitch;
} tset;

typedef struct trow { xmlNode *node; int header; int kind; double min_h; } trow;

enum { ROW_NORMAL, ROW_GROUP, ROW_SUBTOTAL, ROW_TOTAL };

typedef struct tcol { int kind; double w, min, max; int align; } tcol;   /* kind 0 auto, 1 fixed, 2 star */

typedef struct table {
  trow *rows; int nrows, rcap;
  tcell *cells; int ncells, ccap;
  tcol cols[TABLE_MAX_COLS]; int ncols;
  double colx[TABLE_MAX_COLS];   /* the left edge of each column */
  tset *set; int setcap; /* the cells of the unit being set */
  tcont *conts; int nconts, ccont;   /* continuation rows noted, not made yet */
  dl_list items;         /* the items of one unit's cells, each cell's in one range */
  dl_lines lines;        /* the lines of one unit's cells, likewise */
  lstyle *styles;        /* the cells' styles, each once (a long table's cells share a few) */
  int nstyles, scap;
  int *slot; int nslots; /* styles by hash (open addressing, half full at most): index + 1, 0 empty */
  double *rh;
  double pad, border;
  int three_line;
} table;

static int align_of(const char *s, int def)
{
  if (!s) return def;
  if (strcmp(s, "left") == 0) return AL_LEFT;
  if (strcmp(s, "center") == 0) return AL_CENTER;
  if (strcmp(s, "right") == 0) return AL_RIGHT;
  if (strcmp(s, "justify") == 0) return AL_JUSTIFY;
  return def;
}

static int int_attr(xmlNode *n, const char *name, int def, int max)
{
  char *v = lo_attr(n, name);
  if (!v) return def;
  int r = atoi(v);
  free(v);
  return r < 1 ? 1 : r > max ? max : r;
}

static int is_named(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int has_element_child(const xmlNode *n)
{
  for (const xmlNode *k = n->children; k; k = k->next)
    if (k->type == XML_ELEMENT_NODE) return 1;
  return 0;
}

static void add_row(table *t, xmlNode *n, int header)
{
  if (t->nrows == t->rcap) { t->rcap = t->rcap ? t->rcap * 2 : 64; t->rows = xrealloc(t->rows, (size_t)t->rcap * sizeof *t->rows); }
  char *k = lo_attr(n, "kind");
  int kind = !k ? ROW_NORMAL : strcmp(k, "group") == 0 ? ROW_GROUP : strcmp(k, "subtotal") == 0 ? ROW_SUBTOTAL
           : strcmp(k, "total") == 0 ? ROW_TOTAL : ROW_NORMAL;
  free(k);
  t->rows[t->nrows++] = (trow){ n, header, kind, 0 };
}

/* The style of a cell. */
static const lstyle *cst(const table *t, const tcell *cell)
{
  return &t->styles[cell->st];
}

static int same_style(const lstyle *a, const lstyle *b)
{
  return a->role == b->role && a->size == b->size && a->pitch == b->pitch && a->ls == b->ls &&
         a->indent == b->indent && a->before == b->before && a->after == b->after && a->bold == b->bold &&
         a->align == b->align && a->keep == b->keep && a->color == b->color;
}

static size_t style_hash(const lstyle *s, int nslots)
{
  double v[] = { s->size, s->pitch, s->ls, s->indent, s->before, s->after };
  uint64_t h = (uint64_t)(unsigned)s->role * 31 + (unsigned)s->bold * 7 + (unsigned)s->align * 3 + (unsigned)s->keep + s->color;
  for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
    uint64_t b;
    double x = v[i] == 0 ? 0 : v[i];   /* -0 and 0 alike, as same_style sees them */
    memcpy(&b, &x, sizeof b);
    h = (h ^ b) * 0x9E3779B97F4A7C15ull;
  }
  return (size_t)(h >> 17) & (size_t)(nslots - 1);
}

/* The number of style s in t->styles, added when new. */
static int style_index(table *t, const lstyle *s)
{
  if ((t->nstyles + 1) * 2 > t->nslots) {
    free(t->slot);
    t->nslots = t->nslots ? t->nslots * 2 : 64;
    t->slot = xcalloc((size_t)t->nslots, sizeof *t->slot);
    for (int i = 0; i < t->nstyles; i++) {
      size_t h = style_hash(&t->styles[i], t->nslots);
      while (t->slot[h]) h = (h + 1) & (size_t)(t->nslots - 1);
      t->slot[h] = i + 1;
    }
  }
  size_t h = style_hash(s, t->nslots);
  for (; t->slot[h]; h = (h + 1) & (size_t)(t->nslots - 1))
    if (same_style(&t->styles[t->slot[h] - 1], s)) return t->slot[h] - 1;
  if (t->nstyles == t->scap) {
    t->scap = t->scap ? t->scap * 2 : 16;
    t->styles = xrealloc(t->styles, (size_t)t->scap * sizeof *t->styles);
  }
  t->styles[t->nstyles] = *s;
  t->slot[h] = t->nstyles + 1;
  return t->nstyles++;
}

/* Places the cells of rows [r0, r1) on the grid, honouring spans. Returns -1
 * after an error. */
static int place_cells(lctx *c, table *t, int r0, int r1, xmlNode *tnode)
{
  int nr = r1 - r0;
  if (nr <= 0) return 0;
  unsigned char *occ = xcalloc((size_t)nr * TABLE_MAX_COLS, 1);
  for (int r = r0; r < r1; r++) {
    int col = 0;
    for (xmlNode *td = t->rows[r].node->children; td; td = td->next) {
      if (!is_named(td, "td")) continue;
      while (col < TABLE_MAX_COLS && occ[(size_t)(r - r0) * TABLE_MAX_COLS + col]) col++;
      int plain = lo_attrless(td);   /* most cells: no attribute to look for */
      int cs = plain ? 1 : int_attr(td, "colspan", 1, TABLE_MAX_COLS);
      int rs = plain ? 1 : int_attr(td, "rowspan", 1, TABLE_MAX_SPAN);
      if (col + cs > TABLE_MAX_COLS) {
        lo_error(c, td, "a table has more than %d columns", TABLE_MAX_COLS);
        free(occ);
        return -1;
      }
      if (r + rs > r1) rs = r1 - r;
      for (int i = 0; i < rs; i++)
        for (int j = 0; j < cs; j++) occ[(size_t)(r - r0 + i) * TABLE_MAX_COLS + col + j] = 1;
      if (t->ncells == t->ccap) { t->ccap = t->ccap ? t->ccap * 2 : 256; t->cells = xrealloc(t->cells, (size_t)t->ccap * sizeof *t->cells); }
      tcell *cell = &t->cells[t->ncells++];
      memset(cell, 0, sizeof *cell);
      cell->node = td;
      cell->r = r; cell->c = (unsigned char)col; cell->rs = (unsigned short)rs; cell->cs = (unsigned char)cs;
      if (col + cs > t->ncols) t->ncols = col + cs;
      col += cs;
    }
  }
  free(occ);
  (void)tnode;
  return 0;
}

/* Column widths: fixed ones as given, then auto columns from their content
 * (shrunk towards their widest unbreakable unit when the table is too narrow),
 * then star columns share what is left. */
static void column_widths(lctx *c, table *t, double tw)
{
  double nat[TABLE_MAX_COLS] = {0}, unit[TABLE_MAX_COLS] = {0};
  for (int i = 0; i < t->ncells; i++) {
    tcell *cell = &t->cells[i];
    if (cell->cs != 1) continue;
    double n, u;
    lo_inline_measure(c, cell->node, cst(t, cell), &n, &u);
    n += 2 * t->pad + 0.5;
    u += 2 * t->pad + 0.5;
    /* a short text (a word: 蒙古族, 硕士研究生, 副书记) is never broken: its
     * whole width is the least its column may have */
    if (n <= SHORT_WORD_EM * cst(t, cell)->size + 2 * t->pad + 0.5 && n > u) u = n;
    if (n > nat[cell->c]) nat[cell->c] = n;
    if (u > unit[cell->c]) unit[cell->c] = u;
  }
  double fixed = 0, stars = 0, want = 0, least = 0;
  for (int j = 0; j < t->ncols; j++) {
    tcol *col = &t->cols[j];
    if (col->kind == 1) fixed += col->w;
    else if (col->kind == 2) { stars += col->w; least += col->min; }
    else {
      double lo = unit[j] > col->min ? unit[j] : col->min;
      double hi = nat[j] < lo ? lo : nat[j];
      if (col->max > 0 && hi > col->max) hi = col->max > lo ? col->max : lo;
      unit[j] = lo;
      nat[j] = hi;
      want += hi;
      least += lo;
    }
  }
  double rest = tw - fixed;
  double shrink = 1;
  if (want > 0 && want > rest - (stars > 0 ? least : 0)) {
    double room = rest - (stars > 0 ? least : 0);
    double lo_sum = 0;
    for (int j = 0; j < t->ncols; j++) if (t->cols[j].kind == 0) lo_sum += unit[j];
    shrink = want - lo_sum > 0 ? (room - lo_sum) / (want - lo_sum) : 0;
    if (shrink < 0) shrink = 0;
  }
  double used = fixed;
  for (int j = 0; j < t->ncols; j++) {
    tcol *col = &t->cols[j];
    if (col->kind == 0) {
      col->w = shrink < 1 ? unit[j] + (nat[j] - unit[j]) * shrink : nat[j];
      used += col->w;
    }
  }
  double left = tw - used;
  if (stars > 0) {
    for (int j = 0; j < t->ncols; j++) {
      tcol *col = &t->cols[j];
      if (col->kind != 2) continue;
      double share = stars > 0 ? col->w / stars : 0;
      col->w = left > 0 ? left * share : 0;
      if (col->w < col->min) col->w = col->min;
    }
  } else if (left > 0 && want > 0) {
    /* no proportional column: the auto columns take the rest */
    for (int j = 0; j < t->ncols; j++)
      if (t->cols[j].kind == 0) t->cols[j].w += left * nat[j] / want;
  }
}

static double span_w(const table *t, int c0, int n)
{
  double w = 0;
  for (int j = c0; j < c0 + n; j++) w += t->cols[j].w;
  return w;
}

/* Moves the items k0 .. k1 - 1 of src with lo <= y < hi to dst, shifted by
 * dy. The ranges of a row's fragments do not overlap, so every item moves at
 * most once. */
static void shift_items(dl_list *dst, dl_list *src, int k0, int k1, double dy, double lo, double hi)
{
  for (int k = k0; k < k1; k++)
    if (src->v[k].y >= lo && src->v[k].y < hi) dl_copy(dst, &src->v[k], dy, 1);
}

/* Adds the rows [r0, r1] as pieces of f: one piece, or several when the rows
 * are taller than limit (a single row cut between its lines). */
static void emit_rows(lctx *c, flow *f, table *t, int tno, int r0, int r1, int first_cell, double x,
                      double limit, int header)
{
  double top[TABLE_MAX_SPAN + 1];
  double h = 0;
  int nr = r1 - r0 + 1;
  if (nr > TABLE_MAX_SPAN) nr = TABLE_MAX_SPAN;
  for (int i = 0; i < nr; i++) { top[i] = h; h += t->rh[r0 + i]; }
  top[nr] = h;
  /* cut positions: the whole unit, or slices of the content for a tall row */
  double step = h;
  int nfrag = 1;
  if (!header && nr == 1 && h > limit && limit > 4 * t->pad) {
    double pitch = 0;
    for (int i = first_cell; i < t->ncells && t->cells[i].r <= r1; i++)
      if (t->set[i - first_cell].pitch > pitch) pitch = t->set[i - first_cell].pitch;
    if (pitch <= 0) pitch = 12;
    step = floor((limit - 2 * t->pad) / pitch) * pitch;
    if (step < pitch) step = pitch;
    nfrag = (int)ceil((h - 2 * t->pad) / step - 1e-6);
    if (nfrag < 1) nfrag = 1;
  }
  for (int fi = 0; fi < nfrag; fi++) {
    piece *p = flow_add(f, c);
    p->table = tno;
    p->is_header = header;
    /* a header, or a group row (the unit's name), stays with the row below */
    p->keep_next = header || t->rows[r0].kind == ROW_GROUP;
    double lo = nfrag == 1 ? -1e9 : t->pad + fi * step, hi = nfrag == 1 ? 1e9 : t->pad + (fi + 1) * step;
    double fh = nfrag == 1 ? h : (fi + 1 < nfrag ? step + 2 * t->pad : h - fi * step);
    if (fi == 0 && nfrag > 1) lo = -1e9;
    if (fi + 1 == nfrag && nfrag > 1) hi = 1e9;
    double dy = nfrag == 1 ? 0 : -fi * step;
    p->h = fh;
    /* room for all the unit's items (with the fill and the frame a cell
     * gets, and two rules) and lines at once, rather than growing per cell:
     * just that much, as every piece stays until the pages are made */
    int nitems = 2, nlines = 0, framed = !t->three_line && t->border > 0;
    for (int i = first_cell; i < t->ncells && t->cells[i].r <= r1; i++)
      if (t->cells[i].r >= r0) {
        int kind = t->rows[t->cells[i].r].kind;
        const tset *cs = &t->set[i - first_cell];
        nitems += cs->i1 - cs->i0 + framed + (kind == ROW_GROUP || kind == ROW_TOTAL || header);
        nlines += header ? 0 : cs->l1 - cs->l0;
      }
    dl_reserve(&p->items, nitems);
    if (nlines) p->lines = xmalloc((size_t)nlines * sizeof *p->lines);
    for (int i = first_cell; i < t->ncells && t->cells[i].r <= r1; i++) {
      const tcell *cell = &t->cells[i];
      const tset *cs = &t->set[i - first_cell];
      if (cell->r < r0) continue;
      int ri = cell->r - r0, re = ri + cell->rs;
      if (re > nr) re = nr;
      double cx = t->colx[cell->c], cw = span_w(t, cell->c, cell->cs);
      double cy = nfrag == 1 ? top[ri] : 0, ch = nfrag == 1 ? top[re] - top[ri] : fh;
      trow *row = &t->rows[cell->r];
      if (row->kind == ROW_GROUP || row->kind == ROW_TOTAL || header)
        dl_add_rect(&p->items, cx, cy, cw, ch, row->kind == ROW_GROUP ? 0xEDEDED : 0xF5F5F5, !t->three_line || !header, 0, 0);
      double off = 0;
      if (nfrag == 1) {
        double slack = ch - cs->h;
        off = cell->valign == 1 ? slack / 2 : cell->valign == 2 ? slack : 0;
      }
      shift_items(&p->items, &t->items, cs->i0, cs->i1, cy + off + dy, lo, hi);
      for (int k = cs->l0; k < cs->l1 && !header; k++) {
        double ly = t->lines.v[k].y;
        if (ly < lo || ly >= hi) continue;
        dl_line ln = t->lines.v[k];
        ln.y += cy + off + dy;
        p->lines[p->nlines++] = ln;
      }
      if (!t->three_line && t->border > 0) dl_add_rect(&p->items, cx, cy, cw, ch, 0, 0, 0, t->border);
    }
    if (t->three_line) {
      double tw = span_w(t, 0, t->ncols);
      if (header) {
        dl_add_line(&p->items, x, 0, x + tw, 0, 0, 1.5 * t->border + 0.5);
        dl_add_line(&p->items, x, fh, x + tw, fh, 0, t->border);
      } else if (t->rows[r0].kind == ROW_TOTAL) {
        dl_add_line(&p->items, x, 0, x + tw, 0, 0, t->border);
      }
    }
  }
}

/* Sets the cells [i0, i1), the cells of one unit of rows, into t's items
 * and lines (at y = 0 in each cell) and grows their rows to hold them. */
static void set_cells(lctx *c, table *t, int i0, int i1)
{
  if (i1 - i0 > t->setcap) {
    t->setcap = i1 - i0;
    t->set = xrealloc(t->set, (size_t)t->setcap * sizeof *t->set);
  }
  for (int i = i0; i < i1; i++) {
    const tcell *cell = &t->cells[i];
    tset *cs = &t->set[i - i0];
    double cw = span_w(t, cell->c, cell->cs);
    const lstyle *st = cst(t, cell);
    cs->pitch = st->pitch > 0 ? st->pitch : st->size * 1.5;
    cs->i0 = t->items.n;
    cs->l0 = t->lines.n;
    /* the renderers' layout keeps no lines (layout_run_take) */
    double ch = lo_inline_box(c, &t->items, cell->node, st, t->colx[cell->c] + t->pad,
                              t->pad, cw - 2 * t->pad, c->take ? NULL : &t->lines);
    cs->i1 = t->items.n;
    cs->l1 = t->lines.n;
    cs->h = ch + 2 * t->pad;
    if (cell->rs == 1 && cs->h > t->rh[cell->r]) t->rh[cell->r] = cs->h;
  }
  for (int i = i0; i < i1; i++) {
    const tcell *cell = &t->cells[i];
    if (cell->rs == 1) continue;
    double h = 0;
    for (int r = cell->r; r < cell->r + cell->rs; r++) h += t->rh[r];
    if (h < t->set[i - i0].h) t->rh[cell->r + cell->rs - 1] += t->set[i - i0].h - h;
  }
}

/* Frees the tree's rows [r0, r1], whose cells [i0, i1) are set and in their
 * pieces (layout_run_take). */
static void release_rows(table *t, int r0, int r1, int i0, int i1)
{
  for (int i = i0; i < i1; i++) t->cells[i].node = NULL;
  for (int r = r0; r <= r1; r++) {
    xmlUnlinkNode(t->rows[r].node);
    xmlFreeNode(t->rows[r].node);
    t->rows[r].node = NULL;
  }
}

/* Registers a new table; returns its number. Its header piece (a flow index,
 * set later in c->theader) is repeated at the top of every page the table
 * continues on when repeat; when bottom_rule > 0 a rule that thick closes the
 * table on every page (three-line tables), across x .. x + width. */
static int table_new(lctx *c, int repeat, double x, double width, double bottom_rule)
{
  size_t n = (size_t)c->ntables + 1;
  c->theader = xrealloc(c->theader, n * sizeof *c->theader);
  c->trepeat = xrealloc(c->trepeat, n * sizeof *c->trepeat);
  c->tx = xrealloc(c->tx, n * sizeof *c->tx);
  c->tw = xrealloc(c->tw, n * sizeof *c->tw);
  c->trule = xrealloc(c->trule, n * sizeof *c->trule);
  c->theader[c->ntables] = -1;
  c->trepeat[c->ntables] = repeat;
  c->tx[c->ntables] = x;
  c->tw[c->ntables] = width;
  c->trule[c->ntables] = bottom_rule;
  return c->ntables++;
}

/* The continuation row of the group whose name row (kind="group") is row r0,
 * set in piece p: a copy of it with the text of its attribute continued
 * (default "（续）") after its last cell's text, which pagination puts under
 * the repeated header of a page that the group continues on. group_cont
 * notes it (and returns its number in c->conts plus one, or 0 when
 * continued="" asks for none); make_conts makes the table's noted rows once
 * all its rows are set, so that their small blocks lie together after the
 * rows' pieces instead of among them, where they would keep the freed
 * pieces from making room for the pages. */
static int group_cont(lctx *c, table *t, const flow *f, int p0, int r0, int first_cell, int end_cell)
{
  char *suffix = lo_attr(t->rows[r0].node, "continued");
  if (!suffix) suffix = xstrdup("（续）");
  if (!*suffix) { free(suffix); return 0; }
  if (t->nconts == t->ccont) {
    t->ccont = t->ccont ? 2 * t->ccont : 16;
    t->conts = xrealloc(t->conts, (size_t)t->ccont * sizeof *t->conts);
  }
  const tcell *last = NULL;
  for (int i = first_cell; i < end_cell; i++)
    if (t->cells[i].r == r0) last = &t->cells[i];
  t->conts[t->nconts++] = (tcont){ .piece = p0, .role = last ? cst(t, last)->role : -1, .suffix = suffix };
  return (c->conts ? c->conts->n : 0) + t->nconts;
}

/* The height of continuation row cont (group_cont's number), made or noted:
 * its group row's. */
static double cont_height(const lctx *c, const table *t, const flow *f, int cont)
{
  int made = c->conts ? c->conts->n : 0;
  return cont <= made ? c->conts->v[cont - 1].h : f->v[t->conts[cont - made - 1].piece].h;
}

static void make_cont(lctx *c, const piece *p, const tcont *n)
{
  if (!c->conts) c->conts = xcalloc(1, sizeof *c->conts);
  piece *cp = flow_add(c->conts, c);
  cp->before = 0;
  cp->force_break = 0;
  cp->table = p->table;
  cp->h = p->h;
  dl_copy_all(&cp->items, p->items.v, p->items.n, 0, 0);
  const dl_item *run = NULL;
  for (int k = 0; k < cp->items.n; k++)
    if (cp->items.v[k].kind == DL_TEXT) run = &cp->items.v[k];
  if (n->role >= 0 && run) {
    double rx = run->x + run->width, ry = run->y;
    int bold = run->bold;
    unsigned color = run->color;
    int k0 = cp->items.n;
    lo_label(c, &cp->items, rx, ry, n->suffix, n->role, run->size, color, AL_LEFT);
    for (int k = k0; k < cp->items.n; k++) cp->items.v[k].bold = bold;
  }
}

/* Makes the continuation rows group_cont noted, in order, and forgets them. */
static void make_conts(lctx *c, table *t, const flow *f)
{
  for (int i = 0; i < t->nconts; i++) {
    make_cont(c, &f->v[t->conts[i].piece], &t->conts[i]);
    free(t->conts[i].suffix);
  }
  t->nconts = 0;
}

/* Whether a line ends a paragraph that announces what follows: "……如下。",
 * "……如下：" or "……：". */
static int announces(const char *text)
{
  static const char *const ends[] = { "如下。", "如下：", "：", ":" };
  size_t n = text ? strlen(text) : 0;
  while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\n')) n--;
  for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
    size_t l = strlen(ends[i]);
    if (n >= l && memcmp(text + n - l, ends[i], l) == 0) return 1;
  }
  return 0;
}

/* Keeps what belongs together on one page: a group's name row with its first
 * two rows, a subtotal or total row with the two rows above it (so that no
 * subtotal or 合计 starts a page alone or with a single row), a small table whole (at most SMALL_TABLE of the page
 * high), and the last line of a paragraph announcing the table (announces) with
 * the table's first rows. kind[i] is the kind of piece start + i. */
static void keep_rules(lctx *c, flow *f, int start, const int *kind, double page_h)
{
  int n = f->n - start;
  if (n <= 0) return;
  double h = 0;
  for (int i = 0; i < n; i++) {
    piece *p = &f->v[start + i];
    h += p->h + (i ? p->before : 0);
    if (kind[i] == ROW_GROUP) {
      for (int j = i + 1; j < n && j <= i + 2 && kind[j] == ROW_NORMAL; j++)
        f->v[start + j - 1].keep_next = 1;
    } else if (kind[i] == ROW_SUBTOTAL || kind[i] == ROW_TOTAL) {
      for (int j = i - 1; j >= 0 && j >= i - 2 && kind[j] != -1; j--) f->v[start + j].keep_next = 1;
    }
  }
  if (h <= SMALL_TABLE * page_h)
    for (int i = start; i < f->n - 1; i++) f->v[i].keep_next = 1;
  piece *prev = start > 0 ? &f->v[start - 1] : NULL;
  if (prev && prev->table < 0 && prev->nlines > 0 && !f->v[start].force_break
      && announces(prev->lines[prev->nlines - 1].text))
    prev->keep_next = 1;
  (void)c;
}

void lo_table(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure, double page_h)
{
  table t = {0};
  t.pad = lo_len_attr(c, n, "cell-padding", st, st->size * 0.3);
  t.border = lo_len_attr(c, n, "border", st, 0.5);
  if (t.pad < 0) t.pad = 0;
  if (t.border < 0) t.border = 0;
  char *rs = lo_attr(n, "rule-style");
  t.three_line = rs && strcmp(rs, "three-line") == 0;
  free(rs);
  char *hr = lo_attr(n, "header-repeat");
  int repeat = !hr || strcmp(hr, "no") != 0;
  free(hr);
  double tw = measure;
  char *ws = lo_attr(n, "width");
  if (ws) {
    size_t l = strlen(ws);
    tw = l > 1 && ws[l - 1] == '%' ? measure * atof(ws) / 100 : lo_len_attr(c, n, "width", st, measure);
    if (tw > measure || tw <= 0) tw = measure;
    free(ws);
  }
  /* columns and rows */
  for (xmlNode *k = n->children; k; k = k->next) {
    if (is_named(k, "col")) {
      if (t.ncols == TABLE_MAX_COLS) { lo_error(c, k, "a table has more than %d columns", TABLE_MAX_COLS); goto done; }
      tcol *col = &t.cols[t.ncols++];
      col->align = -1;
      char *w = lo_attr(k, "width");
      size_t wl = w ? strlen(w) : 0;
      if (!w || strcmp(w, "auto") == 0) col->kind = 0;
      else if (w[wl - 1] == '*') { col->kind = 2; col->w = wl > 1 ? atof(w) : 1; if (col->w <= 0) col->w = 1; }
      else if (w[wl - 1] == '%') { col->kind = 1; col->w = tw * atof(w) / 100; }
      else { col->kind = 1; col->w = lo_len_attr(c, k, "width", st, 0); }
      free(w);
      col->min = lo_len_attr(c, k, "min", st, 0);
      col->max = lo_len_attr(c, k, "max", st, 0);
      char *a = lo_attr(k, "align");
      col->align = align_of(a, -1);
      free(a);
    }
  }
  int ncols_given = t.ncols;
  int head_end = 0;
  for (xmlNode *k = n->children; k; k = k->next) {
    int header = is_named(k, "thead");
    if (header || is_named(k, "tbody")) {
      for (xmlNode *r = k->children; r; r = r->next)
        if (is_named(r, "tr")) {
          if (t.nrows >= TABLE_MAX_ROWS) { lo_error(c, r, "a table has more than %d rows", TABLE_MAX_ROWS); goto done; }
          add_row(&t, r, header);
        }
      if (header) head_end = t.nrows;
    } else if (is_named(k, "tr")) {
      if (t.nrows >= TABLE_MAX_ROWS) { lo_error(c, k, "a table has more than %d rows", TABLE_MAX_ROWS); goto done; }
      add_row(&t, k, 0);
    }
  }
  /* thead rows must come first; place header and body separately */
  int nhead = 0;
  while (nhead < t.nrows && t.rows[nhead].header) nhead++;
  (void)head_end;
  t.ncols = 0;
  /* the cells' array made to measure: a long table has millions */
  for (int r = 0; r < t.nrows; r++)
    for (xmlNode *td = t.rows[r].node->children; td; td = td->next) t.ccap += is_named(td, "td");
  if (t.ccap > 0) t.cells = xmalloc((size_t)t.ccap * sizeof *t.cells);
  if (place_cells(c, &t, 0, nhead, n) != 0 || place_cells(c, &t, nhead, t.nrows, n) != 0) goto done;
  if (t.ncols < ncols_given) t.ncols = ncols_given;
  if (t.ncols == 0) goto done;
  for (int j = ncols_given; j < t.ncols; j++) t.cols[j] = (tcol){ .kind = 0, .align = -1 };
  xmlNode *row = NULL;
  lstyle row_st = {0};
  for (int i = 0; i < t.ncells; i++) {
    tcell *cell = &t.cells[i];
    /* a cell is asked for its style once: it is not remembered unless
     * elements inside it will ask for it (as their parent's) */
    lstyle cs;
    if (has_element_child(cell->node)) cs = lo_style(c, cell->node);
    else {
      if (cell->node->parent != row) {
        row = cell->node->parent;
        row_st = lo_style(c, row);
      }
      cs = row_st;
      lo_child_style(c, cell->node, &cs);
    }
    int plain = lo_attrless(cell->node);
    char *a = plain ? NULL : lo_attr(cell->node, "align");
    int def = t.rows[cell->r].header ? AL_CENTER : t.cols[cell->c].align >= 0 ? t.cols[cell->c].align : cs.align;
    if (t.rows[cell->r].kind == ROW_GROUP && !a) def = AL_LEFT;
    cell->align = (unsigned char)align_of(a, def);
    cs.align = cell->align;
    cell->st = style_index(&t, &cs);
    free(a);
    char *va = plain ? NULL : lo_attr(cell->node, "valign");
    cell->valign = !va || strcmp(va, "middle") == 0 ? 1 : strcmp(va, "bottom") == 0 ? 2 : 0;
    free(va);
  }
  column_widths(c, &t, tw);
  /* a table narrower than the text block may be centred or set right */
  char *ta = lo_attr(n, "align");
  double aw = span_w(&t, 0, t.ncols);
  if (ta && strcmp(ta, "center") == 0 && aw < measure) x += (measure - aw) / 2;
  else if (ta && strcmp(ta, "right") == 0 && aw < measure) x += measure - aw;
  free(ta);
  for (int j = 0; j < t.ncols; j++) {
    t.colx[j] = x;
    x += t.cols[j].w;
  }
  x = t.colx[0];
  /* the rows' own heights, then unit by unit (the header rows, then each
   * group of rows that rowspans tie together): its cells set, its rows
   * grown to hold them, its pieces made. The items and lines of one unit's
   * cells are moved into its pieces before the next unit's are set. */
  t.rh = xcalloc((size_t)t.nrows + 1, sizeof *t.rh);
  for (int r = 0; r < t.nrows; r++) t.rh[r] = lo_len_attr(c, t.rows[r].node, "height", st, 0);
  int tno = table_new(c, repeat, x, span_w(&t, 0, t.ncols), t.three_line ? 1.5 * t.border + 0.5 : 0);
  double limit = page_h - 1;
  int ci = 0, start_n = f->n;
  int cont = 0;                       /* the continuation row of the group being set */
  int *pkind = NULL, pcap = 0;        /* the kind of the first row of each piece (-1: header) */
  for (int r0 = 0; r0 < t.nrows;) {
    int r1 = r0, hdr = r0 < nhead;
    if (hdr) r1 = nhead - 1;
    int first_cell = ci;
    for (int k = ci; k < t.ncells && t.cells[k].r <= r1; k++) {
      int e = t.cells[k].r + t.cells[k].rs - 1;
      if (e > r1 && !hdr) r1 = e;
    }
    while (ci < t.ncells && t.cells[ci].r <= r1) ci++;
    set_cells(c, &t, first_cell, ci);
    if (hdr) {
      double header_h = 0;
      for (int r = 0; r < nhead; r++) header_h += t.rh[r];
      limit = page_h - header_h - 1;
    }
    int p0 = f->n;
    /* a row cut into pieces of a page leaves room for the group's continuation row */
    double room = limit - (cont > 0 && !hdr ? cont_height(c, &t, f, cont) : 0);
    emit_rows(c, f, &t, tno, r0, r1, first_cell, x, room, hdr);
    if (hdr && f->n > 0) c->theader[tno] = f->n - 1;
    int kind = hdr ? -1 : t.rows[r0].kind;
    if (kind == ROW_GROUP || kind == ROW_TOTAL) cont = 0;
    for (int k = p0; k < f->n && !hdr; k++) f->v[k].cont = cont;
    if (kind == ROW_GROUP && f->n > p0) cont = group_cont(c, &t, f, p0, r0, first_cell, ci);
    if (kind == ROW_SUBTOTAL) cont = 0;
    if (f->n - start_n > pcap) { pcap = (f->n - start_n) * 2; pkind = xrealloc(pkind, (size_t)pcap * sizeof *pkind); }
    for (int k = p0; k < f->n; k++) pkind[k - start_n] = kind;
    for (int k = 0; k < t.items.n; k++) free(t.items.v[k].pts);   /* moved ones have none left */
    t.items.n = 0;
    t.lines.n = 0;
    if (c->take) release_rows(&t, r0, r1, first_cell, ci);
    r0 = r1 + 1;
  }
  make_conts(c, &t, f);
  if (f->n > start_n) f->v[start_n].before += st->before;
  /* no single body row alone at the foot or the head of a page: the first
   * stays with the second, the last with the one before it */
  int b0 = start_n;
  while (b0 < f->n && f->v[b0].is_header) b0++;
  if (f->n - b0 >= 2) {
    f->v[b0].keep_next = 1;
    f->v[f->n - 2].keep_next = 1;
  }
  keep_rules(c, f, start_n, pkind, page_h);
  free(pkind);
  lo_space_after(c, st->after);
done:
  free(t.styles);
  free(t.slot);
  dl_list_free(&t.items);
  free(t.lines.v);
  free(t.cells);
  free(t.set);
  for (int i = 0; i < t.nconts; i++) free(t.conts[i].suffix);
  free(t.conts);
  free(t.rows);
  free(t.rh);
}
