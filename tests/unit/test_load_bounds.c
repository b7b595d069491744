/* test_load_bounds.c: load_buffer keeps to the (buffer, length) it is given:
 * a JSON text ending in an escape, in a buffer with nothing after it (no NUL),
 * is reported without reading past its end (ASan checks the reading). */
/* checks: 4 */
#include "diag.h"
#include "load.h"
#include "test.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int main(void)
{
  size_t len = 0;
  char *text = read_file("tests/input/json-escape-at-end.bin", 1 << 16, &len);
  CHECK("fixture read", text != NULL && len > 6);
  if (!text) return test_status();
  char *exact = xmalloc(len);          /* exactly len bytes: no NUL after */
  memcpy(exact, text, len);
  diag_list *d = diag_new("escape.json", 10);
  xmlDocPtr doc = load_buffer(exact, len, "escape.json", INPUT_JSON, d);
  CHECK("refused", doc == NULL && diag_errors(d) > 0);
  int said = 0;
  for (int i = 0; i < diag_count(d); i++)
    if (strstr(diag_get(d, i)->msg, "control character") || strstr(diag_get(d, i)->msg, "escape")) said = 1;
  CHECK("says what is wrong with the escape", said);
  /* the same bytes cut right after "\u" and two digits */
  const char *cut = "{\"county\": \"\\u00";
  diag_list *d2 = diag_new("cut.json", 10);
  char *c2 = xmalloc(strlen(cut));
  memcpy(c2, cut, strlen(cut));
  xmlDocPtr doc2 = load_buffer(c2, strlen(cut), "cut.json", INPUT_JSON, d2);
  CHECK("a cut escape is refused", doc2 == NULL && diag_errors(d2) > 0);
  xmlFreeDoc(doc);
  xmlFreeDoc(doc2);
  diag_free(d);
  diag_free(d2);
  free(c2);
  free(exact);
  free(text);
  return test_status();
}
