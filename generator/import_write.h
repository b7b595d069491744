/* import_write.h: writing what import read into a county file, JSON or XML by
 * its name. An existing file keeps everything but the parts replaced (the
 * cadres; the units and the indicators when they were given), in its own form
 * and layout; units made for unknown names are added to its units. A new file
 * holds just the parts. Written atomically (output.h). */
#ifndef REFORMGEN_IMPORT_WRITE_H
#define REFORMGEN_IMPORT_WRITE_H
#include <cJSON.h>

typedef struct import_parts {
  const cJSON *cadres, *units, *new_units, *indicators;   /* arrays; NULL: not given */
} import_parts;

/* Writes or updates path. Returns 0, or -1 with a new message in *err. */
int iw_write(const char *path, int exists, const import_parts *p, char **err);
#endif
