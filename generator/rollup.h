/* rollup.h: the figures of a batch roll-up (汇总报告): every county's rank by
 * weighted score, the grade distribution, and the county averages (县均) of
 * each indicator before and after, computed exactly (decimal.h). They are
 * added to the roll-up data document under /rollup/derived (templates/DATA.md). */
#ifndef REFORMGEN_ROLLUP_H
#define REFORMGEN_ROLLUP_H

#include <libxml/tree.h>

/* Adds the batch figures to a roll-up document (root <rollup> holding one
 * <county-report> summary per county). Returns 0, or -1 if a figure overflows. */
int rollup_derive(xmlDocPtr doc);

#endif
