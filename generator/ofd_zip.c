/* ofd_zip.c: the OFD zip container in memory (ofd_zip.h). */
#include "ofd_zip.h"
#include "util.h"

#include <libdeflate.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* The archive's bytes as minizip writes them: it seeks back to complete the
 * local headers, so writes land at pos and may overwrite. */
typedef struct membuf { unsigned char *b; size_t len, cap, pos; int failed; } membuf;

struct ofd_zip {
  membuf m;
  zipFile zf;
  struct libdeflate_compressor *c;
  zip_fileinfo info;
  struct sha256_ctx h;   /* of the stored bytes */
  int failed;
};

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *name, int mode) { return opaque; }

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
  membuf *m = stream;
  size_t n = m->pos < m->len ? m->len - m->pos : 0;
  if (n > size) n = size;
  memcpy(buf, m->b + m->pos, n);
  m->pos += n;
  return (uLong)n;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
  membuf *m = stream;
  if (m->pos + size > m->cap) {
    size_t cap = m->cap ? m->cap : 65536;
    while (cap < m->pos + size) cap *= 2;
    m->b = xrealloc(m->b, cap);
    m->cap = cap;
  }
  memcpy(m->b + m->pos, buf, size);
  m->pos += size;
  if (m->pos > m->len) m->len = m->pos;
  return size;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream) { return ((membuf *)stream)->pos; }

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
  membuf *m = stream;
  ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : origin == ZLIB_FILEFUNC_SEEK_END ? m->len : 0;
  if (base + offset > m->len) return -1;
  m->pos = (size_t)(base + offset);
  return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream) { return 0; }
static int ZCALLBACK mem_error(voidpf opaque, voidpf stream) { return ((membuf *)stream)->failed; }

ofd_zip *ofd_zip_new(int year, int month, int day)
{
  ofd_zip *z = xcalloc(1, sizeof *z);
  if (year < 1980) { year = 1980; month = 1; day = 1; }
  z->info.tmz_date.tm_year = (uInt)year;
  z->info.tmz_date.tm_mon = (uInt)(month - 1);   /* minizip counts months from 0 */
  z->info.tmz_date.tm_mday = (uInt)day;
  zlib_filefunc64_def io = { mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &z->m };
  z->zf = zipOpen2_64("mem", APPEND_STATUS_CREATE, NULL, &io);
  z->c = libdeflate_alloc_compressor(1);   /* the level of every PDF stream (pdf.c) */
  sha256_init(&z->h);
  if (!z->zf || !z->c) {
    if (z->zf) zipClose(z->zf, NULL);
    if (z->c) libdeflate_free_compressor(z->c);
    free(z->m.b);
    free(z);
    return NULL;
  }
  return z;
}

int ofd_zip_add(ofd_zip *z, const char *name, const void *data, size_t len)
{
  if (z->failed) return -1;
  size_t bound = libdeflate_deflate_compress_bound(z->c, len);
  unsigned char *out = xmalloc(bound ? bound : 1);
  size_t n = libdeflate_deflate_compress(z->c, data, len, out, bound);
  int stored = n == 0 || n >= len;   /* store what does not shrink */
  uLong crc = (uLong)libdeflate_crc32(0, data, len);
  int rc = zipOpenNewFileInZip2(z->zf, name, &z->info, NULL, 0, NULL, 0, NULL,
                                stored ? 0 : Z_DEFLATED, stored ? 0 : 1, 1);
  if (rc == ZIP_OK) rc = zipWriteInFileInZip(z->zf, stored ? data : out, (unsigned)(stored ? len : n));
  sha256_update(&z->h, stored ? len : n, stored ? data : out);
  if (rc == ZIP_OK) rc = zipCloseFileInZipRaw(z->zf, (uLong)len, crc);
  free(out);
  if (rc != ZIP_OK) z->failed = 1;
  return rc == ZIP_OK ? 0 : -1;
}

void ofd_zip_digest(ofd_zip *z, unsigned char d[32])
{
  struct sha256_ctx c = z->h;   /* a copy: the archive's own hash goes on */
  sha256_digest(&c, 32, d);
}

unsigned char *ofd_zip_finish(ofd_zip *z, size_t *len)
{
  int ok = zipClose(z->zf, NULL) == ZIP_OK && !z->failed && !z->m.failed;
  libdeflate_free_compressor(z->c);
  unsigned char *b = z->m.b;
  *len = z->m.len;
  free(z);
  if (!ok) { free(b); return NULL; }
  return b;
}
