/* test_load_json.c: the JSON form (load_json.c: cJSON and the positioned
 * walk). These tests pin escapes and surrogate pairs decoded, canonical
 * order, numbers normalised by field, and the exact diagnostic and place for
 * each kind of bad input. A text with one invalid key added (reported and
 * left out of the document) must give the same document, node for node, as
 * the clean text. */
/* checks: 50 */
#include "load.h"
#include "util.h"
#include "test.h"
#include "test_load_helpers.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A text dump of a loaded document: every node with its name, text and
 * _private, every attribute, and the place load_place gives each element. */
static void dump_nodes(strbuf *b, const xmlNode *n, int depth)
{
  for (; n; n = n->next) {
    sb_addf(b, "%*s%d %s", depth * 2, "", n->type, n->name ? (const char *)n->name : "-");
    if (n->type == XML_TEXT_NODE) sb_addf(b, " [%s]", (const char *)n->content);
    sb_addf(b, " %lu", (unsigned long)(uintptr_t)n->_private);
    if (n->type == XML_ELEMENT_NODE) {
      char *p = load_place(n);
      sb_addf(b, " %s", p);
      free(p);
      for (const xmlAttr *a = n->properties; a; a = a->next) {
        xmlChar *v = xmlNodeListGetString(n->doc, a->children, 1);
        sb_addf(b, " @%s=%s", (const char *)a->name, v ? (const char *)v : "");
        xmlFree(v);
      }
    }
    sb_addc(b, '\n');
    dump_nodes(b, n->children, depth + 1);
  }
}

static char *dump_doc(xmlDocPtr doc)
{
  strbuf b = {0};
  if (!doc) return xstrdup("(no document)");
  dump_nodes(&b, doc->children, 0);
  return sb_detach(&b);
}

/* The diagnostics of a load, one "place: message" a line. */
static char *diags(diag_list *d)
{
  strbuf b = {0};
  for (int i = 0; i < diag_count(d); i++) {
    const diag *g = diag_get(d, i);
    sb_addf(&b, "%s: %s\n", g->place ? g->place : "-", g->msg);
  }
  return sb_detach(&b);
}

/* Loads text (length len, or strlen when -1); *dump gets the document's dump,
 * *allocs the number of allocations the load made, the result the
 * diagnostics. */
static char *load_diags(const char *text, size_t len, char **dump, unsigned long *allocs)
{
  diag_list *d = diag_new("t.json", 100);
  if (len == (size_t)-1) len = strlen(text);
  char *exact = xmalloc(len ? len : 1);   /* no NUL after the text */
  memcpy(exact, text, len);
  unsigned long before = util_alloc_count();
  xmlDocPtr doc = load_buffer(exact, len, "t.json", INPUT_JSON, d);
  if (allocs) *allocs = util_alloc_count() - before;
  if (dump) *dump = dump_doc(doc);
  char *r = diags(d);
  xmlFreeDoc(doc);
  diag_free(d);
  free(exact);
  return r;
}

/* PASS when text loads without a diagnostic, and also with an invalid key
 * added to the root (reported and left out) into the same document. */
static void both_paths(const char *name, const char *text)
{
  char *clean_dump, *bad_dump;
  char *clean = load_diags(text, (size_t)-1, &clean_dump, NULL);
  const char *brace = strrchr(text, '}');
  char *bad_text = xasprintf("%.*s, \"not a name\": 1%s", (int)(brace - text), text, brace);
  char *bad = load_diags(bad_text, (size_t)-1, &bad_dump, NULL);
  int ok = strcmp(clean, "") == 0 && strstr(bad, "key 'not a name' is not a valid name") &&
           strcmp(clean_dump, bad_dump) == 0;
  CHECK(name, ok);
  if (!ok) printf("    clean: %s%s    with a bad key: %s%s", clean, clean_dump, bad, bad_dump);
  free(clean);
  free(clean_dump);
  free(bad);
  free(bad_dump);
  free(bad_text);
}

/* PASS when the text gives exactly these diagnostics ("" for none). */
static void says(const char *name, const char *text, size_t len, const char *want)
{
  char *got = load_diags(text, len, NULL, NULL);
  CHECK_STR(name, got, want);
  free(got);
}

/* PASS when the text of the element at xpath is want. */
static void text_is(const char *name, const char *json, const char *xpath, const char *want)
{
  xmlDocPtr doc = load_text(json, INPUT_JSON, NULL);
  char *got = doc ? xpath_str(doc, xpath) : NULL;
  CHECK_STR(name, got, want);
  free(got);
  xmlFreeDoc(doc);
}

static char *nest(int levels)
{
  strbuf b = {0};
  sb_add(&b, "{\"version\": 1, \"x\": ");
  for (int i = 1; i < levels; i++) sb_add(&b, i % 2 ? "[" : "{\"a\": ");
  sb_add(&b, "1");
  for (int i = levels - 1; i >= 1; i--) sb_add(&b, i % 2 ? "]" : "}");
  sb_add(&b, "}");
  return sb_detach(&b);
}

static void sample_both_paths(const char *path)
{
  size_t len = 0;
  char *text = read_file(path, LOAD_MAX_BYTES, &len);
  char *name = xasprintf("both_paths %s", path);
  if (text) both_paths(name, text);
  else CHECK(name, 0);
  free(name);
  free(text);
}

int main(void)
{
  util_install_allocators();
  /* the same document with or without a reported key */
  sample_both_paths("samples/xinzheng.json");
  sample_both_paths("samples/dongwu.json");
  sample_both_paths("samples/fuyun.json");
  both_paths("both_paths_order_and_unknown_fields",
             "{\"narrative\": {\"zz\": 1, \"aa\": {\"y\": 2, \"b\": [3, {\"q\": 1, \"c\": true}]},"
             " \"background\": [\"x\"]}, \"cadres\": [{\"unit\": \"u\", \"name\": \"甲\", \"kind\": null}],"
             " \"county\": {\"name\": \"n\", \"code\": \"410184\"}, \"version\": 1}");
  both_paths("both_paths_numbers_by_field",
             "{\"version\": 1.0, \"indicators\": [{\"before\": 7.50, \"after\": 1e3, \"target\": -0,"
             " \"name\": 0.50, \"note\": 12e-1}], \"county\": {\"code\": 410184}, \"extra\": 2.50}");
  both_paths("both_paths_escapes",
             "{\"version\": \"1\", \"n\\u006fte\": \"a\\nb\\t\\\"\\\\\\/\\u00e9\\ud83d\\ude00 \\b\\f\\r\","
             " \"county\": {\"name\": \"raw\ttab and\nline\"}}");
  both_paths("both_paths_empty_values",
             "{\"version\": 1, \"note\": \"\", \"rules\": {}, \"cadres\": [], \"plan\": {\"goals\": [\"\"]}}");
  char *deep = nest(32);
  both_paths("both_paths_32_levels", deep);
  free(deep);

  /* what the reader makes of escapes and numbers */
  text_is("escape_simple", "{\"note\": \"a\\nb\\t\\\"\\\\\\/c\"}", "string(/county-report/note)", "a\nb\t\"\\/c");
  text_is("escape_u_bmp", "{\"note\": \"\\u00e9\\u4e2d\"}", "string(/county-report/note)", "é中");
  text_is("escape_surrogate_pair", "{\"note\": \"\\ud83d\\ude00\"}", "string(/county-report/note)", "\xF0\x9F\x98\x80");
  text_is("escape_in_key", "{\"c\\u006funty\": {\"name\": \"x\"}}", "string(/county-report/county/name)", "x");
  text_is("number_normalised_in_numeric_field", "{\"indicators\": [{\"before\": 7.50}]}",
          "string(/county-report/indicators/indicator/before)", "7.5");
  text_is("number_as_written_in_text_field", "{\"indicators\": [{\"name\": 7.50}]}",
          "string(/county-report/indicators/indicator/name)", "7.50");
  text_is("number_as_written_in_unknown_field", "{\"extra\": 1e3}", "string(/county-report/extra)", "1e3");
  text_is("leading_zero_read_as_cjson_does", "{\"rules\": {\"age_max\": 035}, \"note\": 01}",
          "concat(/county-report/rules/age_max, '|', /county-report/note)", "35|01");
  text_is("version_string_normalised", "{\"version\": \"1.0\"}", "string(/county-report/@version)", "1");
  text_is("version_bool_dropped", "{\"version\": true, \"note\": \"x\"}",
          "concat(count(/county-report/@version), count(/county-report/version))", "00");
  text_is("bom_then_json", "\xEF\xBB\xBF{\"note\": \"x\"}", "string(/county-report/note)", "x");
  text_is("second_bom_skipped_as_cjson_does", "\xEF\xBB\xBF\xEF\xBB\xBF{\"note\": \"x\"}",
          "string(/county-report/note)", "x");
  text_is("unknown_fields_in_name_order", "{\"county\": {\"zeta\": 1, \"name\": \"x\", \"alpha\": 2}}",
          "concat(name(/county-report/county/*[1]), name(/county-report/county/*[2]), name(/county-report/county/*[3]))",
          "namealphazeta");

  /* diagnostics: exactly these */
  says("dup_key", "{\"county\": {\"name\": \"a\", \"code\": \"1\", \"name\": \"b\"}}", (size_t)-1,
       "/county: duplicate key 'name' (members 1 and 3 of this object); expected each key once\n");
  says("dup_key_null", "{\"note\": null, \"note\": \"x\"}", (size_t)-1,
       "/: duplicate key 'note' (members 1 and 2 of this object); expected each key once\n");
  says("dup_key_escaped", "{\"version\": 1, \"vers\\u0069on\": 2}", (size_t)-1,
       "/: duplicate key 'version' (members 1 and 2 of this object); expected each key once\n");
  says("invalid_name", "{\"county\": {\"a b\": 1}}", (size_t)-1,
       "/county/a b: key 'a b' is not a valid name; expected a name of letters, digits, '_' and '-'\n");
  says("null_in_array", "{\"cadres\": [{\"name\": \"x\"}, null]}", (size_t)-1,
       "/cadres/1: null in an array; expected a value\n");
  says("type_error", "{\"county\": [1], \"period\": {\"year\": \"2021\"}}", (size_t)-1,
       "/county: found an array; expected an object\n"
       "/period/year: found a string; expected a year from 1949 to 2100\n");
  says("number_trailing_point", "{\"indicators\": [{\"before\": 7.}]}", (size_t)-1,
       "/indicators/0/before: '7.' is not a JSON number; expected digits, an optional fraction and exponent\n");
  /* a number beyond the range read is kept as written, for validate to report
   * in the same words as for the XML form */
  text_is("number_out_of_range_kept", "{\"indicators\": [{\"before\": 1e41}]}",
          "string(/county-report/indicators/indicator/before)", "1e41");
  deep = nest(33);
  says("depth_33_refused", deep, (size_t)-1,
       "1:127: nesting deeper than 32 levels; expected at most that many\n");
  free(deep);
  says("lone_high_surrogate", "{\"note\": \"\\ud83d\"}", (size_t)-1,
       "1:11: JSON syntax error at '\\ud83d\"}'; expected a JSON value\n");
  says("lone_low_surrogate", "{\"note\": \"x\\ude00y\"}", (size_t)-1,
       "1:12: JSON syntax error at '\\ude00y\"}'; expected a JSON value\n");
  says("high_surrogate_then_text", "{\"note\": \"\\ud83d\\u0041\"}", (size_t)-1,
       "1:11: JSON syntax error at '\\ud83d\\u0041'; expected a JSON value\n");
  says("escaped_nul", "{\"note\": \"a\\u0000b\"}", (size_t)-1,
       "1:12: \\u0000 in a string (at byte offset 11); expected text without NUL characters\n");
  says("escaped_control", "{\"note\": \"a\\u001fb\"}", (size_t)-1,
       "1:12: escaped control character \\u001f in a string (at byte offset 11); expected text without control characters\n");
  says("bad_u_escape", "{\"note\": \"a\\u12x4\"}", (size_t)-1,
       "1:12: invalid escape '\\u12x4' in a string; expected \\u and four hexadecimal digits\n");
  says("unknown_escape", "{\"note\": \"a\\x\"}", (size_t)-1,
       "1:13: JSON syntax error at 'x\"}'; expected an escape such as \\n or \\u00e9\n");
  says("raw_control", "{\"note\": \"a\001b\"}", (size_t)-1,
       "1:12: control character U+0001 at byte offset 11; expected text without control characters\n");
  says("raw_delete", "{\"note\": \"a\177b\"}", (size_t)-1,
       "1:12: control character U+007F at byte offset 11; expected text without control characters\n");
  says("bad_utf8_in_string", "{\"note\": \"a\xE4\xB8\"}", (size_t)-1,
       "1:12: invalid UTF-8 byte 0xE4 at byte offset 11; expected UTF-8 text (convert a GBK or GB18030 file first)\n");
  says("trailing_garbage", "{\"version\": 1} x", (size_t)-1,
       "1:16: JSON syntax error at 'x'; expected the end of the file after the top-level value\n");
  says("trailing_comma", "{\"version\": 1,}", (size_t)-1,
       "1:15: JSON syntax error at '}'; expected a member name in double quotes\n");
  says("truncated", "{\"version\": 1", (size_t)-1,
       "1:14: the file ends inside a JSON value; expected ',' or '}'\n");
  says("top_level_array", "[{\"version\": 1}]", (size_t)-1,
       "/: the top level is an array; expected an object\n");
  says("empty_file", "", 0, "1:1: the file ends inside a JSON value; expected a value\n");
  /* places on later lines, columns counted in characters */
  says("place_line_2", "{\n  \"note\": \"a\\u0000b\"\n}", (size_t)-1,
       "2:13: \\u0000 in a string (at byte offset 14); expected text without NUL characters\n");
  says("place_line_2_syntax", "{\"county\": {\"name\": \"新郑\",\n\"code\" \"1\"}}", (size_t)-1,
       "2:8: JSON syntax error at '\"1\"}}'; expected ':' after the member name\n");
  says("place_column_in_characters", "{\"note\": \"新郑\" x}", (size_t)-1,
       "1:15: JSON syntax error at 'x}'; expected ',' or '}'\n");
  char *s65536 = xmalloc(65536 + 32), *s65537 = xmalloc(65537 + 32);
  snprintf(s65536, 65536 + 32, "{\"note\": \"%0*d\"}", 65536, 0);
  snprintf(s65537, 65537 + 32, "{\"note\": \"%0*d\"}", 65537, 0);
  says("string_of_65536_bytes", s65536, (size_t)-1, "");
  says("string_of_65537_bytes", s65537, (size_t)-1,
       "1:10: a string of 65537 bytes; expected at most 65536\n");
  free(s65536);
  free(s65537);
  return test_status();
}
