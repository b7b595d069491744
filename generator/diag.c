/* diag.c: the diagnostics list of diag.h. */
#include "diag.h"
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
  sb_vaddf(&b, fmt, ap);
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

static const char *level_name(diag_level l)
{
  return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning" : "note";
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
    if (g->place)
      fprintf(out, "%s:%s: %s: %s\n", g->file, g->place, level_name(g->level), g->msg);
    else
      fprintf(out, "%s: %s: %s\n", g->file, level_name(g->level), g->msg);
  }
  if (d->dropped)
    fprintf(out, "%s: note: %d more diagnostics not shown\n", d->file, d->dropped);
}

void diag_append(diag_list *dst, const diag_list *src)
{
  for (int i = 0; i < src->count; i++) {
    const diag *g = &src->items[i];
    add(dst, g->level, g->file, g->place, xstrdup(g->msg));
  }
  dst->dropped += src->dropped;
  /* add() counted the kept ones; count the dropped errors and warnings too */
  int kept_err = 0, kept_warn = 0;
  for (int i = 0; i < src->count; i++) {
    if (src->items[i].level == DIAG_ERROR) kept_err++;
    else if (src->items[i].level == DIAG_WARNING) kept_warn++;
  }
  dst->errors += src->errors - kept_err;
  dst->warnings += src->warnings - kept_warn;
}

void diag_text_errors_only(const char *text, FILE *out)
{
  for (const char *p = text; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);
    /* "FILE:PLACE: error: ..." — the level is the first ": error: " on the line */
    if (mem_find(p, n, ": error: ", 9)) fwrite(p, 1, n, out);
    p += n;
  }
}
