/* test_sha256.c: SHA-256 against the FIPS 180-4 example vectors. */
#include "sha256.h"
#include "test.h"

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
  return test_status();
}
