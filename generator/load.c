/* load.c: JSON and XML county files into the one data document (load.h).
 *
 * Both forms are first turned into an element tree in the shape of
 * input-format.md (JSON through cJSON, load_json.c; XML through libxml2 with
 * attributes moved into child elements, load_xml.c), then one shared pass
 * puts every object's children in the canonical order of the schema table and
 * normalises numbers, so that either form gives the same document. Each
 * element remembers where it came from in its _private field (the XML line,
 * or that it is a JSON array), the document its origin. */
#include "load_imp.h"
#include "i18n.h"
#include "schema.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char origin_json[] = "json";   /* doc->_private of a document from JSON */
static char origin_xml[] = "xml";

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

char *load_place_at(const char *s, size_t off)
{
  unsigned long l, c;
  line_col(s, off, &l, &c);
  return xasprintf("%lu:%lu", l, c);
}

void load_error_vplace(diag_list *d, char *place, const char *fmt, va_list ap)
{
  strbuf b = {0};
  sb_vaddf(&b, _(fmt), ap);
  diag_add(d, DIAG_ERROR, place, "%s", sb_str(&b));
  sb_free(&b);
  free(place);
}

void load_error_at(diag_list *d, const char *s, size_t off, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  load_error_vplace(d, load_place_at(s, off), fmt, ap);
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
    load_error_at(d, s, bad, _("invalid UTF-8 byte 0x%02X at byte offset %zu; expected UTF-8 text (convert a GBK or GB18030 file first)"),
             (unsigned)(unsigned char)s[bad], bad);
    errors++;
    at = bad + 1;
    while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80) at++;   /* the rest of that sequence */
  }
  if (errors) return errors;
  for (size_t i = 0; i < n && errors < 20; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      load_error_at(d, s, i, _("control character U+%04X at byte offset %zu; expected text without control characters"),
               (unsigned)c, i);
      errors++;
    }
  }
  return errors;
}

/* Names the encoding of a text that is UTF-16 or UTF-32 rather than UTF-8:
 * by its byte order mark, or, without one, by the NUL bytes around the first
 * character (a county file starts with ASCII: '{', '<' or white space, so in
 * UTF-16 one byte of its first two-byte units is 0, in UTF-32 three of four).
 * Returns NULL for any other text. */
static const char *wide_encoding(const char *buf, size_t n)
{
  const unsigned char *s = (const unsigned char *)buf;
  if (n >= 4 && memcmp(s, "\xFF\xFE\0\0", 4) == 0) return _("UTF-32 (little-endian, with a byte order mark)");
  if (n >= 4 && memcmp(s, "\0\0\xFE\xFF", 4) == 0) return _("UTF-32 (big-endian, with a byte order mark)");
  if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) return _("UTF-16 (little-endian, with a byte order mark)");
  if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) return _("UTF-16 (big-endian, with a byte order mark)");
  if (n < 4) return NULL;
  if (s[0] && s[0] < 0x80 && !s[1] && !s[2] && !s[3]) return _("UTF-32 (little-endian)");
  if (!s[0] && !s[1] && !s[2] && s[3] && s[3] < 0x80) return _("UTF-32 (big-endian)");
  if (s[0] && s[0] < 0x80 && !s[1] && s[2] && s[2] < 0x80 && !s[3]) return _("UTF-16 (little-endian)");
  if (!s[0] && s[1] && s[1] < 0x80 && !s[2] && s[3] && s[3] < 0x80) return _("UTF-16 (big-endian)");
  return NULL;
}

int load_starts_with(const char *s, size_t n, size_t i, const char *lit)
{
  size_t l = strlen(lit);
  return i + l <= n && memcmp(s + i, lit, l) == 0;
}

/* Returns a printable excerpt of s at off: at most max characters, up to the
 * end of the line. */
char *load_excerpt(const char *s, size_t n, size_t off, int max)
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

void load_ptr_push(strbuf *p, const char *key)
{
  sb_addc(p, '/');
  for (; *key; key++) {
    if (*key == '~') sb_add(p, "~0");
    else if (*key == '/') sb_add(p, "~1");
    else sb_addc(p, *key);
  }
}

void load_ptr_push_index(strbuf *p, int i)
{
  sb_addf(p, "/%d", i);
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
  int i = 0, sorted = 1, from = 0;
  for (xmlNode *c = n->children; c; c = c->next, i++) {
    e[i].n = c;
    e[i].pos = i;
    int k = c->type == XML_ELEMENT_NODE ? schema_index_from(sf, (const char *)c->name, from) : -1;
    if (k >= 0) from = k + 1;
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

void load_intern_text(xmlNode *t)
{
  xmlDictPtr dict = t->doc ? t->doc->dict : NULL;
  if (!dict || t->type != XML_TEXT_NODE || !t->content || t->content == (xmlChar *)&t->properties ||
      xmlDictOwns(dict, t->content))
    return;
  const xmlChar *s = xmlDictLookup(dict, t->content, -1);
  if (!s) return;   /* no memory for it: the node keeps its own copy */
  xmlFree(t->content);
  t->content = (xmlChar *)(uintptr_t)s;
}

xmlNode *load_new_text(xmlDoc *doc, const char *text)
{
  const xmlChar *s = doc->dict ? xmlDictLookup(doc->dict, (const xmlChar *)text, -1) : NULL;
  if (!s) return xmlNewDocText(doc, (const xmlChar *)text);   /* no dictionary, or no memory: a copy */
  xmlNode *t = xmlNewDocText(doc, NULL);
  if (t) t->content = (xmlChar *)(uintptr_t)s;
  return t;
}

static void intern_texts(xmlNode *n)
{
  for (xmlNode *c = n->children; c; c = c->next) load_intern_text(c);
}

/* The canonical pass. depth is bounded by LOAD_MAX_DEPTH (checked before). */
static void canon(xmlNode *n, const schema_field *sf, int depth)
{
  if (depth > LOAD_MAX_DEPTH + 1) return;
  int is_array = (sf && sf->kind == SK_ARRAY) || (load_info(n) & MARK_ARRAY);
  if (sf && schema_is_numeric(sf->kind)) {
    norm_number_text(n);
    intern_texts(n);
    return;
  }
  intern_texts(n);
  if (!is_array) sort_children(n, sf && sf->kind == SK_OBJECT ? sf : NULL);
  int from = 0;   /* the children are in the table's order now: one comparison each */
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const schema_field *csf = NULL;
    if (sf && sf->kind == SK_OBJECT) {
      int k = schema_index_from(sf, (const char *)c->name, from);
      if (k >= 0) { csf = &sf->fields[k]; from = k + 1; }
    } else if (sf && sf->kind == SK_ARRAY) {
      csf = sf->item;
    }
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

/* ---- entry points ------------------------------------------------------- */

/* The values of a JSON text (numbers, strings, literals, objects, arrays),
 * counted without parsing it: the root, each member (its ':'), each array
 * entry (the first, then one per ','). Nesting deeper than the loader
 * allows stops the count (the parse refuses such a file anyway). */
static size_t count_json_values(const char *s, size_t n)
{
  char stack[LOAD_MAX_DEPTH + 2];
  int depth = 0, first = 0;
  size_t values = 1;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (first) {   /* just after '[': an entry unless the array is empty */
      first = 0;
      if (c != ']') values++;
    }
    if (c == '"') {
      for (i++; i < n && s[i] != '"'; i++)
        if (s[i] == '\\') i++;
    } else if (c == '[' || c == '{') {
      if (depth == (int)sizeof stack) break;
      stack[depth++] = c;
      first = c == '[';
    } else if (c == ']' || c == '}') {
      if (depth > 0) depth--;
    } else if (c == ':') {
      values++;
    } else if (c == ',' && depth > 0 && stack[depth - 1] == '[') {
      values++;
    }
  }
  return values;
}

/* The values of an XML text: its elements and attributes, counted without
 * parsing it. */
static size_t count_xml_values(const char *s, size_t n)
{
  size_t values = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '<' || i + 1 >= n || s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?') continue;
    values++;
    for (i++; i < n && s[i] != '>'; i++) {   /* the start tag: its attributes */
      if (s[i] == '=') values++;
      else if (s[i] == '"' || s[i] == '\'') {
        char q = s[i];
        for (i++; i < n && s[i] != q; i++) {}
      }
    }
  }
  return values;
}

size_t load_memory_limit(const load_memory *m, size_t file_bytes)
{
  if (m->fixed) return m->fixed;
  return LOAD_MEMORY_FLOOR + (size_t)m->per_byte * file_bytes;
}

/* load_buffer; with limit (bytes, 0 for none), a text whose values would take
 * more is refused before it is parsed. */
static xmlDocPtr load_text(const char *buf, size_t len, const char *name, input_format fmt, size_t limit,
                           diag_list *d)
{
  if (len > LOAD_MAX_BYTES) {
    diag_add(d, DIAG_ERROR, NULL, _("the file has %zu bytes; expected at most %u"), len, LOAD_MAX_BYTES);
    return NULL;
  }
  const char *wide = wide_encoding(buf, len);
  if (wide) {   /* one message instead of an error for every other byte */
    diag_add(d, DIAG_ERROR, NULL, _("the file is in %s; expected UTF-8 (save it as UTF-8 and try again)"), wide);
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
  if (limit) {
    size_t values = fmt == INPUT_JSON ? count_json_values(s, n) : count_xml_values(s, n);
    if (values > limit / LOAD_BYTES_PER_VALUE) {
      diag_add(d, DIAG_ERROR, NULL,
               _("the file holds %zu values, which would take about %zu MB in memory (%u bytes a value); "
                 "expected at most %zu MB for this county (--memory-limit sets it)"),
               values, (size_t)(((double)values * LOAD_BYTES_PER_VALUE) / 1048576 + 0.5),
               (unsigned)LOAD_BYTES_PER_VALUE, limit >> 20);
      return NULL;
    }
  }
  if (check_bytes(s, n, d) > 0) return NULL;
  xmlDocPtr doc = fmt == INPUT_JSON ? load_json_text(s, n, d) : load_xml_text(s, n, name, d);
  if (!doc) return NULL;
  canon_root(doc);
  doc->_private = fmt == INPUT_JSON ? origin_json : origin_xml;
  if (name && !doc->URL) doc->URL = xmlStrdup((const xmlChar *)name);
  xmlFree((xmlChar *)(uintptr_t)doc->encoding);
  doc->encoding = xmlStrdup((const xmlChar *)"UTF-8");
  return doc;
}

xmlDocPtr load_buffer(const char *buf, size_t len, const char *name, input_format fmt, diag_list *d)
{
  return load_text(buf, len, name, fmt, 0, d);
}

static int has_suffix(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

/* load_file_within with memory m, or without a limit when m is NULL. */
static xmlDocPtr load_path(const char *path, const load_memory *m, size_t *limit, diag_list *d)
{
  size_t len = 0;
  char *buf = read_county_file(path, LOAD_MAX_BYTES, &len);
  if (!buf) {
    if (errno == EFBIG)
      diag_add(d, DIAG_ERROR, NULL, _("the file is larger than %u bytes; expected at most that"), LOAD_MAX_BYTES);
    else if (errno == ELOOP)
      diag_add(d, DIAG_ERROR, NULL, _("a symbolic link, not followed; expected the county file itself"));
    else if (errno == EINVAL)
      diag_add(d, DIAG_ERROR, NULL, _("not a regular file (a named pipe, device or socket); expected a county file"));
    else
      diag_add(d, DIAG_ERROR, NULL, _("cannot read the file: %s"), strerror(errno));
    return NULL;
  }
  size_t lim = m ? load_memory_limit(m, len) : 0;
  if (limit) *limit = lim;
  input_format fmt = has_suffix(path, ".json") ? INPUT_JSON : has_suffix(path, ".xml") ? INPUT_XML : INPUT_AUTO;
  xmlDocPtr doc = load_text(buf, len, path, fmt, lim, d);
  free(buf);
  return doc;
}

xmlDocPtr load_file(const char *path, diag_list *d)
{
  return load_path(path, NULL, NULL, d);
}

xmlDocPtr load_file_within(const char *path, const load_memory *m, size_t *limit, diag_list *d)
{
  return load_path(path, m, limit, d);
}

/* ---- places ------------------------------------------------------------- */

static const xmlNode *element_of(const xmlNode *n)
{
  while (n && n->type != XML_ELEMENT_NODE && n->type != XML_ATTRIBUTE_NODE) n = n->parent;
  return n;
}

char *load_xml_place(const xmlNode *n)
{
  n = element_of(n);
  if (!n) return xstrdup("/");
  long line = 0;
  for (const xmlNode *p = n; p && p->type != XML_DOCUMENT_NODE && !line; p = p->parent)
    line = (long)(load_info(p) >> MARK_SHIFT);
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
    if (p->type == XML_ELEMENT_NODE && (load_info(p->parent) & MARK_ARRAY)) {
      int idx = 0;
      for (const xmlNode *q = p->parent->children; q && q != p; q = q->next)
        if (q->type == XML_ELEMENT_NODE) idx++;
      load_ptr_push_index(&b, idx);
    } else {
      load_ptr_push(&b, (const char *)p->name);
    }
  }
  if (b.len == 0) sb_addc(&b, '/');
  return sb_detach(&b);
}

char *load_place(const xmlNode *n)
{
  if (!n || !n->doc) return xstrdup("?");
  if (n->doc->_private == origin_json) return json_place_of(n);
  return load_xml_place(n);
}

int load_reported(const xmlNode *n)
{
  return n && n->type == XML_ELEMENT_NODE && (load_info(n) & MARK_REPORTED) != 0;
}
