/* ofd_zip.c: the OFD zip container in memory (ofd_zip.h), on the package
 * writer the OOXML formats use (ooxml.h). */
#include "ofd_zip.h"
#include "ooxml.h"
#include "util.h"

#include <libdeflate.h>
#include <nettle/sha2.h>
#include <stdlib.h>

struct ofd_zip {
  ooxml_zip *z;
  struct libdeflate_compressor *c;
  struct sha256_ctx h;   /* of the stored bytes */
};

ofd_zip *ofd_zip_new(int year, int month, int day)
{
  ofd_zip *z = xcalloc(1, sizeof *z);
  z->z = ooxml_zip_new();
  ooxml_zip_set_date(z->z, year, month, day);
  z->c = libdeflate_alloc_compressor(1);   /* the level of every PDF stream (pdf.c) */
  sha256_init(&z->h);
  if (!z->c) {
    free(ooxml_zip_finish(z->z, &(size_t){0}));
    free(z);
    return NULL;
  }
  return z;
}

int ofd_zip_add(ofd_zip *z, const char *name, const void *data, size_t len)
{
  size_t bound = libdeflate_deflate_compress_bound(z->c, len);
  unsigned char *out = xmalloc(bound ? bound : 1);
  size_t n = libdeflate_deflate_compress(z->c, data, len, out, bound);
  int stored = n == 0 || n >= len;   /* store what does not shrink */
  sha256_update(&z->h, stored ? len : n, stored ? data : out);
  int rc = ooxml_zip_add_raw(z->z, name, stored ? data : out, stored ? len : n, stored ? 0 : 1, len,
                             (unsigned long)libdeflate_crc32(0, data, len));
  free(out);
  return rc;
}

void ofd_zip_digest(ofd_zip *z, unsigned char d[32])
{
  struct sha256_ctx c = z->h;   /* a copy: the archive's own hash goes on */
  sha256_digest(&c, 32, d);
}

unsigned char *ofd_zip_finish(ofd_zip *z, size_t *len)
{
  char *b = ooxml_zip_finish(z->z, len);
  libdeflate_free_compressor(z->c);
  free(z);
  return (unsigned char *)b;
}
