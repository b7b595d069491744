/* fuzz_xml.c: fuzz target for the XML loader, validation and derive. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "derive.h"
#include "diag.h"
#include "load.h"
#include "util.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  /* an exact-size copy, no NUL after it: the loader keeps within len (a \u
   * escape at the very end once read past it: corpus/json/crash-escape-at-end) */
  char *buf = xmalloc(size ? size : 1);
  if (size) memcpy(buf, data, size);
  diag_list *d = diag_new("fuzz.xml", 50);
  xmlDocPtr doc = load_buffer(buf, size, "fuzz.xml", INPUT_XML, d);
  if (doc && validate_doc(doc, d) == 0 && diag_errors(d) == 0) derive_doc(doc, d);
  xmlFreeDoc(doc);
  diag_free(d);
  free(buf);
  return 0;
}
