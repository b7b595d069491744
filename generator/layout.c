/* layout.c: document tree to pages (layout.h). */
#include "layout.h"
#include "util.h"

#include <stdlib.h>

struct layout_doc { int pages; };

layout_doc *layout_run(xmlDocPtr tree, fontset *fs, diag_list *d)
{
  (void)tree; (void)fs;
  diag_add(d, DIAG_ERROR, NULL, "layout is not implemented yet");
  return NULL;
}

int layout_page_count(const layout_doc *l) { return l->pages; }
void layout_dump(const layout_doc *l, FILE *out) { (void)l; (void)out; }
void layout_free(layout_doc *l) { free(l); }
