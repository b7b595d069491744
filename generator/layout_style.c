/* layout_style.c: styles of the tree's elements (layout_style.h). */
#include "layout_style.h"
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The style state of a layout: the cache and the attributes reported. */
struct lo_styles {
  const xmlNode **cache_key;         /* an open-addressing table: element -> its style */
  lstyle *cache_val;
  size_t cache_cap, cache_n;
  int cache_on;                      /* set once the grid is known (lo_style_remember) */
  const xmlNode *warned[64];         /* attributes already reported (styles are read often) */
  const char *warned_attr[64];
  int nwarned;
};

static struct lo_styles *styles(lctx *c)
{
  if (!c->styles) c->styles = xcalloc(1, sizeof *c->styles);
  return c->styles;
}

void lo_style_remember(lctx *c) { styles(c)->cache_on = 1; }

void lo_style_done(lctx *c)
{
  if (!c->styles) return;
  free(c->styles->cache_key);
  free(c->styles->cache_val);
  free(c->styles);
  c->styles = NULL;
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
/* A length of the vocabulary (doctree_length) in pt, em and lines taken from
 * the style in force. */
static int parse_len(const char *s, double em, double pitch, double *out)
{
  double v;
  dt_unit u;
  if (doctree_length(s, &v, &u) != 0) return -1;
  switch (u) {
  case DTU_PT: *out = v; break;
  case DTU_MM: *out = v * MM; break;
  case DTU_CM: *out = v * MM * 10; break;
  case DTU_EM: *out = v * em; break;
  case DTU_LINES: *out = v * pitch; break;
  }
  return 0;
}

double lo_pitch(const lstyle *st) { return st->pitch > 0 ? st->pitch : st->size * 1.5; }
/* One character's pitch: the font size plus the letter-spacing, so that "2em"
 * of indent is two characters of a letter-spaced (grid) line. */
double lo_em(const lstyle *st) { return st->size + st->ls; }

/* Returns 1 the first time (n, attr) is asked about, 0 after: a bad style
 * attribute is reported once, not once per character that inherits it. */
static int first_report(lctx *c, const xmlNode *n, const char *attr)
{
  struct lo_styles *s = styles(c);
  for (int i = 0; i < s->nwarned; i++)
    if (s->warned[i] == n && strcmp(s->warned_attr[i], attr) == 0) return 0;
  if (s->nwarned < 64) {
    s->warned[s->nwarned] = n;
    s->warned_attr[s->nwarned++] = attr;
  }
  return 1;
}

double lo_len_attr(lctx *c, xmlNode *n, const char *attr, const lstyle *st, double def)
{
  char *v = lo_attr(n, attr);
  if (!v) return def;
  double r;
  if (parse_len(v, st ? lo_em(st) : 12, st ? lo_pitch(st) : 18, &r) != 0) {
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

/* Returns the kind of an element named name, for its defaults. */
static el_kind element_kind(const char *name)
{
  switch (lo_element(name)) {
  case DTE_TD: return EL_TD;
  case DTE_TR: return EL_TR;
  case DTE_TITLE: return EL_TITLE;
  case DTE_THEAD: return EL_THEAD;
  case DTE_P: return EL_P;
  case DTE_HEADING: return EL_HEADING;
  case DTE_HEADER: case DTE_FOOTER: return EL_FURNITURE;
  case DTE_ITEM: case DTE_LINE: case DTE_LIST: case DTE_TABLE: case DTE_SIGNATURE: case DTE_COLOPHON: return EL_BLOCK;
  case DTE_ISSUER: case DTE_CC: case DTE_DATE: return EL_SMALL;
  case DTE_B: return EL_B;
  default: return EL_OTHER;
  }
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
    st->indent = c->grid ? 2 * lo_em(st) : 0;
    st->keep = 1;
    /* off the official grid, a little air above headings */
    if (!c->grid) st->before = (level == 1 ? 0.5 : 0.25) * lo_pitch(st);
    break;
  }
  case EL_P:
    st->indent = 2 * lo_em(st);
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
      lo_warn(c, n, "font='%s' is not a font role (%s); ignored", v, FONT_ROLE_LIST);
    else st->role = r;
    free(v);
  }
  if ((have & SA_SIZE) && (v = lo_attr(n, "size")) != NULL) {
    double s;
    if (parse_len(v, st->size, lo_pitch(st), &s) == 0 && s >= 2 && s <= 400) st->size = s;
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
  if (!lo_attrless(n)) read_style_attrs(c, n, st);
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
static size_t cache_slot(const struct lo_styles *c, const xmlNode *n)
{
  uint64_t h = (uint64_t)(uintptr_t)n * 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 20) & (c->cache_cap - 1);
}

static const lstyle *cache_get(const struct lo_styles *c, const xmlNode *n)
{
  if (!c->cache_cap) return NULL;
  for (size_t i = cache_slot(c, n);; i = (i + 1) & (c->cache_cap - 1)) {
    if (!c->cache_key[i]) return NULL;
    if (c->cache_key[i] == n) return &c->cache_val[i];
  }
}

static void cache_put(struct lo_styles *c, const xmlNode *n, const lstyle *st)
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
  int k = 0, on = c->styles && c->styles->cache_on;
  const lstyle *known = NULL;
  for (xmlNode *a = n; a && a->type == XML_ELEMENT_NODE && k < MAX_DEPTH; a = a->parent) {
    if (on && (known = cache_get(c->styles, a)) != NULL) break;
    chain[k++] = a;
  }
  if (known) st = *known;
  while (k-- > 0) {
    lo_child_style(c, chain[k], &st);
    if (on) cache_put(c->styles, chain[k], &st);
  }
  return st;
}
