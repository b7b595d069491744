/* sha256.h: SHA-256 (FIPS 180-4) for the manifest's output checksums. */
#ifndef REFORMGEN_SHA256_H
#define REFORMGEN_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct sha256_ctx {
  uint32_t h[8];
  uint64_t len;
  unsigned char buf[64];
  size_t fill;
} sha256_ctx;

void sha256_init(sha256_ctx *c);
void sha256_update(sha256_ctx *c, const void *data, size_t n);
void sha256_final(sha256_ctx *c, unsigned char out[32]);
/* Writes the lowercase hex digest of data into hex (65 bytes with the NUL). */
void sha256_hex(const void *data, size_t n, char hex[65]);
/* Whether to use the processor's SHA instructions where it has them (the
 * default) or the portable code (enable 0, for tests). Returns whether they
 * are in use from now on. */
int sha256_hw(int enable);

#endif
