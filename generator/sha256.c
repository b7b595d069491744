/* sha256.c: SHA-256 as specified in FIPS 180-4.
 *
 * The portable compression function computes the whole message schedule
 * (plus the round constants) first, then runs the rounds eight at a time with
 * the working variables changing names instead of moving, and each big sigma
 * as nested rotations (one copy of the word instead of two): about 46
 * instructions a byte on x86-64, against 63 for the textbook loop. On x86-64
 * processors with the SHA extensions the blocks go through those instead,
 * chosen once at run time (about five times faster; valgrind does not offer
 * them, so under callgrind the portable code runs). */
#include "sha256.h"
#include "util.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SHA256_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
/* BSIG0(a) = ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22), and so on */
#define BSIG0(a) ROR(ROR(ROR(a, 9) ^ (a), 11) ^ (a), 2)
#define BSIG1(e) ROR(ROR(ROR(e, 14) ^ (e), 5) ^ (e), 6)
#define SSIG0(w) (ROR(ROR(w, 11) ^ (w), 7) ^ ((w) >> 3))
#define SSIG1(w) (ROR(ROR(w, 2) ^ (w), 17) ^ ((w) >> 10))
#define CH(e, f, g) ((((f) ^ (g)) & (e)) ^ (g))
#define MAJ(a, b, c) (((a) & (b)) | ((c) & ((a) | (b))))

/* Round i with the working variables in their order for that round: the new
 * a goes into h and the new e into d, and the next round names them so. */
#define ROUND(a, b, c, d, e, f, g, h, i) do {                        \
    uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + wk[i];             \
    (d) += t1_;                                                      \
    (h) = t1_ + BSIG0(a) + MAJ(a, b, c);                             \
  } while (0)

#define ROUNDS8(i)                                                   \
  ROUND(a, b, c, d, e, f, g, h, (i) + 0);                            \
  ROUND(h, a, b, c, d, e, f, g, (i) + 1);                            \
  ROUND(g, h, a, b, c, d, e, f, (i) + 2);                            \
  ROUND(f, g, h, a, b, c, d, e, (i) + 3);                            \
  ROUND(e, f, g, h, a, b, c, d, (i) + 4);                            \
  ROUND(d, e, f, g, h, a, b, c, (i) + 5);                            \
  ROUND(c, d, e, f, g, h, a, b, (i) + 6);                            \
  ROUND(b, c, d, e, f, g, h, a, (i) + 7)

/* Compresses the n 64-byte blocks at p into st. */
static void blocks_portable(uint32_t st[8], const unsigned char *p, size_t n)
{
  for (; n > 0; n--, p += 64) {
    uint32_t w[64], wk[64];   /* the message schedule, and it plus K */
    for (int i = 0; i < 16; i++) w[i] = be32(p + 4 * i);
    for (int i = 16; i < 64; i++)
      w[i] = SSIG1(w[i - 2]) + w[i - 7] + SSIG0(w[i - 15]) + w[i - 16];
    for (int i = 0; i < 64; i++) wk[i] = w[i] + K[i];
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
    uint32_t e = st[4], f = st[5], g = st[6], h = st[7];
    for (int i = 0; i < 64; i += 8) {
      ROUNDS8(i);
    }
    st[0] += a; st[1] += b; st[2] += c; st[3] += d;
    st[4] += e; st[5] += f; st[6] += g; st[7] += h;
  }
}

#ifdef SHA256_X86
/* The same with the SHA extensions: sha256rnds2 does two rounds on the state
 * held as ABEF and CDGH, sha256msg1/msg2 extend the schedule four words at a
 * time (Intel, "Intel SHA Extensions", 2013). */
__attribute__((target("sha,sse4.1")))
static void blocks_sha_ni(uint32_t st[8], const unsigned char *p, size_t n)
{
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i dcba = _mm_loadu_si128((const __m128i *)(const void *)&st[0]);
  __m128i hgfe = _mm_loadu_si128((const __m128i *)(const void *)&st[4]);
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xb1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1b);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xf0);
  for (; n > 0; n--, p += 64) {
    __m128i abef0 = abef, cdgh0 = cdgh, m[4];
    for (int g = 0; g < 16; g++) {
      /* words 4g .. 4g+3 of the schedule into m[g % 4] */
      if (g < 4) {
        m[g] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * g)), bswap);
      } else {
        __m128i t = _mm_add_epi32(_mm_sha256msg1_epu32(m[g & 3], m[(g - 3) & 3]),
                                  _mm_alignr_epi8(m[(g - 1) & 3], m[(g - 2) & 3], 4));
        m[g & 3] = _mm_sha256msg2_epu32(t, m[(g - 1) & 3]);
      }
      __m128i wk = _mm_add_epi32(m[g & 3], _mm_loadu_si128((const __m128i *)(const void *)&K[4 * g]));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0e));
    }
    abef = _mm_add_epi32(abef, abef0);
    cdgh = _mm_add_epi32(cdgh, cdgh0);
  }
  __m128i feba = _mm_shuffle_epi32(abef, 0x1b);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);
  _mm_storeu_si128((__m128i *)(void *)&st[0], _mm_blend_epi16(feba, dchg, 0xf0));
  _mm_storeu_si128((__m128i *)(void *)&st[4], _mm_alignr_epi8(dchg, feba, 8));
}
#endif

/* -1 not yet decided, 0 portable, 1 SHA extensions */
static int use_hw = -1;

int sha256_hw(int enable)
{
#ifdef SHA256_X86
  unsigned a, b, c, d;
  int sse41 = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_1);
  int sha = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
  use_hw = enable && sse41 && sha;
#else
  use_hw = 0;
  (void)enable;
#endif
  return use_hw;
}

static void blocks(uint32_t st[8], const unsigned char *p, size_t n)
{
  if (use_hw < 0) sha256_hw(1);
#ifdef SHA256_X86
  if (use_hw) {
    blocks_sha_ni(st, p, n);
    return;
  }
#endif
  blocks_portable(st, p, n);
}

void sha256_init(sha256_ctx *c)
{
  static const uint32_t H0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
  memcpy(c->h, H0, sizeof H0);
  c->len = 0;
  c->fill = 0;
}

void sha256_update(sha256_ctx *c, const void *data, size_t n)
{
  const unsigned char *p = data;
  c->len += n;
  if (c->fill > 0) {   /* complete the block begun by an earlier call */
    size_t k = 64 - c->fill < n ? 64 - c->fill : n;
    memcpy(c->buf + c->fill, p, k);
    c->fill += k;
    p += k;
    n -= k;
    if (c->fill < 64) return;
    blocks(c->h, c->buf, 1);
    c->fill = 0;
  }
  if (n >= 64) {       /* whole blocks straight from the caller's memory */
    blocks(c->h, p, n / 64);
    p += n / 64 * 64;
    n %= 64;
  }
  if (n > 0) memcpy(c->buf, p, n);
  c->fill = n;
}

void sha256_final(sha256_ctx *c, unsigned char out[32])
{
  uint64_t bits = c->len * 8;
  /* 0x80, zeros to 56 bytes into a block, the length in bits: one block more
   * when fewer than 9 bytes are left in this one */
  unsigned char pad[72] = { 0x80 };
  size_t npad = (c->fill < 56 ? 56 : 120) - c->fill;
  for (int i = 0; i < 8; i++) pad[npad + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
  sha256_update(c, pad, npad + 8);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (unsigned char)(c->h[i] >> 24);
    out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
    out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
    out[4 * i + 3] = (unsigned char)c->h[i];
  }
}

void sha256_hex(const void *data, size_t n, char hex[65])
{
  static const char digits[] = "0123456789abcdef";
  sha256_ctx c;
  unsigned char d[32];
  sha256_init(&c);
  sha256_update(&c, data, n);
  sha256_final(&c, d);
  for (int i = 0; i < 32; i++) {
    hex[2 * i] = digits[d[i] >> 4];
    hex[2 * i + 1] = digits[d[i] & 15];
  }
  hex[64] = '\0';
}
