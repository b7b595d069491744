/* pdf.c: display list to PDF with libharu (pdf.h).
 *
 * The libharu recipe for Chinese: UTF-8 encoder, TrueType fonts loaded with
 * embedding, HPDF_GetFont(..., "UTF-8") giving CID fonts (Identity-H, CID =
 * Unicode). libharu's error handler only counts and records errors: some of
 * its failures (a string over 65,535 bytes) leave the calling function
 * returning OK, so the count decides. The document is saved to a memory
 * stream and written atomically; no clock is read, so identical input gives
 * identical bytes.
 *
 * Fonts: libharu only ever sees, for each document, a subset holding the
 * glyphs that document draws (fontsubset.h). That removes its per-font cost
 * (a linear cmap search over 65,536 code points in HPDF_GetFont, a quadratic
 * /W array) and its whole-table copies (55–500 KB per font per document).
 * libharu keys font definitions by PostScript name and reads the font file
 * again when it saves, so every document gets a fresh HPDF_Doc and its subset
 * files stay open until the document is saved. */
#include "pdf.h"
#include "fontsubset.h"
#include "layout_imp.h"
#include "output.h"
#include "sha256.h"
#include "util.h"

#include <hpdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pdf_writer {
  fontset *fs;
  HPDF_Doc pdf;
  char **names;          /* libharu font name per font number, loaded on first use */
  int nfonts;
  fontsubset *subs;      /* parsed faces, kept across documents */
  fontsubset_file *files;   /* this document's subset per font number */
  uint32_t **cps;        /* this document's code points per font number, each once */
  size_t *ncps, *capcps;
  unsigned char *seen;   /* per font, a bit per BMP code point already in cps */
  long last_size;        /* the last PDF written: its size and SHA-256 */
  char last_sha[65];
  int errors;
  unsigned long last_error, last_detail;   /* the first error of the document */
};

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
  pdf_writer *w = user;
  if (w->errors++ == 0) {
    w->last_error = error_no;
    w->last_detail = detail_no;
  }
}

#define SEEN_BYTES (0x10000 / 8)

/* Starts a fresh libharu document. Returns 0 or -1. */
static int new_doc(pdf_writer *w)
{
  if (w->pdf) HPDF_Free(w->pdf);
  w->pdf = HPDF_New(on_error, w);
  return w->pdf && HPDF_UseUTFEncodings(w->pdf) == HPDF_OK ? 0 : -1;
}

/* Forgets the document's fonts: names, subset files, code points. */
static void drop_fonts(pdf_writer *w)
{
  for (int i = 0; i < w->nfonts; i++) {
    free(w->names[i]);
    w->names[i] = NULL;
    fontsubset_close(&w->files[i]);
    w->ncps[i] = 0;
  }
  memset(w->seen, 0, (size_t)(w->nfonts + 1) * SEEN_BYTES);
}

pdf_writer *pdf_writer_new(fontset *fs, diag_list *d)
{
  pdf_writer *w = xcalloc(1, sizeof *w);
  w->fs = fs;
  w->nfonts = fontset_font_count(fs);
  size_t n = (size_t)w->nfonts + 1;
  w->names = xcalloc(n, sizeof *w->names);
  w->files = xcalloc(n, sizeof *w->files);
  for (size_t i = 0; i < n; i++) w->files[i].fd = -1;
  w->cps = xcalloc(n, sizeof *w->cps);
  w->ncps = xcalloc(n, sizeof *w->ncps);
  w->capcps = xcalloc(n, sizeof *w->capcps);
  w->seen = xcalloc(n, SEEN_BYTES);
  w->subs = fontsubset_new();
  if (new_doc(w) != 0) {
    diag_add(d, DIAG_ERROR, NULL, "cannot set up the PDF library");
    pdf_writer_free(w);
    return NULL;
  }
  return w;
}

void pdf_writer_free(pdf_writer *w)
{
  if (!w) return;
  if (w->pdf) HPDF_Free(w->pdf);
  drop_fonts(w);
  for (int i = 0; i < w->nfonts; i++) free(w->cps[i]);
  free(w->names);
  free(w->files);
  free(w->cps);
  free(w->ncps);
  free(w->capcps);
  free(w->seen);
  fontsubset_free(w->subs);
  free(w);
}

/* Notes every code point each font draws in the document. */
static void collect_code_points(pdf_writer *w, const layout_doc *l)
{
  for (int p = 0; p < l->npages; p++) {
    const dl_list *items = &l->pages[p].items;
    for (int i = 0; i < items->n; i++) {
      const dl_item *it = &items->v[i];
      if (it->kind != DL_TEXT || !it->text || it->font < 0 || it->font >= w->nfonts) continue;
      int f = it->font;
      size_t len = strlen(it->text);
      for (size_t k = 0; k < len;) {
        unsigned cp;
        size_t m = utf8_decode(it->text + k, len - k, &cp);
        if (!m) { k++; continue; }
        k += m;
        if (cp < 0x10000) {   /* a character goes to the subset once */
          unsigned char *bits = w->seen + (size_t)f * SEEN_BYTES;
          if (bits[cp >> 3] & (1u << (cp & 7))) continue;
          bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
        }
        if (w->ncps[f] == w->capcps[f]) {
          w->capcps[f] = w->capcps[f] ? w->capcps[f] * 2 : 256;
          w->cps[f] = xrealloc(w->cps[f], w->capcps[f] * sizeof *w->cps[f]);
        }
        w->cps[f][w->ncps[f]++] = cp;
      }
    }
  }
}

/* Returns the document's font object for font number f: a subset of the
 * font with the document's characters, made and loaded on first use. */
static HPDF_Font get_font(pdf_writer *w, HPDF_Font *cache, int f)
{
  if (cache[f]) return cache[f];
  if (!w->names[f]) {
    char *err = NULL;
    if (fontsubset_make(w->subs, fontset_file(w->fs, f), fontset_face(w->fs, f), w->cps[f],
                        w->ncps[f], &w->files[f], &err) != 0) {
      free(err);
      w->errors++;
      return NULL;
    }
    const char *name = HPDF_LoadTTFontFromFile(w->pdf, w->files[f].path, HPDF_TRUE);
    if (!name) return NULL;
    w->names[f] = xstrdup(name);
  }
  cache[f] = HPDF_GetFont(w->pdf, w->names[f], "UTF-8");
  return cache[f];
}

static void set_rgb_fill(HPDF_Page page, unsigned c)
{
  HPDF_Page_SetRGBFill(page, (float)((c >> 16) & 255) / 255, (float)((c >> 8) & 255) / 255, (float)(c & 255) / 255);
}

static void set_rgb_stroke(HPDF_Page page, unsigned c)
{
  HPDF_Page_SetRGBStroke(page, (float)((c >> 16) & 255) / 255, (float)((c >> 8) & 255) / 255, (float)(c & 255) / 255);
}

/* The graphics state already set on a page, so that an operator is written
 * only when its value changes. */
typedef struct painter {
  pdf_writer *w;
  HPDF_Page page;
  HPDF_Font *cache;
  const dl_page *pg;
  int in_text;               /* inside BT ... ET */
  HPDF_Font font;
  double size, cs, lw;
  unsigned fill, stroke;
  int fill_set, stroke_set, lw_set, bold;
} painter;

static void paint_fill(painter *p, unsigned c)
{
  if (p->fill_set && p->fill == c) return;
  set_rgb_fill(p->page, c);
  p->fill = c;
  p->fill_set = 1;
}

static void paint_stroke(painter *p, unsigned c)
{
  if (p->stroke_set && p->stroke == c) return;
  set_rgb_stroke(p->page, c);
  p->stroke = c;
  p->stroke_set = 1;
}

static void paint_lw(painter *p, double lw)
{
  if (p->lw_set && p->lw == lw) return;
  HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)lw);
  p->lw = lw;
  p->lw_set = 1;
}

static void paint_end_text(painter *p)
{
  if (!p->in_text) return;
  HPDF_Page_EndText(p->page);
  p->in_text = 0;
}

static void draw_text(painter *p, const dl_item *it)
{
  HPDF_Font font = get_font(p->w, p->cache, it->font);
  if (!font || !it->text || !*it->text) return;
  if (!p->in_text) {
    HPDF_Page_BeginText(p->page);
    p->in_text = 1;
  }
  if (font != p->font || it->size != p->size) {
    HPDF_Page_SetFontAndSize(p->page, font, (HPDF_REAL)it->size);
    p->font = font;
    p->size = it->size;
  }
  paint_fill(p, it->color);
  if (it->cs != p->cs) {
    /* libharu refuses character spacing outside -30 .. 300 */
    HPDF_Page_SetCharSpace(p->page, (HPDF_REAL)(it->cs < -30 ? -30 : it->cs > 300 ? 300 : it->cs));
    p->cs = it->cs;
  }
  if (it->bold != p->bold) {
    HPDF_Page_SetTextRenderingMode(p->page, it->bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
    p->bold = it->bold;
  }
  if (it->bold) {
    paint_lw(p, it->size * 0.03);
    paint_stroke(p, it->color);
  }
  double a = it->angle * M_PI / 180;
  HPDF_Page_SetTextMatrix(p->page, (HPDF_REAL)cos(a), (HPDF_REAL)sin(a), (HPDF_REAL)-sin(a),
                          (HPDF_REAL)cos(a), (HPDF_REAL)it->x, (HPDF_REAL)(p->pg->h - it->y));
  HPDF_Page_ShowText(p->page, it->text);
}

/* The drawing passes of a page, bottom to top. Items keep their order within
 * a pass; the passes keep the picture of drawing the items one by one for
 * what a layout produces (backgrounds under text, rules and outlines over
 * backgrounds, a seal image over the signature) while letting all upright
 * text of a page share one text object. */
enum { PASS_UNDER, PASS_FILL, PASS_TEXT, PASS_STROKE, PASS_IMAGE, PASS_COUNT };

static int in_pass(const dl_item *it, int pass)
{
  switch (it->kind) {
  case DL_TEXT: return it->angle != 0 ? pass == PASS_UNDER : pass == PASS_TEXT;
  case DL_PATH: return pass == PASS_FILL;
  case DL_RECT: return (pass == PASS_FILL && it->filled) || (pass == PASS_STROKE && it->stroked);
  case DL_LINE: return pass == PASS_STROKE;
  case DL_IMAGE: return pass == PASS_IMAGE;
  }
  return 0;
}

static void draw_item(painter *p, const dl_item *it, int pass, HPDF_Image *images, const layout_doc *l)
{
  HPDF_Page page = p->page;
  double h = p->pg->h;
  if (it->kind == DL_TEXT) {
    draw_text(p, it);
    if (pass == PASS_UNDER) paint_end_text(p);
    return;
  }
  paint_end_text(p);
  switch (it->kind) {
  case DL_LINE:
    if (it->lw < 0) break;
    paint_lw(p, it->lw);
    paint_stroke(p, it->color);
    HPDF_Page_MoveTo(page, (HPDF_REAL)it->x, (HPDF_REAL)(h - it->y));
    HPDF_Page_LineTo(page, (HPDF_REAL)it->x2, (HPDF_REAL)(h - it->y2));
    HPDF_Page_Stroke(page);
    break;
  case DL_RECT:
    if (pass == PASS_FILL) paint_fill(p, it->fill);
    else { paint_stroke(p, it->color); paint_lw(p, it->lw); }
    HPDF_Page_Rectangle(page, (HPDF_REAL)it->x, (HPDF_REAL)(h - it->y - it->y2), (HPDF_REAL)it->x2, (HPDF_REAL)it->y2);
    if (pass == PASS_FILL) HPDF_Page_Fill(page);
    else HPDF_Page_Stroke(page);
    break;
  case DL_PATH:
    if (it->npts < 3) break;
    paint_fill(p, it->fill);
    if (it->lw > 0) {
      paint_stroke(p, it->color);
      paint_lw(p, it->lw);
    }
    HPDF_Page_MoveTo(page, (HPDF_REAL)it->pts[0], (HPDF_REAL)(h - it->pts[1]));
    for (int q = 1; q < it->npts; q++)
      HPDF_Page_LineTo(page, (HPDF_REAL)it->pts[2 * q], (HPDF_REAL)(h - it->pts[2 * q + 1]));
    HPDF_Page_ClosePath(page);
    if (it->lw > 0) HPDF_Page_FillStroke(page);
    else HPDF_Page_Fill(page);
    break;
  case DL_IMAGE:
    if (it->image < 0 || it->image >= l->nimages) break;
    if (!images[it->image])
      images[it->image] = HPDF_LoadPngImageFromMem(p->w->pdf, l->images[it->image].data, (HPDF_UINT)l->images[it->image].len);
    if (images[it->image])
      HPDF_Page_DrawImage(page, images[it->image], (HPDF_REAL)it->x, (HPDF_REAL)(h - it->y - it->y2),
                          (HPDF_REAL)it->x2, (HPDF_REAL)it->y2);
    break;
  default:
    break;
  }
}

static void draw_page(pdf_writer *w, HPDF_Page page, HPDF_Font *cache, HPDF_Image *images,
                      const layout_doc *l, const dl_page *pg)
{
  HPDF_Page_SetWidth(page, (HPDF_REAL)pg->w);
  HPDF_Page_SetHeight(page, (HPDF_REAL)pg->h);
  painter p = { .w = w, .page = page, .cache = cache, .pg = pg, .lw = 1 };
  for (int pass = 0; pass < PASS_COUNT; pass++) {
    for (int k = 0; k < pg->items.n; k++)
      if (in_pass(&pg->items.v[k], pass)) draw_item(&p, &pg->items.v[k], pass, images, l);
    paint_end_text(&p);
  }
}

static void set_info(pdf_writer *w, const layout_doc *l)
{
  if (l->title) HPDF_SetInfoAttr(w->pdf, HPDF_INFO_TITLE, l->title);
  if (l->author) HPDF_SetInfoAttr(w->pdf, HPDF_INFO_AUTHOR, l->author);
  if (l->subject) HPDF_SetInfoAttr(w->pdf, HPDF_INFO_SUBJECT, l->subject);
  if (l->keywords) HPDF_SetInfoAttr(w->pdf, HPDF_INFO_KEYWORDS, l->keywords);
  char *creator = l->creator ? xasprintf("%s (reformgen %s)", l->creator, REFORMGEN_VERSION)
                             : xasprintf("reformgen %s", REFORMGEN_VERSION);
  HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, creator);
  free(creator);
  HPDF_Date dt = { .ind = ' ' };
  if (l->created[0]) {
    dt.year = l->created[0]; dt.month = l->created[1]; dt.day = l->created[2];
  } else {
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long t = sde ? strtoll(sde, &end, 10) : -1;
    if (!sde || *end || t < 0) return;
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) return;
    dt = (HPDF_Date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0 };
  }
  HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, dt);
}

static void add_outline(pdf_writer *w, const layout_doc *l, HPDF_Page *pages)
{
  HPDF_Encoder enc = HPDF_GetEncoder(w->pdf, "UTF-8");
  HPDF_Outline parents[8] = { NULL };
  for (int i = 0; i < l->nmarks; i++) {
    const dl_mark *m = &l->marks[i];
    int lv = m->level < 1 ? 1 : m->level > 7 ? 7 : m->level;
    HPDF_Outline parent = NULL;
    for (int k = lv - 1; k >= 1 && !parent; k--) parent = parents[k];
    HPDF_Outline o = HPDF_CreateOutline(w->pdf, parent, m->title, enc);
    if (!o) continue;
    HPDF_Destination dst = HPDF_Page_CreateDestination(pages[m->page]);
    if (dst) {
      double top = l->pages[m->page].h - m->y;
      HPDF_Destination_SetFitH(dst, (HPDF_REAL)(top > 0 ? top : 0));
      HPDF_Outline_SetDestination(o, dst);
    }
    HPDF_Outline_SetOpened(o, lv == 1 ? HPDF_TRUE : HPDF_FALSE);
    parents[lv] = o;
    for (int k = lv + 1; k < 8; k++) parents[k] = NULL;
  }
}

int pdf_write(pdf_writer *w, const layout_doc *l, const char *path, diag_list *d)
{
  int rc = -1;
  HPDF_Font *cache = xcalloc((size_t)w->nfonts + 1, sizeof *cache);
  HPDF_Image *images = xcalloc((size_t)l->nimages + 1, sizeof *images);
  HPDF_Page *pages = xcalloc((size_t)l->npages + 1, sizeof *pages);
  unsigned char *buf = NULL;
  drop_fonts(w);
  if (new_doc(w) != 0) {
    diag_add(d, DIAG_ERROR, NULL, "cannot set up the PDF library");
    goto done;
  }
  collect_code_points(w, l);
  HPDF_ResetError(w->pdf);
  w->errors = 0;
  HPDF_SetCurrentEncoder(w->pdf, "UTF-8");
  HPDF_SetCompressionMode(w->pdf, HPDF_COMP_ALL);
  HPDF_SetPageMode(w->pdf, l->bookmarks && l->nmarks ? HPDF_PAGE_MODE_USE_OUTLINE : HPDF_PAGE_MODE_USE_NONE);
  set_info(w, l);
  for (int i = 0; i < l->npages; i++) {
    pages[i] = HPDF_AddPage(w->pdf);
    if (!pages[i]) break;
    draw_page(w, pages[i], cache, images, l, &l->pages[i]);
  }
  if (l->bookmarks && w->errors == 0) add_outline(w, l, pages);
  if (w->errors) {
    diag_add(d, DIAG_ERROR, NULL, "the PDF library failed (error 0x%04lX, detail %lu)", w->last_error, w->last_detail);
    goto done;
  }
  if (HPDF_SaveToStream(w->pdf) != HPDF_OK || w->errors) {
    diag_add(d, DIAG_ERROR, NULL, "cannot make the PDF (error 0x%04lX, detail %lu)", w->last_error, w->last_detail);
    goto done;
  }
  HPDF_UINT32 size = HPDF_GetStreamSize(w->pdf), got = 0;
  buf = xmalloc(size ? size : 1);
  HPDF_ResetStream(w->pdf);
  while (got < size) {
    HPDF_UINT32 n = size - got;
    HPDF_STATUS st = HPDF_ReadFromStream(w->pdf, buf + got, &n);
    got += n;
    if (n == 0 || (st != HPDF_OK && st != HPDF_STREAM_EOF)) break;
  }
  if (got != size) {
    diag_add(d, DIAG_ERROR, NULL, "cannot read the PDF back from memory");
    goto done;
  }
  char *err = NULL;
  sha256_hex(buf, size, w->last_sha);
  w->last_size = (long)size;
  if (output_write_atomic(path, buf, size, &err) != 0) {
    diag_add(d, DIAG_ERROR, NULL, "%s", err ? err : "cannot write the PDF");
    free(err);
    goto done;
  }
  rc = 0;
done:
  if (w->pdf) HPDF_ResetError(w->pdf);
  drop_fonts(w);
  free(buf);
  free(pages);
  free(images);
  free(cache);
  return rc;
}

long pdf_last_written(const pdf_writer *w, char hex[65])
{
  memcpy(hex, w->last_sha, sizeof w->last_sha);
  return w->last_size;
}
