/* test_sha256.c: SHA-256 against the FIPS 180-4 example vectors, on the
 * portable code and (where the processor has them) the SHA instructions, and
 * the two against each other for every length around the block boundaries,
 * whole and fed in pieces. */
/* checks: 9 */
#include "sha256.h"
#include "test.h"

#include <stdlib.h>

static void vectors(const char *path)
{
  char hex[65], name[96];
  sha256_hex("abc", 3, hex);
  snprintf(name, sizeof name, "sha256 abc (%s)", path);
  CHECK_STR(name, hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  sha256_hex("", 0, hex);
  snprintf(name, sizeof name, "sha256 empty (%s)", path);
  CHECK_STR(name, hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  sha256_hex(two, strlen(two), hex);
  snprintf(name, sizeof name, "sha256 two blocks (%s)", path);
  CHECK_STR(name, hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  size_t n = 1000000;
  char *a = malloc(n);
  memset(a, 'a', n);
  sha256_hex(a, n, hex);
  free(a);
  snprintf(name, sizeof name, "sha256 a million a (%s)", path);
  CHECK_STR(name, hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* The digest of data[0..n) fed in pieces of step bytes. */
static void digest_pieces(const unsigned char *data, size_t n, size_t step, unsigned char out[32])
{
  sha256_ctx c;
  sha256_init(&c);
  for (size_t o = 0; o < n; o += step) sha256_update(&c, data + o, n - o < step ? n - o : step);
  sha256_final(&c, out);
}

int main(void)
{
  int hw = sha256_hw(1);
  printf("SHA instructions: %s\n", hw ? "in use" : "not available");
  if (hw) vectors("SHA instructions");
  sha256_hw(0);
  vectors("portable");

  enum { N = 1200 };
  unsigned char data[N];
  unsigned long x = 12345;
  for (int i = 0; i < N; i++) {
    x = x * 1103515245 + 12345;
    data[i] = (unsigned char)(x >> 16);
  }
  int bad = 0;
  for (size_t n = 0; n <= N; n += n < 300 ? 1 : 61) {
    unsigned char whole[32], pieces[32], other[32];
    sha256_hw(0);
    digest_pieces(data, n, n ? n : 1, whole);
    digest_pieces(data, n, 1 + n % 67, pieces);
    sha256_hw(1);
    digest_pieces(data, n, 1 + n % 61, other);
    if (memcmp(whole, pieces, 32) != 0 || memcmp(whole, other, 32) != 0) bad++;
  }
  CHECK("sha256 every length to 300 and more: whole, in pieces, both paths agree", bad == 0);
  return test_status();
}
