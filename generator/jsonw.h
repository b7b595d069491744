/* jsonw.h: JSON written straight into a growable string, laid out exactly as
 * cJSON_Print lays it out (tabs, "key":<TAB>value, arrays on one line), so
 * that a manifest reads the same whichever way it was made. The manifest of a
 * batch holds every county's findings and diagnostics (37 MB for 1,000 of the
 * peers' documents): building it as a cJSON tree and printing that took the
 * parent process 1 M instructions a county, serially, at the end of the run.
 *
 * Usage: jsonw w = { .b = &buf }; jw_begin_object(&w, NULL); jw_string(&w,
 * "key", "v"); ... jw_end_object(&w). Keys are given inside objects and are
 * NULL inside arrays and at the top. */
#ifndef REFORMGEN_JSONW_H
#define REFORMGEN_JSONW_H

#include "util.h"

#include <cJSON.h>

enum { JSONW_MAX_DEPTH = 64 };   /* containers open at once; more aborts */

typedef struct jsonw {
  strbuf *b;
  int depth;
  unsigned char in_array[JSONW_MAX_DEPTH];   /* per open container */
  unsigned char empty[JSONW_MAX_DEPTH];      /* nothing written in it yet */
} jsonw;

void jw_begin_object(jsonw *w, const char *key);
void jw_end_object(jsonw *w);
void jw_begin_array(jsonw *w, const char *key);
void jw_end_array(jsonw *w);
/* A string, or null when v is NULL; jw_stringn: the n bytes at v. */
void jw_string(jsonw *w, const char *key, const char *v);
void jw_stringn(jsonw *w, const char *key, const char *v, size_t n);
void jw_int(jsonw *w, const char *key, long v);
/* A cJSON value (any kind), as cJSON_Print would write it there. */
void jw_cjson(jsonw *w, const char *key, const cJSON *v);

#endif
