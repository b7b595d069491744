/* diag.c: the diagnostics list of diag.h. */
#include "diag.h"
#include "i18n.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct diag_list {
  char *file;
  diag *items;
  int count, cap, max;
  int errors, warnings, dropped;
};

diag_list *diag_new(const char *file, int max)
{
  diag_list *d = xcalloc(1, sizeof *d);
  d->file = xstrdup(file ? file : "-");
  d->max = max > 0 ? max : 100;
  return d;
}

void diag_free(diag_list *d)
{
  if (!d) return;
  for (int i = 0; i < d->count; i++) {
    free(d->items[i].file);
    free(d->items[i].place);
    free(d->items[i].msg);
  }
  free(d->items);
  free(d->file);
  free(d);
}

static void add(diag_list *d, diag_level level, const char *file, const char *place, char *msg)
{
  if (level == DIAG_ERROR) d->errors++;
  else if (level == DIAG_WARNING) d->warnings++;
  if (d->count >= d->max) {
    d->dropped++;
    free(msg);
    return;
  }
  if (d->count == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 16;
    d->items = xrealloc(d->items, (size_t)d->cap * sizeof *d->items);
  }
  diag *g = &d->items[d->count++];
  g->level = level;
  g->file = xstrdup(file ? file : d->file);
  g->place = place ? xstrdup(place) : NULL;
  g->msg = msg;
}

__attribute__((format(printf, 5, 0)))
static void vadd(diag_list *d, diag_level level, const char *file, const char *place,
                 const char *fmt, va_list ap)
{
  strbuf b = {0};
  sb_vaddf(&b, _(fmt), ap);
  add(d, level, file, place, sb_detach(&b));
}

void diag_add(diag_list *d, diag_level level, const char *place, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vadd(d, level, NULL, place, fmt, ap);
  va_end(ap);
}

void diag_add_file(diag_list *d, diag_level level, const char *file, const char *place,
                   const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vadd(d, level, file, place, fmt, ap);
  va_end(ap);
}

int diag_errors(const diag_list *d) { return d->errors; }
int diag_warnings(const diag_list *d) { return d->warnings; }
int diag_count(const diag_list *d) { return d->count; }
const diag *diag_get(const diag_list *d, int i) { return &d->items[i]; }
const char *diag_file(const diag_list *d) { return d->file; }

int diag_dropped(const diag_list *d) { return d->dropped; }

/* Kept diagnostics at level. */
static int kept_at(const diag_list *d, diag_level level)
{
  int n = 0;
  for (int i = 0; i < d->count; i++) n += d->items[i].level == level;
  return n;
}

int diag_set_totals(diag_list *d, int errors, int warnings, int dropped)
{
  int de = errors - kept_at(d, DIAG_ERROR), dw = warnings - kept_at(d, DIAG_WARNING);
  if (de < 0 || dw < 0 || dropped < de + dw) return -1;
  d->errors = errors;
  d->warnings = warnings;
  d->dropped = dropped;
  return 0;
}

const char *diag_level_name(diag_level l)
{
  return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning" : "note";
}

int diag_level_parse(const char *name)
{
  if (!name) return -1;
  if (strcmp(name, "error") == 0) return DIAG_ERROR;
  if (strcmp(name, "warning") == 0) return DIAG_WARNING;
  if (strcmp(name, "note") == 0) return DIAG_NOTE;
  return -1;
}

char *diag_escaped(const char *s)
{
  strbuf b = {0};
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    unsigned cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (!k) {
      sb_addf(&b, "\\x%02X", (unsigned char)s[i]);
      i++;
      continue;
    }
    if (cp == '\n') sb_add(&b, "\\n");
    else if (cp == '\t') sb_add(&b, "\\t");
    else if (cp == '\r') sb_add(&b, "\\r");
    else if (cp < 0x80 && cp_is_control(cp)) sb_addf(&b, "\\x%02X", cp);
    else if (cp_is_control(cp) || cp_is_invisible_format(cp)) sb_addf(&b, "\\u%04X", cp);
    else sb_addn(&b, s + i, k);
    i += k;
  }
  return sb_detach(&b);
}

/* The level as printed: translated with the messages (the records keep
 * diag_level_name's words, which tools read). */
static const char *level_label(diag_level l)
{
  return l == DIAG_ERROR ? _("error") : l == DIAG_WARNING ? _("warning") : _("note");
}

char *diag_format(const diag *g)
{
  char *file = diag_escaped(g->file), *msg = diag_escaped(g->msg);
  char *place = g->place ? diag_escaped(g->place) : NULL;
  /* TRANSLATORS: FILE:PLACE: LEVEL: MESSAGE; keep "FILE:PLACE: " as it is */
  char *line = place ? xasprintf(_("%s:%s: %s: %s"), file, place, level_label(g->level), msg)
                     : xasprintf(_("%s: %s: %s"), file, level_label(g->level), msg);
  free(file);
  free(msg);
  free(place);
  return line;
}

void diag_print(const diag_list *d, FILE *out)
{
  diag_print_min(d, out, DIAG_NOTE);
}

void diag_print_min(const diag_list *d, FILE *out, diag_level least)
{
  for (int i = 0; i < d->count; i++) {
    const diag *g = &d->items[i];
    if (g->level > least) continue;
    char *line = diag_format(g);
    fprintf(out, "%s\n", line);
    free(line);
  }
  int not_kept = d->dropped;
  if (least == DIAG_ERROR) not_kept = d->errors - kept_at(d, DIAG_ERROR);
  else if (least == DIAG_WARNING) not_kept = d->errors + d->warnings - kept_at(d, DIAG_ERROR) -
                                             kept_at(d, DIAG_WARNING);
  if (not_kept > 0)
  {
    char *file = diag_escaped(d->file);
    fprintf(out, least == DIAG_ERROR ? _("%s: note: %d more errors not shown\n")
                                     : _("%s: note: %d more diagnostics not shown\n"), file, not_kept);
    free(file);
  }
}

void diag_append(diag_list *dst, const diag_list *src)
{
  for (int i = 0; i < src->count; i++) {
    const diag *g = &src->items[i];
    add(dst, g->level, g->file, g->place, xstrdup(g->msg));
  }
  dst->dropped += src->dropped;
  /* add() counted the kept ones; count the dropped errors and warnings too */
  dst->errors += src->errors - kept_at(src, DIAG_ERROR);
  dst->warnings += src->warnings - kept_at(src, DIAG_WARNING);
}
