/* template_imp.h: what the parts of the template stage share (template.h is
 * the public interface). A template is compiled (template_compile.c, with its
 * expressions and placeholders in template_expr.c) into a tree of tnodes,
 * which expansion (template_expand.c) walks against a data document. Every
 * expression is evaluated by libxml2's XPath. */
#ifndef REFORMGEN_TEMPLATE_IMP_H
#define REFORMGEN_TEMPLATE_IMP_H

#include <stdarg.h>
#include <libxml/xpath.h>
#include "diag.h"
#include "doctree.h"
#include "template.h"
#include "util.h"

enum {
  TPL_MAX_FILE = 4 << 20,        /* bytes in one template file */
  TPL_MAX_INCLUDE_DEPTH = 8,     /* includes inside includes */
  TPL_MAX_NESTING = 64,          /* element nesting, includes counted */
  TPL_MAX_VARS = 64,             /* variables in scope at once */
  TPL_MAX_OUT_NODES = 2000000,   /* elements and texts in one expanded tree */
  TPL_MAX_OUT_BYTES = 64 << 20,  /* text and attribute bytes in one tree */
  TPL_MAX_VALUE_BYTES = 32 << 20 /* one evaluated string (a variable, a placeholder) */
};
/* The operation budget of one expanded document: XPath operations (libxml2's
 * count), one per template element expanded, one per node an expression
 * selects, one per byte of the strings expressions give and of those XPath's
 * string functions read and make (xpathfn.c), together at most
 * TPL_OPS_PER_DATA_NODE per node of the data document (its elements, texts and
 * attributes), and never less than TPL_OPS_FLOOR. The bounds on what expansion
 * makes (TPL_MAX_OUT_*) are floors too, grown with the data. A loop has no
 * bound of its own: each of its items is an operation. */
#define TPL_OPS_FLOOR 4000000UL
#define TPL_OPS_PER_DATA_NODE 100UL
#define TPL_OUT_NODES_PER_DATA_NODE 2L
#define TPL_OUT_BYTES_PER_DATA_NODE 64L
#define TPL_OP_LIMIT TPL_OPS_FLOOR  /* the budget while a template is checked at load time */

typedef struct texpr {
  xmlXPathCompExprPtr comp;
  char *src;
  int line;        /* where it is in the template */
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
  int line;              /* where the attribute is in the template */
  /* the values it takes, checked when a value with placeholders is expanded
   * (a literal one when it is loaded); DTV_ANY: not checked */
  dt_value_rule rule;
  int image;             /* the src of an <image>: the file must be readable */
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

typedef struct treq treq;   /* a <require> (template_require.c) */

struct template {
  char *kind;
  treq *reqs;      /* the data the document requires, in template order */
  int nreqs;
  int strict;
  long max_nodes;
  long pack_from;  /* template_opts.pack_from */
  char **files;
  int nfiles;
  tnode *root;
  /* the names of the elements and attributes expansion makes, a dictionary
   * that every expanded document shares (xmlDictReference): nodes take their
   * names from it without a copy */
  xmlDictPtr dict;
  xmlChar *number_name;  /* "number", the attribute of heading numbers */
};

/* The state of loading a template (template_compile.c, template_expr.c). */
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
  const dt_element *parent;  /* the enclosing document-tree element (content check) */
  int choose_next;           /* the next list compiled is a <choose>'s content */
  int cursor;                /* the template line reached while compiling (libxml2
                                gives element lines, not where a text's lines are) */
  int errors;
  char xperr[512];           /* the last XPath error message */
} loader;

/* ---- template.c: shared by loading and expansion */

/* Frees a list of sibling tnodes and what they hold; NULL is allowed. */
void tpl_tnode_free(tnode *n);
/* Frees what a holds. */
void tpl_tattr_free(tattr *a);
/* Frees what x holds. */
void tpl_expr_free(texpr *x);
/* Adds "FILE:LINE: error: ..." (no line when line <= 0) to d. */
void tpl_verr(diag_list *d, const char *file, int line, const char *fmt, va_list ap)
  __attribute__((format(printf, 4, 0)));
/* A new XPath context over doc with the rg functions, an operation limit and
 * errors going to errbuf (512 bytes). Returns NULL if libxml2 refuses. */
xmlXPathContextPtr tpl_xp_new(xmlDocPtr doc, char *errbuf);
/* Whether layout ignores a value of kind k that it cannot read (a length or
 * a size), so that the template stage may leave it out with a warning. */
int tpl_value_ignorable(dt_value k);
/* Whether the image file src of an <image> in t can be read: as given, or,
 * when relative, relative to the directory of t's file (layout reads it
 * from the same places: the expanded tree's URL is t's file). Returns 0, or
 * an errno value. */
int tpl_image_unreadable(const template *t, const char *src);
/* "node-set", "string", ... for messages. */
const char *tpl_xtype_name(xmlXPathObjectType t);

/* ---- template_expr.c: expressions and placeholders, at load time */

/* An error at file:line: counted in L->errors. */
void tpl_lerr(loader *L, const char *file, int line, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
/* A doubtful construct: a warning, or an error under strict. */
void tpl_lcontent(loader *L, const char *file, int line, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
/* A value layout would ignore: a warning that says so, or an error under
 * strict. */
void tpl_lvalue(loader *L, const char *file, int line, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
/* Compiles src (at file:line) into x and checks it: its syntax, its functions
 * and their argument counts, its variables, and one evaluation against an
 * empty data document. want_nodeset: it must give a node-set (a for-each
 * select). Returns 0, or -1 after reporting. */
int tpl_compile_expr(loader *L, const char *file, int line, const char *src, int want_nodeset,
                     texpr *x);
/* Splits v, which starts on template line `line`, into literal parts and
 * {expr} placeholders ({{ and }} are literal braces); text (normalize) drops
 * the template's own line breaks from the literals. Returns 0, or -1 after
 * reporting. */
int tpl_parse_value(loader *L, const char *file, int line, const char *v, int normalize, tstr *out);
/* Template text without the white-space runs that hold a line break (layout
 * of the template file, not content). Returns a new string. */
char *tpl_normalize_text(const char *s);
/* The number of line breaks in the first n bytes of s. */
int tpl_count_lines(const char *s, size_t n);
/* Whether name (a whole string) is a variable name, and whether one of that
 * name is in scope. */
int tpl_var_name_ok(const char *name);
int tpl_var_in_scope(const loader *L, const char *name, size_t n);

/* ---- template_require.c: the data a template requires */

/* Compiles a <require> element of the template root into L->t. Returns 0, or
 * -1 after reporting. */
int tpl_require_compile(loader *L, const char *file, xmlNodePtr e);
/* Frees t's requirements. */
void tpl_require_free(template *t);

#endif
