/* pdfa.h: what makes a PDF an archive file, PDF/A-2b (ISO 19005-2, GB/T
 * 23286 for PDF/A-1), added to a libharu document through its object layer.
 *
 * pdf.c already embeds a subset of every font and encrypts nothing; this adds:
 * - XMP metadata (a /Metadata stream in the catalog, not compressed) written
 *   with libxml2's xmlTextWriter, so every value is escaped: pdfaid part 2,
 *   conformance B; the Dublin Core, xmp and pdf properties made from the Info
 *   dictionary as libharu holds it (read back with HPDF_GetInfoAttr, so that
 *   the two are equal by construction); the archival description (archive.h)
 *   under ARCHIVE_NS, declared in a PDF/A extension schema as ISO 19005-2
 *   6.6.2.3 requires of every schema it does not predefine;
 * - an sRGB output intent (GTS_PDFA1) whose DestOutputProfile is the ICC
 *   profile read at run time from PDFA_ICC_PATH (Debian icc-profiles-free;
 *   the environment variable REFORMGEN_SRGB_ICC names another file);
 * - the trailer /ID: the first 16 bytes of the SHA-256 of the pages' content
 *   streams (as written) and the XMP, twice: the same document gives the same
 *   ID, and no clock is read;
 * - PDF version 1.7, the version ISO 19005-2 is based on.
 * PDF/A-2 needs no CIDSet (6.2.11.4.2 only requires one to be right when it
 * is there) and allows transparency; pdf.c draws none (no ExtGState, no blend
 * mode; the watermark is opaque light-grey text under the rest), and image
 * soft masks are allowed in PDF/A-2. */
#ifndef REFORMGEN_PDFA_H
#define REFORMGEN_PDFA_H

#include <hpdf.h>
#include <stddef.h>
#include "archive.h"
#include "dlist.h"

#define PDFA_ICC_PATH "/usr/share/color/icc/sRGB.icc"

/* Makes pdf (pages, information and outline already made, not yet saved) a
 * PDF/A-2b with the archival description m. Returns 0, or -1 with a new
 * message in *err (the caller frees). */
int pdfa_apply(HPDF_Doc pdf, const archive_meta *m, char **err);

/* The XMP packet for a document whose Info dictionary holds the values
 * info[] (indexed by HPDF_InfoType, NULL when absent), with m and the pdfaid
 * part (0: no pdfaid schema, for OFD). Returns a new NUL-terminated string;
 * *len gets its length. */
char *pdfa_xmp(const char *const info[], const archive_meta *m, int part, size_t *len);

#endif
