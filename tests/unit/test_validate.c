/* test_validate.c: one bad input per diagnostic class of load and validate,
 * each checked for its place and its wording, plus the warnings. Inputs are
 * a small valid county with one piece replaced. */
/* checks: 58 */
#include "load.h"
#include "validate.h"
#include "util.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

static const char base_json[] =
  "{\"version\": 1,\n"
  " \"county\": {\"code\": \"410184\", \"name\": \"新郑市\", \"league_committee\": \"共青团新郑市委员会\"},\n"
  " \"period\": {\"year\": 2021, \"reference_date\": \"2021-12-31\", \"report_date\": \"2022-09-16\"},\n"
  " \"indicators\": [{\"id\": \"county_staff\", \"name\": \"县级团委机关各类工作力量\", \"unit\": \"人\", \"before\": 7, \"after\": 17}],\n"
  " \"units\": [{\"id\": \"c\", \"name\": \"团市委\", \"level\": \"county\"},\n"
  "           {\"id\": \"t\", \"name\": \"大石镇团委\", \"level\": \"township\", \"parent\": \"c\", \"posts\": {\"member\": 7}}],\n"
  " \"cadres\": [{\"name\": \"甲\", \"gender\": \"女\", \"birth\": \"1990-01-01\", \"political\": \"中共党员\", \"unit\": \"c\",\n"
  "              \"post\": \"书记\", \"mode\": \"专职\", \"establishment\": \"编制内\"},\n"
  "             {\"name\": \"乙\", \"gender\": \"男\", \"birth\": \"1995-06-01\", \"political\": \"共青团员\", \"unit\": \"t\",\n"
  "              \"post\": \"委员\", \"mode\": \"兼职\", \"establishment\": \"编制外\"}],\n"
  " \"assessment\": {\"weights\": {\"party_gov\": 0.3, \"league\": 0.3, \"youth\": 0.2, \"society\": 0.2},\n"
  "                \"scores\": {\"party_gov\": 90, \"league\": 90, \"youth\": 90, \"society\": 90},\n"
  "                \"items\": [{\"category\": \"基础工作\", \"name\": \"a\", \"max\": 30, \"score\": 20}],\n"
  "                \"units\": [{\"unit\": \"t\", \"org_grade\": \"优秀\"}]},\n"
  " \"plan\": {\"title\": \"方案\", \"positions\": [{\"unit\": \"t\", \"post\": \"委员\", \"count\": 2}],\n"
  "          \"phases\": [{\"name\": \"一\", \"start\": \"2021-01-01\", \"end\": \"2021-03-31\"},\n"
  "                     {\"name\": \"二\", \"start\": \"2021-04-01\", \"end\": \"2021-06-30\"}]}\n"
  "}\n";

static const char base_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<county-report version=\"1\">\n"
  "  <county code=\"410184\" name=\"新郑市\" league_committee=\"共青团新郑市委员会\"/>\n"
  "  <period year=\"2021\" reference_date=\"2021-12-31\" report_date=\"2022-09-16\"/>\n"
  "  <units>\n"
  "    <unit id=\"c\" name=\"团市委\" level=\"county\"/>\n"
  "    <unit id=\"t\" name=\"大石镇团委\" level=\"township\" parent=\"c\"/>\n"
  "  </units>\n"
  "  <cadres>\n"
  "    <cadre name=\"甲\" gender=\"女\" birth=\"1990-01-01\" political=\"中共党员\" unit=\"c\" post=\"书记\" mode=\"专职\" establishment=\"编制内\"/>\n"
  "    <cadre name=\"乙\" gender=\"男\" birth=\"1995-06-01\" political=\"共青团员\" unit=\"t\" post=\"委员\" mode=\"兼职\" establishment=\"编制外\"/>\n"
  "  </cadres>\n"
  "</county-report>\n";

/* Returns base with the first occurrence of `from` replaced by `to` (new string). */
static char *replace(const char *base, const char *from, const char *to)
{
  const char *at = strstr(base, from);
  if (!at) {
    printf("FAIL fixture: '%s' not in the base document\n", from);
    return xstrdup(base);
  }
  strbuf b = {0};
  sb_addn(&b, base, (size_t)(at - base));
  sb_add(&b, to);
  sb_add(&b, at + strlen(from));
  return sb_detach(&b);
}

/* Loads and validates text; returns the diagnostics (caller frees). */
static diag_list *run(const char *text, size_t len, input_format fmt)
{
  diag_list *d = diag_new(fmt == INPUT_JSON ? "t.json" : "t.xml", 100);
  xmlDocPtr doc = load_buffer(text, len, fmt == INPUT_JSON ? "t.json" : "t.xml", fmt, d);
  if (doc) validate_doc(doc, d);
  xmlFreeDoc(doc);
  return d;
}

/* PASS when some diagnostic of that level contains msg and has that place:
 * exactly; or, for a place starting with ':', an XML place ending in it; or,
 * for a place ending in ':', a place starting with it (libxml2's own errors,
 * whose column is libxml2's business: only the line is checked). */
static void expect(const char *name, diag_list *d, diag_level lv, const char *place, const char *msg)
{
  for (int i = 0; i < diag_count(d); i++) {
    const diag *g = diag_get(d, i);
    if (g->level != lv || !strstr(g->msg, msg)) continue;
    const char *p = g->place ? g->place : "";
    size_t lp = strlen(p), le = strlen(place);
    int suffix = le && lp >= le && place[0] == ':' && strcmp(p + lp - le, place) == 0;
    int prefix = le && place[le - 1] == ':' && strncmp(p, place, le) == 0;
    if (strcmp(p, place) == 0 || suffix || prefix) {
      printf("PASS %s\n", name);
      return;
    }
  }
  printf("FAIL %s: no %s at [%s] containing [%s]; got:\n", name, lv == DIAG_ERROR ? "error" : "warning",
         place, msg);
  diag_print(d, stdout);
  test_failures++;
}

static void json_case(const char *name, const char *from, const char *to, diag_level lv, const char *place,
                      const char *msg)
{
  char *text = replace(base_json, from, to);
  diag_list *d = run(text, strlen(text), INPUT_JSON);
  expect(name, d, lv, place, msg);
  diag_free(d);
  free(text);
}

static void xml_case(const char *name, const char *from, const char *to, diag_level lv, const char *place,
                     const char *msg)
{
  char *text = replace(base_xml, from, to);
  diag_list *d = run(text, strlen(text), INPUT_XML);
  expect(name, d, lv, place, msg);
  diag_free(d);
  free(text);
}

int main(void)
{
  /* the bases themselves are valid */
  diag_list *d = run(base_json, strlen(base_json), INPUT_JSON);
  CHECK("validate_base_json_valid", diag_errors(d) == 0);
  if (diag_errors(d)) diag_print(d, stdout);
  diag_free(d);
  d = run(base_xml, strlen(base_xml), INPUT_XML);
  CHECK("validate_base_xml_valid", diag_errors(d) == 0);
  if (diag_errors(d)) diag_print(d, stdout);
  diag_free(d);

  /* JSON syntax and hostile bytes: places are LINE:COL */
  json_case("diag_json_syntax", "\"name\": \"新郑市\",", "\"name\": \"新郑市\",,", DIAG_ERROR, "2:45",
            "JSON syntax error at ', \"league_co'; expected a member name in double quotes");
  json_case("diag_json_truncated", "\n}\n", "\n", DIAG_ERROR, "18:1",
            "the file ends inside a JSON value; expected ',' or '}'");
  json_case("diag_invalid_utf8", "\"甲\"", "\"\xff\"", DIAG_ERROR, "7:23",
            "invalid UTF-8 byte 0xFF at byte offset");
  json_case("diag_control_char", "\"甲\"", "\"a\x01\"", DIAG_ERROR, "7:24",
            "control character U+0001 at byte offset");
  json_case("diag_nul_escape", "\"甲\"", "\"a\\u0000b\"", DIAG_ERROR, "7:24",
            "\\u0000 in a string");
  json_case("diag_bad_unicode_escape", "\"甲\"", "\"a\\u00zz\"", DIAG_ERROR, "7:24",
            "invalid escape '\\u00zz' in a string; expected \\u and four hexadecimal digits");
  json_case("diag_duplicate_key", "\"name\": \"新郑市\",", "\"name\": \"新郑市\", \"name\": \"郑州\",",
            DIAG_ERROR, "/county", "duplicate key 'name' (members 2 and 3 of this object); expected each key once");
  json_case("diag_nonfinite_number", "\"before\": 7", "\"before\": 1e999", DIAG_ERROR,
            "/indicators/0/before", "the number '1e999' is out of range; expected a number (at most 128 digits, an exponent from -40 to 40)");
  json_case("diag_lax_number", "\"before\": 7", "\"before\": 7.", DIAG_ERROR, "/indicators/0/before",
            "'7.' is not a JSON number");
  json_case("diag_type_mismatch", "\"county\": {", "\"county\": [], \"x\": {", DIAG_ERROR, "/county",
            "found an array; expected an object");
  json_case("diag_string_for_number", "\"before\": 7", "\"before\": \"7\"", DIAG_ERROR,
            "/indicators/0/before", "found a string; expected a number");
  json_case("diag_null_in_array", "\"cadres\": [", "\"cadres\": [null, ", DIAG_ERROR, "/cadres/0",
            "null in an array; expected a value");
  json_case("diag_bad_key", "\"name\": \"团市委\"", "\"name\": \"团市委\", \"a b\": 1", DIAG_ERROR,
            "/units/0/a b", "key 'a b' is not a valid name");

  json_case("diag_pointer_escaping", "\"name\": \"团市委\"", "\"name\": \"团市委\", \"a/b~c\": 1", DIAG_ERROR,
            "/units/0/a~1b~0c", "key 'a/b~c' is not a valid name");

  /* schema: places are JSON pointers */
  json_case("diag_missing_field", "\"birth\": \"1990-01-01\", ", "", DIAG_ERROR, "/cadres/0",
            "missing field 'birth'; expected YYYY-MM-DD or YYYY-MM");
  json_case("diag_missing_object", "\"period\": {\"year\": 2021, \"reference_date\": \"2021-12-31\", \"report_date\": \"2022-09-16\"},", "",
            DIAG_ERROR, "/", "missing field 'period'; expected an object");
  json_case("diag_bad_month", "\"1990-01-01\"", "\"1999-13-01\"", DIAG_ERROR, "/cadres/0/birth",
            "'1999-13-01' is not a date; expected YYYY-MM-DD or YYYY-MM");
  json_case("diag_no_such_day", "\"reference_date\": \"2021-12-31\"", "\"reference_date\": \"2023-02-30\"",
            DIAG_ERROR, "/period/reference_date", "'2023-02-30' is not a date; expected YYYY-MM-DD");
  json_case("diag_date_grammar", "\"1990-01-01\"", "\"1990/01/01\"", DIAG_ERROR, "/cadres/0/birth",
            "'1990/01/01' is not a date");
  json_case("diag_date_range", "\"1990-01-01\"", "\"1800-01-01\"", DIAG_ERROR, "/cadres/0/birth",
            "'1800-01-01' is out of range; expected a date from 1900 to 2100");
  json_case("diag_enum", "\"gender\": \"女\"", "\"gender\": \"女性\"", DIAG_ERROR, "/cadres/0/gender",
            "'女性' is not a known value; expected one of 男, 女");
  json_case("diag_negative_count", "\"member\": 7", "\"member\": -1", DIAG_ERROR, "/units/1/posts/member",
            "'-1' is negative; expected a whole number >= 0");
  json_case("diag_count_too_large", "\"member\": 7", "\"member\": 5000000000", DIAG_ERROR,
            "/units/1/posts/member", "'5000000000' is too large; expected a whole number from 0 to 10000000");
  json_case("diag_fraction_count", "\"member\": 7", "\"member\": 2.5", DIAG_ERROR, "/units/1/posts/member",
            "'2.5' is not a whole number; expected a whole number >= 0");
  json_case("diag_score_range", "\"league\": 90", "\"league\": 101", DIAG_ERROR, "/assessment/scores/league",
            "'101' is out of range; expected a number from 0 to 100");
  json_case("diag_year_range", "\"year\": 2021", "\"year\": 1800", DIAG_ERROR, "/period/year",
            "'1800' is out of range; expected a year from 1949 to 2100");
  json_case("diag_code", "\"410184\"", "\"41018\"", DIAG_ERROR, "/county/code",
            "'41018' is not a division code; expected a six-digit division code");
  json_case("diag_bool", "\"mode\": \"专职\"", "\"mode\": \"专职\", \"on_duty\": \"yes\"", DIAG_ERROR,
            "/cadres/0/on_duty", "found a string; expected true or false");
  json_case("diag_version", "\"version\": 1", "\"version\": 2", DIAG_ERROR, "/",
            "version '2' is not supported; expected 1");
  json_case("diag_empty_required", "\"name\": \"甲\"", "\"name\": \"\"", DIAG_ERROR, "/cadres/0/name",
            "empty <name>; expected text");

  /* semantic checks */
  json_case("diag_unknown_unit", "\"unit\": \"t\",\n              \"post\": \"委员\"",
            "\"unit\": \"zz\",\n              \"post\": \"委员\"", DIAG_ERROR, "/cadres/1/unit",
            "unit 'zz' does not exist; expected the id of one of the units");
  json_case("diag_parent_missing", "\"parent\": \"c\"", "\"parent\": \"q\"", DIAG_ERROR, "/units/1/parent",
            "parent unit 'q' does not exist");
  json_case("diag_parent_cycle", "\"parent\": \"c\"", "\"parent\": \"t\"", DIAG_ERROR, "/units/1/parent",
            "parent unit 't' leads back to this unit; expected parents without a cycle");
  json_case("diag_duplicate_id", "\"id\": \"c\"", "\"id\": \"t\"", DIAG_ERROR, "/units/1/id",
            "unit id 't' is used again (first at /units/0); expected unique ids");
  json_case("diag_position_unit", "\"positions\": [{\"unit\": \"t\"", "\"positions\": [{\"unit\": \"x\"",
            DIAG_ERROR, "/plan/positions/0/unit", "unit 'x' does not exist");
  json_case("diag_assessment_unit", "\"units\": [{\"unit\": \"t\"", "\"units\": [{\"unit\": \"y\"",
            DIAG_ERROR, "/assessment/units/0/unit", "unit 'y' does not exist");
  json_case("diag_weights_sum", "\"society\": 0.2}", "\"society\": 0.1}", DIAG_ERROR, "/assessment/weights",
            "the weights add up to 0.9; expected 1 (within 0.001)");
  json_case("diag_phase_reversed", "\"start\": \"2021-01-01\", \"end\": \"2021-03-31\"",
            "\"start\": \"2021-04-01\", \"end\": \"2021-03-31\"", DIAG_ERROR, "/plan/phases/0/start",
            "the phase starts on 2021-04-01, after its end 2021-03-31; expected a start not after the end");
  json_case("diag_phase_order", "\"start\": \"2021-04-01\"", "\"start\": \"2021-03-15\"", DIAG_ERROR,
            "/plan/phases/1/start", "before the previous phase ends (2021-03-31); expected phases that follow one another");
  json_case("diag_indicator_count", "\"before\": 7", "\"before\": 7.5", DIAG_ERROR, "/indicators/0/before",
            "'7.5' is not a count; expected a whole number >= 0 for a figure in 人");
  json_case("diag_item_over_max", "\"score\": 20}", "\"score\": 31}", DIAG_ERROR, "/assessment/items/0/score",
            "score 31 is above the item's maximum 30");
  json_case("diag_born_after_reference", "\"1995-06-01\"", "\"2022-01-01\"", DIAG_ERROR, "/cadres/1/birth",
            "born on 2022-01-01, after the reference date");

  /* warnings are not errors */
  json_case("warn_unknown_field", "\"name\": \"甲\"", "\"name\": \"甲\", \"birht\": \"x\"", DIAG_WARNING,
            "/cadres/0/birht", "unknown field 'birht' in <cadre>; kept");
  json_case("warn_birth_month", "\"1990-01-01\"", "\"1990-01\"", DIAG_WARNING, "/cadres",
            "1 cadre(s) with a birth month but no day (/cadres/0/birth)");
  json_case("warn_empty_unit", "\"unit\": \"t\",\n              \"post\": \"委员\"",
            "\"unit\": \"c\",\n              \"post\": \"委员\"", DIAG_WARNING, "/units",
            "1 unit(s) with no cadre (/units/1)");

  /* XML: places are LINE:/path */
  xml_case("diag_xml_doctype", "<county-report", "<!DOCTYPE r [<!ENTITY a \"b\">]>\n<county-report",
           DIAG_ERROR, "2:1", "a document type declaration (<!DOCTYPE>) at byte offset 39");
  xml_case("diag_xml_syntax", "</cadres>", "</cadre>", DIAG_ERROR, "12:",
           "Opening and ending tag mismatch: cadres line 9 and cadre; expected well-formed XML");
  static const char other_root[] = "<?xml version=\"1.0\"?>\n<report version=\"1\"/>\n";
  d = run(other_root, strlen(other_root), INPUT_XML);
  expect("diag_xml_root", d, DIAG_ERROR, "2", "root element <report>; expected <county-report>");
  diag_free(d);
  xml_case("diag_xml_item_name", "<cadre name=\"乙\"", "<person name=\"乙\"", DIAG_ERROR,
           ":/county-report/cadres/person", "element <person> in <cadres>; expected <cadre>");
  xml_case("diag_xml_attr_and_element", "league_committee=\"共青团新郑市委员会\"/>",
           "league_committee=\"共青团新郑市委员会\"><name>新郑</name></county>", DIAG_ERROR,
           "3:/county-report/county", "'name' given both as an attribute and as an element of <county>");
  xml_case("diag_xml_text_in_object", "<units>", "<units>stray", DIAG_ERROR, "5:/county-report/units",
           "text 'stray' inside <units>; expected elements only");
  xml_case("diag_xml_repeated_field", "<period year=\"2021\"", "<period><year>2020</year></period><period year=\"2021\"",
           DIAG_ERROR, "4:/county-report/period[2]", "<period> given more than once in <county-report>");
  xml_case("diag_xml_bad_bool", "establishment=\"编制外\"/>", "establishment=\"编制外\" on_duty=\"yes\"/>",
           DIAG_ERROR, "11:/county-report/cadres/cadre[2]/on_duty", "'yes' is not a boolean; expected true or false");
  xml_case("diag_xml_bad_date", "birth=\"1990-01-01\"", "birth=\"1999-13-01\"", DIAG_ERROR,
           "10:/county-report/cadres/cadre[1]/birth", "'1999-13-01' is not a date; expected YYYY-MM-DD or YYYY-MM");
  xml_case("diag_xml_element_in_scalar", "<unit id=\"c\"", "<unit name2=\"x\" id=\"c\"", DIAG_WARNING,
           "6:/county-report/units/unit[1]/name2", "unknown field 'name2'");
  xml_case("diag_xml_undefined_entity", "团市委", "&nbsp;", DIAG_ERROR, "6:", "Entity 'nbsp' not defined");
  return test_status();
}
