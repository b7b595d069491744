/* xpathfn.c: the rg: XPath extension functions (xpathfn.h) and the Chinese
 * number and date helpers behind them. One dispatcher is registered for every
 * name; it finds the function by the name libxml2 is calling, checks the
 * argument count, pops the arguments and pushes the result. */
#include "xpathfn.h"
#include "dates.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/xpathInternals.h>

enum { RG_MAX_ARGS = 4 };

/* ---- Chinese numbers ---------------------------------------------------- */

static const char *const CN_DIGIT[10] = {
  "零", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};
static const char *const CN_UPPER[10] = {
  "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"
};
static const char *const CN_SMALL[4] = { "", "十", "百", "千" };
static const char *const CN_SMALL_UPPER[4] = { "", "拾", "佰", "仟" };
static const char *const CN_BIG[4] = { "", "万", "亿", "万亿" };
static const char *const CN_ZERO_DIGITS[10] = {
  "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};
static const unsigned POW10_4[4] = { 1, 10, 100, 1000 };

/* Largest integer part the word forms cover: below 10^16 (万亿 groups). */
#define CN_LIMIT 10000000000000000ULL

/* Appends v (< CN_LIMIT) in words: groups of four digits with 万 / 亿, one 零
 * for any run of zeros between non-zero digits, no trailing zeros. */
static void int_words(uint64_t v, const char *const digit[10], const char *const small[4],
                      strbuf *b)
{
  if (v == 0) {
    sb_add(b, digit[0]);
    return;
  }
  unsigned groups[4];
  int ng = 0;
  while (v && ng < 4) {
    groups[ng++] = (unsigned)(v % 10000);
    v /= 10000;
  }
  int started = 0, zero_pending = 0;
  for (int g = ng - 1; g >= 0; g--) {
    unsigned x = groups[g];
    if (x == 0) {
      zero_pending = started;
      continue;
    }
    if (started && (zero_pending || x < 1000)) sb_add(b, digit[0]);
    int inner_started = 0, inner_zero = 0;
    for (int k = 3; k >= 0; k--) {
      unsigned d = (x / POW10_4[k]) % 10;
      if (d == 0) {
        if (inner_started) inner_zero = 1;
        continue;
      }
      if (inner_zero) sb_add(b, digit[0]);
      inner_zero = 0;
      sb_add(b, digit[d]);
      sb_add(b, small[k]);
      inner_started = 1;
    }
    sb_add(b, CN_BIG[g]);
    started = 1;
    zero_pending = 0;
  }
}

/* Splits n into sign, integer part and the digits after the point (exact). */
static int split_dec(dec n, int *neg, uint64_t *ip, char frac[DEC_BUFSZ])
{
  char buf[DEC_BUFSZ];
  dec_format(n, -1, buf);
  const char *p = buf;
  *neg = *p == '-';
  if (*neg) p++;
  char *end;
  unsigned long long v = strtoull(p, &end, 10);
  *ip = v;
  frac[0] = '\0';
  if (*end == '.') snprintf(frac, DEC_BUFSZ, "%s", end + 1);
  return *ip < CN_LIMIT ? 0 : -1;
}

int xpathfn_numeral(dec n, strbuf *b)
{
  int neg;
  uint64_t ip;
  char frac[DEC_BUFSZ];
  if (split_dec(n, &neg, &ip, frac) != 0) return -1;
  strbuf w = {0};
  int_words(ip, CN_DIGIT, CN_SMALL, &w);
  const char *s = sb_str(&w);
  /* 一十 at the start is said 十: 10 十, 12 十二, 100000 十万 */
  if (strncmp(s, "一十", strlen("一十")) == 0) s += strlen("一");
  if (neg && (ip != 0 || frac[0])) sb_add(b, "负");
  sb_add(b, s);
  if (frac[0]) {
    sb_add(b, "点");
    for (const char *p = frac; *p; p++) sb_add(b, CN_DIGIT[*p - '0']);
  }
  sb_free(&w);
  return 0;
}

int xpathfn_amount(dec n, strbuf *b)
{
  dec r;
  if (dec_round(n, 2, &r) != 0) return -1;
  int neg;
  uint64_t yuan;
  char frac[DEC_BUFSZ];
  if (split_dec(r, &neg, &yuan, frac) != 0) return -1;
  int jiao = frac[0] ? frac[0] - '0' : 0;
  int fen = frac[0] && frac[1] ? frac[1] - '0' : 0;
  if (neg && (yuan || jiao || fen)) sb_add(b, "负");
  if (yuan || (!jiao && !fen)) {
    int_words(yuan, CN_UPPER, CN_SMALL_UPPER, b);
    sb_add(b, "元");
  }
  if (!jiao && !fen) {
    sb_add(b, "整");
    return 0;
  }
  if (jiao) {
    sb_add(b, CN_UPPER[jiao]);
    sb_add(b, "角");
  } else if (yuan) {
    sb_add(b, CN_UPPER[0]);
  }
  if (fen) {
    sb_add(b, CN_UPPER[fen]);
    sb_add(b, "分");
  }
  return 0;
}

void xpathfn_digits_cn(const char *s, strbuf *b)
{
  for (; *s; s++) {
    if (*s >= '0' && *s <= '9') sb_add(b, CN_ZERO_DIGITS[*s - '0']);
    else sb_addc(b, *s);
  }
}

int xpathfn_enum(int level, long n, strbuf *b)
{
  if (n < 1) return -1;
  switch (level) {
  case 1:
    xpathfn_numeral(dec_from_int(n), b);
    sb_add(b, "、");
    return 0;
  case 2:
    sb_add(b, "（");
    xpathfn_numeral(dec_from_int(n), b);
    sb_add(b, "）");
    return 0;
  case 3:
    sb_addf(b, "%ld.", n);
    return 0;
  case 4:
    sb_addf(b, "（%ld）", n);
    return 0;
  default:
    return -1;
  }
}

int xpathfn_group(dec n, int places, strbuf *b)
{
  char buf[DEC_BUFSZ];
  dec_format(n, places, buf);
  if (strcmp(buf, "NaN") == 0) return -1;
  const char *p = buf;
  if (*p == '-') sb_addc(b, *p++);
  size_t ilen = strcspn(p, ".");
  for (size_t i = 0; i < ilen; i++) {
    if (i > 0 && (ilen - i) % 3 == 0) sb_addc(b, ',');
    sb_addc(b, p[i]);
  }
  sb_add(b, p + ilen);
  return 0;
}

/* ---- dates -------------------------------------------------------------- */

int xpathfn_date(const char *s, int cn, strbuf *b)
{
  dates_ymd dt;
  if (dates_parse(s, 1, &dt) != DATE_OK) return -1;
  if (!cn) {
    sb_addf(b, "%d年%d月", dt.y, dt.m);
    if (dt.d) sb_addf(b, "%d日", dt.d);
    return 0;
  }
  char year[8];
  snprintf(year, sizeof year, "%04d", dt.y);
  xpathfn_digits_cn(year, b);
  sb_add(b, "年");
  xpathfn_numeral(dec_from_int(dt.m), b);
  sb_add(b, "月");
  if (dt.d) {
    xpathfn_numeral(dec_from_int(dt.d), b);
    sb_add(b, "日");
  }
  return 0;
}

/* ---- argument conversion ------------------------------------------------ */

static int ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* s without its leading and trailing ASCII white space: s itself, or a copy
 * in *copy (which the caller frees; NULL when none was needed). */
static const char *trim(const char *s, char **copy)
{
  while (ascii_space(*s)) s++;
  size_t n = strlen(s);
  while (n && ascii_space(s[n - 1])) n--;
  *copy = s[n] ? xstrndup(s, n) : NULL;
  return *copy ? *copy : s;
}

/* s without its leading and trailing ASCII white space: a new string. */
static char *trimmed(const char *s)
{
  char *copy;
  const char *t = trim(s, &copy);
  return copy ? copy : xstrdup(t);
}

/* The string value of an argument, trimmed of ASCII white space; caller frees. */
static char *arg_str(xmlXPathObjectPtr o)
{
  xmlChar *x = xmlXPathCastToString(o);
  char *r = trimmed(x ? (const char *)x : "");
  xmlFree(x);
  return r;
}

/* An argument as an exact decimal: text is parsed as written; an XPath number
 * goes through its shortest 15-digit form. Returns 0, or -1 if not a number. */
static int arg_dec(xmlXPathObjectPtr o, dec *out)
{
  if (o->type == XPATH_NUMBER) {
    double v = o->floatval;
    if (!isfinite(v)) return -1;
    char buf[64];
    snprintf(buf, sizeof buf, "%.15g", v);
    return dec_parse(buf, out);
  }
  if (o->type == XPATH_BOOLEAN) {
    *out = dec_from_int(o->boolval ? 1 : 0);
    return 0;
  }
  char *s = arg_str(o);
  int rc = dec_parse(s, out);
  free(s);
  return rc;
}

/* An argument as a whole number in [lo, hi]. Returns 0 or -1. */
static int arg_int(xmlXPathObjectPtr o, long lo, long hi, long *out)
{
  dec d;
  if (arg_dec(o, &d) != 0 || !dec_is_integer(d)) return -1;
  dec r;
  if (dec_round(d, 0, &r) != 0 || r.mant < lo || r.mant > hi) return -1;
  *out = (long)r.mant;
  return 0;
}

/* The result of a function: a string, or a number when is_num. */
typedef struct fnres {
  strbuf s;
  int is_num;
  double num;
  xmlXPathObjectPtr set;   /* a node-set result, when not NULL */
} fnres;

/* Returns 0 with r filled, or -1 for a type error (XPath error). */
typedef int (*rg_impl)(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r);

/* Decimal places from an optional argument at index i (default def, 0..6). */
static int places_arg(xmlXPathObjectPtr *a, int n, int i, int def, int *places)
{
  long p = def;
  if (i < n && arg_int(a[i], 0, 6, &p) != 0) return -1;
  *places = (int)p;
  return 0;
}

static void put_dec(fnres *r, dec v, int places)
{
  char buf[DEC_BUFSZ];
  sb_add(&r->s, dec_format(v, places, buf));
}

/* ---- the functions ------------------------------------------------------ */

static int fn_percent(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  dec num, den, v;
  int places;
  if (arg_dec(a[0], &num) || arg_dec(a[1], &den) || places_arg(a, n, 2, 1, &places)) return 0;
  if (dec_is_zero(den) || dec_percent(num, den, places, &v) != 0) return 0;
  put_dec(r, v, places);
  return 0;
}

static int fn_growth(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  dec before, after, diff, v;
  int places;
  if (arg_dec(a[0], &before) || arg_dec(a[1], &after) || places_arg(a, n, 2, 1, &places)) return 0;
  if (dec_is_zero(before) || dec_sub(after, before, &diff) != 0) return 0;
  if (dec_percent(diff, before, places, &v) != 0) return 0;
  put_dec(r, v, places);
  return 0;
}

static int fn_decimal(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  dec x;
  int places;
  if (arg_dec(a[0], &x) || places_arg(a, n, 1, -1, &places)) return 0;
  put_dec(r, x, n > 1 ? places : -1);
  return 0;
}

static int fn_group(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  dec x;
  int places;
  if (arg_dec(a[0], &x) || places_arg(a, n, 1, -1, &places)) return 0;
  xpathfn_group(x, n > 1 ? places : -1, &r->s);
  return 0;
}

static int fn_signed(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  dec x;
  int places;
  if (arg_dec(a[0], &x) || places_arg(a, n, 1, -1, &places)) return 0;
  dec zero = dec_from_int(0), rounded = x;
  if (n > 1 && dec_round(x, places, &rounded) != 0) return 0;
  if (dec_cmp(rounded, zero) > 0) sb_addc(&r->s, '+');
  put_dec(r, x, n > 1 ? places : -1);
  return 0;
}

/* Shared by sub, mul and div: applies op to two decimals. */
static int arith(xmlXPathObjectPtr *a, int n, char op, fnres *r)
{
  dec x, y, v;
  int places;
  if (arg_dec(a[0], &x) || arg_dec(a[1], &y) || places_arg(a, n, 2, 2, &places)) return 0;
  int rc = op == '-' ? dec_sub(x, y, &v)
         : op == '*' ? dec_mul(x, y, &v)
         : dec_div(x, y, places, &v);
  if (rc == 0) put_dec(r, v, op == '/' ? places : -1);
  return 0;
}

static int fn_sub(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  return arith(a, n, '-', r);
}

static int fn_mul(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  return arith(a, n, '*', r);
}

static int fn_div(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  return arith(a, n, '/', r);
}

static int fn_sum(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  if (a[0]->type != XPATH_NODESET) return -1;
  xmlNodeSetPtr set = a[0]->nodesetval;
  dec total = dec_from_int(0);
  for (int i = 0; set && i < set->nodeNr; i++) {
    xmlChar *x = xmlNodeGetContent(set->nodeTab[i]);
    xmlXPathObjectPtr s = xmlXPathNewString(x ? x : (const xmlChar *)"");
    dec v;
    int bad = arg_dec(s, &v) != 0 || dec_add(total, v, &total) != 0;
    xmlXPathFreeObject(s);
    xmlFree(x);
    if (bad) return 0;
  }
  put_dec(r, total, -1);
  return 0;
}

static int fn_numeral(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  dec x;
  if (arg_dec(a[0], &x) == 0) xpathfn_numeral(x, &r->s);
  return 0;
}

static int fn_ordinal(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  long v;
  if (arg_int(a[0], 1, 1000000000L, &v) != 0) return 0;
  sb_add(&r->s, "第");
  xpathfn_numeral(dec_from_int(v), &r->s);
  return 0;
}

static int fn_enum(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  long v, level;
  if (arg_int(a[0], 1, 1000000000L, &v) || arg_int(a[1], 1, 4, &level)) return 0;
  xpathfn_enum((int)level, v, &r->s);
  return 0;
}

static int fn_amount(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  dec x;
  if (arg_dec(a[0], &x) == 0) xpathfn_amount(x, &r->s);
  return 0;
}

static int fn_digits_cn(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  char *s = arg_str(a[0]);
  xpathfn_digits_cn(s, &r->s);
  free(s);
  return 0;
}

/* Shared by date and date-cn. */
static int date_form(xmlXPathObjectPtr *a, int cn, fnres *r)
{
  char *s = arg_str(a[0]);
  xpathfn_date(s, cn, &r->s);
  free(s);
  return 0;
}

static int fn_date(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  return date_form(a, 0, r);
}

static int fn_date_cn(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  return date_form(a, 1, r);
}

static int fn_age(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  char *birth = arg_str(a[0]), *on = arg_str(a[1]);
  dates_ymd b, o;
  int age = dates_parse(birth, 1, &b) == DATE_OK && dates_parse(on, 1, &o) == DATE_OK
            ? dates_age(&b, &o) : -1;
  if (age >= 0) {
    r->is_num = 1;
    r->num = age;
  }
  free(birth);
  free(on);
  return 0;
}

/* The text of child element `name` of e, or of its attribute; caller xmlFrees. */
static xmlChar *field(xmlNodePtr e, const char *name)
{
  for (xmlNodePtr k = e->children; k; k = k->next)
    if (k->type == XML_ELEMENT_NODE && xmlStrEqual(k->name, (const xmlChar *)name))
      return xmlNodeGetContent(k);
  return xmlGetProp(e, (const xmlChar *)name);
}

static int fn_if_empty(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  xmlChar *x = xmlXPathCastToString(a[0]);
  int empty = !x || !x[0];
  xmlFree(x);
  x = xmlXPathCastToString(a[empty ? 1 : 0]);
  if (x) sb_add(&r->s, (const char *)x);
  xmlFree(x);
  return 0;
}

static int fn_if(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  int i = xmlXPathCastToBoolean(a[0]) ? 1 : 2;
  if (i >= n) return 0;
  xmlChar *x = xmlXPathCastToString(a[i]);
  if (x) sb_add(&r->s, (const char *)x);
  xmlFree(x);
  return 0;
}

/* The number of characters (code points) in s; invalid bytes count one each. */
static long char_count(const char *s)
{
  long n = 0;
  size_t len = strlen(s), i = 0;
  while (i < len) {
    unsigned cp;
    size_t k = utf8_decode(s + i, len - i, &cp);
    i += k ? k : 1;
    n++;
  }
  return n;
}

enum { RG_MAX_PAD = 1000 };

static int fn_pad(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  long width;
  char *s = arg_str(a[0]);
  xmlChar *fill = n > 2 ? xmlXPathCastToString(a[2]) : NULL;
  const char *f = fill && fill[0] ? (const char *)fill : "0";
  if (arg_int(a[1], 0, RG_MAX_PAD, &width) == 0)
    for (long k = char_count(s); k < width; k++) sb_add(&r->s, f);
  sb_add(&r->s, s);
  xmlFree(fill);
  free(s);
  return 0;
}

static int fn_repeat(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  long times;
  xmlChar *s = xmlXPathCastToString(a[0]);
  if (s && arg_int(a[1], 0, RG_MAX_PAD, &times) == 0)
    for (long k = 0; k < times; k++) sb_add(&r->s, (const char *)s);
  xmlFree(s);
  return 0;
}

static int fn_join(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  if (a[0]->type != XPATH_NODESET) return -1;
  xmlChar *sep = xmlXPathCastToString(a[1]);
  xmlNodeSetPtr set = a[0]->nodesetval;
  int first = 1;
  for (int i = 0; set && i < set->nodeNr; i++) {
    xmlChar *x = xmlNodeGetContent(set->nodeTab[i]);
    if (x && x[0]) {
      if (!first && sep) sb_add(&r->s, (const char *)sep);
      sb_add(&r->s, (const char *)x);
      first = 0;
    }
    xmlFree(x);
  }
  xmlFree(sep);
  return 0;
}

/* rg:distinct(nodes): the nodes whose string value no earlier node of the set
 * has, in document order (one per value: XPath 1.0 has no grouping, and the
 * preceding-axis form of it is quadratic). */
static int fn_distinct(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  if (a[0]->type != XPATH_NODESET) return -1;
  xmlNodeSetPtr set = a[0]->nodesetval;
  r->set = xmlXPathNewNodeSet(NULL);
  if (!set || set->nodeNr == 0) return 0;
  xmlHashTablePtr seen = xmlHashCreate(set->nodeNr);
  for (int i = 0; seen && i < set->nodeNr; i++) {
    xmlChar *v = xmlXPathCastNodeToString(set->nodeTab[i]);
    if (v && xmlHashAddEntry(seen, v, seen) == 0) xmlXPathNodeSetAdd(r->set->nodesetval, set->nodeTab[i]);
    xmlFree(v);
  }
  xmlHashFree(seen, NULL);
  return 0;
}

/* ---- rg:lookup: an index per (path, field), built once per context ------ */

enum { RG_MAX_INDEXES = 32, RG_MAX_PATH_STEPS = 8 };

typedef struct rg_list {
  xmlNodePtr *v;
  int n, cap;
} rg_list;

typedef struct rg_index {
  char *path, *field;
  xmlHashTablePtr by_value;   /* field value -> rg_list, items in document order */
  struct rg_index *next;
} rg_index;

typedef struct rg_cache {
  rg_index *first;
  int count;
} rg_cache;

static void list_free(void *payload, const xmlChar *name)
{
  rg_list *l = payload;
  free(l->v);
  free(l);
}

void xpathfn_release(xmlXPathContextPtr ctxt)
{
  rg_cache *c = ctxt ? ctxt->extra : NULL;
  if (!c) return;
  for (rg_index *x = c->first, *next; x; x = next) {
    next = x->next;
    xmlHashFree(x->by_value, list_free);
    free(x->path);
    free(x->field);
    free(x);
  }
  free(c);
  ctxt->extra = NULL;
}

/* The elements at path (element names joined by '/', from the data root; a
 * leading "/ROOT/" is allowed), in document order. Returns 0, or -1 if path is
 * not such a path. */
static int walk_path(xmlDocPtr doc, const char *path, rg_list *out)
{
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root) return 0;
  if (path[0] == '/') {
    size_t rl = strlen((const char *)root->name);
    if (strncmp(path + 1, (const char *)root->name, rl) != 0 || path[1 + rl] != '/') return -1;
    path += rl + 2;
  }
  char *steps[RG_MAX_PATH_STEPS];
  int nsteps = 0, rc = 0;
  for (const char *p = path; rc == 0;) {
    size_t n = strcspn(p, "/");
    size_t ok = 0;
    while (ok < n && (((unsigned char)p[ok] >= 0x80) || strchr("abcdefghijklmnopqrstuvwxyz"
           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.", p[ok])))
      ok++;
    if (n == 0 || ok != n || nsteps == RG_MAX_PATH_STEPS) rc = -1;
    else steps[nsteps++] = xstrndup(p, n);
    if (!p[n]) break;
    p += n + 1;
  }
  rg_list cur = { xmalloc(sizeof(xmlNodePtr)), 1, 1 };
  cur.v[0] = root;
  for (int k = 0; rc == 0 && k < nsteps; k++) {
    rg_list next = { NULL, 0, 0 };
    for (int i = 0; i < cur.n; i++)
      for (xmlNodePtr e = cur.v[i]->children; e; e = e->next) {
        if (e->type != XML_ELEMENT_NODE || strcmp((const char *)e->name, steps[k]) != 0) continue;
        if (next.n == next.cap) {
          next.cap = next.cap ? next.cap * 2 : 16;
          next.v = xrealloc(next.v, (size_t)next.cap * sizeof *next.v);
        }
        next.v[next.n++] = e;
      }
    free(cur.v);
    cur = next;
  }
  for (int k = 0; k < nsteps; k++) free(steps[k]);
  if (rc == 0) *out = cur;
  else free(cur.v);
  return rc;
}

/* Finds or builds the index of (path, field). Returns it, or NULL if path is
 * not a simple path or too many indexes exist. */
static rg_index *index_get(xmlXPathContextPtr ctxt, const char *path, const char *fieldname)
{
  rg_cache *c = ctxt->extra;
  if (!c) c = ctxt->extra = xcalloc(1, sizeof *c);
  for (rg_index *x = c->first; x; x = x->next)
    if (strcmp(x->path, path) == 0 && strcmp(x->field, fieldname) == 0) return x;
  rg_list items = { NULL, 0, 0 };
  if (c->count >= RG_MAX_INDEXES || walk_path(ctxt->doc, path, &items) != 0) return NULL;
  rg_index *x = xcalloc(1, sizeof *x);
  x->path = xstrdup(path);
  x->field = xstrdup(fieldname);
  x->by_value = xmlHashCreate(items.n > 16 ? items.n : 16);
  for (int i = 0; i < items.n; i++) {
    xmlChar *v = field(items.v[i], fieldname);
    const xmlChar *key = v ? v : (const xmlChar *)"";
    rg_list *l = xmlHashLookup(x->by_value, key);
    if (!l) {
      l = xcalloc(1, sizeof *l);
      xmlHashAddEntry(x->by_value, key, l);
    }
    if (l->n == l->cap) {
      l->cap = l->cap ? l->cap * 2 : 4;
      l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->n++] = items.v[i];
    xmlFree(v);
  }
  free(items.v);
  x->next = c->first;
  c->first = x;
  c->count++;
  return x;
}

/* The elements at path whose field is value, through the index kept in ctxt.
 * path and field are taken without ASCII white space around them; when
 * either is then empty, there are no items. Returns 0 and stores the items,
 * in document order, in *items (borrowed: valid until xpathfn_release) and
 * their number in *n; or -1 when path is not a simple path or ctxt holds too
 * many indexes (the function fails). */
static int lookup_items(xmlXPathContextPtr ctxt, const char *path, const char *fieldname,
                        const char *value, xmlNodePtr const **items, int *n)
{
  char *pcopy, *fcopy;
  const char *p = trim(path, &pcopy), *f = trim(fieldname, &fcopy);
  rg_index *x = NULL;
  int rc = 0;
  *items = NULL;
  *n = 0;
  if (p[0] && f[0]) {   /* nothing named (a variable not yet set): no items */
    x = index_get(ctxt, p, f);
    rc = x ? 0 : -1;
  }
  free(pcopy);
  free(fcopy);
  rg_list *l = x ? xmlHashLookup(x->by_value, (const xmlChar *)value) : NULL;
  if (l) {
    *items = l->v;
    *n = l->n;
  }
  return rc;
}

static int fn_lookup(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  xmlChar *path = xmlXPathCastToString(a[0]), *fieldname = xmlXPathCastToString(a[1]);
  xmlChar *value = xmlXPathCastToString(a[2]);
  xmlNodePtr const *items;
  int count;
  int rc = lookup_items(c->context, path ? (const char *)path : "",
                                fieldname ? (const char *)fieldname : "",
                                value ? (const char *)value : "", &items, &count);
  xmlFree(path);
  xmlFree(fieldname);
  xmlFree(value);
  if (rc != 0) return -1;
  r->set = xmlXPathNewNodeSet(NULL);
  for (int i = 0; i < count; i++) xmlXPathNodeSetAddUnique(r->set->nodesetval, items[i]);
  return 0;
}

xmlChar *xpathfn_unit_name(xmlXPathContextPtr ctxt, const char *id)
{
  char *copy;
  const char *key = trim(id, &copy);
  rg_index *x = key[0] ? index_get(ctxt, "units/unit", "id") : NULL;
  rg_list *l = x ? xmlHashLookup(x->by_value, (const xmlChar *)key) : NULL;
  free(copy);
  return l && l->n ? field(l->v[0], "name") : NULL;
}

/* rg:unit-name(id): the name of units/unit whose id is id, through the
 * (units/unit, id) index. */
static int fn_unit_name(xmlXPathParserContextPtr c, xmlXPathObjectPtr *a, int n, fnres *r)
{
  xmlChar *id = xmlXPathCastToString(a[0]);
  xmlChar *name = xpathfn_unit_name(c->context, id ? (const char *)id : "");
  if (name) sb_add(&r->s, (const char *)name);
  xmlFree(name);
  xmlFree(id);
  return 0;
}

typedef struct rg_fn {
  const char *name;
  int min, max;
  rg_impl impl;
} rg_fn;

static const rg_fn FNS[] = {
  { "percent", 2, 3, fn_percent },
  { "growth", 2, 3, fn_growth },
  { "decimal", 1, 2, fn_decimal },
  { "group", 1, 2, fn_group },
  { "signed", 1, 2, fn_signed },
  { "sum", 1, 1, fn_sum },
  { "sub", 2, 2, fn_sub },
  { "mul", 2, 2, fn_mul },
  { "div", 2, 3, fn_div },
  { "numeral", 1, 1, fn_numeral },
  { "ordinal", 1, 1, fn_ordinal },
  { "enum", 2, 2, fn_enum },
  { "amount", 1, 1, fn_amount },
  { "digits-cn", 1, 1, fn_digits_cn },
  { "date", 1, 1, fn_date },
  { "date-cn", 1, 1, fn_date_cn },
  { "age", 2, 2, fn_age },
  { "unit-name", 1, 1, fn_unit_name },
  { "if-empty", 2, 2, fn_if_empty },
  { "if", 2, 3, fn_if },
  { "join", 2, 2, fn_join },
  { "distinct", 1, 1, fn_distinct },
  { "pad", 2, 3, fn_pad },
  { "repeat", 2, 2, fn_repeat },
  { "lookup", 3, 3, fn_lookup },
};

static const rg_fn *find_fn(const char *name)
{
  if (!name) return NULL;
  for (size_t i = 0; i < sizeof FNS / sizeof FNS[0]; i++)
    if (strcmp(FNS[i].name, name) == 0) return &FNS[i];
  return NULL;
}

int xpathfn_lookup(const char *local, int *min_args, int *max_args)
{
  const rg_fn *f = find_fn(local);
  if (!f) return 0;
  *min_args = f->min;
  *max_args = f->max;
  return 1;
}

/* Counts n operations against the context's operation limit, as libxml2
 * counts its own steps: what a function makes (nodes, bytes), which libxml2
 * does not count, is work all the same (the template's budget,
 * template_imp.h). Returns 0, or -1 after raising libxml2's error. */
static int charge(xmlXPathParserContextPtr ctxt, unsigned long n)
{
  xmlXPathContextPtr x = ctxt->context;
  if (x->opLimit && n > x->opLimit - x->opCount) {
    x->opCount = x->opLimit;
    xmlXPathErr(ctxt, XPATH_OP_LIMIT_EXCEEDED);
    return -1;
  }
  x->opCount += n;
  return 0;
}

/* XPath's functions that take strings, wrapped so that their work counts:
 * a node-set argument is turned into its string value first (what each of
 * them does with it; the bytes count), and the string made counts. */
static const struct core_fn {
  const char *name;
  xmlXPathFunction fn;
} CORE_FNS[] = {
  { "string", xmlXPathStringFunction },
  { "string-length", xmlXPathStringLengthFunction },
  { "concat", xmlXPathConcatFunction },
  { "contains", xmlXPathContainsFunction },
  { "starts-with", xmlXPathStartsWithFunction },
  { "substring", xmlXPathSubstringFunction },
  { "substring-before", xmlXPathSubstringBeforeFunction },
  { "substring-after", xmlXPathSubstringAfterFunction },
  { "normalize-space", xmlXPathNormalizeFunction },
  { "translate", xmlXPathTranslateFunction },
  { "number", xmlXPathNumberFunction },
};

static void core_counted(xmlXPathParserContextPtr ctxt, int nargs)
{
  const char *name = (const char *)ctxt->context->function;
  const struct core_fn *f = NULL;
  for (size_t i = 0; name && i < sizeof CORE_FNS / sizeof CORE_FNS[0]; i++)
    if (strcmp(CORE_FNS[i].name, name) == 0) f = &CORE_FNS[i];
  if (!f || nargs < 0 || ctxt->valueNr < ctxt->valueFrame + nargs) {
    xmlXPathErr(ctxt, f ? XPATH_STACK_ERROR : XPATH_UNKNOWN_FUNC_ERROR);
    return;
  }
  for (int i = ctxt->valueNr - nargs; i < ctxt->valueNr; i++) {
    xmlXPathObjectPtr o = ctxt->valueTab[i];
    if (!o || o->type != XPATH_NODESET) continue;
    xmlChar *v = xmlXPathCastToString(o);
    xmlXPathObjectPtr w = v ? xmlXPathWrapString(v) : NULL;
    if (!w) {
      xmlFree(v);
      xmlXPathErr(ctxt, XPATH_MEMORY_ERROR);
      return;
    }
    xmlXPathFreeObject(o);
    ctxt->valueTab[i] = w;
    if (i == ctxt->valueNr - 1) ctxt->value = w;
    if (charge(ctxt, strlen((const char *)v)) != 0) return;
  }
  f->fn(ctxt, nargs);
  xmlXPathObjectPtr r = ctxt->error ? NULL : ctxt->value;
  if (r && r->type == XPATH_STRING && r->stringval) charge(ctxt, strlen((const char *)r->stringval));
}

/* The one XPath function registered under every rg: name: libxml2 sets
 * context->function to the name being called. */
static void rg_dispatch(xmlXPathParserContextPtr ctxt, int nargs)
{
  const rg_fn *f = find_fn((const char *)ctxt->context->function);
  if (!f) {
    xmlXPathErr(ctxt, XPATH_UNKNOWN_FUNC_ERROR);
    return;
  }
  if (nargs < f->min || (f->max >= 0 && nargs > f->max) || nargs > RG_MAX_ARGS) {
    xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
    return;
  }
  if (ctxt->valueNr < ctxt->valueFrame + nargs) {
    xmlXPathErr(ctxt, XPATH_STACK_ERROR);
    return;
  }
  xmlXPathObjectPtr a[RG_MAX_ARGS] = { NULL };
  for (int i = nargs - 1; i >= 0; i--) a[i] = valuePop(ctxt);
  fnres r = { { NULL, 0, 0 }, 0, 0, NULL };
  int rc = 0;
  for (int i = 0; i < nargs; i++)
    if (!a[i]) rc = -1;
  if (rc == 0) rc = f->impl(ctxt, a, nargs, &r);
  for (int i = 0; i < nargs; i++) xmlXPathFreeObject(a[i]);
  if (rc != 0) {
    sb_free(&r.s);
    xmlXPathErr(ctxt, XPATH_INVALID_TYPE);
    return;
  }
  if (charge(ctxt, r.set && r.set->nodesetval ? (unsigned long)r.set->nodesetval->nodeNr : r.s.len) != 0) {
    xmlXPathFreeObject(r.set);
    sb_free(&r.s);
    return;
  }
  if (r.set) valuePush(ctxt, r.set);
  else if (r.is_num) valuePush(ctxt, xmlXPathNewFloat(r.num));
  else valuePush(ctxt, xmlXPathNewString((const xmlChar *)sb_str(&r.s)));
  sb_free(&r.s);
}

int xpathfn_register(xmlXPathContextPtr ctxt)
{
  /* the core functions are in the context's table: each is replaced */
  for (size_t i = 0; i < sizeof CORE_FNS / sizeof CORE_FNS[0]; i++) {
    xmlXPathRegisterFunc(ctxt, (const xmlChar *)CORE_FNS[i].name, NULL);
    if (xmlXPathRegisterFunc(ctxt, (const xmlChar *)CORE_FNS[i].name, core_counted) != 0) return -1;
  }
  if (xmlXPathRegisterNs(ctxt, (const xmlChar *)XPATHFN_PREFIX, (const xmlChar *)XPATHFN_NS) != 0)
    return -1;
  for (size_t i = 0; i < sizeof FNS / sizeof FNS[0]; i++)
    if (xmlXPathRegisterFuncNS(ctxt, (const xmlChar *)FNS[i].name, (const xmlChar *)XPATHFN_NS,
                               rg_dispatch) != 0)
      return -1;
  return 0;
}
