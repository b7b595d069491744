/* ooxml.h: what the two Office Open XML writers (docx.h, xlsx_out.h) share:
 * a ZIP package built in memory with Debian's minizip (fixed timestamps, so
 * the same parts give the same bytes; the OFD package, ofd_zip.h, is one
 * too), and handing the finished bytes to the atomic writer with their
 * SHA-256 for the manifest. */
#ifndef REFORMGEN_OOXML_H
#define REFORMGEN_OOXML_H

#include <stddef.h>
#include "diag.h"

typedef struct ooxml_zip ooxml_zip;

/* A new, empty package in memory. */
ooxml_zip *ooxml_zip_new(void);
/* Dates the parts added from now on year-month-day 00:00; a package starts
 * at 1980-01-01, the first day ZIP can say (an earlier year gives that). */
void ooxml_zip_set_date(ooxml_zip *z, int year, int month, int day);
/* Adds a part (deflated) under name; parts keep the order they are added in.
 * Returns 0, or -1 when minizip fails. */
int ooxml_zip_add(ooxml_zip *z, const char *name, const void *data, size_t len);
/* Adds a part the caller compressed: data (dlen bytes) is the part as raw
 * deflate at level (recorded in the entry's flags), or the part itself when
 * level is 0 (stored); len and crc are the part's own size and CRC-32.
 * Returns 0, or -1 when minizip fails. */
int ooxml_zip_add_raw(ooxml_zip *z, const char *name, const void *data, size_t dlen, int level,
                      size_t len, unsigned long crc);
/* Closes the package and hands its bytes to the caller (free() them), or
 * returns NULL. Frees z either way. */
char *ooxml_zip_finish(ooxml_zip *z, size_t *len);

/* Writes buf to path atomically (output.h) and gives its size and SHA-256.
 * Returns 0, or -1 after adding an error to d. */
int ooxml_commit(const char *path, const void *buf, size_t len, long *bytes, char sha256[65],
                 diag_list *d);

/* "2022-09-16" (or "2022-09") as seconds since 1970 at 00:00 UTC, or -1. */
long long ooxml_date_epoch(const char *ymd);

#endif
