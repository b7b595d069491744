/* xlsx_out.h: the tables of a document tree (doctree.h) as an XLSX workbook,
 * written with Debian's libxlsxwriter.
 *
 * Each <table> is a sheet, named after the heading before it: a title row,
 * the <thead> rows with their spans as merged cells (frozen, and repeated on
 * every printed page), the body with numbers as numbers and dates
 * (YYYY.MM, YYYY-MM, YYYY-MM-DD) as dates, and the paragraphs that follow
 * the table as text rows. A figure of a subtotal or total row becomes a
 * formula with its value cached when the rows above add up to it: SUM of
 * the numbers, COUNTIF of the ticks (√), SUMIF of the 小计 rows; otherwise
 * it stays a number. Print setup: the document's orientation, A4 or A3,
 * margins, one page wide, footer "第 &P 页 共 &N 页". The workbook's
 * properties (title, author, subject, keywords, created) come from
 * <document>, so the same tree gives the same bytes. */
#ifndef REFORMGEN_XLSX_OUT_H
#define REFORMGEN_XLSX_OUT_H

#include <libxml/tree.h>
#include "diag.h"

/* Writes the workbook to path (atomically) and gives its size and SHA-256.
 * Returns 0, or -1 after adding errors to d (also when the tree has no table). */
int xlsx_write(const xmlDoc *tree, const char *path, long *bytes, char sha256[65], diag_list *d);

#endif
