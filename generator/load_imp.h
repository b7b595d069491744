/* load_imp.h: what the files of the load stage share (load.c: entry points,
 * positions, the canonical pass and places; load_json.c; load_xml.c). Not for
 * other stages: they use load.h. */
#ifndef REFORMGEN_LOAD_IMP_H
#define REFORMGEN_LOAD_IMP_H

#include "load.h"
#include "util.h"

#include <stdarg.h>
#include <stdint.h>

/* Each element of a loaded document remembers in its _private field the XML
 * line it came from (0 for JSON), whether it is a JSON array container and
 * whether the loader has reported an error about its value (load_reported). */
#define MARK_ARRAY ((uintptr_t)1)   /* a JSON array container */
#define MARK_REPORTED ((uintptr_t)4) /* its value has had its error */
#define MARK_SHIFT 3

static inline void load_set_info(xmlNode *n, uintptr_t line, uintptr_t flags)
{
  n->_private = (void *)((line << MARK_SHIFT) | flags | 2u | ((uintptr_t)n->_private & MARK_REPORTED));
}

/* Records that an error about n's value has been reported: validate says
 * nothing more about it (one error per bad value). */
static inline void load_mark_reported(xmlNode *n)
{
  n->_private = (void *)((uintptr_t)n->_private | MARK_REPORTED | 2u);
}

static inline uintptr_t load_info(const xmlNode *n)
{
  return (uintptr_t)n->_private;
}

/* "LINE:COLUMN" (1-based, columns in characters) of byte offset off of s,
 * newly allocated. */
char *load_place_at(const char *s, size_t off);
/* Adds an error at `place` (taken over and freed). */
void load_error_vplace(diag_list *d, char *place, const char *fmt, va_list ap)
  __attribute__((format(printf, 3, 0)));
/* Adds an error at the line and column of byte offset off of s. */
void load_error_at(diag_list *d, const char *s, size_t off, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
/* Whether the text lit starts at offset i of s (n bytes). */
int load_starts_with(const char *s, size_t n, size_t i, const char *lit);
/* A printable excerpt of s at off: at most max characters, up to the end of
 * the line. Newly allocated. */
char *load_excerpt(const char *s, size_t n, size_t off, int max);
/* Appends a JSON pointer step: a key (with ~ and / escaped) or an index. */
void load_ptr_push(strbuf *p, const char *key);
void load_ptr_push_index(strbuf *p, int i);
/* The place of an element of an XML-loaded document
 * ("LINE:/county-report/cadres/cadre[4]/birth"), newly allocated. */
char *load_xml_place(const xmlNode *n);

/* The form-specific readers. Each returns the document in the file's order
 * (load_buffer's canonical pass is still to run), or NULL after adding errors
 * to d. The text's bytes (UTF-8, control characters) are checked already. */
xmlDocPtr load_json_text(const char *s, size_t n, diag_list *d);
xmlDocPtr load_xml_text(const char *s, size_t n, const char *name, diag_list *d);

#endif
