/* xlsx_out.c: a document tree's tables as an XLSX workbook (xlsx_out.h). */
#include "xlsx_out.h"
#include "dates.h"
#include "ooxml.h"
#include "schema.h"
#include "util.h"
#include "xlsxlib.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const xlsxlib *XL;   /* libxlsxwriter, loaded by xlsx_write */

#define MM 2.834645669   /* pt per mm */

enum { R_HEAD, R_NORMAL, R_GROUP, R_SUBTOTAL, R_TOTAL };
enum { V_EMPTY, V_TEXT, V_NUM, V_DATE_M, V_DATE_D };

typedef struct xcell {
  char *text;                 /* NULL for a cell covered by a span */
  int kind, places;           /* places: decimals 0..2, + 3 when written with thousands separators */
  double v;
  lxw_datetime date;
  int cs, rs, bold;
  const char *align;
} xcell;

typedef struct xctx {
  lxw_workbook *wb;
  lxw_format *fmt[2][4][5][6];   /* [head/bold][align][value kind][places 0..2, grouped 3..5] */
  double base_size;
  const char *font;
  char **names;
  int nsheets;
} xctx;

static const char *prop(const xmlNode *n, const char *name)
{
  for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
    if (strcmp((const char *)a->name, name) == 0 && a->children) return (const char *)a->children->content;
  return NULL;
}

static int is(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static double mm_of(const char *s)
{
  if (!s) return -1;
  char *end;
  double v = strtod(s, &end);
  if (end == s) return -1;
  if (strcmp(end, "mm") == 0) return v;
  if (strcmp(end, "cm") == 0) return v * 10;
  if (strcmp(end, "pt") == 0 || *end == '\0') return v / MM;
  return -1;
}

/* Reads a cell's text: a plain decimal, or one with thousands separators
 * (1,085.0, as rg:group writes it; shown so again), is a number, a year and
 * month or a whole date is a date; anything else text. */
static void classify(xcell *c)
{
  const char *s = c->text;
  size_t n = strlen(s);
  if (n == 0) { c->kind = V_EMPTY; return; }
  c->kind = V_TEXT;
  if ((n == 7 || (n == 10 && s[7] == s[4])) && (s[4] == '.' || s[4] == '-')) {
    char iso[11];
    memcpy(iso, s, n + 1);
    iso[4] = '-';
    if (n == 10) iso[7] = '-';
    dates_ymd t;
    if (dates_parse(iso, 1, &t) == DATE_OK) {
      c->kind = n == 7 ? V_DATE_M : V_DATE_D;
      c->date = (lxw_datetime){ .year = t.y, .month = t.m, .day = t.d ? t.d : 1 };
      return;
    }
  }
  const char *p = s + (*s == '-');
  size_t digits = strspn(p, "0123456789");
  /* "1,085.0" (rg:group): the digits in groups of three after the first one to three */
  char plain[40];
  int grouped = 0;
  if (digits >= 1 && digits <= 3 && p[digits] == ',' && n < sizeof plain) {
    size_t i = digits, o = (size_t)(p - s) + digits;
    memcpy(plain, s, o);
    while (p[i] == ',' && strspn(p + i + 1, "0123456789") >= 3 && !isdigit((unsigned char)p[i + 4])) {
      memcpy(plain + o, p + i + 1, 3);
      o += 3;
      i += 4;
    }
    if (i > digits && (p[i] == '\0' || p[i] == '.')) {
      strcpy(plain + o, p + i);
      s = plain;
      p = s + (*s == '-');
      digits = strspn(p, "0123456789");
      grouped = 1;
    }
  }
  if (digits > 0 && digits <= 12 && !(digits > 1 && p[0] == '0')) {
    const char *q = p + digits;
    size_t frac = 0;
    if (*q == '.') {
      frac = strspn(q + 1, "0123456789");
      q += frac ? frac + 1 : 0;
    }
    if (*q == '\0' && frac <= 6) {
      c->kind = V_NUM;
      c->v = strtod(s, NULL);
      c->places = (frac > 2 ? 2 : (int)frac) + 3 * grouped;
      return;
    }
  }
}

static int align_index(const char *a)
{
  if (!a) return 0;
  return strcmp(a, "center") == 0 ? 1 : strcmp(a, "right") == 0 ? 2 : strcmp(a, "left") == 0 ? 3 : 0;
}

/* The cell format for a kind of value, made once per workbook. */
static lxw_format *format_for(xctx *x, int head, int bold, const char *align, int kind, int places)
{
  int a = align_index(align), h = head || bold;
  if (kind == V_EMPTY) kind = V_TEXT;
  lxw_format **slot = &x->fmt[h][a][kind][places < 0 ? 0 : places > 5 ? 5 : places];
  if (*slot) return *slot;
  lxw_format *f = XL->workbook_add_format(x->wb);
  XL->format_set_font_name(f, x->font);
  XL->format_set_font_size(f, x->base_size);
  XL->format_set_border(f, LXW_BORDER_THIN);
  XL->format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
  XL->format_set_text_wrap(f);
  if (h) XL->format_set_bold(f);
  if (head) XL->format_set_bg_color(f, 0xF2F2F2);
  static const uint8_t AL[] = { LXW_ALIGN_NONE, LXW_ALIGN_CENTER, LXW_ALIGN_RIGHT, LXW_ALIGN_LEFT };
  if (a) XL->format_set_align(f, AL[a]);
  else if (head) XL->format_set_align(f, LXW_ALIGN_CENTER);
  static const char *const NUM[6] = { "0", "0.0", "0.00", "#,##0", "#,##0.0", "#,##0.00" };
  if (kind == V_NUM) XL->format_set_num_format(f, NUM[places < 0 ? 0 : places > 5 ? 5 : places]);
  else if (kind == V_DATE_M) XL->format_set_num_format(f, "yyyy.mm");
  else if (kind == V_DATE_D) XL->format_set_num_format(f, "yyyy-mm-dd");
  *slot = f;
  return f;
}

static char *text_of(const xmlNode *n)
{
  xmlChar *t = xmlNodeGetContent(n);
  char *s = xstrdup(t ? (const char *)t : "");
  xmlFree(t);
  return s;
}

/* A sheet name from a heading: without its number (一、 （一） 1.), without
 * what Excel forbids ([]:*?/\), at most 31 characters, unique. */
static char *sheet_name(xctx *x, const xmlNode *heading)
{
  char *t = heading ? text_of(heading) : xstrdup("");
  const char *s = t;
  const char *dun = strstr(s, "、");
  if (dun && dun - s <= 9) s = dun + strlen("、");
  strbuf b = {0};
  size_t n = strlen(s);
  int chars = 0;
  for (size_t i = 0; i < n && chars < 26;) {   /* room for （NN） within Excel's 31 */
    unsigned cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (!k) break;
    if (!(cp < 0x80 && strchr("[]:*?/\\'", (int)cp))) {
      sb_addn(&b, s + i, k);
      chars++;
    }
    i += k;
  }
  free(t);
  if (b.len == 0) sb_addf(&b, "表%d", x->nsheets + 1);
  /* the second table under the same heading: 评估结果及排名（2） */
  size_t base = b.len;
  for (int k = 2, taken = 1; taken; k++) {
    taken = 0;
    for (int i = 0; i < x->nsheets && !taken; i++) taken = strcmp(x->names[i], sb_str(&b)) == 0;
    if (taken) {
      b.len = base;
      b.s[base] = '\0';
      sb_addf(&b, "（%d）", k);
    }
  }
  x->names = xrealloc(x->names, (size_t)(x->nsheets + 1) * sizeof *x->names);
  x->names[x->nsheets++] = xstrdup(sb_str(&b));
  return sb_detach(&b);
}

/* The table as a grid of cells, rows × ncols; kinds[r] is each row's kind. */
static xcell *table_grid(const xmlNode *t, int ncols, const char **calign, int *nrows_out, int **kinds_out)
{
  int nrows = 0;
  for (const xmlNode *part = t->children; part; part = part->next)
    if (is(part, "thead") || is(part, "tbody"))
      for (const xmlNode *tr = part->children; tr; tr = tr->next) nrows += is(tr, "tr");
  xcell *g = xcalloc((size_t)(nrows ? nrows : 1) * (size_t)ncols, sizeof *g);
  int *kinds = xcalloc((size_t)(nrows ? nrows : 1), sizeof *kinds);
  char *covered = xcalloc((size_t)(nrows ? nrows : 1) * (size_t)ncols, 1);
  int r = 0;
  for (const xmlNode *part = t->children; part; part = part->next) {
    int head = is(part, "thead");
    if (!head && !is(part, "tbody")) continue;
    for (const xmlNode *tr = part->children; tr; tr = tr->next) {
      if (!is(tr, "tr")) continue;
      const char *k = prop(tr, "kind");
      kinds[r] = head ? R_HEAD : !k ? R_NORMAL : strcmp(k, "group") == 0 ? R_GROUP
               : strcmp(k, "subtotal") == 0 ? R_SUBTOTAL : strcmp(k, "total") == 0 ? R_TOTAL : R_NORMAL;
      int col = 0;
      for (const xmlNode *td = tr->children; td; td = td->next) {
        if (!is(td, "td")) continue;
        while (col < ncols && covered[r * ncols + col]) col++;
        if (col >= ncols) break;
        const char *v = prop(td, "colspan");
        int cs = v && atoi(v) > 1 ? atoi(v) : 1;
        v = prop(td, "rowspan");
        int rs = v && atoi(v) > 1 ? atoi(v) : 1;
        if (col + cs > ncols) cs = ncols - col;
        if (r + rs > nrows) rs = nrows - r;
        xcell *c = &g[r * ncols + col];
        c->text = text_of(td);
        c->cs = cs;
        c->rs = rs;
        c->align = prop(td, "align") ? prop(td, "align") : calign[col];
        c->bold = (v = prop(td, "bold")) && strcmp(v, "yes") == 0;
        classify(c);
        for (int i = r; i < r + rs; i++)
          for (int j = col; j < col + cs; j++) covered[i * ncols + j] = 1;
        col += cs;
      }
      r++;
    }
  }
  free(covered);
  *nrows_out = nrows;
  *kinds_out = kinds;
  return g;
}

static int is_tick(const xcell *c) { return c->text && strcmp(c->text, "√") == 0; }
static int blank(const xcell *c) { return !c->text || c->kind == V_EMPTY; }

/* The formula that gives cell (r, col) from the rows above it, when they add
 * up to its figure; "" when none does. row0 is the sheet row of grid row 0. */
static void formula_for(const xcell *g, const int *kinds, int nrows, int ncols, int r, int col,
                        int row0, char *out, size_t cap)
{
  out[0] = '\0';
  const xcell *c = &g[r * ncols + col];
  if (c->kind != V_NUM || c->cs > 1) return;
  int first = r, nsub = 0, subs_labelled = 1;
  double subsum = 0;
  if (kinds[r] == R_SUBTOTAL) {
    while (first > 0 && (kinds[first - 1] == R_NORMAL)) first--;
  } else {
    while (first > 0 && kinds[first - 1] != R_HEAD && kinds[first - 1] != R_TOTAL) first--;
    for (int i = first; i < r; i++)
      if (kinds[i] == R_SUBTOTAL) {
        const xcell *s = &g[i * ncols + col];
        if (s->kind == V_NUM) subsum += s->v;
        else if (!blank(s)) subs_labelled = 0;
        nsub++;
        const char *label = g[i * ncols].text;
        if (!label || strncmp(label, "小计", strlen("小计")) != 0) subs_labelled = 0;
      }
  }
  if (first >= r) return;
  char range[64], labels[64];
  XL->lxw_rowcol_to_range(range, (lxw_row_t)(row0 + first), (lxw_col_t)col, (lxw_row_t)(row0 + r - 1), (lxw_col_t)col);
  if (nsub > 0) {
    if (subs_labelled && fabs(subsum - c->v) < 1e-9) {
      XL->lxw_rowcol_to_range_abs(labels, (lxw_row_t)(row0 + first), 0, (lxw_row_t)(row0 + r - 1), 0);
      snprintf(out, cap, "=SUMIF(%s,\"小计*\",%s)", labels, range);
    }
    return;
  }
  double sum = 0;
  int nums = 0, ticks = 0, other = 0;
  for (int i = first; i < r; i++) {
    if (kinds[i] != R_NORMAL) continue;
    const xcell *s = &g[i * ncols + col];
    if (s->kind == V_NUM) { sum += s->v; nums++; }
    else if (is_tick(s)) ticks++;
    else if (!blank(s)) other++;
  }
  if (other) return;
  if (nums && !ticks && fabs(sum - c->v) < 1e-9) snprintf(out, cap, "=SUM(%s)", range);
  else if (!nums && fabs(ticks - c->v) < 1e-9) snprintf(out, cap, "=COUNTIF(%s,\"√\")", range);
}

static void write_cell(xctx *x, lxw_worksheet *ws, int row, int col, const xcell *c, int head,
                       const char *formula)
{
  lxw_format *f = format_for(x, head, c->bold, c->align, c->kind, c->places);
  if (c->cs > 1 || c->rs > 1)
    XL->worksheet_merge_range(ws, (lxw_row_t)row, (lxw_col_t)col, (lxw_row_t)(row + c->rs - 1),
                          (lxw_col_t)(col + c->cs - 1), c->kind == V_TEXT ? c->text : "", f);
  if (formula && *formula) {
    XL->worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)col, formula, f, c->v);
  } else if (c->kind == V_NUM) {
    XL->worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, c->v, f);
  } else if (c->kind == V_DATE_M || c->kind == V_DATE_D) {
    lxw_datetime d = c->date;
    XL->worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &d, f);
  } else if (c->kind == V_TEXT && c->cs <= 1 && c->rs <= 1) {
    XL->worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, c->text, f);
  } else if (c->cs <= 1 && c->rs <= 1) {
    XL->worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f);
  }
}

static void table_sheet(xctx *x, const xmlNode *root, const xmlNode *t, const xmlNode *heading,
                        double page_w_mm, int landscape, const double margins_mm[4])
{
  int ncols = 0;
  for (const xmlNode *k = t->children; k; k = k->next) ncols += is(k, "col");
  if (ncols == 0) return;
  char *name = sheet_name(x, heading);
  lxw_worksheet *ws = XL->workbook_add_worksheet(x->wb, name);
  free(name);
  if (!ws) return;
  const char **calign = xcalloc((size_t)ncols, sizeof *calign);
  double *wmm = xcalloc((size_t)ncols, sizeof *wmm);
  double fixed = 0, shares = 0;
  int i = 0;
  for (const xmlNode *k = t->children; k; k = k->next) {
    if (!is(k, "col")) continue;
    calign[i] = prop(k, "align");
    const char *v = prop(k, "width");
    wmm[i] = mm_of(v);
    if (wmm[i] > 0) fixed += wmm[i];
    else { wmm[i] = -(v && strchr(v, '*') ? fmax(strtod(v, NULL), 0.1) : 1); shares -= wmm[i]; }
    i++;
  }
  double rest = fmax(page_w_mm - margins_mm[2] - margins_mm[3] - fixed, 20 * shares);
  i = 0;
  for (const xmlNode *k = t->children; k; k = k->next) {
    if (!is(k, "col")) continue;
    if (wmm[i] < 0) {
      wmm[i] = rest * -wmm[i] / shares;
      double mn = mm_of(prop(k, "min")), mx = mm_of(prop(k, "max"));
      if (mx > 0 && wmm[i] > mx) wmm[i] = mx;
      if (mn > wmm[i]) wmm[i] = mn;
    }
    /* Excel's width unit: characters of 7 px plus 5 px of padding, at 96 dpi */
    double px = wmm[i] / 25.4 * 96;
    XL->worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, fmax((px - 5) / 7, 2), NULL);
    i++;
  }
  const char *sz = prop(t, "size");
  double saved = x->base_size;
  if (sz && strtod(sz, NULL) > 0) x->base_size = strtod(sz, NULL);

  /* row 0: the heading (or the document's title) across the table */
  lxw_format *tf = XL->workbook_add_format(x->wb);
  XL->format_set_font_name(tf, x->font);
  XL->format_set_font_size(tf, x->base_size + 3);
  XL->format_set_bold(tf);
  XL->format_set_align(tf, LXW_ALIGN_CENTER);
  char *title = heading ? text_of(heading) : xstrdup(prop(root, "title") ? prop(root, "title") : "");
  if (ncols > 1) XL->worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(ncols - 1), title, tf);
  else XL->worksheet_write_string(ws, 0, 0, title, tf);
  free(title);

  int nrows = 0, *kinds = NULL, nhead = 0;
  xcell *g = table_grid(t, ncols, calign, &nrows, &kinds);
  while (nhead < nrows && kinds[nhead] == R_HEAD) nhead++;
  const int row0 = 1;
  char formula[256];
  for (int r = 0; r < nrows; r++)
    for (int c = 0; c < ncols; c++) {
      const xcell *cell = &g[r * ncols + c];
      if (!cell->text) continue;
      formula[0] = '\0';
      if (kinds[r] == R_SUBTOTAL || kinds[r] == R_TOTAL)
        formula_for(g, kinds, nrows, ncols, r, c, row0, formula, sizeof formula);
      write_cell(x, ws, row0 + r, c, cell, kinds[r] == R_HEAD, formula);
    }
  /* the paragraphs after the table, up to the next table or heading */
  int row = row0 + nrows + 1;
  lxw_format *pf = XL->workbook_add_format(x->wb);
  XL->format_set_font_name(pf, x->font);
  XL->format_set_font_size(pf, x->base_size);
  for (const xmlNode *k = t->next; k && !is(k, "table") && !is(k, "heading"); k = k->next) {
    const xmlNode *lines = is(k, "signature") ? k->children : k;
    for (const xmlNode *l = lines; l; l = is(k, "signature") ? l->next : NULL) {
      if (!(is(l, "p") || is(l, "line"))) continue;
      char *s = text_of(l);
      if (*s) XL->worksheet_write_string(ws, (lxw_row_t)row++, 0, s, pf);
      free(s);
    }
  }
  x->base_size = saved;

  if (nhead > 0) {
    XL->worksheet_freeze_panes(ws, (lxw_row_t)(row0 + nhead), 0);
    XL->worksheet_repeat_rows(ws, (lxw_row_t)row0, (lxw_row_t)(row0 + nhead - 1));
  }
  if (landscape) XL->worksheet_set_landscape(ws);
  else XL->worksheet_set_portrait(ws);
  XL->worksheet_set_paper(ws, page_w_mm > 400 || (!landscape && page_w_mm > 290) ? 8 : 9);
  XL->worksheet_set_margins(ws, margins_mm[2] / 25.4, margins_mm[3] / 25.4, margins_mm[0] / 25.4,
                        margins_mm[1] / 25.4);
  XL->worksheet_set_footer(ws, "&C第 &P 页 共 &N 页");
  XL->worksheet_fit_to_pages(ws, 1, 0);
  for (int k = 0; k < nrows * ncols; k++) free(g[k].text);
  free(g);
  free(kinds);
  free(calign);
  free(wmm);
}

/* Every table below n with the heading or title before it; depth bounded by
 * the template's. */
/* The printed page of sec (<document> or a <section>, which inherits the
 * document's settings): its width in mm, landscape or not, margins in mm. */
static void page_of(const xmlNode *root, const xmlNode *sec, double *pw, int *land, double m[4])
{
  const char *o = prop(sec, "orientation"), *paper = prop(sec, "paper");
  if (!o) o = prop(root, "orientation");
  if (!paper) paper = prop(root, "paper");
  *land = o && strcmp(o, "landscape") == 0;
  *pw = paper && strcmp(paper, "A3") == 0 ? (*land ? 420 : 297) : (*land ? 297 : 210);
  static const char *const MN[4] = { "margin-top", "margin-bottom", "margin-left", "margin-right" };
  for (int i = 0; i < 4; i++) {
    m[i] = mm_of(prop(sec, MN[i]) ? prop(sec, MN[i]) : prop(root, MN[i]));
    if (m[i] < 0) m[i] = 20;
  }
}

/* Every table of n, in order, each a sheet printed on the page of its
 * section (the PDF's), named after the heading before it. */
static void tables(xctx *x, const xmlNode *root, const xmlNode *n, const xmlNode **heading)
{
  for (const xmlNode *k = n->children; k; k = k->next) {
    if (is(k, "heading") || is(k, "title")) *heading = k;
    else if (is(k, "table")) {
      const xmlNode *sec = k->parent;
      while (sec != root && !is(sec, "section")) sec = sec->parent;
      double pw, m[4];
      int land;
      page_of(root, sec, &pw, &land, m);
      table_sheet(x, root, k, *heading, pw, land, m);
    } else if (is(k, "keep") || is(k, "section") || is(k, "box")) tables(x, root, k, heading);
  }
}

int xlsx_write(const xmlDoc *tree, const char *path, long *bytes, char sha256[65], diag_list *d)
{
  const xmlNode *root = xmlDocGetRootElement(tree);
  if (!root) return -1;
  char *lerr = NULL;
  if (!(XL = xlsxlib_load(&lerr))) {
    diag_add(d, DIAG_ERROR, NULL, "cannot write %s: %s", path, lerr);
    free(lerr);
    return -1;
  }
  /* libxlsxwriter writes a file: a hidden one beside path, read back and
   * handed to the atomic writer like every output */
  const char *slash = strrchr(path, '/');
  char *tmp = slash ? xasprintf("%.*s/.%s.xlsxw-%ld-XXXXXX", (int)(slash - path), path, slash + 1, (long)getpid())
                    : xasprintf(".%s.xlsxw-%ld-XXXXXX", path, (long)getpid());
  int fd = mkstemp(tmp);
  if (fd < 0) {
    diag_add(d, DIAG_ERROR, NULL, "cannot create a file beside %s", path);
    free(tmp);
    return -1;
  }
  close(fd);
  xctx x = { .font = "宋体" };
  const char *v = prop(root, "size");
  x.base_size = v && strtod(v, NULL) > 0 ? strtod(v, NULL) : 11;
  lxw_workbook_options opts = { .constant_memory = LXW_FALSE };
  x.wb = XL->workbook_new_opt(tmp, &opts);
  if (!x.wb) {
    diag_add(d, DIAG_ERROR, NULL, "XLSX: libxlsxwriter cannot start %s", path);
    unlink(tmp);
    free(tmp);
    return -1;
  }
  lxw_doc_properties props = {0};
  /* (libxlsxwriter copies them) */
  char *own[4];
  static const char *const PN[4] = { "title", "author", "subject", "keywords" };
  for (int i = 0; i < 4; i++) own[i] = prop(root, PN[i]) ? xstrdup(prop(root, PN[i])) : NULL;
  props.title = own[0];
  props.author = own[1];
  props.subject = own[2];
  props.keywords = own[3];
  long long when = ooxml_date_epoch(prop(root, "created"));
  props.created = when >= 0 ? (time_t)when : (time_t)315532800;   /* 1980-01-01 when the data gives none */
  XL->workbook_set_properties(x.wb, &props);
  for (int i = 0; i < 4; i++) free(own[i]);

  const xmlNode *heading = NULL;
  tables(&x, root, root, &heading);
  int nsheets = x.nsheets;
  for (int i = 0; i < x.nsheets; i++) free(x.names[i]);
  free(x.names);
  if (nsheets == 0) {
    diag_add(d, DIAG_ERROR, NULL, "XLSX: the document has no table for %s", path);
    XL->workbook_close(x.wb);
    unlink(tmp);
    free(tmp);
    return -1;
  }
  lxw_error e = XL->workbook_close(x.wb);
  size_t len = 0;
  char *buf = e == LXW_NO_ERROR ? read_file(tmp, (size_t)1 << 31, &len) : NULL;
  unlink(tmp);
  free(tmp);
  if (!buf) {
    diag_add(d, DIAG_ERROR, NULL, "XLSX: cannot write %s: %s", path, XL->lxw_strerror(e));
    return -1;
  }
  int rc = ooxml_commit(path, buf, len, bytes, sha256, d);
  free(buf);
  return rc;
}
