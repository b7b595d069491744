/* load_bare.c: hands load_buffer a file's bytes in a buffer of exactly that
 * size (no NUL after it), to show json_prescan reading past the end.
 *   cc -std=c11 -D_DEFAULT_SOURCE -g -fsanitize=address,undefined -Igenerator \
 *      $(pkg-config --cflags libxml-2.0 libcjson) -o /tmp/load_bare \
 *      tests/robust/pending/load_bare.c $(ls build-asan/*.o | grep -v main.o) \
 *      $(pkg-config --libs libxml-2.0 libcjson harfbuzz-subset harfbuzz) -lhpdf -lm
 *   /tmp/load_bare tests/robust/pending/load-json-escape-at-end.bin */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "load.h"
#include "util.h"

int main(int argc, char **argv)
{
  size_t len = 0;
  char *text = argc > 1 ? read_file(argv[1], 1 << 20, &len) : NULL;
  if (!text) return 2;
  char *bare = malloc(len ? len : 1);
  memcpy(bare, text, len);
  diag_list *d = diag_new(argv[1], 10);
  xmlDocPtr doc = load_buffer(bare, len, argv[1], INPUT_JSON, d);
  diag_print(d, stdout);
  xmlFreeDoc(doc);
  diag_free(d);
  free(bare);
  free(text);
  return 0;
}
