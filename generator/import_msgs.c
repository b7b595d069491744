/* import_msgs.c: collected and collapsed import messages (import_msgs.h). */
#include "import_msgs.h"
#include "i18n.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { IM_ROWS_SHOWN = 5 };

typedef struct im_msg {
  int level;
  char *key;        /* level, file, header and text: what makes two messages the same */
  char *file, *header, *text;
  long rows[IM_ROWS_SHOWN];
  long count;
  int file_order;   /* files in the order they were first named */
  int seq;
} im_msg;

struct im_list {
  im_msg *items;
  int n, cap;
  int *slots;       /* open-addressing hash of item indices + 1 */
  int nslots;
  int errors, warnings;
  char **files;
  int nfiles;
};

im_list *im_new(void) { return xcalloc(1, sizeof(im_list)); }

void im_free(im_list *m)
{
  if (!m) return;
  for (int i = 0; i < m->n; i++) {
    free(m->items[i].key);
    free(m->items[i].file);
    free(m->items[i].header);
    free(m->items[i].text);
  }
  free(m->items);
  free(m->slots);
  for (int i = 0; i < m->nfiles; i++) free(m->files[i]);
  free(m->files);
  free(m);
}

static unsigned long hash(const char *s)
{
  unsigned long h = 1469598103934665603UL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211UL;
  return h;
}

static void rehash(im_list *m)
{
  free(m->slots);
  m->nslots = m->nslots ? m->nslots * 2 : 256;
  m->slots = xcalloc((size_t)m->nslots, sizeof *m->slots);
  for (int i = 0; i < m->n; i++) {
    size_t s = hash(m->items[i].key) & (size_t)(m->nslots - 1);
    while (m->slots[s]) s = (s + 1) & (size_t)(m->nslots - 1);
    m->slots[s] = i + 1;
  }
}

void im_add(im_list *m, int level, const char *file, long row, const char *header, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  strbuf t = { 0 };
  sb_vaddf(&t, _(fmt), ap);
  va_end(ap);
  if (level == IM_ERROR) m->errors++;
  else m->warnings++;
  char *key = xasprintf("%d\x1f%s\x1f%s\x1f%s", level, file, header ? header : "", sb_str(&t));
  if (m->n * 2 >= m->nslots) rehash(m);
  size_t s = hash(key) & (size_t)(m->nslots - 1);
  while (m->slots[s]) {
    im_msg *g = &m->items[m->slots[s] - 1];
    if (strcmp(g->key, key) == 0) {
      if (g->count < IM_ROWS_SHOWN) g->rows[g->count] = row;
      g->count++;
      free(key);
      sb_free(&t);
      return;
    }
    s = (s + 1) & (size_t)(m->nslots - 1);
  }
  if (m->n == m->cap) {
    m->cap = m->cap ? m->cap * 2 : 64;
    m->items = xrealloc(m->items, (size_t)m->cap * sizeof *m->items);
  }
  im_msg *g = &m->items[m->n];
  memset(g, 0, sizeof *g);
  g->level = level;
  g->key = key;
  g->file = xstrdup(file);
  g->header = header ? xstrdup(header) : NULL;
  g->text = sb_detach(&t);
  g->rows[0] = row;
  g->count = 1;
  g->seq = m->n;
  g->file_order = -1;
  for (int i = 0; i < m->nfiles && g->file_order < 0; i++) if (strcmp(m->files[i], file) == 0) g->file_order = i;
  if (g->file_order < 0) {
    m->files = xrealloc(m->files, (size_t)(m->nfiles + 1) * sizeof *m->files);
    m->files[m->nfiles] = xstrdup(file);
    g->file_order = m->nfiles++;
  }
  m->slots[s] = ++m->n;
}

int im_errors(const im_list *m) { return m->errors; }
int im_warnings(const im_list *m) { return m->warnings; }

/* File by file in the order given, row by row, then in the order found. */
static int by_place(const void *a, const void *b)
{
  const im_msg *x = *(const im_msg *const *)a, *y = *(const im_msg *const *)b;
  if (x->file_order != y->file_order) return x->file_order < y->file_order ? -1 : 1;
  if (x->rows[0] != y->rows[0]) return x->rows[0] < y->rows[0] ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void im_print(const im_list *m, FILE *out)
{
  const im_msg **order = xmalloc((size_t)(m->n + 1) * sizeof *order);
  for (int i = 0; i < m->n; i++) order[i] = &m->items[i];
  qsort(order, (size_t)m->n, sizeof *order, by_place);
  for (int i = 0; i < m->n && i < IM_SHOW; i++) {
    const im_msg *g = order[i];
    fprintf(out, "%s:", g->file);
    if (g->rows[0] > 0) fprintf(out, "%ld:", g->rows[0]);
    if (g->header) fprintf(out, "%s:", g->header);
    fprintf(out, _(" %s: %s"), g->level == IM_ERROR ? _("error") : _("warning"), g->text);
    if (g->count > 1) {
      /* TRANSLATORS: " (3 times, rows 4, 7, 9)": the count, then the rows */
      fprintf(out, _(" (%ld times, rows"), g->count);
      for (long k = 0; k < g->count && k < IM_ROWS_SHOWN; k++) fprintf(out, "%s %ld", k ? "," : "", g->rows[k]);
      fprintf(out, _("%s)"), g->count > IM_ROWS_SHOWN ? " …" : "");
    }
    fputc('\n', out);
  }
  if (m->n > IM_SHOW) fprintf(out, _("…and %d more\n"), m->n - IM_SHOW);
  free(order);
}
