/* consistency.h: the input's figures checked against each other, and the
 * numbers the narrative states about known indicators checked against the
 * data. Run by derive after the roster's figures are computed. Every
 * disagreement is one diagnostic naming both places and both values, a
 * warning by default and an error with --strict-consistency; the text is
 * never changed. The indicator ids it knows are the standard ids of
 * templates/DATA.md. */
#ifndef REFORMGEN_CONSISTENCY_H
#define REFORMGEN_CONSISTENCY_H

#include <libxml/tree.h>
#include "diag.h"

/* Makes every later disagreement an error (1) or a warning (0, the default):
 * main's --strict-consistency. */
void consistency_set_strict(int strict);

/* Checks the county under root, whose derived/ element derive has filled
 * (totals, levels); returns the number of disagreements reported to d. */
int consistency_check(xmlNode *root, diag_list *d);

#endif
