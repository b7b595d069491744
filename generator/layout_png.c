/* layout_png.c: PNG validation (layout_png.h). */
#include "layout_png.h"
#include "util.h"

#include <stdint.h>
#include <string.h>

static uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t crc32_png(const unsigned char *p, size_t n)
{
  static uint32_t table[256];
  static int ready;
  if (!ready) {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      table[i] = c;
    }
    ready = 1;
  }
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

int png_check(const unsigned char *data, size_t len, unsigned *w, unsigned *h, char **err)
{
  static const unsigned char SIG[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  const char *why = NULL;
  int seen_ihdr = 0, seen_idat = 0, seen_plte = 0, color = 0;
  size_t off = 8;
  if (len > PNG_MAX_BYTES) { why = "larger than 16 MB"; goto fail; }
  if (len < 8 + 25 + 12 || memcmp(data, SIG, 8) != 0) { why = "not a PNG file (bad signature)"; goto fail; }
  for (;;) {
    if (off + 12 > len) { why = "truncated (no IEND chunk)"; goto fail; }
    uint32_t n = be32(data + off);
    const unsigned char *type = data + off + 4;
    if (n > len - off - 12) { why = "truncated chunk"; goto fail; }
    if (crc32_png(type, (size_t)n + 4) != be32(data + off + 8 + n)) { why = "a chunk's CRC is wrong"; goto fail; }
    if (!seen_ihdr && memcmp(type, "IHDR", 4) != 0) { why = "IHDR is not the first chunk"; goto fail; }
    if (memcmp(type, "IHDR", 4) == 0) {
      if (seen_ihdr || n != 13) { why = "bad IHDR"; goto fail; }
      const unsigned char *d = type + 4;
      *w = be32(d);
      *h = be32(d + 4);
      color = d[9];
      if (*w == 0 || *h == 0 || *w > PNG_MAX_SIDE || *h > PNG_MAX_SIDE) { why = "image size out of range"; goto fail; }
      if (d[8] != 8) { why = "only 8-bit PNG images are supported"; goto fail; }
      if (color != 0 && color != 2 && color != 3 && color != 4 && color != 6) { why = "bad colour type"; goto fail; }
      if (d[10] != 0 || d[11] != 0 || d[12] > 1) { why = "bad compression, filter or interlace method"; goto fail; }
      if (d[12] == 1) { why = "interlaced PNG images are not supported"; goto fail; }
      seen_ihdr = 1;
    } else if (memcmp(type, "PLTE", 4) == 0) {
      if (n == 0 || n % 3 || n > 768) { why = "bad palette"; goto fail; }
      seen_plte = 1;
    } else if (memcmp(type, "IDAT", 4) == 0) {
      seen_idat = 1;
    } else if (memcmp(type, "IEND", 4) == 0) {
      if (n != 0) { why = "bad IEND"; goto fail; }
      break;
    }
    off += 12 + (size_t)n;
  }
  if (!seen_idat) { why = "no image data (IDAT)"; goto fail; }
  if (color == 3 && !seen_plte) { why = "palette image without a palette"; goto fail; }
  return 0;
fail:
  *err = xstrdup(why);
  return -1;
}
