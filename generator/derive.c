/* derive.c: computed figures and rule outcomes (derive.h). */
#include "derive.h"

int derive_doc(xmlDocPtr doc, diag_list *d)
{
  (void)doc; (void)d;
  return 0;
}
