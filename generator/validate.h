/* validate.h: the validate stage. Checks a loaded data document against the
 * input contract (input-format.md) and the checks a schema cannot express
 * (dates that exist, references that resolve, unique ids, weights adding up to
 * one, phases in order). Every problem is reported, up to the list's limit. */
#ifndef REFORMGEN_VALIDATE_H
#define REFORMGEN_VALIDATE_H

#include <libxml/tree.h>
#include "diag.h"

/* Returns the number of errors found (0: the document is valid). Warnings are
 * added to d too but not counted. */
int validate_doc(xmlDocPtr doc, diag_list *d);

#endif
