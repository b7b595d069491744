/* wording.h: the parts of the documents' sentences that derive puts
 * together from the input, so that templates never stitch fragments into a
 * broken sentence: the county's own words for its kind and its units (县/市/
 * 旗/区, 苏木镇 or 乡镇（街道）), the plan's office sentence (from the
 * structured fields, or from an old free-text `office`), the plan's 成文日期
 * checked against its 文号 and phases, list items joined without doubled
 * punctuation, default descriptions of the selection steps, and a warning
 * for every half-width '~' in the county's text (kept, never changed).
 * The elements added are listed in templates/DATA.md. */
#ifndef REFORMGEN_WORDING_H
#define REFORMGEN_WORDING_H

#include <libxml/tree.h>
#include "diag.h"

/* Adds derived/words and derived/plan_text under `derived` and the joined or
 * default texts on plan items; warnings and notes go to d. */
void wording_derive(xmlNode *root, xmlNode *derived, diag_list *d);

/* Joins the texts of the item elements under `list` with sep (a full-width
 * mark such as "；"), dropping each item's own trailing 。；，、 and spaces, and
 * ends the whole with `end` ("。"); a new string, "" for no items. */
char *wording_join(const xmlNode *list, const char *sep, const char *end);

#endif
