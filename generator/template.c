/* template.c: what loading and expansion share (template_imp.h): freeing a
 * compiled template, reporting at a template line, and the XPath context with
 * reformgen's functions. */
#include "template_imp.h"
#include "i18n.h"
#include "xpathfn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xpathInternals.h>

/* ---- freeing ------------------------------------------------------------ */

void tpl_expr_free(texpr *x)
{
  if (x->comp) xmlXPathFreeCompExpr(x->comp);
  free(x->src);
}

static void tstr_free(tstr *s)
{
  for (int i = 0; i < s->n; i++) {
    free(s->parts[i].lit);
    tpl_expr_free(&s->parts[i].expr);
  }
  free(s->parts);
}

void tpl_tattr_free(tattr *a)
{
  free(a->name);
  tstr_free(&a->val);
}

/* Recursion depth is the template nesting (bounded). */
void tpl_tnode_free(tnode *n)
{
  while (n) {
    tnode *next = n->next;
    free(n->name);
    for (int i = 0; i < n->nattrs; i++) tpl_tattr_free(&n->attrs[i]);
    free(n->attrs);
    tstr_free(&n->text);
    tpl_expr_free(&n->expr);
    tpl_expr_free(&n->sort);
    tpl_tnode_free(n->child);
    free(n);
    n = next;
  }
}

void template_free(template *t)
{
  if (!t) return;
  tpl_tnode_free(t->root);
  tpl_require_free(t);
  for (int i = 0; i < t->nfiles; i++) free(t->files[i]);
  free(t->files);
  free(t->kind);
  xmlDictFree(t->dict);
  free(t);
}

const char *template_kind(const template *t) { return t->kind; }

/* Adds "FILE:LINE: error: ..." (no line when line <= 0) to d. */
void tpl_verr(diag_list *d, const char *file, int line, const char *fmt, va_list ap)
{
  strbuf b = {0};
  sb_vaddf(&b, _(fmt), ap);
  char place[32];
  snprintf(place, sizeof place, "%d", line);
  diag_add_file(d, DIAG_ERROR, file, line > 0 ? place : NULL, "%s", sb_str(&b));
  sb_free(&b);
}

/* libxml2's XPath error texts, by xmlXPathError code (it leaves message NULL
 * when an error callback is set). */
static const char *const XPATH_MSG[] = {
  "ok", "number encoding", "unfinished literal", "start of literal",
  "expected $ for variable reference", "undefined variable", "invalid predicate",
  "invalid expression", "missing closing curly brace", "unregistered function",
  "invalid operand", "invalid type", "invalid number of arguments",
  "invalid context size", "invalid context position", "memory allocation error",
  "syntax error", "resource error", "sub resource error", "undefined namespace prefix",
  "encoding error", "character out of XML range", "invalid or incomplete context",
  "stack usage error", "forbidden variable", "operation limit exceeded",
  "recursion limit exceeded"
};

/* Keeps the text of the last XPath error (libxml2 would print it). */
static void xp_error(void *data, xmlErrorPtr e)
{
  char *buf = data;
  if (!e) return;
  int k = e->code - XML_XPATH_EXPRESSION_OK;
  if (e->message) snprintf(buf, 512, "%s", e->message);
  else if (k >= 0 && k < (int)(sizeof XPATH_MSG / sizeof XPATH_MSG[0]))
    snprintf(buf, 512, "%s", XPATH_MSG[k]);
  else snprintf(buf, 512, _("XPath error %d"), e->code);
  size_t n = strlen(buf);
  while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = '\0';
}

/* A new XPath context over doc with the rg functions, an operation limit and
 * errors going to errbuf (512 bytes). Returns NULL if libxml2 refuses. */
xmlXPathContextPtr tpl_xp_new(xmlDocPtr doc, char *errbuf)
{
  xmlXPathContextPtr xp = xmlXPathNewContext(doc);
  if (!xp) return NULL;
  if (xpathfn_register(xp) != 0) {
    xmlXPathFreeContext(xp);
    return NULL;
  }
  xmlXPathContextSetCache(xp, 1, -1, 0);
  xp->opLimit = TPL_OP_LIMIT;
  xp->error = xp_error;
  xp->userData = errbuf;
  xp->node = xmlDocGetRootElement(doc);
  return xp;
}

const char *tpl_xtype_name(xmlXPathObjectType t)
{
  switch (t) {
  case XPATH_NODESET: return "node-set";
  case XPATH_BOOLEAN: return "boolean";
  case XPATH_NUMBER: return "number";
  case XPATH_STRING: return "string";
  default: return "value";
  }
}

int tpl_value_ignorable(dt_value k)
{
  return k == DTV_LENGTH || k == DTV_WIDTH || k == DTV_COL_WIDTH || k == DTV_SIZE;
}

int tpl_image_unreadable(const template *t, const char *src)
{
  if (access(src, R_OK) == 0) return 0;
  int err = errno;
  const char *slash = strrchr(t->files[0], '/');
  if (src[0] == '/' || !slash) return err;
  char *p = xasprintf("%.*s/%s", (int)(slash - t->files[0]), t->files[0], src);
  int rc = access(p, R_OK) == 0 ? 0 : err;
  free(p);
  return rc;
}
