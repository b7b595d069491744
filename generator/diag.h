/* diag.h: diagnostics collected while a file is processed.
 *
 * Library code never prints: it adds diagnostics to a diag_list, and the
 * caller prints them, one per line, as
 *     FILE:PLACE: error: what was found; what was expected
 * PLACE is whatever the module knows: "LINE:COL" for a syntax error, a JSON
 * pointer "/cadres/3/birth", or an XML path with its line
 * "37:/county-report/cadres/cadre[4]/birth" (line first, so that editors jump
 * to it). A list holds at most `max` diagnostics; more are counted, not kept. */
#ifndef REFORMGEN_DIAG_H
#define REFORMGEN_DIAG_H

#include <stdio.h>

typedef enum diag_level { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_level;

typedef struct diag {
  diag_level level;
  char *file;    /* the file the diagnostic is about */
  char *place;   /* may be NULL: the whole file */
  char *msg;
} diag;

typedef struct diag_list diag_list;

/* Returns a new list for diagnostics about `file` (copied), keeping at most max
 * (0: a default of 100). The caller frees it with diag_free. */
diag_list *diag_new(const char *file, int max);
void diag_free(diag_list *d);

/* Adds one diagnostic. place may be NULL. */
void diag_add(diag_list *d, diag_level level, const char *place, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
/* Same, about another file than the list's own (a template, a font). */
void diag_add_file(diag_list *d, diag_level level, const char *file, const char *place,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

int diag_errors(const diag_list *d);    /* errors added, kept or not */
int diag_warnings(const diag_list *d);  /* warnings added, kept or not */
int diag_count(const diag_list *d);     /* diagnostics kept */
const diag *diag_get(const diag_list *d, int i);  /* borrowed; i < diag_count */
const char *diag_file(const diag_list *d);

/* Prints every kept diagnostic as "FILE:PLACE: level: msg", then a line saying
 * how many were not kept, if any. */
void diag_print(const diag_list *d, FILE *out);
/* Same, but only diagnostics at least as grave as `least` (DIAG_ERROR: errors
 * only, for --quiet; DIAG_NOTE: everything). */
void diag_print_min(const diag_list *d, FILE *out, diag_level least);
/* Writes the lines of printed diagnostics `text` (diag_print's format) that
 * are errors; the others are dropped. */
void diag_text_errors_only(const char *text, FILE *out);
/* Moves every diagnostic of src to the end of dst. */
void diag_append(diag_list *dst, const diag_list *src);

#endif
