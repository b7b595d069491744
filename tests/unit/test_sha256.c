/* test_sha256.c: sha256_hex (nettle underneath) against the FIPS 180-4
 * example vectors, and against Python's hashlib for every length around the
 * block boundaries. */
/* checks: 5 */
#include "sha256.h"
#include "test.h"

#include <stdlib.h>

#define FOLD "1014893687"

int main(void)
{
  char hex[65];
  sha256_hex("abc", 3, hex);
  CHECK_STR("sha256 abc", hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  sha256_hex("", 0, hex);
  CHECK_STR("sha256 empty", hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  sha256_hex(two, strlen(two), hex);
  CHECK_STR("sha256 two blocks", hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  size_t n = 1000000;
  char *a = malloc(n);
  memset(a, 'a', n);
  sha256_hex(a, n, hex);
  free(a);
  CHECK_STR("sha256 a million a", hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

  /* every length 0..300 of a fixed byte pattern, each digest's first 8 hex
   * digits folded into one number; FOLD is the same fold by Python's hashlib:
   *   d = bytes((i * 7 + 3) & 255 for i in range(300)); f = 0
   *   for k in range(301): f = (f * 31 + int(sha256(d[:k]).hexdigest()[:8], 16)) % 4294967291 */
  unsigned char data[300];
  for (int i = 0; i < 300; i++) data[i] = (unsigned char)(i * 7 + 3);
  unsigned long fold = 0;
  for (size_t k = 0; k <= 300; k++) {
    sha256_hex(data, k, hex);
    fold = (fold * 31 + strtoul((char[9]){ hex[0], hex[1], hex[2], hex[3], hex[4], hex[5], hex[6], hex[7], 0 }, NULL, 16)) % 4294967291ul;
  }
  char got[32];
  snprintf(got, sizeof got, "%lu", fold);
  CHECK_STR("sha256 every length to 300 agrees with hashlib", got, FOLD);
  return test_status();
}
