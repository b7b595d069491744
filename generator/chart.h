/* chart.h: charts as vector drawings (chart.c). Private to layout. */
#ifndef REFORMGEN_CHART_H
#define REFORMGEN_CHART_H

#include "layout_style.h"

/* Appends one piece holding chart n (bar, stacked-bar, pie or timeline),
 * measure wide at left edge x. */
void lo_chart(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure);

#endif
