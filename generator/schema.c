/* schema.c: the input contract of input-format.md as data (schema.h).
 * The order of the fields in each table is the canonical order of the data
 * document's children; templates/DATA.md lists the same fields. */
#include "schema.h"
#include "archive.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

#define F(n, k, fl)     { n, k, fl, NULL, NULL, NULL }
#define E(n, v, fl)     { n, SK_ENUM, fl, v, NULL, NULL }
#define O(n, f, fl)     { n, SK_OBJECT, fl, NULL, f, NULL }
#define A(n, it, fl)    { n, SK_ARRAY, fl, NULL, NULL, &it }
#define END             { NULL, SK_STRING, 0, NULL, NULL, NULL }
#define R SF_REQUIRED

static const char *const county_kinds[] = { "县", "县级市", "市辖区", "旗", "自治县", "自治旗",
                                            "特区", "林区", NULL };
static const char *const stages[] = { "年度评估", "中期评估", "终期评估", NULL };
static const char *const levels[] = { "county", "township", "subdistrict", "village", "community",
                                      "school", "vocational_school", "enterprise", "social_org",
                                      "industry", "government", NULL };
static const char *const genders[] = { "男", "女", NULL };
static const char *const politicals[] = { "中共党员", "中共预备党员", "共青团员", "群众", NULL };
static const char *const modes[] = { "专职", "挂职", "兼职", NULL };
static const char *const establishments[] = { "编制内", "编制外", NULL };
static const char *const cadre_grades[] = { "优秀", "合格", "基本合格", "不合格", NULL };
static const char *const eval_grades[] = { "优秀", "良好", "合格", "基本合格", "不合格", NULL };
static const char *const item_categories[] = { "基础工作", "重点工作", "特色工作", "X", NULL };
static const char *const roles[] = { "组长", "副组长", "成员", NULL };

static const schema_field para = F("p", SK_STRING, 0);

static const schema_field county_fields[] = {
  F("code", SK_CODE6, R), F("name", SK_STRING, R), E("kind", county_kinds, 0),
  F("province", SK_STRING, 0), F("prefecture", SK_STRING, 0),
  F("league_committee", SK_STRING, R), F("league_committee_short", SK_STRING, 0),
  F("party_committee", SK_STRING, 0), F("youth_population", SK_COUNT, 0),
  F("social_youth_population", SK_COUNT, 0), F("registered_6_35", SK_COUNT, 0), END
};

static const schema_field period_fields[] = {
  F("year", SK_YEAR, R), F("baseline_year", SK_YEAR, 0), F("reference_date", SK_DATE, R),
  F("report_date", SK_DATE, R), E("stage", stages, 0), END
};

static const schema_field rules_fields[] = {
  F("committee_size_min", SK_COUNT, 0), F("committee_size_max", SK_COUNT, 0),
  F("leaders_share_max", SK_SHARE, 0), F("outside_share_min", SK_SHARE, 0),
  F("party_members_min", SK_COUNT, 0), F("age_max", SK_COUNT, 0),
  F("age_max_part_time", SK_COUNT, 0), F("candidate_margin", SK_NONNEG, 0),
  F("publicity_days_min", SK_COUNT, 0), F("announcement_days", SK_COUNT, 0),
  F("on_duty_min", SK_SHARE, 0), F("two_committees_min", SK_SHARE, 0),
  F("township_fund_min", SK_NONNEG, 0), F("per_capita_fund_min", SK_NONNEG, 0), END
};

static const schema_field indicator_fields[] = {
  F("id", SK_ID, R), F("name", SK_STRING, R), F("unit", SK_STRING, 0),
  F("before", SK_NUMBER, R), F("after", SK_NUMBER, R), F("target", SK_NUMBER, 0),
  F("higher_is_better", SK_BOOL, 0), F("category", SK_STRING, 0), F("note", SK_STRING, 0),
  F("rate", SK_BOOL, 0), F("part_of", SK_ID, 0), END
};
static const schema_field indicator = O("indicator", indicator_fields, 0);

static const schema_field posts_fields[] = {
  F("secretary", SK_COUNT, 0), F("deputy", SK_COUNT, 0), F("member", SK_COUNT, 0),
  F("staff", SK_COUNT, 0), END
};
static const schema_field unit_fields[] = {
  F("id", SK_ID, R), F("name", SK_STRING, R), F("parent", SK_ID, 0), E("level", levels, R),
  O("posts", posts_fields, 0), F("youth_population", SK_COUNT, 0), F("funding", SK_NONNEG, 0), END
};
static const schema_field unit = O("unit", unit_fields, 0);

static const schema_field result_fields[] = {
  F("year", SK_YEAR, R), E("grade", cadre_grades, R), END
};
static const schema_field result = O("result", result_fields, 0);
static const schema_field cadre_fields[] = {
  F("name", SK_STRING, R), E("gender", genders, R), F("birth", SK_DATE_MONTH, R),
  F("ethnicity", SK_STRING, 0), E("political", politicals, R), F("education", SK_STRING, 0),
  F("unit", SK_ID, R), F("post", SK_STRING, R), E("mode", modes, R),
  E("establishment", establishments, R), F("source", SK_STRING, 0), F("on_duty", SK_BOOL, 0),
  F("two_committees", SK_BOOL, 0), F("appointed", SK_DATE_MONTH, 0), A("assessment", result, 0), END
};
static const schema_field cadre = O("cadre", cadre_fields, 0);

static const schema_field four_weights[] = {
  F("party_gov", SK_SHARE, R), F("league", SK_SHARE, R), F("youth", SK_SHARE, R),
  F("society", SK_SHARE, R), END
};
static const schema_field four_scores[] = {
  F("party_gov", SK_SCORE, R), F("league", SK_SCORE, R), F("youth", SK_SCORE, R),
  F("society", SK_SCORE, R), END
};
static const schema_field item_fields[] = {
  E("category", item_categories, R), F("name", SK_STRING, R), F("max", SK_NONNEG, 0),
  F("score", SK_NONNEG, 0), END
};
static const schema_field item = O("item", item_fields, 0);
static const schema_field grade_fields[] = { F("name", SK_STRING, R), F("min", SK_SCORE, R), END };
static const schema_field grade = O("grade", grade_fields, 0);
static const schema_field eval_fields[] = {
  F("unit", SK_ID, R), E("org_grade", eval_grades, 0), E("secretary_grade", eval_grades, 0), END
};
static const schema_field eval_unit = O("unit", eval_fields, 0);
static const schema_field assessment_fields[] = {
  O("weights", four_weights, 0), O("scores", four_scores, 0), A("items", item, 0),
  A("grades", grade, 0), A("units", eval_unit, 0), END
};

static const schema_field party_fields[] = {
  F("standing_committee_sessions", SK_COUNT, 0), F("reports", SK_COUNT, 0),
  F("secretary_instructions", SK_COUNT, 0), F("deputy_instructions", SK_COUNT, 0),
  F("assessment_share", SK_SHARE, 0), F("new_party_members_under_28", SK_COUNT, 0),
  F("recommended_by_league", SK_COUNT, 0), END
};

static const schema_field member_fields[] = {
  E("role", roles, R), F("name", SK_STRING, R), F("title", SK_STRING, 0), END
};
static const schema_field member = O("member", member_fields, 0);
static const schema_field position_fields[] = {
  F("unit", SK_ID, R), F("post", SK_STRING, R), F("count", SK_COUNT, R), END
};
static const schema_field position = O("position", position_fields, 0);
static const schema_field step_fields[] = {
  F("name", SK_STRING, R), F("days", SK_COUNT, 0), F("note", SK_STRING, 0), END
};
static const schema_field step = O("step", step_fields, 0);
static const schema_field phase_fields[] = {
  F("name", SK_STRING, R), F("start", SK_DATE, R), F("end", SK_DATE, R), A("tasks", para, 0), END
};
static const schema_field phase = O("phase", phase_fields, 0);
static const schema_field plan_fields[] = {
  F("title", SK_STRING, R), F("doc_number", SK_STRING, 0), F("addressees", SK_STRING, 0),
  F("guiding_idea", SK_STRING, 0), A("goals", para, 0), F("deadline", SK_DATE, 0),
  F("date", SK_DATE, 0), F("office", SK_STRING, 0), F("office_host", SK_STRING, 0),
  F("office_head", SK_STRING, 0), F("draft", SK_BOOL, 0), A("cc", para, 0),
  A("leading_group", member, 0), A("positions", position, 0), A("procedure", step, 0),
  A("phases", phase, 0), A("mechanisms", para, 0), A("guarantees", para, 0), END
};

static const schema_field section_fields[] = {
  F("title", SK_STRING, R), A("paragraphs", para, 0), END
};
static const schema_field section = O("section", section_fields, 0);
static const schema_field narrative_fields[] = {
  A("background", para, 0), A("practices", section, 0), A("results", section, 0),
  A("problems", section, 0), A("next_steps", section, 0), END
};

/* archival description (archive.h): the county's own 保管期限 and 密级 */
static const schema_field archive_fields[] = {
  F("organization", SK_STRING, 0), E("retention", archive_retentions, 0),
  E("classification", archive_classifications, 0), END
};

static const schema_field root_fields[] = {
  F("note", SK_STRING, 0),
  O("county", county_fields, R), O("period", period_fields, R), O("rules", rules_fields, 0),
  A("indicators", indicator, 0), A("units", unit, 0), A("cadres", cadre, 0),
  O("assessment", assessment_fields, 0), O("party_building", party_fields, 0),
  O("plan", plan_fields, 0), O("narrative", narrative_fields, 0), O("archive", archive_fields, 0), END
};
static const schema_field root = O("county-report", root_fields, R);

const schema_field *schema_root(void)
{
  return &root;
}

int schema_index(const schema_field *obj, const char *name)
{
  return schema_index_from(obj, name, 0);
}

int schema_index_from(const schema_field *obj, const char *name, int from)
{
  if (!obj || obj->kind != SK_OBJECT || !obj->fields) return -1;
  const schema_field *f = obj->fields;
  for (int i = from; f[i].name; i++)
    if (strcmp(f[i].name, name) == 0) return i;
  for (int i = 0; i < from; i++)
    if (strcmp(f[i].name, name) == 0) return i;
  return -1;
}

const schema_field *schema_child(const schema_field *obj, const char *name)
{
  int i = schema_index(obj, name);
  return i < 0 ? NULL : &obj->fields[i];
}

int schema_is_numeric(schema_kind k)
{
  return k == SK_NUMBER || k == SK_NONNEG || k == SK_COUNT || k == SK_SCORE || k == SK_SHARE ||
         k == SK_YEAR;
}

const char *schema_expect(schema_kind k)
{
  switch (k) {
  case SK_OBJECT: return _("an object");
  case SK_ARRAY: return _("an array");
  case SK_STRING: return _("text");
  case SK_ID: return _("an id (text without spaces)");
  case SK_CODE6: return _("a six-digit division code");
  case SK_NUMBER: return _("a number");
  case SK_NONNEG: return _("a number >= 0");
  case SK_COUNT: return _("a whole number >= 0");
  case SK_SCORE: return _("a number from 0 to 100");
  case SK_SHARE: return _("a number from 0 to 1");
  case SK_YEAR: return _("a year from 1949 to 2100");
  case SK_BOOL: return _("true or false");
  case SK_DATE: return _("YYYY-MM-DD");
  case SK_DATE_MONTH: return _("YYYY-MM-DD or YYYY-MM");
  case SK_ENUM: return _("one of the listed values");
  }
  return _("a value");
}

static int is_digit(char c)
{
  return c >= '0' && c <= '9';
}

int schema_norm_number(const char *s, size_t n, strbuf *out)
{
  size_t i = 0;
  int neg = 0, range = 0;
  char digits[SCHEMA_NUMBER_DIGITS];
  size_t nd = 0;
  long point = 0;
  if (i < n && s[i] == '-') { neg = 1; i++; }
  size_t start = i;
  for (; i < n && is_digit(s[i]); i++) {
    if (nd < sizeof digits) digits[nd++] = s[i];
    else range = 1;
    point++;
  }
  if (i == start) return -1;
  if (i < n && s[i] == '.') {
    size_t fs = ++i;
    for (; i < n && is_digit(s[i]); i++) {
      if (nd < sizeof digits) digits[nd++] = s[i];
      else range = 1;
    }
    if (i == fs) return -1;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    int eneg = 0;
    long e = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    size_t es = i;
    for (; i < n && is_digit(s[i]); i++) {
      if (e <= SCHEMA_NUMBER_EXP) e = e * 10 + (s[i] - '0');
      if (e > SCHEMA_NUMBER_EXP) range = 1;
    }
    if (i == es) return -1;
    point += eneg ? -e : e;
  }
  if (i != n) return -1;
  if (range) return -2;
  if (!out) return 0;
  size_t lead = 0;
  while (lead < nd && digits[lead] == '0') { lead++; point--; }
  while (nd > lead && digits[nd - 1] == '0') nd--;
  if (lead == nd) { sb_add(out, "0"); return 0; }
  const char *d = digits + lead;
  long len = (long)(nd - lead);
  if (neg) sb_addc(out, '-');
  if (point <= 0) {
    sb_add(out, "0.");
    for (long k = 0; k < -point; k++) sb_addc(out, '0');
    sb_addn(out, d, (size_t)len);
  } else if (point >= len) {
    sb_addn(out, d, (size_t)len);
    for (long k = len; k < point; k++) sb_addc(out, '0');
  } else {
    sb_addn(out, d, (size_t)point);
    sb_addc(out, '.');
    sb_addn(out, d + point, (size_t)(len - point));
  }
  return 0;
}

xmlNode *schema_first(const xmlNode *n)
{
  if (!n) return NULL;
  for (xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) return c;
  return NULL;
}

xmlNode *schema_next(const xmlNode *n)
{
  for (xmlNode *c = n ? n->next : NULL; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) return c;
  return NULL;
}

xmlNode *schema_find(const xmlNode *n, const char *name)
{
  for (xmlNode *c = schema_first(n); c; c = schema_next(c))
    if (strcmp((const char *)c->name, name) == 0) return c;
  return NULL;
}

void schema_find_fields(const xmlNode *n, const char *const *names, int count, xmlNode **out)
{
  for (int i = 0; i < count; i++) out[i] = NULL;
  int next = 0;   /* where the next child's name is looked for first */
  for (xmlNode *c = schema_first(n); c && count > 0; c = schema_next(c)) {
    const char *name = (const char *)c->name;
    int i = next;
    for (int k = 0; k < count; k++, i = i + 1 == count ? 0 : i + 1) {
      /* the first letter settles most comparisons, for a child not asked for too */
      if (names[i][0] != name[0] || strcmp(names[i], name) != 0) continue;
      if (!out[i]) out[i] = c;
      next = i + 1 == count ? 0 : i + 1;
      break;
    }
  }
}

const char *schema_text(const xmlNode *n)
{
  if (!n) return "";
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_TEXT_NODE && c->content) return (const char *)c->content;
  return "";
}

const char *schema_get(const xmlNode *n, const char *name)
{
  xmlNode *c = schema_find(n, name);
  return c ? schema_text(c) : NULL;
}

static int cmp_ref(const void *a, const void *b)
{
  const schema_ref *x = a, *y = b;
  int c = strcmp(x->id, y->id);
  if (c) return c;
  return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void schema_refs_build(schema_refs *r, const xmlNode *container, const char *field)
{
  int cap = 0, pos = 0;
  for (xmlNode *c = schema_first(container); c; c = schema_next(c), pos++) {
    const char *id = schema_get(c, field);
    if (!id || !*id) continue;
    if (r->n == cap) {
      cap = cap ? cap * 2 : 32;
      r->v = xrealloc(r->v, (size_t)cap * sizeof *r->v);
    }
    r->v[r->n].id = id;
    r->v[r->n].node = c;
    r->v[r->n].pos = pos;
    r->n++;
  }
  if (r->n > 1) qsort(r->v, (size_t)r->n, sizeof *r->v, cmp_ref);
}

int schema_refs_index(const schema_refs *r, const char *id)
{
  int lo = 0, hi = r->n;
  if (!id) return -1;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (strcmp(r->v[mid].id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < r->n && strcmp(r->v[lo].id, id) == 0 ? lo : -1;
}

xmlNode *schema_refs_find(const schema_refs *r, const char *id)
{
  int i = schema_refs_index(r, id);
  return i < 0 ? NULL : r->v[i].node;
}

void schema_refs_free(schema_refs *r)
{
  free(r->v);
  r->v = NULL;
  r->n = 0;
}
