/* validate.c: the input contract and the semantic checks (validate.h). */
#include "validate.h"

int validate_doc(xmlDocPtr doc, diag_list *d)
{
  (void)doc; (void)d;
  return 0;
}
