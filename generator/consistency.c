/* consistency.c: figures checked against each other (consistency.h).
 *
 * Three kinds of check:
 *  - standard indicators against the roster: an indicator of all cadres (or
 *    all branch secretaries …) cannot be below what the roster lists, one of
 *    the listed cadres must equal it, a rate must be the roster's rate;
 *  - parts against totals: the indicators naming another as `part_of` add
 *    up to at most that one, before and after;
 *  - the narrative against the data: a number the narrative states right
 *    after or right before an indicator's name must be one of its figures,
 *    and one it states about all the cadres (or branch secretaries) of the
 *    county in their common word, "全县共有团干部325名" or "全旗325名团干部",
 *    one of the standard indicator's, or without one no fewer than the
 *    roster lists.
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

/* Whether the text just before at ends with the measure word of a count
 * ("名", "人") or the indicator's unit ("个", "场"); returns its length. */
static size_t measure_before(const char *text, const char *at, const char *unit)
{
  const char *const words[] = { "名", "人", unit, NULL };
  for (int i = 0; words[i]; i++) {
    size_t n = strlen(words[i]);
    if (n && !strchr(words[i], '%') && (size_t)(at - text) >= n && !strncmp(at - n, words[i], n)) return n;
  }
  return 0;
}

/* The number that ends where end does ("261" of "261名"): stores it and
 * where it starts; returns 0 when there is none. */
static int number_ending(const char *text, const char *end, dec *v, const char **start)
{
  const char *b = end;
  while (b > text && ((b[-1] >= '0' && b[-1] <= '9') || b[-1] == ',' || b[-1] == '.')) b--;
  while (b < end && (*b < '0' || *b > '9')) b++;   /* a mark before the digits is no part */
  if (b == end) return 0;
  size_t k = read_number(b, v);
  if (b + k != end) return 0;
  *start = b;
  return 1;
}

/* Words that may stand between a scope and what it counts: "全县共有团干部". */
static const char *const having[] = { "共有", "现有", "总计", "共", "有", "计", NULL };

/* Whether the text before at ends with a scope that makes a count one of
 * all: "各级", "全" and one character (全县, 全旗, 全市, 全区), or the
 * county's name, past one of the having words. */
static int scope_before(const char *text, const char *at, const char *county)
{
  for (int i = 0; having[i]; i++) {
    size_t n = strlen(having[i]);
    if ((size_t)(at - text) >= n && !strncmp(at - n, having[i], n)) { at -= n; break; }
  }
  size_t room = (size_t)(at - text), q = strlen("全");
  if (room >= strlen("各级") && !strncmp(at - strlen("各级"), "各级", strlen("各级"))) return 1;
  if (room >= q + 3 && !strncmp(at - q - 3, "全", q) && ((unsigned char)at[-3] & 0xF0) == 0xE0) return 1;
  size_t cn = county ? strlen(county) : 0;
  return cn && room >= cn && !strncmp(at - cn, county, cn);
}

/* The common words for the known indicators that count people: a count of
 * all of them ("全县共有团干部325名", "全旗325名团干部", "各级团干部总数达1085名")
 * is checked against the indicator, or without one against the roster (all
 * of them cannot be fewer than the roster lists). */
static const struct {
  const char *id, *word, *roster_field, *what;
} terms[] = {
  { "cadres_total", "团干部", "cadres", N_("cadres") },
  { "village_secretaries", "团支部书记", "branch_secretaries", N_("branch secretaries") },
};

#define CHECKED_MAX 64

typedef struct para {
  cctx *c;
  const xmlNode *p;
  const char *text;
  size_t checked[CHECKED_MAX];   /* byte offsets of the numbers checked */
  int nchecked;
} para;

/* Records the number at byte offset at; returns 1 if it was checked before. */
static int seen(para *q, const char *at)
{
  size_t off = (size_t)(at - q->text);
  for (int i = 0; i < q->nchecked; i++)
    if (q->checked[i] == off) return 1;
  if (q->nchecked < CHECKED_MAX) q->checked[q->nchecked++] = off;
  return 0;
}

/* Reports v, stated about ind: for its name (said is the name) or in the
 * words said (a term's count as it stands). */
static void disagree(para *q, const xmlNode *ind, const char *said, int in, dec v)
{
  char a[DEC_BUFSZ], b[DEC_BUFSZ] = "—", x[DEC_BUFSZ] = "—";
  dec before, after;
  if (num(ind, "before", &before) == 0) fmt(before, b);
  if (num(ind, "after", &after) == 0) fmt(after, x);
  char *where = load_place(ind);
  const char *id = schema_get(ind, "id"), *at = where ? where : "?";
  char *m = in ? xasprintf(_("the narrative states %s in “%s”, but indicator %s at %s gives %s before and %s "
                             "after the reform"), fmt(v, a), said, id, at, b, x)
               : xasprintf(_("the narrative states %s for “%s”, but indicator %s at %s gives %s before and %s "
                             "after the reform"), fmt(v, a), said, id, at, b, x);
  report(q->c, q->p, m);
  free(m);
  free(where);
}

/* Checks v, stated at num_at about all of a term's people (said: the words
 * as they stand), against the indicator or the roster. */
static void check_term(para *q, size_t t, const char *said, dec v, const char *num_at)
{
  if (seen(q, num_at)) return;
  xmlNode *ind = indicator(q->c, terms[t].id);
  if (ind) {
    if (!known_value(ind, v)) disagree(q, ind, said, 1, v);
    return;
  }
  dec listed;
  if (!schema_first(schema_find(q->c->root, "cadres")) ||
      num(schema_find(q->c->totals, "stats"), terms[t].roster_field, &listed) != 0 || dec_cmp(v, listed) >= 0)
    return;
  char a[DEC_BUFSZ], b[DEC_BUFSZ];
  char *where = load_place(schema_find(q->c->root, "cadres"));
  char *m = xasprintf(_("the narrative states %s in “%s”, fewer than the %s %s the roster lists (%s)"), fmt(v, a), said,
                      fmt(listed, b), _(terms[t].what), where ? where : "cadres");
  report(q->c, q->p, m);
  free(m);
  free(where);
}

/* The words from a to e as a new string (for a message). */
static char *span(const char *a, const char *e) { return xstrndup(a, (size_t)(e - a)); }

/* A number stated about an indicator by its name: right after the name
 * (past connector characters: "总数达到1744名") or right before it with a
 * measure word ("261名“塔群小秘书”"); and about all the people a known
 * indicator counts in its common word, after a scope (terms). */
static void check_paragraph(cctx *c, const xmlNode *p, const char *text)
{
  para q = { .c = c, .p = p, .text = text };
  for (xmlNode *ind = schema_first(c->indicators); ind; ind = schema_next(ind)) {
    const char *name = schema_get(ind, "name");
    if (!name || strlen(name) < 6) continue;   /* two characters at least */
    size_t nl = strlen(name);
    for (const char *at = strstr(text, name); at; at = strstr(at + nl, name)) {
      const char *s = at + nl, *from;
      size_t k;
      int skipped = 0;
      while ((k = connector_at(s)) != 0 && skipped < 6) { s += k; skipped++; }
      dec v;
      if (read_number(s, &v) && !seen(&q, s) && !known_value(ind, v)) disagree(&q, ind, name, 0, v);
      size_t mw = measure_before(text, at, schema_get(ind, "unit"));
      if (mw && number_ending(text, at - mw, &v, &from) && !seen(&q, from) && !known_value(ind, v))
        disagree(&q, ind, name, 0, v);
    }
  }
  const char *county = schema_get(schema_find(c->root, "county"), "name");
  for (size_t t = 0; t < sizeof terms / sizeof *terms; t++) {
    size_t wl = strlen(terms[t].word);
    for (const char *at = strstr(text, terms[t].word); at; at = strstr(at + wl, terms[t].word)) {
      dec v;
      const char *from;
      size_t mw = measure_before(text, at, NULL);
      if (mw && number_ending(text, at - mw, &v, &from) && scope_before(text, from, county)) {
        char *said = span(from, at + wl);
        check_term(&q, t, said, v, from);
        free(said);
      }
      if (!scope_before(text, at, county)) continue;
      const char *s = at + wl;
      size_t k;
      int skipped = 0;
      while ((k = connector_at(s)) != 0 && skipped < 6) { s += k; skipped++; }
      size_t n = read_number(s, &v);
      if (n && (!strncmp(s + n, "名", strlen("名")) || !strncmp(s + n, "人", strlen("人")))) {
        char *said = span(at, s + n + strlen("名"));
        check_term(&q, t, said, v, s);
        free(said);
      }
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
