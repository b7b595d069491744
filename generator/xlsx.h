/* xlsx.h: reading the worksheets of an XLSX workbook (Office Open XML, as
 * Excel, WPS and LibreOffice save it) into sheets: minizip for the zip
 * container, libxml2 for the parts (workbook, relationships, shared strings,
 * styles, worksheets).
 *
 * Cells come out as the text a clerk typed: shared and inline strings as they
 * are, numbers as their stored value with a flag saying whether the cell has
 * a date format (the number is then a date serial, counted in the workbook's
 * 1900 or 1904 system), booleans as TRUE / FALSE. A merged range gives every
 * cell it covers the value of its top-left cell, in the rows the sheet has,
 * so that merged headers (and a unit name merged down over its cadres) are
 * read where a clerk sees them. Parts are bounded in size; no DTD, entity or
 * network access is allowed in them. */
#ifndef REFORMGEN_XLSX_H
#define REFORMGEN_XLSX_H
#include "import_sheet.h"

/* Reads every worksheet of path, in the workbook's order. Returns the number
 * of sheets stored in a new array *out (each freed with sheet_free, the array
 * with free), or -1 with a new message in *err (caller frees). */
int xlsx_read(const char *path, sheet ***out, char **err);
#endif
