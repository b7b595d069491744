/* template.h: the template stage. A template is an XML file in the document-tree
 * vocabulary (doctree.h) plus control elements (loop, condition, choice,
 * variable, include) and {XPath} placeholders, evaluated by libxml2 against the
 * data document with reformgen's extension functions. Every expression is
 * compiled and checked when the template is loaded, so a typo fails before the
 * first county is rendered. templates/README.md is the reference. */
#ifndef REFORMGEN_TEMPLATE_H
#define REFORMGEN_TEMPLATE_H

#include <stddef.h>
#include <libxml/tree.h>
#include "diag.h"

typedef struct template template;

typedef struct template_opts {
  int strict;   /* a placeholder whose path finds no data (no element, or an empty
                   one) is an error, not ""; so is content the document tree
                   does not allow (otherwise a warning) */
  long max_nodes; /* elements and texts an expansion may make; 0: 2,000,000 */
  long pack_from; /* template_expand_packed packs when the data has this many nodes (elements,
                     texts, attributes); 0: TEMPLATE_PACK_FROM */
} template_opts;

/* Loads and compiles the template at path (includes resolved relative to it).
 * Returns a new template the caller frees with template_free, or NULL after
 * adding "TEMPLATE:LINE: error: ..." diagnostics to d. A template that loads
 * may still have added warnings (content the document tree does not hold). */
template *template_load(const char *path, const template_opts *opts, diag_list *d);

/* The same for a template held in memory (len bytes of buf), named name in
 * diagnostics; includes are resolved relative to name. For fuzzing and tests. */
template *template_load_buffer(const char *buf, size_t len, const char *name,
                               const template_opts *opts, diag_list *d);

/* Expands t against a data document. Returns a new document tree the caller
 * frees with xmlFreeDoc, or NULL after adding errors to d. The template can be
 * expanded any number of times (once per county). The data document is read
 * only, except that its elements get libxml2's document-order stamps
 * (xmlXPathOrderDocElems), which make XPath node-set sorting linear. */
xmlDocPtr template_expand(const template *t, xmlDocPtr data, diag_list *d);
/* template_expand for a caller that lets (part of) the data go once the
 * tree is made: when the data is large (opts.pack_from nodes), the tree
 * template_expand_packed returns keeps the rows of long tables serialized
 * while the data and the tree are both in memory (doctree.h), and is for
 * template_unpack only until that has restored them. Packing and restoring
 * cost time (about a fifth of a long table's rendering): it is for counties
 * whose data would not otherwise leave room for their largest document.
 * template_unpack returns 0, or -1 after adding an error to d (the tree is
 * then only to be freed). */
#define TEMPLATE_PACK_FROM 1000000L
xmlDocPtr template_expand_packed(const template *t, xmlDocPtr data, diag_list *d);
int template_unpack(const template *t, xmlDocPtr tree, diag_list *d);

/* The document kind the template declares (e.g. "report"; "rollup" for a
 * batch roll-up), "document" when it declares none; borrowed. */
const char *template_kind(const template *t);

/* Checks the data t requires (<require> in its root, templates/README.md):
 * returns 0 when data has all of it; 1 with *missing set to a new string
 * naming what is absent ("文号 (plan/doc_number), ..."), which the caller
 * frees; -1 after adding an error to d (an expression failed). */
int template_missing(const template *t, xmlDocPtr data, char **missing, diag_list *d);

/* Frees t and its compiled expressions; NULL is allowed. */
void template_free(template *t);

#endif
