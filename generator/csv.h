/* csv.h: reading a CSV (or tab-separated) spreadsheet export into a sheet.
 *
 * The encoding is found, not asked for: UTF-8 with or without a byte-order
 * mark, UTF-16 with one (Excel's "Unicode text"), and otherwise GBK / GB18030
 * (what Excel and WPS on a Chinese Windows save), converted with iconv. The
 * separator is a comma or a tab, whichever the first line has more of.
 * Fields follow RFC 4180 (double quotes, "" inside them, line breaks inside
 * quoted fields); the header line is row 1 and each record counts as one row,
 * as a spreadsheet shows it. */
#ifndef REFORMGEN_CSV_H
#define REFORMGEN_CSV_H
#include "import_sheet.h"

/* Reads path into a new sheet. Returns it, or NULL with a new message in *err
 * (what was found; what was expected) that the caller frees. *encoding is set
 * to a static name of the encoding found ("UTF-8", "GB18030", "UTF-16LE" ...). */
sheet *csv_read(const char *path, const char **encoding, char **err);
#endif
