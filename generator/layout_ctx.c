/* layout_ctx.c: pieces of flow, element names, attributes and diagnostics
 * shared by the layout files (layout_ctx.h). */
#include "layout_ctx.h"
#include "i18n.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

piece *flow_add(flow *f, lctx *c)
{
  if (f->n == f->cap) {
    f->cap = f->cap ? f->cap * 2 : 64;
    f->v = xrealloc(f->v, (size_t)f->cap * sizeof *f->v);
  }
  piece *p = &f->v[f->n++];
  memset(p, 0, sizeof *p);
  p->table = -1;
  p->before = c->pending_after;
  p->force_break = c->pending_break;
  c->pending_after = 0;
  c->pending_break = 0;
  return p;
}

void lo_space_after(lctx *c, double after) { c->pending_after += after; }

static void piece_free(piece *p)
{
  dl_list_free(&p->items);
  free(p->lines);
  for (int i = 0; i < p->nmarks; i++) free(p->marks[i].title);
  free(p->marks);
}

void flow_free(flow *f)
{
  for (int i = 0; i < f->n; i++) piece_free(&f->v[i]);
  free(f->v);
}

void piece_add_line(piece *p, dl_line ln)
{
  p->lines = xrealloc(p->lines, (size_t)(p->nlines + 1) * sizeof *p->lines);
  p->lines[p->nlines++] = ln;
}

void piece_add_mark(piece *p, const char *title, int level, double y)
{
  p->marks = xrealloc(p->marks, (size_t)(p->nmarks + 1) * sizeof *p->marks);
  p->marks[p->nmarks++] = (dl_mark){ .title = xstrdup(title), .level = level, .y = y };
}

void lo_ctx_done(lctx *c)
{
  free(c->theader); free(c->trepeat); free(c->tx); free(c->tw); free(c->trule);
  c->theader = c->trepeat = NULL;
  c->tx = c->tw = c->trule = NULL;
  c->ntables = 0;
  if (c->conts) { flow_free(c->conts); free(c->conts); c->conts = NULL; }
}

/* ------------------------------------------------------------- the tree */

lo_el lo_element(const char *name)
{
  return doctree_id(name);
}


/* 1 when n can have no attribute: none is written on it and its document has
 * no DTD to supply defaults (which xmlGetProp would consult). Most elements
 * of a table (tr, td) are like this, and their styles are read per cell. */
static int attrless(const xmlNode *n)
{
  return !n->properties && (!n->doc || (!n->doc->intSubset && !n->doc->extSubset));
}

int lo_attrless(const xmlNode *n) { return attrless(n); }

char *lo_attr(xmlNode *n, const char *name)
{
  if (!n || attrless(n)) return NULL;
  if (!n->doc || (!n->doc->intSubset && !n->doc->extSubset)) {
    /* what xmlGetProp finds when no DTD can supply a default: the first
     * attribute of that name; its value read in place when it is one text
     * node (xmlGetProp copies it twice) */
    if (n->type != XML_ELEMENT_NODE) return NULL;
    const xmlAttr *a = n->properties;
    while (a && strcmp((const char *)a->name, name) != 0) a = a->next;
    if (!a) return NULL;
    const xmlNode *t = a->children;
    if (t && !t->next && (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE))
      return t->content ? xstrdup((const char *)t->content) : NULL;
  }
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  if (!v) return NULL;
  char *s = xstrdup((const char *)v);
  xmlFree(v);
  return s;
}


int lo_is_el(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}


/* "37:/document/section[2]/p[3]": where a node is, for diagnostics. New string. */
static char *node_place(xmlNode *n)
{
  xmlChar *path = xmlGetNodePath(n);
  char *s = xasprintf("%ld:%s", xmlGetLineNo(n), path ? (const char *)path : "?");
  xmlFree(path);
  return s;
}

__attribute__((format(printf, 4, 0)))
static void lo_vdiag(lctx *c, diag_level lv, xmlNode *n, const char *fmt, va_list ap)
{
  strbuf b = {0};
  sb_vaddf(&b, _(fmt), ap);
  char *place = n ? node_place(n) : NULL;
  diag_add(c->d, lv, place, "%s", sb_str(&b));
  free(place);
  sb_free(&b);
}

void lo_error(lctx *c, xmlNode *n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  lo_vdiag(c, DIAG_ERROR, n, fmt, ap);
  va_end(ap);
}

void lo_warn(lctx *c, xmlNode *n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  lo_vdiag(c, DIAG_WARNING, n, fmt, ap);
  va_end(ap);
}
