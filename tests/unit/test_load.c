/* test_load.c: the load stage. The same data in JSON and in XML gives the same
 * document (compared canonically, C14N), numbers are normalised, places name
 * the node in the form the input was written in, and hostile input is
 * refused: billion laughs, an external entity, 100,000-deep nesting. */
/* checks: 40 */
#include "load.h"
#include "schema.h"
#include "util.h"
#include "test.h"
#include "test_load_helpers.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/c14n.h>

/* Returns the C14N text of a document (caller frees with xmlFree), or NULL. */
static xmlChar *canonical(xmlDocPtr doc)
{
  xmlChar *out = NULL;
  if (!doc || xmlC14NDocDumpMemory(doc, NULL, XML_C14N_1_0, NULL, 0, &out) < 0) return NULL;
  return out;
}

/* PASS when both texts load without errors into canonically equal documents. */
static void same_doc(const char *name, const char *a, input_format fa, const char *b, input_format fb)
{
  xmlDocPtr da = load_text(a, fa, NULL), db = load_text(b, fb, NULL);
  xmlChar *ca = canonical(da), *cb = canonical(db);
  int ok = ca && cb && strcmp((const char *)ca, (const char *)cb) == 0;
  CHECK(name, ok);
  if (!ok) printf("    A: %s\n    B: %s\n", ca ? (const char *)ca : "(null)", cb ? (const char *)cb : "(null)");
  xmlFree(ca);
  xmlFree(cb);
  xmlFreeDoc(da);
  xmlFreeDoc(db);
}

static void check_norm(const char *in, const char *want)
{
  strbuf b = {0};
  char name[64];
  snprintf(name, sizeof name, "norm_number %s", in);
  int rc = schema_norm_number(in, strlen(in), &b);
  if (want) CHECK_STR(name, rc == 0 ? sb_str(&b) : "(refused)", want);
  else CHECK(name, rc != 0);
  sb_free(&b);
}

/* Loads a hostile text: PASS when it is refused (no document) with an error
 * containing msg. */
static void refused(const char *name, const char *text, size_t len, input_format fmt, const char *msg)
{
  diag_list *d = diag_new("hostile", 100);
  if (len == (size_t)-1) len = strlen(text);
  xmlDocPtr doc = load_buffer(text, len, "hostile", fmt, d);
  int found = 0;
  for (int i = 0; i < diag_count(d); i++)
    if (diag_get(d, i)->level == DIAG_ERROR && strstr(diag_get(d, i)->msg, msg)) found = 1;
  CHECK(name, !doc && found);
  if (doc || !found) diag_print(d, stdout);
  xmlFreeDoc(doc);
  diag_free(d);
}

static char *repeat(const char *a, int n, const char *mid, const char *b)
{
  strbuf s = {0};
  for (int i = 0; i < n; i++) sb_add(&s, a);
  sb_add(&s, mid);
  for (int i = 0; i < n; i++) sb_add(&s, b);
  return sb_detach(&s);
}

static void sample_pair(const char *base)
{
  char *jp = xasprintf("samples/%s.json", base), *xp = xasprintf("samples/%s.xml", base);
  diag_list *d = diag_new(jp, 100);
  xmlDocPtr dj = load_file(jp, d), dx = load_file(xp, d);
  xmlChar *cj = canonical(dj), *cx = canonical(dx);
  char *name = xasprintf("sample_%s_json_equals_xml", base);
  CHECK(name, cj && cx && diag_errors(d) == 0 && strcmp((const char *)cj, (const char *)cx) == 0);
  free(name);
  xmlFree(cj);
  xmlFree(cx);
  xmlFreeDoc(dj);
  xmlFreeDoc(dx);
  diag_free(d);
  free(jp);
  free(xp);
}

int main(void)
{
  /* numbers: shortest exact decimal text */
  check_norm("17.0", "17");
  check_norm("0.250", "0.25");
  check_norm("-0", "0");
  check_norm("1e3", "1000");
  check_norm("1.5E-2", "0.015");
  check_norm("007", "7");
  check_norm("-12.50", "-12.5");
  check_norm("1e999", NULL);
  check_norm("12abc", NULL);
  check_norm("nan", NULL);
  check_norm(".5", NULL);

  /* the mapping: JSON member order, attributes vs elements, number spelling */
  same_doc("json_xml_example_equal",
           "{\"version\": 1, \"county\": {\"code\": \"410184\", \"name\": \"新郑市\", \"kind\": \"县级市\"},"
           " \"indicators\": [{\"id\": \"county_staff\", \"unit\": \"人\", \"before\": 7, \"after\": 17}],"
           " \"cadres\": [{\"name\": \"李青\", \"on_duty\": false, \"birth\": \"1996-05\"}]}", INPUT_JSON,
           "<county-report version=\"1\"><county code=\"410184\" name=\"新郑市\" kind=\"县级市\"/>"
           "<indicators><indicator id=\"county_staff\" unit=\"人\" before=\"7\" after=\"17\"/></indicators>"
           "<cadres><cadre name=\"李青\" on_duty=\"false\" birth=\"1996-05\"/></cadres></county-report>", INPUT_XML);
  same_doc("json_member_order_irrelevant",
           "{\"period\": {\"stage\": \"终期评估\", \"year\": 2021}, \"county\": {\"name\": \"x\", \"code\": \"1\"}, \"version\": 1}",
           INPUT_JSON,
           "{\"version\": 1, \"county\": {\"code\": \"1\", \"name\": \"x\"}, \"period\": {\"year\": 2021, \"stage\": \"终期评估\"}}",
           INPUT_JSON);
  same_doc("xml_attribute_equals_element",
           "<county-report version=\"1\"><county code=\"1\" name=\"x\"/></county-report>", INPUT_XML,
           "<county-report>\n  <version>1</version>\n  <county>\n    <name>x</name>\n    <code>1</code>\n  </county>\n"
           "  <!-- a comment -->\n</county-report>", INPUT_XML);
  same_doc("number_spelling_normalised",
           "{\"version\": 1.0, \"indicators\": [{\"before\": 7.0, \"after\": 0.250, \"target\": 1e3}]}", INPUT_JSON,
           "<county-report version=\"1\"><indicators><indicator before=\"7\" after=\"0.25\" target=\"1000\"/>"
           "</indicators></county-report>", INPUT_XML);
  same_doc("null_means_absent",
           "{\"version\": 1, \"county\": {\"name\": \"x\", \"kind\": null}}", INPUT_JSON,
           "<county-report version=\"1\"><county name=\"x\"/></county-report>", INPUT_XML);
  same_doc("unknown_fields_after_known_in_name_order",
           "{\"version\": 1, \"county\": {\"zeta\": \"z\", \"name\": \"x\", \"alpha\": \"a\"}}", INPUT_JSON,
           "<county-report version=\"1\"><county alpha=\"a\" name=\"x\"><zeta>z</zeta></county></county-report>",
           INPUT_XML);
  same_doc("namespaced_attributes_ignored",
           "{\"version\": 1, \"county\": {\"name\": \"x\"}}", INPUT_JSON,
           "<county-report xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1\""
           " xsi:noNamespaceSchemaLocation=\"county.xsd\"><county name=\"x\"/></county-report>", INPUT_XML);
  same_doc("cdata_is_text",
           "{\"version\": 1, \"note\": \"a<b & c\"}", INPUT_JSON,
           "<county-report version=\"1\"><note><![CDATA[a<b]]> &amp; c</note></county-report>", INPUT_XML);

  /* the document's shape */
  xmlDocPtr doc = load_text("{\"version\": 1, \"cadres\": [{\"name\": \"甲\"}, {\"name\": \"乙\", \"birth\": \"1990-01\"}],"
                            " \"plan\": {\"goals\": [\"一\", \"二\"]}}", INPUT_JSON, NULL);
  char *s = xpath_str(doc, "/county-report/cadres/cadre[2]/name");
  CHECK_STR("json_array_items_named_by_table", s, "乙");
  free(s);
  s = xpath_str(doc, "/county-report/plan/goals/p[2]");
  CHECK_STR("json_string_array_items_are_p", s, "二");
  free(s);
  s = xpath_str(doc, "string(/county-report/@version)");
  CHECK_STR("version_is_root_attribute", s, "1");
  free(s);
  char *pl = load_place(xpath_node(doc, "/county-report/cadres/cadre[2]/birth"));
  CHECK_STR("json_place_is_pointer", pl, "/cadres/1/birth");
  free(pl);
  pl = load_place(xpath_node(doc, "/county-report/plan/goals/p[2]"));
  CHECK_STR("json_place_string_item", pl, "/plan/goals/1");
  free(pl);
  xmlFreeDoc(doc);

  /* libxml2 gives an element the line on which its start tag ends */
  doc = load_text("<county-report version=\"1\">\n<cadres>\n<cadre name=\"甲\"/>\n<cadre name=\"乙\" birth=\"1990-01\"/>\n"
                  "</cadres>\n</county-report>\n", INPUT_XML, NULL);
  pl = load_place(xpath_node(doc, "/county-report/cadres/cadre[2]/birth"));
  CHECK_STR("xml_place_has_line_and_path", pl, "4:/county-report/cadres/cadre[2]/birth");
  free(pl);
  pl = load_place(xpath_node(doc, "/county-report/cadres"));
  CHECK_STR("xml_place_single_child_no_index", pl, "2:/county-report/cadres");
  free(pl);
  xmlFreeDoc(doc);

  /* each sample: the JSON and the XML form give the same document */
  sample_pair("xinzheng");
  sample_pair("dongwu");
  sample_pair("fuyun");

  /* hostile input */
  refused("refuse_billion_laughs",
          "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
          " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
          " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
          " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
          " <!ENTITY lol9 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n]>\n"
          "<county-report version=\"1\"><note>&lol9;</note></county-report>\n", (size_t)-1, INPUT_XML,
          "a document type declaration (<!DOCTYPE>)");
  refused("refuse_external_entity",
          "<!-- hello --><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
          "<county-report version=\"1\"><note>&x;</note></county-report>", (size_t)-1, INPUT_XML,
          "expected none: DTDs and entities are not accepted");
  refused("refuse_undeclared_entity",
          "<county-report version=\"1\"><note>&x;</note></county-report>", (size_t)-1, INPUT_XML,
          "Entity 'x' not defined");
  char *deep = repeat("[", 100000, "", "]");
  char *deepj = xasprintf("{\"a\": %s}", deep);
  refused("refuse_deep_json", deepj, strlen(deepj), INPUT_JSON, "nesting deeper than 32 levels");
  free(deep);
  free(deepj);
  char *deepx = repeat("<a>", 100000, "", "</a>");
  char *deepxx = xasprintf("<county-report>%s</county-report>", deepx);
  refused("refuse_deep_xml", deepxx, strlen(deepxx), INPUT_XML, "elements nested deeper than");
  free(deepx);
  free(deepxx);
  char *mid = repeat("<a>", 40, "x", "</a>");
  char *midx = xasprintf("<county-report>%s</county-report>", mid);
  refused("refuse_xml_deeper_than_limit", midx, strlen(midx), INPUT_XML, "nested deeper than 32 levels");
  free(mid);
  free(midx);
  char *longs = repeat("x", 70000, "", "");
  char *longj = xasprintf("{\"note\": \"%s\"}", longs);
  refused("refuse_long_string", longj, strlen(longj), INPUT_JSON, "a string of 70000 bytes; expected at most 65536");
  free(longj);
  free(longs);
  refused("refuse_oversize", "{}", (size_t)LOAD_MAX_BYTES + 1, INPUT_JSON, "expected at most");
  static const char nul_inside[] = "{\"note\": \"a\0b\"}";
  refused("refuse_nul_byte", nul_inside, sizeof nul_inside - 1, INPUT_JSON, "control character U+0000 at byte offset 11");
  static const char two_bad[] = "{\"a\": \"\xff\", \"b\": \"\xc3\"}";
  diag_list *d2 = diag_new("t", 100);
  xmlDocPtr bad2 = load_buffer(two_bad, sizeof two_bad - 1, "t", INPUT_JSON, d2);
  CHECK("utf8_every_bad_byte_reported", !bad2 && diag_errors(d2) == 2 &&
        strstr(diag_get(d2, 1)->msg, "0xC3 at byte offset 17"));
  diag_free(d2);
  refused("refuse_json_not_object", "[1, 2]", 6, INPUT_JSON, "the top level is an array; expected an object");
  return test_status();
}
