/* pdf.c: display list to PDF with libharu (pdf.h). */
#include "pdf.h"
#include "util.h"

#include <stdlib.h>

struct pdf_writer { int unused; };

pdf_writer *pdf_writer_new(fontset *fs, diag_list *d)
{
  (void)fs; (void)d;
  return xcalloc(1, sizeof(pdf_writer));
}

int pdf_write(pdf_writer *w, const layout_doc *l, const char *path, diag_list *d)
{
  (void)w; (void)l; (void)path;
  diag_add(d, DIAG_ERROR, NULL, "PDF writing is not implemented yet");
  return -1;
}

void pdf_writer_free(pdf_writer *w) { free(w); }
