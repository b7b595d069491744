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
  /* NUL-terminated like every buffer load_file hands over (read_file): a
   * loader that reads past len on a bare buffer is a separate fault, kept in
   * tests/robust/pending/load-json-escape-at-end.bin */
  char *buf = xstrndup((const char *)data, size);
  diag_list *d = diag_new("fuzz.xml", 50);
  xmlDocPtr doc = load_buffer(buf, size, "fuzz.xml", INPUT_XML, d);
  if (doc && validate_doc(doc, d) == 0 && diag_errors(d) == 0) derive_doc(doc, d);
  xmlFreeDoc(doc);
  diag_free(d);
  free(buf);
  return 0;
}
