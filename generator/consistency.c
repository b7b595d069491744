/* consistency.c: figures checked against each other (consistency.h).
 *
 * Three kinds of check:
 *  - standard indicators against the roster: an indicator of all cadres (or
 *    all branch secretaries …) cannot be below what the roster lists, one of
 *    the listed cadres must equal it, a rate must be the roster's rate;
 *  - parts against totals: the indicators naming another as `part_of` add
 *    up to at most that one, before and after;
 *  - the narrative against the data: a number the narrative states right
 *    after (or right before) an indicator's name must be one of its figures.
 * Every figure is compared as an exact decimal. */
#include "consistency.h"
#include "i18n.h"
#include "decimal.h"
#include "load.h"
#include "schema.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static int strict_mode;

void consistency_set_strict(int strict)
{
  strict_mode = strict;
}

typedef struct cctx {
  xmlNode *root, *indicators, *totals, *levels;
  diag_list *d;
  int count;
} cctx;

static void report(cctx *c, const xmlNode *at, const char *msg)
{
  char *place = at ? load_place(at) : NULL;
  diag_add(c->d, strict_mode ? DIAG_ERROR : DIAG_WARNING, place, "consistency: %s", msg);
  free(place);
  c->count++;
}

static int num(const xmlNode *n, const char *field, dec *out)
{
  const char *t = schema_get(n, field);
  return t && *t && dec_parse(t, out) == 0 ? 0 : -1;
}

static xmlNode *indicator(const cctx *c, const char *id)
{
  for (xmlNode *i = schema_first(c->indicators); i; i = schema_next(i))
    if (schema_get(i, "id") && !strcmp(schema_get(i, "id"), id)) return i;
  return NULL;
}

static const char *fmt(dec v, char buf[DEC_BUFSZ])
{
  return dec_format(v, -1, buf);
}

/* Sums a stats figure over the units of the levels named (NULL-ended). */
static int level_sum(const cctx *c, const char *const *names, const char *field, const char *sub, dec *out)
{
  *out = dec_from_int(0);
  int any = 0;
  for (xmlNode *l = schema_first(c->levels); l; l = schema_next(l)) {
    const char *ln = schema_get(l, "name");
    int want = 0;
    for (int i = 0; names[i]; i++) want |= ln && !strcmp(ln, names[i]);
    if (!want) continue;
    xmlNode *s = schema_find(l, "stats");
    if (sub) s = schema_find(s, sub);
    dec v;
    if (num(s, field, &v) == 0 && dec_add(*out, v, out) == 0) any = 1;
  }
  return any ? 0 : -1;
}

/* ---- indicators against the roster -------------------------------------- */

enum { REL_EQ, REL_GE };

static const char *const village_levels[] = { "village", "community", NULL };
static const char *const county_levels[] = { "county", NULL };

/* The roster's count for the standard ids that count people. */
static const struct {
  const char *id, *field;
  const char *const *levels;   /* NULL: the county's totals */
  int rel;
  const char *what;
} counts[] = {
  { "roster_cadres", "cadres", NULL, REL_EQ, N_("cadres") },
  { "cadres_total", "cadres", NULL, REL_GE, N_("cadres") },
  { "county_staff", "cadres", county_levels, REL_GE, N_("cadres of county-level units") },
  { "village_secretaries", "branch_secretaries", NULL, REL_GE, N_("团支部书记") },
  { "secretaries_in_two_committees", "two_committees", NULL, REL_GE, N_("团支部书记 in the “两委”") },
};

static void roster_counts(cctx *c)
{
  dec roster_n;
  if (num(schema_find(c->totals, "stats"), "cadres", &roster_n) != 0 || dec_is_zero(roster_n)) return;
  xmlNode *cadres = schema_find(c->root, "cadres");
  for (size_t k = 0; k < sizeof counts / sizeof *counts; k++) {
    xmlNode *ind = indicator(c, counts[k].id);
    dec after, listed;
    if (!ind || num(ind, "after", &after) != 0) continue;
    if (counts[k].levels ? level_sum(c, counts[k].levels, counts[k].field, NULL, &listed) != 0
                         : num(schema_find(c->totals, "stats"), counts[k].field, &listed) != 0)
      continue;
    int cmp = dec_cmp(after, listed);
    if (counts[k].rel == REL_EQ ? cmp == 0 : cmp >= 0) continue;
    char a[DEC_BUFSZ], b[DEC_BUFSZ];
    char *where = load_place(cadres);
    char *m = xasprintf(_("indicator %s (%s) gives %s after the reform, %s the %s %s the roster lists (%s)"),
                        counts[k].id, schema_get(ind, "name"), fmt(after, a),
                        counts[k].rel == REL_EQ ? _("but") : _("fewer than"), fmt(listed, b), _(counts[k].what),
                        where ? where : "cadres");
    free(where);
    report(c, schema_find(ind, "after"), m);
    free(m);
  }
}

/* The roster's rate num/den in % with one decimal. */
static int rate_of(dec n, dec d, dec *out)
{
  return dec_is_zero(d) ? -1 : dec_percent(n, d, 1, out);
}

static void roster_rates(cctx *c)
{
  static const struct { const char *id, *num, *num_sub, *den, *den_sub, *what; int village; } rates[] = {
    { "staffing_rate", "filled", NULL, "total", "planned", N_("配备率 (filled / planned posts)"), 0 },
    { "village_staffing_rate", "filled", NULL, "total", "planned",
      N_("配备率 of the village and community units (filled / planned posts)"), 1 },
    { "on_duty_rate", "on_duty", NULL, "cadres", NULL, N_("在岗率 (on duty / cadres)"), 0 },
    { "village_on_duty_rate", "on_duty", NULL, "cadres", NULL, N_("在岗率 of the village and community units"), 1 },
  };
  for (size_t k = 0; k < sizeof rates / sizeof *rates; k++) {
    xmlNode *ind = indicator(c, rates[k].id);
    dec after, n, d, r, shown;
    if (!ind || num(ind, "after", &after) != 0) continue;
    if (rates[k].village) {
      if (level_sum(c, village_levels, rates[k].num, rates[k].num_sub, &n) != 0 ||
          level_sum(c, village_levels, rates[k].den, rates[k].den_sub, &d) != 0)
        continue;
    } else {
      xmlNode *s = schema_find(c->totals, "stats");
      if (num(rates[k].num_sub ? schema_find(s, rates[k].num_sub) : s, rates[k].num, &n) != 0 ||
          num(rates[k].den_sub ? schema_find(s, rates[k].den_sub) : s, rates[k].den, &d) != 0)
        continue;
    }
    if (rate_of(n, d, &r) != 0 || dec_round(after, 1, &shown) != 0) continue;
    if (dec_cmp(shown, r) == 0) continue;
    char a[DEC_BUFSZ], b[DEC_BUFSZ], x[DEC_BUFSZ], y[DEC_BUFSZ];
    char *m = xasprintf(_("indicator %s (%s) gives %s%%, but the roster's %s is %s%% (%s of %s)"), rates[k].id,
                        schema_get(ind, "name"), fmt(after, a), _(rates[k].what), dec_format(r, 1, b), fmt(n, x),
                        fmt(d, y));
    report(c, schema_find(ind, "after"), m);
    free(m);
  }
}

/* ---- parts against totals ----------------------------------------------- */

/* The id a part belongs to: its part_of, or the implicit one of a standard id. */
static const char *whole_of(const xmlNode *ind)
{
  const char *p = schema_get(ind, "part_of"), *id = schema_get(ind, "id");
  if (p && *p) return p;
  if (id && !strcmp(id, "secretaries_in_two_committees")) return "village_secretaries";
  return NULL;
}

static void parts(cctx *c)
{
  for (xmlNode *w = schema_first(c->indicators); w; w = schema_next(w)) {
    const char *wid = schema_get(w, "id");
    for (int field = 0; field < 2 && wid; field++) {
      const char *fname = field ? "after" : "before";
      dec whole, sum = dec_from_int(0), v;
      if (num(w, fname, &whole) != 0) continue;
      int nparts = 0;
      strbuf names;
      sb_init(&names);
      for (xmlNode *p = schema_first(c->indicators); p; p = schema_next(p)) {
        const char *of = whole_of(p);
        if (!of || strcmp(of, wid) != 0 || num(p, fname, &v) != 0 || dec_add(sum, v, &sum) != 0) continue;
        if (nparts++) sb_add(&names, " + ");
        sb_add(&names, schema_get(p, "id"));
      }
      if (nparts && dec_cmp(sum, whole) > 0) {
        char a[DEC_BUFSZ], b[DEC_BUFSZ];
        char *m = xasprintf(_("the parts of indicator %s (%s) add up to %s %s, more than its %s %s (%s)"), wid,
                            sb_str(&names), fmt(sum, a), fname, fname, fmt(whole, b), schema_get(w, "name"));
        report(c, schema_find(w, fname), m);
        free(m);
      }
      sb_free(&names);
    }
  }
  for (xmlNode *p = schema_first(c->indicators); p; p = schema_next(p)) {
    const char *of = schema_get(p, "part_of");
    if (of && *of && !indicator(c, of)) {
      char *m = xasprintf(_("indicator %s is part_of '%s', which is no indicator of this county"),
                          schema_get(p, "id"), of);
      report(c, schema_find(p, "part_of"), m);
      free(m);
    }
  }
}

/* ---- the narrative against the data ------------------------------------- */

/* Characters that may stand between a name and its number: "人数增加了347",
 * "总数达到1744", "由2名增加至5名". */
static const char *const connectors[] = { "总", "数", "人", "共", "计", "达", "到", "为", "由", "增", "加",
                                          "至", "了", "约", "有", "已", "是", NULL };

static size_t connector_at(const char *s)
{
  for (int i = 0; connectors[i]; i++) {
    size_t n = strlen(connectors[i]);
    if (!strncmp(s, connectors[i], n)) return n;
  }
  return 0;
}

/* Reads a number (digits, thousands commas, one decimal point) at s into out;
 * returns its length, 0 when none. */
static size_t read_number(const char *s, dec *out)
{
  char buf[40];
  size_t i = 0, k = 0;
  while (s[i] && k < sizeof buf - 1) {
    if (s[i] >= '0' && s[i] <= '9') buf[k++] = s[i++];
    else if (s[i] == ',' && k && s[i + 1] >= '0' && s[i + 1] <= '9') i++;
    else if (s[i] == '.' && k && s[i + 1] >= '0' && s[i + 1] <= '9' && !strchr(buf, '.')) buf[k++] = s[i++];
    else break;
    buf[k] = '\0';
  }
  buf[k] = '\0';
  if (!k || dec_parse(buf, out) != 0) return 0;
  /* a year ("2021年") is no figure */
  if (!strncmp(s + i, "年", strlen("年")) || !strncmp(s + i, "月", strlen("月"))) return 0;
  return i;
}

/* Whether v is one of the indicator's figures (before, after, change,
 * target, growth rounded or cut to a whole per cent). */
static int known_value(const xmlNode *ind, dec v)
{
  static const char *const fields[] = { "before", "after", "change", "target", "growth", NULL };
  for (int i = 0; fields[i]; i++) {
    dec f, r;
    if (num(ind, fields[i], &f) != 0) continue;
    if (dec_cmp(f, v) == 0) return 1;
    if (!strcmp(fields[i], "growth") && dec_round(f, 0, &r) == 0 && dec_cmp(r, v) == 0) return 1;
    if (!strcmp(fields[i], "growth") && dec_is_integer(v)) {
      dec lo = v, hi;
      if (dec_add(v, dec_from_int(1), &hi) == 0 && dec_cmp(f, lo) >= 0 && dec_cmp(f, hi) < 0) return 1;
    }
  }
  return 0;
}

/* The number stated right after the name at s (past connector characters),
 * or right before it ("261名“塔群小秘书”" is not read: only after). */
static void check_paragraph(cctx *c, const xmlNode *p, const char *text)
{
  for (xmlNode *ind = schema_first(c->indicators); ind; ind = schema_next(ind)) {
    const char *name = schema_get(ind, "name");
    if (!name || strlen(name) < 6) continue;   /* two characters at least */
    size_t nl = strlen(name);
    for (const char *at = strstr(text, name); at; at = strstr(at + nl, name)) {
      const char *s = at + nl;
      size_t k;
      int skipped = 0;
      while ((k = connector_at(s)) != 0 && skipped < 6) { s += k; skipped++; }
      dec v;
      if (!read_number(s, &v) || known_value(ind, v)) continue;
      char a[DEC_BUFSZ], b[DEC_BUFSZ] = "—", x[DEC_BUFSZ] = "—";
      dec before, after;
      if (num(ind, "before", &before) == 0) fmt(before, b);
      if (num(ind, "after", &after) == 0) fmt(after, x);
      char *where = load_place(ind);
      char *m = xasprintf(_("the narrative states %s for “%s”, but indicator %s at %s gives %s before and %s after "
                          "the reform"), fmt(v, a), name, schema_get(ind, "id"), where ? where : "?", b, x);
      report(c, p, m);
      free(m);
      free(where);
    }
  }
}

static void narrative(cctx *c)
{
  xmlNode *n = schema_find(c->root, "narrative");
  for (xmlNode *p = schema_first(schema_find(n, "background")); p; p = schema_next(p))
    if (schema_text(p)) check_paragraph(c, p, schema_text(p));
  static const char *const secs[] = { "practices", "results", "problems", "next_steps", NULL };
  for (int i = 0; secs[i]; i++)
    for (xmlNode *s = schema_first(schema_find(n, secs[i])); s; s = schema_next(s))
      for (xmlNode *p = schema_first(schema_find(s, "paragraphs")); p; p = schema_next(p))
        if (schema_text(p)) check_paragraph(c, p, schema_text(p));
}

int consistency_check(xmlNode *root, diag_list *d)
{
  xmlNode *derived = schema_find(root, "derived");
  cctx c = { .root = root, .indicators = schema_find(root, "indicators"),
             .totals = schema_find(derived, "totals"), .levels = schema_find(derived, "levels"), .d = d };
  if (schema_first(schema_find(root, "cadres"))) {
    roster_counts(&c);
    roster_rates(&c);
  }
  parts(&c);
  narrative(&c);
  return c.count;
}
