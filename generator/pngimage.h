/* pngimage.h: PNG images decoded by libpng (Debian libpng-dev) into the raw
 * 8-bit pixels a PDF image takes. libpng runs under an error handler of our
 * own: a malformed file (bad CRC, chunks out of order or repeated, an unknown
 * critical chunk, corrupt image data) gives a message, never an abort.
 * Benign errors (a PLTE in a grey image, a bad tRNS, data after the image)
 * are errors too: an image that is not quite right is refused. */
#ifndef REFORMGEN_PNGIMAGE_H
#define REFORMGEN_PNGIMAGE_H

#include <stddef.h>

#define PNG_MAX_BYTES (16u * 1024 * 1024)
#define PNG_MAX_SIDE 10000u
#define PNG_MAX_PIXELS (16u * 1024 * 1024)   /* 64 MB of RGBA once decoded */

/* Pixels top row first. Palette, low-bit-depth and transparent-colour
 * (tRNS) images are expanded; 16-bit samples keep their high byte. */
typedef struct pngimage {
  unsigned w, h;
  int channels;            /* of color: 1 grey, 3 RGB */
  unsigned char *color;    /* w * h * channels bytes */
  unsigned char *alpha;    /* w * h bytes, or NULL when every pixel is opaque */
} pngimage;

/* Decodes the PNG in data[0..len). Returns 0 with the pixels in *img
 * (pngimage_free releases them), or -1 with a new message in *err (caller
 * frees) saying what is wrong. */
int pngimage_decode(const unsigned char *data, size_t len, pngimage *img, char **err);
void pngimage_free(pngimage *img);

#endif
