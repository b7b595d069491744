/* fuzz_json.c: fuzz target for the JSON loader, validation and derive. */
#include <stdint.h>
#include <stddef.h>
#include "derive.h"
#include "diag.h"
#include "load.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  diag_list *d = diag_new("fuzz.json", 50);
  xmlDocPtr doc = load_buffer((const char *)data, size, "fuzz.json", INPUT_JSON, d);
  if (doc && validate_doc(doc, d) == 0 && diag_errors(d) == 0) derive_doc(doc, d);
  xmlFreeDoc(doc);
  diag_free(d);
  return 0;
}
