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

int diag_dropped(const diag_list *d);   /* diagnostics added but not kept */
/* Sets the totals of a list rebuilt from another process's or a manifest's
 * record of one: errors and warnings added, and how many diagnostics were not
 * kept; the totals less the kept ones count as not kept. Returns 0, or -1
 * (nothing changed) when the totals are fewer than the kept ones. */
int diag_set_totals(diag_list *d, int errors, int warnings, int dropped);

const char *diag_level_name(diag_level l);   /* "error", "warning", "note" */
/* The level named name, or -1. */
int diag_level_parse(const char *name);
/* s as it may be printed: control characters as \n, \t, \r or \xHH (\u0085
 * and the like for C1 and the line separators), invisible format characters
 * such as the bidi override U+202E as \u202E, and bytes that are not UTF-8 as
 * \xHH, so that no escape sequence or reordering reaches a terminal. A new
 * string the caller frees. */
char *diag_escaped(const char *s);
/* One diagnostic as a line without its newline (each part diag_escaped), "FILE:PLACE: level: msg";
 * a new string the caller frees. */
char *diag_format(const diag *g);

/* Prints every kept diagnostic as "FILE:PLACE: level: msg", then a line saying
 * how many were not kept, if any. */
void diag_print(const diag_list *d, FILE *out);
/* Same, but only diagnostics at least as grave as `least` (DIAG_ERROR: errors
 * only, for --quiet; DIAG_NOTE: everything); the line about those not kept
 * counts only those at least as grave too. */
void diag_print_min(const diag_list *d, FILE *out, diag_level least);
/* Moves every diagnostic of src to the end of dst. */
void diag_append(diag_list *dst, const diag_list *src);

#endif
