/* template.c: template loading, compilation and expansion (template.h).
 *
 * Loading parses the template file (and its includes) with libxml2, checks every
 * element and attribute against the document-tree vocabulary (doctree.h) and
 * the control elements, splits text and attribute values into literal parts
 * and {XPath} placeholders, and compiles every expression. Each expression is
 * also scanned for function calls and variables (libxml2 compiles unknown ones
 * without complaint) and evaluated once against an empty data document, so a
 * typo fails at load time with "TEMPLATE:LINE: error: ...".
 *
 * The compiled template is a tree of tnodes; expansion walks it against a data
 * document and builds the document tree. Recursion follows the template's
 * nesting, which is bounded (TPL_MAX_NESTING), never the data's. Expressions
 * of a few common forms (a field, a field compared with a literal, rg:if ...)
 * are also compiled for direct evaluation, which gives what XPath gives at a
 * fraction of its cost; XPath evaluates the rest, and whatever a direct
 * evaluation does not cover. */
#include "template.h"
#include "doctree.h"
#include "util.h"
#include "xpathfn.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

enum {
  TPL_MAX_FILE = 4 << 20,        /* bytes in one template file */
  TPL_MAX_INCLUDE_DEPTH = 8,     /* includes inside includes */
  TPL_MAX_NESTING = 64,          /* element nesting, includes counted */
  TPL_MAX_VARS = 64,             /* variables in scope at once */
  TPL_MAX_LOOP = 100000,         /* items in one for-each */
  TPL_MAX_OUT_NODES = 2000000,   /* elements and texts in one expanded tree */
  TPL_MAX_OUT_BYTES = 64 << 20,  /* text and attribute bytes in one tree */
  TPL_MAX_VALUE_BYTES = 32 << 20 /* one evaluated string (a variable, a placeholder) */
};
#define TPL_OP_LIMIT 500000UL    /* XPath operations per evaluation */

/* Expressions that expansion evaluates itself, without XPath (see
 * direct_compile and "direct evaluation" below): libxml2 spends some thousands
 * of instructions on any evaluation, and most placeholders and tests are a
 * field of the current item, a field compared with a literal, or one of a few
 * functions of those. A tree of dexprs, each with the XPath type of its value. */
typedef enum dop {
  D_PATH,        /* ".", "name" or "a/b/c": child steps of plain names */
  D_POSITION,    /* position() */
  D_LAST,        /* last() */
  D_NUMBER,      /* a whole number written out: at most 9 digits */
  D_LITERAL,     /* 'text' or "text" */
  D_EQ, D_NE,    /* a = b, a != b: node-sets and strings, not two node-sets */
  D_NOT,         /* not(a) */
  D_TRANSLATE,   /* translate(s, from, to) */
  D_SUBSTRING,   /* substring(s, start[, length]), start and length D_NUMBERs */
  D_IF,          /* rg:if(test, then[, else]) */
  D_IF_EMPTY,    /* rg:if-empty(a, b) */
  D_UNIT_NAME,   /* rg:unit-name(id) */
  D_LOOKUP,      /* rg:lookup(path, field, value) */
  D_VAR          /* $name, where its string or boolean value is taken */
} dop;

/* The XPath type of a dexpr's value; DT_VALUE: a variable's, known only
 * when it is evaluated. */
typedef enum dtype { DT_NODES, DT_NUMBER, DT_STRING, DT_BOOLEAN, DT_VALUE } dtype;

enum {
  TPL_DIRECT_STEPS = 8,    /* steps in a D_PATH */
  TPL_DIRECT_DEPTH = 8,    /* nesting of calls in a direct expression */
  /* children a direct evaluation may look at before it leaves the expression
   * to XPath, well below the operation limit XPath counts them against */
  TPL_DIRECT_VISITS = (int)(TPL_OP_LIMIT / 2)
};

typedef struct dexpr {
  dop op;
  dtype type;
  int nargs;
  struct dexpr *arg[3];
  char *text;      /* D_PATH: the step names, each ended by a NUL; D_LITERAL; D_VAR: the name */
  int nsteps;      /* D_PATH: 0 for "." */
  long num;        /* D_NUMBER */
} dexpr;

typedef struct texpr {
  xmlXPathCompExprPtr comp;
  char *src;
  dexpr *direct;   /* the same expression for direct evaluation, or NULL */
} texpr;

/* A text or attribute value: literal parts and placeholders, in order. */
typedef struct tpart {
  char *lit;       /* literal text, or NULL for a placeholder */
  texpr expr;
  int line;        /* where the placeholder is in the template */
} tpart;

typedef struct tstr {
  tpart *parts;
  int n;
} tstr;

typedef struct tattr {
  char *name;
  xmlChar *dname;        /* name in template.dict */
  tstr val;
} tattr;

typedef enum tkind {
  TK_ELEM,       /* an element of the document tree */
  TK_TEXT,       /* text with placeholders */
  TK_FOREACH,
  TK_IF,
  TK_CHOOSE,     /* children are TK_WHEN, then at most one TK_OTHERWISE */
  TK_WHEN,
  TK_OTHERWISE,
  TK_VAR,
  TK_GROUP       /* the content of an included fragment: its own variable scope */
} tkind;

enum { NUM_AUTO, NUM_NONE, NUM_RESTART };

typedef struct tnode {
  tkind kind;
  const char *file;      /* borrowed from template.files */
  int line;
  char *name;            /* element name (TK_ELEM) or variable name (TK_VAR) */
  xmlChar *dname;        /* TK_ELEM: name in template.dict */
  tattr *attrs;
  int nattrs;
  tstr text;             /* TK_TEXT */
  texpr expr;            /* select or test */
  texpr sort;            /* for-each sort key, comp NULL if none */
  int descending, numeric;
  int level;             /* heading level 1..4, 0 for other elements */
  int numbering;         /* NUM_* for headings */
  struct tnode *child, *next;
} tnode;

struct template {
  char *kind;
  int strict;
  long max_nodes;
  char **files;
  int nfiles;
  tnode *root;
  /* the names of the elements and attributes expansion makes, a dictionary
   * that every expanded document shares (xmlDictReference): nodes take their
   * names from it without a copy */
  xmlDictPtr dict;
  xmlChar *number_name;  /* "number", the attribute of heading numbers */
};

/* ---- freeing ------------------------------------------------------------ */

static void dexpr_free(dexpr *x)
{
  if (!x) return;
  for (int i = 0; i < x->nargs; i++) dexpr_free(x->arg[i]);
  free(x->text);
  free(x);
}

static void expr_free(texpr *x)
{
  if (x->comp) xmlXPathFreeCompExpr(x->comp);
  free(x->src);
  dexpr_free(x->direct);
}

static void tstr_free(tstr *s)
{
  for (int i = 0; i < s->n; i++) {
    free(s->parts[i].lit);
    expr_free(&s->parts[i].expr);
  }
  free(s->parts);
}

/* Frees a list of siblings; recursion depth is the template nesting (bounded). */
static void tnode_free(tnode *n)
{
  while (n) {
    tnode *next = n->next;
    free(n->name);
    for (int i = 0; i < n->nattrs; i++) {
      free(n->attrs[i].name);
      tstr_free(&n->attrs[i].val);
    }
    free(n->attrs);
    tstr_free(&n->text);
    expr_free(&n->expr);
    expr_free(&n->sort);
    tnode_free(n->child);
    free(n);
    n = next;
  }
}

void template_free(template *t)
{
  if (!t) return;
  tnode_free(t->root);
  for (int i = 0; i < t->nfiles; i++) free(t->files[i]);
  free(t->files);
  free(t->kind);
  xmlDictFree(t->dict);
  free(t);
}

const char *template_kind(const template *t) { return t->kind; }

static void count_expr(const texpr *x, int *direct, int *total)
{
  if (!x->comp) return;
  *direct += x->direct != NULL;
  (*total)++;
}

static void count_tstr(const tstr *s, int *direct, int *total)
{
  for (int i = 0; i < s->n; i++)
    if (!s->parts[i].lit) count_expr(&s->parts[i].expr, direct, total);
}

/* Counts the expressions of a list of siblings; recursion depth is the
 * template nesting (bounded). */
static void count_list(const tnode *n, int *direct, int *total)
{
  for (; n; n = n->next) {
    for (int i = 0; i < n->nattrs; i++) count_tstr(&n->attrs[i].val, direct, total);
    count_tstr(&n->text, direct, total);
    count_expr(&n->expr, direct, total);
    count_expr(&n->sort, direct, total);
    count_list(n->child, direct, total);
  }
}

int template_direct_count(const template *t, int *total)
{
  int direct = 0, all = 0;
  count_list(t->root, &direct, &all);
  if (total) *total = all;
  return direct;
}

/* ---- loading: state and errors ------------------------------------------ */

typedef struct loader {
  template *t;
  diag_list *d;
  xmlXPathContextPtr xp;     /* rg functions, an empty data document */
  xmlDocPtr empty;
  char *chain[TPL_MAX_INCLUDE_DEPTH + 2];  /* real paths of the files being read */
  const char *shown[TPL_MAX_INCLUDE_DEPTH + 2];  /* the same as named (borrowed) */
  int nchain;
  char *vars[TPL_MAX_VARS];  /* variables in scope (borrowed names) */
  int nvars;
  const char *parent;        /* the enclosing document-tree element (content check) */
  int choose_next;           /* the next list compiled is a <choose>'s content */
  int cursor;                /* the template line reached while compiling (libxml2
                                gives element lines, not where a text's lines are) */
  int errors;
  char xperr[512];           /* the last XPath error message */
} loader;

/* Adds "FILE:LINE: error: ..." (no line when line <= 0) to d. */
static void add_verr(diag_list *d, const char *file, int line, const char *fmt, va_list ap)
{
  strbuf b = {0};
  sb_vaddf(&b, fmt, ap);
  char place[32];
  snprintf(place, sizeof place, "%d", line);
  diag_add_file(d, DIAG_ERROR, file, line > 0 ? place : NULL, "%s", sb_str(&b));
  sb_free(&b);
}

static void lerr(loader *L, const char *file, int line, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));

static void lerr(loader *L, const char *file, int line, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  add_verr(L->d, file, line, fmt, ap);
  va_end(ap);
  L->errors++;
}

/* A doubtful construct: a warning, or an error under strict. */
static void lcontent(loader *L, const char *file, int line, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));

static void lcontent(loader *L, const char *file, int line, const char *fmt, ...)
{
  strbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&b, fmt, ap);
  va_end(ap);
  if (L->t->strict) {
    lerr(L, file, line, "%s", sb_str(&b));
  } else {
    char place[32];
    snprintf(place, sizeof place, "%d", line);
    diag_add_file(L->d, DIAG_WARNING, file, place, "%s (layout ignores it)", sb_str(&b));
  }
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
  else snprintf(buf, 512, "XPath error %d", e->code);
  size_t n = strlen(buf);
  while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ')) buf[--n] = '\0';
}

/* A new XPath context over doc with the rg functions, an operation limit and
 * errors going to errbuf (512 bytes). Returns NULL if libxml2 refuses. */
static xmlXPathContextPtr xp_new(xmlDocPtr doc, char *errbuf)
{
  xmlXPathContextPtr xp = xmlXPathNewContext(doc);
  if (!xp) return NULL;
  if (xpathfn_register(xp) != 0) {
    xmlXPathFreeContext(xp);
    return NULL;
  }
  xp->opLimit = TPL_OP_LIMIT;
  xp->error = xp_error;
  xp->userData = errbuf;
  xp->node = xmlDocGetRootElement(doc);
  return xp;
}

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

/* ---- expression checks -------------------------------------------------- */

typedef struct core_fn {
  const char *name;
  int min, max;
} core_fn;

/* The XPath 1.0 core function library. */
static const core_fn CORE[] = {
  { "last", 0, 0 }, { "position", 0, 0 }, { "count", 1, 1 }, { "id", 1, 1 },
  { "local-name", 0, 1 }, { "namespace-uri", 0, 1 }, { "name", 0, 1 },
  { "string", 0, 1 }, { "concat", 2, -1 }, { "starts-with", 2, 2 }, { "contains", 2, 2 },
  { "substring-before", 2, 2 }, { "substring-after", 2, 2 }, { "substring", 2, 3 },
  { "string-length", 0, 1 }, { "normalize-space", 0, 1 }, { "translate", 3, 3 },
  { "boolean", 1, 1 }, { "not", 1, 1 }, { "true", 0, 0 }, { "false", 0, 0 },
  { "lang", 1, 1 }, { "number", 0, 1 }, { "sum", 1, 1 }, { "floor", 1, 1 },
  { "ceiling", 1, 1 }, { "round", 1, 1 },
};

static int name_char(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.' || c >= 0x80;
}

static int name_start(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

/* Skips a quoted literal starting at s[i]; returns the index after it. */
static size_t skip_literal(const char *s, size_t i)
{
  char q = s[i++];
  while (s[i] && s[i] != q) i++;
  return s[i] ? i + 1 : i;
}

/* Reads a QName at s[i]: stores the local part's start and the prefix length
 * (0 if none). Returns the index after it. An axis name ("child::") is not a
 * QName: the colon pair stays. */
static size_t read_qname(const char *s, size_t i, size_t *plen)
{
  size_t start = i;
  while (name_char((unsigned char)s[i])) i++;
  *plen = 0;
  if (s[i] == ':' && s[i + 1] != ':' && name_start((unsigned char)s[i + 1])) {
    *plen = i - start;
    i++;
    while (name_char((unsigned char)s[i])) i++;
  }
  return i;
}

/* Counts the arguments of a call whose '(' is at s[i]. */
static int count_args(const char *s, size_t i)
{
  int depth = 0, commas = 0, any = 0;
  for (; s[i]; i++) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      i = skip_literal(s, i) - 1;
      any = 1;
    } else if (c == '(' || c == '[') {
      if (depth++ > 0) any = 1;
    } else if (c == ')' || c == ']') {
      if (--depth == 0) break;
    } else if (c == ',' && depth == 1) {
      commas++;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      any = 1;
    }
  }
  return any ? commas + 1 : 0;
}

static int var_in_scope(const loader *L, const char *name, size_t n)
{
  for (int i = 0; i < L->nvars; i++)
    if (strlen(L->vars[i]) == n && strncmp(L->vars[i], name, n) == 0) return 1;
  return 0;
}

/* Scans src for function calls and variable references and reports unknown
 * functions, wrong argument counts and undefined variables. Returns the number
 * of errors. */
static int scan_expr(loader *L, const char *file, int line, const char *src)
{
  int errs = 0, parens = 0, brackets = 0;
  for (size_t k = 0; src[k]; k++) {
    if (src[k] == '\'' || src[k] == '"') {
      k = skip_literal(src, k) - 1;
      continue;
    }
    parens += (src[k] == '(') - (src[k] == ')');
    brackets += (src[k] == '[') - (src[k] == ']');
    if (parens < 0 || brackets < 0) break;
  }
  if (parens != 0 || brackets != 0) {   /* libxml2 accepts "f(" */
    lerr(L, file, line, "unbalanced %s in '%s'", parens ? "parentheses" : "brackets", src);
    return 1;
  }
  size_t i = 0;
  while (src[i]) {
    unsigned char c = (unsigned char)src[i];
    if (c == '\'' || c == '"') {
      i = skip_literal(src, i);
    } else if (c == '$') {
      size_t plen, start = i + 1;
      i = read_qname(src, start, &plen);
      if (i > start && !var_in_scope(L, src + start, i - start)) {
        lerr(L, file, line, "undefined variable $%.*s in '%s'", (int)(i - start), src + start, src);
        errs++;
      }
    } else if (c >= '0' && c <= '9') {
      while (name_char((unsigned char)src[i])) i++;
    } else if (name_start(c)) {
      size_t plen, start = i;
      i = read_qname(src, start, &plen);
      if (src[i] == ':' && src[i + 1] == ':') {   /* axis */
        i += 2;
        continue;
      }
      size_t j = i;
      while (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') j++;
      if (src[j] != '(') continue;
      char *name = xstrndup(src + start, i - start);
      const char *local = name + (plen ? plen + 1 : 0);
      static const char *const NOT_CALLS[] = {
        "node", "text", "comment", "processing-instruction", "and", "or", "div", "mod", NULL
      };
      int skip = 0;
      for (int k = 0; !plen && NOT_CALLS[k]; k++) skip |= strcmp(local, NOT_CALLS[k]) == 0;
      int min = 0, max = 0, found = 0;
      if (!skip && plen) {
        if (plen == strlen(XPATHFN_PREFIX) && strncmp(name, XPATHFN_PREFIX, plen) == 0)
          found = xpathfn_lookup(local, &min, &max);
      } else if (!skip) {
        for (size_t k = 0; k < sizeof CORE / sizeof CORE[0]; k++)
          if (strcmp(CORE[k].name, local) == 0) {
            found = 1;
            min = CORE[k].min;
            max = CORE[k].max;
          }
      }
      if (!skip && !found) {
        lerr(L, file, line, "unknown function %s() in '%s'", name, src);
        errs++;
      } else if (!skip) {
        int n = count_args(src, j);
        if (n < min || (max >= 0 && n > max)) {
          char want[32];
          if (max == min) snprintf(want, sizeof want, "%d", min);
          else if (max < 0) snprintf(want, sizeof want, "%d or more", min);
          else snprintf(want, sizeof want, "%d to %d", min, max);
          lerr(L, file, line, "%s() takes %s argument%s, not %d, in '%s'", name, want,
               max == 1 ? "" : "s", n, src);
          errs++;
        }
      }
      free(name);
    } else {
      i++;
    }
  }
  return errs;
}

static const char *xtype_name(xmlXPathObjectType t)
{
  switch (t) {
  case XPATH_NODESET: return "node-set";
  case XPATH_BOOLEAN: return "boolean";
  case XPATH_NUMBER: return "number";
  case XPATH_STRING: return "string";
  default: return "value";
  }
}

static int ascii_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ---- direct expressions ------------------------------------------------- */

/* direct_compile reads the forms of dop: one operand, or two compared with
 * '=' or '!='; an operand is a path of plain names, a literal, a whole number
 * or a call of position, last, not, translate, substring, rg:if, rg:if-empty,
 * rg:unit-name or rg:lookup, whose arguments may also be variables. Tokens
 * are read as XPath reads them (a name runs on through '-' and '.'), so that
 * what this parser takes means what XPath makes of it; anything else, even an
 * equivalent way of writing these, is left to XPath. The expression has
 * compiled (and its functions were checked) already. */
typedef struct dparse {
  const char *s;
  size_t i;
  int depth;
} dparse;

typedef struct dfn {
  const char *prefix, *name;
  dop op;
  dtype type;
  int min, max;
} dfn;

static const dfn DFNS[] = {
  { NULL, "position", D_POSITION, DT_NUMBER, 0, 0 },
  { NULL, "last", D_LAST, DT_NUMBER, 0, 0 },
  { NULL, "not", D_NOT, DT_BOOLEAN, 1, 1 },
  { NULL, "translate", D_TRANSLATE, DT_STRING, 3, 3 },
  { NULL, "substring", D_SUBSTRING, DT_STRING, 2, 3 },
  { XPATHFN_PREFIX, "if", D_IF, DT_STRING, 2, 3 },
  { XPATHFN_PREFIX, "if-empty", D_IF_EMPTY, DT_STRING, 2, 2 },
  { XPATHFN_PREFIX, "unit-name", D_UNIT_NAME, DT_STRING, 1, 1 },
  { XPATHFN_PREFIX, "lookup", D_LOOKUP, DT_NODES, 3, 3 },
};

static dexpr *dexpr_new(dop op, dtype type)
{
  dexpr *x = xcalloc(1, sizeof *x);
  x->op = op;
  x->type = type;
  return x;
}

static void dp_space(dparse *p)
{
  while (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r') p->i++;
}

/* Whether s[0..n) is a step name this parser takes: ASCII letters, digits and
 * '_', not one of XPath's operator names. */
static int plain_name(const char *s, size_t n)
{
  static const char *const operators[] = { "and", "or", "div", "mod", NULL };
  if (n == 0 || !(ascii_alpha(s[0]) || s[0] == '_')) return 0;
  for (size_t k = 1; k < n; k++)
    if (!ascii_alpha(s[k]) && !(s[k] >= '0' && s[k] <= '9') && s[k] != '_') return 0;
  for (const char *const *op = operators; *op; op++)
    if (strlen(*op) == n && strncmp(s, *op, n) == 0) return 0;
  return 1;
}

static dexpr *dp_expr(dparse *p);

/* The call whose name is s[start..end) (prefix length plen) and whose '('
 * is at p->i. Returns a new dexpr or NULL. */
static dexpr *dp_call(dparse *p, size_t start, size_t end, size_t plen)
{
  const char *s = p->s;
  const char *local = s + start + (plen ? plen + 1 : 0);
  size_t llen = (size_t)(s + end - local);
  const dfn *f = NULL;
  for (size_t k = 0; k < sizeof DFNS / sizeof DFNS[0]; k++) {
    const dfn *g = &DFNS[k];
    if ((g->prefix ? strlen(g->prefix) : 0) == plen && (!plen || strncmp(g->prefix, s + start, plen) == 0) &&
        strlen(g->name) == llen && strncmp(g->name, local, llen) == 0)
      f = g;
  }
  if (!f || p->depth >= TPL_DIRECT_DEPTH) return NULL;
  p->depth++;
  dexpr *x = dexpr_new(f->op, f->type);
  p->i++;
  dp_space(p);
  if (s[p->i] == ')') {
    p->i++;
  } else {
    for (;;) {
      dexpr *a = x->nargs < 3 ? dp_expr(p) : NULL;
      if (!a) goto fail;
      x->arg[x->nargs++] = a;
      dp_space(p);
      if (s[p->i] == ')') break;
      if (s[p->i++] != ',') goto fail;
    }
    p->i++;
  }
  p->depth--;
  if (x->nargs < f->min || x->nargs > f->max) goto fail;
  if (x->op == D_SUBSTRING)   /* whole numbers: XPath's rounding is then no rounding */
    for (int k = 1; k < x->nargs; k++)
      if (x->arg[k]->op != D_NUMBER) goto fail;
  return x;
fail:
  dexpr_free(x);
  return NULL;
}

/* An operand at p->i. Returns a new dexpr or NULL. */
static dexpr *dp_operand(dparse *p)
{
  const char *s = p->s;
  dp_space(p);
  size_t start = p->i;
  char c = s[start];
  if (c == '\'' || c == '"') {
    const char *close = strchr(s + start + 1, c);
    if (!close) return NULL;
    dexpr *x = dexpr_new(D_LITERAL, DT_STRING);
    x->text = xstrndup(s + start + 1, (size_t)(close - s) - start - 1);
    p->i = (size_t)(close - s) + 1;
    return x;
  }
  if (c >= '0' && c <= '9') {
    while (s[p->i] >= '0' && s[p->i] <= '9') p->i++;
    if (p->i - start > 9 || name_char((unsigned char)s[p->i])) return NULL;   /* "1.5", "1e3" */
    dexpr *x = dexpr_new(D_NUMBER, DT_NUMBER);
    x->num = strtol(s + start, NULL, 10);
    return x;
  }
  if (c == '.') {
    p->i++;
    if (s[p->i] == '.' || (s[p->i] >= '0' && s[p->i] <= '9')) return NULL;   /* "..", ".5" */
    return dexpr_new(D_PATH, DT_NODES);
  }
  size_t plen;
  if (c == '$') {
    if (!name_start((unsigned char)s[start + 1])) return NULL;
    p->i = read_qname(s, start + 1, &plen);
    if (plen || !plain_name(s + start + 1, p->i - start - 1)) return NULL;
    dexpr *x = dexpr_new(D_VAR, DT_VALUE);
    x->text = xstrndup(s + start + 1, p->i - start - 1);
    return x;
  }
  if (!name_start((unsigned char)c)) return NULL;
  size_t end = read_qname(s, start, &plen);
  p->i = end;
  dp_space(p);
  if (s[p->i] == '(') return dp_call(p, start, end, plen);
  /* a path: no white space inside it, no prefix, no axis, predicate or
   * other kind of step (what follows the last name is the caller's to judge) */
  p->i = end;
  if (plen || !plain_name(s + start, end - start)) return NULL;
  strbuf steps = {0};
  sb_addn(&steps, s + start, end - start);
  int n = 1;
  while (s[p->i] == '/') {
    size_t st = p->i + 1;
    p->i = name_start((unsigned char)s[st]) ? read_qname(s, st, &plen) : st;
    if (plen || !plain_name(s + st, p->i - st) || ++n > TPL_DIRECT_STEPS) {
      sb_free(&steps);
      return NULL;
    }
    sb_addc(&steps, '\0');
    sb_addn(&steps, s + st, p->i - st);
  }
  dexpr *x = dexpr_new(D_PATH, DT_NODES);
  x->text = sb_detach(&steps);
  x->nsteps = n;
  return x;
}

/* An operand, or two compared. Returns a new dexpr or NULL. */
static dexpr *dp_expr(dparse *p)
{
  dexpr *a = dp_operand(p);
  if (!a) return NULL;
  dp_space(p);
  dop op;
  if (p->s[p->i] == '=') {
    op = D_EQ;
    p->i++;
  } else if (p->s[p->i] == '!' && p->s[p->i + 1] == '=') {
    op = D_NE;
    p->i += 2;
  } else {
    return a;
  }
  dexpr *x = dexpr_new(op, DT_BOOLEAN);
  x->arg[x->nargs++] = a;
  dexpr *b = dp_operand(p);
  if (b) x->arg[x->nargs++] = b;
  /* node-sets and strings, not two node-sets: other kinds of comparison
   * convert to numbers or booleans, which this evaluation leaves to XPath */
  if (!b || (a->type != DT_NODES && a->type != DT_STRING) || (b->type != DT_NODES && b->type != DT_STRING) ||
      (a->type == DT_NODES && b->type == DT_NODES)) {
    dexpr_free(x);
    return NULL;
  }
  return x;
}

/* The direct form of src, or NULL when src is not one of the forms. */
static dexpr *direct_compile(const char *src)
{
  dparse p = { src, 0, 0 };
  dexpr *x = dp_expr(&p);
  dp_space(&p);
  if (x && (src[p.i] || x->type == DT_VALUE)) {   /* a variable's value is XPath's to give */
    dexpr_free(x);
    x = NULL;
  }
  return x;
}

/* Compiles src into x, checking it as described at the top. want_nodeset: the
 * expression must give a node-set (a for-each select). Returns 0 or -1. */
static int compile_expr(loader *L, const char *file, int line, const char *src, int want_nodeset,
                        texpr *x)
{
  memset(x, 0, sizeof *x);
  x->src = xstrdup(src);
  const char *p = src;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
  if (!*p) {
    lerr(L, file, line, "empty expression");
    return -1;
  }
  /* the syntax as written first ("a) or (b" must not pass once wrapped) */
  L->xperr[0] = '\0';
  xmlXPathCompExprPtr bare = xmlXPathCtxtCompile(L->xp, (const xmlChar *)src);
  if (!bare) {
    lerr(L, file, line, "XPath expression does not compile: '%s': %s", src,
         L->xperr[0] ? L->xperr : "syntax error");
    return -1;
  }
  xmlXPathFreeCompExpr(bare);
  if (scan_expr(L, file, line, src) > 0) return -1;
  /* In parentheses: libxml2 compiles a bare path (no '[', '(', '@') for its
   * streaming evaluator, which walks the whole document below the context
   * node for every evaluation (and fails past the operation limit on a large
   * county); "(path)" is the same expression, evaluated step by step. */
  char *wrapped = xasprintf("(%s)", src);
  x->comp = xmlXPathCtxtCompile(L->xp, (const xmlChar *)wrapped);
  free(wrapped);
  if (!x->comp) {
    lerr(L, file, line, "XPath expression does not compile: '%s'", src);
    return -1;
  }
  L->xperr[0] = '\0';
  L->xp->node = xmlDocGetRootElement(L->empty);
  L->xp->contextSize = 1;
  L->xp->proximityPosition = 1;
  L->xp->opCount = 0;
  xmlXPathObjectPtr r = xmlXPathCompiledEval(x->comp, L->xp);
  if (!r) {
    lerr(L, file, line, "XPath expression fails: '%s': %s", src,
         L->xperr[0] ? L->xperr : "evaluation error");
    return -1;
  }
  int rc = 0;
  if (want_nodeset && r->type != XPATH_NODESET) {
    lerr(L, file, line, "for-each select must give a node-set, not a %s: '%s'",
         xtype_name(r->type), src);
    rc = -1;
  }
  xmlXPathFreeObject(r);
  if (rc == 0) x->direct = direct_compile(src);
  return rc;
}

/* ---- placeholders ------------------------------------------------------- */

static char *normalize_text(const char *s);

/* Adds the literal in lit (normalized as template text when normalize) and
 * empties lit. */
static void tstr_add_lit(tstr *s, strbuf *lit, int normalize)
{
  char *text = normalize ? normalize_text(sb_str(lit)) : sb_detach(lit);
  sb_reset(lit);
  if (!text[0]) {
    free(text);
    return;
  }
  s->parts = xrealloc(s->parts, (size_t)(s->n + 1) * sizeof *s->parts);
  memset(&s->parts[s->n], 0, sizeof s->parts[s->n]);
  s->parts[s->n++].lit = text;
}

static int count_lines(const char *s, size_t n)
{
  int k = 0;
  for (size_t i = 0; i < n && s[i]; i++) k += s[i] == '\n';
  return k;
}

/* Splits v, which starts on template line `line`, into literal parts and
 * {expr} placeholders ({{ and }} are literal braces); text (normalize) drops
 * the template's own line breaks from the literals. Returns 0, or -1 after
 * reporting. */
static int parse_value(loader *L, const char *file, int line, const char *v, int normalize,
                       tstr *out)
{
  strbuf lit = {0};
  int rc = 0;
  size_t i = 0;
  char *shown = normalize_text(v);   /* for messages: one line */
  while (v[i]) {
    if (v[i] == '{' && v[i + 1] == '{') {
      sb_addc(&lit, '{');
      i += 2;
    } else if (v[i] == '}' && v[i + 1] == '}') {
      sb_addc(&lit, '}');
      i += 2;
    } else if (v[i] == '}') {
      lerr(L, file, line, "a lone '}' in '%s' (write '}}' for a brace)", shown);
      rc = -1;
      break;
    } else if (v[i] == '{') {
      size_t j = i + 1;
      while (v[j] && v[j] != '}') {
        if (v[j] == '\'' || v[j] == '"') j = skip_literal(v, j);
        else j++;
      }
      if (!v[j]) {
        lerr(L, file, line, "a '{' without its '}' in '%s' (write '{{' for a brace)", shown);
        rc = -1;
        break;
      }
      tstr_add_lit(out, &lit, normalize);
      out->parts = xrealloc(out->parts, (size_t)(out->n + 1) * sizeof *out->parts);
      tpart *p = &out->parts[out->n++];
      memset(p, 0, sizeof *p);
      p->line = line;
      char *src = xstrndup(v + i + 1, j - i - 1);
      if (compile_expr(L, file, line, src, 0, &p->expr) != 0) rc = -1;
      free(src);
      line += count_lines(v + i, j - i);
      i = j + 1;
    } else {
      line += v[i] == '\n';
      sb_addc(&lit, v[i++]);
    }
  }
  if (rc == 0) tstr_add_lit(out, &lit, normalize);
  sb_free(&lit);
  free(shown);
  return rc;
}

/* Template text: a whitespace run that holds a line break is layout of the
 * template file, not content, and is dropped. Returns a new string. */
static char *normalize_text(const char *s)
{
  strbuf b = {0};
  size_t i = 0;
  while (s[i]) {
    size_t j = i;
    int nl = 0;
    while (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
      if (s[j] == '\n' || s[j] == '\r') nl = 1;
      j++;
    }
    if (j > i) {
      if (!nl) sb_addn(&b, s + i, j - i);
      i = j;
    } else {
      sb_addc(&b, s[i++]);
    }
  }
  return sb_detach(&b);
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

/* What each document-tree element may hold (doctree.h): names between spaces;
 * #block is any block, #inline text and the inline elements other than
 * page-number and page-count. Elements not listed hold nothing. */
static const char *const CONTENT[][2] = {
  { "document", " header footer section #block " },
  { "section", " header footer #block " },
  { "header", " #inline page-number page-count " },
  { "footer", " #inline page-number page-count " },
  { "title", " #inline " }, { "heading", " #inline " }, { "p", " #inline " },
  { "item", " #inline " }, { "td", " #inline " }, { "line", " #inline " },
  { "cc", " #inline " }, { "issuer", " #inline " }, { "date", " #inline " },
  { "span", " #inline " }, { "b", " #inline " },
  { "list", " item " },
  { "table", " col thead tbody " },
  { "thead", " tr " }, { "tbody", " tr " }, { "tr", " td " },
  { "chart", " series " }, { "series", " point " },
  { "signature", " line " },
  { "colophon", " cc issuer date " },
  { "keep", " #block " }, { "box", " #block " },
};

/* Returns 1 if parent may hold child (an element name, or NULL for text). */
static int content_ok(const char *parent, const char *child)
{
  const char *allowed = " ";
  for (size_t i = 0; i < sizeof CONTENT / sizeof CONTENT[0]; i++)
    if (strcmp(CONTENT[i][0], parent) == 0) allowed = CONTENT[i][1];
  const dt_element *e = child ? doctree_lookup(child) : NULL;
  int is_inline = !child || (e && e->kind == DT_INLINE && strcmp(child, "page-number") != 0 &&
                             strcmp(child, "page-count") != 0);
  if (is_inline && strstr(allowed, " #inline ")) return 1;
  if (e && e->kind == DT_BLOCK && strstr(allowed, " #block ")) return 1;
  if (!child) return 0;
  char word[64];
  snprintf(word, sizeof word, " %s ", child);
  return strstr(allowed, word) != NULL;
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
  snprintf(pe->msg, sizeof pe->msg, "%s", e->message ? e->message : "not well-formed");
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

/* Parses a template held in buf (named path in messages). Returns the
 * document or NULL after reporting. */
static xmlDocPtr parse_buffer(loader *L, const char *buf, size_t len, const char *path)
{
  if (len > TPL_MAX_FILE || len > INT_MAX) {
    lerr(L, path, 0, "a template is at most %d bytes", TPL_MAX_FILE);
    return NULL;
  }
  xmlParserCtxtPtr pc = xmlNewParserCtxt();
  if (!pc) {
    lerr(L, path, 0, "cannot create an XML parser");
    return NULL;
  }
  parse_err pe = { 0, "" };
  pc->_private = &pe;
  pc->sax->serror = parse_error;
  xmlDocPtr doc = xmlCtxtReadMemory(pc, buf, (int)len, path, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                    XML_PARSE_BIG_LINES);
  if (!doc || !pc->wellFormed || pe.msg[0]) {
    if (!pe.msg[0]) snprintf(pe.msg, sizeof pe.msg, "not well-formed");
    lerr(L, path, pe.line > 0 ? pe.line : 1, "malformed XML: %s", pe.msg);
    xmlFreeDoc(doc);
    doc = NULL;
  } else if (doc->intSubset || doc->extSubset) {
    char *text = xstrndup(buf, len);
    lerr(L, path, line_of(text, "<!DOCTYPE"), "a template must not have a DOCTYPE");
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
      lerr(L, from_file, from_line, "cannot read included template %s: %s", path, strerror(errno));
    else
      lerr(L, path, 0, "cannot read template: %s", strerror(errno));
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
    lerr(L, file, n->line, "includes nested more than %d deep at %s", TPL_MAX_INCLUDE_DEPTH, href);
    goto done;
  }
  for (int i = 0; real && i < L->nchain; i++) {
    if (strcmp(L->chain[i], real) != 0) continue;
    strbuf b = {0};
    for (int k = i; k < L->nchain; k++) sb_addf(&b, "%s -> ", L->shown[k]);
    sb_add(&b, path);
    lerr(L, file, n->line, "include cycle: %s", sb_str(&b));
    sb_free(&b);
    goto done;
  }
  doc = parse_file(L, path, file, n->line);
  if (!doc) goto done;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  const char *ifile = file_keep(L->t, path);
  if (!root || strcmp((const char *)root->name, "fragment") != 0 || root->ns) {
    lerr(L, ifile, root ? (int)xmlGetLineNo(root) : 0,
         "an included template's root must be <fragment>, not <%s>",
         root ? (const char *)root->name : "");
    goto done;
  }
  if (root->properties) {
    lerr(L, ifile, (int)xmlGetLineNo(root), "unknown attribute %s on <fragment>",
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
      lerr(L, file, (int)xmlGetLineNo(e), "unknown attribute %s on <%s>", (const char *)a->name,
           c->name);
      errs++;
    }
  }
  if (c->required && !xmlHasProp(e, (const xmlChar *)c->required)) {
    lerr(L, file, (int)xmlGetLineNo(e), "<%s> needs a %s attribute", c->name, c->required);
    errs++;
  }
  if (c->kind == TK_VAR && !xmlHasProp(e, (const xmlChar *)"select")) {
    lerr(L, file, (int)xmlGetLineNo(e), "<var> needs a select attribute");
    errs++;
  }
  return errs;
}

/* Compiles the attribute expr_attr of e into n->expr. Returns 0 or -1. */
static int compile_attr_expr(loader *L, const char *file, xmlNodePtr e, tnode *n,
                             const char *expr_attr, int want_nodeset, texpr *x)
{
  char *v = attr_get(e, expr_attr);
  int rc = compile_expr(L, file, n->line, v ? v : "", want_nodeset, x);
  xmlFree(v);
  return rc;
}

/* Compiles the options of <for-each>. Returns 0 or -1. */
static int compile_foreach(loader *L, const char *file, xmlNodePtr e, tnode *n)
{
  int rc = compile_attr_expr(L, file, e, n, "select", 1, &n->expr);
  char *order = attr_get(e, "order"), *type = attr_get(e, "sort-type");
  if (order && strcmp(order, "ascending") != 0 && strcmp(order, "descending") != 0) {
    lerr(L, file, n->line, "order must be ascending or descending, not '%s'", order);
    rc = -1;
  }
  if (type && strcmp(type, "text") != 0 && strcmp(type, "number") != 0) {
    lerr(L, file, n->line, "sort-type must be text or number, not '%s'", type);
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
  size_t plen;
  if (read_qname(name, 0, &plen) != strlen(name) || plen || !name_start((unsigned char)name[0])) {
    lerr(L, file, n->line, "'%s' is not a variable name", name);
    rc = -1;
  } else if (var_in_scope(L, name, strlen(name))) {
    lerr(L, file, n->line, "variable $%s is already defined here", name);
    rc = -1;
  } else if (L->nvars >= TPL_MAX_VARS) {
    lerr(L, file, n->line, "more than %d variables in scope", TPL_MAX_VARS);
    rc = -1;
  }
  if (e->children) {
    lerr(L, file, n->line, "<var> takes no content (use select)");
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

/* The values doctree.h allows for attributes with a fixed set: words between
 * spaces, or #color (black, red, #RRGGBB), #count (a whole number >= 1),
 * #date (YYYY-MM-DD). element NULL: on any element. Checked when the value is
 * written out in the template (a placeholder's value is layout's to judge). */
static const char *const ATTR_VALUES[][3] = {
  { "paper", NULL, " A4 A3 " },
  { "orientation", NULL, " portrait landscape " },
  { "page-number", NULL, " none dash of-total plain " },
  { "page-number-position", NULL, " outer center right left " },
  { "font", NULL, " song hei kai fangsong xbs " },
  { "page-number-font", NULL, " song hei kai fangsong xbs " },
  { "bold", NULL, " yes no " },
  { "keep-with-next", NULL, " yes no " },
  { "header-repeat", NULL, " yes no " },
  { "bookmarks", NULL, " yes no " },
  { "bookmark", NULL, " yes no " },
  { "sup", NULL, " yes no " },
  { "align", NULL, " left center right justify " },
  { "valign", NULL, " top middle bottom " },
  { "rule-style", NULL, " grid three-line " },
  { "kind", "tr", " normal group subtotal total " },
  { "type", "chart", " bar stacked-bar pie timeline " },
  { "color", NULL, "#color" },
  { "colspan", NULL, "#count" },
  { "rowspan", NULL, "#count" },
  { "grid-lines", NULL, "#count" },
  { "grid-chars", NULL, "#count" },
  { "created", NULL, "#date" },
  { "start", NULL, "#date" },
  { "end", NULL, "#date" },
};

static int is_hex(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Returns 1 if value suits the kind of values in allowed (see ATTR_VALUES). */
static int value_ok(const char *allowed, const char *v)
{
  if (strcmp(allowed, "#color") == 0) {
    if (strcmp(v, "black") == 0 || strcmp(v, "red") == 0) return 1;
    if (strlen(v) != 7 || v[0] != '#') return 0;
    for (int i = 1; i < 7; i++)
      if (!is_hex(v[i])) return 0;
    return 1;
  }
  if (strcmp(allowed, "#count") == 0) {
    char *end;
    long k = strtol(v, &end, 10);
    return v[0] >= '1' && v[0] <= '9' && !*end && k >= 1;
  }
  if (strcmp(allowed, "#date") == 0) {
    int y, m, d, h;
    return xpathfn_parse_date(v, 0, &y, &m, &d, &h) == 0;
  }
  char word[128];
  snprintf(word, sizeof word, " %s ", v);
  return strchr(v, ' ') == NULL && strstr(allowed, word) != NULL;
}

/* Checks a literal attribute value against ATTR_VALUES; returns 0 or -1. */
static int check_value(loader *L, const char *file, const tnode *n, const char *attr,
                       const tstr *val)
{
  if (val->n > 1 || (val->n == 1 && !val->parts[0].lit)) return 0;   /* placeholders */
  const char *v = val->n ? val->parts[0].lit : "";
  for (size_t i = 0; i < sizeof ATTR_VALUES / sizeof ATTR_VALUES[0]; i++) {
    const char *const *r = ATTR_VALUES[i];
    if (strcmp(r[0], attr) != 0 || (r[1] && strcmp(r[1], n->name) != 0)) continue;
    if (value_ok(r[2], v)) return 0;
    const char *what = strcmp(r[2], "#color") == 0 ? "black, red or #RRGGBB"
                     : strcmp(r[2], "#count") == 0 ? "a whole number from 1"
                     : strcmp(r[2], "#date") == 0 ? "a date YYYY-MM-DD" : NULL;
    if (what) {
      lerr(L, file, n->line, "%s=\"%s\" on <%s> is not %s", attr, v, n->name, what);
    } else {
      char *list = xstrndup(r[2] + 1, strlen(r[2]) - 2);
      for (char *c = list; *c; c++) if (*c == ' ') *c = '|';
      lerr(L, file, n->line, "%s=\"%s\" on <%s> is not one of %s", attr, v, n->name, list);
      free(list);
    }
    return -1;
  }
  return 0;
}

/* Compiles the attributes of a document-tree element. Returns 0 or -1. */
static int compile_elem_attrs(loader *L, const char *file, xmlNodePtr e, tnode *n,
                              const dt_element *de, int is_root)
{
  int rc = 0;
  for (xmlAttrPtr a = e->properties; a; a = a->next) {
    const char *an = (const char *)a->name;
    xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
    const char *val = v ? (const char *)v : "";
    if (a->ns) {
      lerr(L, file, n->line, "unknown attribute %s:%s on <%s>", (const char *)a->ns->prefix, an,
           n->name);
      rc = -1;
    } else if (is_root && strcmp(an, "kind") == 0) {
      /* read by template_load */
    } else if (n->level && strcmp(an, "numbering") == 0) {
      if (strcmp(val, "auto") == 0) n->numbering = NUM_AUTO;
      else if (strcmp(val, "none") == 0) n->numbering = NUM_NONE;
      else if (strcmp(val, "restart") == 0) n->numbering = NUM_RESTART;
      else {
        lerr(L, file, n->line, "numbering must be auto, none or restart, not '%s'", val);
        rc = -1;
      }
    } else if (!doctree_attr_allowed(de, an)) {
      lerr(L, file, n->line, "unknown attribute %s on <%s>", an, n->name);
      rc = -1;
    } else {
      n->attrs = xrealloc(n->attrs, (size_t)(n->nattrs + 1) * sizeof *n->attrs);
      tattr *ta = &n->attrs[n->nattrs++];
      ta->name = xstrdup(an);
      ta->dname = dict_name(L->t->dict, an);
      memset(&ta->val, 0, sizeof ta->val);
      if (parse_value(L, file, n->line, val, 0, &ta->val) != 0) rc = -1;
      else if (check_value(L, file, n, an, &ta->val) != 0) rc = -1;
      if (n->level && strcmp(an, "number") == 0) n->numbering = NUM_NONE;
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
    lerr(L, file, (int)xmlGetLineNo(e), "elements nested more than %d deep", TPL_MAX_NESTING);
    return NULL;
  }
  if (e->ns) {
    lerr(L, file, (int)xmlGetLineNo(e), "unknown element <%s:%s>", (const char *)e->ns->prefix,
         name);
    return NULL;
  }
  const ctl_def *c = control_lookup(name);
  const dt_element *de = c ? NULL : doctree_lookup(name);
  if (!c && (!de || (!is_root && strcmp(name, "document") == 0))) {
    lerr(L, file, (int)xmlGetLineNo(e), "unknown element <%s>", name);
    return NULL;
  }
  tnode *n = tnode_new(c ? c->kind : TK_ELEM, file, e);
  int rc = 0;
  const char *outer = L->parent;
  if (!c) {
    n->name = xstrdup(name);
    n->dname = dict_name(L->t->dict, name);
    if (outer && !content_ok(outer, name)) {
      lcontent(L, file, n->line, "<%s> cannot hold <%s>", outer, name);
      if (L->t->strict) rc = -1;
    }
    L->parent = n->name;
    if (strcmp(name, "heading") == 0) {
      char *lv = attr_get(e, "level");
      if (!lv || strlen(lv) != 1 || lv[0] < '1' || lv[0] > '4') {
        lerr(L, file, n->line, "<heading> needs level=\"1\" to \"4\", not '%s'", lv ? lv : "");
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
    return rc == 0 ? n : (tnode_free(n), NULL);
  } else if (c->kind == TK_GROUP) {
    if (e->children) {
      lerr(L, file, n->line, "<include> takes no content");
      rc = -1;
    } else {
      rc = compile_include(L, file, e, n, depth);
    }
    return rc == 0 ? n : (tnode_free(n), NULL);
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
        lerr(L, file, k->line, "<choose> holds <when> elements and then one <otherwise>");
        rc = -1;
        break;
      }
      seen_otherwise = k->kind == TK_OTHERWISE;
    }
    if (!n->child) {
      lerr(L, file, n->line, "<choose> needs at least one <when>");
      rc = -1;
    }
  }
  if (rc != 0) {
    tnode_free(n);
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
      L->cursor += count_lines(s, strlen(s));
      if (only_space(s)) continue;
      n = tnode_new(TK_TEXT, file, x);
      n->line = start + count_lines(s, strspn(s, " \t\r\n"));   /* its first word */
      int allowed = !L->parent || content_ok(L->parent, NULL);
      if (!allowed) {
        char *shown = normalize_text(s);
        lcontent(L, file, n->line, "<%s> cannot hold text ('%s')", L->parent, shown);
        free(shown);
      }
      if ((!allowed && L->t->strict) ||
          parse_value(L, file, start, s, x->type == XML_TEXT_NODE, &n->text) != 0) {
        tnode_free(n);
        n = NULL;
      }
    } else if (x->type == XML_COMMENT_NODE) {
      L->cursor += count_lines((const char *)x->content, x->content ? strlen((const char *)x->content) : 0);
    } else if (x->type == XML_ELEMENT_NODE) {
      n = compile_element(L, file, x, depth, 0);
      if (L->cursor < (int)xmlGetLineNo(x)) L->cursor = (int)xmlGetLineNo(x);
      if (n && !in_choose && (n->kind == TK_WHEN || n->kind == TK_OTHERWISE)) {
        lerr(L, file, n->line, "<%s> belongs in a <choose>", (const char *)x->name);
        tnode_free(n);
        n = NULL;
      }
    } else if (x->type == XML_ENTITY_REF_NODE) {
      lerr(L, file, (int)xmlGetLineNo(x), "entity references are not allowed in a template");
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
  xmlDocPtr doc = NULL;
  L.empty = xmlNewDoc((const xmlChar *)"1.0");
  xmlDocSetRootElement(L.empty, xmlNewDocNode(L.empty, NULL, (const xmlChar *)"county-report", NULL));
  L.xp = xp_new(L.empty, L.xperr);
  if (!L.xp) {
    lerr(&L, path, 0, "cannot create an XPath context");
    goto done;
  }
  doc = buf ? parse_buffer(&L, buf, len, path) : parse_file(&L, path, NULL, 0);
  if (!doc) goto done;
  const char *file = file_keep(L.t, path);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (!root || root->ns || strcmp((const char *)root->name, "document") != 0) {
    lerr(&L, file, root ? (int)xmlGetLineNo(root) : 0,
         "a template's root must be <document kind=\"...\">, not <%s>",
         root ? (const char *)root->name : "");
    goto done;
  }
  char *kind = attr_get(root, "kind");
  if (kind && !kind_ok(kind)) {
    lerr(&L, file, (int)xmlGetLineNo(root),
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
    if (!L.errors) lerr(&L, path, 0, "template could not be loaded");
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
  int failed;                /* an error was reported and expansion went on */
  strbuf value;              /* the text or attribute value being expanded */
  xmlNodePtr *dn;            /* the nodes of a direct path (d_nodes) */
  int dn_n, dn_cap;
  long visits;               /* children looked at by a direct evaluation */
  char xperr[512];
} expander;

static void eerr(expander *E, const tnode *n, int line, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));

/* Reports an expansion error at the line of n (line 0) or at line. */
static void eerr(expander *E, const tnode *n, int line, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  add_verr(E->d, n->file, line > 0 ? line : n->line, fmt, ap);
  va_end(ap);
}

/* Evaluates x in the current context. Returns a new object the caller frees
 * with xmlXPathFreeObject, or NULL after reporting. */
static xmlXPathObjectPtr eval(expander *E, const tnode *n, const texpr *x, int line)
{
  /* document-order stamps, before the first XPath evaluation of the data
   * (libxml2 sorts node-sets by walking sibling lists otherwise, quadratic on
   * 20,000 cadres). Stamped elements hold a negative index in their content
   * field; a document whose root has one is stamped already (by an earlier
   * template: expansion does not change the data). Many templates evaluate
   * everything directly and never need them: the walk over every element
   * cost 0.2 ms a county. */
  xmlNodePtr root = xmlDocGetRootElement(E->xp->doc);
  if (root && (ptrdiff_t)root->content >= 0) xmlXPathOrderDocElems(E->xp->doc);
  E->xp->node = E->cur;
  E->xp->contextSize = E->size;
  E->xp->proximityPosition = E->pos;
  E->xp->opCount = 0;
  E->xperr[0] = '\0';
  xmlXPathObjectPtr r = xmlXPathCompiledEval(x->comp, E->xp);
  if (!r) {
    eerr(E, n, line, "XPath expression fails: '%s': %s", x->src,
         E->xperr[0] ? E->xperr : "evaluation error");
    return NULL;
  }
  /* one operation can double a string (concat($v, $v)): bound every value,
   * so that a chain of such variables stops long before memory does */
  if (r->type == XPATH_STRING && r->stringval && strlen((const char *)r->stringval) > TPL_MAX_VALUE_BYTES) {
    eerr(E, n, line, "the value of '%s' is longer than %d bytes; stopped", x->src, TPL_MAX_VALUE_BYTES);
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
  if (E->nodes > E->t->max_nodes || E->bytes > TPL_MAX_OUT_BYTES) {
    eerr(E, n, 0, "the document grows beyond %ld nodes or %d bytes; stopped",
         E->t->max_nodes, TPL_MAX_OUT_BYTES);
    return -1;
  }
  return 0;
}

/* ---- direct evaluation -------------------------------------------------- */

/* The d_ functions evaluate a dexpr in the current context and give exactly
 * what XPath gives, or return -1 for what they do not cover, and XPath
 * evaluates the expression instead: a context other than an element (or a
 * text node for "."), strings that are not valid UTF-8 where translate and
 * substring count characters, and more than TPL_DIRECT_VISITS children looked
 * at (XPath counts them against its operation limit, and might stop). On -1
 * the caller restores its output. */

static void dn_push(expander *E, xmlNodePtr n)
{
  if (E->dn_n == E->dn_cap) {
    E->dn_cap = E->dn_cap ? 2 * E->dn_cap : 16;
    E->dn = xrealloc(E->dn, (size_t)E->dn_cap * sizeof *E->dn);
  }
  E->dn[E->dn_n++] = n;
}

/* Adds to E->dn the elements reached from n by nsteps child steps (names,
 * each ended by a NUL), in document order: all of an earlier child's before a
 * later child's. Every child looked at, and the end of every list of
 * children, counts in E->visits, as in XPath's count of operations (which
 * counts only the elements). Recursion is bounded by TPL_DIRECT_STEPS. */
static void d_walk(expander *E, xmlNodePtr n, const char *names, int nsteps)
{
  long seen = 1;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    seen++;
    /* an unprefixed name test matches elements in no namespace */
    if (c->type != XML_ELEMENT_NODE || c->ns || c->name[0] != (xmlChar)names[0] ||
        strcmp((const char *)c->name, names) != 0)
      continue;
    if (nsteps == 1) dn_push(E, c);
    else d_walk(E, c, names + strlen(names) + 1, nsteps - 1);
  }
  E->visits += seen;
}

static int d_string(expander *E, const dexpr *x, strbuf *b);
static int d_boolean(expander *E, const dexpr *x, int *v);

/* rg:lookup(path, field, value) as xpathfn.c's fn_lookup, whose work
 * (xpathfn_lookup_items) it shares: E->dn gets the items. */
static int d_lookup(expander *E, const dexpr *x)
{
  strbuf a = {0};   /* the three arguments, each ended by a NUL */
  size_t at[3];
  int rc = 0;
  for (int k = 0; rc == 0 && k < 3; k++) {
    at[k] = a.len;
    rc = d_string(E, x->arg[k], &a);
    sb_addc(&a, '\0');
  }
  xmlNodePtr const *items;
  int n;
  if (rc == 0) rc = xpathfn_lookup_items(E->xp, a.s + at[0], a.s + at[1], a.s + at[2], &items, &n);
  E->dn_n = 0;   /* the arguments are evaluated: E->dn is free */
  for (int i = 0; rc == 0 && i < n; i++) dn_push(E, items[i]);
  sb_free(&a);
  return rc;
}

/* Sets E->dn to the nodes of x, a D_PATH or D_LOOKUP. Returns 0 or -1. */
static int d_nodes(expander *E, const dexpr *x)
{
  xmlNodePtr n = E->cur;
  if (x->op == D_LOOKUP) return d_lookup(E, x);
  E->dn_n = 0;
  if (x->nsteps == 0) {
    if (n->type != XML_ELEMENT_NODE && n->type != XML_TEXT_NODE) return -1;
    dn_push(E, n);
    return 0;
  }
  if (n->type != XML_ELEMENT_NODE) return -1;
  d_walk(E, n, x->text, x->nsteps);
  return E->visits > TPL_DIRECT_VISITS ? -1 : 0;
}

/* The string value of n when it is at hand (a text node, an element with one
 * text or none: a field), or NULL. */
static const char *field_text(xmlNodePtr n)
{
  if (n->type == XML_TEXT_NODE) return n->content ? (const char *)n->content : "";
  if (!n->children) return "";
  if (n->children == n->last && n->children->type == XML_TEXT_NODE)
    return n->children->content ? (const char *)n->children->content : "";
  return NULL;
}

/* Appends the string value of n as XPath gives it (xmlXPathCastNodeToString:
 * xmlNodeGetContent, "" for none). */
static void node_string(xmlNodePtr n, strbuf *b)
{
  const char *v = field_text(n);
  if (v) {
    sb_add(b, v);
    return;
  }
  xmlChar *c = xmlNodeGetContent(n);
  if (c) sb_add(b, (const char *)c);
  xmlFree(c);
}

/* Whether the string value of n is s. (libxml2 first compares a hash of the
 * first two bytes, xmlXPathNodeValHash, which agrees with the string value
 * for a tree without entity references, as every data document is.) */
static int node_is(xmlNodePtr n, const char *s)
{
  const char *v = field_text(n);
  if (v) return strcmp(v, s) == 0;
  xmlChar *c = xmlNodeGetContent(n);
  int eq = strcmp(c ? (const char *)c : "", s) == 0;
  xmlFree(c);
  return eq;
}

/* The value of the variable of x, a D_VAR, or NULL when it has none (XPath
 * reports it); borrowed, where XPath would evaluate a copy. */
static xmlXPathObjectPtr d_var(const expander *E, const dexpr *x)
{
  return E->xp->varHash ? xmlHashLookup2(E->xp->varHash, (const xmlChar *)x->text, NULL) : NULL;
}

/* Appends the string value of v, a variable's value, as xmlXPathCastToString
 * gives it. A node-set of more than one node is left to XPath, which sorts it
 * (the variable's own, not a copy, is at hand here), and so are nodes other
 * than elements and texts. */
static int value_string(xmlXPathObjectPtr v, strbuf *b)
{
  xmlChar *s;
  switch (v->type) {
  case XPATH_NODESET:
    if (v->nodesetval && v->nodesetval->nodeNr > 1) return -1;
    if (v->nodesetval && v->nodesetval->nodeNr == 1) {
      xmlNodePtr n = v->nodesetval->nodeTab[0];
      if (n->type != XML_ELEMENT_NODE && n->type != XML_TEXT_NODE) return -1;
      node_string(n, b);
    }
    return 0;
  case XPATH_STRING:
    if (v->stringval) sb_add(b, (const char *)v->stringval);
    return 0;
  case XPATH_BOOLEAN:
    sb_add(b, v->boolval ? "true" : "false");
    return 0;
  case XPATH_NUMBER:
    s = xmlXPathCastNumberToString(v->floatval);
    if (s) sb_add(b, (const char *)s);
    xmlFree(s);
    return 0;
  default:
    return -1;
  }
}

/* The byte length of the UTF-8 character that starts with c (valid text). */
static size_t utf8_len(unsigned char c)
{
  return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* translate(s, from, to) as libxml2 computes it: a character of s that is in
 * from becomes the character at the same place in to (the first place when
 * from has it twice), or goes when to is shorter; the others stay. */
static int d_translate(expander *E, const dexpr *x, strbuf *b)
{
  size_t at[4];
  at[0] = b->len;
  sb_addn(b, "", 0);   /* b->s is not NULL */
  for (int k = 0; k < 3; k++) {
    if (d_string(E, x->arg[k], b) != 0) return -1;
    at[k + 1] = b->len;
    if (utf8_invalid_at(b->s + at[k], at[k + 1] - at[k]) != (size_t)-1) return -1;
  }
  for (size_t i = at[0]; i < at[1];) {
    size_t n = utf8_len((unsigned char)b->s[i]);
    long place = 0;
    size_t f = at[1];
    while (f < at[2] && !(utf8_len((unsigned char)b->s[f]) == n && memcmp(b->s + f, b->s + i, n) == 0)) {
      f += utf8_len((unsigned char)b->s[f]);
      place++;
    }
    size_t from = i, len = n;   /* the character to write, in b */
    if (f < at[2]) {
      from = at[2];
      while (from < at[3] && place-- > 0) from += utf8_len((unsigned char)b->s[from]);
      len = from < at[3] ? utf8_len((unsigned char)b->s[from]) : 0;
    }
    char c[4];   /* appending may move b->s */
    memcpy(c, b->s + from, len);
    sb_addn(b, c, len);
    i += n;
  }
  size_t len = b->len - at[3];
  memmove(b->s + at[0], b->s + at[3], len);
  b->len = at[0] + len;
  b->s[b->len] = '\0';
  return 0;
}

/* substring(s, start[, length]) with whole numbers: the characters at places
 * start to start + length - 1 (counted from 1), as libxml2 takes them. */
static int d_substring(expander *E, const dexpr *x, strbuf *b)
{
  size_t mark = b->len;
  sb_addn(b, "", 0);   /* b->s is not NULL */
  if (d_string(E, x->arg[0], b) != 0) return -1;
  if (utf8_invalid_at(b->s + mark, b->len - mark) != (size_t)-1) return -1;
  long first = x->arg[1]->num < 1 ? 1 : x->arg[1]->num, end = LONG_MAX;
  if (x->nargs == 3) end = x->arg[1]->num + x->arg[2]->num < 1 ? 1 : x->arg[1]->num + x->arg[2]->num;
  size_t from = b->len, to = b->len;
  long place = 1;
  for (size_t i = mark; i < b->len && place < end; i += utf8_len((unsigned char)b->s[i]), place++) {
    if (place == first) from = i;
    to = i + utf8_len((unsigned char)b->s[i]);
  }
  if (from > to) from = to;
  memmove(b->s + mark, b->s + from, to - from);
  b->len = mark + (to - from);
  b->s[b->len] = '\0';
  return 0;
}

/* Appends the string value of x to b. Returns 0 or -1. */
static int d_string(expander *E, const dexpr *x, strbuf *b)
{
  size_t mark = b->len;
  int v;
  switch (x->op) {
  case D_PATH:
    if (d_nodes(E, x) != 0) return -1;
    if (E->dn_n) node_string(E->dn[0], b);   /* the first in document order */
    return 0;
  case D_POSITION:   /* whole numbers: libxml2 writes them as "%d" */
    sb_addl(b, E->pos);
    return 0;
  case D_LAST:
    sb_addl(b, E->size);
    return 0;
  case D_NUMBER:
    sb_addl(b, x->num);
    return 0;
  case D_LITERAL:
    sb_add(b, x->text);
    return 0;
  case D_EQ:
  case D_NE:
  case D_NOT:
    if (d_boolean(E, x, &v) != 0) return -1;
    sb_add(b, v ? "true" : "false");
    return 0;
  case D_TRANSLATE:
    return d_translate(E, x, b);
  case D_SUBSTRING:
    return d_substring(E, x, b);
  case D_IF:   /* as xpathfn.c's fn_if */
    if (d_boolean(E, x->arg[0], &v) != 0) return -1;
    return (v ? 1 : 2) < x->nargs ? d_string(E, x->arg[v ? 1 : 2], b) : 0;
  case D_IF_EMPTY:   /* as fn_if_empty */
    if (d_string(E, x->arg[0], b) != 0) return -1;
    return b->len > mark ? 0 : d_string(E, x->arg[1], b);
  case D_LOOKUP:
    if (d_nodes(E, x) != 0) return -1;
    if (E->dn_n) node_string(E->dn[0], b);   /* the items are in document order */
    return 0;
  case D_VAR: {
    xmlXPathObjectPtr o = d_var(E, x);
    return o ? value_string(o, b) : -1;
  }
  case D_UNIT_NAME: {   /* as fn_unit_name */
    if (d_string(E, x->arg[0], b) != 0) return -1;
    xmlChar *name = xpathfn_unit_name(E->xp, b->s ? b->s + mark : "");
    b->len = mark;
    if (b->s) b->s[mark] = '\0';
    if (name) sb_add(b, (const char *)name);
    xmlFree(name);
    return 0;
  }
  }
  return -1;
}

/* x, a D_EQ or D_NE, as libxml2 compares: strings as they are; a node-set and
 * a string, whether some node's string value is equal (or unequal) to it. */
static int d_compare(expander *E, const dexpr *x, int *v)
{
  int ne = x->op == D_NE, rc = 0;
  const dexpr *a = x->arg[0], *b = x->arg[1];
  if (a->type == DT_NODES) {   /* the node-set, if any, in b */
    a = x->arg[1];
    b = x->arg[0];
  }
  strbuf sa = {0}, sb = {0};
  const char *s = a->op == D_LITERAL ? a->text : NULL;
  if (!s && d_string(E, a, &sa) != 0) rc = -1;
  if (!s) s = sb_str(&sa);
  if (rc == 0 && b->type == DT_NODES) {
    rc = d_nodes(E, b);
    *v = 0;
    for (int i = 0; rc == 0 && i < E->dn_n && !*v; i++) *v = node_is(E->dn[i], s) != ne;
  } else if (rc == 0) {
    const char *t = b->op == D_LITERAL ? b->text : NULL;
    if (!t && d_string(E, b, &sb) != 0) rc = -1;
    if (!t) t = sb_str(&sb);
    *v = (strcmp(s, t) == 0) != ne;
  }
  sb_free(&sa);
  sb_free(&sb);
  return rc;
}

/* The boolean value of x into *v. Returns 0 or -1. */
static int d_boolean(expander *E, const dexpr *x, int *v)
{
  switch (x->type) {
  case DT_NODES:
    if (d_nodes(E, x) != 0) return -1;
    *v = E->dn_n > 0;
    return 0;
  case DT_NUMBER:
    *v = (x->op == D_POSITION ? E->pos : x->op == D_LAST ? E->size : x->num) != 0;
    return 0;
  case DT_STRING: {
    if (x->op == D_LITERAL) {
      *v = x->text[0] != '\0';
      return 0;
    }
    strbuf t = {0};
    int rc = d_string(E, x, &t);
    *v = t.len > 0;
    sb_free(&t);
    return rc;
  }
  case DT_BOOLEAN:
    if (x->op != D_NOT) return d_compare(E, x, v);
    if (d_boolean(E, x->arg[0], v) != 0) return -1;
    *v = !*v;
    return 0;
  case DT_VALUE: {
    xmlXPathObjectPtr o = d_var(E, x);
    if (!o) return -1;
    *v = xmlXPathCastToBoolean(o);
    return 0;
  }
  }
  return -1;
}

/* Appends the string value of x in the current context to b. *is_path:
 * whether x gave a node-set. Returns 0, or -1 after reporting. */
static int eval_string(expander *E, const tnode *n, const texpr *x, int line, strbuf *b, int *is_path)
{
  if (x->direct) {
    size_t mark = b->len;
    E->visits = 0;
    /* eval() stops a string longer than TPL_MAX_VALUE_BYTES: XPath reports it */
    if (d_string(E, x->direct, b) == 0 &&
        (x->direct->type != DT_STRING || b->len - mark <= TPL_MAX_VALUE_BYTES)) {
      *is_path = x->direct->type == DT_NODES;
      return 0;
    }
    b->len = mark;
    if (b->s) b->s[mark] = '\0';
  }
  xmlXPathObjectPtr r = eval(E, n, x, line);
  if (!r) return -1;
  xmlChar *v = xmlXPathCastToString(r);
  *is_path = r->type == XPATH_NODESET;
  xmlXPathFreeObject(r);
  if (v) sb_add(b, (const char *)v);
  xmlFree(v);
  return 0;
}

/* Sets E->dn to the nodes of x when it is a node-set evaluated directly.
 * Returns 0, or -1 when XPath evaluates x. */
static int direct_nodes(expander *E, const texpr *x)
{
  if (!x->direct || x->direct->type != DT_NODES) return -1;
  E->visits = 0;
  return d_nodes(E, x->direct);
}

/* The value of x evaluated directly, as a new object of the type XPath would
 * give, or NULL when XPath evaluates x (as eval() would: a string longer than
 * TPL_MAX_VALUE_BYTES is its to report). */
static xmlXPathObjectPtr direct_value(expander *E, const texpr *x)
{
  const dexpr *d = x->direct;
  xmlXPathObjectPtr r = NULL;
  strbuf b = {0};
  int v;
  if (!d) return NULL;
  E->visits = 0;
  switch (d->type) {
  case DT_NODES:
    if (d_nodes(E, d) != 0) return NULL;
    r = xmlXPathNewNodeSet(NULL);
    for (int i = 0; i < E->dn_n; i++) xmlXPathNodeSetAddUnique(r->nodesetval, E->dn[i]);
    return r;
  case DT_NUMBER:
    return xmlXPathNewFloat(d->op == D_POSITION ? E->pos : d->op == D_LAST ? E->size : d->num);
  case DT_STRING:
    if (d_string(E, d, &b) == 0 && b.len <= TPL_MAX_VALUE_BYTES)
      r = xmlXPathNewString((const xmlChar *)sb_str(&b));
    sb_free(&b);
    return r;
  case DT_BOOLEAN:
    return d_boolean(E, d, &v) == 0 ? xmlXPathNewBoolean(v) : NULL;
  case DT_VALUE:
    break;
  }
  return NULL;
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

static int expand_elem(expander *E, const tnode *n, xmlNodePtr parent)
{
  xmlNodePtr node = xmlNewDocNodeEatName(E->out, NULL, n->dname, NULL);
  if (parent) xmlAddChild(parent, node);
  else xmlDocSetRootElement(E->out, node);
  if (account(E, n, 0) != 0) return -1;
  strbuf *b = &E->value;
  for (int i = 0; i < n->nattrs; i++) {
    sb_reset(b);
    if (expand_str(E, n, &n->attrs[i].val, b) != 0 || account(E, n, b->len) != 0) return -1;
    if (b->len) xmlNewNsPropEatName(node, NULL, n->attrs[i].dname, (const xmlChar *)b->s);
  }
  if (n->level) number_heading(E, n, node);
  return expand_list(E, n->child, node);
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
  if (direct_nodes(E, &n->expr) == 0) {
    items = E->dn;
    count = E->dn_n;
  } else {
    r = eval(E, n, &n->expr, 0);
    if (!r) return -1;
    if (r->type != XPATH_NODESET) {
      eerr(E, n, 0, "for-each select must give a node-set, not a %s: '%s'", xtype_name(r->type),
           n->expr.src);
      rc = -1;
      goto done;
    }
    items = r->nodesetval ? r->nodesetval->nodeTab : NULL;
    count = r->nodesetval ? r->nodesetval->nodeNr : 0;
  }
  if (count > TPL_MAX_LOOP) {
    eerr(E, n, 0, "for-each over %d items (at most %d): '%s'", count, TPL_MAX_LOOP, n->expr.src);
    rc = -1;
    goto done;
  }
  keys = xcalloc((size_t)count + 1, sizeof *keys);
  for (int i = 0; i < count; i++) {   /* before anything else evaluates: items may be E->dn */
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
  const dexpr *x = n->expr.direct;
  int v;
  E->visits = 0;
  /* a string goes through direct_value, which measures it as eval() would */
  if (x && x->type != DT_STRING && d_boolean(E, x, &v) == 0) return v;
  xmlXPathObjectPtr r = x && x->type == DT_STRING ? direct_value(E, &n->expr) : NULL;
  if (!r) r = eval(E, n, &n->expr, 0);
  if (!r) return -1;
  v = xmlXPathCastToBoolean(r);
  xmlXPathFreeObject(r);
  return v ? 1 : 0;
}

static int expand_one(expander *E, const tnode *n, xmlNodePtr parent)
{
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
    xmlXPathObjectPtr r = direct_value(E, &n->expr);
    if (!r) r = eval(E, n, &n->expr, 0);
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

xmlDocPtr template_expand(const template *t, xmlDocPtr data, diag_list *d)
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
  E.xp = xp_new(data, E.xperr);
  if (!E.xp) {
    diag_add_file(d, DIAG_ERROR, t->files[0], NULL, "cannot create an XPath context");
    return NULL;
  }
  E.out = xmlNewDoc((const xmlChar *)"1.0");
  E.out->dict = t->dict;   /* the names of its nodes */
  xmlDictReference(t->dict);
  int rc = expand_one(&E, t->root, NULL);
  xpathfn_release(E.xp);
  xmlXPathFreeContext(E.xp);
  free(E.dn);
  sb_free(&E.value);
  if (rc != 0 || E.failed) {
    xmlFreeDoc(E.out);
    return NULL;
  }
  return E.out;
}
