/* test_load_helpers.h: reading a loaded data document in the input-stage
 * tests (test_load, test_derive): loading text, and XPath values. */
#ifndef REFORMGEN_TEST_LOAD_HELPERS_H
#define REFORMGEN_TEST_LOAD_HELPERS_H

#include "load.h"
#include "util.h"

#include <string.h>
#include <libxml/xpath.h>

/* Loads text; the diagnostics go to *dout (caller frees) or are dropped. */
static inline xmlDocPtr load_text(const char *text, input_format fmt, diag_list **dout)
{
  diag_list *d = diag_new("t", 100);
  xmlDocPtr doc = load_buffer(text, strlen(text), "t", fmt, d);
  if (dout) *dout = d;
  else diag_free(d);
  return doc;
}

/* The string value of an XPath expression on doc (caller frees). */
static inline char *xpath_str(xmlDocPtr doc, const char *expr)
{
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
  xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
  char *r = xstrdup(s ? (const char *)s : "");
  xmlFree(s);
  xmlXPathFreeObject(o);
  xmlXPathFreeContext(ctx);
  return r;
}

/* The first node an XPath expression selects, or NULL. Borrowed. */
static inline xmlNode *xpath_node(xmlDocPtr doc, const char *expr)
{
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
  xmlNode *n = o && o->nodesetval && o->nodesetval->nodeNr ? o->nodesetval->nodeTab[0] : NULL;
  xmlXPathFreeObject(o);
  xmlXPathFreeContext(ctx);
  return n;
}

#endif
