/* load.c: JSON and XML county files into the one data document (load.h).
 *
 * Both forms are first turned into an element tree in the shape of
 * input-format.md (JSON through cJSON after a pre-pass that cJSON's laxness
 * needs; XML through libxml2 with attributes moved into child elements), then
 * one shared pass puts every object's children in the canonical order of the
 * schema table and normalises numbers, so that either form gives the same
 * document. A clean JSON file skips all that: a direct reader builds the same
 * document from the text in one pass, and leaves any file with something to
 * report to the path above (see "JSON, read directly"). Each element
 * remembers where it came from in its _private field (the XML line, or that
 * it is a JSON array), the document its origin. */
#include "load.h"
#include "schema.h"
#include "util.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>

/* Returns the value of the four hexadecimal digits at p (p has four bytes),
 * or -1 when they are not four hexadecimal digits. */
static long hex4(const char *p)
{
  long v = 0;
  for (int k = 0; k < 4; k++) {
    char c = p[k];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
          : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

static char origin_json[] = "json";   /* doc->_private of a document from JSON */
static char origin_xml[] = "xml";

#define MARK_ARRAY ((uintptr_t)1)   /* a JSON array container */
#define MARK_SHIFT 2

static void node_set_info(xmlNode *n, uintptr_t line, uintptr_t flags)
{
  n->_private = (void *)((line << MARK_SHIFT) | flags | 2u);
}

static uintptr_t node_info(const xmlNode *n)
{
  return (uintptr_t)n->_private;
}

/* ---- positions ---------------------------------------------------------- */

/* Line and column (1-based, columns in characters) of byte offset off. */
static void line_col(const char *s, size_t off, unsigned long *line, unsigned long *col)
{
  unsigned long l = 1, c = 1;
  for (size_t i = 0; i < off; i++) {
    if (s[i] == '\n') { l++; c = 1; }
    else if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
  }
  *line = l;
  *col = c;
}

static char *place_at(const char *s, size_t off)
{
  unsigned long l, c;
  line_col(s, off, &l, &c);
  return xasprintf("%lu:%lu", l, c);
}

/* Adds an error at `place` (taken over and freed). */
static void error_vplace(diag_list *d, char *place, const char *fmt, va_list ap)
  __attribute__((format(printf, 3, 0)));
static void error_vplace(diag_list *d, char *place, const char *fmt, va_list ap)
{
  strbuf b = {0};
  sb_vaddf(&b, fmt, ap);
  diag_add(d, DIAG_ERROR, place, "%s", sb_str(&b));
  sb_free(&b);
  free(place);
}

static void error_at(diag_list *d, const char *s, size_t off, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
static void error_at(diag_list *d, const char *s, size_t off, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  error_vplace(d, place_at(s, off), fmt, ap);
  va_end(ap);
}

/* Checks UTF-8 validity and raw control characters (other than tab, LF, CR),
 * the rules both forms share. Returns the number of errors added. */
static int check_bytes(const char *s, size_t n, diag_list *d)
{
  int errors = 0;
  for (size_t at = 0; at < n && errors < 20;) {
    size_t bad = utf8_invalid_at(s + at, n - at);
    if (bad == (size_t)-1) break;
    bad += at;
    error_at(d, s, bad, "invalid UTF-8 byte 0x%02X at byte offset %zu; expected UTF-8 text (convert a GBK or GB18030 file first)",
             (unsigned)(unsigned char)s[bad], bad);
    errors++;
    at = bad + 1;
    while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80) at++;   /* the rest of that sequence */
  }
  if (errors) return errors;
  for (size_t i = 0; i < n && errors < 20; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      error_at(d, s, i, "control character U+%04X at byte offset %zu; expected text without control characters",
               (unsigned)c, i);
      errors++;
    }
  }
  return errors;
}

static int starts_with(const char *s, size_t n, size_t i, const char *lit)
{
  size_t l = strlen(lit);
  return i + l <= n && memcmp(s + i, lit, l) == 0;
}

/* Returns a printable excerpt of s at off: at most max characters, up to the
 * end of the line. */
static char *excerpt(const char *s, size_t n, size_t off, int max)
{
  strbuf b = {0};
  size_t i = off;
  for (int k = 0; k < max && i < n; k++) {
    unsigned cp;
    size_t l = utf8_decode(s + i, n - i, &cp);
    if (l == 0 || cp == '\n' || cp == '\r') break;
    sb_addn(&b, s + i, l);
    i += l;
  }
  return sb_detach(&b);
}

/* ---- canonical order and numbers (both forms) --------------------------- */

typedef struct sort_ent {
  xmlNode *n;
  int key;     /* schema position, or a large number for unknown fields */
  int pos;     /* original position: the sort is stable */
} sort_ent;

static int cmp_ent(const void *a, const void *b)
{
  const sort_ent *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  if (x->key == INT32_MAX) {
    int c = strcmp((const char *)x->n->name, (const char *)y->n->name);
    if (c) return c;
  }
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Puts the element children of an object in schema order, unknown ones after
 * them in name order. */
static void sort_children(xmlNode *n, const schema_field *sf)
{
  int count = 0;
  for (xmlNode *c = n->children; c; c = c->next) count++;
  if (count < 2) return;
  sort_ent *e = xmalloc((size_t)count * sizeof *e);
  int i = 0, sorted = 1;
  for (xmlNode *c = n->children; c; c = c->next, i++) {
    e[i].n = c;
    e[i].pos = i;
    int k = c->type == XML_ELEMENT_NODE ? schema_index(sf, (const char *)c->name) : -1;
    e[i].key = k >= 0 ? k : INT32_MAX;
    if (i > 0 && cmp_ent(&e[i - 1], &e[i]) > 0) sorted = 0;
  }
  if (!sorted) {   /* a file written in canonical order needs no moves */
    qsort(e, (size_t)count, sizeof *e, cmp_ent);
    for (i = 0; i < count; i++) xmlUnlinkNode(e[i].n);
    for (i = 0; i < count; i++) xmlAddChild(n, e[i].n);
  }
  free(e);
}

/* Replaces the text of a numeric field by its normalised form; leaves text
 * that is not a number for validate to report. */
static void norm_number_text(xmlNode *n)
{
  xmlChar *t = xmlNodeGetContent(n);
  if (!t) return;
  strbuf b = {0};
  if (schema_norm_number((const char *)t, strlen((const char *)t), &b) == 0 &&
      strcmp(sb_str(&b), (const char *)t) != 0)
    xmlNodeSetContent(n, (const xmlChar *)sb_str(&b));
  sb_free(&b);
  xmlFree(t);
}

/* The canonical pass. depth is bounded by LOAD_MAX_DEPTH (checked before). */
static void canon(xmlNode *n, const schema_field *sf, int depth)
{
  if (depth > LOAD_MAX_DEPTH + 1) return;
  int is_array = (sf && sf->kind == SK_ARRAY) || (node_info(n) & MARK_ARRAY);
  if (sf && schema_is_numeric(sf->kind)) { norm_number_text(n); return; }
  if (!is_array) sort_children(n, sf && sf->kind == SK_OBJECT ? sf : NULL);
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const schema_field *csf = NULL;
    if (sf && sf->kind == SK_OBJECT) csf = schema_child(sf, (const char *)c->name);
    else if (sf && sf->kind == SK_ARRAY) csf = sf->item;
    canon(c, csf, depth + 1);
  }
}

static void canon_root(xmlDocPtr doc)
{
  xmlNode *root = xmlDocGetRootElement(doc);
  xmlChar *v = xmlGetProp(root, (const xmlChar *)"version");
  if (v) {
    strbuf b = {0};
    if (schema_norm_number((const char *)v, strlen((const char *)v), &b) == 0)
      xmlSetProp(root, (const xmlChar *)"version", (const xmlChar *)sb_str(&b));
    sb_free(&b);
    xmlFree(v);
  }
  canon(root, schema_root(), 0);
}

/* ---- JSON --------------------------------------------------------------- */

typedef struct numlit {
  size_t off, len;
} numlit;

typedef struct jctx {
  const char *src;
  diag_list *d;
  numlit *nums;
  size_t nnum, numi, cap;
  /* where the value being built is: its path of keys (borrowed from the cJSON
   * tree) and array indexes (key NULL), made into a JSON pointer in ptr only
   * when a diagnostic needs it */
  struct { const char *key; int index; } *path;
  int depth, room;
  strbuf ptr;
} jctx;

/* The pre-pass cJSON needs: nesting depth (before cJSON recurses), string
 * length, control characters and \u0000 in strings, and the literal text of
 * every number in document order (cJSON keeps only a double). Returns the
 * number of errors added; a depth error stops the scan. */
static int json_prescan(jctx *c, const char *s, size_t n)
{
  int errors = 0, depth = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    if (ch == '{' || ch == '[') {
      if (++depth > LOAD_MAX_DEPTH) {
        error_at(c->d, s, i, "nesting deeper than %d levels; expected at most that many",
                 LOAD_MAX_DEPTH);
        return errors + 1;
      }
    } else if (ch == '}' || ch == ']') {
      depth--;
    } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
      size_t j = i;
      while (j < n && strchr("0123456789.eE+-", s[j]) && s[j]) j++;
      if (c->nnum == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->nums = xrealloc(c->nums, c->cap * sizeof *c->nums);
      }
      c->nums[c->nnum].off = i;
      c->nums[c->nnum].len = j - i;
      c->nnum++;
      i = j - 1;
    } else if (ch == '"') {
      size_t start = ++i;
      while (i < n && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < n) {
          i++;
          long v = s[i] == 'u' && i + 4 < n ? hex4(s + i + 1) : -1;
          if (s[i] == 'u' && v < 0) {
            /* cJSON reads a bad \u escape as U+0000 and cuts the string there */
            char *ex = excerpt(s, n, i - 1, 6);
            error_at(c->d, s, i - 1, "invalid escape '%s' in a string; expected \\u and four hexadecimal digits", ex);
            free(ex);
            errors++;
          } else if (s[i] == 'u') {
            if (v == 0)
              error_at(c->d, s, i - 1, "\\u0000 in a string (at byte offset %zu); expected text without NUL characters",
                       i - 1);
            else if (v < 0x20 && v != '\t' && v != '\n' && v != '\r')
              error_at(c->d, s, i - 1, "escaped control character \\u%.4s in a string (at byte offset %zu); expected text without control characters",
                       s + i + 1, i - 1);
            if (v < 0x20 && v != '\t' && v != '\n' && v != '\r') errors++;
            i += 4;
          }
        }
        i++;
      }
      if (i - start > LOAD_MAX_STRING) {
        error_at(c->d, s, start - 1, "a string of %zu bytes; expected at most %u",
                 i - start, LOAD_MAX_STRING);
        errors++;
      }
    }
  }
  return errors;
}

static void ptr_push(strbuf *p, const char *key)
{
  sb_addc(p, '/');
  for (; *key; key++) {
    if (*key == '~') sb_add(p, "~0");
    else if (*key == '/') sb_add(p, "~1");
    else sb_addc(p, *key);
  }
}

static void ptr_push_index(strbuf *p, int i)
{
  sb_addf(p, "/%d", i);
}

static void ptr_pop(strbuf *p, size_t len)
{
  p->len = len;
  if (p->s) p->s[len] = '\0';
}

static void path_push(jctx *c, const char *key, int index)
{
  if (c->depth == c->room) {
    c->room = c->room ? c->room * 2 : 16;
    c->path = xrealloc(c->path, (size_t)c->room * sizeof *c->path);
  }
  c->path[c->depth].key = key;
  c->path[c->depth].index = index;
  c->depth++;
}

/* The JSON pointer of the value being built ("" for the top level); borrowed
 * until the next call. */
static const char *path_text(jctx *c)
{
  sb_reset(&c->ptr);
  for (int i = 0; i < c->depth; i++) {
    if (c->path[i].key) ptr_push(&c->ptr, c->path[i].key);
    else ptr_push_index(&c->ptr, c->path[i].index);
  }
  return sb_str(&c->ptr);
}

/* The type of a JSON value, as both JSON paths see it. */
typedef enum json_type { JT_NULL, JT_BOOL, JT_NUMBER, JT_STRING, JT_ARRAY, JT_OBJECT } json_type;

static json_type cjson_type(const cJSON *v)
{
  if (cJSON_IsObject(v)) return JT_OBJECT;
  if (cJSON_IsArray(v)) return JT_ARRAY;
  if (cJSON_IsString(v)) return JT_STRING;
  if (cJSON_IsNumber(v)) return JT_NUMBER;
  if (cJSON_IsBool(v)) return JT_BOOL;
  return JT_NULL;
}

static const char *json_type_name(json_type t)
{
  static const char *const names[] = { "null", "a boolean", "a number", "a string", "an array",
                                       "an object" };
  return names[t];
}

/* Whether a JSON value of type t can stand where sf is expected. */
static int json_type_fits(json_type t, const schema_field *sf)
{
  if (!sf) return 1;
  switch (sf->kind) {
  case SK_OBJECT: return t == JT_OBJECT;
  case SK_ARRAY: return t == JT_ARRAY;
  case SK_BOOL: return t == JT_BOOL;
  case SK_NUMBER: case SK_NONNEG: case SK_COUNT: case SK_SCORE: case SK_SHARE: case SK_YEAR:
    return t == JT_NUMBER;
  case SK_CODE6: case SK_STRING: case SK_ID:
    return t == JT_STRING || t == JT_NUMBER;
  default:
    return t == JT_STRING;
  }
}

typedef struct member_ref {
  const cJSON *m;
  int pos;    /* from 1, in the object */
} member_ref;

static int cmp_member(const void *a, const void *b)
{
  const member_ref *x = a, *y = b;
  int c = strcmp(x->m->string, y->m->string);
  return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Reports every key that occurs again in object v, naming the member where it
 * first occurs and the repeat. Sorting keeps this O(n log n) for any object. */
static void json_dup_keys(jctx *c, const cJSON *v)
{
  int count = cJSON_GetArraySize(v);
  if (count < 2) return;
  member_ref *m = xmalloc((size_t)count * sizeof *m);
  int i = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, v) {
    m[i].m = it;
    m[i].pos = i + 1;
    i++;
  }
  qsort(m, (size_t)count, sizeof *m, cmp_member);
  int first = 0;
  for (i = 1; i < count; i++) {
    if (strcmp(m[first].m->string, m[i].m->string) != 0) { first = i; continue; }
    diag_add(c->d, DIAG_ERROR, c->depth ? path_text(c) : "/",
             "duplicate key '%s' (members %d and %d of this object); expected each key once",
             m[i].m->string, m[first].pos, m[i].pos);
  }
  free(m);
}

static void json_build(jctx *c, const cJSON *v, xmlNode *el, const schema_field *sf, int depth);
static int json_strict_number(const char *s, size_t n);

static void json_member(jctx *c, const cJSON *v, xmlNode *parent, const char *name,
                        const schema_field *sf, int depth)
{
  path_push(c, name, 0);
  if (!cJSON_IsNull(v)) {
    if (xmlValidateNCName((const xmlChar *)name, 0) != 0) {
      diag_add(c->d, DIAG_ERROR, path_text(c),
               "key '%s' is not a valid name; expected a name of letters, digits, '_' and '-'", name);
      xmlNode *tmp = xmlNewNode(NULL, (const xmlChar *)"invalid");
      json_build(c, v, tmp, NULL, depth + 1);
      xmlFreeNode(tmp);
    } else {
      xmlNode *el = xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
      json_build(c, v, el, sf, depth + 1);
    }
  }
  c->depth--;
}

static void json_build(jctx *c, const cJSON *v, xmlNode *el, const schema_field *sf, int depth)
{
  if (depth > LOAD_MAX_DEPTH + 1) return;
  if (!json_type_fits(cjson_type(v), sf)) {
    diag_add(c->d, DIAG_ERROR, path_text(c), "found %s; expected %s", json_type_name(cjson_type(v)),
             schema_expect(sf->kind));
    sf = NULL;
  }
  const cJSON *it;
  if (cJSON_IsObject(v)) {
    json_dup_keys(c, v);
    cJSON_ArrayForEach(it, v) {
      if (depth == 0 && strcmp(it->string, "version") == 0 && !cJSON_IsObject(it) && !cJSON_IsArray(it)) {
        if (cJSON_IsNumber(it) && c->numi < c->nnum) {
          char *t = xstrndup(c->src + c->nums[c->numi].off, c->nums[c->numi].len);
          xmlSetProp(el, (const xmlChar *)"version", (const xmlChar *)t);
          free(t);
          c->numi++;
        } else if (cJSON_IsString(it)) {
          xmlSetProp(el, (const xmlChar *)"version", (const xmlChar *)it->valuestring);
        }
        continue;
      }
      json_member(c, it, el, it->string, schema_child(sf, it->string), depth);
    }
  } else if (cJSON_IsArray(v)) {
    node_set_info(el, 0, MARK_ARRAY);
    const schema_field *isf = sf ? sf->item : NULL;
    const char *iname = isf ? isf->name : "item";
    int i = 0;
    cJSON_ArrayForEach(it, v) {
      path_push(c, NULL, i++);
      if (cJSON_IsNull(it)) {
        diag_add(c->d, DIAG_ERROR, path_text(c), "null in an array; expected a value");
      } else {
        xmlNode *item = xmlNewChild(el, NULL, (const xmlChar *)iname, NULL);
        json_build(c, it, item, isf, depth + 1);
      }
      c->depth--;
    }
  } else if (cJSON_IsString(v)) {
    if (v->valuestring[0]) xmlNodeAddContent(el, (const xmlChar *)v->valuestring);
  } else if (cJSON_IsNumber(v)) {
    if (c->numi < c->nnum) {
      const numlit *nl = &c->nums[c->numi++];
      strbuf b = {0};
      if (schema_norm_number(c->src + nl->off, nl->len, &b) != 0) {
        char *t = xstrndup(c->src + nl->off, nl->len > 40 ? 40 : nl->len);
        if (json_strict_number(c->src + nl->off, nl->len))
          diag_add(c->d, DIAG_ERROR, path_text(c),
                   "number %s is out of range; expected a finite decimal", t);
        else   /* cJSON reads 1. and 01 through strtod */
          diag_add(c->d, DIAG_ERROR, path_text(c),
                   "'%s' is not a JSON number; expected digits, an optional fraction and exponent", t);
        free(t);
      } else {
        char *t = xstrndup(c->src + nl->off, nl->len);
        xmlNodeAddContent(el, (const xmlChar *)t);
        free(t);
      }
      sb_free(&b);
    }
  } else if (cJSON_IsBool(v)) {
    xmlNodeAddContent(el, (const xmlChar *)(cJSON_IsTrue(v) ? "true" : "false"));
  }
}

/* A strict JSON grammar walk, run only after cJSON refused the text, to find
 * where the first error is and what was expected there (cJSON's own error
 * pointer often lands after it). Recursion is bounded: the pre-pass has
 * already refused nesting deeper than LOAD_MAX_DEPTH. */
typedef struct jsyn {
  const char *s;
  size_t n, i;
  const char *expected;
} jsyn;

static void syn_ws(jsyn *j)
{
  while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' || j->s[j->i] == '\r'))
    j->i++;
}

static int syn_fail(jsyn *j, const char *expected)
{
  j->expected = expected;
  return -1;
}

static int syn_string(jsyn *j)
{
  if (j->i >= j->n || j->s[j->i] != '"') return syn_fail(j, "a string in double quotes");
  for (j->i++; j->i < j->n && j->s[j->i] != '"'; j->i++) {
    if (j->s[j->i] != '\\') continue;
    j->i++;
    if (j->i >= j->n || !strchr("\"\\/bfnrtu", j->s[j->i])) return syn_fail(j, "an escape such as \\n or \\u00e9");
    if (j->s[j->i] == 'u') {
      for (int k = 1; k <= 4; k++)
        if (j->i + k >= j->n || !strchr("0123456789abcdefABCDEF", j->s[j->i + k]) || !j->s[j->i + k]) {
          j->i += (size_t)k;
          return syn_fail(j, "four hexadecimal digits after \\u");
        }
      j->i += 4;
    }
  }
  if (j->i >= j->n) return syn_fail(j, "the closing double quote");
  j->i++;
  return 0;
}

static int syn_value(jsyn *j, int depth);
static int syn_number(jsyn *j);

static int syn_members(jsyn *j, int depth, char close)
{
  j->i++;
  syn_ws(j);
  if (j->i < j->n && j->s[j->i] == close) { j->i++; return 0; }
  for (;;) {
    syn_ws(j);
    if (close == '}') {
      if (j->i >= j->n || j->s[j->i] != '"') return syn_fail(j, "a member name in double quotes");
      if (syn_string(j)) return -1;
      syn_ws(j);
      if (j->i >= j->n || j->s[j->i] != ':') return syn_fail(j, "':' after the member name");
      j->i++;
    }
    if (syn_value(j, depth + 1)) return -1;
    syn_ws(j);
    if (j->i < j->n && j->s[j->i] == ',') { j->i++; continue; }
    if (j->i < j->n && j->s[j->i] == close) { j->i++; return 0; }
    return syn_fail(j, close == '}' ? "',' or '}'" : "',' or ']'");
  }
}

static int syn_value(jsyn *j, int depth)
{
  syn_ws(j);
  if (depth > LOAD_MAX_DEPTH + 1) return syn_fail(j, "less nesting");
  if (j->i >= j->n) return syn_fail(j, "a value");
  char c = j->s[j->i];
  if (c == '{' || c == '[') return syn_members(j, depth, c == '{' ? '}' : ']');
  if (c == '"') return syn_string(j);
  static const char *const words[] = { "true", "false", "null" };
  for (int k = 0; k < 3; k++)
    if (starts_with(j->s, j->n, j->i, words[k])) { j->i += strlen(words[k]); return 0; }
  return syn_number(j);
}

/* A number in the strict JSON grammar at the cursor. */
static int syn_number(jsyn *j)
{
  size_t st = j->i;
  if (j->i < j->n && j->s[j->i] == '-') j->i++;
  if (j->i < j->n && j->s[j->i] == '0') j->i++;
  else if (j->i < j->n && j->s[j->i] >= '1' && j->s[j->i] <= '9')
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') j->i++;
  else { j->i = st; return syn_fail(j, "a value (object, array, string, number, true, false or null)"); }
  if (j->i < j->n && j->s[j->i] == '.') {
    j->i++;
    if (j->i >= j->n || j->s[j->i] < '0' || j->s[j->i] > '9') return syn_fail(j, "digits after the decimal point");
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') j->i++;
  }
  if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
    j->i++;
    if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-')) j->i++;
    if (j->i >= j->n || j->s[j->i] < '0' || j->s[j->i] > '9') return syn_fail(j, "digits in the exponent");
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') j->i++;
  }
  return 0;
}

/* Whether s is a number in the strict JSON grammar (no 01, no 1.). */
static int json_strict_number(const char *s, size_t n)
{
  jsyn j = { .s = s, .n = n };
  return syn_number(&j) == 0 && j.i == n;
}

/* Returns the offset of the first syntax error and what was expected there;
 * (size_t)-1 when the grammar walk finds none. */
static size_t json_syntax_error(const char *s, size_t n, const char **expected)
{
  jsyn j = { .s = s, .n = n };
  if (syn_value(&j, 0) == 0) {
    syn_ws(&j);
    if (j.i >= n) return (size_t)-1;
    j.expected = "the end of the file after the top-level value";
  }
  *expected = j.expected;
  return j.i;
}

/* A new document from JSON, with its root element <county-report>. */
static xmlDocPtr json_new_doc(void)
{
  xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
  /* element names from a dictionary, as libxml2's parser gives the XML form:
   * each county repeats the same few dozen names thousands of times */
  doc->dict = xmlDictCreate();
  xmlDocSetRootElement(doc, xmlNewDocNode(doc, NULL, (const xmlChar *)"county-report", NULL));
  return doc;
}

/* The checked path: every diagnostic the JSON form has. Returns the document
 * in the file's order (canon_root is still to run), or NULL after adding
 * errors to d. */
static xmlDocPtr load_json(const char *s, size_t n, diag_list *d)
{
  jctx c = { .src = s, .d = d };
  xmlDocPtr doc = NULL;
  cJSON *json = NULL;
  char *copy = NULL;
  if (json_prescan(&c, s, n) > 0) goto done;
  const char *end = NULL;
  /* require_null_terminated wants the NUL inside the length it is given */
  copy = xstrndup(s, n);
  json = cJSON_ParseWithLengthOpts(copy, n + 1, &end, 1);
  if (!json) {
    const char *expected = NULL;
    size_t off = json_syntax_error(s, n, &expected);
    if (off == (size_t)-1) {   /* cJSON refused what the grammar allows: use its pointer */
      off = end && end >= copy && end <= copy + n ? (size_t)(end - copy) : 0;
      expected = "a JSON value";
    }
    char *p = place_at(s, off);
    if (off >= n) {
      diag_add(d, DIAG_ERROR, p, "the file ends inside a JSON value; expected %s", expected);
    } else {
      char *ex = excerpt(s, n, off, 12);
      diag_add(d, DIAG_ERROR, p, "JSON syntax error at '%s'; expected %s", ex, expected);
      free(ex);
    }
    free(p);
    goto done;
  }
  if (!cJSON_IsObject(json)) {
    diag_add(d, DIAG_ERROR, "/", "the top level is %s; expected an object", json_type_name(cjson_type(json)));
    goto done;
  }
  doc = json_new_doc();
  json_build(&c, json, xmlDocGetRootElement(doc), schema_root(), 0);
done:
  cJSON_Delete(json);
  free(copy);
  free(c.nums);
  free(c.path);
  sb_free(&c.ptr);
  return doc;
}

/* ---- JSON, read directly ------------------------------------------------ */

/* The checked path goes over a JSON county five times (check_bytes, the
 * pre-pass, cJSON, json_build, canon) and makes a tree of cJSON values only to
 * throw it away. A county file is nearly always clean, so load_buffer first
 * gives it to the reader below: one pass over the text that builds the
 * document directly, puts each object's children in canonical order when the
 * object closes (nothing to do when the file has them in that order already)
 * and normalises numbers as it reads them. It has no diagnostics of its own:
 * at the first thing the checked path would report, or that the reader does
 * not take (a second byte-order mark, "01", a version that is an object), it
 * gives up, and the checked path reads the text from the start and reports
 * what it always did. A document the reader does return is the one the
 * checked path and canon would have made, node for node. */

/* cJSON releases before the fix for CVE-2023-26819 refuse a number written
 * with more characters than this, later ones read it: the reader leaves such
 * a number to the checked path, which reports whatever the cJSON in use does */
#define CJSON_NUMBER_MAX 63
#define JR_NAMES 256          /* the reader's cache of field names, by field */

typedef struct jmember {
  const xmlChar *name;   /* from the document's dictionary */
  int key;               /* schema position; INT32_MAX for a field the schema does not name */
  xmlNode *node;         /* NULL when the value is null */
} jmember;

typedef struct jreader {
  jsyn at;               /* the text and where the reader is */
  xmlDocPtr doc;
  strbuf str;            /* the value of the last string read that had escapes */
  strbuf num;            /* the last number read, normalised */
  jmember *mem;          /* the members of the objects being read, innermost last */
  size_t nmem, room;
  int depth;             /* objects and arrays open */
  int version;           /* the root's version member was read */
  struct { const schema_field *field; const xmlChar *name; } names[JR_NAMES];
} jreader;

static int jr_at(const jreader *j, char c)
{
  return j->at.i < j->at.n && j->at.s[j->at.i] == c;
}

/* Skips the literal w at the cursor; returns 0 when it is not there. */
static int jr_word(jreader *j, const char *w)
{
  if (!jr_at(j, w[0]) || !starts_with(j->at.s, j->at.n, j->at.i, w)) return 0;
  j->at.i += strlen(w);
  return 1;
}

/* After a member or an item: returns 1 past the ',' and the white space after
 * it, 0 at `close` (the end of the object or array), -1 at anything else. */
static int jr_next(jreader *j, char close)
{
  syn_ws(&j->at);
  if (jr_at(j, close)) return 0;
  if (!jr_at(j, ',')) return -1;
  j->at.i++;
  syn_ws(&j->at);
  return 1;
}

/* Appends c, new and unlinked, as the last child of parent: xmlAddChild without
 * its merging of adjacent text nodes, which never meet here. */
static void append_child(xmlNode *parent, xmlNode *c)
{
  c->parent = parent;
  c->prev = parent->last;
  if (parent->last) parent->last->next = c;
  else parent->children = c;
  parent->last = c;
}

static xmlNode *jr_element(jreader *j, xmlNode *parent, const xmlChar *name)
{
  xmlNode *el = xmlNewDocNodeEatName(j->doc, NULL, (xmlChar *)(uintptr_t)name, NULL);
  append_child(parent, el);
  return el;
}

static void jr_text(jreader *j, xmlNode *el, const char *t, size_t len)
{
  append_child(el, xmlNewDocTextLen(j->doc, (const xmlChar *)t, (int)len));
}

/* Decodes the escape at p (its backslash, with m bytes from there to the end
 * of the text) onto b as cJSON does. Returns its length, or 0 for one the
 * checked path refuses: an unknown escape, \u without four hexadecimal digits,
 * \u0000 or another escaped control character than tab and line ends, a
 * surrogate that is not the first half of a pair. */
static size_t jr_escape(strbuf *b, const char *p, size_t m)
{
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  const char *e = m >= 2 && p[1] ? strchr(from, p[1]) : NULL;
  if (e) {
    sb_addc(b, to[e - from]);
    return 2;
  }
  long hi = m >= 6 && p[1] == 'u' ? hex4(p + 2) : -1;
  if (hi < 0x20 && hi != '\t' && hi != '\n' && hi != '\r') return 0;
  if (hi >= 0xDC00 && hi <= 0xDFFF) return 0;
  if (hi < 0xD800 || hi > 0xDBFF) {
    utf8_append(b, (unsigned)hi);
    return 6;
  }
  long lo = m >= 12 && p[6] == '\\' && p[7] == 'u' ? hex4(p + 8) : -1;
  if (lo < 0xDC00 || lo > 0xDFFF) return 0;
  utf8_append(b, 0x10000 + ((unsigned)(hi & 0x3FF) << 10 | (unsigned)(lo & 0x3FF)));
  return 12;
}

/* Reads the string at the cursor (on its opening quote): *out and *len get its
 * value, the text itself when it has no escape, else j->str. Returns -1 for
 * what the checked path reports: a bad escape, a control character other than
 * tab and line ends, invalid UTF-8, more than LOAD_MAX_STRING bytes between
 * the quotes, no closing quote. */
static int jr_string(jreader *j, const char **out, size_t *len)
{
  const char *s = j->at.s;
  size_t n = j->at.n, start = j->at.i + 1, i = start, run = start;
  int escaped = 0;
  while (i < n && s[i] != '"') {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) {
      unsigned cp;
      size_t k = utf8_decode(s + i, n - i, &cp);
      if (!k) return -1;
      i += k;
    } else if (c == '\\') {
      if (!escaped) sb_reset(&j->str);
      escaped = 1;
      sb_addn(&j->str, s + run, i - run);
      size_t k = jr_escape(&j->str, s + i, n - i);
      if (!k) return -1;
      i += k;
      run = i;
    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      return -1;
    } else {
      i++;
    }
  }
  if (i >= n || i - start > LOAD_MAX_STRING) return -1;
  j->at.i = i + 1;
  if (!escaped) {
    *out = s + start;
    *len = i - start;
    return 0;
  }
  sb_addn(&j->str, s + run, i - run);
  *out = sb_str(&j->str);
  *len = j->str.len;
  return 0;
}

/* Reads the number at the cursor; *out and *len get its text as written, and
 * j->num its normalised form. Returns -1 for a number cJSON reads otherwise
 * than the grammar ("01", "1."), one longer than cJSON reads, and one that
 * schema_norm_number refuses (reported as out of range). */
static int jr_number(jreader *j, const char **out, size_t *len)
{
  size_t st = j->at.i;
  if (syn_number(&j->at) != 0 || j->at.i - st > CJSON_NUMBER_MAX) return -1;
  *out = j->at.s + st;
  *len = j->at.i - st;
  sb_reset(&j->num);
  return schema_norm_number(*out, *len, &j->num);
}

static int jr_object(jreader *j, xmlNode *el, const schema_field *sf);
static int jr_array(jreader *j, xmlNode *el, const schema_field *sf);

/* Reads the value at the cursor, not null, into el, which sf describes (NULL:
 * a field the schema does not name). */
static int jr_value(jreader *j, xmlNode *el, const schema_field *sf)
{
  char c = j->at.i < j->at.n ? j->at.s[j->at.i] : '\0';
  json_type t = c == '{' ? JT_OBJECT : c == '[' ? JT_ARRAY : c == '"' ? JT_STRING
              : c == 't' || c == 'f' ? JT_BOOL : JT_NUMBER;
  if (!json_type_fits(t, sf)) return -1;
  const char *v;
  size_t len;
  switch (t) {
  case JT_OBJECT:
    return jr_object(j, el, sf);
  case JT_ARRAY:
    return jr_array(j, el, sf);
  case JT_STRING:
    if (jr_string(j, &v, &len)) return -1;
    if (len) jr_text(j, el, v, len);
    return 0;
  case JT_BOOL:
    v = c == 't' ? "true" : "false";
    if (!jr_word(j, v)) return -1;
    jr_text(j, el, v, strlen(v));
    return 0;
  default:
    if (jr_number(j, &v, &len)) return -1;
    if (sf && schema_is_numeric(sf->kind)) jr_text(j, el, j->num.s, j->num.len);
    else jr_text(j, el, v, len);
    return 0;
  }
}

/* The root's member "version": the root's attribute, normalised as canon_root
 * does; dropped when it is a boolean or null, as json_build drops it. */
static int jr_version(jreader *j, xmlNode *root)
{
  const char *v;
  size_t len;
  if (j->version++) return -1;   /* a repeated key */
  if (jr_at(j, '"')) {
    if (jr_string(j, &v, &len)) return -1;
    sb_reset(&j->num);
    if (schema_norm_number(v, len, &j->num) != 0) {
      char *t = xstrndup(v, len);
      xmlSetProp(root, (const xmlChar *)"version", (const xmlChar *)t);
      free(t);
      return 0;
    }
  } else if (jr_word(j, "null") || jr_word(j, "true") || jr_word(j, "false")) {
    return 0;
  } else if (jr_number(j, &v, &len) != 0) {
    return -1;   /* or a version that is an object or an array: an element */
  }
  xmlSetProp(root, (const xmlChar *)"version", (const xmlChar *)j->num.s);
  return 0;
}

/* Returns the name of field f from the document's dictionary, looked up there
 * once a county rather than once a member. */
static const xmlChar *jr_field_name(jreader *j, const schema_field *f)
{
  size_t h = ((uintptr_t)f / sizeof *f) % JR_NAMES;
  if (j->names[h].field != f) {
    j->names[h].field = f;
    j->names[h].name = xmlDictLookup(j->doc->dict, (const xmlChar *)f->name, -1);
  }
  return j->names[h].name;
}

/* Reads the value of member `key` of an object that obj describes (NULL: one
 * the schema does not describe) into a new child of parent. */
static int jr_member(jreader *j, xmlNode *parent, const schema_field *obj, const char *key,
                     size_t klen)
{
  int k = -1;
  for (int i = 0; obj && klen && obj->fields[i].name && k < 0; i++) {
    const char *f = obj->fields[i].name;
    if (f[0] == key[0] && strncmp(f, key, klen) == 0 && f[klen] == '\0') k = i;
  }
  const xmlChar *name;
  if (k >= 0) {
    name = jr_field_name(j, &obj->fields[k]);
  } else {
    name = xmlDictLookup(j->doc->dict, (const xmlChar *)key, (int)klen);
    if (xmlValidateNCName(name, 0) != 0) return -1;
  }
  if (j->nmem == j->room) {
    j->room = j->room ? j->room * 2 : 64;
    j->mem = xrealloc(j->mem, j->room * sizeof *j->mem);
  }
  jmember *m = &j->mem[j->nmem++];
  m->name = name;
  m->key = k >= 0 ? k : INT32_MAX;
  m->node = NULL;
  if (jr_word(j, "null")) return 0;
  xmlNode *el = jr_element(j, parent, name);
  m->node = el;
  return jr_value(j, el, k >= 0 ? &obj->fields[k] : NULL);
}

static int cmp_jmember(const void *a, const void *b)
{
  const jmember *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->key == INT32_MAX ? strcmp((const char *)x->name, (const char *)y->name) : 0;
}

/* Puts the children of el, an object whose members are j->mem[base..], in the
 * order canon's sort_children gives (with no repeated key, the same whether
 * the sort is stable or not). Returns -1 when a key is repeated. */
static int jr_order(jreader *j, xmlNode *el, size_t base)
{
  jmember *m = j->mem + base;
  size_t count = j->nmem - base, i = 1;
  while (i < count && cmp_jmember(&m[i - 1], &m[i]) < 0) i++;
  if (i >= count) return 0;   /* in order already, each key once */
  qsort(m, count, sizeof *m, cmp_jmember);
  for (i = 1; i < count; i++)
    if (cmp_jmember(&m[i - 1], &m[i]) == 0) return -1;
  el->children = el->last = NULL;
  for (i = 0; i < count; i++)
    if (m[i].node) {
      m[i].node->next = NULL;
      append_child(el, m[i].node);
    }
  return 0;
}

static int jr_object(jreader *j, xmlNode *el, const schema_field *sf)
{
  if (++j->depth > LOAD_MAX_DEPTH) return -1;
  int root = j->depth == 1;
  size_t base = j->nmem;
  j->at.i++;
  syn_ws(&j->at);
  for (int more = !jr_at(j, '}'); more; ) {
    const char *key;
    size_t klen;
    if (!jr_at(j, '"') || jr_string(j, &key, &klen)) return -1;
    syn_ws(&j->at);
    if (!jr_at(j, ':')) return -1;
    j->at.i++;
    syn_ws(&j->at);
    if (root && klen == 7 && memcmp(key, "version", 7) == 0) {
      if (jr_version(j, el)) return -1;
    } else if (jr_member(j, el, sf, key, klen)) {
      return -1;
    }
    if ((more = jr_next(j, '}')) < 0) return -1;
  }
  j->at.i++;
  if (jr_order(j, el, base)) return -1;
  j->nmem = base;
  j->depth--;
  return 0;
}

static int jr_array(jreader *j, xmlNode *el, const schema_field *sf)
{
  if (++j->depth > LOAD_MAX_DEPTH) return -1;
  node_set_info(el, 0, MARK_ARRAY);
  const schema_field *isf = sf ? sf->item : NULL;
  const xmlChar *iname = isf ? jr_field_name(j, isf) : xmlDictLookup(j->doc->dict, (const xmlChar *)"item", -1);
  j->at.i++;
  syn_ws(&j->at);
  for (int more = !jr_at(j, ']'); more; ) {
    if (jr_word(j, "null")) return -1;   /* reported */
    if (jr_value(j, jr_element(j, el, iname), isf)) return -1;
    if ((more = jr_next(j, ']')) < 0) return -1;
  }
  j->at.i++;
  j->depth--;
  return 0;
}

/* Reads a clean JSON county straight into its document, canonical already
 * (see above). Returns NULL when the checked path must read the text. */
static xmlDocPtr json_read(const char *s, size_t n)
{
  jreader j = { .at = { .s = s, .n = n } };
  syn_ws(&j.at);
  if (!jr_at(&j, '{')) return NULL;
  j.doc = json_new_doc();
  int rc = jr_object(&j, xmlDocGetRootElement(j.doc), schema_root());
  syn_ws(&j.at);
  if (j.at.i != n) rc = -1;
  free(j.mem);
  sb_free(&j.str);
  sb_free(&j.num);
  if (rc == 0) return j.doc;
  xmlFreeDoc(j.doc);
  return NULL;
}

/* ---- XML ---------------------------------------------------------------- */

static void xml_error_handler(void *ctx, xmlErrorPtr e)
{
  diag_list *d = ctx;
  if (!e || e->level == XML_ERR_NONE) return;
  char place[48];
  snprintf(place, sizeof place, "%d:%d", e->line, e->int2);
  strbuf msg = {0};
  sb_add(&msg, e->message ? e->message : "XML error");
  while (msg.len && (msg.s[msg.len - 1] == '\n' || msg.s[msg.len - 1] == ' ')) ptr_pop(&msg, msg.len - 1);
  if (strstr(sb_str(&msg), "Excessive depth"))
    diag_add(d, DIAG_ERROR, place, "elements nested deeper than 256 levels; expected at most %d",
             LOAD_MAX_DEPTH);
  else
    diag_add(d, e->level == XML_ERR_WARNING ? DIAG_WARNING : DIAG_ERROR, place,
             "%s; expected well-formed XML", sb_str(&msg));
  sb_free(&msg);
}

/* Looks through the prolog (declaration, comments, processing instructions)
 * for a document type declaration. Returns its offset, or (size_t)-1. */
static size_t find_doctype(const char *s, size_t n)
{
  size_t i = 0;
  for (;;) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    if (starts_with(s, n, i, "<!DOCTYPE")) return i;
    const char *close = NULL;
    if (starts_with(s, n, i, "<?")) close = "?>";
    else if (starts_with(s, n, i, "<!--")) close = "-->";
    else return (size_t)-1;
    size_t j = i + 2;
    while (j < n && !starts_with(s, n, j, close)) j++;
    if (j >= n) return (size_t)-1;
    i = j + strlen(close);
  }
}

static int is_blank(const xmlChar *t)
{
  for (; t && *t; t++)
    if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r') return 0;
  return 1;
}

static char *xml_place_of(const xmlNode *n);

static void xml_err(diag_list *d, const xmlNode *n, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
static void xml_err(diag_list *d, const xmlNode *n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  error_vplace(d, xml_place_of(n), fmt, ap);
  va_end(ap);
}

static int has_child_element(const xmlNode *n, const char *name)
{
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (!name || strcmp((const char *)c->name, name) == 0)) return 1;
  return 0;
}

static int is_leaf_kind(const schema_field *sf)
{
  return sf && sf->kind != SK_OBJECT && sf->kind != SK_ARRAY;
}

/* Turns one parsed element into the document's shape: attributes become child
 * elements, comments and processing instructions go, white space between
 * elements goes, the text of a scalar becomes one text node. Returns the
 * number of errors added. depth is bounded (checked before). */
static int xml_convert(xmlNode *n, const schema_field *sf, int depth, diag_list *d)
{
  int errors = 0;
  uintptr_t line = (uintptr_t)xmlGetLineNo(n);
  node_set_info(n, line, 0);
  if (depth > LOAD_MAX_DEPTH) {
    xml_err(d, n, "elements nested deeper than %d levels; expected at most that many", LOAD_MAX_DEPTH);
    return 1;
  }
  if (n->ns) {
    xml_err(d, n, "element <%s> in a namespace; expected no namespace", (const char *)n->name);
    errors++;
  }
  xmlAttr *a = n->properties;
  while (a) {
    xmlAttr *next = a->next;
    const char *an = (const char *)a->name;
    if (depth == 0 && strcmp(an, "version") == 0) { a = next; continue; }
    xmlChar *val = xmlNodeListGetString(n->doc, a->children, 1);
    if (a->ns) {   /* xsi:schemaLocation and the like: no JSON form has them */
      char *p = xml_place_of(n);
      diag_add(d, DIAG_WARNING, p, "attribute '%s:%s' in a namespace is ignored; expected attributes without a prefix",
               a->ns->prefix ? (const char *)a->ns->prefix : "", an);
      free(p);
    } else if (has_child_element(n, an)) {
      xml_err(d, n, "'%s' given both as an attribute and as an element of <%s>; expected one of them",
              an, (const char *)n->name);
      errors++;
    } else {
      xmlNode *el = xmlNewDocNode(n->doc, NULL, a->name, NULL);
      if (val && *val) xmlAddChild(el, xmlNewDocText(n->doc, val));
      node_set_info(el, line, 0);
      el->line = n->line;
      xmlAddChild(n, el);
    }
    xmlFree(val);
    xmlRemoveProp(a);
    a = next;
  }
  int scalar = is_leaf_kind(sf) || (!sf && !has_child_element(n, NULL));
  xmlNode *c = n->children;
  while (c) {
    xmlNode *next = c->next;
    if (c->type == XML_ELEMENT_NODE) {
      if (scalar) {
        xml_err(d, c, "element <%s> inside <%s>; expected text only", (const char *)c->name,
                (const char *)n->name);
        errors++;
      } else if (depth == 0 && strcmp((const char *)c->name, "version") == 0 && !has_child_element(c, NULL)) {
        xmlChar *v = xmlNodeGetContent(c);
        if (xmlHasProp(n, (const xmlChar *)"version"))
          xml_err(d, c, "'version' given both as an attribute and as an element; expected one of them");
        else
          xmlSetProp(n, (const xmlChar *)"version", v);
        xmlFree(v);
        xmlUnlinkNode(c);
        xmlFreeNode(c);
      } else {
        const schema_field *csf = NULL;
        if (sf && sf->kind == SK_OBJECT) csf = schema_child(sf, (const char *)c->name);
        else if (sf && sf->kind == SK_ARRAY) csf = sf->item;
        errors += xml_convert(c, csf, depth + 1, d);
      }
    } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (!scalar) {
        if (!is_blank(c->content)) {
          char *ex = excerpt((const char *)c->content, strlen((const char *)c->content), 0, 12);
          xml_err(d, n, "text '%s' inside <%s>; expected elements only", ex, (const char *)n->name);
          free(ex);
          errors++;
        }
        xmlUnlinkNode(c);
        xmlFreeNode(c);
      }
    } else {
      xmlUnlinkNode(c);
      xmlFreeNode(c);
    }
    c = next;
  }
  if (scalar) {
    xmlChar *t = xmlNodeGetContent(n);
    if (t && strlen((const char *)t) > LOAD_MAX_STRING) {
      xml_err(d, n, "text of <%s> is longer than %u bytes; expected at most that", (const char *)n->name, LOAD_MAX_STRING);
      errors++;
    }
    xmlNode *k = n->children;
    while (k) { xmlNode *nx = k->next; if (k->type != XML_ELEMENT_NODE) { xmlUnlinkNode(k); xmlFreeNode(k); } k = nx; }
    if (t && *t) xmlAddChild(n, xmlNewDocText(n->doc, t));
    xmlFree(t);
  }
  return errors;
}

/* Deepest nesting of elements below n, walked without recursion. */
static int xml_depth_exceeds(const xmlNode *root, int max, const xmlNode **where)
{
  const xmlNode *n = root;
  int depth = 0;
  while (n) {
    if (n->type == XML_ELEMENT_NODE && depth > max) { *where = n; return 1; }
    if (n->children && n->type == XML_ELEMENT_NODE) { n = n->children; depth++; continue; }
    while (n && !n->next && n != root) { n = n->parent; depth--; }
    if (!n || n == root) break;
    n = n->next;
  }
  return 0;
}

/* Drops namespace declarations (xmlns:xsi ...) once their attributes are gone,
 * so that they do not make the document differ from the JSON form. Nothing is
 * dropped while an element still uses a namespace (that is an error already). */
static void strip_ns_decls(xmlNode *root)
{
  for (int pass = 0; pass < 2; pass++) {
    xmlNode *n = root;
    while (n) {
      if (n->type == XML_ELEMENT_NODE) {
        if (pass == 0 && n->ns) return;
        if (pass == 1 && n->nsDef) { xmlFreeNsList(n->nsDef); n->nsDef = NULL; }
      }
      if (n->children && n->type == XML_ELEMENT_NODE) { n = n->children; continue; }
      while (n && n != root && !n->next) n = n->parent;
      if (!n || n == root) break;
      n = n->next;
    }
  }
}

static xmlDocPtr load_xml(const char *s, size_t n, const char *name, diag_list *d)
{
  size_t dt = find_doctype(s, n);
  if (dt != (size_t)-1) {
    error_at(d, s, dt, "a document type declaration (<!DOCTYPE>) at byte offset %zu; expected none: DTDs and entities are not accepted",
             dt);
    return NULL;
  }
  if (n > INT32_MAX) return NULL;
  xmlStructuredErrorFunc prev = xmlStructuredError;   /* another stage's handler, restored after */
  void *prev_ctx = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc(d, xml_error_handler);
  xmlDocPtr doc = xmlReadMemory(s, (int)n, name, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
  xmlSetStructuredErrorFunc(prev_ctx, prev);
  if (!doc) {
    if (diag_errors(d) == 0) diag_add(d, DIAG_ERROR, NULL, "the XML could not be parsed; expected well-formed XML");
    return NULL;
  }
  if (doc->intSubset || doc->extSubset) {
    diag_add(d, DIAG_ERROR, NULL, "a document type declaration; expected none: DTDs and entities are not accepted");
    goto fail;
  }
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!root || strcmp((const char *)root->name, "county-report") != 0) {
    char *p = root ? xasprintf("%ld", xmlGetLineNo(root)) : NULL;
    diag_add(d, DIAG_ERROR, p, "root element <%s>; expected <county-report>", root ? (const char *)root->name : "");
    free(p);
    goto fail;
  }
  const xmlNode *deep = NULL;
  if (xml_depth_exceeds(root, LOAD_MAX_DEPTH, &deep)) {
    char *p = xasprintf("%ld", xmlGetLineNo(deep));
    diag_add(d, DIAG_ERROR, p, "elements nested deeper than %d levels; expected at most that many", LOAD_MAX_DEPTH);
    free(p);
    goto fail;
  }
  doc->_private = origin_xml;
  for (xmlNode *c = doc->children; c;) {    /* comments and PIs around the root */
    xmlNode *next = c->next;
    if (c != root) { xmlUnlinkNode(c); xmlFreeNode(c); }
    c = next;
  }
  xml_convert(root, schema_root(), 0, d);
  strip_ns_decls(root);
  return doc;
fail:
  xmlFreeDoc(doc);
  return NULL;
}

/* ---- entry points ------------------------------------------------------- */

xmlDocPtr load_buffer(const char *buf, size_t len, const char *name, input_format fmt, diag_list *d)
{
  if (len > LOAD_MAX_BYTES) {
    diag_add(d, DIAG_ERROR, NULL, "the file has %zu bytes; expected at most %u", len, LOAD_MAX_BYTES);
    return NULL;
  }
  size_t skip = (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
  const char *s = buf + skip;
  size_t n = len - skip;
  if (fmt == INPUT_AUTO) {
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    fmt = (i < n && s[i] == '{') ? INPUT_JSON : INPUT_XML;
  }
  xmlDocPtr doc = fmt == INPUT_JSON ? json_read(s, n) : NULL;
  if (!doc) {
    if (check_bytes(s, n, d) > 0) return NULL;
    doc = fmt == INPUT_JSON ? load_json(s, n, d) : load_xml(s, n, name, d);
    if (!doc) return NULL;
    canon_root(doc);
  }
  if (fmt == INPUT_JSON) doc->_private = origin_json;
  if (name && !doc->URL) doc->URL = xmlStrdup((const xmlChar *)name);
  xmlFree((xmlChar *)(uintptr_t)doc->encoding);
  doc->encoding = xmlStrdup((const xmlChar *)"UTF-8");
  return doc;
}

static int has_suffix(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

xmlDocPtr load_file(const char *path, diag_list *d)
{
  size_t len = 0;
  char *buf = read_county_file(path, LOAD_MAX_BYTES, &len);
  if (!buf) {
    if (errno == EFBIG)
      diag_add(d, DIAG_ERROR, NULL, "the file is larger than %u bytes; expected at most that", LOAD_MAX_BYTES);
    else
      diag_add(d, DIAG_ERROR, NULL, "cannot read the file: %s", strerror(errno));
    return NULL;
  }
  input_format fmt = has_suffix(path, ".json") ? INPUT_JSON : has_suffix(path, ".xml") ? INPUT_XML : INPUT_AUTO;
  xmlDocPtr doc = load_buffer(buf, len, path, fmt, d);
  free(buf);
  return doc;
}

/* ---- places ------------------------------------------------------------- */

static const xmlNode *element_of(const xmlNode *n)
{
  while (n && n->type != XML_ELEMENT_NODE && n->type != XML_ATTRIBUTE_NODE) n = n->parent;
  return n;
}

static char *xml_place_of(const xmlNode *n)
{
  n = element_of(n);
  if (!n) return xstrdup("/");
  long line = 0;
  for (const xmlNode *p = n; p && p->type != XML_DOCUMENT_NODE && !line; p = p->parent)
    line = (long)(node_info(p) >> MARK_SHIFT);
  if (!line) line = xmlGetLineNo(n);
  const xmlNode *chain[LOAD_MAX_DEPTH + 16];
  int k = 0;
  int cut = 0;
  for (const xmlNode *p = n; p && p->type != XML_DOCUMENT_NODE; p = p->parent) {
    if (k == (int)(sizeof chain / sizeof *chain)) { cut = 1; break; }
    chain[k++] = p;
  }
  strbuf b = {0};
  if (line > 0) sb_addf(&b, "%ld:", line);
  if (cut) sb_add(&b, "...");
  for (int i = k - 1; i >= 0; i--) {
    const xmlNode *p = chain[i];
    sb_addc(&b, '/');
    if (p->type == XML_ATTRIBUTE_NODE) sb_addc(&b, '@');
    sb_add(&b, (const char *)p->name);
    if (p->type != XML_ELEMENT_NODE || !p->parent || p->parent->type != XML_ELEMENT_NODE) continue;
    int idx = 0, same = 0;
    for (const xmlNode *q = p->parent->children; q; q = q->next) {
      if (q->type != XML_ELEMENT_NODE || !xmlStrEqual(q->name, p->name)) continue;
      same++;
      if (q == p) idx = same;
    }
    if (same > 1) sb_addf(&b, "[%d]", idx);
  }
  return sb_detach(&b);
}

static char *json_place_of(const xmlNode *n)
{
  n = element_of(n);
  const xmlNode *chain[LOAD_MAX_DEPTH + 16];
  int k = 0, cut = 0;
  for (const xmlNode *p = n; p && p->type != XML_DOCUMENT_NODE && p->parent &&
                             p->parent->type != XML_DOCUMENT_NODE; p = p->parent) {
    if (k == (int)(sizeof chain / sizeof *chain)) { cut = 1; break; }
    chain[k++] = p;
  }
  strbuf b = {0};
  if (cut) sb_add(&b, "...");
  for (int i = k - 1; i >= 0; i--) {
    const xmlNode *p = chain[i];
    if (p->type == XML_ELEMENT_NODE && (node_info(p->parent) & MARK_ARRAY)) {
      int idx = 0;
      for (const xmlNode *q = p->parent->children; q && q != p; q = q->next)
        if (q->type == XML_ELEMENT_NODE) idx++;
      ptr_push_index(&b, idx);
    } else {
      ptr_push(&b, (const char *)p->name);
    }
  }
  if (b.len == 0) sb_addc(&b, '/');
  return sb_detach(&b);
}

char *load_place(const xmlNode *n)
{
  if (!n || !n->doc) return xstrdup("?");
  if (n->doc->_private == origin_json) return json_place_of(n);
  return xml_place_of(n);
}
