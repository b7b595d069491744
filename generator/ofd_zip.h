/* ofd_zip.h: the OFD package's zip container, built in memory by the package
 * writer of the OOXML formats (ooxml.h: Debian's minizip). Every entry is
 * deflated by libdeflate at the level of the PDF's streams and handed to it
 * raw, with a running SHA-256 of what is stored (the DocID); every entry
 * carries the document's date, so the same parts give the same bytes. */
#ifndef REFORMGEN_OFD_ZIP_H
#define REFORMGEN_OFD_ZIP_H

#include <stddef.h>

typedef struct ofd_zip ofd_zip;

/* A new, empty archive whose entries are dated year-month-day 00:00 (a year
 * before 1980 gives 1980-01-01). NULL when minizip cannot start. */
ofd_zip *ofd_zip_new(int year, int month, int day);
/* Adds an entry. Returns 0 or -1 (the archive is then unusable). */
int ofd_zip_add(ofd_zip *z, const char *name, const void *data, size_t len);
/* The SHA-256 of the bytes stored so far (every entry as compressed, in
 * order), 32 bytes into d, without ending the archive: the same entries give
 * the same digest. */
void ofd_zip_digest(ofd_zip *z, unsigned char d[32]);
/* Ends the archive and frees z. Returns its bytes (the caller frees) with
 * *len, or NULL when a step failed. */
unsigned char *ofd_zip_finish(ofd_zip *z, size_t *len);

#endif
