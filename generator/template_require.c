/* template_require.c: the data a template requires (<require> in its root,
 * templates/README.md "Required data"): compiled with the template's other
 * expressions, checked against a county before the document is expanded, so
 * that a document whose essential data is absent is never rendered empty. */
#include "template_imp.h"
#include "i18n.h"
#include "xpathfn.h"

#include <stdlib.h>
#include <string.h>

struct treq {
  char *name;    /* what the data is called in messages (文号) */
  texpr select;  /* must give a non-blank string */
  texpr test;    /* when compiled: the requirement holds only where it is true */
  int has_test;
};

int tpl_require_compile(loader *L, const char *file, xmlNodePtr e)
{
  int line = (int)xmlGetLineNo(e), rc = 0;
  treq r;
  memset(&r, 0, sizeof r);
  for (xmlAttrPtr a = e->properties; a; a = a->next) {
    const char *an = (const char *)a->name;
    if (a->ns || (strcmp(an, "select") != 0 && strcmp(an, "name") != 0 && strcmp(an, "test") != 0)) {
      tpl_lerr(L, file, line, "unknown attribute %s on <require>; expected select, name and test", an);
      rc = -1;
    }
  }
  if (e->children && xmlFirstElementChild(e)) {
    tpl_lerr(L, file, line, "<require> holds elements; expected an empty element");
    rc = -1;
  }
  xmlChar *sel = xmlGetNoNsProp(e, (const xmlChar *)"select");
  xmlChar *name = xmlGetNoNsProp(e, (const xmlChar *)"name");
  xmlChar *test = xmlGetNoNsProp(e, (const xmlChar *)"test");
  if (!sel || !name || !name[0]) {
    tpl_lerr(L, file, line, "<require> needs select (an XPath expression) and name (what the data is called)");
    rc = -1;
  }
  if (rc == 0 && tpl_compile_expr(L, file, line, (const char *)sel, 0, &r.select) != 0) rc = -1;
  if (rc == 0 && test) {
    r.has_test = 1;
    if (tpl_compile_expr(L, file, line, (const char *)test, 0, &r.test) != 0) rc = -1;
  }
  if (rc == 0) {
    r.name = xstrdup((const char *)name);
    L->t->reqs = xrealloc(L->t->reqs, (size_t)(L->t->nreqs + 1) * sizeof *L->t->reqs);
    L->t->reqs[L->t->nreqs++] = r;
  } else {
    tpl_expr_free(&r.select);
    tpl_expr_free(&r.test);
  }
  xmlFree(sel);
  xmlFree(name);
  xmlFree(test);
  return rc;
}

void tpl_require_free(template *t)
{
  for (int i = 0; i < t->nreqs; i++) {
    free(t->reqs[i].name);
    tpl_expr_free(&t->reqs[i].select);
    tpl_expr_free(&t->reqs[i].test);
  }
  free(t->reqs);
}

/* Evaluates x with the data root as context. Returns a new object, or NULL
 * after adding an error to d. */
static xmlXPathObjectPtr eval(const template *t, xmlXPathContextPtr xp, xmlNodePtr root,
                              const texpr *x, const char *err, diag_list *d)
{
  xp->node = root;
  xp->contextSize = 1;
  xp->proximityPosition = 1;
  xp->opCount = 0;
  xp->opLimit = TPL_OP_LIMIT;
  xmlXPathObjectPtr r = xmlXPathCompiledEval(x->comp, xp);
  if (!r) {
    char place[32];
    snprintf(place, sizeof place, "%d", x->line);
    diag_add_file(d, DIAG_ERROR, t->files[0], place, _("XPath expression fails: '%s': %s"), x->src,
                  err[0] ? err : _("evaluation error"));
  }
  return r;
}

/* Whether s holds anything but white space. */
static int blank(const xmlChar *s)
{
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
  return 1;
}

int template_missing(const template *t, xmlDocPtr data, char **missing, diag_list *d)
{
  *missing = NULL;
  if (t->nreqs == 0) return 0;
  xmlNodePtr root = data ? xmlDocGetRootElement(data) : NULL;
  char err[512] = "";
  xmlXPathContextPtr xp = root ? tpl_xp_new(data, err) : NULL;
  if (!xp) {
    diag_add_file(d, DIAG_ERROR, t->files[0], NULL, _("cannot create an XPath context"));
    return -1;
  }
  strbuf b = {0};
  int rc = 0;
  for (int i = 0; i < t->nreqs && rc == 0; i++) {
    const treq *q = &t->reqs[i];
    if (q->has_test) {
      xmlXPathObjectPtr r = eval(t, xp, root, &q->test, err, d);
      if (!r) { rc = -1; break; }
      int applies = xmlXPathCastToBoolean(r);
      xmlXPathFreeObject(r);
      if (!applies) continue;
    }
    xmlXPathObjectPtr r = eval(t, xp, root, &q->select, err, d);
    if (!r) { rc = -1; break; }
    xmlChar *s = xmlXPathCastToString(r);
    xmlXPathFreeObject(r);
    if (blank(s)) {
      if (b.len) sb_add(&b, _(", "));
      sb_addf(&b, _("%s (%s)"), q->name, q->select.src);
    }
    xmlFree(s);
  }
  xpathfn_release(xp);
  xmlXPathFreeContext(xp);
  if (rc == 0 && b.len) {
    *missing = sb_detach(&b);
    return 1;
  }
  sb_free(&b);
  return rc;
}
