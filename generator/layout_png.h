/* layout_png.h: PNG checks before libharu sees an image. libharu 2.3.0 aborts the
 * process on a truncated or malformed PNG and writes 16-bit images wrongly, so
 * every chunk is checked here: signature, IHDR (8-bit, sane sizes, known
 * colour type), CRCs, IDAT present, IEND last; and the image data is
 * decompressed and checked as libpng will (deflate stream, Adler-32, the exact
 * number of bytes, row filters), since libpng's errors become abort(). */
#ifndef REFORMGEN_LAYOUT_PNG_H
#define REFORMGEN_LAYOUT_PNG_H

#include <stddef.h>

#define PNG_MAX_BYTES (16u * 1024 * 1024)
#define PNG_MAX_SIDE 10000u

/* Checks the PNG in data[0..len). Returns 0 and stores its size in pixels, or
 * -1 with a new message in *err (caller frees) saying what is wrong. */
int png_check(const unsigned char *data, size_t len, unsigned *w, unsigned *h, char **err);

#endif
