/* load_json.c: a JSON county into the element tree of the data document
 * (load_imp.h). cJSON parses the text; a positioned walk over the text gives
 * what cJSON does not keep: the line and column of each error, the literal
 * text of every number (cJSON keeps only a double), and the checks that must
 * come before cJSON recurses (nesting depth) or that cJSON is too lax for
 * (string length, escapes, control characters). */
#include "load_imp.h"
#include "i18n.h"
#include "schema.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

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
        load_error_at(c->d, s, i, _("nesting deeper than %d levels; expected at most that many"),
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
            char *ex = load_excerpt(s, n, i - 1, 6);
            load_error_at(c->d, s, i - 1, _("invalid escape '%s' in a string; expected \\u and four hexadecimal digits"), ex);
            free(ex);
            errors++;
          } else if (s[i] == 'u') {
            if (v == 0)
              load_error_at(c->d, s, i - 1, _("\\u0000 in a string (at byte offset %zu); expected text without NUL characters"),
                       i - 1);
            else if (v < 0x20 && v != '\t' && v != '\n' && v != '\r')
              load_error_at(c->d, s, i - 1, _("escaped control character \\u%.4s in a string (at byte offset %zu); expected text without control characters"),
                       s + i + 1, i - 1);
            if (v < 0x20 && v != '\t' && v != '\n' && v != '\r') errors++;
            i += 4;
          }
        }
        i++;
      }
      if (i - start > LOAD_MAX_STRING) {
        load_error_at(c->d, s, start - 1, _("a string of %zu bytes; expected at most %u"),
                 i - start, LOAD_MAX_STRING);
        errors++;
      }
    }
  }
  return errors;
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
    if (c->path[i].key) load_ptr_push(&c->ptr, c->path[i].key);
    else load_ptr_push_index(&c->ptr, c->path[i].index);
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
  static const char *const names[] = { N_("null"), N_("a boolean"), N_("a number"), N_("a string"),
                                       N_("an array"), N_("an object") };
  return _(names[t]);
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
             _("duplicate key '%s' (members %d and %d of this object); expected each key once"),
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
    if (!sf && xmlValidateNCName((const xmlChar *)name, 0) != 0) {   /* the table's names are valid */
      diag_add(c->d, DIAG_ERROR, path_text(c),
               _("key '%s' is not a valid name; expected a name of letters, digits, '_' and '-'"), name);
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
    diag_add(c->d, DIAG_ERROR, path_text(c), _("found %s; expected %s"), json_type_name(cjson_type(v)),
             schema_expect(sf->kind));
    load_mark_reported(el);
    sf = NULL;
  }
  const cJSON *it;
  if (cJSON_IsObject(v)) {
    json_dup_keys(c, v);
    int from = 0;   /* members in the table's order cost one comparison each */
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
      int k = schema_index_from(sf, it->string, from);
      if (k >= 0) from = k + 1;
      json_member(c, it, el, it->string, k >= 0 ? &sf->fields[k] : NULL, depth);
    }
  } else if (cJSON_IsArray(v)) {
    load_set_info(el, 0, MARK_ARRAY);
    const schema_field *isf = sf ? sf->item : NULL;
    const char *iname = isf ? isf->name : "item";
    int i = 0;
    cJSON_ArrayForEach(it, v) {
      path_push(c, NULL, i++);
      if (cJSON_IsNull(it)) {
        diag_add(c->d, DIAG_ERROR, path_text(c), _("null in an array; expected a value"));
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
      if (schema_norm_number(c->src + nl->off, nl->len, NULL) == -1 &&
          !json_strict_number(c->src + nl->off, nl->len)) {   /* cJSON reads 1. through strtod */
        char *t = xstrndup(c->src + nl->off, nl->len > 40 ? 40 : nl->len);
        diag_add(c->d, DIAG_ERROR, path_text(c),
                 _("'%s' is not a JSON number; expected digits, an optional fraction and exponent"), t);
        free(t);
        load_mark_reported(el);
      } else {   /* the literal text, as in the XML form: one that is out of range is validate's to report */
        xmlNodeAddContentLen(el, (const xmlChar *)c->src + nl->off, (int)nl->len);
      }
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
  if (j->i >= j->n || j->s[j->i] != '"') return syn_fail(j, _("a string in double quotes"));
  for (j->i++; j->i < j->n && j->s[j->i] != '"'; j->i++) {
    if (j->s[j->i] != '\\') continue;
    j->i++;
    if (j->i >= j->n || !strchr("\"\\/bfnrtu", j->s[j->i])) return syn_fail(j, _("an escape such as \\n or \\u00e9"));
    if (j->s[j->i] == 'u') {
      for (int k = 1; k <= 4; k++)
        if (j->i + k >= j->n || !strchr("0123456789abcdefABCDEF", j->s[j->i + k]) || !j->s[j->i + k]) {
          j->i += (size_t)k;
          return syn_fail(j, _("four hexadecimal digits after \\u"));
        }
      j->i += 4;
    }
  }
  if (j->i >= j->n) return syn_fail(j, _("the closing double quote"));
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
      if (j->i >= j->n || j->s[j->i] != '"') return syn_fail(j, _("a member name in double quotes"));
      if (syn_string(j)) return -1;
      syn_ws(j);
      if (j->i >= j->n || j->s[j->i] != ':') return syn_fail(j, _("':' after the member name"));
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
  if (depth > LOAD_MAX_DEPTH + 1) return syn_fail(j, _("less nesting"));
  if (j->i >= j->n) return syn_fail(j, _("a value"));
  char c = j->s[j->i];
  if (c == '{' || c == '[') return syn_members(j, depth, c == '{' ? '}' : ']');
  if (c == '"') return syn_string(j);
  static const char *const words[] = { "true", "false", "null" };
  for (int k = 0; k < 3; k++)
    if (load_starts_with(j->s, j->n, j->i, words[k])) { j->i += strlen(words[k]); return 0; }
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
  else { j->i = st; return syn_fail(j, _("a value (object, array, string, number, true, false or null)")); }
  if (j->i < j->n && j->s[j->i] == '.') {
    j->i++;
    if (j->i >= j->n || j->s[j->i] < '0' || j->s[j->i] > '9') return syn_fail(j, _("digits after the decimal point"));
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9') j->i++;
  }
  if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
    j->i++;
    if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-')) j->i++;
    if (j->i >= j->n || j->s[j->i] < '0' || j->s[j->i] > '9') return syn_fail(j, _("digits in the exponent"));
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
    j.expected = _("the end of the file after the top-level value");
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

/* The JSON form (load_imp.h): the pre-pass, then cJSON; when cJSON refuses
 * the text, the grammar walk says where and what was expected. */
xmlDocPtr load_json_text(const char *s, size_t n, diag_list *d)
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
      expected = _("a JSON value");
    }
    char *p = load_place_at(s, off);
    if (off >= n) {
      diag_add(d, DIAG_ERROR, p, _("the file ends inside a JSON value; expected %s"), expected);
    } else {
      char *ex = load_excerpt(s, n, off, 12);
      diag_add(d, DIAG_ERROR, p, _("JSON syntax error at '%s'; expected %s"), ex, expected);
      free(ex);
    }
    free(p);
    goto done;
  }
  if (!cJSON_IsObject(json)) {
    diag_add(d, DIAG_ERROR, "/", _("the top level is %s; expected an object"), json_type_name(cjson_type(json)));
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

