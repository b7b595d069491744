/* layout_png.c: PNG validation (layout_png.h). Besides the chunk structure,
 * the image data itself is decompressed here (a small inflate after RFC 1950
 * and 1951, in the manner of zlib's puff.c, keeping only the 32 KB window)
 * and checked the way libpng will check it: a valid deflate stream, a correct
 * Adler-32, exactly height x (1 + row bytes) bytes, a known filter type at
 * the start of every row. libpng reports each of these as an error, which
 * libharu 2.3.0 turns into abort(). */
#include "layout_png.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- inflate, bounded: input bits in, checks on every output byte ---- */

typedef struct inflater {
  const unsigned char *in;
  size_t inlen, pos;
  unsigned bitbuf, bitcnt;
  unsigned char window[32768];
  uint64_t out;              /* bytes produced */
  uint64_t limit;            /* more than this is an error */
  uint32_t a1, a2;           /* Adler-32 */
  uint64_t rowlen;           /* 1 + row bytes: every rowlen-th byte is a filter type */
  int bad_filter;
} inflater;

typedef struct huff { short count[16]; short symbol[288]; } huff;

/* Returns need bits, or -1 when the input runs out. */
static int bits(inflater *s, unsigned need)
{
  uint32_t v = s->bitbuf;
  while (s->bitcnt < need) {
    if (s->pos >= s->inlen) return -1;
    v |= (uint32_t)s->in[s->pos++] << s->bitcnt;
    s->bitcnt += 8;
  }
  s->bitbuf = v >> need;
  s->bitcnt -= need;
  return (int)(v & ((1u << need) - 1));
}

static int put(inflater *s, unsigned char b)
{
  if (s->out >= s->limit) return -1;
  if (s->out % s->rowlen == 0 && b > 4) s->bad_filter = 1;
  s->window[s->out & 32767] = b;
  s->out++;
  s->a1 = (s->a1 + b) % 65521;
  s->a2 = (s->a2 + s->a1) % 65521;
  return 0;
}

/* Builds a canonical Huffman code from n code lengths. Returns 0 for a
 * complete code, > 0 for an incomplete one, < 0 for an over-subscribed one. */
static int construct(huff *h, const short *length, int n)
{
  short offs[16];
  memset(h->count, 0, sizeof h->count);
  for (int i = 0; i < n; i++) h->count[length[i]]++;
  if (h->count[0] == n) return 0;
  int left = 1;
  for (int len = 1; len < 16; len++) {
    left <<= 1;
    left -= h->count[len];
    if (left < 0) return left;
  }
  offs[1] = 0;
  for (int len = 1; len < 15; len++) offs[len + 1] = (short)(offs[len] + h->count[len]);
  for (int i = 0; i < n; i++)
    if (length[i]) h->symbol[offs[length[i]]++] = (short)i;
  return left;
}

static int decode(inflater *s, const huff *h)
{
  int code = 0, first = 0, index = 0;
  for (int len = 1; len < 16; len++) {
    int b = bits(s, 1);
    if (b < 0) return -1;
    code |= b;
    int count = h->count[len];
    if (code - count < first) return h->symbol[index + (code - first)];
    index += count;
    first += count;
    first <<= 1;
    code <<= 1;
  }
  return -1;
}

static int codes(inflater *s, const huff *lencode, const huff *distcode)
{
  static const short LBASE[29] = { 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
                                   67, 83, 99, 115, 131, 163, 195, 227, 258 };
  static const short LEXT[29] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
  static const short DBASE[30] = { 1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
                                   1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
  static const short DEXT[30] = { 0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };
  for (;;) {
    int sym = decode(s, lencode);
    if (sym < 0) return -1;
    if (sym < 256) { if (put(s, (unsigned char)sym) != 0) return -1; continue; }
    if (sym == 256) return 0;
    sym -= 257;
    if (sym >= 29) return -1;
    int e = bits(s, (unsigned)LEXT[sym]);
    if (e < 0) return -1;
    int len = LBASE[sym] + e;
    int ds = decode(s, distcode);
    if (ds < 0 || ds >= 30) return -1;
    e = bits(s, (unsigned)DEXT[ds]);
    if (e < 0) return -1;
    uint64_t dist = (uint64_t)DBASE[ds] + (unsigned)e;
    if (dist > s->out) return -1;
    while (len--) if (put(s, s->window[(s->out - dist) & 32767]) != 0) return -1;
  }
}

static int fixed_block(inflater *s)
{
  static huff lencode, distcode;
  static int ready;
  if (!ready) {
    short lengths[288];
    int i = 0;
    for (; i < 144; i++) lengths[i] = 8;
    for (; i < 256; i++) lengths[i] = 9;
    for (; i < 280; i++) lengths[i] = 7;
    for (; i < 288; i++) lengths[i] = 8;
    construct(&lencode, lengths, 288);
    for (i = 0; i < 30; i++) lengths[i] = 5;
    construct(&distcode, lengths, 30);
    ready = 1;
  }
  return codes(s, &lencode, &distcode);
}

static int dynamic_block(inflater *s)
{
  static const short ORDER[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
  short lengths[320];
  huff lencode, distcode;
  int nlen = bits(s, 5), ndist = bits(s, 5), ncode = bits(s, 4);
  if (nlen < 0 || ndist < 0 || ncode < 0) return -1;
  nlen += 257; ndist += 1; ncode += 4;
  if (nlen > 286 || ndist > 30) return -1;
  int i = 0;
  for (; i < ncode; i++) { int b = bits(s, 3); if (b < 0) return -1; lengths[ORDER[i]] = (short)b; }
  for (; i < 19; i++) lengths[ORDER[i]] = 0;
  if (construct(&lencode, lengths, 19) != 0) return -1;
  for (i = 0; i < nlen + ndist;) {
    int sym = decode(s, &lencode);
    if (sym < 0) return -1;
    if (sym < 16) { lengths[i++] = (short)sym; continue; }
    int len = 0, rep;
    if (sym == 16) {
      if (i == 0) return -1;
      len = lengths[i - 1];
      rep = bits(s, 2); if (rep < 0) return -1; rep += 3;
    } else if (sym == 17) { rep = bits(s, 3); if (rep < 0) return -1; rep += 3; }
    else { rep = bits(s, 7); if (rep < 0) return -1; rep += 11; }
    if (i + rep > nlen + ndist) return -1;
    while (rep--) lengths[i++] = (short)len;
  }
  if (lengths[256] == 0) return -1;
  int err = construct(&lencode, lengths, nlen);
  if (err < 0 || (err > 0 && nlen - lencode.count[0] != 1)) return -1;
  err = construct(&distcode, lengths + nlen, ndist);
  if (err < 0 || (err > 0 && ndist - distcode.count[0] != 1)) return -1;
  return codes(s, &lencode, &distcode);
}

/* Inflates a zlib stream, checking it as libpng will. Returns NULL when all
 * is well, else what is wrong. */
static const char *check_zlib(inflater *s)
{
  if (s->inlen < 6) return "image data too short";
  unsigned cmf = s->in[0], flg = s->in[1];
  if ((cmf & 15) != 8 || (cmf >> 4) > 7 || (cmf * 256 + flg) % 31 != 0 || (flg & 32)) return "bad zlib header in the image data";
  s->pos = 2;
  int last;
  do {
    last = bits(s, 1);
    int type = bits(s, 2);
    if (last < 0 || type < 0) return "image data cut short";
    int rc;
    if (type == 0) {
      s->bitbuf = 0;
      s->bitcnt = 0;
      if (s->pos + 4 > s->inlen) return "image data cut short";
      unsigned len = s->in[s->pos] | (unsigned)s->in[s->pos + 1] << 8;
      unsigned nlen = s->in[s->pos + 2] | (unsigned)s->in[s->pos + 3] << 8;
      s->pos += 4;
      if (len != (~nlen & 0xFFFF) || s->pos + len > s->inlen) return "bad stored block in the image data";
      rc = 0;
      for (unsigned i = 0; i < len && rc == 0; i++) rc = put(s, s->in[s->pos + i]);
      s->pos += len;
    } else if (type == 1) rc = fixed_block(s);
    else if (type == 2) rc = dynamic_block(s);
    else return "bad block type in the image data";
    if (rc != 0) return s->out >= s->limit ? "too much image data" : "corrupt compressed image data";
  } while (!last);
  s->bitbuf = 0;
  s->bitcnt = 0;
  if (s->pos + 4 > s->inlen) return "image data without its checksum";
  uint32_t want = (uint32_t)s->in[s->pos] << 24 | (uint32_t)s->in[s->pos + 1] << 16 | (uint32_t)s->in[s->pos + 2] << 8 | s->in[s->pos + 3];
  if (want != (s->a2 << 16 | s->a1)) return "image data checksum (Adler-32) is wrong";
  if (s->out != s->limit) return "not enough image data";
  if (s->bad_filter) return "bad row filter in the image data";
  return NULL;
}

int png_check(const unsigned char *data, size_t len, unsigned *w, unsigned *h, char **err)
{
  static const unsigned char SIG[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  const char *why = NULL;
  int seen_ihdr = 0, seen_idat = 0, seen_plte = 0, color = 0;
  size_t off = 8, nidat = 0;
  unsigned char *idat = NULL;
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
  /* the image data: every IDAT chunk's payload, in order, is one zlib stream */
  idat = xmalloc(len);
  for (off = 8; off + 12 <= len;) {
    uint32_t n = be32(data + off);
    if (memcmp(data + off + 4, "IDAT", 4) == 0) { memcpy(idat + nidat, data + off + 8, n); nidat += n; }
    if (memcmp(data + off + 4, "IEND", 4) == 0) break;
    off += 12 + (size_t)n;
  }
  static const int CHANNELS[7] = { 1, 0, 3, 1, 2, 0, 4 };
  inflater *z = xcalloc(1, sizeof *z);
  z->in = idat;
  z->inlen = nidat;
  z->a1 = 1;
  z->rowlen = 1 + (uint64_t)*w * (uint64_t)CHANNELS[color];
  z->limit = z->rowlen * *h;
  why = check_zlib(z);
  free(z);
  free(idat);
  idat = NULL;
  if (why) goto fail;
  return 0;
fail:
  free(idat);
  *err = xstrdup(why);
  return -1;
}
