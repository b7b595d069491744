/* layout_table.h: tables as pieces of flow (layout_table.c). Private to
 * layout. */
#ifndef REFORMGEN_LAYOUT_TABLE_H
#define REFORMGEN_LAYOUT_TABLE_H

#include "layout_style.h"

/* Appends the pieces of table n: its header rows as one piece (repeated on
 * every page the table continues on), then its rows. */
void lo_table(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure, double page_h);

#endif
