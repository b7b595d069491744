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
 * nesting, which is bounded (TPL_MAX_NESTING), never the data's. */
#include "template.h"
#include "doctree.h"
#include "util.h"
#include "xpathfn.h"

#include <errno.h>
#include <limits.h>
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

/* Expressions that expansion evaluates without XPath (see find_shortcut):
 * libxml2 spends some thousands of instructions on any evaluation, and most
 * placeholders are a field of the current item. */
typedef enum tshort {
  SHORT_NONE,      /* evaluate comp */
  SHORT_PATH,      /* ".", "name" or "a/b/c": child steps of plain names */
  SHORT_POSITION   /* "position()" */
} tshort;

enum { TPL_SHORT_STEPS = 8 };    /* steps in a SHORT_PATH */

typedef struct texpr {
  xmlXPathCompExprPtr comp;
  char *src;
  tshort shortcut;
  int nsteps;      /* SHORT_PATH: 0 for "." */
  char *steps;     /* SHORT_PATH: the names, each ended by a NUL */
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
};

/* ---- freeing ------------------------------------------------------------ */

static void expr_free(texpr *x)
{
  if (x->comp) xmlXPathFreeCompExpr(x->comp);
  free(x->src);
  free(x->steps);
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
  free(t);
}

const char *template_kind(const template *t) { return t->kind; }

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

/* Sets x->shortcut when x->src is one of the forms expansion evaluates
 * itself: "position()", ".", or child steps of plain names ("name",
 * "stats/women"; ASCII letters, digits and '_', none of XPath's operator
 * names, at most TPL_SHORT_STEPS). Anything else, even an equivalent way of
 * writing these, goes to XPath. */
static void find_shortcut(texpr *x)
{
  const char *s = x->src;
  if (strcmp(s, "position()") == 0) {
    x->shortcut = SHORT_POSITION;
    return;
  }
  if (strcmp(s, ".") == 0) {
    x->shortcut = SHORT_PATH;
    x->nsteps = 0;
    return;
  }
  static const char *const operators[] = { "and", "or", "div", "mod", NULL };
  int n = 0;
  const char *p = s;
  for (;;) {
    const char *name = p;
    if (!ascii_alpha(*p) && *p != '_') return;
    while (ascii_alpha(*p) || (*p >= '0' && *p <= '9') || *p == '_') p++;
    for (const char *const *op = operators; *op; op++)
      if ((size_t)(p - name) == strlen(*op) && strncmp(name, *op, strlen(*op)) == 0) return;
    if (++n > TPL_SHORT_STEPS) return;
    if (*p == '\0') break;
    if (*p++ != '/') return;
  }
  x->steps = xstrdup(s);
  for (char *q = x->steps; *q; q++)
    if (*q == '/') *q = '\0';
  x->nsteps = n;
  x->shortcut = SHORT_PATH;
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
  if (rc == 0) find_shortcut(x);
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
  { "font", NULL, " song hei kai fangsong " },
  { "page-number-font", NULL, " song hei kai fangsong " },
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

/* The first element in document order reached from n by the child steps
 * names (nsteps of them, each ended by a NUL), or NULL: in the subtree of an
 * earlier child, all of it before any later child's. Recursion is bounded by
 * TPL_SHORT_STEPS. */
static xmlNodePtr short_first(xmlNodePtr n, const char *names, int nsteps)
{
  size_t len = strlen(names);
  for (xmlNodePtr c = n->children; c; c = c->next) {
    /* an unprefixed name test matches elements in no namespace */
    if (c->type != XML_ELEMENT_NODE || c->ns || strcmp((const char *)c->name, names) != 0) continue;
    if (nsteps == 1) return c;
    xmlNodePtr r = short_first(c, names + len + 1, nsteps - 1);
    if (r) return r;
  }
  return NULL;
}

/* Appends the string value of x, a shortcut, in the current context to b,
 * exactly as XPath would give it: a path's first node in document order,
 * through xmlNodeGetContent as xmlXPathCastToString does ("" for none), and
 * position() as libxml2 formats a whole number. *is_path: whether x is a path
 * (a node-set). Returns 0, or -1 for a context the shortcut does not cover
 * (other than an element, or a text node for "."): XPath evaluates those. */
static int short_string(const expander *E, const texpr *x, strbuf *b, int *is_path)
{
  *is_path = x->shortcut == SHORT_PATH;
  if (x->shortcut == SHORT_POSITION) {
    sb_addl(b, E->pos);
    return 0;
  }
  xmlNodePtr n = E->cur;
  if (n->type != XML_ELEMENT_NODE && (x->nsteps > 0 || n->type != XML_TEXT_NODE)) return -1;
  if (x->nsteps > 0) n = short_first(n, x->steps, x->nsteps);
  if (!n) return 0;
  if (n->type == XML_TEXT_NODE) {
    if (n->content) sb_add(b, (const char *)n->content);
  } else if (n->children && n->children == n->last && n->children->type == XML_TEXT_NODE) {
    if (n->children->content) sb_add(b, (const char *)n->children->content);   /* a field */
  } else if (n->children) {
    xmlChar *v = xmlNodeGetContent(n);
    if (v) sb_add(b, (const char *)v);
    xmlFree(v);
  }
  return 0;
}

/* Appends the string value of x in the current context to b. *is_path:
 * whether x gave a node-set. Returns 0, or -1 after reporting. */
static int eval_string(expander *E, const tnode *n, const texpr *x, int line, strbuf *b, int *is_path)
{
  if (x->shortcut != SHORT_NONE && short_string(E, x, b, is_path) == 0) return 0;
  xmlXPathObjectPtr r = eval(E, n, x, line);
  if (!r) return -1;
  xmlChar *v = xmlXPathCastToString(r);
  *is_path = r->type == XPATH_NODESET;
  xmlXPathFreeObject(r);
  if (v) sb_add(b, (const char *)v);
  xmlFree(v);
  return 0;
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
  xmlNewProp(node, (const xmlChar *)"number", (const xmlChar *)sb_str(&b));
  sb_free(&b);
}

static int expand_elem(expander *E, const tnode *n, xmlNodePtr parent)
{
  xmlNodePtr node = xmlNewDocNode(E->out, NULL, (const xmlChar *)n->name, NULL);
  if (parent) xmlAddChild(parent, node);
  else xmlDocSetRootElement(E->out, node);
  if (account(E, n, 0) != 0) return -1;
  strbuf b = {0};
  for (int i = 0; i < n->nattrs; i++) {
    sb_reset(&b);
    if (expand_str(E, n, &n->attrs[i].val, &b) != 0 || account(E, n, b.len) != 0) {
      sb_free(&b);
      return -1;
    }
    if (b.len) xmlNewProp(node, (const xmlChar *)n->attrs[i].name, (const xmlChar *)sb_str(&b));
  }
  sb_free(&b);
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
  xmlXPathObjectPtr r = eval(E, n, &n->expr, 0);
  if (!r) return -1;
  int rc = 0, count = 0;
  sortkey *keys = NULL;
  if (r->type != XPATH_NODESET) {
    eerr(E, n, 0, "for-each select must give a node-set, not a %s: '%s'", xtype_name(r->type),
         n->expr.src);
    rc = -1;
    goto done;
  }
  count = r->nodesetval ? r->nodesetval->nodeNr : 0;
  if (count > TPL_MAX_LOOP) {
    eerr(E, n, 0, "for-each over %d items (at most %d): '%s'", count, TPL_MAX_LOOP, n->expr.src);
    rc = -1;
    goto done;
  }
  keys = xcalloc((size_t)count + 1, sizeof *keys);
  xmlNodePtr save = E->cur;
  int save_pos = E->pos, save_size = E->size;
  for (int i = 0; i < count; i++) {
    keys[i].node = r->nodesetval->nodeTab[i];
    keys[i].index = i;
    keys[i].descending = n->descending;
    keys[i].numeric = n->numeric;
    if (!n->sort.comp) continue;
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
  switch (n->kind) {
  case TK_ELEM:
    return expand_elem(E, n, parent);
  case TK_TEXT: {
    strbuf b = {0};
    int rc = expand_str(E, n, &n->text, &b);
    if (rc == 0 && b.len) {
      rc = account(E, n, b.len);
      xmlAddChild(parent, xmlNewDocText(E->out, (const xmlChar *)sb_str(&b)));
    }
    sb_free(&b);
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
  /* document-order stamps: libxml2 sorts node-sets by walking sibling lists
   * otherwise, quadratic on 20,000 cadres */
  xmlXPathOrderDocElems(data);
  E.xp = xp_new(data, E.xperr);
  if (!E.xp) {
    diag_add_file(d, DIAG_ERROR, t->files[0], NULL, "cannot create an XPath context");
    return NULL;
  }
  E.out = xmlNewDoc((const xmlChar *)"1.0");
  int rc = expand_one(&E, t->root, NULL);
  xpathfn_release(E.xp);
  xmlXPathFreeContext(E.xp);
  if (rc != 0 || E.failed) {
    xmlFreeDoc(E.out);
    return NULL;
  }
  return E.out;
}
