/* fuzz_util.h: what the fuzz targets share: finding the source tree (for the
 * samples, templates and font configuration they start from). Header only:
 * every target is built from its own .c file. */
#ifndef REFORMGEN_FUZZ_UTIL_H
#define REFORMGEN_FUZZ_UTIL_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* The top of the source tree: $FUZZ_TOP, else the part of this file's path
 * before tests/fuzz/ (targets are built and run from the top of the tree).
 * Returns a new string. */
static inline char *fuzz_top_dir(void)
{
  const char *e = getenv("FUZZ_TOP");
  if (e && *e) return xstrdup(e);
  const char *f = __FILE__;
  const char *p = strstr(f, "tests/fuzz/");
  if (!p || p == f) return xstrdup(".");
  return xstrndup(f, (size_t)(p - f - 1));
}

/* Makes a new scratch folder /tmp/NAME.XXXXXX; aborts if it cannot. Returns a
 * new string. */
static inline char *fuzz_scratch_dir(const char *name)
{
  char *t = xasprintf("/tmp/%s.XXXXXX", name);
  if (!mkdtemp(t)) abort();
  return t;
}

#endif
