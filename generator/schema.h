/* schema.h: the input contract (input-format.md) as a declarative table.
 *
 * One table drives three things: the canonical order of the data document
 * (load), the types, required fields and enumerated values checked by
 * validate, and the list of fields documented in templates/DATA.md. Each
 * field has a name, a kind, flags, and for objects the table of its fields,
 * for arrays the description of their item element. */
#ifndef REFORMGEN_SCHEMA_H
#define REFORMGEN_SCHEMA_H

#include <stddef.h>
#include "util.h"
#include <libxml/tree.h>

typedef enum schema_kind {
  SK_OBJECT,     /* child elements described by `fields` */
  SK_ARRAY,      /* item elements described by `item` */
  SK_STRING,     /* any text */
  SK_ID,         /* non-empty text without white space */
  SK_CODE6,      /* six ASCII digits (GB/T 2260 division code) */
  SK_NUMBER,     /* a finite decimal */
  SK_NONNEG,     /* a decimal >= 0 */
  SK_COUNT,      /* a whole number >= 0 */
  SK_SCORE,      /* a decimal 0..100 */
  SK_SHARE,      /* a decimal 0..1 */
  SK_YEAR,       /* a whole number 1949..2100 */
  SK_BOOL,       /* true | false */
  SK_DATE,       /* YYYY-MM-DD, a real calendar date */
  SK_DATE_MONTH, /* YYYY-MM-DD or YYYY-MM */
  SK_ENUM        /* one of `values` */
} schema_kind;

#define SF_REQUIRED 1u

typedef struct schema_field {
  const char *name;
  schema_kind kind;
  unsigned flags;
  const char *const *values;              /* SK_ENUM: NULL-terminated */
  const struct schema_field *fields;      /* SK_OBJECT: ends with a NULL name */
  const struct schema_field *item;        /* SK_ARRAY: the item element */
} schema_field;

/* Returns the root object (<county-report>). Borrowed, static. */
const schema_field *schema_root(void);
/* Returns the field `name` of object description obj, or NULL when obj is not
 * an object description or has no such field. Borrowed. */
const schema_field *schema_child(const schema_field *obj, const char *name);
/* Returns the position of `name` among obj's fields, or -1. */
int schema_index(const schema_field *obj, const char *name);
/* Same, trying position `from` (0 up to the number of fields) first, then the
 * ones after it, then those before: a caller walking children in the table's
 * order (the canonical order load gives) passes the position after the last
 * one found, and each name costs one comparison. Any `from` gives the same
 * answer as schema_index. */
int schema_index_from(const schema_field *obj, const char *name, int from);
/* Returns 1 if the kind holds a number (NUMBER, NONNEG, COUNT, SCORE, SHARE, YEAR). */
int schema_is_numeric(schema_kind k);
/* Returns a short English description of what a kind expects ("a whole number
 * >= 0"); for SK_ENUM the caller lists the values. Borrowed, static. */
const char *schema_expect(schema_kind k);   /* in the user's language (i18n.h) */

/* The numbers a county file may hold: at most this many digits, an exponent
 * from -SCHEMA_NUMBER_EXP to SCHEMA_NUMBER_EXP. */
#define SCHEMA_NUMBER_DIGITS 128
#define SCHEMA_NUMBER_EXP 40

/* Normalises a decimal literal (optional '-', digits, optional fraction,
 * optional exponent) to its shortest exact text ("17.0" -> "17", "0.250" ->
 * "0.25", "1e3" -> "1000", "-0" -> "0") appended to out. Returns 0; -1 when
 * s is not such a literal; -2 when it is one with more digits or a larger
 * exponent than the limits above (1e309): nothing appended then. With out
 * NULL, only says which. */
int schema_norm_number(const char *s, size_t n, strbuf *out);

/* ---- reading the data document (shared by validate and derive) ---- */

/* Returns the first element child of n called name, or NULL. Borrowed. */
xmlNode *schema_find(const xmlNode *n, const char *name);
/* Returns the text of a scalar element ("" when empty or n is NULL). Borrowed:
 * valid while the node is unchanged. */
const char *schema_text(const xmlNode *n);
/* Returns the text of n's child `name`, or NULL when there is no such child. */
const char *schema_get(const xmlNode *n, const char *name);
/* Returns the next element sibling after n (n itself excluded), or NULL. */
xmlNode *schema_next(const xmlNode *n);
/* Returns the first element child of n, or NULL. */
xmlNode *schema_first(const xmlNode *n);
/* Finds in one pass over n's element children the first child called
 * names[i], for each i < count, and stores it in out[i] (NULL when there is
 * none): schema_find for many names at once. Children that come in the order
 * of `names` cost one comparison each (list the names in the order of the
 * contract's table); others cost up to count. Borrowed. */
void schema_find_fields(const xmlNode *n, const char *const *names, int count, xmlNode **out);

/* An index of items by id: the `field` text of every element child of a
 * container, sorted for lookup. */
typedef struct schema_ref {
  const char *id;     /* borrowed from the document */
  xmlNode *node;
  int pos;            /* position in the container, from 0 */
} schema_ref;
typedef struct schema_refs {
  schema_ref *v;
  int n;
} schema_refs;

/* Fills r (zero it first) from container's items; items without the field
 * are left out. Free with schema_refs_free. */
void schema_refs_build(schema_refs *r, const xmlNode *container, const char *field);
/* Returns the index in r->v of the first item (in document order) with that
 * id, or -1. */
int schema_refs_index(const schema_refs *r, const char *id);
/* Returns the first item (in document order) with that id, or NULL. */
xmlNode *schema_refs_find(const schema_refs *r, const char *id);
void schema_refs_free(schema_refs *r);

#endif
