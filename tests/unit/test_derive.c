/* test_derive.c: derived figures against the figures the seeds publish and
 * hand-worked examples: growth rounded half up on the exact decimal, ages on
 * the reference date, the committee rules at their limits, the weighted score
 * and its grade, 推优入党, candidates per position. */
/* checks: 97 */
#include "derive.h"
#include "load.h"
#include "validate.h"
#include "util.h"
#include "test.h"
#include "test_load_helpers.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/c14n.h>

/* Loads a county whose body (members after county and period) is given,
 * validates and derives it. NULL (and a FAIL) when it is not valid. */
static xmlDocPtr derived(const char *name, const char *ref, const char *body)
{
  char *text = xasprintf("{\"version\": 1, \"county\": {\"code\": \"410184\", \"name\": \"新郑市\","
                         " \"league_committee\": \"共青团新郑市委员会\"},"
                         " \"period\": {\"year\": 2021, \"reference_date\": \"%s\", \"report_date\": \"2022-09-16\"}%s%s}",
                         ref, *body ? ", " : "", body);
  diag_list *d = NULL;
  xmlDocPtr doc = load_text(text, INPUT_JSON, &d);
  if (doc && validate_doc(doc, d) == 0 && diag_errors(d) == 0 && derive_doc(doc, d) == 0) {
    diag_free(d);
    free(text);
    return doc;
  }
  printf("FAIL %s: fixture is not valid\n", name);
  diag_print(d, stdout);
  test_failures++;
  diag_free(d);
  xmlFreeDoc(doc);
  free(text);
  return NULL;
}

static void expect_xpath(const char *name, xmlDocPtr doc, const char *expr, const char *want)
{
  if (!doc) return;
  char *got = xpath_str(doc, expr);
  CHECK_STR(name, got, want);
  free(got);
}

static int cadre_no;   /* cadres are named 人1, 人2, ... in each fixture */

/* One cadre of unit u as JSON. */
static void add_cadre(strbuf *b, const char *u, const char *post, const char *mode, const char *est,
                      const char *pol, const char *birth, int on_duty)
{
  sb_addf(b, "%s{\"name\": \"人%d\", \"gender\": \"男\", \"birth\": \"%s\", \"political\": \"%s\", \"unit\": \"%s\","
             " \"post\": \"%s\", \"mode\": \"%s\", \"establishment\": \"%s\"%s}",
          b->len && b->s[b->len - 1] != '[' ? ", " : "", ++cadre_no, birth, pol, u, post, mode, est,
          on_duty ? "" : ", \"on_duty\": false");
}

/* A county with one township committee 大石镇团委: `leaders` secretary and
 * deputies, the rest members; the first `outside` are outside the
 * establishment, the first `party` party members, the last `off` off duty. */
static xmlDocPtr committee(const char *name, int size, int leaders, int outside, int party, int off,
                           const char *rules)
{
  strbuf b = {0};
  cadre_no = 0;
  sb_addf(&b, "%s\"units\": [{\"id\": \"c\", \"name\": \"团市委\", \"level\": \"county\"},"
              " {\"id\": \"t\", \"name\": \"大石镇团委\", \"level\": \"township\", \"parent\": \"c\","
              " \"posts\": {\"secretary\": 1, \"deputy\": 2, \"member\": 6}}],"
              " \"cadres\": [", rules);
  add_cadre(&b, "c", "书记", "专职", "编制内", "中共党员", "1990-01-01", 1);
  for (int i = 0; i < size; i++)
    add_cadre(&b, "t", i == 0 ? "书记" : i < leaders ? "副书记" : "委员", "兼职",
              i < outside ? "编制外" : "编制内", i < party ? "中共党员" : "共青团员", "1995-05-05",
              i < size - off);
  sb_add(&b, "]");
  xmlDocPtr doc = derived(name, "2021-12-31", sb_str(&b));
  sb_free(&b);
  return doc;
}

static void expect_findings(const char *name, xmlDocPtr doc, const char *rule, const char *want)
{
  char *expr = xasprintf("count(/county-report/derived/findings/finding[rule='%s'])", rule);
  expect_xpath(name, doc, expr, want);
  free(expr);
}

static void committee_rules(void)
{
  xmlDocPtr d = committee("committee_9", 9, 3, 5, 3, 0, "");
  expect_findings("committee_9_members_pass", d, "committee-size", "0");
  expect_findings("committee_one_third_leaders_pass", d, "leaders-share", "0");
  expect_findings("committee_3_party_members_pass", d, "party-members", "0");
  expect_xpath("committee_counted", d, "/county-report/units/unit[2]/stats/committee", "9");
  expect_xpath("levels_township_units", d, "/county-report/derived/levels/level[name='township']/units", "1");
  expect_xpath("levels_township_cadres", d, "/county-report/derived/levels/level[name='township']/stats/cadres", "9");
  expect_xpath("levels_county_first", d, "/county-report/derived/levels/level[1]/name", "county");
  expect_xpath("committee_leaders_counted", d, "/county-report/units/unit[2]/stats/committee_leaders", "3");
  expect_xpath("staffing_rate_9_of_9", d, "/county-report/units/unit[2]/stats/staffing_rate", "100.0");
  xmlFreeDoc(d);

  d = committee("committee_15", 15, 3, 8, 3, 0, "");
  expect_findings("committee_15_members_pass", d, "committee-size", "0");
  xmlFreeDoc(d);

  d = committee("committee_8", 8, 2, 4, 3, 0, "");
  expect_findings("committee_8_members_fail", d, "committee-size", "1");
  expect_xpath("committee_8_sentence", d, "/county-report/derived/findings/finding[rule='committee-size']/text",
               "大石镇团委委员8名，少于9名的下限");
  expect_xpath("committee_8_actual", d, "/county-report/derived/findings/finding[rule='committee-size']/actual", "8");
  expect_xpath("committee_8_limit", d, "/county-report/derived/findings/finding[rule='committee-size']/limit", "9");
  expect_xpath("committee_8_unit", d, "/county-report/derived/findings/finding[rule='committee-size']/unit", "t");
  xmlFreeDoc(d);

  d = committee("committee_7", 7, 2, 4, 3, 0, "");
  expect_xpath("committee_7_sentence", d, "/county-report/derived/findings/finding[rule='committee-size']/text",
               "大石镇团委委员7名，少于9名的下限");
  xmlFreeDoc(d);

  d = committee("committee_16", 16, 3, 8, 3, 0, "");
  expect_xpath("committee_16_sentence", d, "/county-report/derived/findings/finding[rule='committee-size']/text",
               "大石镇团委委员16名，多于15名的上限");
  xmlFreeDoc(d);

  /* 4 leaders of 9: 44.4 % > one third */
  d = committee("leaders_4_of_9", 9, 4, 5, 3, 0, "");
  expect_findings("leaders_4_of_9_fail", d, "leaders-share", "1");
  expect_xpath("leaders_4_of_9_actual", d, "/county-report/derived/findings/finding[rule='leaders-share']/actual", "44.4");
  xmlFreeDoc(d);

  /* outside the establishment: 5 of 10 is 50 % (passes), 4 of 10 fails; 2 party members fail */
  d = committee("outside_5_of_10", 10, 3, 5, 3, 0, "");
  expect_findings("outside_half_passes", d, "outside-share", "0");
  xmlFreeDoc(d);
  d = committee("outside_4_of_10", 10, 3, 4, 2, 0, "");
  expect_findings("outside_40_percent_fails", d, "outside-share", "1");
  expect_findings("party_2_fails", d, "party-members", "1");
  expect_xpath("party_2_sentence", d, "/county-report/derived/findings/finding[rule='party-members']/text",
               "大石镇团委委员中党员2名，少于3名的下限");
  xmlFreeDoc(d);

  /* on duty: 9 of 10 is 90 % (passes), 8 of 10 fails */
  d = committee("on_duty_9_of_10", 10, 3, 5, 3, 1, "");
  expect_findings("on_duty_90_passes", d, "on-duty", "0");
  expect_xpath("on_duty_rate_90", d, "/county-report/units/unit[2]/stats/on_duty_rate", "90.0");
  xmlFreeDoc(d);
  d = committee("on_duty_8_of_10", 10, 3, 5, 3, 2, "");
  expect_xpath("on_duty_80_sentence", d, "/county-report/derived/findings/finding[rule='on-duty'][unit='t']/text",
               "大石镇团委团干部在岗率80.0%，低于90%的下限");
  xmlFreeDoc(d);

  /* a province's own limits */
  d = committee("rules_override", 8, 2, 4, 3, 0, "\"rules\": {\"committee_size_min\": 7}, ");
  expect_findings("rules_override_8_passes_min_7", d, "committee-size", "0");
  expect_xpath("rules_in_force", d, "/county-report/derived/rules/committee_size_min", "7");
  expect_xpath("rules_default_kept", d, "/county-report/derived/rules/committee_size_max", "15");
  xmlFreeDoc(d);
}

static void ages(void)
{
  strbuf b = {0};
  cadre_no = 0;
  sb_add(&b, "\"units\": [{\"id\": \"c\", \"name\": \"团市委\", \"level\": \"county\"}], \"cadres\": [");
  add_cadre(&b, "c", "干事", "专职", "编制内", "共青团员", "1986-12-31", 1);  /* 35th birthday on the day */
  add_cadre(&b, "c", "干事", "专职", "编制内", "共青团员", "1987-01-01", 1);  /* 34 until tomorrow */
  add_cadre(&b, "c", "干事", "专职", "编制内", "共青团员", "1986-12", 1);     /* taken as 1986-12-01 */
  add_cadre(&b, "c", "干事", "专职", "编制内", "共青团员", "1985-12-31", 1);  /* 36: fails */
  add_cadre(&b, "c", "委员", "兼职", "编制外", "共青团员", "1981-12-31", 1);  /* part-time 40: passes */
  add_cadre(&b, "c", "委员", "兼职", "编制外", "共青团员", "1980-12-31", 1);  /* part-time 41: fails */
  sb_add(&b, "]");
  xmlDocPtr d = derived("ages", "2021-12-31", sb_str(&b));
  expect_xpath("age_birthday_on_reference_date", d, "/county-report/cadres/cadre[1]/age", "35");
  expect_xpath("age_day_before_birthday", d, "/county-report/cadres/cadre[2]/age", "34");
  expect_xpath("age_month_only", d, "/county-report/cadres/cadre[3]/age", "35");
  expect_xpath("age_36_not_ok", d, "/county-report/cadres/cadre[4]/age_ok", "false");
  expect_xpath("age_part_time_limit", d, "/county-report/cadres/cadre[5]/age_limit", "40");
  expect_xpath("age_part_time_40_ok", d, "/county-report/cadres/cadre[5]/age_ok", "true");
  expect_findings("age_findings_36_and_41", d, "age", "2");
  expect_xpath("age_finding_sentence", d, "/county-report/derived/findings/finding[rule='age'][2]/text",
               "人6（团市委委员）41岁，超过40岁的上限");
  expect_xpath("average_age", d, "/county-report/derived/totals/stats/average_age", "36.8");  /* 221 / 6 */
  expect_xpath("age_35_or_under", d, "/county-report/derived/totals/stats/age_35_or_under", "3");
  xmlFreeDoc(d);
  sb_free(&b);

  sb_add(&b, "\"units\": [{\"id\": \"c\", \"name\": \"团市委\", \"level\": \"county\"}], \"cadres\": [");
  add_cadre(&b, "c", "干事", "专职", "编制内", "共青团员", "2000-02-29", 1);
  sb_add(&b, "]");
  d = derived("leap_day", "2021-02-28", sb_str(&b));
  expect_xpath("age_leap_day_birthday_not_yet", d, "/county-report/cadres/cadre[1]/age", "20");
  xmlFreeDoc(d);
  sb_free(&b);
}

static void indicators(void)
{
  xmlDocPtr d = derived("indicators", "2021-12-31",
    "\"indicators\": ["
    "{\"id\": \"county_staff\", \"name\": \"a\", \"unit\": \"人\", \"before\": 7, \"after\": 17, \"target\": 15},"
    "{\"id\": \"grassroots\", \"name\": \"b\", \"unit\": \"人\", \"before\": 1011, \"after\": 1744},"
    "{\"id\": \"social\", \"name\": \"c\", \"unit\": \"人\", \"before\": 59, \"after\": 101},"
    "{\"id\": \"q\", \"name\": \"d\", \"unit\": \"人\", \"before\": 64, \"after\": 111},"
    "{\"id\": \"half\", \"name\": \"e\", \"unit\": \"元\", \"before\": 8, \"after\": 8.1},"
    "{\"id\": \"share\", \"name\": \"s\", \"unit\": \"%\", \"before\": 1, \"after\": 3},"
    "{\"id\": \"flagged\", \"name\": \"r\", \"unit\": \"人\", \"before\": 4, \"after\": 5, \"rate\": true},"
    "{\"id\": \"zero\", \"name\": \"f\", \"unit\": \"个\", \"before\": 0, \"after\": 3},"
    "{\"id\": \"fewer\", \"name\": \"g\", \"unit\": \"人\", \"before\": 2480, \"after\": 2220, \"target\": 2300,"
    " \"higher_is_better\": false}],"
    "\"party_building\": {\"new_party_members_under_28\": 70, \"recommended_by_league\": 51}");
  expect_xpath("growth_7_to_17_change", d, "//indicator[id='county_staff']/change", "10");
  expect_xpath("growth_7_to_17_is_142_9", d, "//indicator[id='county_staff']/growth", "142.9");
  expect_xpath("growth_target_met", d, "//indicator[id='county_staff']/met", "true");
  expect_xpath("grassroots_1011_to_1744_is_733", d, "//indicator[id='grassroots']/change", "733");
  expect_xpath("grassroots_growth", d, "//indicator[id='grassroots']/growth", "72.5");
  expect_xpath("social_59_to_101_is_42", d, "//indicator[id='social']/change", "42");
  expect_xpath("growth_47_of_64_is_73_4", d, "//indicator[id='q']/growth", "73.4");
  /* 0.1 / 8 = 1.25 %: half up on the exact value is 1.3 (binary floating point gives 1.2) */
  expect_xpath("growth_half_up_exact", d, "//indicator[id='half']/growth", "1.3");
  /* issue 15: a share 1 -> 3 % changes by 2 百分点, never "增幅 200" */
  expect_xpath("rate_change_in_points_no_growth", d,
               "concat(//indicator[id='share']/change, '/', count(//indicator[id='share']/growth), '/', //indicator[id='share']/is_rate)",
               "2/0/true");
  expect_xpath("rate_flag_no_growth", d,
               "concat(count(//indicator[id='flagged']/growth), '/', //indicator[id='flagged']/is_rate)", "0/true");
  expect_xpath("growth_absent_when_before_0", d, "count(//indicator[id='zero']/growth)", "0");
  expect_xpath("change_negative", d, "//indicator[id='fewer']/change", "-260");
  expect_xpath("lower_is_better_met", d, "//indicator[id='fewer']/met", "true");
  expect_xpath("recommend_51_of_70_is_72_9", d, "/county-report/derived/recommend_rate", "72.9");
  xmlFreeDoc(d);
}

static void score(const char *name, const char *weights, const char *scores, const char *grades,
                  const char *want_score, const char *want_grade)
{
  char *body = xasprintf("\"assessment\": {\"weights\": {%s}, \"scores\": {%s}%s}", weights, scores, grades);
  xmlDocPtr d = derived(name, "2021-12-31", body);
  char *n1 = xasprintf("%s_score", name), *n2 = xasprintf("%s_grade", name);
  expect_xpath(n1, d, "/county-report/derived/score", want_score);
  expect_xpath(n2, d, "/county-report/derived/grade", want_grade);
  free(n1);
  free(n2);
  xmlFreeDoc(d);
  free(body);
}

static void scores(void)
{
  static const char quarter[] = "\"party_gov\": 0.25, \"league\": 0.25, \"youth\": 0.25, \"society\": 0.25";
  /* (90.5 + 89.3 + 90.2 + 89.8) / 4 = 89.95, shown 90.0: 优秀 */
  score("score_89_95", quarter, "\"party_gov\": 90.5, \"league\": 89.3, \"youth\": 90.2, \"society\": 89.8", "",
        "90.0", "优秀");
  /* 0.3*80 + 0.3*79.9 + 0.2*79.9 + 0.2*80 = 79.95 -> 80.0: 良好 */
  score("score_79_95", "\"party_gov\": 0.3, \"league\": 0.3, \"youth\": 0.2, \"society\": 0.2",
        "\"party_gov\": 80, \"league\": 79.9, \"youth\": 79.9, \"society\": 80", "", "80.0", "良好");
  /* 59.94 -> 59.9: 不合格 */
  score("score_59_94", "\"party_gov\": 1, \"league\": 0, \"youth\": 0, \"society\": 0",
        "\"party_gov\": 59.94, \"league\": 0, \"youth\": 0, \"society\": 0", "", "59.9", "不合格");
  /* 60 exactly: 合格 */
  score("score_60", quarter, "\"party_gov\": 60, \"league\": 60, \"youth\": 60, \"society\": 60", "", "60.0", "合格");
  /* a province's own grades, given lowest first */
  score("score_own_grades", quarter, "\"party_gov\": 90.5, \"league\": 89.3, \"youth\": 90.2, \"society\": 89.8",
        ", \"grades\": [{\"name\": \"B\", \"min\": 0}, {\"name\": \"A\", \"min\": 85}]", "90.0", "A");
}

static void candidates(void)
{
  xmlDocPtr d = derived("candidates", "2021-12-31",
    "\"units\": [{\"id\": \"c\", \"name\": \"团市委\", \"level\": \"county\"}],"
    "\"plan\": {\"title\": \"t\", \"positions\": [{\"unit\": \"c\", \"post\": \"委员\", \"count\": 12},"
    " {\"unit\": \"c\", \"post\": \"委员\", \"count\": 10}, {\"unit\": \"c\", \"post\": \"委员\", \"count\": 1}],"
    " \"procedure\": [{\"name\": \"发布公告\", \"days\": 10}, {\"name\": \"任前公示\", \"days\": 7}]}");
  expect_xpath("candidates_12_posts_15", d, "/county-report/plan/positions/position[1]/candidates", "15");
  expect_xpath("candidates_10_posts_12", d, "/county-report/plan/positions/position[2]/candidates", "12");
  expect_xpath("candidates_1_post_2", d, "/county-report/plan/positions/position[3]/candidates", "2");
  expect_xpath("candidates_total", d, "/county-report/derived/plan/candidates", "29");
  expect_xpath("procedure_days", d, "/county-report/derived/plan/procedure_days", "17");
  expect_findings("publicity_10_days_fails", d, "publicity-days", "1");
  expect_findings("announcement_7_days_passes", d, "announcement-days", "0");
  xmlFreeDoc(d);
}

static xmlDocPtr sample(const char *path)
{
  diag_list *dl = diag_new(path, 100);
  xmlDocPtr doc = load_file(path, dl);
  if (!doc || validate_doc(doc, dl) != 0 || derive_doc(doc, dl) != 0) {
    printf("FAIL sample %s: not valid\n", path);
    diag_print(dl, stdout);
    test_failures++;
    xmlFreeDoc(doc);
    doc = NULL;
  }
  diag_free(dl);
  return doc;
}

static void samples(void)
{
  const char *forms[] = { "json", "xml" };
  for (int i = 0; i < 2; i++) {
    char *p = xasprintf("samples/xinzheng.%s", forms[i]);
    xmlDocPtr d = sample(p);
    char *n = xasprintf("xinzheng_%s", forms[i]);
    char *names[4] = { xasprintf("%s_county_staff_growth", n), xasprintf("%s_county_staff_change", n),
                       xasprintf("%s_grassroots_change", n), xasprintf("%s_recommend_rate", n) };
    expect_xpath(names[0], d, "//indicator[id='county_staff']/growth", "142.9");
    expect_xpath(names[1], d, "//indicator[id='county_staff']/change", "10");
    expect_xpath(names[2], d, "//indicator[id='grassroots_force']/change", "733");
    expect_xpath(names[3], d, "/county-report/derived/recommend_rate", "72.9");
    for (int k = 0; k < 4; k++) free(names[k]);
    free(n);
    free(p);
    xmlFreeDoc(d);
  }
  xmlDocPtr d = sample("samples/xinzheng.json");
  /* the seed: 214 of 296 branch secretaries in the "两委" is 72.3 % */
  expect_xpath("xinzheng_two_committees_72_3", d, "/county-report/derived/totals/stats/two_committees_rate", "72.3");
  xmlFreeDoc(d);
  d = sample("samples/dongwu.json");
  expect_xpath("dongwu_full_time_before_2", d, "//indicator[id='banner_full_time']/before", "2");
  expect_xpath("dongwu_full_time_after_5", d, "//indicator[id='banner_full_time']/after", "5");
  expect_xpath("dongwu_cadres_up_347", d, "//indicator[id='cadres_total']/change", "347");
  expect_xpath("dongwu_cadres_growth_47", d, "//indicator[id='cadres_total']/growth", "47.0");
  expect_xpath("dongwu_score_89_95_is_90_0", d, "/county-report/derived/score", "90.0");
  expect_xpath("dongwu_grade", d, "/county-report/derived/grade", "优秀");
  expect_xpath("dongwu_two_committees_100", d, "/county-report/derived/totals/stats/two_committees_rate", "100.0");
  expect_xpath("dongwu_has_findings", d, "count(/county-report/derived/findings/finding) > 0", "true");
  xmlFreeDoc(d);
  d = sample("samples/fuyun.json");
  expect_xpath("fuyun_on_duty_100", d, "/county-report/derived/totals/stats/on_duty_rate", "100.0");
  xmlFreeDoc(d);
}

/* Whether name occurs in text as a whole word (not inside a longer name). */
static int has_word(const char *text, const char *name)
{
  size_t n = strlen(name);
  for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
    int before = p > text && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z'));
    int after = p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z');
    if (!before && !after) return 1;
  }
  return 0;
}

/* templates/DATA.md names every element of a derived sample document. */
static void data_md(void)
{
  size_t len;
  char *md = read_file("templates/DATA.md", 1 << 20, &len);
  xmlDocPtr d = sample("samples/xinzheng.json");
  int missing = 0;
  if (md && d) {
    const xmlNode *n = xmlDocGetRootElement(d);
    while (n) {   /* every element, in document order, without recursion */
      if (n->type == XML_ELEMENT_NODE && !has_word(md, (const char *)n->name)) {
        if (missing++ < 10) printf("    not in DATA.md: %s\n", (const char *)n->name);
      }
      if (n->children) { n = n->children; continue; }
      while (n && !n->next) n = n->parent;
      if (n) n = n->next;
    }
  }
  CHECK("data_md_documents_every_element", md && d && missing == 0);
  free(md);
  xmlFreeDoc(d);
}

/* Derived figures do not depend on the form the data came in. */
static void derived_pairs(void)
{
  static const char *const names[] = { "xinzheng", "dongwu", "fuyun" };
  for (int i = 0; i < 3; i++) {
    char *jp = xasprintf("samples/%s.json", names[i]), *xp = xasprintf("samples/%s.xml", names[i]);
    xmlDocPtr dj = sample(jp), dx = sample(xp);
    xmlChar *cj = NULL, *cx = NULL;
    if (dj) xmlC14NDocDumpMemory(dj, NULL, XML_C14N_1_0, NULL, 0, &cj);
    if (dx) xmlC14NDocDumpMemory(dx, NULL, XML_C14N_1_0, NULL, 0, &cx);
    char *n = xasprintf("derived_%s_json_equals_xml", names[i]);
    CHECK(n, cj && cx && strcmp((const char *)cj, (const char *)cx) == 0);
    free(n);
    xmlFree(cj);
    xmlFree(cx);
    xmlFreeDoc(dj);
    xmlFreeDoc(dx);
    free(jp);
    free(xp);
  }
}

/* Counts the nodes of doc whose links (doc, parent, prev, last) or element
 * name (from the dictionary, when the document has one) are wrong: derive
 * builds its elements itself rather than through xmlNewTextChild. */
static int bad_links(xmlDocPtr doc)
{
  int bad = 0;
  xmlNode *n = xmlDocGetRootElement(doc);
  while (n) {   /* every node, in document order, without recursion */
    if (n->doc != doc) bad++;
    if (n->type == XML_ELEMENT_NODE && doc->dict && !xmlDictOwns(doc->dict, n->name)) bad++;
    if (n->prev ? n->prev->next != n : n->parent->children != n) bad++;
    if (!n->next && n->parent->last != n) bad++;
    if (n->children) { n = n->children; continue; }
    while (n && !n->next) n = n->parent == (xmlNode *)doc ? NULL : n->parent;
    if (n) n = n->next;
  }
  return bad;
}

/* The derived tree is well linked, and the same when the document has no
 * dictionary (derive then names its elements the way libxml2 does alone). */
static void tree_links(void)
{
  static const char *const paths[] = { "samples/xinzheng.json", "samples/xinzheng.xml", "samples/dongwu.json" };
  for (int i = 0; i < 3; i++) {
    xmlDocPtr d = sample(paths[i]);
    char *n = xasprintf("tree_links_%s", paths[i] + 8);
    CHECK(n, d && d->dict && bad_links(d) == 0);
    free(n);
    xmlFreeDoc(d);
  }
  diag_list *dl = diag_new("samples/xinzheng.json", 100);
  xmlDocPtr loaded = load_file("samples/xinzheng.json", dl);
  xmlDocPtr plain = loaded ? xmlCopyDoc(loaded, 1) : NULL;   /* a copy has no dictionary */
  int ok = plain && !plain->dict && validate_doc(loaded, dl) == 0 && derive_doc(loaded, dl) == 0 &&
           derive_doc(plain, dl) == 0 && bad_links(plain) == 0;
  xmlChar *a = NULL, *b = NULL;
  if (ok) {
    xmlC14NDocDumpMemory(loaded, NULL, XML_C14N_1_0, NULL, 0, &a);
    xmlC14NDocDumpMemory(plain, NULL, XML_C14N_1_0, NULL, 0, &b);
  }
  CHECK("derived_without_dictionary_is_the_same", ok && a && b && strcmp((const char *)a, (const char *)b) == 0);
  xmlFree(a);
  xmlFree(b);
  xmlFreeDoc(plain);
  xmlFreeDoc(loaded);
  diag_free(dl);
}

int main(void)
{
  tree_links();
  data_md();
  derived_pairs();
  indicators();
  ages();
  committee_rules();
  scores();
  candidates();
  samples();
  return test_status();
}
