/* derive.h: the derive stage. Computes every figure the documents show
 * (domain.md "How the figures are computed") and the outcome of every rule,
 * and adds them to the data document for templates to read (the elements it
 * adds are documented in templates/DATA.md). Only called on a valid document. */
#ifndef REFORMGEN_DERIVE_H
#define REFORMGEN_DERIVE_H

#include <libxml/tree.h>
#include "diag.h"

/* Returns 0, or -1 after adding an error to d (an empty document). A figure
 * that cannot be computed (a rate over 0, a decimal overflow) is left out.
 * Calling it again replaces the previous <derived> element, but the elements
 * added to items (age, stats ...) would repeat: call it once per document. */
int derive_doc(xmlDocPtr doc, diag_list *d);

#endif
