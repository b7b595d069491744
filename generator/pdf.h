/* pdf.h: the PDF stage. Writes a display list as a PDF built with libharu:
 * subsets of the TrueType CJK fonts embedded (Identity-H with ToUnicode),
 * outline, document information, creation date from the data, compression;
 * written to a temporary name in the target folder and renamed, so no partial
 * PDF ever sits under the final name. */
#ifndef REFORMGEN_PDF_H
#define REFORMGEN_PDF_H

#include "diag.h"
#include "fonts.h"
#include "dlist.h"

typedef struct pdf_writer pdf_writer;

/* Returns a writer that keeps parsed fonts and compressors across documents;
 * one per worker process. The caller frees it with pdf_writer_free. */
pdf_writer *pdf_writer_new(fontset *fs);
/* Writes l to path atomically. Returns 0, or -1 after adding an error to d
 * (nothing is left under path then). */
int pdf_write(pdf_writer *w, const dl_doc *l, const char *path, diag_list *d);
void pdf_writer_free(pdf_writer *w);
/* The size and SHA-256 (lowercase hex) of the last PDF pdf_write wrote, taken
 * from the bytes written, not read back from the file (which another writer
 * may have replaced meanwhile). Returns the size; hex gets the digest. */
long pdf_last_written(const pdf_writer *w, char hex[65]);

#endif
