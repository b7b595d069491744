/* import_value.h: values as clerks type them in a roster, turned into the
 * county file's forms: dates in every common spelling and Excel serials,
 * yes/no marks, the fixed vocabularies with their usual short forms, decimal
 * numbers, and the 身份证号 (citizen identity number, GB 11643-1999) check. */
#ifndef REFORMGEN_IMPORT_VALUE_H
#define REFORMGEN_IMPORT_VALUE_H
#include "import_sheet.h"
#include "util.h"

/* Trims spaces (ASCII, U+3000, U+00A0) at both ends and, when ascii is set,
 * turns full-width ASCII forms (１９９５．０３) into ASCII. Returns a new string. */
char *iv_clean(const char *s, int ascii);

/* A date as typed: 1995.03, 1995.3, 1995年3月, 1995年3月12日, 19950312, 199503,
 * 1995-03-12, 1995/3/12, 1995.03.12, or an XLSX number cell holding a date
 * serial (counted from 1900, or 1904 with date1904). A number cell whose whole
 * part is a year (1900-2100) is read as year.month, the way 1995.03 typed
 * into Excel is stored (1995.1 is then January: Excel keeps 1995.10 as
 * 1995.1, see iv_date_ambiguous); one of 6 or 8 digits as YYYYMM or YYYYMMDD.
 * Writes YYYY-MM or YYYY-MM-DD to out. Returns 0, or -1. */
int iv_date(const sheet_cell *c, int date1904, char out[11]);

/* Whether c is a number cell such as 1995.1, which may have been typed
 * 1995.10 (October) and stored without its trailing zero. */
int iv_date_ambiguous(const sheet_cell *c);

/* 是 √ ✓ Y yes TRUE 1 -> 1; 否 × ✗ N no FALSE 0 -> 0; empty -> -1 (absent);
 * anything else -> -2. */
int iv_bool(const char *s);

/* One entry of a vocabulary: what may be typed, and what the county file says. */
typedef struct iv_alias { const char *typed, *value; } iv_alias;
/* The county-file value for s (cleaned, spaces removed inside too), or NULL. */
const char *iv_lookup(const iv_alias *list, const char *s);
/* The accepted county-file values of a list, "a, b or c", into b. */
void iv_describe(const iv_alias *list, strbuf *b);

/* A decimal number: digits with an optional sign, point and exponent;
 * thousands separators and a trailing % are dropped. Writes the number to out
 * (reset first). Returns 0, or -1. With whole set, only whole numbers >= 0. */
int iv_number(const char *s, int whole, strbuf *out);

/* Checks a 身份证号. Returns NULL when it is well-formed, with the birth date
 * (YYYY-MM-DD) in birth and *male set from the 17th digit; otherwise a static
 * sentence saying what was expected. The cleaned number goes to out. */
const char *iv_id_number(const sheet_cell *c, char out[19], char birth[11], int *male);
#endif
