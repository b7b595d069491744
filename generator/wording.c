/* wording.c: sentences put together from the input (wording.h). */
#include "wording.h"
#include "i18n.h"
#include "dates.h"
#include "load.h"
#include "schema.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static void add(xmlNode *parent, const char *name, const char *text)
{
  xmlNewTextChild(parent, NULL, (const xmlChar *)name, (const xmlChar *)text);
}

static int has(const char *s, const char *needle)
{
  return s && strstr(s, needle) != NULL;
}

static void warn_at(diag_list *d, diag_level lv, const xmlNode *n, const char *msg)
{
  char *place = n ? load_place(n) : NULL;
  diag_add(d, lv, place, "%s", _(msg));
  free(place);
}

/* ---- joining ------------------------------------------------------------ */

/* Length of s without its trailing marks of ending (。；，、.;,) and spaces. */
static size_t trimmed_len(const char *s)
{
  static const char *const marks[] = { "。", "；", "，", "、", "：", NULL };
  size_t n = strlen(s);
  for (;;) {
    int cut = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.' || s[n - 1] == ';' || s[n - 1] == ',')) { n--; cut = 1; }
    for (int i = 0; marks[i]; i++) {
      size_t m = strlen(marks[i]);
      if (n >= m && memcmp(s + n - m, marks[i], m) == 0) { n -= m; cut = 1; }
    }
    if (!cut) return n;
  }
}

char *wording_join(const xmlNode *list, const char *sep, const char *end)
{
  strbuf b;
  sb_init(&b);
  int any = 0;
  for (xmlNode *p = schema_first(list); p; p = schema_next(p)) {
    const char *t = schema_text(p);
    if (!t) continue;
    while (*t == ' ') t++;
    size_t n = trimmed_len(t);
    if (n == 0) continue;
    if (any) sb_add(&b, sep);
    sb_addn(&b, t, n);
    any = 1;
  }
  if (any) sb_add(&b, end);
  return sb_detach(&b);
}

/* ---- the county's words ------------------------------------------------- */

/* 县 · 市 · 旗 · 区 … as the documents say "全县", "我旗". */
static const char *kind_short(const char *kind, const char *name)
{
  if (kind) {
    if (!strcmp(kind, "县级市")) return "市";
    if (!strcmp(kind, "市辖区")) return "区";
    if (has(kind, "旗")) return "旗";
    if (!strcmp(kind, "林区") || !strcmp(kind, "特区")) return "区";
    return "县";
  }
  /* no kind given: the last character of the name (新郑市 → 市) */
  if (name) {
    size_t n = strlen(name);
    static const char *const last[] = { "县", "市", "旗", "区", NULL };
    for (int i = 0; last[i]; i++)
      if (n >= strlen(last[i]) && !strcmp(name + n - strlen(last[i]), last[i])) return last[i];
  }
  return "县";
}

static void derive_words(xmlNode *root, xmlNode *words)
{
  xmlNode *county = schema_find(root, "county");
  const char *kind = schema_get(county, "kind");
  const char *k = kind_short(kind, schema_get(county, "name"));
  int sumu = 0, xiang = 0, zhen = 0, street = 0, gacha = 0, village = 0, community = 0;
  for (xmlNode *u = schema_first(schema_find(root, "units")); u; u = schema_next(u)) {
    const char *lv = schema_get(u, "level"), *name = schema_get(u, "name");
    if (!lv) continue;
    if (!strcmp(lv, "township")) {
      if (has(name, "苏木")) sumu = 1;
      else if (has(name, "乡")) xiang = 1;
      else zhen = 1;
    } else if (!strcmp(lv, "subdistrict")) street = 1;
    else if (!strcmp(lv, "village")) { if (has(name, "嘎查")) gacha = 1; else village = 1; }
    else if (!strcmp(lv, "community")) community = 1;
  }
  int banner = !strcmp(k, "旗");
  if (!sumu && !xiang && !zhen) { if (banner) sumu = zhen = 1; else xiang = zhen = 1; }
  strbuf t;
  sb_init(&t);
  if (sumu) sb_add(&t, "苏木");
  if (xiang && zhen && !sumu) sb_add(&t, "乡镇");
  else { if (xiang) sb_add(&t, "乡"); if (zhen) sb_add(&t, "镇"); }
  if (street) sb_add(&t, "（街道）");
  strbuf v;
  sb_init(&v);
  /* a banner's villages are 嘎查 and 村 together, whatever the roster lists */
  sb_add(&v, banner || (gacha && village) ? "嘎查村" : gacha ? "嘎查" : "村");
  if (community) sb_add(&v, "（社区）");
  add(words, "county_kind", k);
  add(words, "township", sb_str(&t));
  add(words, "village", sb_str(&v));
  sb_free(&t);
  sb_free(&v);
}

/* ---- the plan ----------------------------------------------------------- */

/* The year inside 〔〕, [] or ［］ of a 文号, or 0. */
static int doc_number_year(const char *s)
{
  static const char *const open[] = { "〔", "[", "［", "(", "（", NULL };
  for (int i = 0; s && open[i]; i++) {
    const char *p = strstr(s, open[i]);
    if (!p) continue;
    p += strlen(open[i]);
    if (p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' && p[3] >= '0' &&
        p[3] <= '9')
      return (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
  }
  return 0;
}

static int date_key(const char *s)
{
  dates_ymd t;
  if (!s || dates_parse(s, 0, &t) != DATE_OK) return 0;
  return t.y * 10000 + t.m * 100 + t.d;
}

static void plan_date(xmlNode *plan, xmlNode *out, diag_list *d)
{
  const char *date = schema_get(plan, "date"), *num = schema_get(plan, "doc_number");
  int draft = !strcmp(schema_get(plan, "draft") ? schema_get(plan, "draft") : "", "true");
  int key = date_key(date);
  if (!key) {
    add(out, "date_mode", draft ? "none" : "blank");
    if (!draft)
      warn_at(d, DIAG_WARNING, plan,
              "the plan has no date (plan.date, its 成文日期): the date line is left blank to be filled "
              "in by hand (    年  月  日)");
    return;
  }
  add(out, "date_mode", "given");
  xmlNode *df = schema_find(plan, "date");
  int year = key / 10000, ny = doc_number_year(num);
  if (ny && ny != year) {
    char *m = xasprintf(_("plan.date %s is in %d, but the 文号 %s is of %d"), date, year, num, ny);
    warn_at(d, DIAG_WARNING, df, m);
    free(m);
  }
  xmlNode *first = schema_first(schema_find(plan, "phases"));
  const char *end = schema_get(first, "end"), *name = schema_get(first, "name");
  if (first && date_key(end) && key > date_key(end)) {
    char *tasks = wording_join(schema_find(first, "tasks"), "；", "");
    char *m = xasprintf(_("plan.date %s is after the end (%s) of the first phase “%s”%s%s%s"), date, end,
                        name ? name : "", has(tasks, "印发") ? _(", whose tasks include “") : "",
                        has(tasks, "印发") ? tasks : "", has(tasks, "印发") ? "”" : "");
    warn_at(d, DIAG_WARNING, df, m);
    free(m);
    free(tasks);
  }
}

/* "领导小组下设办公室，…，负责日常工作。" from office_host / office_head, or
 * from an old `office` text. */
static void plan_office(xmlNode *plan, xmlNode *out, diag_list *d)
{
  const char *host = schema_get(plan, "office_host"), *head = schema_get(plan, "office_head");
  const char *old = schema_get(plan, "office");
  if (host && !*host) host = NULL;
  if (head && !*head) head = NULL;
  if (!host && !head && old && *old) {
    size_t n = strlen(old), e = strlen("。");
    if (n >= e && !strcmp(old + n - e, "。")) {
      add(out, "office_sentence", old);
      return;
    }
    host = old;
    warn_at(d, DIAG_NOTE, schema_find(plan, "office"),
            "plan.office names a body, not a sentence: it is used as where the office sits "
            "(办公室设在…); write plan.office_host (where it sits) and plan.office_head (who heads it) instead");
  }
  if (!host && !head) return;
  strbuf b;
  sb_init(&b);
  sb_add(&b, "领导小组下设办公室");
  if (host) { sb_add(&b, "，办公室设在"); sb_addn(&b, host, trimmed_len(host)); }
  if (head) { sb_add(&b, host ? "，" : "，由"); sb_addn(&b, head, trimmed_len(head)); sb_add(&b, "任办公室主任"); }
  sb_add(&b, "，负责日常工作。");
  add(out, "office_sentence", sb_str(&b));
  sb_free(&b);
}

/* Default descriptions of the usual selection steps (after seed 003's plans). */
static const struct { const char *key, *text; } step_texts[] = {
  { "公告", "充分利用报刊、网络、手机短信、宣传栏等媒介发布公告，公开选配岗位、条件和程序，营造社会氛围，使团员青年充分知晓。" },
  { "宣传", "充分利用报刊、网络、手机短信、宣传栏等媒介宣传改革工作，公开选配岗位、条件和程序，使团员青年充分知晓。" },
  { "报名", "符合条件的人员通过组织推荐、团员青年联名推荐或个人自荐等方式报名，填写《竞职候选人报名表》。" },
  { "资格", "由领导小组办公室会同有关单位对报名人员进行资格审查，并将审查结果通知本人，确定参加竞职的人选。" },
  { "民主推荐", "召开团员青年大会或座谈会进行民主推荐，根据多数团员青年的意见，按照差额比例确定正式候选人。" },
  { "演讲", "竞职人员在团员青年会议上作竞职演讲，介绍个人简历、工作业绩、竞职条件和工作打算，评委按百分制现场评分。" },
  { "考察", "根据推荐和竞职情况，由党组织会同团组织对拟任人选的德、能、勤、绩、廉进行组织考察，研究提出拟任人选。" },
  { "公示", "在拟任人选所在单位进行任前公示，接受团员青年和群众监督。" },
  { "任命", "公示期满无异议的，由同级党组织发文任命，或依照团章规定选举产生。" },
  { "选举", "召开团员大会或团员代表大会，依照团章规定差额选举产生团委委员、书记和副书记。" },
  { NULL, NULL }
};

static void plan_items(xmlNode *plan)
{
  for (xmlNode *s = schema_first(schema_find(plan, "procedure")); s; s = schema_next(s)) {
    const char *note = schema_get(s, "note"), *name = schema_get(s, "name");
    if (note && *note) {
      size_t n = trimmed_len(note);
      char *t = xasprintf("%.*s。", (int)n, note);
      add(s, "description", t);
      free(t);
      continue;
    }
    for (int i = 0; step_texts[i].key; i++)
      if (has(name, step_texts[i].key)) { add(s, "description", step_texts[i].text); break; }
  }
  for (xmlNode *p = schema_first(schema_find(plan, "phases")); p; p = schema_next(p)) {
    char *t = wording_join(schema_find(p, "tasks"), "；", "。");
    if (*t) add(p, "tasks_text", t);
    free(t);
  }
  char *cc = wording_join(schema_find(plan, "cc"), "，", "。");
  if (*cc) add(plan, "cc_text", cc);
  free(cc);
}

/* ---- '~' in the county's text ------------------------------------------- */

static void tilde_scan(const xmlNode *n, diag_list *d, int *count)
{
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      if (!strcmp((const char *)c->name, "derived")) continue;
      tilde_scan(c, d, count);
    } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content &&
               strchr((const char *)c->content, '~')) {
      if (++*count > 20) continue;
      char *m = xasprintf(_("a half-width '~' in “%s” reads as a typing slip in a 公文 (write 1—2 or 1至2); "
                          "the text is kept as given"), (const char *)c->content);
      warn_at(d, DIAG_WARNING, n, m);
      free(m);
    }
  }
}

void wording_derive(xmlNode *root, xmlNode *derived, diag_list *d)
{
  int tildes = 0;
  tilde_scan(root, d, &tildes);   /* before anything is added to the county's items */
  derive_words(root, xmlNewChild(derived, NULL, (const xmlChar *)"words", NULL));
  /* the roll-up's group: counties of one year and stage are ranked together */
  xmlNode *period = schema_find(root, "period");
  char *key = xasprintf("%s|%s", schema_get(period, "year") ? schema_get(period, "year") : "",
                        schema_get(period, "stage") ? schema_get(period, "stage") : "");
  add(derived, "batch_group", key);
  free(key);
  xmlNode *plan = schema_find(root, "plan");
  if (plan) {
    xmlNode *out = xmlNewChild(derived, NULL, (const xmlChar *)"plan_text", NULL);
    plan_date(plan, out, d);
    plan_office(plan, out, d);
    plan_items(plan);
  }
}
