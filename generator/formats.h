/* formats.h: the output formats (--format=pdf,docx,xlsx,ofd) and which of
 * them a document has: a template says so with <document formats="pdf,docx,xlsx">
 * (default "pdf,docx"). PDF and OFD are written from the same laid-out pages
 * (layout.h; pdf.h, ofd.h), so a document with a PDF form has an OFD form;
 * DOCX and XLSX are written from the document tree (docx.h, xlsx_out.h). */
#ifndef REFORMGEN_FORMATS_H
#define REFORMGEN_FORMATS_H

#include <libxml/tree.h>
#include "diag.h"

enum { FMT_PDF = 1, FMT_DOCX = 2, FMT_XLSX = 4, FMT_OFD = 8, FMT_ALL = 15 };
/* the formats drawn from the laid-out pages */
#define FMT_PAGED (FMT_PDF | FMT_OFD)
#define FMT_DEFAULT_OF_DOCUMENT (FMT_PDF | FMT_DOCX)

/* Parses a comma list of format names into *out. Returns 0, or -1 on a name
 * that is not a format (or an empty list). */
int formats_parse(const char *list, unsigned *out);
/* The format a file name's extension names (.pdf .docx .xlsx .ofd, any case), or 0. */
unsigned formats_from_ext(const char *path);
/* The extension of one format, without the dot. */
const char *formats_ext(unsigned fmt);
/* The formats the expanded tree's document has (its formats attribute; OFD
 * whenever PDF). */
unsigned formats_of_tree(const xmlDoc *tree);

/* Writes tree as fmt (FMT_DOCX or FMT_XLSX) to path; gives its size and
 * SHA-256. Returns 0, or -1 after adding errors to d. */
int formats_write_flow(unsigned fmt, const xmlDoc *tree, const char *path, long *bytes,
                       char sha256[65], diag_list *d);

#endif
