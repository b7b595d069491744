/* import_sheet.c: the table a spreadsheet file becomes (import_sheet.h). */
#include "import_sheet.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

sheet *sheet_new(const char *file, const char *name)
{
  sheet *s = xcalloc(1, sizeof *s);
  s->file = xstrdup(file);
  s->name = name ? xstrdup(name) : NULL;
  return s;
}

void sheet_free(sheet *s)
{
  if (!s) return;
  for (int i = 0; i < s->nrows; i++) {
    for (int j = 0; j < s->rows[i].ncells; j++) free(s->rows[i].cells[j].text);
    free(s->rows[i].cells);
  }
  free(s->rows);
  free(s->file);
  free(s->name);
  free(s);
}

sheet_row *sheet_add_row(sheet *s, long number)
{
  if (s->nrows == s->caprows) {
    s->caprows = s->caprows ? s->caprows * 2 : 64;
    s->rows = xrealloc(s->rows, (size_t)s->caprows * sizeof *s->rows);
  }
  sheet_row *r = &s->rows[s->nrows++];
  memset(r, 0, sizeof *r);
  r->number = number;
  return r;
}

sheet_cell *sheet_set(sheet_row *r, int col, const char *text, size_t n)
{
  if (col >= r->ncells) {
    r->cells = xrealloc(r->cells, (size_t)(col + 1) * sizeof *r->cells);
    memset(r->cells + r->ncells, 0, (size_t)(col + 1 - r->ncells) * sizeof *r->cells);
    r->ncells = col + 1;
  }
  sheet_cell *c = &r->cells[col];
  free(c->text);
  c->text = xstrndup(text, n);
  c->numeric = c->date_fmt = 0;
  return c;
}

const sheet_cell *sheet_cell_at(const sheet_row *r, int col)
{
  return col >= 0 && col < r->ncells && r->cells[col].text ? &r->cells[col] : NULL;
}

const char *sheet_text(const sheet_row *r, int col)
{
  const sheet_cell *c = sheet_cell_at(r, col);
  return c ? c->text : "";
}

sheet_row *sheet_find_row(sheet *s, long number)
{
  for (int i = 0; i < s->nrows; i++)
    if (s->rows[i].number == number) return &s->rows[i];
  return NULL;
}
