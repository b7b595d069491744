/* layout_block.h: the blocks of the document tree as pieces of flow:
 * titles, headings, paragraphs, lists, signatures (with a seal), tables and
 * charts (through their own files), images, rules, spacers, page breaks,
 * kept groups, boxes and the 版记 (colophon). Private to layout. */
#ifndef REFORMGEN_LAYOUT_BLOCK_H
#define REFORMGEN_LAYOUT_BLOCK_H

#include "layout_style.h"

/* Appends to f the pieces of the blocks first, first->next, ... (up to the
 * end or the next <section> of the document) set at left edge x in a text
 * block measure wide and page_h high. depth counts the boxes and keeps
 * around them (too deep is an error). */
void lo_blocks(lctx *c, flow *f, xmlNode *first, double x, double measure, double page_h, int depth);

#endif
