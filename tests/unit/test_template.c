/* test_template.c: template loading and expansion cases that golden files do
 * not express well: malformed XML and DOCTYPEs (libxml2 words the message),
 * the include depth limit, the nesting limit, the XPath operation limit, the
 * output bound, and one template expanded for several counties. */
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
  CHECK("template_op_limit", strstr(out, "ERROR 2: XPath expression fails") == out &&
                             strstr(out, "operation limit exceeded") != NULL);
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
            "ERROR 3: the document grows beyond 10000 nodes or 67108864 bytes; stopped");
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

/* The placeholders expansion evaluates without XPath ("name", "a/b", ".",
 * "position()", also as sort keys; template.c find_shortcut) give what XPath gives: the same template
 * with every one in parentheses (which XPath evaluates) makes the same tree,
 * on data with repeated, missing, empty, mixed and namespaced elements. */
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
  strbuf plain = {0}, paren = {0};
  for (int k = 0; k < 2; k++) {
    strbuf *t = k ? &paren : &plain;
    const char *open = k ? "{(" : "{", *close = k ? ")}" : "}";
    sb_addf(t, "<document kind=\"r\">\n<for-each select=\"item\" sort=\"%sname%s\"><p>", k ? "(" : "",
            k ? ")" : "");
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
      sb_addf(t, "[%s%s%s]", open, forms[i], close);
    sb_addf(t, "</p></for-each>\n<for-each select=\"item/text()\"><p>[%s.%s][%sposition()%s]</p></for-each>\n"
            "</document>\n", open, close, open, close);
  }
  char *a = load_expand(sb_str(&plain), data, NULL);
  char *b = load_expand(sb_str(&paren), data, NULL);
  CHECK_STR("template_shortcuts_as_xpath", a, b);
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
  free(b);
  sb_free(&plain);
  sb_free(&paren);
}

/* A loop over more items than the loop limit (100,000) stops with its line. */
static void test_loop_limit(void)
{
  char *data = repeat_data("<b/>", 100001);
  char *out = load_expand("<document kind=\"r\">\n<for-each select=\"a/b\"><p>x</p></for-each>\n"
                          "</document>\n", data, NULL);
  CHECK_STR("template_loop_limit", out,
            "ERROR 2: for-each over 100001 items (at most 100000): 'a/b'");
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
  test_mangled();
  test_reuse();
  char *cmd = xasprintf("rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("FAIL template_cleanup: %s\n", dir);
  free(cmd);
  xmlCleanupParser();
  return test_status();
}
