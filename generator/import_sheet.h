/* import_sheet.h: one table read from a spreadsheet file, as the import front
 * end sees it whatever the file was (a CSV, or one worksheet of an XLSX
 * workbook): rows of text cells, each row carrying the number the clerk sees
 * in Excel or WPS (the CSV header line is row 1; an XLSX row keeps the sheet's
 * own number). Empty rows may be missing; cells are indexed by column from 0. */
#ifndef REFORMGEN_IMPORT_SHEET_H
#define REFORMGEN_IMPORT_SHEET_H
#include <stddef.h>

enum { SHEET_MAX_COLS = 256, SHEET_MAX_ROWS = 1000000 };

typedef struct sheet_cell {
  char *text;              /* UTF-8, never NULL once set; a missing cell reads as "" */
  unsigned char numeric;   /* an XLSX number cell: text is its stored value */
  unsigned char date_fmt;  /* an XLSX number cell with a date format */
} sheet_cell;

typedef struct sheet_row {
  long number;             /* the row number the clerk sees */
  int ncells;
  sheet_cell *cells;
} sheet_row;

typedef struct sheet {
  char *file;              /* the file, for messages */
  char *name;              /* the worksheet's name; NULL for a CSV */
  int date1904;            /* the workbook counts dates from 1904 */
  int nrows, caprows;
  sheet_row *rows;
} sheet;

/* Returns a new empty sheet of file (and worksheet name, may be NULL); both are copied. */
sheet *sheet_new(const char *file, const char *name);
void sheet_free(sheet *s);
/* Appends a row with the given number and returns it (borrowed). */
sheet_row *sheet_add_row(sheet *s, long number);
/* Sets the cell at column col (0-based, < SHEET_MAX_COLS) to the n bytes at
 * text; returns the cell (borrowed) for its flags. */
sheet_cell *sheet_set(sheet_row *r, int col, const char *text, size_t n);
/* The cell's text, "" when the row has no such cell. */
const char *sheet_text(const sheet_row *r, int col);
const sheet_cell *sheet_cell_at(const sheet_row *r, int col);
/* The row with that number, or NULL. */
sheet_row *sheet_find_row(sheet *s, long number);
#endif
