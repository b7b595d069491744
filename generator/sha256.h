/* sha256.h: the SHA-256 digest (FIPS 180-4) of the manifest's output
 * checksums, computed by Debian's nettle (nettle-dev). */
#ifndef REFORMGEN_SHA256_H
#define REFORMGEN_SHA256_H

#include <nettle/sha2.h>
#include <stddef.h>

/* Writes the lowercase hex digest of data[0..n) into hex (65 bytes with the NUL). */
static inline void sha256_hex(const void *data, size_t n, char hex[65])
{
  static const char HEXDIGITS[] = "0123456789abcdef";
  struct sha256_ctx c;
  unsigned char d[SHA256_DIGEST_SIZE];
  sha256_init(&c);
  sha256_update(&c, n, data);
  sha256_digest(&c, sizeof d, d);
  for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
    hex[2 * i] = HEXDIGITS[d[i] >> 4];
    hex[2 * i + 1] = HEXDIGITS[d[i] & 15];
  }
  hex[64] = '\0';
}

#endif
