/* layout.c: document tree to pages (layout.h).
 *
 * Each block becomes pieces (a line of a paragraph, a table row, a chart)
 * with keep rules: a heading keeps with what follows, a paragraph's first line
 * with its second and its last with the one before (no orphan or widow), a
 * signature with the body's last line. Pagination places the pieces on pages
 * ("place what fits, say whether more remains"), backing up to the last piece
 * that may end a page. Page furniture (header, footer, page numbers, the
 * watermark) is added once the page count is known.
 *
 * A paragraph is set as a list of characters (font chosen per character by the
 * fallback chain, width from the font's own tables), broken where linebreak.c
 * allows, a line one closing mark too long being squeezed rather than broken,
 * then justified by spreading the space between characters (never inside a
 * number or a word). Tables come from layout_table.c, charts from chart.c. */
#include "layout_imp.h"
#include "linebreak.h"
#include "layout_png.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM 2.834645669             /* pt per mm */
#define ASCENT 0.88                /* baseline below the em box top, in em */
#define MAX_DEPTH 48               /* nesting of elements in the tree */
#define MAX_BOX_DEPTH 4            /* box and keep inside each other */
#define MAX_PAGES 20000
#define MAX_SECTIONS 1000
#define MAX_GLYPHS 2000000         /* characters in one paragraph */
#define MAX_MISSING_WARNINGS 20
#define REPLACEMENT 0x3013         /* 〓, the conventional mark for a missing character */
#define FONT_MEMO 1024             /* entries of the font choice memo (a power of two) */
#define TEXT_CHUNK 32768           /* bytes per block of the text store */

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

typedef struct glyph {
  unsigned cp;
  int font;            /* -1: drawn as a box */
  int bold;
  unsigned color;
  unsigned char cls, hard, collapsible;
  unsigned char brk;   /* a line may break before it (find_breaks) */
  double size, adv, rise;
} glyph;

typedef struct gbuf { glyph *v; size_t n, cap; } gbuf;

typedef struct lseg { size_t a, b; double width; } lseg;   /* a line: glyphs [a, b) */

/* A remembered font choice: key is cp * 8 + role + 2 (0: empty). */
typedef struct font_memo { unsigned key; int font, width; unsigned char cls; } font_memo;

struct lctx {
  fontset *fs;
  diag_list *d;
  xmlDocPtr tree;
  xmlNode *root;
  layout_doc *doc;
  int grid;
  double grid_pitch, grid_ls;
  int *theader, *trepeat, ntables;
  double *tx, *tw, *trule;
  int pending_break;
  double page_h;                     /* height of the text block being filled */
  const xmlNode **cache_key;         /* style cache (lo_style) */
  lstyle *cache_val;
  size_t cache_cap, cache_n;
  int cache_on;                      /* set once the grid is known */
  const xmlNode *warned[64];         /* attributes already reported (styles are read often) */
  const char *warned_attr[64];
  int nwarned;
  lsection *secs; int nsecs;
  double pending_after;
  unsigned missing_cp[MAX_MISSING_WARNINGS];
  int missing_count[MAX_MISSING_WARNINGS], nmissing, missing_other;
  unsigned foreign_cp[MAX_MISSING_WARNINGS];   /* characters reported as set in another style */
  int nforeign;
  const char *pn_text, *pc_text;     /* page number and count while setting furniture */
  /* Scratch space kept from one paragraph or table cell to the next, so that
   * setting a cell allocates only what the display list keeps. Each is used
   * by one function at a time (none of them calls another that uses it). */
  gbuf spare;                        /* a glyph buffer: gbuf_take, gbuf_give */
  lseg *segs; size_t seg_cap;        /* the lines of a cell or paragraph */
  double *pos; size_t pos_cap;       /* set_line: positions and squeezes */
  unsigned missing_seen;             /* characters in no font met so far */
  font_memo fmemo[FONT_MEMO];        /* pick_font */
};

/* ---------------------------------------------------------------- helpers */

void dl_reserve(dl_list *l, int more)
{
  if (l->n + more <= l->cap) return;
  int cap = l->cap ? l->cap : 2;
  while (cap < l->n + more) cap *= 2;
  l->v = xrealloc(l->v, (size_t)cap * sizeof *l->v);
  l->cap = cap;
}

dl_item *dl_add(dl_list *l, dl_kind kind)
{
  dl_reserve(l, 1);
  dl_item *it = &l->v[l->n++];
  *it = (dl_item){ .kind = kind, .image = -1 };
  return it;
}

dl_item *dl_copy(dl_list *l, dl_item *src, double dy, int take)
{
  dl_reserve(l, 1);
  dl_item *it = &l->v[l->n++];
  *it = *src;
  it->y += dy;
  if (it->kind == DL_LINE) it->y2 += dy;
  if (take) {
    src->pts = NULL;
  } else {
    if (src->pts) {
      it->pts = xmalloc((size_t)src->npts * 2 * sizeof *it->pts);
      memcpy(it->pts, src->pts, (size_t)src->npts * 2 * sizeof *it->pts);
    }
  }
  if (it->pts)
    for (int k = 0; k < it->npts; k++) it->pts[2 * k + 1] += dy;
  return it;
}

void dl_copy_all(dl_list *l, dl_item *src, int n, double dy, int take)
{
  if (n <= 0) return;
  dl_reserve(l, n);
  dl_item *it = l->v + l->n;
  memcpy(it, src, (size_t)n * sizeof *it);
  l->n += n;
  for (int k = 0; k < n; k++, it++) {
    it->y += dy;
    if (it->kind == DL_LINE) it->y2 += dy;
    if (!it->pts) continue;
    if (take) src[k].pts = NULL;
    else {
      it->pts = xmalloc((size_t)it->npts * 2 * sizeof *it->pts);
      memcpy(it->pts, src[k].pts, (size_t)it->npts * 2 * sizeof *it->pts);
    }
    for (int q = 0; q < it->npts; q++) it->pts[2 * q + 1] += dy;
  }
}

void dl_list_free(dl_list *l)
{
  for (int i = 0; i < l->n; i++) free(l->v[i].pts);
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}

piece *flow_add(flow *f, lctx *c)
{
  if (f->n == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 64;
    f->v = xrealloc(f->v, (size_t)f->cap * sizeof *f->v);
  }
  piece *p = &f->v[f->n++];
  memset(p, 0, sizeof *p);
  p->table = -1;
  p->before = c->pending_after;
  p->force_break = c->pending_break;
  c->pending_after = 0;
  c->pending_break = 0;
  return p;
}

void lo_space_after(lctx *c, double after) { c->pending_after += after; }

static void piece_free(piece *p)
{
  dl_list_free(&p->items);
  free(p->lines);
  for (int i = 0; i < p->nmarks; i++) free(p->marks[i].title);
  free(p->marks);
}

static void flow_free(flow *f)
{
  for (int i = 0; i < f->n; i++) piece_free(&f->v[i]);
  free(f->v);
}

/* 1 when n can have no attribute: none is written on it and its document has
 * no DTD to supply defaults (which xmlGetProp would consult). Most elements
 * of a table (tr, td) are like this, and their styles are read per cell. */
static int attrless(const xmlNode *n)
{
  return !n->properties && (!n->doc || (!n->doc->intSubset && !n->doc->extSubset));
}

int lo_attrless(const xmlNode *n) { return attrless(n); }

char *lo_attr(xmlNode *n, const char *name)
{
  if (!n || attrless(n)) return NULL;
  if (!n->doc || (!n->doc->intSubset && !n->doc->extSubset)) {
    /* what xmlGetProp finds when no DTD can supply a default: the first
     * attribute of that name; its value read in place when it is one text
     * node (xmlGetProp copies it twice) */
    if (n->type != XML_ELEMENT_NODE) return NULL;
    const xmlAttr *a = n->properties;
    while (a && strcmp((const char *)a->name, name) != 0) a = a->next;
    if (!a) return NULL;
    const xmlNode *t = a->children;
    if (t && !t->next && (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE))
      return t->content ? xstrdup((const char *)t->content) : NULL;
  }
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  if (!v) return NULL;
  char *s = xstrdup((const char *)v);
  xmlFree(v);
  return s;
}

static int is_el(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* "37:/document/section[2]/p[3]": where a node is, for diagnostics. New string. */
static char *node_place(xmlNode *n)
{
  xmlChar *path = xmlGetNodePath(n);
  char *s = xasprintf("%ld:%s", xmlGetLineNo(n), path ? (const char *)path : "?");
  xmlFree(path);
  return s;
}

__attribute__((format(printf, 4, 0)))
static void lo_vdiag(lctx *c, diag_level lv, xmlNode *n, const char *fmt, va_list ap)
{
  strbuf b = {0};
  sb_vaddf(&b, fmt, ap);
  char *place = n ? node_place(n) : NULL;
  diag_add(c->d, lv, place, "%s", sb_str(&b));
  free(place);
  sb_free(&b);
}

void lo_error(lctx *c, xmlNode *n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  lo_vdiag(c, DIAG_ERROR, n, fmt, ap);
  va_end(ap);
}

void lo_warn(lctx *c, xmlNode *n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  lo_vdiag(c, DIAG_WARNING, n, fmt, ap);
  va_end(ap);
}

unsigned lo_color(const char *s, unsigned def)
{
  if (!s) return def;
  if (strcmp(s, "black") == 0) return 0x000000;
  if (strcmp(s, "red") == 0) return 0xE60012;
  if (strcmp(s, "white") == 0) return 0xFFFFFF;
  if (strcmp(s, "gray") == 0 || strcmp(s, "grey") == 0) return 0x808080;
  if (s[0] == '#' && strlen(s) == 7) {
    char *end;
    unsigned long v = strtoul(s + 1, &end, 16);
    if (!*end) return (unsigned)v;
  }
  return def;
}

/* Parses a length: "37mm", "16pt", "2em", "1.5lines", "2cm" or a bare number
 * (pt). Returns 0 and stores pt, or -1. */
static int parse_len(const char *s, double em, double pitch, double *out)
{
  char *end;
  double v = strtod(s, &end);
  if (end == s || !isfinite(v) || fabs(v) > 100000) return -1;
  while (*end == ' ') end++;
  if (!*end || strcmp(end, "pt") == 0) *out = v;
  else if (strcmp(end, "mm") == 0) *out = v * MM;
  else if (strcmp(end, "cm") == 0) *out = v * MM * 10;
  else if (strcmp(end, "em") == 0) *out = v * em;
  else if (strcmp(end, "lines") == 0 || strcmp(end, "line") == 0) *out = v * pitch;
  else return -1;
  return 0;
}

static double pitch_of(const lstyle *st) { return st->pitch > 0 ? st->pitch : st->size * 1.5; }
/* One character's pitch: the font size plus the letter-spacing, so that "2em"
 * of indent is two characters of a letter-spaced (grid) line. */
static double em_of(const lstyle *st) { return st->size + st->ls; }

/* Returns 1 the first time (n, attr) is asked about, 0 after: a bad style
 * attribute is reported once, not once per character that inherits it. */
static int first_report(lctx *c, const xmlNode *n, const char *attr)
{
  for (int i = 0; i < c->nwarned; i++)
    if (c->warned[i] == n && strcmp(c->warned_attr[i], attr) == 0) return 0;
  if (c->nwarned < 64) {
    c->warned[c->nwarned] = n;
    c->warned_attr[c->nwarned++] = attr;
  }
  return 1;
}

double lo_len_attr(lctx *c, xmlNode *n, const char *attr, const lstyle *st, double def)
{
  char *v = lo_attr(n, attr);
  if (!v) return def;
  double r;
  if (parse_len(v, st ? em_of(st) : 12, st ? pitch_of(st) : 18, &r) != 0) {
    if (first_report(c, n, attr))
      lo_warn(c, n, "%s='%s' is not a length (e.g. 16pt, 37mm, 2em, 1.5lines); ignored", attr, v);
    r = def;
  }
  free(v);
  return r;
}

/* The elements that set defaults of their own (element_defaults). */
typedef enum el_kind {
  EL_OTHER, EL_TD, EL_TR, EL_THEAD, EL_TITLE, EL_HEADING, EL_P,
  EL_BLOCK,       /* item, line, table, list, signature, colophon: no indent */
  EL_SMALL,       /* cc, issuer, date: no indent, 14 pt */
  EL_FURNITURE,   /* header, footer */
  EL_B
} el_kind;

/* Returns the kind of an element named name, comparing it only with the
 * names that begin with its letter (styles are worked out for every table
 * row and cell). */
static el_kind element_kind(const char *name)
{
  switch (name[0]) {
  case 't':
    if (strcmp(name, "td") == 0) return EL_TD;
    if (strcmp(name, "tr") == 0) return EL_TR;
    if (strcmp(name, "title") == 0) return EL_TITLE;
    if (strcmp(name, "table") == 0) return EL_BLOCK;
    if (strcmp(name, "thead") == 0) return EL_THEAD;
    break;
  case 'p':
    if (strcmp(name, "p") == 0) return EL_P;
    break;
  case 'h':
    if (strcmp(name, "heading") == 0) return EL_HEADING;
    if (strcmp(name, "header") == 0) return EL_FURNITURE;
    break;
  case 'f':
    if (strcmp(name, "footer") == 0) return EL_FURNITURE;
    break;
  case 'i':
    if (strcmp(name, "item") == 0) return EL_BLOCK;
    if (strcmp(name, "issuer") == 0) return EL_SMALL;
    break;
  case 'l':
    if (strcmp(name, "line") == 0 || strcmp(name, "list") == 0) return EL_BLOCK;
    break;
  case 's':
    if (strcmp(name, "signature") == 0) return EL_BLOCK;
    break;
  case 'c':
    if (strcmp(name, "cc") == 0) return EL_SMALL;
    if (strcmp(name, "colophon") == 0) return EL_BLOCK;
    break;
  case 'd':
    if (strcmp(name, "date") == 0) return EL_SMALL;
    break;
  case 'b':
    if (strcmp(name, "b") == 0) return EL_B;
    break;
  }
  return EL_OTHER;
}

/* Applies the defaults of element n itself (not inherited). */
static void element_defaults(lctx *c, xmlNode *n, lstyle *st)
{
  st->before = st->after = 0;
  st->keep = 0;
  switch (element_kind((const char *)n->name)) {
  case EL_TD:
    st->indent = 0;
    st->align = AL_LEFT;
    break;
  case EL_TITLE:
    st->role = c->grid ? FONT_SONG : FONT_HEI;
    st->size = 22;
    st->align = AL_CENTER;
    st->indent = 0;
    st->keep = 1;
    st->bold = c->grid;
    if (!c->grid) st->after = 0.5 * st->size;
    break;
  case EL_HEADING: {
    char *lv = lo_attr(n, "level");
    int level = lv ? atoi(lv) : 1;
    free(lv);
    if (level == 1) st->role = FONT_HEI;
    else if (level == 2) st->role = FONT_KAI;
    st->align = AL_LEFT;
    st->indent = c->grid ? 2 * em_of(st) : 0;
    st->keep = 1;
    /* off the official grid, a little air above headings */
    if (!c->grid) st->before = (level == 1 ? 0.5 : 0.25) * pitch_of(st);
    break;
  }
  case EL_P:
    st->indent = 2 * em_of(st);
    st->align = AL_JUSTIFY;
    break;
  case EL_BLOCK:
    st->indent = 0;
    break;
  case EL_SMALL:
    st->indent = 0;
    st->size = 14;
    break;
  case EL_FURNITURE:
    st->indent = 0;
    st->size = 10.5;
    st->align = AL_CENTER;
    break;
  case EL_THEAD:
    st->role = FONT_HEI;
    break;
  case EL_TR: {
    char *k = lo_attr(n, "kind");
    if (k && (strcmp(k, "group") == 0 || strcmp(k, "subtotal") == 0 || strcmp(k, "total") == 0)) st->bold = 1;
    free(k);
    break;
  }
  case EL_B:
    st->bold = 1;
    break;
  case EL_OTHER:
    break;
  }
}

/* The style attributes read_style_attrs reads, as bits. */
enum {
  SA_FONT = 1 << 0, SA_SIZE = 1 << 1, SA_BOLD = 1 << 2, SA_COLOR = 1 << 3, SA_ALIGN = 1 << 4,
  SA_KEEP = 1 << 5, SA_PITCH = 1 << 6, SA_LS = 1 << 7, SA_INDENT = 1 << 8, SA_BEFORE = 1 << 9,
  SA_AFTER = 1 << 10, SA_ALL = (1 << 11) - 1
};

/* Returns which style attributes are written on element n (SA_ bits), in
 * one pass over its attributes rather than a search for each: all of them
 * when a DTD could supply defaults. */
static unsigned style_attrs_on(const xmlNode *n)
{
  if (n->doc && (n->doc->intSubset || n->doc->extSubset)) return SA_ALL;
  unsigned have = 0;
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    const char *s = (const char *)a->name;
    switch (s[0]) {
    case 'f': if (strcmp(s, "font") == 0) have |= SA_FONT; break;
    case 'b': if (strcmp(s, "bold") == 0) have |= SA_BOLD; break;
    case 'c': if (strcmp(s, "color") == 0) have |= SA_COLOR; break;
    case 'a': if (strcmp(s, "align") == 0) have |= SA_ALIGN; break;
    case 'k': if (strcmp(s, "keep-with-next") == 0) have |= SA_KEEP; break;
    case 'i': if (strcmp(s, "indent") == 0) have |= SA_INDENT; break;
    case 'l':
      if (strcmp(s, "line-pitch") == 0) have |= SA_PITCH;
      else if (strcmp(s, "letter-spacing") == 0) have |= SA_LS;
      break;
    case 's':
      if (strcmp(s, "size") == 0) have |= SA_SIZE;
      else if (strcmp(s, "space-before") == 0) have |= SA_BEFORE;
      else if (strcmp(s, "space-after") == 0) have |= SA_AFTER;
      break;
    }
  }
  return have;
}

/* Reads the style attributes written on n into st. */
static void read_style_attrs(lctx *c, xmlNode *n, lstyle *st)
{
  unsigned have = style_attrs_on(n);
  char *v;
  if ((have & SA_FONT) && (v = lo_attr(n, "font")) != NULL) {
    int r = fontset_role(v);
    if (r < 0 && first_report(c, n, "font"))
      lo_warn(c, n, "font='%s' is not a font role (" FONT_ROLE_LIST "); ignored", v);
    else st->role = r;
    free(v);
  }
  if ((have & SA_SIZE) && (v = lo_attr(n, "size")) != NULL) {
    double s;
    if (parse_len(v, st->size, pitch_of(st), &s) == 0 && s >= 2 && s <= 400) st->size = s;
    else if (first_report(c, n, "size")) lo_warn(c, n, "size='%s' is not a font size in pt (2 to 400); ignored", v);
    free(v);
  }
  if ((have & SA_BOLD) && (v = lo_attr(n, "bold")) != NULL) { st->bold = strcmp(v, "yes") == 0; free(v); }
  if ((have & SA_COLOR) && (v = lo_attr(n, "color")) != NULL) { st->color = lo_color(v, st->color); free(v); }
  if ((have & SA_ALIGN) && (v = lo_attr(n, "align")) != NULL) {
    if (strcmp(v, "left") == 0) st->align = AL_LEFT;
    else if (strcmp(v, "center") == 0) st->align = AL_CENTER;
    else if (strcmp(v, "right") == 0) st->align = AL_RIGHT;
    else if (strcmp(v, "justify") == 0) st->align = AL_JUSTIFY;
    free(v);
  }
  if ((have & SA_KEEP) && (v = lo_attr(n, "keep-with-next")) != NULL) { st->keep = strcmp(v, "yes") == 0; free(v); }
  if (have & SA_PITCH) st->pitch = lo_len_attr(c, n, "line-pitch", st, st->pitch);
  if (have & SA_LS) st->ls = lo_len_attr(c, n, "letter-spacing", st, st->ls);
  if (have & SA_INDENT) st->indent = lo_len_attr(c, n, "indent", st, st->indent);
  if (have & SA_BEFORE) st->before = lo_len_attr(c, n, "space-before", st, st->before);
  if (have & SA_AFTER) st->after = lo_len_attr(c, n, "space-after", st, st->after);
}

static void apply_attrs(lctx *c, xmlNode *n, lstyle *st)
{
  if (!attrless(n)) read_style_attrs(c, n, st);
  /* keep what input chooses within what can be drawn */
  if (st->pitch < 0) st->pitch = 0;
  if (st->ls < -0.5 * st->size) st->ls = -0.5 * st->size;
  if (st->ls > 2 * st->size) st->ls = 2 * st->size;
  if (st->indent < 0) st->indent = 0;
  if (st->before < 0) st->before = 0;
  if (st->after < 0) st->after = 0;
}

/* Style cache: an open-addressing table from element to its computed style,
 * since every text node and table cell asks for its element's style and
 * reading attributes dominates the cost of large tables. */
static size_t cache_slot(const lctx *c, const xmlNode *n)
{
  uint64_t h = (uint64_t)(uintptr_t)n * 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 20) & (c->cache_cap - 1);
}

static const lstyle *cache_get(const lctx *c, const xmlNode *n)
{
  if (!c->cache_cap) return NULL;
  for (size_t i = cache_slot(c, n);; i = (i + 1) & (c->cache_cap - 1)) {
    if (!c->cache_key[i]) return NULL;
    if (c->cache_key[i] == n) return &c->cache_val[i];
  }
}

static void cache_put(lctx *c, const xmlNode *n, const lstyle *st)
{
  if ((c->cache_n + 1) * 2 > c->cache_cap) {
    size_t oldcap = c->cache_cap;
    const xmlNode **ok = c->cache_key;
    lstyle *ov = c->cache_val;
    c->cache_cap = oldcap ? oldcap * 2 : 1024;
    c->cache_key = xcalloc(c->cache_cap, sizeof *c->cache_key);
    c->cache_val = xmalloc(c->cache_cap * sizeof *c->cache_val);
    c->cache_n = 0;
    for (size_t i = 0; i < oldcap; i++)
      if (ok[i]) cache_put(c, ok[i], &ov[i]);
    free(ok);
    free(ov);
  }
  size_t i = cache_slot(c, n);
  while (c->cache_key[i] && c->cache_key[i] != n) i = (i + 1) & (c->cache_cap - 1);
  if (!c->cache_key[i]) c->cache_n++;
  c->cache_key[i] = n;
  c->cache_val[i] = *st;
}

void lo_child_style(lctx *c, xmlNode *n, lstyle *st)
{
  element_defaults(c, n, st);
  apply_attrs(c, n, st);
}

lstyle lo_style(lctx *c, xmlNode *n)
{
  lstyle st = { .role = FONT_SONG, .size = 12, .align = AL_JUSTIFY, .color = 0 };
  if (c->grid) {
    st.role = FONT_FANGSONG;
    st.size = 16;
    st.pitch = c->grid_pitch;
    st.ls = c->grid_ls;
  }
  xmlNode *chain[MAX_DEPTH];
  int k = 0;
  const lstyle *known = NULL;
  for (xmlNode *a = n; a && a->type == XML_ELEMENT_NODE && k < MAX_DEPTH; a = a->parent) {
    if (c->cache_on && (known = cache_get(c, a)) != NULL) break;
    chain[k++] = a;
  }
  if (known) st = *known;
  while (k-- > 0) {
    lo_child_style(c, chain[k], &st);
    if (c->cache_on) cache_put(c, chain[k], &st);
  }
  return st;
}

int lo_table_new(lctx *c, int repeat, double x, double width, double bottom_rule)
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

void lo_table_set_header(lctx *c, int table, int flow_index) { c->theader[table] = flow_index; }

/* ------------------------------------------------------------- characters */

/* Returns *p grown to hold at least n elements of size bytes (*cap counts
 * them); the contents are kept. */
static void *reserve(void *p, size_t *cap, size_t n, size_t size)
{
  if (n <= *cap) return p;
  size_t k = *cap ? *cap : 64;
  while (k < n) k *= 2;
  *cap = k;
  return xrealloc(p, k * size);
}

/* Returns an empty glyph buffer: the context's spare one (with the room it
 * grew to) if it is free, else a new one. Hand it back with gbuf_give. */
static gbuf gbuf_take(lctx *c)
{
  gbuf b = c->spare;
  c->spare = (gbuf){0};
  b.n = 0;
  return b;
}

/* Keeps the larger of b and the spare buffer for the next gbuf_take and
 * frees the other; b is left empty. */
static void gbuf_give(lctx *c, gbuf *b)
{
  if (b->cap > c->spare.cap) {
    free(c->spare.v);
    c->spare = *b;
  } else free(b->v);
  *b = (gbuf){0};
}

static void gbuf_grow(gbuf *b)
{
  b->cap = b->cap ? b->cap * 2 : 64;
  b->v = xrealloc(b->v, b->cap * sizeof *b->v);
}

/* Appends *g (once per character laid out: the growing is out of line). */
static inline void gbuf_push(gbuf *b, const glyph *g)
{
  if (b->n == b->cap) gbuf_grow(b);
  b->v[b->n++] = *g;
}

/* Returns fontset_pick(role, cp), sets *width to the font's advance for cp
 * (fontset_width, 1/1000 em; 0 when no font has it) and *cls to its line
 * breaking class (lb_classify). Remembered in a direct-mapped table: a
 * document has a few hundred distinct characters, each set thousands of
 * times (inline: once per character laid out). */
static inline int pick_font(lctx *c, int role, unsigned cp, int *width, unsigned char *cls)
{
  if (role < -1 || role >= FONT_ROLES || cp > 0x10FFFF) {   /* outside the key's range */
    int f = fontset_pick(c->fs, role, cp);
    *width = f >= 0 ? fontset_width(c->fs, f, cp) : 0;
    *cls = (unsigned char)lb_classify(cp);
    return f;
  }
  unsigned key = cp * 8 + (unsigned)(role + 2);
  font_memo *m = &c->fmemo[(cp ^ key >> 10) & (FONT_MEMO - 1)];
  if (m->key != key) {
    m->key = key;
    m->font = fontset_pick(c->fs, role, cp);
    m->width = m->font >= 0 ? fontset_width(c->fs, m->font, cp) : 0;
    m->cls = (unsigned char)lb_classify(cp);
  }
  *width = m->width;
  *cls = m->cls;
  return m->font;
}

static int is_wide(unsigned cp) { return cp >= 0x2E80 || (cp >= 0x2010 && cp <= 0x2027 && cp != 0x2014); }

/* Returns a new string: up to 8 characters of s either side of the k bytes
 * at byte offset at, so that a reader can find the place in the data. */
static char *text_around(const char *s, size_t at, size_t k)
{
  size_t a = at, e = at + k, n = strlen(s);
  for (int i = 0; i < 8 && a > 0; i++)
    do a--; while (a > 0 && ((unsigned char)s[a] & 0xC0) == 0x80);
  for (int i = 0; i < 8 && e < n; i++)
    do e++; while (e < n && ((unsigned char)s[e] & 0xC0) == 0x80);
  strbuf b = {0};
  for (size_t i = a; i < e; i++) sb_addc(&b, (s[i] == '\n' || s[i] == '\t') ? ' ' : s[i]);
  return sb_detach(&b);
}

/* Reports, once per character, cp (the k bytes at byte offset at of s) set
 * in font, whose style is not that of role (fontset_foreign). */
static void note_foreign(lctx *c, int role, int font, unsigned cp, const char *s, size_t at, size_t k,
                         xmlNode *where)
{
  for (int m = 0; m < c->nforeign; m++)
    if (c->foreign_cp[m] == cp) return;
  if (c->nforeign == MAX_MISSING_WARNINGS) return;
  c->foreign_cp[c->nforeign++] = cp;
  strbuf t = {0};
  utf8_append(&t, cp);
  char *ctx = text_around(s, at, k);
  const char *style = fontset_role_chinese(fontset_style(c->fs, font));
  lo_warn(c, where, "character U+%04X '%s' in \"%s\" is in none of the %s fonts; set in %s%s%s%s",
          cp, sb_str(&t), ctx, fontset_role_chinese(role), fontset_family(c->fs, font),
          *style ? " (" : "", style, *style ? ")" : "");
  free(ctx);
  sb_free(&t);
}

/* Appends the characters of UTF-8 text s set in style st. */
static void add_text(lctx *c, gbuf *b, const char *s, const lstyle *st, double rise, xmlNode *where)
{
  size_t n = strlen(s);
  for (size_t i = 0; i < n && b->n < MAX_GLYPHS;) {
    unsigned cp;
    size_t k = utf8_decode_fast(s + i, n - i, &cp);
    if (k == 0) { cp = 0xFFFD; k = 1; }
    i += k;
    if (b->n == b->cap) gbuf_grow(b);
    glyph *g = &b->v[b->n];   /* set in place; kept by b->n++ at the end */
    *g = (glyph){ .cp = cp, .bold = st->bold, .color = st->color, .size = st->size, .rise = rise };
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
      g->cp = ' ';
      g->collapsible = 1;
      if (b->n && b->v[b->n - 1].collapsible) continue;
    } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) continue;
    int width;
    g->font = pick_font(c, st->role, g->cp, &width, &g->cls);
    if (g->font >= 0 && fontset_foreign(c->fs, st->role, g->font)) note_foreign(c, st->role, g->font, cp, s, i - k, k, where);
    if (g->font < 0) {
      c->missing_seen++;
      int m = 0;
      while (m < c->nmissing && c->missing_cp[m] != cp) m++;
      if (m < c->nmissing) c->missing_count[m]++;
      else if (m < MAX_MISSING_WARNINGS) {
        c->missing_cp[m] = cp;
        c->missing_count[m] = 1;
        c->nmissing++;
        strbuf t = {0};
        utf8_append(&t, cp);
        char *ctx = text_around(s, i - k, k);
        lo_warn(c, where, "character U+%04X '%s' in \"%s\" is in none of the configured fonts; drawn as 〓",
                cp, sb_str(&t), ctx);
        free(ctx);
        sb_free(&t);
      } else c->missing_other++;
      g->cp = REPLACEMENT;
      g->cls = LB_ID;
      unsigned char cls;
      g->font = pick_font(c, st->role, REPLACEMENT, &width, &cls);
    }
    g->adv = g->font >= 0 ? width * st->size / 1000.0 : st->size;
    b->n++;
  }
}

/* Collects the inline content of n into b, depth-first without recursion.
 * st_n is n's style (lo_style(c, n) or lo_child_style, its layout fields
 * changed or not), for the text directly in n. */
static void collect_inline(lctx *c, xmlNode *n, const lstyle *st_n, gbuf *b)
{
  xmlNode *stack[MAX_DEPTH];
  int sp = 0;
  xmlNode *cur = n->children;
  while (cur || sp > 0) {
    if (!cur) { cur = stack[--sp]->next; continue; }
    if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
      lstyle st = cur->parent == n ? *st_n : lo_style(c, cur->parent);
      double rise = 0;
      char *sup = lo_attr(cur->parent, "sup");
      if (sup && strcmp(sup, "yes") == 0) { rise = st.size * 0.35; st.size *= 0.6; }
      free(sup);
      add_text(c, b, (const char *)cur->content, &st, rise, cur->parent);
    } else if (cur->type == XML_ELEMENT_NODE) {
      const char *name = (const char *)cur->name;
      if (strcmp(name, "br") == 0) {
        glyph g = { .cp = 0x2028, .hard = 1, .font = -1, .cls = LB_SP };
        gbuf_push(b, &g);
      } else if (strcmp(name, "page-number") == 0 || strcmp(name, "page-count") == 0) {
        const char *t = name[5] == 'n' ? c->pn_text : c->pc_text;
        if (t) {
          lstyle st = lo_style(c, cur);
          add_text(c, b, t, &st, 0, cur);
        }
      } else if (cur->children && sp < MAX_DEPTH) {
        stack[sp++] = cur;
        cur = cur->children;
        continue;
      } else if (cur->children) {
        lo_warn(c, cur, "inline elements nested more than %d deep; the text inside is left out", MAX_DEPTH);
      }
    }
    cur = cur->next;
  }
  /* Whitespace from the tree's line structure: dropped at the ends and next
   * to Chinese characters, kept as one space between Latin words. */
  size_t w = 0;
  for (size_t i = 0; i < b->n; i++) {
    glyph *g = &b->v[i];
    if (g->collapsible) {
      int prev_wide = w == 0 || b->v[w - 1].hard || is_wide(b->v[w - 1].cp) || b->v[w - 1].cp == ' ';
      int next_wide = i + 1 >= b->n || b->v[i + 1].hard || is_wide(b->v[i + 1].cp);
      if (prev_wide || next_wide) continue;
    }
    if (w != i) b->v[w] = *g;
    w++;
  }
  b->n = w;
}

/* ----------------------------------------------------------- line setting */

static double seg_width(const glyph *g, size_t a, size_t b, double ls)
{
  double w = 0;
  for (size_t i = a; i < b; i++) w += g[i].adv + (i > a ? ls : 0);
  return w;
}

/* How much a full-width punctuation mark may give up when a line is
 * squeezed: half of its em (its blank half). */
static double squeezable(const glyph *g)
{
  if ((g->cls != LB_CL && g->cls != LB_OP) || g->adv < g->size * 0.9 || g->cp < 0x2000) return 0;
  return g->adv * 0.5;
}

/* Sets g[i].brk to 1 where a line may break before g[i] (the rules of
 * linebreak.c on the glyphs' classes; always around a hard break), else 0. */
static void find_breaks(glyph *g, size_t n)
{
  for (size_t i = 0; i < n; i++)
    g[i].brk = g[i].hard || (i > 0 && (g[i - 1].hard || lb_break_between(g[i - 1].cls, g[i].cls)));
}

/* Breaks g[0..n) into lines where g[i].brk (find_breaks) allows: the first
 * of width measure - first, the others measure - rest. Stores the lines
 * (trailing spaces cut) in *segs, grown as needed (*cap elements), and
 * returns their number. */
static size_t break_lines(const glyph *g, size_t n, double measure, double first, double rest, double ls,
                          lseg **segs, size_t *cap)
{
  lseg *v = *segs;
  size_t cnt = 0, s = 0;
  while (s < n) {
    while (s < n && g[s].cls == LB_SP && !g[s].hard) s++;
    if (s >= n) break;
    double avail = measure - (cnt == 0 ? first : rest);
    double w = 0, sq = 0;
    size_t i = s, last = s, e = n, next = n;
    for (; i < n; i++) {
      if (g[i].hard) { e = i; next = i + 1; break; }
      if (i > s && g[i].brk) last = i;
      double wi = w + (i > s ? ls : 0) + g[i].adv;
      sq += squeezable(&g[i]);
      /* a closing mark that may not start the next line: squeeze the
       * line's punctuation to keep it here before pushing a character down */
      if (wi > avail + 0.01 && i > s && !g[i].brk && g[i].cls == LB_CL && wi - avail <= sq) {
        w = wi;
        continue;
      }
      if (wi > avail + 0.01 && i > s && g[i].cls != LB_SP) {
        e = next = last > s ? last : i;
        /* no opportunity at all (a narrow cell): still never start the next
         * line with a closing mark; it overhangs this one instead */
        if (last <= s)
          while (e < n && g[e].cls == LB_CL && !g[e].hard) e = ++next;
        break;
      }
      w = wi;
    }
    size_t te = e;
    while (te > s && g[te - 1].cls == LB_SP) te--;
    v = *segs = reserve(v, cap, cnt + 1, sizeof *v);
    v[cnt].a = s;
    v[cnt].b = te;
    v[cnt].width = seg_width(g, s, te, ls);
    cnt++;
    s = next;
  }
  /* a last line of a single character (with its closing marks) looks like an
   * accident (孤字): it takes a character or word more from the line above,
   * when that line stays more than half full */
  if (cnt >= 2) {
    lseg *p = &v[cnt - 2], *q = &v[cnt - 1];
    int content = 0, joined = 1;
    for (size_t i = q->a; i < q->b; i++) content += g[i].cls != LB_CL && g[i].cls != LB_SP;
    for (size_t i = p->b; i < q->a; i++) joined &= !g[i].hard;
    size_t j = p->b - 1;
    while (j > p->a && !g[j].brk) j--;
    if (content == 1 && joined && j > p->a) {
      size_t pe = j, qa = j;
      while (pe > p->a && g[pe - 1].cls == LB_SP) pe--;
      while (qa < q->b && g[qa].cls == LB_SP) qa++;
      double wp = seg_width(g, p->a, pe, ls), wq = seg_width(g, qa, q->b, ls);
      double ap = measure - (cnt == 2 ? first : rest), aq = measure - rest;
      if (wq <= aq + 0.01 && wp >= ap * 0.5) {
        p->b = pe;
        p->width = wp;
        q->a = qa;
        q->width = wq;
      }
    }
  }
  return cnt;
}

struct dl_chunk { dl_chunk *next; size_t used, cap; char s[]; };

/* Returns room for n bytes in d's text store: packing the many short texts
 * of runs and lines into large blocks saves a malloc and a free for each. */
static char *text_room(layout_doc *d, size_t n)
{
  dl_chunk *k = d->texts;
  if (!k || k->cap - k->used < n) {
    size_t cap = n > TEXT_CHUNK ? n : TEXT_CHUNK;
    dl_chunk *fresh = xmalloc(sizeof *fresh + cap);
    fresh->used = 0;
    fresh->cap = cap;
    if (k && cap > TEXT_CHUNK) {   /* a text of its own: keep filling the current block */
      fresh->next = k->next;
      k->next = fresh;
    } else {
      fresh->next = k;
      d->texts = fresh;
    }
    k = fresh;
  }
  char *p = k->s + k->used;
  k->used += n;
  return p;
}

/* Gives back the last unused bytes of the room of n bytes at p that
 * text_room just returned, when it lies at the end of the current block. */
static void text_unused(layout_doc *d, const char *p, size_t n, size_t unused)
{
  dl_chunk *k = d->texts;
  if (k && p + n == k->s + k->used) k->used -= unused;
}

/* Returns the UTF-8 text of the glyphs g[a..b), hard breaks left out, in
 * c's text store. */
static char *glyph_text(lctx *c, const glyph *g, size_t a, size_t b)
{
  size_t room = 4 * (b - a) + 1;   /* the longest it can be; the rest is given back */
  char *text = text_room(c->doc, room);
  unsigned char *p = (unsigned char *)text;
  for (size_t i = a; i < b; i++) {
    unsigned cp = g[i].cp;
    if (g[i].hard) continue;
    if (cp < 0x80) *p++ = (unsigned char)cp;
    else if (cp < 0x800) {
      *p++ = (unsigned char)(0xC0 | cp >> 6);
      *p++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *p++ = (unsigned char)(0xE0 | cp >> 12);
      *p++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
      *p++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
      *p++ = (unsigned char)(0xF0 | cp >> 18);
      *p++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
      *p++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
      *p++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
  }
  *p++ = '\0';
  text_unused(c->doc, text, room, room - (size_t)((char *)p - text));
  return text;
}

static int same_run(const glyph *a, const glyph *b)
{
  return a->font == b->font && a->font >= 0 && a->size == b->size && a->color == b->color
         && a->bold == b->bold && a->rise == b->rise;
}

/* Emits the glyphs g[a..b) at positions xs[] on baseline y as text runs:
 * neighbours in one font whose gaps all exceed their advances by the same
 * amount share a run with that character spacing. whole, when not NULL, is
 * glyph_text(c, g, a, b): the text of a run of all the glyphs. */
static void emit_runs(lctx *c, dl_list *items, const glyph *g, const double *xs, size_t a, size_t b, double y,
                      char *whole)
{
  size_t i = a;
  while (i < b) {
    if (g[i].font < 0) {
      if (!g[i].hard) {
        double s = g[i].size;
        lo_rect(items, xs[i - a] + s * 0.1, y - s * 0.8, s * 0.8, s * 0.9, 0, 0, g[i].color, s * 0.06);
      }
      i++;
      continue;
    }
    size_t j = i + 1;
    double cs = 0;
    if (j < b && same_run(&g[i], &g[j])) {
      cs = xs[j - a] - xs[i - a] - g[i].adv;
      while (j < b && same_run(&g[i], &g[j]) && fabs(xs[j - a] - xs[j - 1 - a] - g[j - 1].adv - cs) < 0.001) j++;
    }
    dl_item *it = dl_add(items, DL_TEXT);
    it->font = g[i].font;
    it->size = g[i].size;
    it->bold = g[i].bold;
    it->color = g[i].color;
    it->x = xs[i - a];
    it->y = y - g[i].rise;
    it->cs = j - i > 1 ? cs : 0;
    it->width = xs[j - 1 - a] + g[j - 1].adv - xs[i - a];
    it->text = whole && i == a && j == b ? whole : glyph_text(c, g, i, j);
    i = j;
  }
}

/* Positions one line and emits it into items; returns the line record (with
 * its text when record, else NULL). */
static dl_line set_line(lctx *c, const glyph *g, const lseg *s, int last, const lstyle *st, double x,
                        double measure, double indent, double baseline, dl_list *items, int record)
{
  size_t n = s->b - s->a, room = n ? n : 1;
  c->pos = reserve(c->pos, &c->pos_cap, 2 * room, sizeof *c->pos);
  double *xs = c->pos, *cut = c->pos + room;   /* cut: what each mark gives up */
  memset(cut, 0, room * sizeof *cut);
  double avail = measure - indent, extra = 0, off = indent;
  int justified = 0;
  if (st->align == AL_JUSTIFY && !last && n > 1) {
    int gaps = 0;
    for (size_t i = s->a + 1; i < s->b; i++) gaps += lb_stretchable(g[i - 1].cls, g[i].cls);
    double slack = avail - s->width;
    if (gaps > 0 && slack > 0 && slack / gaps <= st->size * 1.5) { extra = slack / gaps; justified = 1; }
  } else if (st->align == AL_CENTER) off += (avail - s->width) / 2;
  else if (st->align == AL_RIGHT) off += avail - s->width;
  /* squeezed line: closing marks give up their right half, opening marks
   * their left half, in proportion, until the line fits */
  double ratio = 0;
  if (s->width > avail + 0.01) {
    double total = 0;
    for (size_t i = s->a; i < s->b; i++) if (i > s->a || g[i].cls != LB_OP) total += squeezable(&g[i]);
    ratio = total > 0 ? (s->width - avail) / total : 0;
    if (ratio > 1) ratio = 1;
    for (size_t i = s->a; i < s->b; i++)
      if (i > s->a || g[i].cls != LB_OP) cut[i - s->a] = squeezable(&g[i]) * ratio;
    justified = ratio > 0;
    off = indent;
  }
  double px = x + off;
  for (size_t i = s->a; i < s->b; i++) {
    if (i > s->a) {
      px += g[i - 1].adv + st->ls;
      if (g[i - 1].cls == LB_CL) px -= cut[i - 1 - s->a];
      if (justified && lb_stretchable(g[i - 1].cls, g[i].cls)) px += extra;
    }
    if (g[i].cls == LB_OP) px -= cut[i - s->a];
    xs[i - s->a] = px;
  }
  /* a line is most often one run (a table cell's always): they share the text */
  char *text = record ? glyph_text(c, g, s->a, s->b) : NULL;
  emit_runs(c, items, g, xs, s->a, s->b, baseline, text);
  if (n && g[s->b - 1].cls == LB_CL && cut[n - 1] > 0 && items->n && items->v[items->n - 1].kind == DL_TEXT)
    items->v[items->n - 1].width -= cut[n - 1];
  dl_line ln = { .x = n ? xs[0] : x + off, .y = baseline, .measure = avail, .size = st->size,
                 .justified = justified, .last = last };
  double last_adv = n ? g[s->b - 1].adv - (g[s->b - 1].cls == LB_CL ? cut[n - 1] : 0) : 0;
  ln.width = n ? xs[n - 1] + last_adv - xs[0] : 0;
  ln.text = text;
  return ln;
}

static void piece_add_line(piece *p, dl_line ln)
{
  p->lines = xrealloc(p->lines, (size_t)(p->nlines + 1) * sizeof *p->lines);
  p->lines[p->nlines++] = ln;
}

static void piece_add_mark(piece *p, const char *title, int level, double y)
{
  p->marks = xrealloc(p->marks, (size_t)(p->nmarks + 1) * sizeof *p->marks);
  p->marks[p->nmarks++] = (dl_mark){ .title = xstrdup(title), .level = level, .y = y };
}

static double baseline_in(const lstyle *st, double pitch, double max_size)
{
  double s = max_size > st->size ? max_size : st->size;
  return (pitch - s) / 2 + ASCENT * s;
}

static double max_size_of(const glyph *g, size_t a, size_t b, double def)
{
  double m = def;
  for (size_t i = a; i < b; i++) if (g[i].size > m && !g[i].hard) m = g[i].size;
  return m;
}

void lo_paragraph(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure, int record)
{
  gbuf b = gbuf_take(c);
  char *number = is_el(n, "heading") ? lo_attr(n, "number") : NULL;
  if (number) add_text(c, &b, number, st, 0, n);
  free(number);
  collect_inline(c, n, st, &b);
  double hang = 0;
  char *marker = is_el(n, "item") ? lo_attr(n->parent, "marker") : NULL;
  if (marker && *marker) {
    gbuf mb = {0};
    add_text(c, &mb, marker, st, 0, n);
    glyph sp = { .cp = ' ', .font = fontset_pick(c->fs, st->role, ' '), .size = st->size, .cls = LB_SP };
    sp.adv = sp.font >= 0 ? fontset_width(c->fs, sp.font, ' ') * st->size / 1000.0 : st->size / 3;
    gbuf_push(&mb, &sp);
    for (size_t i = 0; i < mb.n; i++) hang += mb.v[i].adv + st->ls;
    for (size_t i = 0; i < b.n; i++) gbuf_push(&mb, &b.v[i]);
    gbuf_give(c, &b);
    b = mb;
  }
  free(marker);
  find_breaks(b.v, b.n);
  size_t nl = break_lines(b.v, b.n, measure, hang > 0 ? 0 : st->indent, hang, st->ls, &c->segs, &c->seg_cap);
  lseg *segs = c->segs;
  if (nl > 1 && is_el(n, "title") && st->align == AL_CENTER) {
    /* a long title is set in lines of nearly equal length (GB/T 9704:
     * "a trapezoid or a diamond"), not one full line and a short tail:
     * the narrowest measure that keeps the number of lines */
    double lo = measure / (double)nl, hi = measure;
    lseg *t = NULL;
    size_t tcap = 0, m;
    for (int k = 0; k < 20 && hi - lo > 0.5; k++) {
      double mid = (lo + hi) / 2;
      m = break_lines(b.v, b.n, mid, st->indent, 0, st->ls, &t, &tcap);
      if (m > nl) lo = mid; else hi = mid;
    }
    m = break_lines(b.v, b.n, hi, st->indent, 0, st->ls, &t, &tcap);
    if (m == nl) memcpy(segs, t, m * sizeof *t);
    free(t);
  }
  double pitch = pitch_of(st);
  char *title = NULL;
  if (is_el(n, "heading")) {
    char *bm = lo_attr(n, "bookmark");
    if (!bm || strcmp(bm, "no") != 0) {
      char *num = lo_attr(n, "number");
      xmlChar *txt = xmlNodeGetContent(n);
      strbuf t = {0};
      sb_add(&t, num ? num : "");
      for (const char *p = txt ? (const char *)txt : ""; *p; p++) sb_addc(&t, (*p == '\n' || *p == '\t') ? ' ' : *p);
      title = sb_detach(&t);
      free(num);
      xmlFree(txt);
    }
    free(bm);
  }
  for (size_t i = 0; i < nl; i++) {
    piece *p = flow_add(f, c);
    if (i == 0) p->before += st->before;
    double ms = max_size_of(b.v, segs[i].a, segs[i].b, st->size);
    p->h = ms > st->size * 1.01 && pitch < ms * 1.2 ? ms * 1.2 : pitch;
    double ind = i == 0 ? (hang > 0 ? 0 : st->indent) : hang;
    dl_line ln = set_line(c, b.v, &segs[i], i + 1 == nl, st, x, measure, ind, baseline_in(st, p->h, ms),
                          &p->items, record);
    if (record) piece_add_line(p, ln);
    if (i == 0 && title) {
      char *lv = lo_attr(n, "level");
      piece_add_mark(p, title, lv ? atoi(lv) : 1, 0);
      free(lv);
    }
    /* No single orphan or widow line: the first line stays with the second,
     * the last with the one before it. */
    p->keep_next = (nl >= 2 && i == 0) || (nl >= 2 && i + 2 == nl) || (i + 1 == nl && st->keep);
  }
  if (nl == 0 && is_el(n, "p")) { piece *p = flow_add(f, c); p->h = pitch; p->before += st->before; }
  c->pending_after += st->after;
  free(title);
  gbuf_give(c, &b);
}

/* The contents, with their break opportunities found, in blocks that never
 * move (a table adds one content per cell, thousands): content k is the
 * glyphs at[k][0 .. len[k]). */
typedef struct glyph_block { struct glyph_block *next; size_t used, cap; glyph g[]; } glyph_block;
struct lo_inline { glyph_block *blocks; const glyph **at; size_t *len; int n, cap; };

#define INLINE_BLOCK 2048          /* glyphs per block of kept contents */

void lo_inline_free(lo_inline *keep)
{
  if (!keep) return;
  for (glyph_block *k = keep->blocks, *next; k; k = next) {
    next = k->next;
    free(k);
  }
  free(keep->at);
  free(keep->len);
  free(keep);
}

/* Adds a copy of the n glyphs g to *keep (made when NULL) and returns its
 * number there. */
static int inline_keep(lo_inline **keep, const glyph *g, size_t n)
{
  lo_inline *t = *keep;
  if (!t) t = *keep = xcalloc(1, sizeof *t);
  if (t->n == t->cap) {
    t->cap = t->cap ? 2 * t->cap : 64;
    t->at = xrealloc(t->at, (size_t)t->cap * sizeof *t->at);
    t->len = xrealloc(t->len, (size_t)t->cap * sizeof *t->len);
  }
  glyph *room = NULL;
  if (n) {   /* an empty cell takes no room */
    glyph_block *k = t->blocks;
    if (!k || k->cap - k->used < n) {
      size_t cap = n > INLINE_BLOCK ? n : INLINE_BLOCK;
      k = xmalloc(sizeof *k + cap * sizeof *k->g);
      k->used = 0;
      k->cap = cap;
      k->next = t->blocks;
      t->blocks = k;
    }
    room = k->g + k->used;
    k->used += n;
    memcpy(room, g, n * sizeof *g);
  }
  t->at[t->n] = room;
  t->len[t->n] = n;
  return t->n++;
}

double lo_inline_box(lctx *c, dl_list *items, xmlNode *n, const lo_inline *keep, int kept,
                     const lstyle *st, double x, double y, double width, dl_lines *lines)
{
  gbuf b = gbuf_take(c);
  const glyph *g;
  size_t ng;
  if (keep && kept >= 0 && kept < keep->n) {
    g = keep->at[kept];
    ng = keep->len[kept];
  } else {
    collect_inline(c, n, st, &b);
    find_breaks(b.v, b.n);
    g = b.v;
    ng = b.n;
  }
  size_t nl = break_lines(g, ng, width, st->indent, 0, st->ls, &c->segs, &c->seg_cap);
  const lseg *segs = c->segs;
  double pitch = pitch_of(st), h = 0;
  for (size_t i = 0; i < nl; i++) {
    double ms = max_size_of(g, segs[i].a, segs[i].b, st->size);
    double lh = ms > st->size * 1.01 && pitch < ms * 1.2 ? ms * 1.2 : pitch;
    dl_line ln = set_line(c, g, &segs[i], i + 1 == nl, st, x, width, i == 0 ? st->indent : 0,
                          y + h + baseline_in(st, lh, ms), items, lines != NULL);
    if (lines) {
      if (lines->n == lines->cap) {
        lines->cap = lines->cap ? 2 * lines->cap : 16;
        lines->v = xrealloc(lines->v, (size_t)lines->cap * sizeof *lines->v);
      }
      lines->v[lines->n++] = ln;
    }
    h += lh;
  }
  gbuf_give(c, &b);
  return h;
}

void lo_inline_measure(lctx *c, xmlNode *n, const lstyle *st, double *natural, double *unit,
                       lo_inline **keep, int *kept)
{
  int reports = diag_warnings(c->d) + diag_errors(c->d);
  unsigned missing = c->missing_seen;
  gbuf b = gbuf_take(c);
  collect_inline(c, n, st, &b);
  find_breaks(b.v, b.n);
  double line = 0, best = 0, u = 0, ubest = 0;
  for (size_t i = 0; i < b.n; i++) {
    if (b.v[i].hard) { if (line > best) best = line; line = 0; u = 0; continue; }
    if (b.v[i].brk || b.v[i].cls == LB_SP) { if (u > ubest) ubest = u; u = 0; }
    line += b.v[i].adv + (line > 0 ? st->ls : 0);
    if (b.v[i].cls != LB_SP) u += b.v[i].adv;
  }
  if (line > best) best = line;
  if (u > ubest) ubest = u;
  *natural = best;
  *unit = ubest;
  if (keep) {
    *kept = -1;
    if (diag_warnings(c->d) + diag_errors(c->d) == reports && c->missing_seen == missing)
      *kept = inline_keep(keep, b.v, b.n);
  }
  gbuf_give(c, &b);
}

double lo_text_width(lctx *c, int role, double size, const char *text)
{
  lstyle st = { .role = role, .size = size };
  gbuf b = {0};
  add_text(c, &b, text, &st, 0, NULL);
  double w = seg_width(b.v, 0, b.n, 0);
  free(b.v);
  return w;
}

double lo_label(lctx *c, dl_list *items, double x, double y, const char *text, int role,
                double size, unsigned color, int align)
{
  lstyle st = { .role = role, .size = size, .color = color };
  gbuf b = {0};
  add_text(c, &b, text, &st, 0, NULL);
  double w = seg_width(b.v, 0, b.n, 0);
  double *xs = xmalloc((b.n ? b.n : 1) * sizeof *xs);
  double px = align == AL_CENTER ? x - w / 2 : align == AL_RIGHT ? x - w : x;
  for (size_t i = 0; i < b.n; i++) { xs[i] = px; px += b.v[i].adv; }
  emit_runs(c, items, b.v, xs, 0, b.n, y, NULL);
  free(xs);
  free(b.v);
  return w;
}

void lo_rect(dl_list *items, double x, double y, double w, double h, unsigned fill, int filled,
             unsigned stroke, double lw)
{
  dl_item *it = dl_add(items, DL_RECT);
  it->x = x; it->y = y; it->x2 = w; it->y2 = h;
  it->fill = fill; it->filled = filled;
  it->color = stroke; it->stroked = lw > 0; it->lw = lw;
}

void lo_line(dl_list *items, double x1, double y1, double x2, double y2, unsigned color, double lw)
{
  dl_item *it = dl_add(items, DL_LINE);
  it->x = x1; it->y = y1; it->x2 = x2; it->y2 = y2; it->color = color; it->lw = lw;
}

/* ----------------------------------------------------------------- blocks */

static void do_blocks(lctx *c, flow *f, xmlNode *first, double x, double measure, double page_h, int depth);

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
  if (!data) {
    lo_error(c, n, "cannot read image %s", src);
  } else if (png_check(data, len, &w, &h, &err) != 0) {
    lo_error(c, n, "image %s: %s", src, err);
    free(err);
    free(data);
    data = NULL;
  }
  if (!data) { free(src); return; }
  layout_doc *d = c->doc;
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
  piece *p = flow_add(f, c);
  p->before += st->before;
  p->h = t;
  p->keep_next = st->keep;
  lo_line(&p->items, rx, t / 2, rx + w, t / 2, st->color, t);
  c->pending_after += st->after;
}

/* 版记: rules the width of the text block (outer 0.35 mm, inner 0.25 mm), 抄送
 * one character in on both sides, 印发机关 and 印发日期 on the last line. */
static void block_colophon(lctx *c, flow *f, xmlNode *n, double x, double measure)
{
  dl_list items = {0};
  double y = 0, thick = 0.35 * MM, thin = 0.25 * MM;
  lo_line(&items, x, y, x + measure, y, 0, thick);
  dl_lines lines = {0};
  for (xmlNode *k = n->children; k; k = k->next) {
    if (!is_el(k, "cc")) continue;
    lstyle st = lo_style(c, k);
    st.align = AL_JUSTIFY;
    y += lo_inline_box(c, &items, k, NULL, -1, &st, x + st.size, y, measure - 2 * st.size, &lines);
    lo_line(&items, x, y, x + measure, y, 0, thin);
  }
  xmlNode *issuer = NULL, *date = NULL;
  for (xmlNode *k = n->children; k; k = k->next) {
    if (is_el(k, "issuer")) issuer = k;
    if (is_el(k, "date")) date = k;
  }
  if (issuer || date) {
    xmlNode *any = issuer ? issuer : date;
    lstyle st = lo_style(c, any);
    double h = pitch_of(&st);
    if (issuer) {
      st.align = AL_LEFT;
      lo_inline_box(c, &items, issuer, NULL, -1, &st, x + st.size, y, measure - 2 * st.size, &lines);
    }
    if (date) {
      lstyle ds = lo_style(c, date);
      xmlChar *t = xmlNodeGetContent(date);
      const char *txt = t ? (const char *)t : "";
      size_t tl = strlen(txt);
      char *s = (tl >= 6 && strcmp(txt + tl - 6, "印发") == 0) ? xstrdup(txt) : xasprintf("%s印发", txt);
      lo_label(c, &items, x + measure - ds.size, y + baseline_in(&ds, h, ds.size), s, ds.role, ds.size,
               ds.color, AL_RIGHT);
      free(s);
      xmlFree(t);
    }
    y += h;
  }
  lo_line(&items, x, y, x + measure, y, 0, thick);
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
  double saved = c->pending_after;
  c->pending_after = 0;
  do_blocks(c, &sub, n->children, bx + pad, w - 2 * pad, page_h, depth + 1);
  c->pending_after = saved;
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
  if (border > 0) lo_rect(&p->items, bx, 0, w, p->h, 0, 0, st->color, border);
  c->pending_after += st->after;
}

static void do_blocks(lctx *c, flow *f, xmlNode *first, double x, double measure, double page_h, int depth)
{
  if (depth > MAX_BOX_DEPTH) { lo_error(c, first ? first->parent : NULL, "boxes and keeps nested too deeply"); return; }
  c->page_h = page_h;
  for (xmlNode *n = first; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    const char *name = (const char *)n->name;
    if (strcmp(name, "section") == 0) {
      if (n->parent == c->root) break;   /* the caller starts a new section there */
      lo_warn(c, n, "a <section> belongs directly in <document>; its content is left out");
      continue;
    }
    if (strcmp(name, "header") == 0 || strcmp(name, "footer") == 0) continue;
    lstyle st = lo_style(c, n);
    if (strcmp(name, "title") == 0 || strcmp(name, "heading") == 0 || strcmp(name, "p") == 0) {
      lo_paragraph(c, f, n, &st, x, measure, 1);
    } else if (strcmp(name, "list") == 0) {
      double before = st.before;
      for (xmlNode *k = n->children; k; k = k->next) {
        if (!is_el(k, "item")) continue;
        lstyle is = lo_style(c, k);
        c->pending_after += before;
        before = 0;
        lo_paragraph(c, f, k, &is, x, measure, 1);
      }
      c->pending_after += st.after;
    } else if (strcmp(name, "signature") == 0) {
      int k0 = f->n;
      c->pending_after += st.before;
      for (xmlNode *k = n->children; k; k = k->next) {
        if (is_el(k, "spacer")) {   /* space between the body and the name, or inside */
          lstyle ss = lo_style(c, k);
          double h = lo_len_attr(c, k, "height", &ss, pitch_of(&ss));
          c->pending_after += h > 0 ? h : 0;
        }
        if (!is_el(k, "line")) continue;
        lstyle ls = lo_style(c, k);
        double ind = ls.indent;
        ls.indent = 0;
        if (ls.align == AL_JUSTIFY) ls.align = AL_LEFT;
        if (ls.align == AL_RIGHT) lo_paragraph(c, f, k, &ls, x, measure - ind, 1);
        else lo_paragraph(c, f, k, &ls, x + ind, measure - ind, 1);
      }
      for (int i = k0; i < f->n - 1; i++) f->v[i].keep_next = 1;
      /* never alone on a page: it keeps the last line of the body with it */
      if (k0 > 0 && f->n > k0) f->v[k0 - 1].keep_next = 1;
      for (xmlNode *k = n->children; k && f->n > k0; k = k->next)
        if (is_el(k, "image")) seal_over(c, f, k0, k, x, measure);
      c->pending_after += st.after;
    } else if (strcmp(name, "table") == 0) {
      lo_table(c, f, n, &st, x, measure, page_h);
    } else if (strcmp(name, "chart") == 0) {
      lo_chart(c, f, n, &st, x, measure);
    } else if (strcmp(name, "image") == 0) {
      block_image(c, f, n, &st, x, measure);
    } else if (strcmp(name, "page-break") == 0) {
      c->pending_break = 1;
    } else if (strcmp(name, "keep") == 0) {
      int k0 = f->n;
      do_blocks(c, f, n->children, x, measure, page_h, depth + 1);
      for (int i = k0; i < f->n - 1; i++) f->v[i].keep_next = 1;
    } else if (strcmp(name, "spacer") == 0) {
      piece *p = flow_add(f, c);
      p->h = lo_len_attr(c, n, "height", &st, pitch_of(&st));
      if (p->h < 0) p->h = 0;
      p->keep_next = st.keep;
    } else if (strcmp(name, "rule") == 0) {
      block_rule(c, f, n, &st, x, measure);
    } else if (strcmp(name, "colophon") == 0) {
      block_colophon(c, f, n, x, measure);
    } else if (strcmp(name, "box") == 0) {
      block_box(c, f, n, &st, x, measure, page_h, depth);
    } else {
      lo_warn(c, n, "<%s> is not a block of the document tree; skipped", name);
    }
  }
}

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
    if (is_el(k, "header")) s->header = k;
    if (is_el(k, "footer")) s->footer = k;
  }
  if (sec != c->root) {
    for (xmlNode *k = c->root->children; k; k = k->next) {
      if (!s->header && is_el(k, "header")) s->header = k;
      if (!s->footer && is_el(k, "footer")) s->footer = k;
    }
  }
  s->watermark = sec_attr(c, sec, "watermark");
}

/* ------------------------------------------------------------- pagination */

typedef struct page_plan { int section, hdr_table; } page_plan;

/* Decides the page and position of every piece. Returns the number of pages;
 * *plans (new array) says per page its section and repeated table header. */
static int paginate(lctx *c, flow *f, int *pg, double *py, page_plan **plans)
{
  int np = 0, cap = 0, first = 0;
  page_plan *pl = NULL;
  double y = 0;
  int i = 0;
  while (i < f->n) {
    piece *p = &f->v[i];
    lsection *s = &c->secs[p->section];
    double avail = s->h - s->mt - s->mb;
    int fresh = np > 0 && i == first;
    if (np == 0 || p->section != pl[np - 1].section || (p->force_break && !fresh)) {
      if (np >= MAX_PAGES) { lo_error(c, NULL, "more than %d pages", MAX_PAGES); break; }
      if (np == cap) { cap = cap ? cap * 2 : 16; pl = xrealloc(pl, (size_t)cap * sizeof *pl); }
      pl[np++] = (page_plan){ p->section, -1 };
      first = i;
      y = 0;
      fresh = 1;
    }
    if (fresh && pl[np - 1].hdr_table < 0 && p->table >= 0 && !p->is_header
        && c->theader[p->table] >= 0 && c->trepeat[p->table]) {
      pl[np - 1].hdr_table = p->table;
      y = f->v[c->theader[p->table]].h;
    }
    double gap = fresh ? 0 : p->before;
    if (p->bottom) {
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
    pl[np++] = (page_plan){ f->v[i].section, -1 };
    first = i;
    y = 0;
  }
  *plans = pl;
  return np;
}

static void move_piece(layout_doc *d, int page, piece *p, double dy, int copy)
{
  dl_page *pg = &d->pages[page];
  dl_copy_all(&pg->items, p->items.v, p->items.n, dy, !copy);
  if (copy) return;
  for (int k = 0; k < p->nlines; k++) {
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

/* ---------------------------------------------------------------- furniture */

static void furniture_line(lctx *c, dl_page *pg, xmlNode *n, double top)
{
  lstyle st = lo_style(c, n);
  if (st.align == AL_JUSTIFY) st.align = AL_CENTER;
  int start = pg->items.n;
  lo_inline_box(c, &pg->items, n, NULL, -1, &st, pg->bx, top, pg->bw, NULL);
  for (int k = start; k < pg->items.n; k++) pg->items.v[k].furniture = 1;
}

static void add_furniture(lctx *c, dl_page *pg, const lsection *s, int npages)
{
  char num[32], cnt[32];
  snprintf(num, sizeof num, "%d", pg->number);
  snprintf(cnt, sizeof cnt, "%d", npages);
  c->pn_text = num;
  c->pc_text = cnt;
  if (s->watermark && *s->watermark) {
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
    if (pg->items.v[k].angle != 0) pg->items.v[k].furniture = 1;
  c->pn_text = c->pc_text = NULL;
}

/* ------------------------------------------------------------------- run */

static void doc_info(lctx *c, layout_doc *d)
{
  d->title = lo_attr(c->root, "title");
  d->author = lo_attr(c->root, "author");
  d->subject = lo_attr(c->root, "subject");
  d->keywords = lo_attr(c->root, "keywords");
  d->creator = lo_attr(c->root, "creator");
  char *cr = lo_attr(c->root, "created");
  if (cr) {
    int y, m, dd;
    char extra;
    if (sscanf(cr, "%4d-%2d-%2d%c", &y, &m, &dd, &extra) == 3 && y >= 1900 && y <= 9999 && m >= 1
        && m <= 12 && dd >= 1 && dd <= 31) {
      d->created[0] = y; d->created[1] = m; d->created[2] = dd;
    } else lo_warn(c, c->root, "created='%s' is not a date (YYYY-MM-DD); no creation date written", cr);
    free(cr);
  }
  char *bm = lo_attr(c->root, "bookmarks");
  d->bookmarks = !bm || strcmp(bm, "no") != 0;
  free(bm);
}

layout_doc *layout_run(xmlDocPtr tree, fontset *fs, diag_list *d)
{
  lctx c = { .fs = fs, .d = d, .tree = tree };
  c.root = xmlDocGetRootElement(tree);
  if (!c.root || !is_el(c.root, "document")) {
    diag_add(d, DIAG_ERROR, NULL, "the document tree has no <document> root");
    return NULL;
  }
  int errors0 = diag_errors(d);
  layout_doc *doc = xcalloc(1, sizeof *doc);
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
  c.cache_on = 1;
  /* sections, in document order: every <section>, and every run of blocks
   * standing directly in <document> (set with the document's own settings) */
  flow f = {0};
  int cap = 0;
  for (xmlNode *k = c.root->children; k;) {
    int is_sec = is_el(k, "section");
    if (!is_sec && (k->type != XML_ELEMENT_NODE || is_el(k, "header") || is_el(k, "footer"))) { k = k->next; continue; }
    if (c.nsecs >= MAX_SECTIONS) { lo_error(&c, k, "more than %d sections", MAX_SECTIONS); break; }
    if (c.nsecs == cap) { cap = cap ? cap * 2 : 8; c.secs = xrealloc(c.secs, (size_t)cap * sizeof *c.secs); }
    xmlNode *sn = is_sec ? k : c.root;
    section_setup(&c, sn, &c.secs[c.nsecs]);
    lsection *s = &c.secs[c.nsecs++];
    int k0 = f.n;
    c.pending_after = 0;
    do_blocks(&c, &f, is_sec ? k->children : k, s->ml, s->w - s->ml - s->mr, s->h - s->mt - s->mb, 0);
    if (f.n == k0) flow_add(&f, &c);
    for (int i = k0; i < f.n; i++) f.v[i].section = c.nsecs - 1;
    if (is_sec) k = k->next;
    else while (k && !is_el(k, "section")) k = k->next;
  }
  if (c.nsecs == 0) {
    c.secs = xcalloc(1, sizeof *c.secs);
    section_setup(&c, c.root, &c.secs[c.nsecs++]);
    flow_add(&f, &c);
  }
  int *pg = xcalloc((size_t)f.n + 1, sizeof *pg);
  double *py = xcalloc((size_t)f.n + 1, sizeof *py);
  page_plan *plans = NULL;
  int np = paginate(&c, &f, pg, py, &plans);
  doc->pages = xcalloc((size_t)np + 1, sizeof *doc->pages);
  doc->npages = np;
  /* room on every page for the items of its pieces, its repeated table
   * header and the tables' closing rules, before moving them there */
  int *room = xcalloc((size_t)np + 1, sizeof *room);
  for (int i = 0; i < f.n && np > 0; i++) room[pg[i]] += f.v[i].items.n;
  for (int i = 0; i < np; i++) {
    if (plans[i].hdr_table >= 0) room[i] += f.v[c.theader[plans[i].hdr_table]].items.n;
    dl_reserve(&doc->pages[i].items, room[i] + c.ntables);
  }
  free(room);
  for (int i = 0; i < np; i++) {
    lsection *s = &c.secs[plans[i].section];
    dl_page *p = &doc->pages[i];
    p->w = s->w; p->h = s->h;
    p->bx = s->ml; p->by = s->mt; p->bw = s->w - s->ml - s->mr; p->bh = s->h - s->mt - s->mb;
    p->number = i + 1;
    p->unnumbered = 1;
    if (plans[i].hdr_table >= 0) move_piece(doc, i, &f.v[c.theader[plans[i].hdr_table]], p->by, 1);
  }
  /* the rule closing a three-line table on each page it reaches */
  int *last_on_page = xmalloc(((size_t)c.ntables + 1) * sizeof *last_on_page);
  for (int i = 0, cur = -1; i < f.n && np > 0; i++) {
    if (pg[i] != cur) {
      cur = pg[i];
      for (int t = 0; t < c.ntables; t++) last_on_page[t] = -1;
    }
    if (!f.v[i].bottom && f.v[i].items.n > 0) doc->pages[pg[i]].unnumbered = 0;
    move_piece(doc, pg[i], &f.v[i], doc->pages[pg[i]].by + py[i], 0);
    /* a table's header piece is copied onto later pages: keep it; free the rest now */
    if (!f.v[i].is_header) dl_list_free(&f.v[i].items);
    int t = f.v[i].table;
    if (t >= 0) last_on_page[t] = i;
    int end_of_page = i + 1 == f.n || pg[i + 1] != cur;
    for (int tt = 0; end_of_page && tt < c.ntables; tt++) {
      int j = last_on_page[tt];
      if (j < 0 || c.trule[tt] <= 0) continue;
      double yb = doc->pages[cur].by + py[j] + f.v[j].h;
      lo_line(&doc->pages[cur].items, c.tx[tt], yb, c.tx[tt] + c.tw[tt], yb, 0, c.trule[tt]);
    }
  }
  free(last_on_page);
  for (int i = 0; i < np; i++) add_furniture(&c, &doc->pages[i], &c.secs[plans[i].section], np);
  for (int k = 0; k < c.nmissing; k++)
    if (c.missing_count[k] > 1)
      diag_add(d, DIAG_NOTE, NULL, "character U+%04X occurs %d times in all, each drawn as 〓", c.missing_cp[k], c.missing_count[k]);
  if (c.missing_other) diag_add(d, DIAG_WARNING, NULL, "%d more characters are in none of the fonts (drawn as 〓)", c.missing_other);
  free(plans);
  free(pg);
  free(py);
  flow_free(&f);
  for (int i = 0; i < c.nsecs; i++) free(c.secs[i].watermark);
  free(c.secs);
  free(c.theader); free(c.trepeat); free(c.tx); free(c.tw); free(c.trule);
  free(c.cache_key); free(c.cache_val);
  free(c.spare.v); free(c.segs); free(c.pos);
  if (diag_errors(d) > errors0) { layout_free(doc); return NULL; }
  return doc;
}

int layout_page_count(const layout_doc *l) { return l->npages; }

int layout_line_count(const layout_doc *l) { return l->nlines; }

int layout_line_get(const layout_doc *l, int i, layout_line *out)
{
  if (i < 0 || i >= l->nlines) return -1;
  const dl_line *s = &l->lines[i];
  *out = (layout_line){ .page = s->page, .x = s->x, .y = s->y, .width = s->width, .measure = s->measure,
                        .size = s->size, .justified = s->justified, .last = s->last, .text = s->text };
  return 0;
}

int layout_mark_count(const layout_doc *l) { return l->nmarks; }

int layout_mark_get(const layout_doc *l, int i, const char **title, int *level, int *page)
{
  if (i < 0 || i >= l->nmarks) return -1;
  *title = l->marks[i].title;
  *level = l->marks[i].level;
  *page = l->marks[i].page;
  return 0;
}

static void dump_text(FILE *out, const char *s)
{
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

void layout_dump(const layout_doc *l, FILE *out)
{
  fprintf(out, "layout pages=%d\n", l->npages);
  for (int i = 0; i < l->nmarks; i++) {
    fprintf(out, "bookmark level=%d page=%d y=%.2f ", l->marks[i].level, l->marks[i].page + 1, l->marks[i].y);
    dump_text(out, l->marks[i].title);
    fputc('\n', out);
  }
  for (int p = 0; p < l->npages; p++) {
    const dl_page *pg = &l->pages[p];
    fprintf(out, "page %d number=%d size=%.2fx%.2f block=%.2f,%.2f,%.2f,%.2f\n", p + 1, pg->number, pg->w, pg->h,
            pg->bx, pg->by, pg->bw, pg->bh);
    for (int k = 0; k < pg->items.n; k++) {
      const dl_item *it = &pg->items.v[k];
      switch (it->kind) {
      case DL_TEXT:
        fprintf(out, "  text font=%d size=%.2f x=%.2f y=%.2f w=%.2f cs=%.3f color=%06X%s%s ", it->font, it->size,
                it->x, it->y, it->width, it->cs, it->color, it->bold ? " bold" : "", it->angle != 0 ? " rotated" : "");
        dump_text(out, it->text);
        fputc('\n', out);
        break;
      case DL_LINE:
        fprintf(out, "  line %.2f,%.2f %.2f,%.2f lw=%.2f color=%06X\n", it->x, it->y, it->x2, it->y2, it->lw, it->color);
        break;
      case DL_RECT:
        fprintf(out, "  rect %.2f,%.2f %.2fx%.2f%s%s\n", it->x, it->y, it->x2, it->y2, it->filled ? " filled" : "",
                it->stroked ? " stroked" : "");
        break;
      case DL_IMAGE:
        fprintf(out, "  image %d %.2f,%.2f %.2fx%.2f\n", it->image, it->x, it->y, it->x2, it->y2);
        break;
      case DL_PATH:
        fprintf(out, "  path points=%d fill=%06X", it->npts, it->fill);
        for (int q = 0; q < it->npts; q++) fprintf(out, " %.2f,%.2f", it->pts[2 * q], it->pts[2 * q + 1]);
        fputc('\n', out);
        break;
      }
    }
  }
}

void layout_free(layout_doc *l)
{
  if (!l) return;
  for (int i = 0; i < l->npages; i++) dl_list_free(&l->pages[i].items);
  free(l->pages);
  free(l->lines);
  for (int i = 0; i < l->nmarks; i++) free(l->marks[i].title);
  free(l->marks);
  for (int i = 0; i < l->nimages; i++) free(l->images[i].data);
  free(l->images);
  free(l->title); free(l->author); free(l->subject); free(l->keywords); free(l->creator);
  for (dl_chunk *k = l->texts, *next; k; k = next) {
    next = k->next;
    free(k);
  }
  free(l);
}
