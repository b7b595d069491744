/* ofd.h: the OFD stage (GB/T 33190-2016). Writes a display list as an OFD
 * package, the second renderer of the same pages as pdf.h:
 *   OFD.xml                 DocInfo (DocID, title, author, subject, creation
 *                           date, keywords, creator; the archival description,
 *                           archive.h, as CustomData), DocType OFD or OFD-A
 *   Doc_0/Document.xml      page area, MaxUnitID, the pages, the outline
 *   Doc_0/PublicRes.xml     the fonts: for each font used, the TrueType subset
 *                           fontsubset.h makes, the same bytes as the PDF of
 *                           the same pages embeds, Doc_0/Res/font_N.ttf
 *   Doc_0/DocumentRes.xml   the images (the PNG files as given), Doc_0/Res/image_N.png
 *   Doc_0/Pages/Page_N/Content.xml
 *                           one layer per page: TextObjects (one per run,
 *                           TextCode with DeltaX from dl_glyphs, CGTransform
 *                           naming each character's glyph in the subset, so
 *                           that no reader depends on the subset's cmap),
 *                           PathObjects (lines, rectangles, polygons), ImageObjects; in the painting order of
 *                           dlist.h's layers
 * Units are mm, origin top-left, y down (as the display list, scaled). The
 * package is zipped in memory (ofd_zip.h) and written atomically
 * (output.h); nothing depends on the clock. */
#ifndef REFORMGEN_OFD_H
#define REFORMGEN_OFD_H

#include "archive.h"
#include "diag.h"
#include "dlist.h"
#include "fonts.h"

typedef struct ofd_writer ofd_writer;

/* A writer that keeps parsed font faces across documents; free with
 * ofd_writer_free. */
ofd_writer *ofd_writer_new(fontset *fs);
void ofd_writer_free(ofd_writer *w);
/* Writes l to path atomically, with the archival description m; ofda: the
 * OFD-A profile (DocType OFD-A). Returns 0, or -1 after adding an error to d. */
int ofd_write(ofd_writer *w, const dl_doc *l, const archive_meta *m, int ofda, const char *path, diag_list *d);
/* The size and SHA-256 (lowercase hex) of the last package written. */
long ofd_last_written(const ofd_writer *w, char hex[65]);

#endif
