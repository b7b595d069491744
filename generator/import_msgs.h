/* import_msgs.h: the problems an import finds, collected so that all of them
 * are reported at once, as FILE:ROW:HEADER: level: what was found; what was
 * expected. Identical messages (same file, column, level and text) are
 * collapsed into one line with the count and the rows; after the first
 * hundred lines the rest are counted in "…and N more". */
#ifndef REFORMGEN_IMPORT_MSGS_H
#define REFORMGEN_IMPORT_MSGS_H
#include <stdio.h>

enum { IM_ERROR, IM_WARNING };
enum { IM_SHOW = 100 };   /* lines printed before "…and N more" */

typedef struct im_list im_list;

im_list *im_new(void);
void im_free(im_list *m);
/* Adds a message about FILE (a CSV, or "book.xlsx[sheet]"), row (0: the file
 * as a whole) and the column header (may be NULL). */
void im_add(im_list *m, int level, const char *file, long row, const char *header,
            const char *fmt, ...) __attribute__((format(printf, 6, 7)));
int im_errors(const im_list *m);
int im_warnings(const im_list *m);
/* Prints the messages file by file (in the order first named), row by row. */
void im_print(const im_list *m, FILE *out);
#endif
