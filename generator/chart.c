/* chart.c: charts (see lo_chart in layout_imp.h). */
#include "layout_imp.h"
#include "util.h"

void lo_chart(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure)
{
  (void)f; (void)st; (void)x; (void)measure;
  lo_warn(c, n, "charts are not drawn yet");
}
