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
/* Returns 1 if the kind holds a number (NUMBER, NONNEG, COUNT, SCORE, SHARE, YEAR). */
int schema_is_numeric(schema_kind k);
/* Returns a short English description of what a kind expects ("a whole number
 * >= 0"); for SK_ENUM the caller lists the values. Borrowed, static. */
const char *schema_expect(schema_kind k);

/* Normalises a decimal literal (optional '-', digits, optional fraction,
 * optional exponent) to its shortest exact text ("17.0" -> "17", "0.250" ->
 * "0.25", "1e3" -> "1000", "-0" -> "0") appended to out. Returns 0, or -1 when
 * s is not such a literal or its exponent is beyond +-40 (nothing appended). */
int schema_norm_number(const char *s, size_t n, strbuf *out);

#endif
