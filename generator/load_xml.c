/* load_xml.c: an XML county into the element tree of the data document
 * (load_imp.h): libxml2 parses it with no DTD, entities or network access;
 * attributes become child elements, comments, processing instructions and
 * white space between elements go. */
#include "load_imp.h"
#include "i18n.h"
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/globals.h>
#include <libxml/xmlerror.h>

/* ---- XML ---------------------------------------------------------------- */

static void xml_error_handler(void *ctx, xmlErrorPtr e)
{
  diag_list *d = ctx;
  if (!e || e->level == XML_ERR_NONE) return;
  char place[48];
  snprintf(place, sizeof place, "%d:%d", e->line, e->int2);
  strbuf msg = {0};
  sb_add(&msg, e->message ? e->message : _("XML error"));
  while (msg.len && (msg.s[msg.len - 1] == '\n' || msg.s[msg.len - 1] == ' ')) msg.s[--msg.len] = '\0';
  if (strstr(sb_str(&msg), "Excessive depth"))
    diag_add(d, DIAG_ERROR, place, _("elements nested deeper than 256 levels; expected at most %d"),
             LOAD_MAX_DEPTH);
  else
    diag_add(d, e->level == XML_ERR_WARNING ? DIAG_WARNING : DIAG_ERROR, place,
             _("%s; expected well-formed XML"), sb_str(&msg));
  sb_free(&msg);
}

/* Looks through the prolog (declaration, comments, processing instructions)
 * for a document type declaration. Returns its offset, or (size_t)-1. */
static size_t find_doctype(const char *s, size_t n)
{
  size_t i = 0;
  for (;;) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    if (load_starts_with(s, n, i, "<!DOCTYPE")) return i;
    const char *close = NULL;
    if (load_starts_with(s, n, i, "<?")) close = "?>";
    else if (load_starts_with(s, n, i, "<!--")) close = "-->";
    else return (size_t)-1;
    size_t j = i + 2;
    while (j < n && !load_starts_with(s, n, j, close)) j++;
    if (j >= n) return (size_t)-1;
    i = j + strlen(close);
  }
}

static int is_blank(const xmlChar *t)
{
  for (; t && *t; t++)
    if (*t != ' ' && *t != '\t' && *t != '\n' && *t != '\r') return 0;
  return 1;
}

static void xml_err(diag_list *d, const xmlNode *n, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
static void xml_err(diag_list *d, const xmlNode *n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  load_error_vplace(d, load_xml_place(n), fmt, ap);
  va_end(ap);
}

static int has_child_element(const xmlNode *n, const char *name)
{
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (!name || strcmp((const char *)c->name, name) == 0)) return 1;
  return 0;
}

static int is_leaf_kind(const schema_field *sf)
{
  return sf && sf->kind != SK_OBJECT && sf->kind != SK_ARRAY;
}

/* Turns one parsed element into the document's shape: attributes become child
 * elements, comments and processing instructions go, white space between
 * elements goes, the text of a scalar becomes one text node. Returns the
 * number of errors added. depth is bounded (checked before). */
static int xml_convert(xmlNode *n, const schema_field *sf, int depth, diag_list *d)
{
  int errors = 0;
  uintptr_t line = (uintptr_t)xmlGetLineNo(n);
  load_set_info(n, line, 0);
  if (depth > LOAD_MAX_DEPTH) {
    xml_err(d, n, _("elements nested deeper than %d levels; expected at most that many"), LOAD_MAX_DEPTH);
    return 1;
  }
  if (n->ns) {
    xml_err(d, n, _("element <%s> in a namespace; expected no namespace"), (const char *)n->name);
    errors++;
  }
  xmlAttr *a = n->properties;
  while (a) {
    xmlAttr *next = a->next;
    const char *an = (const char *)a->name;
    if (depth == 0 && strcmp(an, "version") == 0) { a = next; continue; }
    xmlChar *val = xmlNodeListGetString(n->doc, a->children, 1);
    if (a->ns) {   /* xsi:schemaLocation and the like: no JSON form has them */
      char *p = load_xml_place(n);
      diag_add(d, DIAG_WARNING, p, _("attribute '%s:%s' in a namespace is ignored; expected attributes without a prefix"),
               a->ns->prefix ? (const char *)a->ns->prefix : "", an);
      free(p);
    } else if (has_child_element(n, an)) {
      xml_err(d, n, _("'%s' given both as an attribute and as an element of <%s>; expected one of them"),
              an, (const char *)n->name);
      errors++;
    } else {
      xmlNode *el = xmlNewDocNode(n->doc, NULL, a->name, NULL);
      if (val && *val) xmlAddChild(el, xmlNewDocText(n->doc, val));
      load_set_info(el, line, 0);
      el->line = n->line;
      xmlAddChild(n, el);
    }
    xmlFree(val);
    xmlRemoveProp(a);
    a = next;
  }
  int scalar = is_leaf_kind(sf) || (!sf && !has_child_element(n, NULL));
  xmlNode *c = n->children;
  while (c) {
    xmlNode *next = c->next;
    if (c->type == XML_ELEMENT_NODE) {
      if (scalar) {
        xml_err(d, c, _("element <%s> inside <%s>; expected text only"), (const char *)c->name,
                (const char *)n->name);
        load_mark_reported(n);
        errors++;
      } else if (depth == 0 && strcmp((const char *)c->name, "version") == 0 && !has_child_element(c, NULL)) {
        xmlChar *v = xmlNodeGetContent(c);
        if (xmlHasProp(n, (const xmlChar *)"version"))
          xml_err(d, c, _("'version' given both as an attribute and as an element; expected one of them"));
        else
          xmlSetProp(n, (const xmlChar *)"version", v);
        xmlFree(v);
        xmlUnlinkNode(c);
        xmlFreeNode(c);
      } else {
        const schema_field *csf = NULL;
        if (sf && sf->kind == SK_OBJECT) csf = schema_child(sf, (const char *)c->name);
        else if (sf && sf->kind == SK_ARRAY) csf = sf->item;
        errors += xml_convert(c, csf, depth + 1, d);
      }
    } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (!scalar) {
        if (!is_blank(c->content)) {
          char *ex = load_excerpt((const char *)c->content, strlen((const char *)c->content), 0, 12);
          xml_err(d, n, _("text '%s' inside <%s>; expected elements only"), ex, (const char *)n->name);
          free(ex);
          errors++;
        }
        xmlUnlinkNode(c);
        xmlFreeNode(c);
      }
    } else {
      xmlUnlinkNode(c);
      xmlFreeNode(c);
    }
    c = next;
  }
  if (scalar) {
    xmlChar *t = xmlNodeGetContent(n);
    if (t && strlen((const char *)t) > LOAD_MAX_STRING) {
      xml_err(d, n, _("text of <%s> is longer than %u bytes; expected at most that"), (const char *)n->name, LOAD_MAX_STRING);
      load_mark_reported(n);
      errors++;
    }
    xmlNode *k = n->children;
    while (k) { xmlNode *nx = k->next; if (k->type != XML_ELEMENT_NODE) { xmlUnlinkNode(k); xmlFreeNode(k); } k = nx; }
    if (t && *t) xmlAddChild(n, xmlNewDocText(n->doc, t));
    xmlFree(t);
  }
  return errors;
}

/* Deepest nesting of elements below n, walked without recursion. */
static int xml_depth_exceeds(const xmlNode *root, int max, const xmlNode **where)
{
  const xmlNode *n = root;
  int depth = 0;
  while (n) {
    if (n->type == XML_ELEMENT_NODE && depth > max) { *where = n; return 1; }
    if (n->children && n->type == XML_ELEMENT_NODE) { n = n->children; depth++; continue; }
    while (n && !n->next && n != root) { n = n->parent; depth--; }
    if (!n || n == root) break;
    n = n->next;
  }
  return 0;
}

/* Drops namespace declarations (xmlns:xsi ...) once their attributes are gone,
 * so that they do not make the document differ from the JSON form. Nothing is
 * dropped while an element still uses a namespace (that is an error already). */
static void strip_ns_decls(xmlNode *root)
{
  for (int pass = 0; pass < 2; pass++) {
    xmlNode *n = root;
    while (n) {
      if (n->type == XML_ELEMENT_NODE) {
        if (pass == 0 && n->ns) return;
        if (pass == 1 && n->nsDef) { xmlFreeNsList(n->nsDef); n->nsDef = NULL; }
      }
      if (n->children && n->type == XML_ELEMENT_NODE) { n = n->children; continue; }
      while (n && n != root && !n->next) n = n->parent;
      if (!n || n == root) break;
      n = n->next;
    }
  }
}

xmlDocPtr load_xml_text(const char *s, size_t n, const char *name, diag_list *d)
{
  size_t dt = find_doctype(s, n);
  if (dt != (size_t)-1) {
    load_error_at(d, s, dt, _("a document type declaration (<!DOCTYPE>) at byte offset %zu; expected none: DTDs and entities are not accepted"),
             dt);
    return NULL;
  }
  if (n > INT32_MAX) return NULL;
  xmlStructuredErrorFunc prev = xmlStructuredError;   /* another stage's handler, restored after */
  void *prev_ctx = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc(d, xml_error_handler);
  xmlDocPtr doc = xmlReadMemory(s, (int)n, name, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES);
  xmlSetStructuredErrorFunc(prev_ctx, prev);
  if (!doc) {
    if (diag_errors(d) == 0) diag_add(d, DIAG_ERROR, NULL, _("the XML could not be parsed; expected well-formed XML"));
    return NULL;
  }
  if (doc->intSubset || doc->extSubset) {
    diag_add(d, DIAG_ERROR, NULL, _("a document type declaration; expected none: DTDs and entities are not accepted"));
    goto fail;
  }
  xmlNode *root = xmlDocGetRootElement(doc);
  if (!root || strcmp((const char *)root->name, "county-report") != 0) {
    char *p = root ? xasprintf("%ld", xmlGetLineNo(root)) : NULL;
    diag_add(d, DIAG_ERROR, p, _("root element <%s>; expected <county-report>"), root ? (const char *)root->name : "");
    free(p);
    goto fail;
  }
  const xmlNode *deep = NULL;
  if (xml_depth_exceeds(root, LOAD_MAX_DEPTH, &deep)) {
    char *p = xasprintf("%ld", xmlGetLineNo(deep));
    diag_add(d, DIAG_ERROR, p, _("elements nested deeper than %d levels; expected at most that many"), LOAD_MAX_DEPTH);
    free(p);
    goto fail;
  }
  for (xmlNode *c = doc->children; c;) {    /* comments and PIs around the root */
    xmlNode *next = c->next;
    if (c != root) { xmlUnlinkNode(c); xmlFreeNode(c); }
    c = next;
  }
  xml_convert(root, schema_root(), 0, d);
  strip_ns_decls(root);
  return doc;
fail:
  xmlFreeDoc(doc);
  return NULL;
}

