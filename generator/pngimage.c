/* pngimage.c: PNG decoding with libpng (pngimage.h). */
#include "pngimage.h"
#include "i18n.h"
#include "util.h"

#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader {
  const unsigned char *data;
  size_t len, pos;
  char msg[200];
} reader;

/* libpng's error callback: keeps the message and leaves by longjmp, so that
 * libpng's own fallback (abort) is never reached. */
static void on_error(png_structp png, png_const_charp msg)
{
  reader *r = png_get_error_ptr(png);
  snprintf(r->msg, sizeof r->msg, "%s", msg && *msg ? msg : "malformed PNG");
  png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
  (void)png;
  (void)msg;   /* what libpng only warns about (an ancillary chunk it skips) does not change the pixels */
}

static void read_mem(png_structp png, png_bytep out, size_t n)
{
  reader *r = png_get_io_ptr(png);
  if (n > r->len - r->pos) png_error(png, _("truncated file"));
  memcpy(out, r->data + r->pos, n);
  r->pos += n;
}

int pngimage_decode(const unsigned char *data, size_t len, pngimage *img, char **err)
{
  static const unsigned char SIG[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  memset(img, 0, sizeof *img);
  if (len > PNG_MAX_BYTES) { *err = xstrdup(_("larger than 16 MB")); return -1; }
  if (len < 8 || memcmp(data, SIG, 8) != 0) { *err = xstrdup(_("not a PNG file (bad signature)")); return -1; }
  reader r = { .data = data, .len = len };
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r, on_error, on_warning);
  png_infop info = png ? png_create_info_struct(png) : NULL;
  if (!info) {
    png_destroy_read_struct(&png, NULL, NULL);
    *err = xstrdup(_("out of memory"));
    return -1;
  }
  /* volatile: changed after setjmp and read after a longjmp back */
  unsigned char *volatile rgb = NULL, *volatile alpha = NULL;
  png_bytep *volatile rows = NULL;
  unsigned char *volatile raw = NULL;
  if (setjmp(png_jmpbuf(png))) {
    free(rgb);
    free(alpha);
    free(rows);
    free(raw);
    png_destroy_read_struct(&png, &info, NULL);
    *err = xstrdup(r.msg);
    return -1;
  }
  png_set_read_fn(png, &r, read_mem);
  png_set_benign_errors(png, 0);
  png_set_user_limits(png, PNG_MAX_SIDE, PNG_MAX_SIDE);
  png_set_chunk_malloc_max(png, PNG_MAX_BYTES);
  png_read_info(png, info);
  unsigned w = png_get_image_width(png, info), h = png_get_image_height(png, info);
  if ((size_t)w * h > PNG_MAX_PIXELS) png_error(png, _("more than 16 million pixels"));
  int type = png_get_color_type(png, info);
  png_set_strip_16(png);
  png_set_packing(png);
  if (type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (type == PNG_COLOR_TYPE_GRAY) png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  int ch = png_get_channels(png, info);   /* 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA */
  size_t rowbytes = png_get_rowbytes(png, info);
  if (ch < 1 || ch > 4 || png_get_bit_depth(png, info) != 8 || rowbytes != (size_t)w * (size_t)ch)
    png_error(png, _("unexpected pixel layout"));
  raw = malloc(rowbytes * h);
  rows = malloc(h * sizeof *rows);
  if (!raw || !rows) png_error(png, _("out of memory"));
  for (unsigned y = 0; y < h; y++) rows[y] = raw + (size_t)y * rowbytes;
  png_read_image(png, rows);
  png_read_end(png, info);   /* the chunks after the image data, checked too (not with NULL) */

  int nc = ch >= 3 ? 3 : 1, has_alpha = ch == 2 || ch == 4;
  size_t npx = (size_t)w * h;
  rgb = malloc(npx * (size_t)nc);
  if (has_alpha) alpha = malloc(npx);
  if (!rgb || (has_alpha && !alpha)) png_error(png, _("out of memory"));
  int opaque = 1;
  for (size_t i = 0; i < npx; i++) {
    const unsigned char *px = raw + i * (size_t)ch;
    memcpy(rgb + i * (size_t)nc, px, (size_t)nc);
    if (has_alpha) {
      alpha[i] = px[nc];
      if (px[nc] != 255) opaque = 0;
    }
  }
  if (has_alpha && opaque) {
    free(alpha);
    alpha = NULL;
  }
  free(raw);
  free(rows);
  png_destroy_read_struct(&png, &info, NULL);
  *img = (pngimage){ .w = w, .h = h, .channels = nc, .color = rgb, .alpha = alpha };
  return 0;
}

void pngimage_free(pngimage *img)
{
  free(img->color);
  free(img->alpha);
  memset(img, 0, sizeof *img);
}
