/* layout.h: the layout stage. Turns a document tree (doctree.h) into laid-out
 * pages, a display list of positioned glyph runs, rules, boxes and images, before
 * anything is written, so that page counts and bookmarks are known. Owns Chinese
 * line breaking, justification, pagination and tables. */
#ifndef REFORMGEN_LAYOUT_H
#define REFORMGEN_LAYOUT_H

#include <stdio.h>
#include <libxml/tree.h>
#include "diag.h"
#include "fonts.h"

typedef struct layout_doc layout_doc;

/* Lays out tree with the fonts of fs. Returns a new display list the caller
 * frees with layout_free, or NULL after adding errors to d. */
layout_doc *layout_run(xmlDocPtr tree, fontset *fs, diag_list *d);
int layout_page_count(const layout_doc *l);
/* Writes a text dump of the display list (pages, items, positions in pt). */
void layout_dump(const layout_doc *l, FILE *out);
void layout_free(layout_doc *l);

#endif
