/* derive.c: computed figures and rule outcomes (derive.h).
 *
 * Everything is computed with exact decimals (decimal.h) and written into
 * the data document as text, so templates only print: each indicator gets
 * its change and growth, each cadre its age, each unit a <stats> block, and
 * a <derived> element under the root holds the county totals, the rule
 * limits in force, the weighted score and grade, plan figures, and the
 * findings (failed rules) with ready Chinese sentences. templates/DATA.md
 * documents every element added here.
 *
 * A county of 300 cadres gets some 7,000 elements, so the writing is kept
 * lean: element names are looked up in the document's dictionary once per
 * document, not once per element; each cadre and unit is read in one pass
 * over its children; sentences are put together by copying, not through
 * printf. */
#include "derive.h"
#include "consistency.h"
#include "dates.h"
#include "decimal.h"
#include "load.h"
#include "schema.h"
#include "util.h"
#include "wording.h"

#include <stdarg.h>
#include <stdint.h>
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

/* ---- the derive context ------------------------------------------------- */

/* Element names already looked up in the document's dictionary, keyed by the
 * address of the caller's string (derive's names are string literals, so each
 * is found by its address after the first time; the text is compared too, so
 * any string is safe). Open addressing; half full at most. */
enum { NAME_SLOTS = 256 };

typedef struct name_slot {
  const char *key;
  const xmlChar *name;   /* owned by the dictionary */
} name_slot;

/* A unit's fields that derive reads, found once. */
typedef struct unit_rec {
  xmlNode *node;
  const char *id, *name, *level;   /* NULL when absent, like schema_get */
  xmlNode *posts, *funding;
} unit_rec;

typedef struct dctx {
  xmlDoc *doc;
  xmlNode *root, *derived, *findings;
  dec lim[R_COUNT];
  dates_ymd ref;            /* reference date */
  int have_ref;
  const char *county_name;
  struct { const char *rule; long checked, failed; } checks[16];
  int nchecks;
  unit_rec *units;          /* every unit, in document order */
  int nunits;
  schema_refs refs;         /* the units by id */
  name_slot names[NAME_SLOTS];
  int nnames;
} dctx;

/* The dictionary's copy of an element name, or NULL when the document has no
 * dictionary. */
static const xmlChar *dict_name(dctx *c, const char *name)
{
  if (!c->doc->dict) return NULL;
  size_t h = (size_t)(((uintptr_t)name * UINT64_C(0x9E3779B97F4A7C15)) >> 56) % NAME_SLOTS;
  for (name_slot *e = &c->names[h]; e->key; e = &c->names[h = (h + 1) % NAME_SLOTS])
    if (e->key == name && strcmp((const char *)e->name, name) == 0) return e->name;
  const xmlChar *n = xmlDictLookup(c->doc->dict, (const xmlChar *)name, -1);
  if (!n) return NULL;
  if (c->nnames < NAME_SLOTS / 2) {
    c->names[h].key = name;
    c->names[h].name = n;
    c->nnames++;
  }
  return n;
}

/* ---- small writers ------------------------------------------------------ */

/* Links the new node n as the last child of parent: xmlAddChild without its
 * checks, which never apply here (n is new and of this document, and only an
 * element is ever added next to text). */
static xmlNode *append(xmlNode *parent, xmlNode *n)
{
  n->parent = parent;
  n->prev = parent->last;
  if (parent->last) parent->last->next = n;
  else parent->children = n;
  parent->last = n;
  return n;
}

/* Appends <name>text</name> to parent (no text node when text is NULL): what
 * xmlNewTextChild does, with the name from dict_name. */
static xmlNode *add_text(dctx *c, xmlNode *parent, const char *name, const char *text)
{
  const xmlChar *n = dict_name(c, name);
  if (!n) return xmlNewTextChild(parent, NULL, (const xmlChar *)name, (const xmlChar *)text);
  xmlNode *e = xmlNewDocNodeEatName(c->doc, parent->ns, (xmlChar *)(uintptr_t)n, NULL);
  if (text) append(e, load_new_text(c->doc, text));
  return append(parent, e);
}

/* Appends an empty element to parent. */
static xmlNode *add_node(dctx *c, xmlNode *parent, const char *name)
{
  const xmlChar *n = dict_name(c, name);
  if (!n) return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
  return append(parent, xmlNewDocNodeEatName(c->doc, parent->ns, (xmlChar *)(uintptr_t)n, NULL));
}

static void add_long(dctx *c, xmlNode *parent, const char *name, long v)
{
  char buf[FMT_LONG_SIZE];
  add_text(c, parent, name, fmt_long(v, buf));
}

/* places < 0: shortest exact form. */
static void add_dec(dctx *c, xmlNode *parent, const char *name, dec v, int places)
{
  char buf[DEC_BUFSZ];
  add_text(c, parent, name, dec_format(v, places, buf));
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

static void add_rate(dctx *c, xmlNode *parent, const char *name, long num, long den)
{
  char buf[DEC_BUFSZ];
  const char *t = percent_text(dec_from_int(num), dec_from_int(den), buf);
  if (t) add_text(c, parent, name, t);
}

/* Returns the strings up to the NULL joined into a new string (the caller
 * frees it): the findings' sentences, which printf would only copy. */
static char *concat(const char *s, ...) __attribute__((sentinel));
static char *concat(const char *s, ...)
{
  va_list ap;
  size_t len = 0;
  va_start(ap, s);
  for (const char *p = s; p; p = va_arg(ap, const char *)) len += strlen(p);
  va_end(ap);
  char *out = xmalloc(len + 1), *o = out;
  va_start(ap, s);
  for (const char *p = s; p; p = va_arg(ap, const char *)) {
    size_t n = strlen(p);
    memcpy(o, p, n);
    o += n;
  }
  va_end(ap);
  *o = '\0';
  return out;
}

/* The text of a field found by schema_find_fields, NULL when absent (as
 * schema_get). */
static const char *field_text(const xmlNode *f)
{
  return f ? schema_text(f) : NULL;
}

/* A number field: 0, or -1 when absent, empty or not a number. */
static int field_dec(const xmlNode *f, dec *out)
{
  const char *t = field_text(f);
  return t && *t && dec_parse(t, out) == 0 ? 0 : -1;
}

static int get_dec(const xmlNode *n, const char *field, dec *out)
{
  return field_dec(schema_find(n, field), out);
}

static int text_is(const xmlNode *n, const char *field, const char *value)
{
  const char *t = schema_get(n, field);
  return t && strcmp(t, value) == 0;
}

/* ---- cadres and units, read once ---------------------------------------- */

enum { C_SECRETARY, C_DEPUTY, C_MEMBER, C_STAFF, C_OTHER, C_COUNT };
static const char *const class_names[C_COUNT] = { "secretary", "deputy", "member", "staff", "other" };

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

static int is(const char *t, const char *value)
{
  return t && strcmp(t, value) == 0;
}

/* A cadre's fields that derive reads (NULL when absent, like schema_get),
 * and what they say. */
typedef struct cadre {
  const char *name, *gender, *birth, *political, *unit, *post, *mode, *establishment, *two_committees;
  xmlNode *assessment;
  int cls;          /* post class, C_* */
  int committee;    /* on the committee of its unit */
  int on_duty;      /* on_duty is not "false" */
} cadre;

static void read_cadre(const xmlNode *n, cadre *r)
{
  static const char *const names[] = { "name", "gender", "birth", "political", "unit", "post", "mode",
                                       "establishment", "on_duty", "two_committees", "assessment" };
  xmlNode *f[sizeof names / sizeof *names];
  schema_find_fields(n, names, (int)(sizeof names / sizeof *names), f);
  r->name = field_text(f[0]);
  r->gender = field_text(f[1]);
  r->birth = field_text(f[2]);
  r->political = field_text(f[3]);
  r->unit = field_text(f[4]);
  r->post = field_text(f[5]);
  r->mode = field_text(f[6]);
  r->establishment = field_text(f[7]);
  r->on_duty = !is(field_text(f[8]), "false");
  r->two_committees = field_text(f[9]);
  r->assessment = f[10];
  r->cls = post_class(r->post);
  r->committee = in_committee(r->post);
}

static void read_unit(xmlNode *n, unit_rec *r)
{
  static const char *const names[] = { "id", "name", "level", "posts", "funding" };
  xmlNode *f[sizeof names / sizeof *names];
  schema_find_fields(n, names, (int)(sizeof names / sizeof *names), f);
  r->node = n;
  r->id = field_text(f[0]);
  r->name = field_text(f[1]);
  r->level = field_text(f[2]);
  r->posts = f[3];
  r->funding = f[4];
}

/* Reads every unit and indexes them by id. */
static void read_units(dctx *c)
{
  xmlNode *units = schema_find(c->root, "units");
  int n = 0;
  for (xmlNode *u = schema_first(units); u; u = schema_next(u)) n++;
  c->units = xcalloc((size_t)(n ? n : 1), sizeof *c->units);
  for (xmlNode *u = schema_first(units); u; u = schema_next(u)) read_unit(u, &c->units[c->nunits++]);
  schema_refs_build(&c->refs, units, "id");
}

/* The first unit (in document order) with that id, or NULL. */
static const unit_rec *unit_by_id(const dctx *c, const char *id)
{
  int i = schema_refs_index(&c->refs, id);
  return i < 0 ? NULL : &c->units[c->refs.v[i].pos];
}

static int is_level(const unit_rec *u, const char *a, const char *b)
{
  const char *l = u->level;
  return l && (!strcmp(l, a) || (b && !strcmp(l, b)));
}

/* ---- statistics over cadres --------------------------------------------- */

typedef struct stats {
  long cadres, cls[C_COUNT], on_duty;
  long full_time, seconded, part_time, inside, outside;
  long party, league, masses, women, men, young, age_sum, aged;
  long committee, leaders, committee_outside, committee_party;
  long branch_secretaries, two_committees;
  long planned[4];
  int has_posts;
} stats;

static void stats_add(stats *s, const cadre *cd, int age)
{
  const char *post = cd->post, *pol = cd->political;
  int outside = is(cd->establishment, "编制外");
  s->cadres++;
  s->cls[cd->cls]++;
  if (cd->on_duty) s->on_duty++;
  if (is(cd->mode, "专职")) s->full_time++;
  else if (is(cd->mode, "挂职")) s->seconded++;
  else if (is(cd->mode, "兼职")) s->part_time++;
  if (outside) s->outside++;
  else s->inside++;
  if (is_party(pol)) s->party++;
  else if (is(pol, "共青团员")) s->league++;
  else s->masses++;
  if (is(cd->gender, "女")) s->women++;
  else s->men++;
  if (age >= 0) {
    s->aged++;
    s->age_sum += age;
    if (age <= 35) s->young++;
  }
  if (cd->committee) {
    s->committee++;
    if (strcmp(post, "委员") != 0) s->leaders++;
    if (outside) s->committee_outside++;
    if (is_party(pol)) s->committee_party++;
  }
  if (is(post, "团支部书记")) {
    s->branch_secretaries++;
    if (is(cd->two_committees, "true")) s->two_committees++;
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

static void stats_write(dctx *c, xmlNode *parent, const stats *s)
{
  xmlNode *x = add_node(c, parent, "stats");
  add_long(c, x, "cadres", s->cadres);
  for (int i = 0; i < C_COUNT; i++) add_long(c, x, class_names[i], s->cls[i]);
  if (s->has_posts) {
    xmlNode *p = add_node(c, x, "planned");
    for (int i = 0; i < 4; i++) add_long(c, p, class_names[i], s->planned[i]);
    add_long(c, p, "total", planned_total(s));
    add_long(c, x, "filled", filled(s));
    add_rate(c, x, "staffing_rate", filled(s), planned_total(s));
  }
  add_long(c, x, "on_duty", s->on_duty);
  add_rate(c, x, "on_duty_rate", s->on_duty, s->cadres);
  add_long(c, x, "full_time", s->full_time);
  add_long(c, x, "seconded", s->seconded);
  add_long(c, x, "part_time", s->part_time);
  add_long(c, x, "inside", s->inside);
  add_long(c, x, "outside", s->outside);
  add_rate(c, x, "outside_rate", s->outside, s->cadres);
  add_long(c, x, "party", s->party);
  add_long(c, x, "league", s->league);
  add_long(c, x, "masses", s->masses);
  add_long(c, x, "women", s->women);
  add_long(c, x, "men", s->men);
  add_long(c, x, "age_35_or_under", s->young);
  if (s->aged) {
    dec avg;
    if (dec_div(dec_from_int(s->age_sum), dec_from_int(s->aged), 1, &avg) == 0)
      add_dec(c, x, "average_age", avg, 1);
  }
  add_long(c, x, "committee", s->committee);
  add_long(c, x, "committee_leaders", s->leaders);
  add_long(c, x, "committee_outside", s->committee_outside);
  add_long(c, x, "committee_party", s->committee_party);
  add_long(c, x, "branch_secretaries", s->branch_secretaries);
  add_long(c, x, "two_committees", s->two_committees);
  add_rate(c, x, "two_committees_rate", s->two_committees, s->branch_secretaries);
}

/* ---- rule checks and findings ------------------------------------------- */

static int check_slot(dctx *c, const char *rule)
{
  for (int i = 0; i < c->nchecks; i++)
    if (c->checks[i].rule == rule || !strcmp(c->checks[i].rule, rule)) return i;
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
static void finding(dctx *c, const char *rule, const unit_rec *unit, const char *subject,
                    const char *actual, const char *limit, char *text)
{
  c->checks[check_slot(c, rule)].failed++;
  xmlNode *f = add_node(c, c->findings, "finding");
  add_text(c, f, "rule", rule);
  if (unit) {
    add_text(c, f, "unit", unit->id);
    add_text(c, f, "unit_name", unit->name);
  }
  if (subject) add_text(c, f, "subject", subject);
  add_text(c, f, "actual", actual);
  add_text(c, f, "limit", limit);
  add_text(c, f, "text", text);
  free(text);
}

static const char *fmt_dec(dec v, int places, char buf[DEC_BUFSZ])
{
  return dec_format(v, places, buf);
}

static void read_limits(dctx *c)
{
  xmlNode *rules = schema_find(c->root, "rules");
  xmlNode *out = add_node(c, c->derived, "rules");
  for (int i = 0; i < R_COUNT; i++) {
    if (get_dec(rules, rule_defs[i].name, &c->lim[i]) != 0) dec_parse(rule_defs[i].def, &c->lim[i]);
    add_dec(c, out, rule_defs[i].name, c->lim[i], -1);
  }
}

/* ---- indicators --------------------------------------------------------- */

static void derive_indicators(dctx *c)
{
  for (xmlNode *i = schema_first(schema_find(c->root, "indicators")); i; i = schema_next(i)) {
    dec before, after, change, target;
    if (get_dec(i, "before", &before) || get_dec(i, "after", &after)) continue;
    if (dec_sub(after, before, &change) != 0) continue;
    add_dec(c, i, "change", change, -1);
    /* a rate or share changes in 百分点, never by a growth percentage */
    int rate = text_is(i, "unit", "%") || text_is(i, "rate", "true");
    if (rate) add_text(c, i, "is_rate", "true");
    char buf[DEC_BUFSZ];
    const char *g = rate ? NULL : percent_text(change, before, buf);
    if (g) add_text(c, i, "growth", g);
    if (get_dec(i, "target", &target) == 0) {
      int higher = !text_is(i, "higher_is_better", "false");
      int cmp = dec_cmp(after, target);
      add_text(c, i, "met", bool_text(higher ? cmp >= 0 : cmp <= 0));
    }
  }
}

/* ---- cadres and units --------------------------------------------------- */

/* Full years from the birth date to the reference date; -1 if unknown. */
static int age_on(const dctx *c, const char *birth)
{
  dates_ymd b;
  if (!c->have_ref || !birth || dates_parse(birth, 1, &b) != DATE_OK) return -1;
  return dates_age(&b, &c->ref);
}

static void finding_age(dctx *c, const cadre *cd, const unit_rec *unit, int age, int limit)
{
  char a[FMT_LONG_SIZE], l[FMT_LONG_SIZE];
  fmt_long(age, a);
  fmt_long(limit, l);
  const char *name = cd->name ? cd->name : "";
  finding(c, "age", unit, cd->name, a, l,
          concat(name, "（", unit ? unit->name : "", cd->post, "）", a, "岁，超过", l, "岁的上限", NULL));
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

static void committee_rules(dctx *c, const unit_rec *u, const stats *s)
{
  const char *name = u->name;
  char a[DEC_BUFSZ], l[DEC_BUFSZ], n1[FMT_LONG_SIZE], n2[FMT_LONG_SIZE];
  checked(c, "committee-size");
  if (dec_cmp(dec_from_int(s->committee), c->lim[R_COMMITTEE_MIN]) < 0 ||
      dec_cmp(dec_from_int(s->committee), c->lim[R_COMMITTEE_MAX]) > 0) {
    int low = dec_cmp(dec_from_int(s->committee), c->lim[R_COMMITTEE_MIN]) < 0;
    fmt_long(s->committee, a);
    fmt_dec(c->lim[low ? R_COMMITTEE_MIN : R_COMMITTEE_MAX], -1, l);
    finding(c, "committee-size", u, NULL, a, l,
            concat(name, "委员", a, "名，", low ? "少于" : "多于", l, "名的", low ? "下限" : "上限", NULL));
  }
  if (s->committee == 0) return;
  char pt[DEC_BUFSZ], pl[DEC_BUFSZ];
  if (share_fails(c, "leaders-share", s->leaders, s->committee, R_LEADERS_MAX, 1, pt, pl))
    finding(c, "leaders-share", u, NULL, pt, pl,
            concat(name, "书记、副书记", fmt_long(s->leaders, n1), "名，占委员", fmt_long(s->committee, n2),
                   "名的", pt, "%，超过", pl, "%的上限", NULL));
  if (share_fails(c, "outside-share", s->committee_outside, s->committee, R_OUTSIDE_MIN, 0, pt, pl))
    finding(c, "outside-share", u, NULL, pt, pl,
            concat(name, "编制外委员", fmt_long(s->committee_outside, n1), "名，占", pt, "%，低于", pl,
                   "%的下限", NULL));
  checked(c, "party-members");
  if (dec_cmp(dec_from_int(s->committee_party), c->lim[R_PARTY_MIN]) < 0) {
    fmt_long(s->committee_party, a);
    fmt_dec(c->lim[R_PARTY_MIN], -1, l);
    finding(c, "party-members", u, NULL, a, l, concat(name, "委员中党员", a, "名，少于", l, "名的下限", NULL));
  }
}

/* On-duty rate of a unit or (unit NULL) of the county. */
static void on_duty_rule(dctx *c, const unit_rec *u, const stats *s)
{
  if (s->cadres == 0) return;
  char pt[DEC_BUFSZ], pl[DEC_BUFSZ];
  if (share_fails(c, "on-duty", s->on_duty, s->cadres, R_ON_DUTY_MIN, 0, pt, pl))
    finding(c, "on-duty", u, NULL, pt, pl,
            concat(u ? u->name : c->county_name, "团干部在岗率", pt, "%，低于", pl, "%的下限", NULL));
}

static void fund_rule(dctx *c, const unit_rec *u)
{
  dec f;
  if (!is_level(u, "township", "subdistrict") || field_dec(u->funding, &f) != 0) return;
  checked(c, "township-fund");
  if (dec_cmp(f, c->lim[R_TOWNSHIP_FUND]) >= 0) return;
  char a[DEC_BUFSZ], l[DEC_BUFSZ];
  fmt_dec(f, -1, a);
  fmt_dec(c->lim[R_TOWNSHIP_FUND], -1, l);
  finding(c, "township-fund", u, NULL, a, l, concat(u->name, "年度工作经费", a, "元，少于", l, "元的下限", NULL));
}

static void two_committees_rule(dctx *c, const stats *t)
{
  if (t->branch_secretaries == 0) return;
  char pt[DEC_BUFSZ], pl[DEC_BUFSZ], n1[FMT_LONG_SIZE], n2[FMT_LONG_SIZE];
  /* the roster's secretaries, named as such: the indicators may count all
   * of the county's (新郑: 296, of which its roster lists 47) */
  const char *village = schema_get(schema_find(c->derived, "words"), "village");
  if (share_fails(c, "two-committees", t->two_committees, t->branch_secretaries, R_TWO_MIN, 0, pt, pl))
    finding(c, "two-committees", NULL, NULL, pt, pl,
            concat("花名册所列", village && *village ? village : "村（社区）", "团支部书记",
                   fmt_long(t->branch_secretaries, n1), "名，进入“两委”", fmt_long(t->two_committees, n2), "名，占", pt,
                   "%，低于", pl, "%的要求", NULL));
}

/* Cadres graded 不合格 in two consecutive years: the post is to be adjusted. */
static void result_use_cadre(dctx *c, const cadre *cd, const unit_rec *unit)
{
  int prev = -1;
  if (schema_first(cd->assessment)) checked(c, "result-use");
  for (xmlNode *r = schema_first(cd->assessment); r; r = schema_next(r)) {
    dec y;
    if (!text_is(r, "grade", "不合格") || get_dec(r, "year", &y) != 0) continue;
    int yr = (int)y.mant;
    if (prev >= 0 && (yr == prev + 1 || yr == prev - 1)) {
      char y1[FMT_LONG_SIZE], y2[FMT_LONG_SIZE];
      fmt_long(prev < yr ? prev : yr, y1);
      fmt_long(prev < yr ? yr : prev, y2);
      char *a = concat(y1, ",", y2, NULL);
      finding(c, "result-use", unit, cd->name, a, "2",
              concat(cd->name ? cd->name : "", "连续两年（", y1, "年、", y2, "年）考核不合格，应调整岗位", NULL));
      free(a);
      return;
    }
    prev = yr;
  }
}

static void derive_people(dctx *c)
{
  stats *us = xcalloc((size_t)(c->refs.n ? c->refs.n : 1), sizeof *us);
  stats total = {0};
  int age_limit[2] = { 35, 35 };   /* [part-time]: the rule limits as whole years */
  for (int pt = 0; pt < 2; pt++) {
    dec lr;
    if (dec_round(c->lim[pt ? R_AGE_MAX_PT : R_AGE_MAX], 0, &lr) == 0) age_limit[pt] = (int)lr.mant;
  }
  for (xmlNode *n = schema_first(schema_find(c->root, "cadres")); n; n = schema_next(n)) {
    cadre cd;
    read_cadre(n, &cd);
    int ui = schema_refs_index(&c->refs, cd.unit);
    const unit_rec *u = ui >= 0 ? &c->units[c->refs.v[ui].pos] : NULL;
    int age = age_on(c, cd.birth);
    int lim = age_limit[is(cd.mode, "兼职")];
    if (age >= 0) {
      add_long(c, n, "age", age);
      add_long(c, n, "age_limit", lim);
      add_text(c, n, "age_ok", bool_text(age <= lim));
      checked(c, "age");
      if (age > lim) finding_age(c, &cd, u, age, lim);
    }
    if (u) add_text(c, n, "unit_name", u->name);
    add_text(c, n, "post_class", class_names[cd.cls]);
    add_text(c, n, "duty", bool_text(cd.on_duty));
    add_text(c, n, "committee", bool_text(cd.committee));
    result_use_cadre(c, &cd, u);
    stats_add(ui >= 0 ? &us[ui] : &total, &cd, age);
  }
  /* units in document order; a unit whose id is missing or repeated gets empty figures */
  int *bypos = xmalloc((size_t)(c->nunits ? c->nunits : 1) * sizeof *bypos);
  for (int i = 0; i < c->nunits; i++) bypos[i] = -1;
  for (int i = 0; i < c->refs.n; i++)
    if (i == 0 || strcmp(c->refs.v[i].id, c->refs.v[i - 1].id) != 0) bypos[c->refs.v[i].pos] = i;
  /* per level, in the order of the contract's list of levels */
  const char *const *lv = schema_child(schema_child(schema_root(), "units")->item, "level")->values;
  int nlv = 0;
  while (lv[nlv]) nlv++;
  stats *bylevel = xcalloc((size_t)nlv, sizeof *bylevel);
  long *nbylevel = xcalloc((size_t)nlv, sizeof *nbylevel);
  for (int pos = 0; pos < c->nunits; pos++) {
    const unit_rec *u = &c->units[pos];
    stats empty = {0};
    stats *s = bypos[pos] >= 0 ? &us[bypos[pos]] : &empty;
    if (u->posts) {
      s->has_posts = 1;
      for (int i = 0; i < 4; i++) {
        dec p;
        if (get_dec(u->posts, class_names[i], &p) == 0) s->planned[i] = (long)p.mant;
      }
    }
    stats_write(c, u->node, s);
    if (is_level(u, "township", "subdistrict")) committee_rules(c, u, s);
    on_duty_rule(c, u, s);
    fund_rule(c, u);
    stats_merge(&total, s);
    for (int i = 0; u->level && i < nlv; i++)
      if (!strcmp(u->level, lv[i])) { stats_merge(&bylevel[i], s); nbylevel[i]++; }
  }
  xmlNode *levels = add_node(c, c->derived, "levels");
  for (int i = 0; i < nlv; i++) {
    if (!nbylevel[i]) continue;
    xmlNode *x = add_node(c, levels, "level");
    add_text(c, x, "name", lv[i]);
    add_long(c, x, "units", nbylevel[i]);
    stats_write(c, x, &bylevel[i]);
  }
  free(bylevel);
  free(nbylevel);
  xmlNode *tn = add_node(c, c->derived, "totals");
  stats_write(c, tn, &total);
  on_duty_rule(c, NULL, &total);
  two_committees_rule(c, &total);
  free(bypos);
  free(us);
}

/* ---- funding per capita ------------------------------------------------- */

static void per_capita_rule(dctx *c)
{
  dec reg, sum = dec_from_int(0), f, per;
  int any = 0;
  if (get_dec(schema_find(c->root, "county"), "registered_6_35", &reg) != 0 || dec_is_zero(reg)) return;
  for (int i = 0; i < c->nunits; i++) {
    const unit_rec *u = &c->units[i];
    if (is_level(u, "county", NULL) && field_dec(u->funding, &f) == 0 && dec_add(sum, f, &sum) == 0) any = 1;
  }
  if (!any || dec_div(sum, reg, 2, &per) != 0) return;
  add_dec(c, c->derived, "funding_per_capita", per, 2);
  checked(c, "per-capita-fund");
  if (dec_cmp(per, c->lim[R_PER_CAPITA_FUND]) >= 0) return;
  char a[DEC_BUFSZ], l[DEC_BUFSZ];
  fmt_dec(per, 2, a);
  fmt_dec(c->lim[R_PER_CAPITA_FUND], -1, l);
  finding(c, "per-capita-fund", NULL, NULL, a, l,
          concat(c->county_name, "团的工作经费按6至35周岁户籍人口人均", a, "元，少于", l, "元的标准", NULL));
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
  xmlNode *out = add_node(c, c->derived, "grades");
  const char *grade = NULL;
  for (int i = 0; i < n; i++) {
    xmlNode *x = add_node(c, out, "grade");
    add_text(c, x, "name", g[i].name);
    add_dec(c, x, "min", g[i].min, -1);
    if (!grade && dec_cmp(shown, g[i].min) >= 0) grade = g[i].name;
  }
  if (grade) add_text(c, c->derived, "grade", grade);
}

static void derive_score(dctx *c)
{
  xmlNode *as = schema_find(c->root, "assessment");
  xmlNode *w = schema_find(as, "weights"), *s = schema_find(as, "scores");
  if (w && s) {
    dec sum = dec_from_int(0);
    xmlNode *parts = add_node(c, c->derived, "score_parts");
    int ok = 1;
    for (int i = 0; i < 4 && ok; i++) {
      dec wi, si, p;
      if (get_dec(w, four_keys[i], &wi) || get_dec(s, four_keys[i], &si) || dec_mul(wi, si, &p) ||
          dec_add(sum, p, &sum)) { ok = 0; break; }
      xmlNode *x = add_node(c, parts, "part");
      add_text(c, x, "key", four_keys[i]);
      add_text(c, x, "label", four_labels[i]);
      add_dec(c, x, "weight", wi, -1);
      add_dec(c, x, "score", si, -1);
      add_dec(c, x, "weighted", p, -1);
    }
    dec shown;
    if (ok && dec_round(sum, 1, &shown) == 0) {
      add_dec(c, c->derived, "score_exact", sum, -1);
      add_dec(c, c->derived, "score", shown, 1);
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
    add_dec(c, c->derived, "items_score", ts, -1);
    add_dec(c, c->derived, "items_max", tm, -1);
  }
  /* 双评: what result-use implies for each unit */
  for (xmlNode *e = schema_first(schema_find(as, "units")); e; e = schema_next(e)) {
    const char *id = schema_get(e, "unit");
    const unit_rec *u = unit_by_id(c, id);
    if (u) add_text(c, e, "unit_name", u->name);
    int sec_bad = text_is(e, "secretary_grade", "不合格"), org_bad = text_is(e, "org_grade", "不合格");
    const char *use = sec_bad && org_bad ? "团组织不评优，书记不评优"
                    : sec_bad ? "团组织不评优" : org_bad ? "书记不评优" : "";
    add_text(c, e, "result_use", use);
    checked(c, "result-use");
    if (sec_bad && text_is(e, "org_grade", "优秀"))
      finding(c, "result-use", u, NULL, "优秀", "不评优",
              concat(u ? u->name : id, "书记考核不合格，团组织却评为优秀，不符合“书记不合格、团组织不评优”", NULL));
    if (org_bad && text_is(e, "secretary_grade", "优秀"))
      finding(c, "result-use", u, NULL, "优秀", "不评优",
              concat(u ? u->name : id, "团组织考核不合格，书记却评为优秀，不符合“团组织不合格、书记不评优”", NULL));
  }
}

static void derive_party(dctx *c)
{
  xmlNode *pb = schema_find(c->root, "party_building");
  dec num, den;
  char buf[DEC_BUFSZ];
  if (get_dec(pb, "recommended_by_league", &num) || get_dec(pb, "new_party_members_under_28", &den)) return;
  const char *t = percent_text(num, den, buf);
  if (t) add_text(c, c->derived, "recommend_rate", t);
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
  finding(c, rule, NULL, name, a, l, concat("选配程序“", name, "”安排", a, "天，少于", l, "天的要求", NULL));
}

static void derive_plan(dctx *c)
{
  xmlNode *plan = schema_find(c->root, "plan");
  if (!plan) return;
  dec one_plus;
  long posts = 0, cands = 0, days = 0;
  if (dec_add(dec_from_int(1), c->lim[R_MARGIN], &one_plus) != 0) one_plus = dec_from_int(1);
  for (xmlNode *p = schema_first(schema_find(plan, "positions")); p; p = schema_next(p)) {
    dec count, x;
    const unit_rec *u = unit_by_id(c, schema_get(p, "unit"));
    if (u) add_text(c, p, "unit_name", u->name);
    if (get_dec(p, "count", &count) != 0 || dec_mul(count, one_plus, &x) != 0) continue;
    long k = dec_ceil(x);
    add_long(c, p, "candidates", k);
    posts += (long)count.mant;
    cands += k;
  }
  for (xmlNode *s = schema_first(schema_find(plan, "procedure")); s; s = schema_next(s)) {
    dec d;
    if (get_dec(s, "days", &d) == 0) days += (long)d.mant;
    step_rule(c, s);
  }
  xmlNode *out = add_node(c, c->derived, "plan");
  add_long(c, out, "positions", posts);
  add_long(c, out, "candidates", cands);
  add_long(c, out, "procedure_days", days);
}

static void write_checks(dctx *c)
{
  xmlNode *out = add_node(c, c->derived, "checks");
  for (int i = 0; i < c->nchecks; i++) {
    xmlNode *x = add_node(c, out, "check");
    add_text(c, x, "rule", c->checks[i].rule);
    add_long(c, x, "checked", c->checks[i].checked);
    add_long(c, x, "failed", c->checks[i].failed);
  }
  long n = 0;
  for (xmlNode *f = schema_first(c->findings); f; f = schema_next(f)) n++;
  add_long(c, c->derived, "findings_count", n);
}

int derive_doc(xmlDocPtr doc, diag_list *d)
{
  dctx ctx = {0}, *c = &ctx;
  c->doc = doc;
  c->root = xmlDocGetRootElement(doc);
  if (!c->root) {
    diag_add(d, DIAG_ERROR, NULL, "nothing to derive: the document is empty");
    return -1;
  }
  xmlNode *old = schema_find(c->root, "derived");
  if (old) { xmlUnlinkNode(old); xmlFreeNode(old); }
  c->derived = add_node(c, c->root, "derived");
  xmlNode *county = schema_find(c->root, "county");
  c->county_name = schema_get(county, "name") ? schema_get(county, "name") : "";
  xmlNode *period = schema_find(c->root, "period");
  c->have_ref = dates_parse(schema_get(period, "reference_date") ? schema_get(period, "reference_date") : "",
                             0, &c->ref) == DATE_OK;
  read_limits(c);
  c->findings = add_node(c, c->derived, "findings");
  wording_derive(c->root, c->derived, d);
  read_units(c);
  derive_indicators(c);
  derive_people(c);
  per_capita_rule(c);
  derive_score(c);
  derive_party(c);
  derive_plan(c);
  write_checks(c);
  consistency_check(c->root, d);
  schema_refs_free(&c->refs);
  free(c->units);
  return 0;
}
