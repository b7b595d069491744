/* template_expand.c: expanding a compiled template (template_imp.h) against a
 * data document into a document tree (doctree.h). Recursion follows the
 * template's nesting, which is bounded (TPL_MAX_NESTING), never the data's.
 * Every expression is evaluated by libxml2's XPath with reformgen's functions
 * (xpathfn.h). */
#include "template_imp.h"
#include "i18n.h"
#include "decimal.h"
#include "xpathfn.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

/* ---- expansion ---------------------------------------------------------- */

typedef struct expander {
  const template *t;
  diag_list *d;
  xmlXPathContextPtr xp;
  xmlDocPtr out;
  xmlNodePtr cur;            /* context node */
  int pos, size;             /* context position and size */
  int counters[5];           /* heading numbers, levels 1..4 */
  char *vars[TPL_MAX_VARS];  /* variables registered (borrowed names) */
  int nvars;
  long nodes;
  size_t bytes;
  /* the bounds of this document, grown with the data (template_imp.h) */
  long data_nodes;
  long max_nodes;
  size_t max_bytes;
  unsigned long budget, spent;   /* operations */
  int failed;                /* an error was reported and expansion went on */
  strbuf value;              /* the text or attribute value being expanded */
  xmlNodePtr pack_body;      /* the table body whose last rows are being counted */
  int pack_rows;             /* its rows made since the last packed ones */
  int pack;                  /* long table bodies' rows are packed (doctree_pack) */
  char xperr[512];
} expander;

static void eerr(expander *E, const tnode *n, int line, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));

/* Reports an expansion error at the line of n (line 0) or at line. */
static void eerr(expander *E, const tnode *n, int line, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  tpl_verr(E->d, n->file, line > 0 ? line : n->line, fmt, ap);
  va_end(ap);
}

/* A bound of the document reached: the error names the bound (what), the
 * document and the county (the data's file), at the line of n or at line. */
static void elimit(expander *E, const tnode *n, int line, const char *what)
{
  char place[32];
  snprintf(place, sizeof place, "%d", line > 0 ? line : n->line);
  diag_add_file(E->d, DIAG_ERROR, n->file, place, "%s; the %s document of %s is not made", what,
                E->t->kind ? E->t->kind : "document", diag_file(E->d));
}

/* Reports the operation budget spent, at the line of n or at line. */
static void budget_spent(expander *E, const tnode *n, int line)
{
  char what[256];
  snprintf(what, sizeof what,
           _("the operation budget of %lu is spent (%lu per data node, %ld nodes, at least %lu)"),
           E->budget, TPL_OPS_PER_DATA_NODE, E->data_nodes, TPL_OPS_FLOOR);
  elimit(E, n, line, what);
}

/* Counts ops operations against the budget. Returns 0, or -1 after
 * reporting. */
static int spend(expander *E, const tnode *n, int line, unsigned long ops)
{
  E->spent += ops;
  if (E->spent < E->budget) return 0;
  budget_spent(E, n, line);
  return -1;
}

/* Evaluates x in the current context, within what is left of the budget.
 * Returns a new object the caller frees with xmlXPathFreeObject, or NULL
 * after reporting. */
static xmlXPathObjectPtr eval(expander *E, const tnode *n, const texpr *x, int line)
{
  if (line <= 0) line = x->line;
  E->xp->node = E->cur;
  E->xp->contextSize = E->size;
  E->xp->proximityPosition = E->pos;
  E->xp->opCount = 0;
  E->xp->opLimit = E->budget - E->spent;   /* at least 1: spend() keeps spent < budget */
  E->xperr[0] = '\0';
  xmlXPathObjectPtr r = xmlXPathCompiledEval(x->comp, E->xp);
  E->spent += E->xp->opCount;
  if (E->spent >= E->budget) {
    /* libxml2 stops at the limit with opCount = opLimit */
    xmlXPathFreeObject(r);
    budget_spent(E, n, line);
    return NULL;
  }
  if (!r) {
    eerr(E, n, line, "XPath expression fails: '%s': %s", x->src,
         E->xperr[0] ? E->xperr : "evaluation error");
    return NULL;
  }
  /* one operation can double a string (concat($v, $v)): bound every value,
   * so that a chain of such variables stops long before memory does */
  if (r->type == XPATH_STRING && r->stringval && strlen((const char *)r->stringval) > TPL_MAX_VALUE_BYTES) {
    char what[256];
    snprintf(what, sizeof what, _("the value of '%.120s' is longer than %d bytes"), x->src, TPL_MAX_VALUE_BYTES);
    elimit(E, n, line, what);
    xmlXPathFreeObject(r);
    return NULL;
  }
  /* the work libxml2 does not count: the nodes and bytes of the result */
  unsigned long made = 0;
  if (r->type == XPATH_NODESET && r->nodesetval) made = (unsigned long)r->nodesetval->nodeNr;
  if (r->type == XPATH_STRING && r->stringval) made = strlen((const char *)r->stringval);
  if (spend(E, n, line, made) != 0) {
    xmlXPathFreeObject(r);
    return NULL;
  }
  return r;
}

/* Counts output against the limits. Returns 0, or -1 after reporting. */
static int account(expander *E, const tnode *n, size_t bytes)
{
  E->nodes++;
  E->bytes += bytes;
  if (E->nodes > E->max_nodes || E->bytes > E->max_bytes) {
    char what[128];
    snprintf(what, sizeof what, _("the document grows beyond %ld nodes or %zu bytes"), E->max_nodes,
             E->max_bytes);
    elimit(E, n, 0, what);
    return -1;
  }
  return 0;
}

/* Appends the string value of x in the current context to b. *is_path:
 * whether x gave a node-set. Returns 0, or -1 after reporting. */
static int eval_string(expander *E, const tnode *n, const texpr *x, int line, strbuf *b, int *is_path)
{
  xmlXPathObjectPtr r = eval(E, n, x, line);
  if (!r) return -1;
  xmlChar *v = xmlXPathCastToString(r);
  *is_path = r->type == XPATH_NODESET;
  int made = r->type != XPATH_STRING;   /* a string was counted by eval */
  xmlXPathFreeObject(r);
  size_t len = v ? strlen((const char *)v) : 0;
  if (len) sb_addn(b, (const char *)v, len);
  xmlFree(v);
  return made ? spend(E, n, line, len) : 0;
}

/* Expands a text or attribute value into b. Returns 0 or -1. */
static int expand_str(expander *E, const tnode *n, const tstr *s, strbuf *b)
{
  for (int i = 0; i < s->n; i++) {
    const tpart *p = &s->parts[i];
    if (p->lit) {
      sb_add(b, p->lit);
      continue;
    }
    size_t before = b->len;
    int is_path = 0;
    if (eval_string(E, n, &p->expr, p->line, b, &is_path) != 0) return -1;
    /* strict: a path that finds no data; a function that gives "" on purpose
     * (rg:if, rg:percent of zero) is not "nothing" */
    if (b->len == before && is_path && E->t->strict) {
      eerr(E, n, p->line, "placeholder {%s} yields nothing", p->expr.src);
      E->failed = 1;   /* reported; expansion goes on to find the others */
    }
  }
  return 0;
}

static int expand_list(expander *E, const tnode *first, xmlNodePtr parent);

/* Writes the automatic number of a heading into node. */
static void number_heading(expander *E, const tnode *n, xmlNodePtr node)
{
  int L = n->level;
  for (int k = L + 1; k <= 4; k++) E->counters[k] = 0;
  if (n->numbering == NUM_NONE) return;
  if (n->numbering == NUM_RESTART) E->counters[L] = 0;
  strbuf b = {0};
  xpathfn_enum(L, ++E->counters[L], &b);
  xmlNewNsPropEatName(node, NULL, E->t->number_name, (const xmlChar *)sb_str(&b));
  sb_free(&b);
}

/* Checks the expanded value v of attribute a of n against what a takes
 * (tattr.rule, tattr.image). Returns 0, or -1 when the attribute is to be
 * left out: a length or a size that layout would ignore (a warning, an error
 * under strict), an image that cannot be read (an error). */
static int check_attr(expander *E, const tnode *n, const tattr *a, const char *v)
{
  if (a->rule.kind != DTV_ANY && !doctree_value_ok(a->rule, v)) {
    char *what = doctree_value_what(a->rule);
    if (E->t->strict) {
      eerr(E, n, a->line, "%s=\"%s\" on <%s> is not %s", a->name, v, n->name, what);
      E->failed = 1;
    } else {
      char place[32];
      snprintf(place, sizeof place, "%d", a->line);
      diag_add_file(E->d, DIAG_WARNING, n->file, place, "%s=\"%s\" on <%s> is not %s; ignored", a->name,
                    v, n->name, what);
    }
    free(what);
    return -1;
  }
  int err = a->image ? tpl_image_unreadable(E->t, v) : 0;
  if (err) {
    eerr(E, n, a->line, "cannot read image %s: %s", v, strerror(err));
    E->failed = 1;
    return -1;
  }
  return 0;
}

static int expand_elem(expander *E, const tnode *n, xmlNodePtr parent)
{
  xmlNodePtr node = xmlNewDocNodeEatName(E->out, NULL, n->dname, NULL);
  if (parent) xmlAddChild(parent, node);
  else xmlDocSetRootElement(E->out, node);
  if (account(E, n, 0) != 0) return -1;
  strbuf *b = &E->value;
  for (int i = 0; i < n->nattrs; i++) {
    const tattr *a = &n->attrs[i];
    sb_reset(b);
    if (expand_str(E, n, &a->val, b) != 0 || account(E, n, b->len) != 0) return -1;
    if (b->len && check_attr(E, n, a, b->s) == 0)
      xmlNewNsPropEatName(node, NULL, a->dname, (const xmlChar *)b->s);
  }
  if (n->level) number_heading(E, n, node);
  if (expand_list(E, n->child, node) != 0) return -1;
  if (E->pack && parent && xmlStrEqual(node->name, (const xmlChar *)"tr") &&
      xmlStrEqual(parent->name, (const xmlChar *)"tbody")) {
    if (E->pack_body != parent) {
      E->pack_body = parent;
      E->pack_rows = 0;
    }
    if (++E->pack_rows == DOCTREE_PACK_ROWS) {
      doctree_pack(parent, E->pack_rows);   /* rows it cannot pack stay as they are */
      E->pack_rows = 0;
    }
  }
  return 0;
}

/* Parses s, without its leading and trailing white space, as a decimal.
 * Returns 0, or -1 if it is not one. */
static int parse_trimmed(const char *s, dec *out)
{
  s += strspn(s, " \t\r\n");
  size_t n = strlen(s);
  while (n && strchr(" \t\r\n", s[n - 1])) n--;
  char *t = xstrndup(s, n);
  int rc = dec_parse(t, out);
  free(t);
  return rc;
}

typedef struct sortkey {
  xmlNodePtr node;
  char *text;
  dec num;
  int has_num;
  int index;
  int descending, numeric;   /* the loop's order, the same in every key */
} sortkey;

/* Orders by the key (numbers before non-numbers when numeric), then by data
 * order, so that equal keys keep their order in either direction. */
static int cmp_sortkey(const void *pa, const void *pb)
{
  const sortkey *a = pa, *b = pb;
  int c;
  if (a->numeric && a->has_num != b->has_num) return a->has_num ? -1 : 1;
  if (a->numeric) c = a->has_num ? dec_cmp(a->num, b->num) : 0;
  else c = strcmp(a->text, b->text);
  if (a->descending) c = -c;
  return c ? c : a->index - b->index;
}

static int expand_foreach(expander *E, const tnode *n, xmlNodePtr parent)
{
  xmlXPathObjectPtr r = NULL;
  xmlNodePtr *items;
  int rc = 0, count = 0;
  sortkey *keys = NULL;
  r = eval(E, n, &n->expr, 0);
  if (!r) return -1;
  if (r->type != XPATH_NODESET) {
    eerr(E, n, n->expr.line, "for-each select must give a node-set, not a %s: '%s'", tpl_xtype_name(r->type),
         n->expr.src);
    rc = -1;
    goto done;
  }
  items = r->nodesetval ? r->nodesetval->nodeTab : NULL;
  count = r->nodesetval ? r->nodesetval->nodeNr : 0;
  keys = xcalloc((size_t)count + 1, sizeof *keys);
  for (int i = 0; i < count; i++) {
    keys[i].node = items[i];
    keys[i].index = i;
    keys[i].descending = n->descending;
    keys[i].numeric = n->numeric;
  }
  xmlNodePtr save = E->cur;
  int save_pos = E->pos, save_size = E->size;
  for (int i = 0; n->sort.comp && i < count; i++) {
    E->cur = keys[i].node;
    E->pos = i + 1;
    E->size = count;
    strbuf key = {0};
    int is_path;
    if (eval_string(E, n, &n->sort, 0, &key, &is_path) != 0) {
      sb_free(&key);
      rc = -1;
      break;
    }
    keys[i].text = sb_detach(&key);
    keys[i].has_num = n->numeric && parse_trimmed(keys[i].text, &keys[i].num) == 0;
  }
  if (rc == 0 && n->sort.comp) {
    qsort(keys, (size_t)count, sizeof *keys, cmp_sortkey);
  }
  for (int i = 0; rc == 0 && i < count; i++) {
    E->cur = keys[i].node;
    E->pos = i + 1;
    E->size = count;
    rc = expand_list(E, n->child, parent);
  }
  E->cur = save;
  E->pos = save_pos;
  E->size = save_size;
done:
  for (int i = 0; keys && i < count; i++) free(keys[i].text);
  free(keys);
  xmlXPathFreeObject(r);
  return rc;
}

/* Evaluates a test as a boolean: 1, 0, or -1 after reporting. */
static int test_true(expander *E, const tnode *n)
{
  xmlXPathObjectPtr r = eval(E, n, &n->expr, 0);
  if (!r) return -1;
  int v = xmlXPathCastToBoolean(r);
  xmlXPathFreeObject(r);
  return v ? 1 : 0;
}

static int expand_one(expander *E, const tnode *n, xmlNodePtr parent)
{
  if (spend(E, n, 0, 1) != 0) return -1;
  switch (n->kind) {
  case TK_ELEM:
    return expand_elem(E, n, parent);
  case TK_TEXT: {
    strbuf *b = &E->value;
    sb_reset(b);
    int rc = expand_str(E, n, &n->text, b);
    if (rc == 0 && b->len && (rc = account(E, n, b->len)) == 0)   /* at most TPL_MAX_OUT_BYTES */
      xmlAddChild(parent, xmlNewDocTextLen(E->out, (const xmlChar *)b->s, (int)b->len));
    return rc;
  }
  case TK_FOREACH:
    return expand_foreach(E, n, parent);
  case TK_IF: {
    int v = test_true(E, n);
    return v < 0 ? -1 : v ? expand_list(E, n->child, parent) : 0;
  }
  case TK_CHOOSE:
    for (const tnode *k = n->child; k; k = k->next) {
      int v = k->kind == TK_OTHERWISE ? 1 : test_true(E, k);
      if (v < 0) return -1;
      if (v) return expand_list(E, k->child, parent);
    }
    return 0;
  case TK_VAR: {
    xmlXPathObjectPtr r = eval(E, n, &n->expr, 0);
    if (!r) return -1;
    if (xmlXPathRegisterVariable(E->xp, (const xmlChar *)n->name, r) != 0) {
      xmlXPathFreeObject(r);
      eerr(E, n, 0, "cannot set variable $%s", n->name);
      return -1;
    }
    if (E->nvars < TPL_MAX_VARS) E->vars[E->nvars++] = n->name;
    return 0;
  }
  case TK_GROUP:
    return expand_list(E, n->child, parent);
  case TK_WHEN:
  case TK_OTHERWISE:
    break;
  }
  return 0;
}

/* Expands siblings into parent; variables they declare end with them. */
static int expand_list(expander *E, const tnode *first, xmlNodePtr parent)
{
  int vars_before = E->nvars, rc = 0;
  for (const tnode *n = first; n && rc == 0; n = n->next) rc = expand_one(E, n, parent);
  while (E->nvars > vars_before)
    xmlXPathRegisterVariable(E->xp, (const xmlChar *)E->vars[--E->nvars], NULL);
  return rc;
}

/* The elements, texts and attributes of doc, counted without recursion (the
 * data's depth is not bounded here). */
static long count_nodes(xmlDocPtr doc)
{
  long count = 0;
  xmlNodePtr root = xmlDocGetRootElement(doc), n = root;
  while (n) {
    count++;
    if (n->type == XML_ELEMENT_NODE)
      for (xmlAttrPtr a = n->properties; a; a = a->next) count++;
    if (n->children && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next) n = n->parent;
    n = n && n != root ? n->next : NULL;
  }
  return count;
}

/* Sets E's bounds from the size of the data. */
static void set_bounds(expander *E, xmlDocPtr data)
{
  long dn = E->data_nodes = count_nodes(data);
  E->budget = TPL_OPS_FLOOR;
  if ((unsigned long)dn > TPL_OPS_FLOOR / TPL_OPS_PER_DATA_NODE) E->budget = (unsigned long)dn * TPL_OPS_PER_DATA_NODE;
  E->max_nodes = E->t->max_nodes;
  if (dn > E->max_nodes / TPL_OUT_NODES_PER_DATA_NODE) E->max_nodes = dn * TPL_OUT_NODES_PER_DATA_NODE;
  E->max_bytes = TPL_MAX_OUT_BYTES;
  if (dn > (long)(E->max_bytes / TPL_OUT_BYTES_PER_DATA_NODE))
    E->max_bytes = (size_t)dn * TPL_OUT_BYTES_PER_DATA_NODE;
}

static xmlDocPtr expand(const template *t, xmlDocPtr data, int pack, diag_list *d)
{
  expander E;
  memset(&E, 0, sizeof E);
  E.t = t;
  E.d = d;
  E.cur = data ? xmlDocGetRootElement(data) : NULL;
  if (!E.cur) {
    diag_add_file(d, DIAG_ERROR, t->files[0], NULL, "the data document is empty");
    return NULL;
  }
  E.pos = E.size = 1;
  set_bounds(&E, data);
  E.pack = pack && E.data_nodes >= t->pack_from;
  E.xp = tpl_xp_new(data, E.xperr);
  if (!E.xp) {
    diag_add_file(d, DIAG_ERROR, t->files[0], NULL, "cannot create an XPath context");
    return NULL;
  }
  /* document-order stamps, with which libxml2 sorts node-sets without
   * walking sibling lists. Stamped elements hold a negative index in their
   * content field; a document whose root has one is stamped already
   * (expansion does not change the data). */
  if ((ptrdiff_t)E.cur->content >= 0) xmlXPathOrderDocElems(data);
  E.out = xmlNewDoc((const xmlChar *)"1.0");
  E.out->URL = xmlStrdup((const xmlChar *)t->files[0]);   /* layout reads images beside it */
  E.out->dict = t->dict;   /* the names of its nodes */
  xmlDictReference(t->dict);
  int rc = expand_one(&E, t->root, NULL);
  xpathfn_release(E.xp);
  xmlXPathFreeContext(E.xp);
  sb_free(&E.value);
  if (rc != 0 || E.failed) {
    xmlFreeDoc(E.out);
    return NULL;
  }
  return E.out;
}

xmlDocPtr template_expand(const template *t, xmlDocPtr data, diag_list *d)
{
  return expand(t, data, 0, d);
}

xmlDocPtr template_expand_packed(const template *t, xmlDocPtr data, diag_list *d)
{
  return expand(t, data, 1, d);
}

int template_unpack(const template *t, xmlDocPtr tree, diag_list *d)
{
  if (doctree_unpack(tree) == 0) return 0;
  diag_add_file(d, DIAG_ERROR, t->files[0], NULL,
                _("the rows of a long table could not be restored; the %s document of %s is not made"),
                t->kind ? t->kind : "document", diag_file(d));
  return -1;
}
