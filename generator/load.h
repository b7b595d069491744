/* load.h: the load stage. Reads one county file, JSON or XML, into the one data
 * document both forms map to (input-format.md): root <county-report version="1">,
 * every scalar member a child element holding its text (XML attributes are
 * turned into child elements of the same name), arrays as a container element
 * holding one item element per entry (cadres -> cadre). Numbers are written in
 * their shortest exact decimal form, booleans as true/false, so the same data
 * in either form gives the same document, node for node.
 *
 * Hostile input is refused, never followed: no DTD, entities or network access
 * in XML; size, nesting depth and string length bounded; invalid UTF-8 and
 * control characters rejected with their byte offset.
 *
 * Fields the contract does not name are kept (after the known ones, in name
 * order); validate warns about them. The loader uses the document's and the
 * elements' _private fields to remember the origin and XML line numbers (for
 * load_place): other stages must leave them alone. */
#ifndef REFORMGEN_LOAD_H
#define REFORMGEN_LOAD_H

#include <stddef.h>
#include <libxml/tree.h>
#include "diag.h"

typedef enum input_format { INPUT_AUTO, INPUT_JSON, INPUT_XML } input_format;

/* Limits on what input may cost. */
#define LOAD_MAX_BYTES  (64u * 1024 * 1024)  /* a whole input file */
#define LOAD_MAX_STRING (64u * 1024)         /* one string value, in bytes */
#define LOAD_MAX_DEPTH  32                   /* nesting of objects / elements */

/* Loads `path` (JSON when it ends in .json or starts with '{', else XML).
 * Returns a new document the caller frees with xmlFreeDoc, or NULL after adding
 * errors to d. The document's URL is the path; its origin (JSON or XML) is
 * remembered for load_place. */
xmlDocPtr load_file(const char *path, diag_list *d);
/* Same from memory; `name` is used in diagnostics. */
xmlDocPtr load_buffer(const char *buf, size_t len, const char *name, input_format fmt,
                      diag_list *d);

/* The memory a county may take while it is rendered (--memory-limit): `fixed`
 * bytes when set, else LOAD_MEMORY_FLOOR plus `per_byte` times the size of its
 * file. */
typedef struct load_memory {
  size_t fixed;
  unsigned per_byte;
} load_memory;
#define LOAD_MEMORY_FLOOR    ((size_t)512 << 20)
#define LOAD_MEMORY_PER_BYTE 64
/* What one value of a county file (a number, a string, an object, an array)
 * becomes in memory: its data tree's nodes, with what derive adds (about 600
 * bytes a value on the 100,000-cadre county of tests/heavy). */
#define LOAD_BYTES_PER_VALUE 600

/* The limit of memory m for a county file of file_bytes bytes. */
size_t load_memory_limit(const load_memory *m, size_t file_bytes);

/* load_file for a county to be rendered within memory m: the file's values
 * are counted before it is parsed, and a file whose values would take more
 * than the county's limit (LOAD_BYTES_PER_VALUE each) is refused at once with
 * an error giving the count, the estimate and the limit. *limit gets the
 * county's limit in bytes. */
xmlDocPtr load_file_within(const char *path, const load_memory *m, size_t *limit, diag_list *d);

/* Makes the content of text node t (of a loaded document) its document
 * dictionary's copy: a county's values repeat (0, true, 汉族, 专职 ...) and
 * are then held once. libxml2 frees and changes such content as it does the
 * texts its own parser interns. The loader does it for every value; derive
 * makes its figures' texts so with load_new_text. */
void load_intern_text(xmlNode *t);
/* A new text node of doc (a loaded document) holding text, as
 * load_intern_text leaves it. */
xmlNode *load_new_text(xmlDoc *doc, const char *text);

/* Returns the diagnostic place of a node of a loaded document, newly allocated:
 * the JSON pointer ("/cadres/3/birth") for a document loaded from JSON, or
 * "LINE:/county-report/cadres/cadre[4]/birth" for one loaded from XML. */
char *load_place(const xmlNode *n);
/* Whether the loader has already reported an error about the value of n (a
 * JSON value of the wrong type, a number JSON does not allow, an element
 * where text belongs): the later stages report nothing more about it. */
int load_reported(const xmlNode *n);

#endif
