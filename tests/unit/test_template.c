/* test_template.c: template loading and expansion cases that golden files do
 * not express well: malformed XML and DOCTYPEs (libxml2 words the message),
 * the include depth limit, the nesting limit, the operation budget (its
 * floor and its growth with the data), the output bound, one template expanded for several counties, and the values
 * of common expression forms. */
/* checks: 31 */
#include "diag.h"
#include "doctree.h"
#include "template.h"
#include "util.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

static char dir[64];

/* Writes text to dir/name and returns the path (caller frees). */
static char *put(const char *name, const char *text)
{
  char *path = xasprintf("%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
  return path;
}

/* The first diagnostic as "place: msg", or "" when there is none; borrowed. */
static const char *first_diag(const diag_list *d)
{
  static char buf[1024];
  const diag *g = diag_count(d) ? diag_get(d, 0) : NULL;
  if (!g) return "";
  snprintf(buf, sizeof buf, "%s: %s", g->place ? g->place : "-", g->msg);
  return buf;
}

/* Loads text as a template; returns its first diagnostic ("" if it loaded). */
static const char *load_error(const char *text)
{
  char *path = put("t.xml", text);
  diag_list *d = diag_new("data", 0);
  template *t = template_load(path, NULL, d);
  static char buf[1024];
  snprintf(buf, sizeof buf, "%s", t ? "" : first_diag(d));
  template_free(t);
  diag_free(d);
  free(path);
  return buf;
}

static xmlDocPtr data_doc(const char *xml)
{
  return xmlReadMemory(xml, (int)strlen(xml), "data.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
}

/* Expands t against xml; returns the dump, or "ERROR place: msg". */
static char *expand_dump(const template *t, const char *xml)
{
  xmlDocPtr data = data_doc(xml);
  diag_list *d = diag_new("data", 0);
  xmlDocPtr tree = template_expand(t, data, d);
  char *out = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&out, &n);
  if (tree) doctree_dump(tree, f);
  else fprintf(f, "ERROR %s", first_diag(d));
  fclose(f);
  xmlFreeDoc(tree);
  xmlFreeDoc(data);
  diag_free(d);
  return out;
}

static void test_malformed(void)
{
  const char *e = load_error("<document kind=\"r\">\n<p>\n</document>\n");
  CHECK("template_malformed_line", strncmp(e, "3: malformed XML: ", 18) == 0);
  e = load_error("<document kind=\"r\">\n<p>a &nosuch; b</p>\n</document>\n");
  CHECK("template_undeclared_entity", strncmp(e, "2: malformed XML: ", 18) == 0);
  e = load_error("<!DOCTYPE document [<!ENTITY x \"y\">]>\n<document kind=\"r\"><p>&x;</p></document>\n");
  CHECK_STR("template_doctype_refused", e, "1: a template must not have a DOCTYPE");
  e = load_error("");
  CHECK("template_empty_file", strncmp(e, "1: malformed XML: ", 18) == 0);
  e = load_error("<document kind=\"Report 1\"/>");
  CHECK_STR("template_bad_kind", e,
            "1: kind must be a short name of a-z, 0-9, '-' and '_', not 'Report 1'");
}

/* A template in memory; its includes resolve relative to the name given. */
static void test_buffer(void)
{
  free(put("piece.xml", "<fragment><p>{county/name}</p></fragment>"));
  const char *text = "<document kind=\"mem\">\n<include href=\"piece.xml\"/>\n</document>\n";
  char *name = xasprintf("%s/virtual.xml", dir);
  diag_list *d = diag_new("data", 0);
  template *t = template_load_buffer(text, strlen(text), name, NULL, d);
  CHECK_STR("template_buffer_kind", t ? template_kind(t) : NULL, "mem");
  if (t) {
    char *out = expand_dump(t, "<county-report><county><name>富蕴县</name></county></county-report>");
    CHECK_STR("template_buffer_include", out, "document\n  p\n    \"富蕴县\"\n");
    free(out);
  }
  template_free(t);
  t = template_load_buffer("<document", 9, "cut.xml", NULL, d);
  const diag *g = diag_count(d) ? diag_get(d, 0) : NULL;
  CHECK("template_buffer_malformed", !t && g && strcmp(g->file, "cut.xml") == 0 &&
                                     strncmp(g->msg, "malformed XML: ", 15) == 0);
  template_free(t);
  diag_free(d);
  free(name);
}

static void test_kind(void)
{
  char *path = put("k.xml", "<document kind=\"staffing\"><p>x</p></document>");
  diag_list *d = diag_new("data", 0);
  template *t = template_load(path, NULL, d);
  CHECK_STR("template_kind", t ? template_kind(t) : NULL, "staffing");
  template_free(t);
  free(path);
  path = put("k.xml", "<document><p>x</p></document>");
  t = template_load(path, NULL, d);
  CHECK_STR("template_kind_default", t ? template_kind(t) : NULL, "document");
  template_free(t);
  free(path);
  diag_free(d);
}

/* A chain main -> f1 -> ... -> f10: deeper than the include limit (8). */
static void test_include_depth(void)
{
  for (int i = 1; i <= 10; i++) {
    char name[32], text[160];
    snprintf(name, sizeof name, "f%d.xml", i);
    snprintf(text, sizeof text, "<fragment><p>%d</p><include href=\"f%d.xml\"/></fragment>", i, i + 1);
    if (i == 10) snprintf(text, sizeof text, "<fragment><p>10</p></fragment>");
    free(put(name, text));
  }
  const char *e = load_error("<document kind=\"r\">\n<include href=\"f1.xml\"/>\n</document>\n");
  CHECK("template_include_depth", strstr(e, "includes nested more than 8 deep") != NULL);
  /* a chain of 4 is fine and expands in order */
  free(put("f4.xml", "<fragment><p>4</p></fragment>"));
  char *path = put("t.xml", "<document kind=\"r\"><include href=\"f2.xml\"/></document>");
  diag_list *d = diag_new("data", 0);
  template *t = template_load(path, NULL, d);
  CHECK("template_include_chain_loads", t != NULL);
  if (t) {
    char *out = expand_dump(t, "<county-report/>");
    CHECK_STR("template_include_chain_expands", out,
              "document\n  p\n    \"2\"\n  p\n    \"3\"\n  p\n    \"4\"\n");
    free(out);
  }
  template_free(t);
  diag_free(d);
  free(path);
}

static void test_nesting(void)
{
  strbuf b = {0};
  sb_add(&b, "<document kind=\"r\">");
  for (int i = 0; i < 70; i++) sb_add(&b, "<keep>");
  for (int i = 0; i < 70; i++) sb_add(&b, "</keep>");
  sb_add(&b, "</document>");
  const char *e = load_error(sb_str(&b));
  CHECK("template_nesting_limit", strstr(e, "elements nested more than 64 deep") != NULL);
  sb_free(&b);
}

/* Loads tpl and expands it against xml; returns the dump, "ERROR ..." or
 * "LOAD ERROR ..." (caller frees). */
static char *load_expand(const char *tpl, const char *xml, const template_opts *opts)
{
  char *path = put("t.xml", tpl);
  diag_list *d = diag_new("data", 0);
  template *t = template_load(path, opts, d);
  char *out = t ? expand_dump(t, xml) : xasprintf("LOAD ERROR %s", first_diag(d));
  template_free(t);
  diag_free(d);
  free(path);
  return out;
}

/* A data document holding n copies of item inside <county-report><a>. */
static char *repeat_data(const char *item, int n)
{
  strbuf x = {0};
  sb_add(&x, "<county-report><a>");
  for (int i = 0; i < n; i++) sb_add(&x, item);
  sb_add(&x, "</a></county-report>");
  return sb_detach(&x);
}

static void test_op_limit(void)
{
  char *data = repeat_data("<cadre><name>甲</name><post>委员</post></cadre>", 200);
  char *out = load_expand("<document kind=\"r\">\n"
                          "<p>{count(//cadre[count(//cadre[count(//name) &gt; 0]) &gt; 0])}</p>\n"
                          "</document>\n", data, NULL);
  /* 200 x 200 x 1,000 steps, past the floor of 4,000,000 (the data has 1,002 nodes) */
  CHECK_STR("template_op_budget", out,
            "ERROR 2: the operation budget of 4000000 is spent (100 per data node, 1002 nodes, "
            "at least 4000000); the r document of data is not made");
  free(out);
  free(data);
}

static void test_output_bound(void)
{
  /* 100 x 100 paragraphs with their texts: 20,001 nodes, past a bound of 10,000 */
  char *data = repeat_data("<b/>", 100);
  template_opts opts = { .max_nodes = 10000 };
  char *out = load_expand("<document kind=\"r\">\n<for-each select=\"a/b\">\n"
                          "<for-each select=\"/county-report/a/b\"><p>x</p></for-each>\n"
                          "</for-each>\n</document>\n", data, &opts);
  CHECK_STR("template_output_bound", out,
            "ERROR 3: the document grows beyond 10000 nodes or 67108864 bytes; "
            "the r document of data is not made");
  free(out);
  free(data);
}

/* A bare path at the root of a document of 510,000 elements: one step, not a
 * walk of the whole document past the operation limit (500,000). */
static void test_bare_path_large(void)
{
  strbuf x = {0};
  sb_add(&x, "<county-report><county><name>新郑市</name></county><a>");
  for (int i = 0; i < 510000; i++) sb_add(&x, "<b/>");
  sb_add(&x, "</a></county-report>");
  char *out = load_expand("<document kind=\"r\"><p>{county/name}</p></document>", sb_str(&x), NULL);
  CHECK_STR("template_bare_path_large_document", out, "document\n  p\n    \"新郑市\"\n");
  free(out);
  sb_free(&x);
}

/* Plain paths, "." and "position()", also as sort keys, on data with
 * repeated, missing, empty, mixed and namespaced elements. */
static void test_shortcuts(void)
{
  const char *data =
    "<county-report>"
    "<item><name>甲</name><name>乙</name><a><c>no</c></a><a><b>first</b><b>second</b></a>"
    "<mixed>x<i>y</i>z</mixed></item>"
    "<item xmlns:x=\"urn:x\"><x:name>ns</x:name><name xmlns=\"urn:y\">dflt</name><name/>"
    "<name>later</name><a/><mixed/></item>"
    "<item>text<name>丙</name><a><b>only</b></a></item>"
    "</county-report>";
  const char *forms[] = { "name", "a/b", ".", "position()", "mixed", "none", "a/b/none", "mixed/i" };
  strbuf t = {0};
  sb_add(&t, "<document kind=\"r\">\n<for-each select=\"item\" sort=\"name\"><p>");
  for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) sb_addf(&t, "[{%s}]", forms[i]);
  sb_add(&t, "</p></for-each>\n<for-each select=\"item/text()\"><p>[{.}][{position()}]</p></for-each>\n"
             "</document>\n");
  char *a = load_expand(sb_str(&t), data, NULL);
  /* sorted by name: "" (the namespaced names do not count), 丙, 甲 */
  CHECK_STR("template_shortcuts_values", a,
            "document\n  p\n    \"[][][nsdfltlater][1][][][][]\"\n"
            "  p\n    \"[丙][only][text丙only][2][][][][]\"\n"
            "  p\n    \"[甲][first][甲乙nofirstsecondxyz][3][xyz][][][y]\"\n"
            "  p\n    \"[text][1]\"\n");
  template_opts strict = { .strict = 1 };
  char *e = load_expand("<document kind=\"r\"><p>{county/none}</p></document>", data, &strict);
  CHECK_STR("template_shortcut_strict", e, "ERROR 1: placeholder {county/none} yields nothing");
  free(e);
  free(a);
  sb_free(&t);
}

/* Expands tpl (strict when asked) against xml; returns the dump, or every
 * diagnostic ("ERROR place: msg" lines). */
static char *expand_all(const char *tpl, const char *xml, int strict)
{
  template_opts opts = { .strict = strict };
  char *path = put("t.xml", tpl);
  diag_list *d = diag_new("data", 0);
  template *t = template_load(path, &opts, d);
  char *out;
  if (!t) {
    out = xasprintf("LOAD ERROR %s", first_diag(d));
  } else {
    xmlDocPtr data = data_doc(xml);
    xmlDocPtr tree = template_expand(t, data, d);
    strbuf b = {0};
    if (tree) {
      char *mem = NULL;
      size_t n = 0;
      FILE *f = open_memstream(&mem, &n);
      doctree_dump(tree, f);
      fclose(f);
      sb_add(&b, mem);
      free(mem);
    }
    for (int i = 0; i < diag_count(d); i++) {
      const diag *g = diag_get(d, i);
      sb_addf(&b, "ERROR %s: %s\n", g->place ? g->place : "-", g->msg);
    }
    out = sb_detach(&b);
    xmlFreeDoc(tree);
    xmlFreeDoc(data);
  }
  template_free(t);
  diag_free(d);
  free(path);
  return out;
}

/* The data of the expression tests: repeated, missing, empty, mixed and
 * namespaced elements, an attribute of a field's name, text beside elements,
 * white space around values, Chinese text, units with ids as elements and as
 * attributes. */
static const char FORMS_DATA[] =
  "<county-report>"
  "<units><unit><id>u1</id><name>一号单位</name></unit><unit id=\"u2\" name=\"二号单位\"/>"
  "<unit><id>u1</id><name>重复的一号</name></unit></units>"
  "<item><name>甲</name><name>乙</name><code>ab-c</code><date>二〇二四-01-02</date>"
  "<a><c>no</c></a><a><b>first</b><b>second</b></a><mixed>x<i>y</i>z</mixed><empty/>"
  "<unit> u1 </unit><note>  two  words </note></item>"
  "<item xmlns:x=\"urn:x\"><x:name>ns</x:name><name xmlns=\"urn:y\">dflt</name><name/>"
  "<name>later</name><a/><mixed/><unit>u2</unit><code>a</code></item>"
  "<item>text<name>丙</name><a><b>only</b></a><code>aa</code><unit>u9</unit><empty></empty>"
  "<date>2024-1</date></item>"
  "<item name=\"attr\"><code>--</code><unit/><date>𠀀𠀁-𠀂</date></item>"
  "</county-report>";

/* A template that puts every form of forms[] in the test context: as
 * placeholders in a text and an attribute, for-each selects, if tests,
 * variables, and sort keys. */
static char *forms_template(const char *const *forms, size_t n, const char *const *tests, size_t nt)
{
  strbuf t = {0};
  sb_add(&t, "<document kind=\"r\">\n<for-each select=\"item\" sort=\"code\">\n");
  static const char *const vars[][2] = {
    { "w", "code" }, { "u", "unit" }, { "n", "count(a/b)" }, { "s", "concat(code, '!')" },
    { "t", "name = '甲'" }, { "m", "a/b" }, { "e", "none" }, { "pos", "position()" }, { "lit", "'x'" },
  };
  for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
    sb_addf(&t, "<var name=\"%s\" select=\"%s\"/>\n", vars[i][0], vars[i][1]);
  sb_add(&t, "<for-each select=\"rg:lookup('units/unit', 'id', $u)\"><p>{name}</p></for-each>\n<p>");
  for (size_t i = 0; i < n; i++) sb_addf(&t, "[{%s}]", forms[i]);
  sb_add(&t, "</p>\n");
  for (size_t i = 0; i < nt; i++) sb_addf(&t, "<if test=\"%s\"><p>if %zu</p></if>\n", tests[i], i);
  sb_add(&t, "<var name=\"v\" select=\"a/b\"/><heading level=\"1\" number=\"{name}\">{$v}/{count($v)}</heading>\n"
             "<for-each select=\"a/b\"><p>{position()}/{last()}: {.}</p></for-each>\n</for-each>\n");
  sb_add(&t, "<for-each select=\"item/text()\">"
             "<p>[{.}][{. = 'text'}][{translate(., 't', 'T')}][{rg:if(., 'x')}][{position()}]</p></for-each>\n");
  sb_add(&t, "<for-each select=\"item\" sort=\"translate(date, '-', '')\" order=\"descending\">"
             "<p>{date}</p></for-each>\n</document>\n");
  return sb_detach(&t);
}

/* Common forms of placeholders, tests, selects, sort keys and variables give
 * the values worked out by hand, also under --strict. */
static void test_forms(void)
{
  static const char *const forms[] = {
    "name", "a/b", ".", "position()", "last()", "mixed", "none", "a/b/none", "mixed/i", "empty",
    "7", "'lit'", "\"double\"", " name ", "note",
    "name = '甲'", "name != '甲'", "'甲' = name", "none = ''", "none != ''", "empty = ''",
    "empty != ''", "a/b = 'second'", "a/b != 'first'", "a/b!='first'", "'x' = 'x'", "'x' != 'y'",
    "code = translate('AB-C', 'ABC', 'abc')", "translate(code, 'a', 'b') = 'bb'", "mixed = 'xyz'",
    "note = 'two words'", "unit = 'u1'",
    "not(name)", "not(none)", "not(empty)", "not('')", "not(name = '乙')", "not(7)", "not(position())",
    "translate(code, 'abc-', 'ABC')", "translate(date, '-二〇', '.两零')", "translate(name, '甲乙', '')",
    "translate(code, 'aa', 'xy')", "translate(date, '𠀀-', '𠀂')", "translate(mixed, 'xz', 'XZ')",
    "translate(none, 'a', 'b')", "translate(code, '', 'abc')",
    "substring(date, 1, 7)", "substring(date, 0, 3)", "substring(date, 6)", "substring(date, 20)",
    "substring(name, 2, 0)", "substring(date, 3, 999999999)", "substring(date, 0)", "substring(date, 0, 1)",
    "substring(date, 2, 2)", "substring(translate(date, '-', '.'), 1, 7)", "substring('', 1, 1)",
    "rg:if(name, 'has')", "rg:if(empty, 'empty is true', 'no')", "rg:if('', 'x', 'y')",
    "rg:if(none, 'x')", "rg:if(name = '甲', name, a/b)", "rg:if(not(none), position())",
    "rg:if(last(), last(), 'z')", "rg:if(name = '甲', name = '乙', 'no')", "rg:if(a/b, 7)",
    "rg:if-empty(none, '—')", "rg:if-empty(empty, '—')", "rg:if-empty(name, '—')",
    "rg:if-empty(rg:if(none, 'x'), code)",
    "rg:unit-name(unit)", "rg:unit-name(none)", "rg:unit-name('u2')", "rg:unit-name(' u1 ')",
    "rg:unit-name(name)", "rg:unit-name(rg:if(unit = 'u2', 'u1', unit))",
    "rg:if ( name = '甲' , 'spaced' )", "rg:if(\n name\n, 'lines')", "not (name)",
    "rg:if($w, $w, 'none')", "rg:if($n, $n)", "rg:if-empty($s, 'x')", "translate($t, 'tru', 'TRU')",
    "substring($m, 1, 3)", "rg:if($e, 'e', 'no e')", "rg:if-empty($e, 'empty e')", "substring($pos, 1)",
    "translate($lit, 'x', 'y')", "rg:unit-name($u)", "not($t)", "not($m)", "rg:if($lit, $n, $t)",
    "rg:lookup('units/unit', 'id', $u)", "rg:lookup('units/unit', 'id', ' u1 ')",
    "rg:lookup(' units/unit ', ' id ', 'u1')", "rg:lookup('units/unit', 'id', unit)",
    "rg:if(rg:lookup('units/unit', 'id', unit), 'known', 'unknown')", "rg:lookup('', 'id', 'u1')",
    "rg:lookup('units/unit', 'id', 'u1') = 'u1重复的一号'", "rg:lookup('units/unit', 'id', 'u1') != 'u1一号单位'",
    "rg:lookup('units/unit', 'name', rg:unit-name('u2'))", "rg:lookup('/county-report/units/unit', 'id', $w)",
  };
  static const char *const tests[] = {
    "name", "none", "empty", "name = '甲'", "name != '甲'", "not(a/b)", "a/b = 'only'", "position()",
    "7", "'x' = name", "mixed/i", "not($t)", "rg:lookup('units/unit', 'id', $u)", "rg:if($m, 'm')",
  };
  size_t nf = sizeof forms / sizeof *forms, nt = sizeof tests / sizeof *tests;
  char *plain = forms_template(forms, nf, tests, nt);
  for (int strict = 0; strict < 2; strict++) {
    char *a = expand_all(plain, FORMS_DATA, strict);
    if (strict) {
      CHECK("template_forms_strict_errors", strstr(a, ": placeholder {note} yields nothing\n") &&
                                            !strstr(a, "rg:if(none, 'x')"));
    } else {
      CHECK("template_forms_values",
            strstr(a, "[甲][first][甲乙ab-c二〇二四-01-02nofirstsecondxyz u1   two  words ][4][4][xyz][][][y]") &&
            strstr(a, "[ABC][两零两四.01.02][][xb-c][二〇二四0102][XyZ][][ab-c][二〇二四-01][二〇][01-02][][]"
                      "[二四-01-02]") &&
            strstr(a, "[𠀂𠀁𠀂]") && strstr(a, "[一号单位][][二号单位][一号单位][][一号单位][spaced][lines][false]") &&
            strstr(a, "[text][true][TexT][x][1]") && strstr(a, "\"1/2: first\""));
    }
    free(a);
  }
  free(plain);
}

/* rg:lookup of a path it cannot index fails with XPath's message. */
static void test_lookup_fails(void)
{
  /* item 1's note, "two  words", is no path */
  char *out = expand_all("<document kind=\"r\">\n<for-each select=\"item\">\n"
                         "<p>{rg:lookup(note, 'id', 'x')}</p>\n</for-each>\n</document>\n", FORMS_DATA, 0);
  CHECK("template_lookup_fails_message",
        strstr(out, "ERROR 3: XPath expression fails: 'rg:lookup(note, 'id', 'x')': invalid type") == out);
  free(out);
}

/* A comparison over many children gives its value whatever their number:
 * the budget grows with the data (510,000 children were past the former
 * limit of 500,000 operations per expression). */
static void test_many_children(void)
{
  for (int k = 0; k < 2; k++) {
    char *data = repeat_data("<b/>", k ? 510000 : 300000);
    char *out = expand_all("<document kind=\"r\">\n<for-each select=\"a\">\n"
                           "<p>[{b = 'x'}][{rg:if(b, 'some')}]</p>\n</for-each></document>\n", data, 0);
    CHECK_STR(k ? "template_many_children_past_floor" : "template_many_children_value", out,
              "document\n  p\n    \"[false][some]\"\n");
    free(out);
    free(data);
  }
}

/* A loop has no bound of its own: 100,001 items are expanded (each is an
 * operation of the budget). A loop that compares every item with every
 * other (3,000 x 3,000) spends the budget, at the loop's line. */
static void test_loop_limit(void)
{
  char *data = repeat_data("<b/>", 100001);
  char *out = load_expand("<document kind=\"r\">\n<for-each select=\"a/b\"><p>x</p></for-each>\n"
                          "</document>\n", data, NULL);
  size_t count = 0;
  for (const char *p = out; (p = strstr(p, "\n  p\n    \"x\"")) != NULL; p++) count++;
  CHECK("template_loop_no_item_limit", strncmp(out, "document\n", 9) == 0 && count == 100001);
  free(out);
  free(data);
  data = repeat_data("<b/>", 3000);
  out = load_expand("<document kind=\"r\">\n<for-each select=\"a/b\">\n<for-each select=\"../b\">"
                    "</for-each></for-each>\n</document>\n", data, NULL);
  CHECK_STR("template_quadratic_loop_budget", out,
            "ERROR 3: the operation budget of 4000000 is spent (100 per data node, 3002 nodes, "
            "at least 4000000); the r document of data is not made");
  free(out);
  free(data);
}

/* Templates with bytes changed at pseudo-random places load or fail with a
 * diagnostic, never crash or leak (the sanitized run checks the latter). */
static void test_mangled(void)
{
  char *good = read_file("tests/templates/vocabulary.xml", 1 << 20, NULL);
  CHECK("template_mangled_source", good != NULL);
  if (!good) return;
  size_t n = strlen(good);
  static const char BYTES[] = "<>{}/\"'&=$()[]:@ \nrg0";
  unsigned seed = 12345;
  int ok = 1;
  for (int round = 0; round < 300; round++) {
    char *bad = xstrdup(good);
    for (int k = 0; k < 3; k++) {
      seed = seed * 1103515245u + 12345u;
      size_t at = (seed >> 8) % n;
      seed = seed * 1103515245u + 12345u;
      bad[at] = BYTES[(seed >> 8) % (sizeof BYTES - 1)];
    }
    diag_list *d = diag_new("data", 0);
    template *t = template_load_buffer(bad, n, "mangled.xml", NULL, d);
    if (!t && diag_errors(d) == 0) ok = 0;   /* a failure always says why */
    if (t) {
      char *out = expand_dump(t, "<county-report><county><name>x</name></county></county-report>");
      free(out);
    }
    template_free(t);
    diag_free(d);
    free(bad);
  }
  CHECK("template_mangled_templates", ok);
  free(good);
}

/* One template, two counties: each expansion starts afresh (numbers, variables). */
static void test_reuse(void)
{
  char *path = put("t.xml",
                   "<document kind=\"r\"><var name=\"n\" select=\"county/name\"/>"
                   "<heading level=\"1\">{$n}</heading><heading level=\"2\">{county/code}</heading></document>");
  diag_list *d = diag_new("data", 0);
  template *t = template_load(path, NULL, d);
  if (t) {
    char *a = expand_dump(t, "<county-report><county><code>410184</code><name>新郑市</name></county></county-report>");
    char *b = expand_dump(t, "<county-report><county><code>652322</code><name>富蕴县</name></county></county-report>");
    CHECK_STR("template_reuse_first", a,
              "document\n  heading level=\"1\" number=\"一、\"\n    \"新郑市\"\n"
              "  heading level=\"2\" number=\"（一）\"\n    \"410184\"\n");
    CHECK_STR("template_reuse_second", b,
              "document\n  heading level=\"1\" number=\"一、\"\n    \"富蕴县\"\n"
              "  heading level=\"2\" number=\"（一）\"\n    \"652322\"\n");
    free(a);
    free(b);
    /* an expanded tree shares the template's dictionary of names, and
     * outlives the template */
    xmlDocPtr data =
      data_doc("<county-report><county><code>1</code><name>x</name></county></county-report>");
    xmlDocPtr tree = template_expand(t, data, d);
    template_free(t);
    t = NULL;
    char *c = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&c, &n);
    if (tree) doctree_dump(tree, f);
    fclose(f);
    CHECK_STR("template_tree_outlives_template", c,
              "document\n  heading level=\"1\" number=\"一、\"\n    \"x\"\n"
              "  heading level=\"2\" number=\"（一）\"\n    \"1\"\n");
    free(c);
    xmlFreeDoc(tree);
    xmlFreeDoc(data);
  } else {
    CHECK("template_reuse_loads", 0);
  }
  template_free(t);
  diag_free(d);
  free(path);
}

int main(void)
{
  snprintf(dir, sizeof dir, "%s/rgtpl.XXXXXX", getenv("TMPDIR") ? "/tmp" : "/tmp");
  if (!mkdtemp(dir)) {
    printf("FAIL template_tmpdir: cannot create %s\n", dir);
    return 1;
  }
  test_malformed();
  test_kind();
  test_buffer();
  test_include_depth();
  test_nesting();
  test_op_limit();
  test_output_bound();
  test_bare_path_large();
  test_loop_limit();
  test_shortcuts();
  test_forms();
  test_lookup_fails();
  test_many_children();
  test_mangled();
  test_reuse();
  char *cmd = xasprintf("rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("FAIL template_cleanup: %s\n", dir);
  free(cmd);
  xmlCleanupParser();
  return test_status();
}
