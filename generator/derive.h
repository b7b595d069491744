/* derive.h: the derive stage. Computes every figure the documents show
 * (domain.md "How the figures are computed") and the outcome of every rule,
 * and adds them to the data document for templates to read (the elements it
 * adds are documented in templates/README.md). Only called on a valid document. */
#ifndef REFORMGEN_DERIVE_H
#define REFORMGEN_DERIVE_H

#include <libxml/tree.h>
#include "diag.h"

/* Returns 0, or -1 after adding an error to d (a figure that overflows). */
int derive_doc(xmlDocPtr doc, diag_list *d);

#endif
