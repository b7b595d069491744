/* test_pdf_save.c: document trees that once broke laying out or saving (found
 * by fuzzing) are laid out and written as valid PDFs. */
/* checks: 6 */
#include "diag.h"
#include "fonts.h"
#include "layout.h"
#include "pdf.h"
#include "test.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libxml/parser.h>

int main(void)
{
  /* save-empty-prep: once made libharu lose the PDF (0x1033); empty-cell: an
   * empty first table cell once passed a null buffer to memcpy (UBSan) */
  static const char *const cases[] = { "tests/layout/save-empty-prep.xml", "tests/layout/empty-cell.xml", NULL };
  diag_list *d = diag_new("test_pdf_save", 100);
  fontset *fs = fontset_load("fonts/fonts.conf", d);
  pdf_writer *w = fs ? pdf_writer_new(fs) : NULL;
  CHECK("fonts and writer", fs && w);
  char dir[] = "/tmp/rg-pdfsave-XXXXXX";
  CHECK("scratch folder", mkdtemp(dir) != NULL);
  for (int i = 0; cases[i] && w; i++) {
    xmlDocPtr t = xmlReadFile(cases[i], NULL, XML_PARSE_NONET);
    dl_doc *l = t ? layout_run(t, fs, d) : NULL;
    char *out = xasprintf("%s/out.pdf", dir);
    int rc = l ? pdf_write(w, l, out, d) : -1;
    char *name = xasprintf("saved: %s", cases[i]);
    CHECK(name, rc == 0);
    char *cmd = xasprintf("qpdf --check %s >/dev/null 2>&1", out);
    char *name2 = xasprintf("qpdf --check: %s", cases[i]);
    CHECK(name2, rc == 0 && system(cmd) == 0);
    remove(out);
    free(name); free(name2); free(cmd); free(out);
    dl_doc_free(l);
    xmlFreeDoc(t);
  }
  rmdir(dir);
  pdf_writer_free(w);
  fontset_free(fs);
  diag_free(d);
  xmlCleanupParser();
  return test_status();
}
