/* validate.c: the input contract and the semantic checks (validate.h).
 *
 * Two passes over a loaded document. The first walks it beside the schema
 * table (schema.h): element names, required fields, fields given twice,
 * types, ranges, dates that exist, enumerated values; unknown fields are kept
 * and warned about. The second checks what a table cannot say: unique ids,
 * references that resolve, unit parents without cycles, weights that add up
 * to one, phases in order, counts of people that are whole. Validation stops
 * after VALIDATE_MAX_ERRORS errors, which also bounds its cost. */
#include "validate.h"
#include "i18n.h"
#include "dates.h"
#include "decimal.h"
#include "load.h"
#include "schema.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define VALIDATE_MAX_ERRORS 200
#define WARN_LIST_MAX 3        /* places named in one aggregated warning */
#define VALIDATE_MAX_COUNT 10000000   /* the largest count of people, posts or days */

typedef struct vctx {
  diag_list *d;
  int errors;
  int warnings;
} vctx;

static int full(const vctx *v)
{
  return v->errors >= VALIDATE_MAX_ERRORS;
}

/* Counts a diagnostic about to be reported; returns 0 when it is over the
 * limit and must be dropped. */
static int admit(vctx *v, diag_level lv)
{
  if (lv == DIAG_ERROR) {
    if (full(v)) return 0;
    v->errors++;
    return 1;
  }
  return v->warnings++ < VALIDATE_MAX_ERRORS;   /* bounded like errors: a file of unknown fields costs nothing more */
}

/* Adds an admitted diagnostic whose message is written out already. */
static void add_msg(vctx *v, diag_level lv, const xmlNode *n, const char *msg)
{
  char *place = n ? load_place(n) : NULL;
  diag_add(v->d, lv, place, "%s", msg);
  free(place);
}

static void vreport(vctx *v, diag_level lv, const xmlNode *n, const char *fmt, va_list ap)
  __attribute__((format(printf, 4, 0)));
static void vreport(vctx *v, diag_level lv, const xmlNode *n, const char *fmt, va_list ap)
{
  if (!admit(v, lv)) return;
  strbuf b = {0};
  sb_vaddf(&b, _(fmt), ap);
  add_msg(v, lv, n, sb_str(&b));
  sb_free(&b);
}

static void verr(vctx *v, const xmlNode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void verr(vctx *v, const xmlNode *n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vreport(v, DIAG_ERROR, n, fmt, ap);
  va_end(ap);
}

static void vwarn(vctx *v, const xmlNode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void vwarn(vctx *v, const xmlNode *n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vreport(v, DIAG_WARNING, n, fmt, ap);
  va_end(ap);
}

/* "男, 女" for an enumeration (the separator translated: 男、女). Returns a new string. */
static char *enum_list(const char *const *values)
{
  strbuf b = {0};
  for (int i = 0; values[i]; i++) {
    if (i) sb_add(&b, _(", "));
    sb_add(&b, values[i]);
  }
  return sb_detach(&b);
}

/* What a field expects, in words. Returns a new string. */
static char *expectation(const schema_field *sf)
{
  if (sf->kind == SK_ENUM) {
    char *l = enum_list(sf->values);
    char *r = xasprintf(_("one of %s"), l);
    free(l);
    return r;
  }
  return xstrdup(schema_expect(sf->kind));
}

static void bad_value(vctx *v, const xmlNode *n, const schema_field *sf, const char *t, const char *why)
{
  char *e = expectation(sf);
  verr(v, n, _("'%s' %s; expected %s"), t, why, e);
  free(e);
}

static int has_space(const char *t)
{
  for (; *t; t++)
    if (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r') return 1;
  return 0;
}

static void check_number(vctx *v, const xmlNode *n, const schema_field *sf, const char *t)
{
  dec x;
  int r = schema_norm_number(t, strlen(t), NULL);
  if (r == -2) {   /* 1e309, or 200 digits: a number, but none a county holds */
    char *e = expectation(sf);
    verr(v, n, _("the number '%.40s%s' is out of range; expected %s (at most %d digits, an exponent from -%d to %d)"),
         t, strlen(t) > 40 ? "..." : "", e, SCHEMA_NUMBER_DIGITS, SCHEMA_NUMBER_EXP, SCHEMA_NUMBER_EXP);
    free(e);
    return;
  }
  if (r != 0) { bad_value(v, n, sf, t, _("is not a number")); return; }
  if (dec_parse(t, &x) != 0) { bad_value(v, n, sf, t, _("has too many digits")); return; }
  dec zero = dec_from_int(0);
  switch (sf->kind) {
  case SK_NONNEG:
    if (dec_cmp(x, zero) < 0) bad_value(v, n, sf, t, _("is negative"));
    break;
  case SK_COUNT:
    if (dec_cmp(x, zero) < 0) bad_value(v, n, sf, t, _("is negative"));
    else if (!dec_is_integer(x)) bad_value(v, n, sf, t, _("is not a whole number"));
    else if (dec_cmp(x, dec_from_int(VALIDATE_MAX_COUNT)) > 0)   /* derive sums counts in 64 bits */
      verr(v, n, _("'%s' is too large; expected a whole number from 0 to %d"), t, VALIDATE_MAX_COUNT);
    break;
  case SK_SCORE:
    if (dec_cmp(x, zero) < 0 || dec_cmp(x, dec_from_int(100)) > 0) bad_value(v, n, sf, t, _("is out of range"));
    break;
  case SK_SHARE:
    if (dec_cmp(x, zero) < 0 || dec_cmp(x, dec_from_int(1)) > 0) bad_value(v, n, sf, t, _("is out of range"));
    break;
  case SK_YEAR:
    if (!dec_is_integer(x)) bad_value(v, n, sf, t, _("is not a whole number"));
    else if (dec_cmp(x, dec_from_int(1949)) < 0 || dec_cmp(x, dec_from_int(2100)) > 0)
      bad_value(v, n, sf, t, _("is out of range"));
    break;
  default:
    break;
  }
}

/* Fields whose text must be a single line (names and issuing bodies). */
static int is_one_line_field(const char *name)
{
  static const char *const one_line[] = { "name", "league_committee", "league_committee_short",
                                          "party_committee", "province", "prefecture", "post",
                                          "title", "doc_number", NULL };
  for (const char *const *p = one_line; *p; p++)
    if (strcmp(*p, name) == 0) return 1;
  return 0;
}

static void check_leaf(vctx *v, const xmlNode *n, const schema_field *sf)
{
  const char *t = schema_text(n);
  dates_ymd dt;
  if (!*t) {
    if (sf->kind != SK_STRING || (sf->flags & SF_REQUIRED)) {
      char *e = expectation(sf);
      verr(v, n, _("empty <%s>; expected %s"), sf->name, e);
      free(e);
    }
    return;
  }
  switch (sf->kind) {
  case SK_STRING:
    /* names go into titles, signatures and file names: one line each */
    if (strpbrk(t, "\n\r\t") && is_one_line_field(sf->name))
      verr(v, n, _("<%s> contains a line break or tab; expected one line of text"), sf->name);
    break;
  case SK_ID:
    if (has_space(t)) bad_value(v, n, sf, t, _("contains white space"));
    break;
  case SK_CODE6:
    if (strlen(t) != 6 || strspn(t, "0123456789") != 6) bad_value(v, n, sf, t, _("is not a division code"));
    break;
  case SK_BOOL:
    if (strcmp(t, "true") != 0 && strcmp(t, "false") != 0) bad_value(v, n, sf, t, _("is not a boolean"));
    break;
  case SK_DATE:
  case SK_DATE_MONTH: {
    int r = dates_parse(t, sf->kind == SK_DATE_MONTH, &dt);
    if (r == DATE_SYNTAX || r == DATE_INVALID) bad_value(v, n, sf, t, _("is not a date"));
    else if (r == DATE_RANGE)
      verr(v, n, _("'%s' is out of range; expected a date from %d to %d"), t, DATES_YEAR_MIN, DATES_YEAR_MAX);
    break;
  }
  case SK_ENUM: {
    int i = 0;
    while (sf->values[i] && strcmp(sf->values[i], t) != 0) i++;
    if (!sf->values[i]) bad_value(v, n, sf, t, _("is not a known value"));
    break;
  }
  default:
    if (schema_is_numeric(sf->kind)) check_number(v, n, sf, t);
    break;
  }
}

static void check_array(vctx *v, const xmlNode *n, const schema_field *sf);

/* The commonest diagnostic (a file may carry a note on every cadre): its
 * count is bounded by admit() before anything is formatted. */
static void unknown_field(vctx *v, const xmlNode *c, const xmlNode *n)
{
  if (!admit(v, DIAG_WARNING)) return;
  strbuf b = {0};
  sb_addf(&b, _("unknown field '%s' in <%s>; kept, but no document reads it"), (const char *)c->name,
          (const char *)n->name);
  add_msg(v, DIAG_WARNING, c, sb_str(&b));
  sb_free(&b);
}

/* Checks the children of an object element against its field table. */
static void check_object(vctx *v, const xmlNode *n, const schema_field *sf)
{
  int nf = 0;
  while (sf->fields[nf].name) nf++;
  int seen_here[32] = {0};   /* every table of the contract fits */
  int *seen = nf <= 32 ? seen_here : xcalloc((size_t)nf, sizeof *seen);
  int next = 0;   /* children come in the table's order: look there first */
  for (xmlNode *c = schema_first(n); c && !full(v); c = schema_next(c)) {
    int i = schema_index_from(sf, (const char *)c->name, next);
    if (i < 0) {
      unknown_field(v, c, n);
      continue;
    }
    next = i + 1;
    if (seen[i]++ == 1)
      verr(v, c, _("<%s> given more than once in <%s>; expected it once"), (const char *)c->name,
           (const char *)n->name);
    const schema_field *cf = &sf->fields[i];
    if (load_reported(c)) continue;   /* the loader has said what is wrong with it */
    if (cf->kind == SK_OBJECT) check_object(v, c, cf);
    else if (cf->kind == SK_ARRAY) check_array(v, c, cf);
    else check_leaf(v, c, cf);
  }
  for (int i = 0; i < nf && !full(v); i++) {
    const schema_field *cf = &sf->fields[i];
    if (seen[i] || !(cf->flags & SF_REQUIRED)) continue;
    char *e = cf->kind == SK_OBJECT ? xstrdup(_("an object")) : cf->kind == SK_ARRAY ? xstrdup(_("an array"))
                                                                                   : expectation(cf);
    verr(v, n, _("missing field '%s'; expected %s"), cf->name, e);
    free(e);
  }
  if (seen != seen_here) free(seen);
}

static void check_array(vctx *v, const xmlNode *n, const schema_field *sf)
{
  const schema_field *it = sf->item;
  for (xmlNode *c = schema_first(n); c && !full(v); c = schema_next(c)) {
    if (strcmp((const char *)c->name, it->name) != 0) {
      verr(v, c, _("element <%s> in <%s>; expected <%s>"), (const char *)c->name, sf->name, it->name);
      continue;
    }
    if (load_reported(c)) continue;
    if (it->kind == SK_OBJECT) check_object(v, c, it);
    else check_leaf(v, c, it);
  }
}

/* ---- semantic checks ---------------------------------------------------- */

static xmlNode *path2(const xmlNode *root, const char *a, const char *b)
{
  xmlNode *x = schema_find(root, a);
  return b ? schema_find(x, b) : x;
}

/* Reports ids given twice in a container. */
static void check_unique(vctx *v, const schema_refs *r, const char *what)
{
  for (int i = 1; i < r->n && !full(v); i++)
    if (strcmp(r->v[i].id, r->v[i - 1].id) == 0) {
      char *first = load_place(r->v[i - 1].node);
      verr(v, schema_find(r->v[i].node, "id"), _("%s id '%s' is used again (first at %s); expected unique ids"),
           what, r->v[i].id, first);
      free(first);
    }
}

/* Reports every item of container whose `field` names no unit. With `used`
 * (a flag for each entry of units->v), also flags the units named: then every
 * item is read, even past the error limit. */
static void check_refs(vctx *v, const xmlNode *container, const char *field, const schema_refs *units,
                       char *used)
{
  for (xmlNode *c = schema_first(container); c && (used || !full(v)); c = schema_next(c)) {
    xmlNode *f = schema_find(c, field);
    const char *id = schema_text(f);
    if (!f || !*id) continue;
    int i = schema_refs_index(units, id);
    if (i < 0) verr(v, f, _("unit '%s' does not exist; expected the id of one of the units"), id);
    else if (used) used[i] = 1;
  }
}

/* Parent links without cycles, followed without recursion: every unit is
 * visited once (state 0 new, 1 on the current path, 2 done). */
static void check_parents(vctx *v, const xmlNode *units, const schema_refs *refs)
{
  int n = 0;
  for (xmlNode *u = schema_first(units); u; u = schema_next(u)) n++;
  if (n == 0) return;
  xmlNode **nodes = xmalloc((size_t)n * sizeof *nodes);
  int i = 0;
  for (xmlNode *u = schema_first(units); u; u = schema_next(u)) {
    nodes[i] = u;
    u->psvi = NULL;
    i++;
  }
  /* psvi is free on a loaded document: it holds the state while we walk */
  for (i = 0; i < n && !full(v); i++) {
    xmlNode *u = nodes[i];
    while (u && u->psvi == NULL) {
      u->psvi = (void *)1;
      xmlNode *pf = schema_find(u, "parent");
      const char *pid = schema_text(pf);
      if (!pf || !*pid) break;
      xmlNode *p = schema_refs_find(refs, pid);
      if (!p) {
        verr(v, pf, _("parent unit '%s' does not exist; expected the id of one of the units"), pid);
        break;
      }
      if (p->psvi == (void *)1) {
        verr(v, pf, _("parent unit '%s' leads back to this unit; expected parents without a cycle"), pid);
        break;
      }
      u = p;
    }
    for (u = nodes[i]; u && u->psvi == (void *)1;) {
      u->psvi = (void *)2;
      u = schema_refs_find(refs, schema_text(schema_find(u, "parent")));
    }
  }
  for (i = 0; i < n; i++) nodes[i]->psvi = NULL;
  free(nodes);
}

static int node_dec(const xmlNode *n, dec *out)
{
  return n ? dec_parse(schema_text(n), out) : -1;
}

static void check_indicators(vctx *v, const xmlNode *inds)
{
  static const char *const fields[] = { "before", "after", "target", NULL };
  for (xmlNode *c = schema_first(inds); c && !full(v); c = schema_next(c)) {
    const char *unit = schema_get(c, "unit");
    if (!unit || (strcmp(unit, "人") != 0 && strcmp(unit, "个") != 0)) continue;
    for (int i = 0; fields[i]; i++) {
      xmlNode *f = schema_find(c, fields[i]);
      dec x;
      if (node_dec(f, &x) != 0) continue;
      if (dec_cmp(x, dec_from_int(0)) < 0 || !dec_is_integer(x))
        verr(v, f, _("'%s' is not a count; expected a whole number >= 0 for a figure in %s"),
             schema_text(f), unit);
      else if (dec_cmp(x, dec_from_int(VALIDATE_MAX_COUNT)) > 0)
        verr(v, f, _("'%s' is too large; expected a whole number from 0 to %d for a figure in %s"),
             schema_text(f), VALIDATE_MAX_COUNT, unit);
    }
  }
}

static void check_weights(vctx *v, const xmlNode *w)
{
  if (!w) return;
  dec sum = dec_from_int(0), x, diff, tol;
  for (xmlNode *c = schema_first(w); c; c = schema_next(c)) {
    if (schema_index(schema_child(schema_child(schema_root(), "assessment"), "weights"),
                     (const char *)c->name) < 0) continue;
    if (node_dec(c, &x) != 0 || dec_add(sum, x, &sum) != 0) return;
  }
  dec_parse("0.001", &tol);
  if (dec_sub(sum, dec_from_int(1), &diff) != 0) return;
  if (diff.mant < 0) diff.mant = -diff.mant;
  if (dec_cmp(diff, tol) > 0) {
    char buf[DEC_BUFSZ];
    verr(v, w, _("the weights add up to %s; expected 1 (within 0.001)"), dec_format(sum, -1, buf));
  }
}

/* A date field as a comparable number yyyymmdd (day 1 for YYYY-MM); 0 if absent or bad. */
static long date_key(const xmlNode *n)
{
  dates_ymd dt;
  if (!n || dates_parse(schema_text(n), 1, &dt) != DATE_OK) return 0;
  return dates_key(&dt);
}

static void check_phases(vctx *v, const xmlNode *phases)
{
  long prev_end = 0;
  const char *prev_text = "";
  for (xmlNode *c = schema_first(phases); c && !full(v); c = schema_next(c)) {
    xmlNode *s = schema_find(c, "start"), *e = schema_find(c, "end");
    long ks = date_key(s), ke = date_key(e);
    if (ks && ke && ks > ke)
      verr(v, s, _("the phase starts on %s, after its end %s; expected a start not after the end"),
           schema_text(s), schema_text(e));
    if (ks && prev_end && ks < prev_end)
      verr(v, s, _("the phase starts on %s, before the previous phase ends (%s); expected phases that follow one another"),
           schema_text(s), prev_text);
    if (ke) { prev_end = ke; prev_text = schema_text(e); }
  }
}

static void check_items(vctx *v, const xmlNode *items)
{
  for (xmlNode *c = schema_first(items); c && !full(v); c = schema_next(c)) {
    dec mx, sc;
    xmlNode *s = schema_find(c, "score");
    if (node_dec(schema_find(c, "max"), &mx) == 0 && node_dec(s, &sc) == 0 && dec_cmp(sc, mx) > 0)
      verr(v, s, _("score %s is above the item's maximum %s; expected at most the maximum"), schema_text(s),
           schema_get(c, "max"));
  }
}

/* One warning for many places: "N cadres ... (first at P, Q, R)". */
typedef struct agg {
  int count;
  strbuf where;
} agg;

static void agg_add(agg *a, const xmlNode *n)
{
  if (a->count++ >= WARN_LIST_MAX) return;
  char *p = load_place(n);
  if (a->where.len) sb_add(&a->where, ", ");
  sb_add(&a->where, p);
  free(p);
}

/* used: the units cadres name (check_refs). */
static void check_cadres(vctx *v, const xmlNode *root, const schema_refs *units, const char *used)
{
  xmlNode *cadres = schema_find(root, "cadres");
  long ref = date_key(path2(root, "period", "reference_date"));
  agg noday = {0};
  for (xmlNode *c = schema_first(cadres); c && !full(v); c = schema_next(c)) {
    xmlNode *b = schema_find(c, "birth");
    long kb = date_key(b);
    if (kb && ref && kb > ref)
      verr(v, b, _("born on %s, after the reference date; expected a birth date before it"), schema_text(b));
    if (kb && strlen(schema_text(b)) == 7) agg_add(&noday, b);
  }
  if (noday.count)
    vwarn(v, cadres, _("%d cadre(s) with a birth month but no day (%s%s); ages are computed from the first of the month"),
          noday.count, sb_str(&noday.where), noday.count > WARN_LIST_MAX ? ", ..." : "");
  sb_free(&noday.where);

  /* units that should have cadres and have none */
  xmlNode *us = schema_find(root, "units");
  agg empty = {0};
  for (xmlNode *u = schema_first(us); u; u = schema_next(u)) {
    const char *id = schema_get(u, "id");
    if (id && *id && !used[schema_refs_index(units, id)]) agg_add(&empty, u);
  }
  if (empty.count)
    vwarn(v, us, _("%d unit(s) with no cadre (%s%s); expected every unit to have its cadres listed"),
          empty.count, sb_str(&empty.where), empty.count > WARN_LIST_MAX ? ", ..." : "");
  sb_free(&empty.where);
}

static void check_period(vctx *v, const xmlNode *period)
{
  dec y, by;
  xmlNode *b = schema_find(period, "baseline_year");
  if (node_dec(schema_find(period, "year"), &y) == 0 && node_dec(b, &by) == 0 && dec_cmp(by, y) > 0)
    verr(v, b, _("baseline year %s is after the year evaluated %s; expected a year not after it"),
         schema_text(b), schema_get(period, "year"));
}

static void check_semantics(vctx *v, const xmlNode *root)
{
  schema_refs units = {0}, inds = {0};
  xmlNode *us = schema_find(root, "units");
  schema_refs_build(&units, us, "id");
  schema_refs_build(&inds, schema_find(root, "indicators"), "id");
  check_unique(v, &units, _("unit"));
  check_unique(v, &inds, _("indicator"));
  check_parents(v, us, &units);
  char *used = xcalloc((size_t)(units.n ? units.n : 1), 1);
  check_refs(v, schema_find(root, "cadres"), "unit", &units, used);
  check_refs(v, path2(root, "plan", "positions"), "unit", &units, NULL);
  check_refs(v, path2(root, "assessment", "units"), "unit", &units, NULL);
  check_indicators(v, schema_find(root, "indicators"));
  check_weights(v, path2(root, "assessment", "weights"));
  check_items(v, path2(root, "assessment", "items"));
  check_phases(v, path2(root, "plan", "phases"));
  check_period(v, schema_find(root, "period"));
  check_cadres(v, root, &units, used);
  free(used);
  schema_refs_free(&units);
  schema_refs_free(&inds);
}

int validate_doc(xmlDocPtr doc, diag_list *d)
{
  vctx v = { .d = d };
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root || strcmp((const char *)root->name, "county-report") != 0) {
    diag_add(d, DIAG_ERROR, NULL, _("no <county-report> root; expected one"));
    return 1;
  }
  xmlChar *ver = xmlGetProp(root, (const xmlChar *)"version");
  if (!ver)
    verr(&v, root, _("missing field 'version'; expected 1"));
  else if (strcmp((const char *)ver, "1") != 0)
    verr(&v, root, _("version '%s' is not supported; expected 1"), (const char *)ver);
  xmlFree(ver);
  check_object(&v, root, schema_root());
  if (!full(&v)) check_semantics(&v, root);
  if (full(&v))
    diag_add(d, DIAG_NOTE, NULL, _("validation stopped after %d errors"), VALIDATE_MAX_ERRORS);
  return v.errors;
}
