/* doctree.c: the document-tree vocabulary table and its text dump. */
#include "doctree.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const STYLE[] = {
  "font", "size", "bold", "color", "align", "indent", "line-pitch", "letter-spacing",
  "space-before", "space-after", "keep-with-next", "style", NULL
};

static const char *const A_DOCUMENT[] = {
  "paper", "orientation", "margin-top", "margin-bottom", "margin-left", "margin-right",
  "title", "author", "subject", "keywords", "creator", "created", "watermark",
  "page-number", "page-number-position", "page-number-font", "page-number-size",
  "page-number-offset", "grid-lines", "grid-chars", "bookmarks", "formats", NULL
};
static const char *const A_NONE[] = { NULL };
static const char *const A_HEADING[] = { "level", "number", "bookmark", NULL };
static const char *const A_LIST[] = { "marker", NULL };
static const char *const A_TABLE[] = { "border", "header-repeat", "cell-padding", "rule-style", "width", NULL };
static const char *const A_COL[] = { "width", "min", "max", "align", NULL };
static const char *const A_TR[] = { "kind", "height", NULL };
static const char *const A_TD[] = { "colspan", "rowspan", "align", "valign", "bold", NULL };
static const char *const A_CHART[] = { "type", "width", "height", "title", "unit", NULL };
static const char *const A_SERIES[] = { "name", "color", NULL };
static const char *const A_POINT[] = { "label", "value", "start", "end", NULL };
static const char *const A_IMAGE[] = { "src", "width", "height", NULL };
static const char *const A_LINE[] = { NULL };
static const char *const A_SPACER[] = { "height", NULL };
static const char *const A_RULE[] = { "thickness", "width", NULL };
static const char *const A_BOX[] = { "border", "padding", "width", "height", NULL };
static const char *const A_SPAN[] = { "sup", NULL };

static const dt_element ELEMENTS[] = {
  { "document", DT_PART, A_DOCUMENT },
  { "section", DT_PART, A_DOCUMENT },
  { "header", DT_PART, A_NONE },
  { "footer", DT_PART, A_NONE },
  { "title", DT_BLOCK, A_NONE },
  { "heading", DT_BLOCK, A_HEADING },
  { "p", DT_BLOCK, A_NONE },
  { "list", DT_BLOCK, A_LIST },
  { "item", DT_PART, A_NONE },
  { "table", DT_BLOCK, A_TABLE },
  { "col", DT_PART, A_COL },
  { "thead", DT_PART, A_NONE },
  { "tbody", DT_PART, A_NONE },
  { "tr", DT_PART, A_TR },
  { "td", DT_PART, A_TD },
  { "chart", DT_BLOCK, A_CHART },
  { "series", DT_PART, A_SERIES },
  { "point", DT_PART, A_POINT },
  { "image", DT_BLOCK, A_IMAGE },
  { "page-break", DT_BLOCK, A_NONE },
  { "keep", DT_BLOCK, A_NONE },
  { "signature", DT_BLOCK, A_NONE },
  { "line", DT_PART, A_LINE },
  { "spacer", DT_BLOCK, A_SPACER },
  { "rule", DT_BLOCK, A_RULE },
  { "colophon", DT_BLOCK, A_NONE },
  { "cc", DT_PART, A_NONE },
  { "issuer", DT_PART, A_NONE },
  { "date", DT_PART, A_NONE },
  { "box", DT_BLOCK, A_BOX },
  { "span", DT_INLINE, A_SPAN },
  { "b", DT_INLINE, A_NONE },
  { "br", DT_INLINE, A_NONE },
  { "page-number", DT_INLINE, A_NONE },
  { "page-count", DT_INLINE, A_NONE },
};

const dt_element *doctree_lookup(const char *name)
{
  for (size_t i = 0; i < sizeof ELEMENTS / sizeof ELEMENTS[0]; i++)
    if (strcmp(ELEMENTS[i].name, name) == 0) return &ELEMENTS[i];
  return NULL;
}

int doctree_attr_allowed(const dt_element *e, const char *attr)
{
  for (const char *const *a = e->attrs; *a; a++)
    if (strcmp(*a, attr) == 0) return 1;
  for (const char *const *a = STYLE; *a; a++)
    if (strcmp(*a, attr) == 0) return 1;
  return 0;
}

static int cmp_attr(const void *a, const void *b)
{
  const xmlAttr *x = *(const xmlAttr *const *)a, *y = *(const xmlAttr *const *)b;
  return strcmp((const char *)x->name, (const char *)y->name);
}

static void dump_text(const xmlChar *s, FILE *out)
{
  fputc('"', out);
  for (const xmlChar *p = s; *p; p++) {
    if (*p == '"' || *p == '\\') { fputc('\\', out); fputc(*p, out); }
    else if (*p == '\n') fputs("\\n", out);
    else if (*p == '\t') fputs("\\t", out);
    else fputc(*p, out);
  }
  fputc('"', out);
}

/* Iterative walk: the depth of a tree is bounded by the template, but no
 * recursion whose depth input chooses. */
void doctree_dump(const xmlDoc *tree, FILE *out)
{
  const xmlNode *root = xmlDocGetRootElement(tree);
  const xmlNode *n = root;
  int depth = 0;
  while (n) {
    if (n->type == XML_ELEMENT_NODE) {
      fprintf(out, "%*s%s", depth * 2, "", (const char *)n->name);
      size_t na = 0;
      for (const xmlAttr *a = n->properties; a; a = a->next) na++;
      if (na) {
        const xmlAttr **v = xcalloc(na, sizeof *v);
        size_t i = 0;
        for (const xmlAttr *a = n->properties; a; a = a->next) v[i++] = a;
        qsort(v, na, sizeof *v, cmp_attr);
        for (i = 0; i < na; i++) {
          xmlChar *val = xmlNodeGetContent((const xmlNode *)v[i]);
          fprintf(out, " %s=", (const char *)v[i]->name);
          dump_text(val ? val : (const xmlChar *)"", out);
          xmlFree(val);
        }
        free(v);
      }
      fputc('\n', out);
    } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      fprintf(out, "%*s", depth * 2, "");
      dump_text(n->content, out);
      fputc('\n', out);
    }
    if (n->type == XML_ELEMENT_NODE && n->children) {
      n = n->children;
      depth++;
      continue;
    }
    while (n && !n->next && n != root) {
      n = n->parent;
      depth--;
    }
    if (!n || n == root) break;
    n = n->next;
  }
}
