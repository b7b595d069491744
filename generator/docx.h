/* docx.h: the document tree (doctree.h) as a WordprocessingML package.
 *
 * A flow format: every paragraph is written as a paragraph with a named
 * style (docx_styles.h) and Word or WPS lays it out again; nothing is taken
 * from reformgen's own pages. Written with libxml2's xmlTextWriter, zipped by
 * ooxml.h (fixed timestamps: the same tree gives the same bytes).
 *
 * Mapping: <title> → 标题 (发文机关标志 when red); <heading level=N> →
 * 一级标题…四级标题 with its number; <p> → 正文 (附件说明 when it starts
 * "附件："); <signature> lines → 署名, 成文日期; <colophon> → 版记 in a frame
 * at the bottom of the last page; a `style="…"` attribute names the style
 * itself. Style attributes a block sets beyond its style are direct
 * formatting. <table> → w:tbl with w:gridSpan / w:vMerge spans and repeated
 * header rows; <chart> → a DrawingML chart (vector); <image> → a picture;
 * <spacer> → an empty paragraph of that exact height; <rule> → a paragraph
 * border; <page-break> → the next block starts a page. The page (paper,
 * margins, 22 × 28 grid as w:docGrid, page-number footers as PAGE fields,
 * odd/even footers for the outer position) comes from <document>. */
#ifndef REFORMGEN_DOCX_H
#define REFORMGEN_DOCX_H

#include <libxml/tree.h>
#include "diag.h"

/* Writes tree to path (atomically) and gives the file's size and SHA-256.
 * Returns 0, or -1 after adding errors to d. */
int docx_write(const xmlDoc *tree, const char *path, long *bytes, char sha256[65], diag_list *d);

#endif
