/* layout_table.c: tables (see lo_table in layout_imp.h). */
#include "layout_imp.h"
#include "util.h"

void lo_table(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure, double page_h)
{
  (void)f; (void)st; (void)x; (void)measure; (void)page_h;
  lo_warn(c, n, "tables are not laid out yet");
}
