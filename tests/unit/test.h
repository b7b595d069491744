/* test.h: a minimal harness for the unit tests in tests/unit/.
 * Each CHECK prints "PASS name" or "FAIL name: file:line: expression";
 * main returns test_status() so a failure also shows in the exit code. */
#ifndef REFORMGEN_TEST_H
#define REFORMGEN_TEST_H
#include <stdio.h>
#include <string.h>

static int test_failures;

#define CHECK(name, cond) do { \
    if (cond) printf("PASS %s\n", (name)); \
    else { printf("FAIL %s: %s:%d: %s\n", (name), __FILE__, __LINE__, #cond); test_failures++; } \
  } while (0)

#define CHECK_STR(name, got, want) do { \
    const char *g_ = (got), *w_ = (want); \
    if (g_ && w_ && strcmp(g_, w_) == 0) printf("PASS %s\n", (name)); \
    else { printf("FAIL %s: %s:%d: got [%s], want [%s]\n", (name), __FILE__, __LINE__, \
                  g_ ? g_ : "(null)", w_ ? w_ : "(null)"); test_failures++; } \
  } while (0)

static inline int test_status(void) { return test_failures ? 1 : 0; }
#endif
