/* docfont.c: the characters a document draws in a font (docfont.h). */
#include "docfont.h"
#include "util.h"

#include <stdlib.h>

static int cmp_u32(const void *a, const void *b)
{
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

unsigned docfont_place(const docfont *f, uint32_t cp)
{
  if (cp < 0x10000) return f->place ? f->place[cp] : 0;
  if (f->sorted) {
    const uint32_t *at = f->n ? bsearch(&cp, f->cps, f->n, sizeof *f->cps, cmp_u32) : NULL;
    return at ? (unsigned)(at - f->cps) + 1 : 0;
  }
  for (size_t k = 0; k < f->n; k++)   /* while the list is made (rare: beyond the BMP) */
    if (f->cps[k] == cp) return (unsigned)k + 1;
  return 0;
}

void docfont_note(docfont *f, uint32_t cp)
{
  if (cp == 0xFFFF || cp > 0x10FFFF) return;
  if (!f->place) f->place = xcalloc(0x10000, sizeof *f->place);
  if (docfont_place(f, cp)) return;
  if (f->n == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 256;
    f->cps = xrealloc(f->cps, f->cap * sizeof *f->cps);
  }
  f->cps[f->n++] = cp;
  if (cp < 0x10000) f->place[cp] = (uint16_t)f->n;
  f->sorted = 0;
}

void docfont_sort(docfont *f)
{
  if (f->n > 1) qsort(f->cps, f->n, sizeof *f->cps, cmp_u32);
  for (size_t k = 0; k < f->n; k++)
    if (f->cps[k] < 0x10000) f->place[f->cps[k]] = (uint16_t)(k + 1);
  f->sorted = 1;
}

void docfont_clear(docfont *f)
{
  for (size_t k = 0; k < f->n; k++)
    if (f->cps[k] < 0x10000) f->place[f->cps[k]] = 0;
  f->n = 0;
  f->sorted = 0;
}

void docfont_free(docfont *f)
{
  free(f->cps);
  free(f->place);
  *f = (docfont){0};
}
