/* import.h: the `reformgen import` and `reformgen blank` subcommands.
 *
 * import reads a roster of league cadres (and, optionally, the units and the
 * indicators) from XLSX workbooks and CSV files as county offices keep them,
 * finds the columns by their Chinese headers, reads the values the way clerks
 * type them, checks them (身份证号, duplicates, units), and writes or updates a
 * county file (JSON or XML, by its name). Every problem is reported at once
 * as FILE:ROW:HEADER: level: what was found; what was expected; nothing is
 * written when there is an error. blank writes the data-entry workbook whose
 * sheets import reads back. */
#ifndef REFORMGEN_IMPORT_H
#define REFORMGEN_IMPORT_H

/* `reformgen import [--map FILE] -o COUNTY FILE...`: argv[0] is "import".
 * Returns the exit status: 0 written, 1 problems in the files, 2 usage. */
int import_main(int argc, char **argv);

/* `reformgen blank -o FILE.xlsx`: argv[0] is "blank". Returns the exit status. */
int blank_main(int argc, char **argv);
#endif
