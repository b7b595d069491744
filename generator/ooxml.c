/* ooxml.c: the ZIP package in memory and its atomic write (ooxml.h). */
#include "ooxml.h"
#include "dates.h"
#include "output.h"
#include "schema.h"
#include "sha256.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

/* The package's bytes: minizip writes through the callbacks below, and seeks
 * back to fill in each local header's sizes. */
typedef struct membuf {
  char *p;
  size_t len, cap, pos;
} membuf;

struct ooxml_zip {
  membuf m;
  zipFile zf;
  zip_fileinfo zi;   /* the date of every part */
  int failed;
};

static voidpf mem_open(voidpf opaque, const char *name, int mode)
{
  (void)name;
  (void)mode;
  return opaque;
}

static uLong mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
  membuf *m = stream;
  (void)opaque;
  size_t n = m->pos < m->len ? m->len - m->pos : 0;
  if (n > size) n = size;
  memcpy(buf, m->p + m->pos, n);
  m->pos += n;
  return (uLong)n;
}

static uLong mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
  membuf *m = stream;
  (void)opaque;
  if (m->pos + size > m->cap) {
    size_t cap = m->cap ? m->cap : 65536;
    while (cap < m->pos + size) cap *= 2;
    m->p = xrealloc(m->p, cap);
    m->cap = cap;
  }
  memcpy(m->p + m->pos, buf, size);
  m->pos += size;
  if (m->pos > m->len) m->len = m->pos;
  return size;
}

static long mem_tell(voidpf opaque, voidpf stream)
{
  (void)opaque;
  return (long)((membuf *)stream)->pos;
}

static long mem_seek(voidpf opaque, voidpf stream, uLong offset, int origin)
{
  membuf *m = stream;
  (void)opaque;
  size_t base = origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : origin == ZLIB_FILEFUNC_SEEK_END ? m->len : 0;
  if (base + offset > m->len) return -1;
  m->pos = base + offset;
  return 0;
}

static int mem_close(voidpf opaque, voidpf stream)
{
  (void)opaque;
  (void)stream;
  return 0;
}

static int mem_error(voidpf opaque, voidpf stream)
{
  (void)opaque;
  (void)stream;
  return 0;
}

ooxml_zip *ooxml_zip_new(void)
{
  ooxml_zip *z = xcalloc(1, sizeof *z);
  zlib_filefunc_def f = { mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &z->m };
  z->zf = zipOpen2("package", APPEND_STATUS_CREATE, NULL, &f);
  if (!z->zf) z->failed = 1;
  ooxml_zip_set_date(z, 1980, 1, 1);
  return z;
}

void ooxml_zip_set_date(ooxml_zip *z, int year, int month, int day)
{
  if (year < 1980) year = 1980, month = 1, day = 1;
  memset(&z->zi, 0, sizeof z->zi);
  z->zi.tmz_date.tm_year = (uInt)year;
  z->zi.tmz_date.tm_mon = (uInt)(month - 1);   /* minizip counts months from 0 */
  z->zi.tmz_date.tm_mday = (uInt)day;
}

int ooxml_zip_add(ooxml_zip *z, const char *name, const void *data, size_t len)
{
  if (z->failed) return -1;
  if (zipOpenNewFileInZip(z->zf, name, &z->zi, NULL, 0, NULL, 0, NULL, Z_DEFLATED, 6) != ZIP_OK ||
      zipWriteInFileInZip(z->zf, data, (unsigned)len) != ZIP_OK ||
      zipCloseFileInZip(z->zf) != ZIP_OK) {
    z->failed = 1;
    return -1;
  }
  return 0;
}

int ooxml_zip_add_raw(ooxml_zip *z, const char *name, const void *data, size_t dlen, int level,
                      size_t len, unsigned long crc)
{
  if (z->failed) return -1;
  if (zipOpenNewFileInZip2(z->zf, name, &z->zi, NULL, 0, NULL, 0, NULL, level ? Z_DEFLATED : 0, level, 1) != ZIP_OK ||
      zipWriteInFileInZip(z->zf, data, (unsigned)dlen) != ZIP_OK ||
      zipCloseFileInZipRaw(z->zf, (uLong)len, (uLong)crc) != ZIP_OK) {
    z->failed = 1;
    return -1;
  }
  return 0;
}

char *ooxml_zip_finish(ooxml_zip *z, size_t *len)
{
  int bad = z->failed || !z->zf || zipClose(z->zf, NULL) != ZIP_OK;
  char *p = z->m.p;
  *len = z->m.len;
  free(z);
  if (bad) {
    free(p);
    return NULL;
  }
  return p;
}

int ooxml_commit(const char *path, const void *buf, size_t len, long *bytes, char sha256[65],
                 diag_list *d)
{
  char *err = NULL;
  if (output_write_atomic(path, buf, len, &err) != 0) {
    diag_add(d, DIAG_ERROR, NULL, "%s", err);
    free(err);
    return -1;
  }
  sha256_hex(buf, len, sha256);
  *bytes = (long)len;
  return 0;
}

long long ooxml_date_epoch(const char *ymd)
{
  dates_ymd t;
  if (!ymd || dates_parse(ymd, 1, &t) != DATE_OK) return -1;
  struct tm tm = { .tm_year = t.y - 1900, .tm_mon = t.m - 1, .tm_mday = t.d ? t.d : 1 };
  return (long long)timegm(&tm);
}
