/* template_compile.c: loading a template (template.h). Loading parses the
 * template file (and its includes) with libxml2, checks every element and
 * attribute against the document-tree vocabulary (doctree.h) and the control
 * elements, and compiles text and attribute values and every expression
 * (template_expr.c) into a tree of tnodes (template_imp.h). */
#include "template_imp.h"
#include "i18n.h"
#include "doctree.h"
#include "xpathfn.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xpathInternals.h>

/* name in dict, as libxml2's EatName functions take it: they neither copy
 * nor free a name that the document's dictionary holds. */
static xmlChar *dict_name(xmlDictPtr dict, const char *name)
{
  const xmlChar *s = xmlDictLookup(dict, (const xmlChar *)name, -1);
  if (!s) {
    fputs("reformgen: out of memory\n", stderr);
    exit(1);
  }
  return (xmlChar *)(uintptr_t)s;
}

static const char *file_keep(template *t, const char *path)
{
  t->files = xrealloc(t->files, (size_t)(t->nfiles + 1) * sizeof *t->files);
  t->files[t->nfiles] = xstrdup(path);
  return t->files[t->nfiles++];
}

static int only_space(const char *s)
{
  for (; *s; s++)
    if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
  return 1;
}

/* ---- elements ----------------------------------------------------------- */

typedef struct ctl_def {
  const char *name;
  tkind kind;
  const char *const *attrs;
  const char *required;
} ctl_def;

static const char *const CA_FOREACH[] = { "select", "sort", "order", "sort-type", NULL };
static const char *const CA_TEST[] = { "test", NULL };
static const char *const CA_NONE[] = { NULL };
static const char *const CA_VAR[] = { "name", "select", NULL };
static const char *const CA_INCLUDE[] = { "href", NULL };

static const ctl_def CONTROLS[] = {
  { "for-each", TK_FOREACH, CA_FOREACH, "select" },
  { "if", TK_IF, CA_TEST, "test" },
  { "choose", TK_CHOOSE, CA_NONE, NULL },
  { "when", TK_WHEN, CA_TEST, "test" },
  { "otherwise", TK_OTHERWISE, CA_NONE, NULL },
  { "var", TK_VAR, CA_VAR, "name" },
  { "include", TK_GROUP, CA_INCLUDE, "href" },
};

static const ctl_def *control_lookup(const char *name)
{
  for (size_t i = 0; i < sizeof CONTROLS / sizeof CONTROLS[0]; i++)
    if (strcmp(CONTROLS[i].name, name) == 0) return &CONTROLS[i];
  return NULL;
}

static int in_list(const char *const *list, const char *s)
{
  for (; *list; list++)
    if (strcmp(*list, s) == 0) return 1;
  return 0;
}

/* The value of attribute name on e, or NULL; caller xmlFrees. */
static char *attr_get(xmlNodePtr e, const char *name)
{
  return (char *)xmlGetNoNsProp(e, (const xmlChar *)name);
}

static tnode *tnode_new(tkind kind, const char *file, xmlNodePtr src)
{
  tnode *n = xcalloc(1, sizeof *n);
  n->kind = kind;
  n->file = file;
  n->line = (int)xmlGetLineNo(src);
  return n;
}

static tnode *compile_list(loader *L, const char *file, xmlNodePtr first, int depth);

/* The first XML error of a parse (libxml2 reports more after it). */
typedef struct parse_err {
  int line;
  char msg[512];
} parse_err;

static void parse_error(void *ctx, xmlErrorPtr e)
{
  xmlParserCtxtPtr pc = ctx;
  parse_err *pe = pc ? pc->_private : NULL;
  if (!pe || pe->msg[0] || !e || e->level < XML_ERR_ERROR) return;
  pe->line = e->line;
  snprintf(pe->msg, sizeof pe->msg, "%s", e->message ? e->message : _("not well-formed"));
  size_t n = strlen(pe->msg);
  while (n && (pe->msg[n - 1] == '\n' || pe->msg[n - 1] == ' ')) pe->msg[--n] = '\0';
}

/* The line of the first occurrence of what in buf (1 if absent). */
static int line_of(const char *buf, const char *what)
{
  const char *at = strstr(buf, what);
  int line = 1;
  for (const char *p = buf; at && p < at; p++) line += *p == '\n';
  return line;
}

/* Skips XML white space at buf[*i] (before len), counting line breaks. */
static void skip_space(const char *buf, size_t len, size_t *i, int *line)
{
  while (*i < len && (buf[*i] == ' ' || buf[*i] == '\t' || buf[*i] == '\n' || buf[*i] == '\r')) {
    *line += buf[*i] == '\n';
    (*i)++;
  }
}

/* Stores in each attribute of e the line where its name stands (attr_line),
 * read from e's start tag, the text tag[0..len) (from '<' on), which starts
 * on line `line`. */
static void tag_attribute_lines(xmlNodePtr e, const char *tag, size_t len, int line)
{
  size_t i = 1;
  while (i < len && !strchr(" \t\r\n/>", tag[i])) i++;   /* the element's name */
  for (;;) {
    skip_space(tag, len, &i, &line);
    if (i >= len || tag[i] == '/' || tag[i] == '>') return;
    size_t name = i;
    while (i < len && !strchr(" \t\r\n=/>", tag[i])) i++;
    size_t name_len = i - name;
    int name_line = line;
    skip_space(tag, len, &i, &line);
    if (i >= len || tag[i] != '=') return;
    i++;
    skip_space(tag, len, &i, &line);
    if (i >= len || (tag[i] != '"' && tag[i] != '\'')) return;
    char q = tag[i++];
    while (i < len && tag[i] != q) line += tag[i++] == '\n';
    i++;
    const char *colon = memchr(tag + name, ':', name_len);
    const char *local = colon ? colon + 1 : tag + name;
    size_t llen = name_len - (size_t)(local - (tag + name));
    for (xmlAttrPtr a = e->properties; a; a = a->next)
      if (strlen((const char *)a->name) == llen && memcmp(a->name, local, llen) == 0 &&
          (a->ns != NULL) == (colon != NULL))
        a->_private = (void *)(intptr_t)name_line;
  }
}

/* libxml2's SAX2 start of an element, and then the lines of its attributes:
 * libxml2 gives an element the line where its start tag ends, and its
 * attributes none. The parser stands at the end of the start tag; its start
 * is the '<' before (a start tag holds no other '<'). */
static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
  xmlParserCtxtPtr pc = ctx;
  xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                        nb_defaulted, attributes);
  xmlNodePtr e = pc->node;
  if (!e || e->type != XML_ELEMENT_NODE || !e->properties || !pc->input || !pc->input->base) return;
  const char *base = (const char *)pc->input->base, *end = (const char *)pc->input->cur;
  const char *lt = end;
  int line = pc->input->line;
  while (lt > base && *lt != '<') line -= *--lt == '\n';
  if (*lt == '<') tag_attribute_lines(e, lt, (size_t)(end - lt), line);
}

/* The line of attribute a in the template (as start_element found it), or
 * fallback. */
static int attr_line(xmlAttrPtr a, int fallback)
{
  int line = a ? (int)(intptr_t)a->_private : 0;
  return line > 0 ? line : fallback;
}

/* Parses a template held in buf (named path in messages). Returns the
 * document or NULL after reporting. */
static xmlDocPtr parse_buffer(loader *L, const char *buf, size_t len, const char *path)
{
  if (len > TPL_MAX_FILE || len > INT_MAX) {
    tpl_lerr(L, path, 0, "a template is at most %d bytes", TPL_MAX_FILE);
    return NULL;
  }
  xmlParserCtxtPtr pc = xmlNewParserCtxt();
  if (!pc) {
    tpl_lerr(L, path, 0, "cannot create an XML parser");
    return NULL;
  }
  parse_err pe = { 0, "" };
  pc->_private = &pe;
  pc->sax->serror = parse_error;
  pc->sax->startElementNs = start_element;
  xmlDocPtr doc = xmlCtxtReadMemory(pc, buf, (int)len, path, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                    XML_PARSE_BIG_LINES);
  if (!doc || !pc->wellFormed || pe.msg[0]) {
    if (!pe.msg[0]) snprintf(pe.msg, sizeof pe.msg, _("not well-formed"));
    tpl_lerr(L, path, pe.line > 0 ? pe.line : 1, "malformed XML: %s", pe.msg);
    xmlFreeDoc(doc);
    doc = NULL;
  } else if (doc->intSubset || doc->extSubset) {
    char *text = xstrndup(buf, len);
    tpl_lerr(L, path, line_of(text, "<!DOCTYPE"), "a template must not have a DOCTYPE");
    free(text);
    xmlFreeDoc(doc);
    doc = NULL;
  }
  xmlFreeParserCtxt(pc);
  return doc;
}

/* Reads and parses a template file. Returns the document or NULL after
 * reporting at (from_file, from_line) or in the file itself. */
static xmlDocPtr parse_file(loader *L, const char *path, const char *from_file, int from_line)
{
  size_t len;
  char *buf = read_file(path, TPL_MAX_FILE, &len);
  if (!buf) {
    if (from_file)
      tpl_lerr(L, from_file, from_line, "cannot read included template %s: %s", path, strerror(errno));
    else
      tpl_lerr(L, path, 0, "cannot read template: %s", strerror(errno));
    return NULL;
  }
  xmlDocPtr doc = parse_buffer(L, buf, len, path);
  free(buf);
  return doc;
}

/* The directory part of path joined with href. Returns a new string. */
static char *resolve_href(const char *path, const char *href)
{
  const char *slash = strrchr(path, '/');
  if (href[0] == '/' || !slash) return xstrdup(href);
  return xasprintf("%.*s/%s", (int)(slash - path), path, href);
}

/* Compiles <include href=""/>: the fragment's blocks as a TK_GROUP. */
static int compile_include(loader *L, const char *file, xmlNodePtr e, tnode *n, int depth)
{
  char *href = attr_get(e, "href");
  char *path = resolve_href(file, href);
  int rc = -1;
  xmlDocPtr doc = NULL;
  char *real = realpath(path, NULL);
  if (L->nchain > TPL_MAX_INCLUDE_DEPTH) {
    tpl_lerr(L, file, n->line, "includes nested more than %d deep at %s", TPL_MAX_INCLUDE_DEPTH, href);
    goto done;
  }
  for (int i = 0; real && i < L->nchain; i++) {
    if (strcmp(L->chain[i], real) != 0) continue;
    strbuf b = {0};
    for (int k = i; k < L->nchain; k++) sb_addf(&b, "%s -> ", L->shown[k]);
    sb_add(&b, path);
    tpl_lerr(L, file, n->line, "include cycle: %s", sb_str(&b));
    sb_free(&b);
    goto done;
  }
  doc = parse_file(L, path, file, n->line);
  if (!doc) goto done;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  const char *ifile = file_keep(L->t, path);
  if (!root || strcmp((const char *)root->name, "fragment") != 0 || root->ns) {
    tpl_lerr(L, ifile, root ? (int)xmlGetLineNo(root) : 0,
         "an included template's root must be <fragment>, not <%s>",
         root ? (const char *)root->name : "");
    goto done;
  }
  if (root->properties) {
    tpl_lerr(L, ifile, (int)xmlGetLineNo(root), "unknown attribute %s on <fragment>",
         (const char *)root->properties->name);
    goto done;
  }
  L->shown[L->nchain] = ifile;
  L->chain[L->nchain++] = real;
  real = NULL;
  int before = L->errors;
  L->cursor = (int)xmlGetLineNo(root);
  n->child = compile_list(L, ifile, root->children, depth + 1);
  L->cursor = n->line;
  free(L->chain[--L->nchain]);
  rc = L->errors == before ? 0 : -1;
done:
  xmlFreeDoc(doc);
  free(real);
  free(path);
  xmlFree(href);
  return rc;
}

/* Checks the attributes of a control element; returns the number of errors. */
static int check_control_attrs(loader *L, const char *file, xmlNodePtr e, const ctl_def *c)
{
  int errs = 0;
  for (xmlAttrPtr a = e->properties; a; a = a->next) {
    if (a->ns || !in_list(c->attrs, (const char *)a->name)) {
      tpl_lerr(L, file, attr_line(a, (int)xmlGetLineNo(e)), "unknown attribute %s on <%s>",
               (const char *)a->name, c->name);
      errs++;
    }
  }
  if (c->required && !xmlHasProp(e, (const xmlChar *)c->required)) {
    tpl_lerr(L, file, (int)xmlGetLineNo(e), "<%s> needs a %s attribute", c->name, c->required);
    errs++;
  }
  if (c->kind == TK_VAR && !xmlHasProp(e, (const xmlChar *)"select")) {
    tpl_lerr(L, file, (int)xmlGetLineNo(e), "<var> needs a select attribute");
    errs++;
  }
  return errs;
}

/* Compiles the attribute expr_attr of e into n->expr. Returns 0 or -1. */
static int compile_attr_expr(loader *L, const char *file, xmlNodePtr e, tnode *n,
                             const char *expr_attr, int want_nodeset, texpr *x)
{
  char *v = attr_get(e, expr_attr);
  int line = attr_line(xmlHasProp(e, (const xmlChar *)expr_attr), n->line);
  int rc = tpl_compile_expr(L, file, line, v ? v : "", want_nodeset, x);
  xmlFree(v);
  return rc;
}

/* Compiles the options of <for-each>. Returns 0 or -1. */
static int compile_foreach(loader *L, const char *file, xmlNodePtr e, tnode *n)
{
  int rc = compile_attr_expr(L, file, e, n, "select", 1, &n->expr);
  char *order = attr_get(e, "order"), *type = attr_get(e, "sort-type");
  if (order && strcmp(order, "ascending") != 0 && strcmp(order, "descending") != 0) {
    tpl_lerr(L, file, attr_line(xmlHasProp(e, (const xmlChar *)"order"), n->line),
             "order must be ascending or descending, not '%s'", order);
    rc = -1;
  }
  if (type && strcmp(type, "text") != 0 && strcmp(type, "number") != 0) {
    tpl_lerr(L, file, attr_line(xmlHasProp(e, (const xmlChar *)"sort-type"), n->line),
             "sort-type must be text or number, not '%s'", type);
    rc = -1;
  }
  n->descending = order && strcmp(order, "descending") == 0;
  n->numeric = type && strcmp(type, "number") == 0;
  if (xmlHasProp(e, (const xmlChar *)"sort") &&
      compile_attr_expr(L, file, e, n, "sort", 0, &n->sort) != 0)
    rc = -1;
  xmlFree(order);
  xmlFree(type);
  return rc;
}

/* Compiles <var name="" select=""/>: the name enters the scope after it. */
static int compile_var(loader *L, const char *file, xmlNodePtr e, tnode *n)
{
  char *name = attr_get(e, "name");
  int rc = compile_attr_expr(L, file, e, n, "select", 0, &n->expr);
  if (!tpl_var_name_ok(name)) {
    tpl_lerr(L, file, attr_line(xmlHasProp(e, (const xmlChar *)"name"), n->line),
             "'%s' is not a variable name", name);
    rc = -1;
  } else if (tpl_var_in_scope(L, name, strlen(name))) {
    tpl_lerr(L, file, n->line, "variable $%s is already defined here", name);
    rc = -1;
  } else if (L->nvars >= TPL_MAX_VARS) {
    tpl_lerr(L, file, n->line, "more than %d variables in scope", TPL_MAX_VARS);
    rc = -1;
  }
  if (e->children) {
    tpl_lerr(L, file, n->line, "<var> takes no content (use select)");
    rc = -1;
  }
  n->name = xstrdup(name);
  xmlFree(name);
  if (rc == 0) {
    L->vars[L->nvars++] = n->name;
    /* an empty node-set stands for the value in load-time evaluations */
    xmlXPathRegisterVariable(L->xp, (const xmlChar *)n->name, xmlXPathNewNodeSet(NULL));
  }
  return rc;
}

/* Checks a literal attribute value against the values doctree.h allows. A length or a size
 * layout cannot read is left out with a warning (an error under strict), as
 * layout would ignore it; any other value is an error. Returns 0, 1 when the
 * attribute is to be left out, or -1. */
static int check_value(loader *L, const char *file, const tnode *n, const tattr *a)
{
  const char *v = a->val.n ? a->val.parts[0].lit : "";
  dt_value_rule r = doctree_value_rule(n->name, a->name);
  if (doctree_value_ok(r, v)) return 0;
  char *what = doctree_value_what(r);
  int rc = -1;
  if (tpl_value_ignorable(r.kind)) {
    tpl_lvalue(L, file, a->line, "%s=\"%s\" on <%s> is not %s", a->name, v, n->name, what);
    rc = L->t->strict ? -1 : 1;
  } else {
    tpl_lerr(L, file, a->line, "%s=\"%s\" on <%s> is not %s", a->name, v, n->name, what);
  }
  free(what);
  return rc;
}

/* Compiles the attributes of a document-tree element. Returns 0 or -1. */
static int compile_elem_attrs(loader *L, const char *file, xmlNodePtr e, tnode *n,
                              const dt_element *de, int is_root)
{
  int rc = 0;
  for (xmlAttrPtr a = e->properties; a; a = a->next) {
    const char *an = (const char *)a->name;
    int line = attr_line(a, n->line);
    xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
    const char *val = v ? (const char *)v : "";
    if (a->ns) {
      tpl_lerr(L, file, line, "unknown attribute %s:%s on <%s>", (const char *)a->ns->prefix, an,
               n->name);
      rc = -1;
    } else if (is_root && strcmp(an, "kind") == 0) {
      /* read by template_load */
    } else if (n->level && strcmp(an, "numbering") == 0) {
      if (strcmp(val, "auto") == 0) n->numbering = NUM_AUTO;
      else if (strcmp(val, "none") == 0) n->numbering = NUM_NONE;
      else if (strcmp(val, "restart") == 0) n->numbering = NUM_RESTART;
      else {
        tpl_lerr(L, file, line, "numbering must be auto, none or restart, not '%s'", val);
        rc = -1;
      }
    } else if (!doctree_attr_allowed(de, an)) {
      tpl_lerr(L, file, line, "unknown attribute %s on <%s>", an, n->name);
      rc = -1;
    } else {
      tattr ta = { xstrdup(an), dict_name(L->t->dict, an), line, { DTV_ANY, NULL },
                   de->id == DTE_IMAGE && strcmp(an, "src") == 0, { NULL, 0 } };
      int keep = 1;
      if (tpl_parse_value(L, file, line, val, 0, &ta.val) != 0) {
        rc = -1;
      } else if (ta.val.n > 1 || (ta.val.n == 1 && !ta.val.parts[0].lit)) {
        /* checked when it is expanded */
        dt_value_rule r = doctree_value_rule(n->name, an);
        if (tpl_value_ignorable(r.kind)) ta.rule = r;
      } else {
        int k = check_value(L, file, n, &ta);
        if (k < 0) rc = -1;
        keep = k == 0;
      }
      if (n->level && strcmp(an, "number") == 0) n->numbering = NUM_NONE;
      if (keep) {
        n->attrs = xrealloc(n->attrs, (size_t)(n->nattrs + 1) * sizeof *n->attrs);
        n->attrs[n->nattrs++] = ta;
      } else {
        tpl_tattr_free(&ta);
      }
    }
    xmlFree(v);
  }
  return rc;
}

/* Compiles one element (of any kind) into a new tnode, or NULL on error. */
static tnode *compile_element(loader *L, const char *file, xmlNodePtr e, int depth, int is_root)
{
  const char *name = (const char *)e->name;
  if (depth > TPL_MAX_NESTING) {
    tpl_lerr(L, file, (int)xmlGetLineNo(e), "elements nested more than %d deep", TPL_MAX_NESTING);
    return NULL;
  }
  if (e->ns) {
    tpl_lerr(L, file, (int)xmlGetLineNo(e), "unknown element <%s:%s>", (const char *)e->ns->prefix,
         name);
    return NULL;
  }
  const ctl_def *c = control_lookup(name);
  const dt_element *de = c ? NULL : doctree_lookup(name);
  if (!c && (!de || (!is_root && strcmp(name, "document") == 0))) {
    tpl_lerr(L, file, (int)xmlGetLineNo(e), "unknown element <%s>", name);
    return NULL;
  }
  tnode *n = tnode_new(c ? c->kind : TK_ELEM, file, e);
  int rc = 0;
  const dt_element *outer = L->parent;
  if (!c) {
    n->name = xstrdup(name);
    n->dname = dict_name(L->t->dict, name);
    if (outer && !doctree_may_hold(outer, name)) {
      tpl_lcontent(L, file, n->line, "<%s> cannot hold <%s>", outer->name, name);
      if (L->t->strict) rc = -1;
    }
    L->parent = de;
    if (strcmp(name, "heading") == 0) {
      char *lv = attr_get(e, "level");
      if (!lv || strlen(lv) != 1 || lv[0] < '1' || lv[0] > '4') {
        tpl_lerr(L, file, n->line, "<heading> needs level=\"1\" to \"4\", not '%s'", lv ? lv : "");
        rc = -1;
      } else {
        n->level = lv[0] - '0';
      }
      xmlFree(lv);
    }
    if (compile_elem_attrs(L, file, e, n, de, is_root) != 0) rc = -1;
  } else if (check_control_attrs(L, file, e, c) != 0) {
    rc = -1;
  } else if (c->kind == TK_FOREACH) {
    rc = compile_foreach(L, file, e, n);
  } else if (c->kind == TK_IF || c->kind == TK_WHEN) {
    rc = compile_attr_expr(L, file, e, n, "test", 0, &n->expr);
  } else if (c->kind == TK_VAR) {
    rc = compile_var(L, file, e, n);
    return rc == 0 ? n : (tpl_tnode_free(n), NULL);
  } else if (c->kind == TK_GROUP) {
    if (e->children) {
      tpl_lerr(L, file, n->line, "<include> takes no content");
      rc = -1;
    } else {
      rc = compile_include(L, file, e, n, depth);
    }
    return rc == 0 ? n : (tpl_tnode_free(n), NULL);
  }
  int before = L->errors;   /* the content is checked even after an error */
  L->cursor = n->line;
  L->choose_next = c && c->kind == TK_CHOOSE;
  n->child = compile_list(L, file, e->children, depth + 1);
  L->parent = outer;
  if (L->errors != before) rc = -1;
  if (rc == 0 && c && c->kind == TK_CHOOSE) {
    int seen_otherwise = 0;
    for (tnode *k = n->child; k; k = k->next) {
      if ((k->kind != TK_WHEN && k->kind != TK_OTHERWISE) || seen_otherwise) {
        tpl_lerr(L, file, k->line, "<choose> holds <when> elements and then one <otherwise>");
        rc = -1;
        break;
      }
      seen_otherwise = k->kind == TK_OTHERWISE;
    }
    if (!n->child) {
      tpl_lerr(L, file, n->line, "<choose> needs at least one <when>");
      rc = -1;
    }
  }
  if (rc != 0) {
    tpl_tnode_free(n);
    return NULL;
  }
  return n;
}

/* Compiles the siblings from first on. Variables declared among them leave
 * the scope at the end. Errors are counted in L->errors. */
static tnode *compile_list(loader *L, const char *file, xmlNodePtr first, int depth)
{
  tnode *head = NULL, **tail = &head;
  int vars_before = L->nvars;
  int in_choose = L->choose_next;
  L->choose_next = 0;
  for (xmlNodePtr x = first; x; x = x->next) {
    tnode *n = NULL;
    if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
      const char *s = x->content ? (const char *)x->content : "";
      int start = L->cursor;
      L->cursor += tpl_count_lines(s, strlen(s));
      if (only_space(s)) continue;
      n = tnode_new(TK_TEXT, file, x);
      n->line = start + tpl_count_lines(s, strspn(s, " \t\r\n"));   /* its first word */
      int allowed = !L->parent || doctree_may_hold(L->parent, NULL);
      if (!allowed) {
        char *shown = tpl_normalize_text(s);
        tpl_lcontent(L, file, n->line, "<%s> cannot hold text ('%s')", L->parent->name, shown);
        free(shown);
      }
      if ((!allowed && L->t->strict) ||
          tpl_parse_value(L, file, start, s, x->type == XML_TEXT_NODE, &n->text) != 0) {
        tpl_tnode_free(n);
        n = NULL;
      }
    } else if (x->type == XML_COMMENT_NODE) {
      L->cursor += tpl_count_lines((const char *)x->content, x->content ? strlen((const char *)x->content) : 0);
    } else if (x->type == XML_ELEMENT_NODE && depth == 1 && !x->ns &&
               strcmp((const char *)x->name, "require") == 0) {
      tpl_require_compile(L, file, x);   /* data the document needs, not content */
    } else if (x->type == XML_ELEMENT_NODE) {
      n = compile_element(L, file, x, depth, 0);
      if (L->cursor < (int)xmlGetLineNo(x)) L->cursor = (int)xmlGetLineNo(x);
      if (n && !in_choose && (n->kind == TK_WHEN || n->kind == TK_OTHERWISE)) {
        tpl_lerr(L, file, n->line, "<%s> belongs in a <choose>", (const char *)x->name);
        tpl_tnode_free(n);
        n = NULL;
      }
    } else if (x->type == XML_ENTITY_REF_NODE) {
      tpl_lerr(L, file, (int)xmlGetLineNo(x), "entity references are not allowed in a template");
    }
    if (n) {
      *tail = n;
      tail = &n->next;
    }
  }
  while (L->nvars > vars_before)
    xmlXPathRegisterVariable(L->xp, (const xmlChar *)L->vars[--L->nvars], NULL);
  return head;
}

static int kind_ok(const char *k)
{
  if (!k[0] || strlen(k) > 32) return 0;
  for (; *k; k++)
    if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '-' || *k == '_'))
      return 0;
  return 1;
}

/* template_load and template_load_buffer: the file at path, or buf when not
 * NULL (named path). */
static template *load_common(const char *path, const char *buf, size_t len,
                             const template_opts *opts, diag_list *d)
{
  loader L;
  memset(&L, 0, sizeof L);
  L.d = d;
  L.t = xcalloc(1, sizeof *L.t);
  L.t->dict = xmlDictCreate();
  if (!L.t->dict) {
    fputs("reformgen: out of memory\n", stderr);
    exit(1);
  }
  L.t->number_name = dict_name(L.t->dict, "number");
  L.t->strict = opts ? opts->strict : 0;
  L.t->max_nodes = opts && opts->max_nodes > 0 ? opts->max_nodes : TPL_MAX_OUT_NODES;
  L.t->pack_from = opts && opts->pack_from > 0 ? opts->pack_from : TEMPLATE_PACK_FROM;
  xmlDocPtr doc = NULL;
  L.empty = xmlNewDoc((const xmlChar *)"1.0");
  xmlDocSetRootElement(L.empty, xmlNewDocNode(L.empty, NULL, (const xmlChar *)"county-report", NULL));
  L.xp = tpl_xp_new(L.empty, L.xperr);
  if (!L.xp) {
    tpl_lerr(&L, path, 0, "cannot create an XPath context");
    goto done;
  }
  doc = buf ? parse_buffer(&L, buf, len, path) : parse_file(&L, path, NULL, 0);
  if (!doc) goto done;
  const char *file = file_keep(L.t, path);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (!root || root->ns || strcmp((const char *)root->name, "document") != 0) {
    tpl_lerr(&L, file, root ? (int)xmlGetLineNo(root) : 0,
         "a template's root must be <document kind=\"...\">, not <%s>",
         root ? (const char *)root->name : "");
    goto done;
  }
  char *kind = attr_get(root, "kind");
  if (kind && !kind_ok(kind)) {
    tpl_lerr(&L, file, (int)xmlGetLineNo(root),
         "kind must be a short name of a-z, 0-9, '-' and '_', not '%s'", kind);
  }
  L.t->kind = xstrdup(kind ? kind : "document");
  xmlFree(kind);
  L.shown[0] = file;
  L.chain[L.nchain++] = realpath(path, NULL);
  if (!L.chain[0]) L.chain[0] = xstrdup(path);
  L.t->root = compile_element(&L, file, root, 0, 1);
done:
  while (L.nchain > 0) free(L.chain[--L.nchain]);
  xmlFreeDoc(doc);
  xpathfn_release(L.xp);
  if (L.xp) xmlXPathFreeContext(L.xp);
  xmlFreeDoc(L.empty);
  if (L.errors || !L.t->root) {
    if (!L.errors) tpl_lerr(&L, path, 0, "template could not be loaded");
    template_free(L.t);
    return NULL;
  }
  return L.t;
}

template *template_load(const char *path, const template_opts *opts, diag_list *d)
{
  return load_common(path, NULL, 0, opts, d);
}

template *template_load_buffer(const char *buf, size_t len, const char *name,
                               const template_opts *opts, diag_list *d)
{
  return load_common(name, buf ? buf : "", buf ? len : 0, opts, d);
}

