/* dlist.c: the display list (dlist.h): building it, walking its runs glyph
 * by glyph, its text dump and its release. */
#include "dlist.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_CHUNK 32768           /* bytes per block of the text store */

struct dl_chunk { dl_chunk *next; size_t used, cap; char s[]; };

/* ---------------------------------------------------------------- building */

dl_doc *dl_doc_new(const fontset *fs)
{
  dl_doc *d = xcalloc(1, sizeof *d);
  d->fonts = fs;
  return d;
}

void dl_reserve(dl_list *l, int more)
{
  if (l->n + more <= l->cap) return;
  /* an item at a time, the list doubles; room asked for in one go is given
   * exactly (a page or a table row knows its items beforehand, and the
   * pages of a long table hold millions of them) */
  int cap = l->cap * 2;
  if (cap < l->n + more) cap = l->n + more;
  l->v = xrealloc(l->v, (size_t)cap * sizeof *l->v);
  l->cap = cap;
}

dl_item *dl_add(dl_list *l, dl_kind kind)
{
  dl_reserve(l, 1);
  dl_item *it = &l->v[l->n++];
  *it = (dl_item){ .kind = (unsigned char)kind };
  if (kind == DL_IMAGE) it->image = -1;
  return it;
}

dl_item *dl_copy(dl_list *l, dl_item *src, double dy, int take)
{
  dl_reserve(l, 1);
  dl_item *it = &l->v[l->n++];
  *it = *src;
  it->y += dy;
  if (it->kind == DL_LINE) it->y2 += dy;
  if (take) {
    src->pts = NULL;
  } else {
    if (src->pts) {
      it->pts = xmalloc((size_t)src->npts * 2 * sizeof *it->pts);
      memcpy(it->pts, src->pts, (size_t)src->npts * 2 * sizeof *it->pts);
    }
  }
  if (it->pts)
    for (int k = 0; k < it->npts; k++) it->pts[2 * k + 1] += dy;
  return it;
}

void dl_copy_all(dl_list *l, dl_item *src, int n, double dy, int take)
{
  if (n <= 0) return;
  dl_reserve(l, n);
  dl_item *it = l->v + l->n;
  memcpy(it, src, (size_t)n * sizeof *it);
  l->n += n;
  for (int k = 0; k < n; k++, it++) {
    it->y += dy;
    if (it->kind == DL_LINE) it->y2 += dy;
    if (!it->pts) continue;
    if (take) src[k].pts = NULL;
    else {
      it->pts = xmalloc((size_t)it->npts * 2 * sizeof *it->pts);
      memcpy(it->pts, src[k].pts, (size_t)it->npts * 2 * sizeof *it->pts);
    }
    for (int q = 0; q < it->npts; q++) it->pts[2 * q + 1] += dy;
  }
}

void dl_list_free(dl_list *l)
{
  for (int i = 0; i < l->n; i++) free(l->v[i].pts);
  free(l->v);
  l->v = NULL;
  l->n = l->cap = 0;
}

void dl_add_rect(dl_list *items, double x, double y, double w, double h, unsigned fill, int filled,
                 unsigned stroke, double lw)
{
  dl_item *it = dl_add(items, DL_RECT);
  it->x = x; it->y = y; it->x2 = w; it->y2 = h;
  it->fill = fill; it->filled = filled;
  it->color = stroke; it->stroked = lw > 0; it->lw = lw;
}

void dl_add_line(dl_list *items, double x1, double y1, double x2, double y2, unsigned color, double lw)
{
  dl_item *it = dl_add(items, DL_LINE);
  it->x = x1; it->y = y1; it->x2 = x2; it->y2 = y2; it->color = color; it->lw = lw;
}

char *dl_text_room(dl_doc *d, size_t n)
{
  dl_chunk *k = d->texts;
  if (!k || k->cap - k->used < n) {
    size_t cap = n > TEXT_CHUNK ? n : TEXT_CHUNK;
    dl_chunk *fresh = xmalloc(sizeof *fresh + cap);
    fresh->used = 0;
    fresh->cap = cap;
    if (k && cap > TEXT_CHUNK) {   /* a text of its own: keep filling the current block */
      fresh->next = k->next;
      k->next = fresh;
    } else {
      fresh->next = k;
      d->texts = fresh;
    }
    k = fresh;
  }
  char *p = k->s + k->used;
  k->used += n;
  return p;
}

void dl_text_unused(dl_doc *d, const char *p, size_t n, size_t unused)
{
  dl_chunk *k = d->texts;
  if (k && p + n == k->s + k->used) k->used -= unused;
}

void dl_doc_free(dl_doc *l)
{
  if (!l) return;
  for (int i = 0; i < l->npages; i++) dl_list_free(&l->pages[i].items);
  free(l->pages);
  free(l->lines);
  for (int i = 0; i < l->nmarks; i++) free(l->marks[i].title);
  free(l->marks);
  for (int i = 0; i < l->nimages; i++) free(l->images[i].data);
  free(l->images);
  free(l->title); free(l->author); free(l->subject); free(l->keywords); free(l->creator); free(l->docno);
  for (dl_chunk *k = l->texts, *next; k; k = next) {
    next = k->next;
    free(k);
  }
  free(l);
}

/* ----------------------------------------------------------------- reading */

int dl_page_count(const dl_doc *d) { return d->npages; }

int dl_glyphs(const dl_doc *d, const dl_item *it, void (*each)(const dl_glyph *g, void *user), void *user)
{
  if (it->kind != DL_TEXT || !it->text) return 0;
  int valid = d->fonts && it->font >= 0 && it->font < fontset_font_count(d->fonts);
  const char *s = it->text;
  size_t len = strlen(s);
  double at = 0;
  int n = 0;
  for (size_t k = 0; k < len;) {
    unsigned cp;
    size_t m = utf8_decode_fast(s + k, len - k, &cp);
    if (!m) { k++; continue; }
    k += m;
    dl_glyph g = { .cp = cp, .offset = at };
    if (valid) {
      g.gid = fontset_glyph(d->fonts, it->font, cp);
      g.advance = fontset_width(d->fonts, it->font, cp) * it->size / 1000.0;
    }
    at += g.advance + it->cs;
    n++;
    if (each) each(&g, user);
  }
  return n;
}

static void dump_text(FILE *out, const char *s)
{
  fputc('"', out);
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') fputc('\\', out);
    fputc(*s, out);
  }
  fputc('"', out);
}

void dl_dump(const dl_doc *l, FILE *out)
{
  fprintf(out, "layout pages=%d\n", l->npages);
  for (int i = 0; i < l->nmarks; i++) {
    fprintf(out, "bookmark level=%d page=%d y=%.2f ", l->marks[i].level, l->marks[i].page + 1, l->marks[i].y);
    dump_text(out, l->marks[i].title);
    fputc('\n', out);
  }
  for (int p = 0; p < l->npages; p++) {
    const dl_page *pg = &l->pages[p];
    fprintf(out, "page %d number=%d size=%.2fx%.2f block=%.2f,%.2f,%.2f,%.2f\n", p + 1, pg->number, pg->w, pg->h,
            pg->bx, pg->by, pg->bw, pg->bh);
    for (int k = 0; k < pg->items.n; k++) {
      const dl_item *it = &pg->items.v[k];
      switch (it->kind) {
      case DL_TEXT:
        fprintf(out, "  text font=%d size=%.2f x=%.2f y=%.2f w=%.2f cs=%.3f color=%06X%s%s ", it->font, it->size,
                it->x, it->y, it->width, it->cs, it->color, it->bold ? " bold" : "", it->angle != 0 ? " rotated" : "");
        dump_text(out, it->text);
        fputc('\n', out);
        break;
      case DL_LINE:
        fprintf(out, "  line %.2f,%.2f %.2f,%.2f lw=%.2f color=%06X\n", it->x, it->y, it->x2, it->y2, it->lw, it->color);
        break;
      case DL_RECT:
        fprintf(out, "  rect %.2f,%.2f %.2fx%.2f%s%s\n", it->x, it->y, it->x2, it->y2, it->filled ? " filled" : "",
                it->stroked ? " stroked" : "");
        break;
      case DL_IMAGE:
        fprintf(out, "  image %d %.2f,%.2f %.2fx%.2f\n", it->image, it->x, it->y, it->x2, it->y2);
        break;
      case DL_PATH:
        fprintf(out, "  path points=%d fill=%06X", it->npts, it->fill);
        for (int q = 0; q < it->npts; q++) fprintf(out, " %.2f,%.2f", it->pts[2 * q], it->pts[2 * q + 1]);
        fputc('\n', out);
        break;
      }
    }
  }
}
