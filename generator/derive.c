/* derive.c: computed figures and rule outcomes (derive.h).
 *
 * Everything is computed with exact decimals (decimal.h) and written into
 * the data document as text, so templates only print: each indicator gets
 * its change and growth, each cadre its age, each unit a <stats> block, and
 * a <derived> element under the root holds the county totals, the rule
 * limits in force, the weighted score and grade, plan figures, and the
 * findings (failed rules) with ready Chinese sentences. templates/DATA.md
 * documents every element added here. */
#include "derive.h"
#include "decimal.h"
#include "schema.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* ---- rule limits -------------------------------------------------------- */

enum {
  R_COMMITTEE_MIN, R_COMMITTEE_MAX, R_LEADERS_MAX, R_OUTSIDE_MIN, R_PARTY_MIN, R_AGE_MAX,
  R_AGE_MAX_PT, R_MARGIN, R_PUBLICITY, R_ANNOUNCEMENT, R_ON_DUTY_MIN, R_TWO_MIN,
  R_TOWNSHIP_FUND, R_PER_CAPITA_FUND, R_COUNT
};

static const struct { const char *name, *def; } rule_defs[R_COUNT] = {
  { "committee_size_min", "9" }, { "committee_size_max", "15" },
  { "leaders_share_max", "0.3333" }, { "outside_share_min", "0.5" },
  { "party_members_min", "3" }, { "age_max", "35" }, { "age_max_part_time", "40" },
  { "candidate_margin", "0.2" }, { "publicity_days_min", "15" }, { "announcement_days", "7" },
  { "on_duty_min", "0.9" }, { "two_committees_min", "1" }, { "township_fund_min", "20000" },
  { "per_capita_fund_min", "3" },
};

/* ---- small writers ------------------------------------------------------ */

static xmlNode *add_text(xmlNode *parent, const char *name, const char *text)
{
  return xmlNewTextChild(parent, NULL, (const xmlChar *)name, (const xmlChar *)text);
}

static void add_long(xmlNode *parent, const char *name, long v)
{
  char buf[FMT_LONG_SIZE];
  add_text(parent, name, fmt_long(v, buf));
}

/* places < 0: shortest exact form. */
static void add_dec(xmlNode *parent, const char *name, dec v, int places)
{
  char buf[DEC_BUFSZ];
  add_text(parent, name, dec_format(v, places, buf));
}

static const char *bool_text(int b)
{
  return b ? "true" : "false";
}

/* num / den as a percentage with one decimal, "142.9"; NULL when den is 0. */
static char *percent_text(dec num, dec den, char buf[DEC_BUFSZ])
{
  dec p;
  if (dec_is_zero(den) || dec_percent(num, den, 1, &p) != 0) return NULL;
  return dec_format(p, 1, buf);
}

static void add_rate(xmlNode *parent, const char *name, long num, long den)
{
  char buf[DEC_BUFSZ];
  const char *t = percent_text(dec_from_int(num), dec_from_int(den), buf);
  if (t) add_text(parent, name, t);
}

static int get_dec(const xmlNode *n, const char *field, dec *out)
{
  const char *t = schema_get(n, field);
  return t && *t && dec_parse(t, out) == 0 ? 0 : -1;
}

static int text_is(const xmlNode *n, const char *field, const char *value)
{
  const char *t = schema_get(n, field);
  return t && strcmp(t, value) == 0;
}

/* ---- statistics over cadres --------------------------------------------- */

enum { C_SECRETARY, C_DEPUTY, C_MEMBER, C_STAFF, C_OTHER, C_COUNT };
static const char *const class_names[C_COUNT] = { "secretary", "deputy", "member", "staff", "other" };

typedef struct stats {
  long cadres, cls[C_COUNT], on_duty;
  long full_time, seconded, part_time, inside, outside;
  long party, league, masses, women, men, young, age_sum, aged;
  long committee, leaders, committee_outside, committee_party;
  long branch_secretaries, two_committees;
  long planned[4];
  int has_posts;
} stats;

static int post_class(const char *post)
{
  if (!post) return C_OTHER;
  if (!strcmp(post, "书记") || !strcmp(post, "团支部书记")) return C_SECRETARY;
  if (!strcmp(post, "副书记")) return C_DEPUTY;
  if (!strcmp(post, "委员") || !strcmp(post, "团支部委员")) return C_MEMBER;
  if (!strcmp(post, "干事")) return C_STAFF;
  return C_OTHER;
}

static int in_committee(const char *post)
{
  return post && (!strcmp(post, "书记") || !strcmp(post, "副书记") || !strcmp(post, "委员"));
}

static int is_party(const char *pol)
{
  return pol && (!strcmp(pol, "中共党员") || !strcmp(pol, "中共预备党员"));
}

static int on_duty(const xmlNode *c)
{
  const char *t = schema_get(c, "on_duty");
  return !t || strcmp(t, "false") != 0;
}

static void stats_add(stats *s, const xmlNode *c, int age)
{
  const char *post = schema_get(c, "post");
  const char *pol = schema_get(c, "political");
  int outside = text_is(c, "establishment", "编制外");
  s->cadres++;
  s->cls[post_class(post)]++;
  if (on_duty(c)) s->on_duty++;
  if (text_is(c, "mode", "专职")) s->full_time++;
  else if (text_is(c, "mode", "挂职")) s->seconded++;
  else if (text_is(c, "mode", "兼职")) s->part_time++;
  if (outside) s->outside++;
  else s->inside++;
  if (is_party(pol)) s->party++;
  else if (pol && !strcmp(pol, "共青团员")) s->league++;
  else s->masses++;
  if (text_is(c, "gender", "女")) s->women++;
  else s->men++;
  if (age >= 0) {
    s->aged++;
    s->age_sum += age;
    if (age <= 35) s->young++;
  }
  if (in_committee(post)) {
    s->committee++;
    if (strcmp(post, "委员") != 0) s->leaders++;
    if (outside) s->committee_outside++;
    if (is_party(pol)) s->committee_party++;
  }
  if (post && !strcmp(post, "团支部书记")) {
    s->branch_secretaries++;
    if (text_is(c, "two_committees", "true")) s->two_committees++;
  }
}

static void stats_merge(stats *to, const stats *s)
{
  to->cadres += s->cadres;
  for (int i = 0; i < C_COUNT; i++) to->cls[i] += s->cls[i];
  for (int i = 0; i < 4; i++) to->planned[i] += s->planned[i];
  to->on_duty += s->on_duty;
  to->full_time += s->full_time;
  to->seconded += s->seconded;
  to->part_time += s->part_time;
  to->inside += s->inside;
  to->outside += s->outside;
  to->party += s->party;
  to->league += s->league;
  to->masses += s->masses;
  to->women += s->women;
  to->men += s->men;
  to->young += s->young;
  to->age_sum += s->age_sum;
  to->aged += s->aged;
  to->committee += s->committee;
  to->leaders += s->leaders;
  to->committee_outside += s->committee_outside;
  to->committee_party += s->committee_party;
  to->branch_secretaries += s->branch_secretaries;
  to->two_committees += s->two_committees;
  to->has_posts |= s->has_posts;
}

static long filled(const stats *s)
{
  return s->cls[C_SECRETARY] + s->cls[C_DEPUTY] + s->cls[C_MEMBER] + s->cls[C_STAFF];
}

static long planned_total(const stats *s)
{
  return s->planned[0] + s->planned[1] + s->planned[2] + s->planned[3];
}

static void stats_write(xmlNode *parent, const stats *s)
{
  xmlNode *x = xmlNewChild(parent, NULL, (const xmlChar *)"stats", NULL);
  add_long(x, "cadres", s->cadres);
  for (int i = 0; i < C_COUNT; i++) add_long(x, class_names[i], s->cls[i]);
  if (s->has_posts) {
    xmlNode *p = xmlNewChild(x, NULL, (const xmlChar *)"planned", NULL);
    for (int i = 0; i < 4; i++) add_long(p, class_names[i], s->planned[i]);
    add_long(p, "total", planned_total(s));
    add_long(x, "filled", filled(s));
    add_rate(x, "staffing_rate", filled(s), planned_total(s));
  }
  add_long(x, "on_duty", s->on_duty);
  add_rate(x, "on_duty_rate", s->on_duty, s->cadres);
  add_long(x, "full_time", s->full_time);
  add_long(x, "seconded", s->seconded);
  add_long(x, "part_time", s->part_time);
  add_long(x, "inside", s->inside);
  add_long(x, "outside", s->outside);
  add_rate(x, "outside_rate", s->outside, s->cadres);
  add_long(x, "party", s->party);
  add_long(x, "league", s->league);
  add_long(x, "masses", s->masses);
  add_long(x, "women", s->women);
  add_long(x, "men", s->men);
  add_long(x, "age_35_or_under", s->young);
  if (s->aged) {
    dec avg;
    if (dec_div(dec_from_int(s->age_sum), dec_from_int(s->aged), 1, &avg) == 0)
      add_dec(x, "average_age", avg, 1);
  }
  add_long(x, "committee", s->committee);
  add_long(x, "committee_leaders", s->leaders);
  add_long(x, "committee_outside", s->committee_outside);
  add_long(x, "committee_party", s->committee_party);
  add_long(x, "branch_secretaries", s->branch_secretaries);
  add_long(x, "two_committees", s->two_committees);
  add_rate(x, "two_committees_rate", s->two_committees, s->branch_secretaries);
}

/* ---- the derive context ------------------------------------------------- */

typedef struct dctx {
  xmlNode *root, *derived, *findings;
  dec lim[R_COUNT];
  int ry, rm, rd;           /* reference date */
  int have_ref;
  const char *county_name;
  struct { const char *rule; long checked, failed; } checks[16];
  int nchecks;
} dctx;

static int check_slot(dctx *c, const char *rule)
{
  for (int i = 0; i < c->nchecks; i++)
    if (!strcmp(c->checks[i].rule, rule)) return i;
  c->checks[c->nchecks].rule = rule;
  c->checks[c->nchecks].checked = c->checks[c->nchecks].failed = 0;
  return c->nchecks++;
}

static void checked(dctx *c, const char *rule)
{
  c->checks[check_slot(c, rule)].checked++;
}

/* Records a failed rule. unit may be NULL (a county-wide rule); text is the
 * Chinese sentence (taken over). */
static void finding(dctx *c, const char *rule, const xmlNode *unit, const char *subject,
                    const char *actual, const char *limit, char *text)
{
  c->checks[check_slot(c, rule)].failed++;
  xmlNode *f = xmlNewChild(c->findings, NULL, (const xmlChar *)"finding", NULL);
  add_text(f, "rule", rule);
  if (unit) {
    add_text(f, "unit", schema_get(unit, "id"));
    add_text(f, "unit_name", schema_get(unit, "name"));
  }
  if (subject) add_text(f, "subject", subject);
  add_text(f, "actual", actual);
  add_text(f, "limit", limit);
  add_text(f, "text", text);
  free(text);
}

static const char *fmt_dec(dec v, int places, char buf[DEC_BUFSZ])
{
  return dec_format(v, places, buf);
}

static void read_limits(dctx *c)
{
  xmlNode *rules = schema_find(c->root, "rules");
  xmlNode *out = xmlNewChild(c->derived, NULL, (const xmlChar *)"rules", NULL);
  for (int i = 0; i < R_COUNT; i++) {
    if (get_dec(rules, rule_defs[i].name, &c->lim[i]) != 0) dec_parse(rule_defs[i].def, &c->lim[i]);
    add_dec(out, rule_defs[i].name, c->lim[i], -1);
  }
}

/* ---- indicators --------------------------------------------------------- */

static void derive_indicators(dctx *c)
{
  for (xmlNode *i = schema_first(schema_find(c->root, "indicators")); i; i = schema_next(i)) {
    dec before, after, change, target;
    if (get_dec(i, "before", &before) || get_dec(i, "after", &after)) continue;
    if (dec_sub(after, before, &change) != 0) continue;
    add_dec(i, "change", change, -1);
    char buf[DEC_BUFSZ];
    const char *g = percent_text(change, before, buf);
    if (g) add_text(i, "growth", g);
    if (get_dec(i, "target", &target) == 0) {
      int higher = !text_is(i, "higher_is_better", "false");
      int cmp = dec_cmp(after, target);
      add_text(i, "met", bool_text(higher ? cmp >= 0 : cmp <= 0));
    }
  }
}

/* ---- cadres and units --------------------------------------------------- */

/* Full years from the birth date to the reference date; -1 if unknown. */
static int age_on(const dctx *c, const char *birth)
{
  int y, m, d;
  if (!c->have_ref || !birth || schema_parse_date(birth, 1, &y, &m, &d) != 0) return -1;
  if (d == 0) d = 1;
  int age = c->ry - y;
  if (c->rm < m || (c->rm == m && c->rd < d)) age--;
  return age < 0 ? -1 : age;
}

static void finding_age(dctx *c, const xmlNode *cadre, const xmlNode *unit, int age, int limit)
{
  char a[16], l[16];
  snprintf(a, sizeof a, "%d", age);
  snprintf(l, sizeof l, "%d", limit);
  const char *name = schema_get(cadre, "name");
  char *text = xasprintf("%s（%s%s）%d岁，超过%d岁的上限", name ? name : "",
                         unit ? schema_get(unit, "name") : "", schema_get(cadre, "post"), age, limit);
  finding(c, "age", unit, name, a, l, text);
}

/* The share num/den rounded to the limit's decimals (at least 2), so that a
 * limit of 0.3333 reads "one third": 3 of 9 passes. */
static int share_cmp(long num, long den, dec limit)
{
  dec share;
  int places = limit.scale < 2 ? 2 : limit.scale;
  if (dec_div(dec_from_int(num), dec_from_int(den), places, &share) != 0) return 0;
  return dec_cmp(share, limit);
}

static void percent_of(dec share, char buf[DEC_BUFSZ])
{
  dec p;
  if (dec_mul(share, dec_from_int(100), &p) != 0 || dec_round(p, 1, &p) != 0) p = share;
  dec_format(p, -1, buf);
}

/* Counts one check of `rule`: num/den against limit r, which the share must
 * not exceed (at_most) or must reach. Returns 1 when the rule fails, with the
 * share and the limit as percentages ("66.7", "90") in pt and pl. */
static int share_fails(dctx *c, const char *rule, long num, long den, int r, int at_most,
                       char pt[DEC_BUFSZ], char pl[DEC_BUFSZ])
{
  checked(c, rule);
  int cmp = share_cmp(num, den, c->lim[r]);
  if (at_most ? cmp <= 0 : cmp >= 0) return 0;
  if (!percent_text(dec_from_int(num), dec_from_int(den), pt)) strcpy(pt, "0");
  percent_of(c->lim[r], pl);
  return 1;
}

static void committee_rules(dctx *c, const xmlNode *u, const stats *s)
{
  const char *name = schema_get(u, "name");
  char a[DEC_BUFSZ], l[DEC_BUFSZ];
  checked(c, "committee-size");
  if (dec_cmp(dec_from_int(s->committee), c->lim[R_COMMITTEE_MIN]) < 0 ||
      dec_cmp(dec_from_int(s->committee), c->lim[R_COMMITTEE_MAX]) > 0) {
    int low = dec_cmp(dec_from_int(s->committee), c->lim[R_COMMITTEE_MIN]) < 0;
    snprintf(a, sizeof a, "%ld", s->committee);
    fmt_dec(c->lim[low ? R_COMMITTEE_MIN : R_COMMITTEE_MAX], -1, l);
    finding(c, "committee-size", u, NULL, a, l,
            xasprintf("%s委员%ld名，%s%s名的%s", name, s->committee, low ? "少于" : "多于", l,
                      low ? "下限" : "上限"));
  }
  if (s->committee == 0) return;
  char pt[DEC_BUFSZ], pl[DEC_BUFSZ];
  if (share_fails(c, "leaders-share", s->leaders, s->committee, R_LEADERS_MAX, 1, pt, pl))
    finding(c, "leaders-share", u, NULL, pt, pl,
            xasprintf("%s书记、副书记%ld名，占委员%ld名的%s%%，超过%s%%的上限", name, s->leaders,
                      s->committee, pt, pl));
  if (share_fails(c, "outside-share", s->committee_outside, s->committee, R_OUTSIDE_MIN, 0, pt, pl))
    finding(c, "outside-share", u, NULL, pt, pl,
            xasprintf("%s编制外委员%ld名，占%s%%，低于%s%%的下限", name, s->committee_outside, pt, pl));
  checked(c, "party-members");
  if (dec_cmp(dec_from_int(s->committee_party), c->lim[R_PARTY_MIN]) < 0) {
    snprintf(a, sizeof a, "%ld", s->committee_party);
    fmt_dec(c->lim[R_PARTY_MIN], -1, l);
    finding(c, "party-members", u, NULL, a, l,
            xasprintf("%s委员中党员%ld名，少于%s名的下限", name, s->committee_party, l));
  }
}

/* On-duty rate of a unit or (unit NULL) of the county. */
static void on_duty_rule(dctx *c, const xmlNode *u, const stats *s)
{
  if (s->cadres == 0) return;
  char pt[DEC_BUFSZ], pl[DEC_BUFSZ];
  if (share_fails(c, "on-duty", s->on_duty, s->cadres, R_ON_DUTY_MIN, 0, pt, pl))
    finding(c, "on-duty", u, NULL, pt, pl,
            xasprintf("%s团干部在岗率%s%%，低于%s%%的下限", u ? schema_get(u, "name") : c->county_name,
                      pt, pl));
}

static int is_level(const xmlNode *u, const char *a, const char *b)
{
  const char *l = schema_get(u, "level");
  return l && (!strcmp(l, a) || (b && !strcmp(l, b)));
}

static void fund_rule(dctx *c, const xmlNode *u)
{
  dec f;
  if (!is_level(u, "township", "subdistrict") || get_dec(u, "funding", &f) != 0) return;
  checked(c, "township-fund");
  if (dec_cmp(f, c->lim[R_TOWNSHIP_FUND]) >= 0) return;
  char a[DEC_BUFSZ], l[DEC_BUFSZ];
  fmt_dec(f, -1, a);
  fmt_dec(c->lim[R_TOWNSHIP_FUND], -1, l);
  finding(c, "township-fund", u, NULL, a, l,
          xasprintf("%s年度工作经费%s元，少于%s元的下限", schema_get(u, "name"), a, l));
}

static void two_committees_rule(dctx *c, const stats *t)
{
  if (t->branch_secretaries == 0) return;
  char pt[DEC_BUFSZ], pl[DEC_BUFSZ];
  if (share_fails(c, "two-committees", t->two_committees, t->branch_secretaries, R_TWO_MIN, 0, pt, pl))
    finding(c, "two-committees", NULL, NULL, pt, pl,
            xasprintf("村（社区）团支部书记%ld名，进入“两委”%ld名，占%s%%，低于%s%%的要求",
                      t->branch_secretaries, t->two_committees, pt, pl));
}

/* Cadres graded 不合格 in two consecutive years: the post is to be adjusted. */
static void result_use_cadre(dctx *c, const xmlNode *cadre, const xmlNode *unit)
{
  int prev = -1;
  xmlNode *results = schema_find(cadre, "assessment");
  if (schema_first(results)) checked(c, "result-use");
  for (xmlNode *r = schema_first(results); r; r = schema_next(r)) {
    dec y;
    if (!text_is(r, "grade", "不合格") || get_dec(r, "year", &y) != 0) continue;
    int yr = (int)y.mant;
    if (prev >= 0 && (yr == prev + 1 || yr == prev - 1)) {
      char a[32];
      snprintf(a, sizeof a, "%d,%d", prev < yr ? prev : yr, prev < yr ? yr : prev);
      const char *name = schema_get(cadre, "name");
      finding(c, "result-use", unit, name, a, "2",
              xasprintf("%s连续两年（%d年、%d年）考核不合格，应调整岗位", name ? name : "",
                        prev < yr ? prev : yr, prev < yr ? yr : prev));
      return;
    }
    prev = yr;
  }
}

static void derive_people(dctx *c)
{
  xmlNode *units = schema_find(c->root, "units");
  schema_refs refs = {0};
  schema_refs_build(&refs, units, "id");
  stats *us = xcalloc((size_t)(refs.n ? refs.n : 1), sizeof *us);
  stats total = {0};
  for (xmlNode *cd = schema_first(schema_find(c->root, "cadres")); cd; cd = schema_next(cd)) {
    int ui = schema_refs_index(&refs, schema_get(cd, "unit"));
    xmlNode *u = ui >= 0 ? refs.v[ui].node : NULL;
    int age = age_on(c, schema_get(cd, "birth"));
    dec lr;
    int lim = 35;
    if (dec_round(c->lim[text_is(cd, "mode", "兼职") ? R_AGE_MAX_PT : R_AGE_MAX], 0, &lr) == 0)
      lim = (int)lr.mant;
    if (age >= 0) {
      add_long(cd, "age", age);
      add_long(cd, "age_limit", lim);
      add_text(cd, "age_ok", bool_text(age <= lim));
      checked(c, "age");
      if (age > lim) finding_age(c, cd, u, age, lim);
    }
    if (u) add_text(cd, "unit_name", schema_get(u, "name"));
    add_text(cd, "post_class", class_names[post_class(schema_get(cd, "post"))]);
    add_text(cd, "duty", bool_text(on_duty(cd)));
    add_text(cd, "committee", bool_text(in_committee(schema_get(cd, "post"))));
    result_use_cadre(c, cd, u);
    stats_add(ui >= 0 ? &us[ui] : &total, cd, age);
  }
  /* units in document order; a unit whose id is missing or repeated gets empty figures */
  int nunits = 0;
  for (xmlNode *u = schema_first(units); u; u = schema_next(u)) nunits++;
  int *bypos = xmalloc((size_t)(nunits ? nunits : 1) * sizeof *bypos);
  for (int i = 0; i < nunits; i++) bypos[i] = -1;
  for (int i = 0; i < refs.n; i++)
    if (i == 0 || strcmp(refs.v[i].id, refs.v[i - 1].id) != 0) bypos[refs.v[i].pos] = i;
  /* per level, in the order of the contract's list of levels */
  const char *const *lv = schema_child(schema_child(schema_root(), "units")->item, "level")->values;
  int nlv = 0;
  while (lv[nlv]) nlv++;
  stats *bylevel = xcalloc((size_t)nlv, sizeof *bylevel);
  long *nbylevel = xcalloc((size_t)nlv, sizeof *nbylevel);
  int pos = 0;
  for (xmlNode *u = schema_first(units); u; u = schema_next(u), pos++) {
    stats empty = {0};
    stats *s = bypos[pos] >= 0 ? &us[bypos[pos]] : &empty;
    xmlNode *posts = schema_find(u, "posts");
    if (posts) {
      s->has_posts = 1;
      for (int i = 0; i < 4; i++) {
        dec p;
        if (get_dec(posts, class_names[i], &p) == 0) s->planned[i] = (long)p.mant;
      }
    }
    stats_write(u, s);
    if (is_level(u, "township", "subdistrict")) committee_rules(c, u, s);
    on_duty_rule(c, u, s);
    fund_rule(c, u);
    stats_merge(&total, s);
    const char *level = schema_get(u, "level");
    for (int i = 0; level && i < nlv; i++)
      if (!strcmp(level, lv[i])) { stats_merge(&bylevel[i], s); nbylevel[i]++; }
  }
  xmlNode *levels = xmlNewChild(c->derived, NULL, (const xmlChar *)"levels", NULL);
  for (int i = 0; i < nlv; i++) {
    if (!nbylevel[i]) continue;
    xmlNode *x = xmlNewChild(levels, NULL, (const xmlChar *)"level", NULL);
    add_text(x, "name", lv[i]);
    add_long(x, "units", nbylevel[i]);
    stats_write(x, &bylevel[i]);
  }
  free(bylevel);
  free(nbylevel);
  xmlNode *tn = xmlNewChild(c->derived, NULL, (const xmlChar *)"totals", NULL);
  stats_write(tn, &total);
  on_duty_rule(c, NULL, &total);
  two_committees_rule(c, &total);
  free(bypos);
  free(us);
  schema_refs_free(&refs);
}

/* ---- funding per capita ------------------------------------------------- */

static void per_capita_rule(dctx *c)
{
  dec reg, sum = dec_from_int(0), f, per;
  int any = 0;
  if (get_dec(schema_find(c->root, "county"), "registered_6_35", &reg) != 0 || dec_is_zero(reg)) return;
  for (xmlNode *u = schema_first(schema_find(c->root, "units")); u; u = schema_next(u))
    if (is_level(u, "county", NULL) && get_dec(u, "funding", &f) == 0 && dec_add(sum, f, &sum) == 0) any = 1;
  if (!any || dec_div(sum, reg, 2, &per) != 0) return;
  add_dec(c->derived, "funding_per_capita", per, 2);
  checked(c, "per-capita-fund");
  if (dec_cmp(per, c->lim[R_PER_CAPITA_FUND]) >= 0) return;
  char a[DEC_BUFSZ], l[DEC_BUFSZ];
  fmt_dec(per, 2, a);
  fmt_dec(c->lim[R_PER_CAPITA_FUND], -1, l);
  finding(c, "per-capita-fund", NULL, NULL, a, l,
          xasprintf("%s团的工作经费按6至35周岁户籍人口人均%s元，少于%s元的标准", c->county_name, a, l));
}

/* ---- assessment --------------------------------------------------------- */

static const char *const four_keys[] = { "party_gov", "league", "youth", "society" };
static const char *const four_labels[] = { "党政评", "团内考", "青年评", "社会议" };

static void derive_grades(dctx *c, dec shown)
{
  xmlNode *gs = schema_find(schema_find(c->root, "assessment"), "grades");
  struct { const char *name; dec min; } g[32];
  int n = 0;
  for (xmlNode *x = schema_first(gs); x && n < 32; x = schema_next(x)) {
    if (get_dec(x, "min", &g[n].min) != 0) continue;
    g[n].name = schema_get(x, "name");
    n++;
  }
  if (n == 0) {
    static const char *const names[] = { "优秀", "良好", "合格", "不合格" };
    static const int mins[] = { 90, 80, 60, 0 };
    for (n = 0; n < 4; n++) { g[n].name = names[n]; g[n].min = dec_from_int(mins[n]); }
  }
  for (int i = 1; i < n; i++)   /* highest min first, stable */
    for (int j = i; j > 0 && dec_cmp(g[j].min, g[j - 1].min) > 0; j--) {
      const char *tn = g[j].name; dec tm = g[j].min;
      g[j].name = g[j - 1].name; g[j].min = g[j - 1].min;
      g[j - 1].name = tn; g[j - 1].min = tm;
    }
  xmlNode *out = xmlNewChild(c->derived, NULL, (const xmlChar *)"grades", NULL);
  const char *grade = NULL;
  for (int i = 0; i < n; i++) {
    xmlNode *x = xmlNewChild(out, NULL, (const xmlChar *)"grade", NULL);
    add_text(x, "name", g[i].name);
    add_dec(x, "min", g[i].min, -1);
    if (!grade && dec_cmp(shown, g[i].min) >= 0) grade = g[i].name;
  }
  if (grade) add_text(c->derived, "grade", grade);
}

static void derive_score(dctx *c)
{
  xmlNode *as = schema_find(c->root, "assessment");
  xmlNode *w = schema_find(as, "weights"), *s = schema_find(as, "scores");
  if (w && s) {
    dec sum = dec_from_int(0);
    xmlNode *parts = xmlNewChild(c->derived, NULL, (const xmlChar *)"score_parts", NULL);
    int ok = 1;
    for (int i = 0; i < 4 && ok; i++) {
      dec wi, si, p;
      if (get_dec(w, four_keys[i], &wi) || get_dec(s, four_keys[i], &si) || dec_mul(wi, si, &p) ||
          dec_add(sum, p, &sum)) { ok = 0; break; }
      xmlNode *x = xmlNewChild(parts, NULL, (const xmlChar *)"part", NULL);
      add_text(x, "key", four_keys[i]);
      add_text(x, "label", four_labels[i]);
      add_dec(x, "weight", wi, -1);
      add_dec(x, "score", si, -1);
      add_dec(x, "weighted", p, -1);
    }
    dec shown;
    if (ok && dec_round(sum, 1, &shown) == 0) {
      add_dec(c->derived, "score_exact", sum, -1);
      add_dec(c->derived, "score", shown, 1);
      derive_grades(c, shown);
    }
  }
  dec ts = dec_from_int(0), tm = dec_from_int(0);
  int any = 0;
  for (xmlNode *it = schema_first(schema_find(as, "items")); it; it = schema_next(it)) {
    dec x;
    if (get_dec(it, "score", &x) == 0 && dec_add(ts, x, &ts) == 0) any = 1;
    if (get_dec(it, "max", &x) == 0) dec_add(tm, x, &tm);
  }
  if (any) {
    add_dec(c->derived, "items_score", ts, -1);
    add_dec(c->derived, "items_max", tm, -1);
  }
  /* 双评: what result-use implies for each unit */
  schema_refs refs = {0};
  schema_refs_build(&refs, schema_find(c->root, "units"), "id");
  for (xmlNode *e = schema_first(schema_find(as, "units")); e; e = schema_next(e)) {
    xmlNode *u = schema_refs_find(&refs, schema_get(e, "unit") ? schema_get(e, "unit") : "");
    if (u) add_text(e, "unit_name", schema_get(u, "name"));
    int sec_bad = text_is(e, "secretary_grade", "不合格"), org_bad = text_is(e, "org_grade", "不合格");
    const char *use = sec_bad && org_bad ? "团组织不评优，书记不评优"
                    : sec_bad ? "团组织不评优" : org_bad ? "书记不评优" : "";
    add_text(e, "result_use", use);
    checked(c, "result-use");
    if (sec_bad && text_is(e, "org_grade", "优秀"))
      finding(c, "result-use", u, NULL, "优秀", "不评优",
              xasprintf("%s书记考核不合格，团组织却评为优秀，不符合“书记不合格、团组织不评优”",
                        u ? schema_get(u, "name") : schema_get(e, "unit")));
    if (org_bad && text_is(e, "secretary_grade", "优秀"))
      finding(c, "result-use", u, NULL, "优秀", "不评优",
              xasprintf("%s团组织考核不合格，书记却评为优秀，不符合“团组织不合格、书记不评优”",
                        u ? schema_get(u, "name") : schema_get(e, "unit")));
  }
  schema_refs_free(&refs);
}

static void derive_party(dctx *c)
{
  xmlNode *pb = schema_find(c->root, "party_building");
  dec num, den;
  char buf[DEC_BUFSZ];
  if (get_dec(pb, "recommended_by_league", &num) || get_dec(pb, "new_party_members_under_28", &den)) return;
  const char *t = percent_text(num, den, buf);
  if (t) add_text(c->derived, "recommend_rate", t);
}

/* ---- plan --------------------------------------------------------------- */

/* ⌈v⌉ for v >= 0, without overflow near the top of the range. */
static long dec_ceil(dec v)
{
  int64_t p = 1;
  for (int i = 0; i < v.scale; i++) p *= 10;
  return (long)(v.mant / p + (v.mant % p > 0));
}

static void step_rule(dctx *c, const xmlNode *step)
{
  const char *name = schema_get(step, "name");
  dec days;
  if (!name || get_dec(step, "days", &days) != 0) return;
  const char *rule = NULL;
  int r = 0;
  if (strstr(name, "公示")) { rule = "announcement-days"; r = R_ANNOUNCEMENT; }
  else if (strstr(name, "公告") || strstr(name, "宣传")) { rule = "publicity-days"; r = R_PUBLICITY; }
  if (!rule) return;
  checked(c, rule);
  if (dec_cmp(days, c->lim[r]) >= 0) return;
  char a[DEC_BUFSZ], l[DEC_BUFSZ];
  fmt_dec(days, -1, a);
  fmt_dec(c->lim[r], -1, l);
  finding(c, rule, NULL, name, a, l, xasprintf("选配程序“%s”安排%s天，少于%s天的要求", name, a, l));
}

static void derive_plan(dctx *c)
{
  xmlNode *plan = schema_find(c->root, "plan");
  if (!plan) return;
  schema_refs refs = {0};
  schema_refs_build(&refs, schema_find(c->root, "units"), "id");
  dec one_plus;
  long posts = 0, cands = 0, days = 0;
  if (dec_add(dec_from_int(1), c->lim[R_MARGIN], &one_plus) != 0) one_plus = dec_from_int(1);
  for (xmlNode *p = schema_first(schema_find(plan, "positions")); p; p = schema_next(p)) {
    dec count, x;
    xmlNode *u = schema_refs_find(&refs, schema_get(p, "unit") ? schema_get(p, "unit") : "");
    if (u) add_text(p, "unit_name", schema_get(u, "name"));
    if (get_dec(p, "count", &count) != 0 || dec_mul(count, one_plus, &x) != 0) continue;
    long k = dec_ceil(x);
    add_long(p, "candidates", k);
    posts += (long)count.mant;
    cands += k;
  }
  for (xmlNode *s = schema_first(schema_find(plan, "procedure")); s; s = schema_next(s)) {
    dec d;
    if (get_dec(s, "days", &d) == 0) days += (long)d.mant;
    step_rule(c, s);
  }
  xmlNode *out = xmlNewChild(c->derived, NULL, (const xmlChar *)"plan", NULL);
  add_long(out, "positions", posts);
  add_long(out, "candidates", cands);
  add_long(out, "procedure_days", days);
  schema_refs_free(&refs);
}

static void write_checks(dctx *c)
{
  xmlNode *out = xmlNewChild(c->derived, NULL, (const xmlChar *)"checks", NULL);
  for (int i = 0; i < c->nchecks; i++) {
    xmlNode *x = xmlNewChild(out, NULL, (const xmlChar *)"check", NULL);
    add_text(x, "rule", c->checks[i].rule);
    add_long(x, "checked", c->checks[i].checked);
    add_long(x, "failed", c->checks[i].failed);
  }
  long n = 0;
  for (xmlNode *f = schema_first(c->findings); f; f = schema_next(f)) n++;
  add_long(c->derived, "findings_count", n);
}

int derive_doc(xmlDocPtr doc, diag_list *d)
{
  dctx c = {0};
  c.root = xmlDocGetRootElement(doc);
  if (!c.root) {
    diag_add(d, DIAG_ERROR, NULL, "nothing to derive: the document is empty");
    return -1;
  }
  xmlNode *old = schema_find(c.root, "derived");
  if (old) { xmlUnlinkNode(old); xmlFreeNode(old); }
  c.derived = xmlNewChild(c.root, NULL, (const xmlChar *)"derived", NULL);
  xmlNode *county = schema_find(c.root, "county");
  c.county_name = schema_get(county, "name") ? schema_get(county, "name") : "";
  xmlNode *period = schema_find(c.root, "period");
  c.have_ref = schema_parse_date(schema_get(period, "reference_date") ? schema_get(period, "reference_date") : "",
                                 0, &c.ry, &c.rm, &c.rd) == 0;
  read_limits(&c);
  c.findings = xmlNewChild(c.derived, NULL, (const xmlChar *)"findings", NULL);
  derive_indicators(&c);
  derive_people(&c);
  per_capita_rule(&c);
  derive_score(&c);
  derive_party(&c);
  derive_plan(&c);
  write_checks(&c);
  return 0;
}
