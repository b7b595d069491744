/* layout.h: the layout stage. Turns a document tree (doctree.h) into laid-out
 * pages, a display list of positioned glyph runs, rules, boxes and images, before
 * anything is written, so that page counts and bookmarks are known. Owns Chinese
 * line breaking, justification, pagination and tables. */
#ifndef REFORMGEN_LAYOUT_H
#define REFORMGEN_LAYOUT_H

#include <stdio.h>
#include <libxml/tree.h>
#include "diag.h"
#include "dlist.h"
#include "fonts.h"

/* Lays out tree with the fonts of fs (which must outlive the result).
 * Returns a new display list the caller frees with dl_doc_free, or NULL after
 * adding errors to d. Characters no font has are drawn as 〓 and reported as
 * warnings (with the element's place). */
dl_doc *layout_run(xmlDocPtr tree, fontset *fs, diag_list *d);
/* layout_run for a caller that needs tree no more and no set lines (the
 * renderers read the pages only): the rows of its tables are freed as soon
 * as they are set, so that a long table's tree and its pages do not take
 * memory at the same time, and the lines of layout_line_get are not kept
 * (layout_line_count is 0). tree is left to be freed only. */
dl_doc *layout_run_take(xmlDocPtr tree, fontset *fs, diag_list *d);

/* One set line of body text (paragraphs, headings, table cells), for checks.
 * Positions in pt from the page's top-left corner; y is the baseline. */
typedef struct layout_line {
  int page;            /* 0-based */
  double x, y, width;  /* start, baseline, inked advance from the first to the last character */
  double measure;      /* the width the line had to fill */
  double size;
  int justified;       /* spread to fill the measure */
  int last;            /* the last line of its paragraph or cell */
  const char *text;    /* UTF-8, borrowed from l */
} layout_line;

int layout_line_count(const dl_doc *l);
/* Fills *out with line i. Returns 0, or -1 if i is out of range. */
int layout_line_get(const dl_doc *l, int i, layout_line *out);
/* Bookmarks (from headings) in document order: title borrowed, page 0-based. */
int layout_mark_count(const dl_doc *l);
int layout_mark_get(const dl_doc *l, int i, const char **title, int *level, int *page);

#endif
