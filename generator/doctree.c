/* doctree.c: the document-tree vocabulary (its elements, what each may hold,
 * their attributes and the values these take) and the tree's text dump. */
#include "doctree.h"
#include "i18n.h"
#include "dates.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>

static const char *const STYLE[] = {
  "font", "size", "bold", "color", "align", "indent", "line-pitch", "letter-spacing",
  "space-before", "space-after", "keep-with-next", "style", NULL
};

static const char *const A_DOCUMENT[] = {
  "paper", "orientation", "margin-top", "margin-bottom", "margin-left", "margin-right",
  "title", "author", "subject", "keywords", "creator", "created", "watermark",
  "page-number", "page-number-position", "page-number-font", "page-number-size",
  "page-number-offset", "grid-lines", "grid-chars", "bookmarks", "formats", "doc-number", "pdfa", NULL
};
static const char *const A_NONE[] = { NULL };
static const char *const A_HEADING[] = { "level", "number", "bookmark", NULL };
static const char *const A_LIST[] = { "marker", NULL };
static const char *const A_TABLE[] = { "border", "header-repeat", "cell-padding", "rule-style", "width", NULL };
static const char *const A_COL[] = { "width", "min", "max", "align", NULL };
static const char *const A_TR[] = { "kind", "height", "continued", NULL };
static const char *const A_TD[] = { "colspan", "rowspan", "align", "valign", "bold", NULL };
static const char *const A_CHART[] = { "type", "width", "height", "title", "unit", NULL };
static const char *const A_SERIES[] = { "name", "color", NULL };
static const char *const A_POINT[] = { "label", "value", "start", "end", "unit", NULL };
static const char *const A_IMAGE[] = { "src", "width", "height", NULL };
static const char *const A_LINE[] = { NULL };
static const char *const A_SIGNATURE[] = { "sealed", NULL };
static const char *const A_SPACER[] = { "height", NULL };
static const char *const A_RULE[] = { "thickness", "width", "below-text", NULL };
static const char *const A_BOX[] = { "border", "padding", "width", "height", NULL };
static const char *const A_SPAN[] = { "sup", "hang", NULL };

/* What elements hold (dt_element.content). */
static const char C_INLINE[] = " #inline ";
static const char C_BLOCKS[] = " #block ";
static const char C_FURNITURE[] = " #inline page-number page-count ";

/* In the order of dt_id: ELEMENTS[id - 1] is the element id. */
static const dt_element ELEMENTS[] = {
  { "document", DTE_DOCUMENT, DT_PART, A_DOCUMENT, " header footer section #block " },
  { "section", DTE_SECTION, DT_PART, A_DOCUMENT, " header footer #block " },
  { "header", DTE_HEADER, DT_PART, A_NONE, C_FURNITURE },
  { "footer", DTE_FOOTER, DT_PART, A_NONE, C_FURNITURE },
  { "title", DTE_TITLE, DT_BLOCK, A_NONE, C_INLINE },
  { "heading", DTE_HEADING, DT_BLOCK, A_HEADING, C_INLINE },
  { "p", DTE_P, DT_BLOCK, A_NONE, C_INLINE },
  { "list", DTE_LIST, DT_BLOCK, A_LIST, " item " },
  { "item", DTE_ITEM, DT_PART, A_NONE, C_INLINE },
  { "table", DTE_TABLE, DT_BLOCK, A_TABLE, " col thead tbody " },
  { "col", DTE_COL, DT_PART, A_COL, NULL },
  { "thead", DTE_THEAD, DT_PART, A_NONE, " tr " },
  { "tbody", DTE_TBODY, DT_PART, A_NONE, " tr " },
  { "tr", DTE_TR, DT_PART, A_TR, " td " },
  { "td", DTE_TD, DT_PART, A_TD, C_INLINE },
  { "chart", DTE_CHART, DT_BLOCK, A_CHART, " series " },
  { "series", DTE_SERIES, DT_PART, A_SERIES, " point " },
  { "point", DTE_POINT, DT_PART, A_POINT, NULL },
  { "image", DTE_IMAGE, DT_BLOCK, A_IMAGE, NULL },
  { "page-break", DTE_PAGE_BREAK, DT_BLOCK, A_NONE, NULL },
  { "keep", DTE_KEEP, DT_BLOCK, A_NONE, C_BLOCKS },
  { "signature", DTE_SIGNATURE, DT_BLOCK, A_SIGNATURE, " line " },
  { "line", DTE_LINE, DT_PART, A_LINE, C_INLINE },
  { "spacer", DTE_SPACER, DT_BLOCK, A_SPACER, NULL },
  { "rule", DTE_RULE, DT_BLOCK, A_RULE, NULL },
  { "colophon", DTE_COLOPHON, DT_BLOCK, A_NONE, " cc issuer date " },
  { "cc", DTE_CC, DT_PART, A_NONE, C_INLINE },
  { "issuer", DTE_ISSUER, DT_PART, A_NONE, C_INLINE },
  { "date", DTE_DATE, DT_PART, A_NONE, C_INLINE },
  { "box", DTE_BOX, DT_BLOCK, A_BOX, C_BLOCKS },
  { "span", DTE_SPAN, DT_INLINE, A_SPAN, C_INLINE },
  { "b", DTE_B, DT_INLINE, A_NONE, C_INLINE },
  { "br", DTE_BR, DT_INLINE, A_NONE, NULL },
  { "page-number", DTE_PAGE_NUMBER, DT_INLINE, A_NONE, NULL },
  { "page-count", DTE_PAGE_COUNT, DT_INLINE, A_NONE, NULL },
};

/* Layout asks for the element of every node it styles: the first letter
 * rules out most entries before a string comparison. */
const dt_element *doctree_lookup(const char *name)
{
  for (size_t i = 0; i < sizeof ELEMENTS / sizeof ELEMENTS[0]; i++)
    if (ELEMENTS[i].name[0] == name[0] && strcmp(ELEMENTS[i].name, name) == 0) return &ELEMENTS[i];
  return NULL;
}

dt_id doctree_id(const char *name)
{
  const dt_element *e = doctree_lookup(name);
  return e ? e->id : DTE_NONE;
}

int doctree_attr_allowed(const dt_element *e, const char *attr)
{
  for (const char *const *a = e->attrs; *a; a++)
    if (strcmp(*a, attr) == 0) return 1;
  for (const char *const *a = STYLE; *a; a++)
    if (strcmp(*a, attr) == 0) return 1;
  return 0;
}

/* Whether the word w is one of the words between spaces in list. */
static int word_in(const char *list, const char *w)
{
  size_t n = strlen(w);
  if (!n || strchr(w, ' ')) return 0;
  for (const char *p = strstr(list, w); p; p = strstr(p + 1, w))
    if (p > list && p[-1] == ' ' && p[n] == ' ') return 1;
  return 0;
}

int doctree_may_hold(const dt_element *e, const char *child)
{
  const char *allowed = e->content ? e->content : " ";
  const dt_element *c = child ? doctree_lookup(child) : NULL;
  int is_inline = !child || (c && c->kind == DT_INLINE && c->id != DTE_PAGE_NUMBER &&
                             c->id != DTE_PAGE_COUNT);
  if (is_inline && word_in(allowed, "#inline")) return 1;
  if (c && c->kind == DT_BLOCK && word_in(allowed, "#block")) return 1;
  return child && word_in(allowed, child);
}

/* ---- attribute values --------------------------------------------------- */

typedef struct value_row {
  const char *attr;
  const char *element;   /* NULL: on any element */
  dt_value kind;
  const char *words;
} value_row;

static const char FONTS[] = " song hei kai fangsong xbs ";
static const char YES_NO[] = " yes no ";

static const value_row VALUES[] = {
  { "paper", NULL, DTV_WORD, " A4 A3 " },
  { "orientation", NULL, DTV_WORD, " portrait landscape " },
  { "page-number", NULL, DTV_WORD, " none dash of-total plain " },
  { "page-number-position", NULL, DTV_WORD, " outer center right left " },
  { "font", NULL, DTV_WORD, FONTS },
  { "page-number-font", NULL, DTV_WORD, FONTS },
  { "bold", NULL, DTV_WORD, YES_NO },
  { "keep-with-next", NULL, DTV_WORD, YES_NO },
  { "header-repeat", NULL, DTV_WORD, YES_NO },
  { "bookmarks", NULL, DTV_WORD, YES_NO },
  { "pdfa", NULL, DTV_WORD, YES_NO },
  { "bookmark", NULL, DTV_WORD, YES_NO },
  { "sup", NULL, DTV_WORD, YES_NO },
  { "sealed", NULL, DTV_WORD, YES_NO },
  { "hang", NULL, DTV_WORD, YES_NO },
  { "align", NULL, DTV_WORD, " left center right justify " },
  { "valign", NULL, DTV_WORD, " top middle bottom " },
  { "rule-style", NULL, DTV_WORD, " grid three-line " },
  { "kind", "tr", DTV_WORD, " normal group subtotal total " },
  { "type", "chart", DTV_WORD, " bar stacked-bar pie timeline " },
  { "color", NULL, DTV_COLOR, NULL },
  { "colspan", NULL, DTV_COUNT, NULL },
  { "rowspan", NULL, DTV_COUNT, NULL },
  { "grid-lines", NULL, DTV_COUNT, NULL },
  { "grid-chars", NULL, DTV_COUNT, NULL },
  { "created", NULL, DTV_DATE, NULL },
  { "start", NULL, DTV_DATE, NULL },
  { "end", NULL, DTV_DATE, NULL },
  { "size", NULL, DTV_SIZE, NULL },
  { "page-number-size", NULL, DTV_SIZE, NULL },
  { "indent", NULL, DTV_LENGTH, NULL },
  { "line-pitch", NULL, DTV_LENGTH, NULL },
  { "letter-spacing", NULL, DTV_LENGTH, NULL },
  { "space-before", NULL, DTV_LENGTH, NULL },
  { "space-after", NULL, DTV_LENGTH, NULL },
  { "margin-top", NULL, DTV_LENGTH, NULL },
  { "margin-bottom", NULL, DTV_LENGTH, NULL },
  { "margin-left", NULL, DTV_LENGTH, NULL },
  { "margin-right", NULL, DTV_LENGTH, NULL },
  { "page-number-offset", NULL, DTV_LENGTH, NULL },
  { "height", NULL, DTV_LENGTH, NULL },
  { "thickness", NULL, DTV_LENGTH, NULL },
  { "below-text", NULL, DTV_LENGTH, NULL },
  { "border", NULL, DTV_LENGTH, NULL },
  { "padding", NULL, DTV_LENGTH, NULL },
  { "cell-padding", NULL, DTV_LENGTH, NULL },
  { "min", NULL, DTV_LENGTH, NULL },
  { "max", NULL, DTV_LENGTH, NULL },
  { "width", "col", DTV_COL_WIDTH, NULL },
  { "width", "table", DTV_WIDTH, NULL },
  { "width", "rule", DTV_WIDTH, NULL },
  { "width", NULL, DTV_LENGTH, NULL },
};

dt_value_rule doctree_value_rule(const char *element, const char *attr)
{
  for (size_t i = 0; i < sizeof VALUES / sizeof VALUES[0]; i++) {
    const value_row *r = &VALUES[i];
    if (strcmp(r->attr, attr) == 0 && (!r->element || strcmp(r->element, element) == 0))
      return (dt_value_rule){ r->kind, r->words };
  }
  return (dt_value_rule){ DTV_ANY, NULL };
}

int doctree_length(const char *s, double *value, dt_unit *unit)
{
  char *end;
  double v = strtod(s, &end);
  if (end == s || !isfinite(v) || fabs(v) > 100000) return -1;
  while (*end == ' ') end++;
  if (!*end || strcmp(end, "pt") == 0) *unit = DTU_PT;
  else if (strcmp(end, "mm") == 0) *unit = DTU_MM;
  else if (strcmp(end, "cm") == 0) *unit = DTU_CM;
  else if (strcmp(end, "em") == 0) *unit = DTU_EM;
  else if (strcmp(end, "lines") == 0 || strcmp(end, "line") == 0) *unit = DTU_LINES;
  else return -1;
  *value = v;
  return 0;
}

static int is_hex(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Whether v is a number followed by the one character c ("50%", "2*"). */
static int number_then(const char *v, char c)
{
  size_t n = strlen(v);
  if (n < 2 || v[n - 1] != c) return 0;
  char *end;
  double d = strtod(v, &end);
  return end == v + n - 1 && isfinite(d);
}

int doctree_value_ok(dt_value_rule r, const char *v)
{
  double d;
  dt_unit u;
  switch (r.kind) {
  case DTV_ANY:
    return 1;
  case DTV_WORD:
    return word_in(r.words, v);
  case DTV_COLOR:
    if (strcmp(v, "black") == 0 || strcmp(v, "red") == 0 || strcmp(v, "white") == 0 ||
        strcmp(v, "gray") == 0 || strcmp(v, "grey") == 0) return 1;
    if (strlen(v) != 7 || v[0] != '#') return 0;
    for (int i = 1; i < 7; i++)
      if (!is_hex(v[i])) return 0;
    return 1;
  case DTV_COUNT: {
    char *end;
    long k = strtol(v, &end, 10);
    return v[0] >= '1' && v[0] <= '9' && !*end && k >= 1;
  }
  case DTV_DATE: {
    dates_ymd dt;
    return dates_parse(v, 0, &dt) == DATE_OK;
  }
  case DTV_LENGTH:
    return doctree_length(v, &d, &u) == 0;
  case DTV_WIDTH:
    return doctree_length(v, &d, &u) == 0 || number_then(v, '%');
  case DTV_COL_WIDTH:
    return doctree_length(v, &d, &u) == 0 || number_then(v, '%') || number_then(v, '*') ||
           strcmp(v, "*") == 0 || strcmp(v, "auto") == 0;
  case DTV_SIZE:
    if (doctree_length(v, &d, &u) != 0) return 0;
    if (u == DTU_EM || u == DTU_LINES) return 1;
    d *= u == DTU_MM ? 72 / 25.4 : u == DTU_CM ? 720 / 25.4 : 1;
    return d >= 2 && d <= 400;
  }
  return 0;
}

char *doctree_value_what(dt_value_rule r)
{
  switch (r.kind) {
  case DTV_WORD: {
    char *list = xstrndup(r.words + 1, strlen(r.words) - 2);
    for (char *c = list; *c; c++)
      if (*c == ' ') *c = '|';
    char *s = xasprintf(_("one of %s"), list);
    free(list);
    return s;
  }
  case DTV_COLOR: return xstrdup(_("black, red or #RRGGBB"));
  case DTV_COUNT: return xstrdup(_("a whole number from 1"));
  case DTV_DATE: return xstrdup(_("a date YYYY-MM-DD"));
  case DTV_LENGTH: return xstrdup(_("a length (e.g. 16pt, 37mm, 2em, 1.5lines)"));
  case DTV_WIDTH: return xstrdup(_("a length (e.g. 37mm) or a percentage"));
  case DTV_COL_WIDTH: return xstrdup(_("a length (e.g. 37mm), a percentage, a share (2*) or auto"));
  case DTV_SIZE: return xstrdup(_("a font size in pt (2 to 400)"));
  case DTV_ANY: break;
  }
  return xstrdup("any text");
}

/* ---- packed rows -------------------------------------------------------- */

int doctree_pack(xmlNodePtr parent, int n)
{
  xmlNodePtr first = parent->last;
  for (int i = 1; i < n && first; i++) first = first->prev;
  if (!first || n < 1) return -1;
  xmlBufferPtr buf = xmlBufferCreate();
  xmlSaveCtxtPtr save = buf ? xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_NO_DECL | XML_SAVE_AS_XML) : NULL;
  int rc = save ? 0 : -1;
  for (xmlNodePtr c = first; c && rc == 0; c = c->next)
    if (xmlSaveTree(save, c) < 0) rc = -1;
  if (save && xmlSaveClose(save) < 0) rc = -1;
  xmlNodePtr text = rc == 0 ? xmlNewDocTextLen(parent->doc, xmlBufferContent(buf), xmlBufferLength(buf)) : NULL;
  xmlNodePtr packed = text ? xmlNewDocNode(parent->doc, NULL, (const xmlChar *)DOCTREE_PACKED, NULL) : NULL;
  xmlBufferFree(buf);
  if (!packed) {
    xmlFreeNode(text);
    return -1;
  }
  while (first) {
    xmlNodePtr next = first->next;
    xmlUnlinkNode(first);
    xmlFreeNode(first);
    first = next;
  }
  xmlAddChild(packed, text);
  xmlAddChild(parent, packed);
  return 0;
}

/* The parser's messages about a packed element are not the user's: unpack
 * reports its failure itself. */
static void quiet(void *ctx, xmlError *e)
{
  (void)ctx;
  (void)e;
}

static int unpack_one(xmlNodePtr packed)
{
  xmlNodePtr parent = packed->parent, list = NULL;
  const xmlChar *s = packed->children ? packed->children->content : NULL;
  int len = s ? xmlStrlen(s) : 0;
  if (!parent || !len) return -1;
  xmlStructuredErrorFunc prev = xmlStructuredError;
  void *prev_ctx = xmlStructuredErrorContext;
  xmlSetStructuredErrorFunc(NULL, quiet);
  /* the text is the serializer's own: huge text nodes are allowed, nothing
   * is fetched */
  xmlParserErrors err = xmlParseInNodeContext(parent, (const char *)s, len,
                                              XML_PARSE_HUGE | XML_PARSE_NONET, &list);
  xmlSetStructuredErrorFunc(prev_ctx, prev);
  if (err != XML_ERR_OK) {
    xmlFreeNodeList(list);
    return -1;
  }
  while (list) {
    xmlNodePtr next = list->next;
    list->next = list->prev = NULL;
    list->parent = NULL;
    xmlAddPrevSibling(packed, list);
    list = next;
  }
  xmlUnlinkNode(packed);
  xmlFreeNode(packed);
  return 0;
}

/* Packed elements stand among a table body's rows; rows hold cells of
 * inline content only, so the walk does not go into them. */
int doctree_unpack(xmlDocPtr tree)
{
  xmlNodePtr root = xmlDocGetRootElement(tree), n = root;
  while (n) {
    if (n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, (const xmlChar *)DOCTREE_PACKED)) {
      xmlNodePtr prev = n->prev, parent = n->parent;
      if (unpack_one(n) != 0) return -1;
      n = prev ? prev : parent->children;   /* the first restored row, or one before it */
      continue;
    }
    if (n->type == XML_ELEMENT_NODE && n->children && !xmlStrEqual(n->name, (const xmlChar *)"tr")) {
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next) n = n->parent;
    n = n && n != root ? n->next : NULL;
  }
  return 0;
}

/* ---- text dump ---------------------------------------------------------- */

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
