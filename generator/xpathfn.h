/* xpathfn.h: reformgen's XPath extension functions, the "rg:" functions that
 * templates call for what XPath 1.0 lacks: exact percentages, grouped numbers,
 * Chinese dates and numerals, upper-case amounts, ages, unit names.
 * templates/README.md documents each one for template authors.
 *
 * Numbers given as text (a node or a string) are parsed as exact decimals
 * (decimal.h), never through a binary double, so 7 -> 17 is 142.9 and 89.95
 * rounds to 90.0. An argument that is not a number (or a date where a date is
 * wanted) makes a function return the empty string: the template shows nothing
 * there (or stops under --strict). */
#ifndef REFORMGEN_XPATHFN_H
#define REFORMGEN_XPATHFN_H

#include <libxml/xpath.h>
#include "decimal.h"
#include "util.h"

/* The namespace URI of the rg: functions; templates use the prefix "rg". */
#define XPATHFN_NS "urn:reformgen:template-functions"
#define XPATHFN_PREFIX "rg"

/* Registers the prefix and every rg: function in ctxt.
 * Returns 0, or -1 if libxml2 refused a registration. */
int xpathfn_register(xmlXPathContextPtr ctxt);

/* Frees what the rg: functions cached in ctxt (the rg:lookup indexes). Call
 * before xmlXPathFreeContext; the context stays usable. */
void xpathfn_release(xmlXPathContextPtr ctxt);

/* rg:unit-name for a caller that has the id as text: the name of the
 * units/unit whose id is id (ASCII white space around it ignored), through
 * the index that rg:lookup keeps in ctxt. Returns a new string the caller
 * xmlFrees, or NULL when there is no such unit (the function gives ""). */
xmlChar *xpathfn_unit_name(xmlXPathContextPtr ctxt, const char *id);

/* Looks up an rg: function by its local name. Returns 1 and stores its
 * argument-count bounds (max -1: no upper bound), or 0 if there is no such
 * function. */
int xpathfn_lookup(const char *local, int *min_args, int *max_args);

/* The helpers behind the functions, usable from C. Each appends its result to
 * b and returns 0, or returns -1 (b unchanged) when the argument is out of
 * range or not valid. */

/* Chinese numeral in counting form: 0 零, 10 十, 12 十二, 20 二十, 105 一百零五,
 * 110 一百一十, 10005 一万零五; a fraction as 三点五; negative with 负. */
int xpathfn_numeral(dec n, strbuf *b);
/* Upper-case amount in yuan (大写金额), rounded to fen: 12000 壹万贰仟元整,
 * 10005 壹万零伍元整, 10 壹拾元整, 0 零元整, 12.05 壹拾贰元零伍分. */
int xpathfn_amount(dec n, strbuf *b);
/* Each ASCII digit of s as 〇一二三四五六七八九 (2024 -> 二〇二四); other
 * characters are copied. */
void xpathfn_digits_cn(const char *s, strbuf *b);
/* A date (dates_parse, YYYY-MM allowed) as 2024年1月2日 (cn 0) or
 * 二〇二四年一月二日 (cn 1); YYYY-MM gives 2024年1月 / 二〇二四年一月. */
int xpathfn_date(const char *s, int cn, strbuf *b);
/* n with `places` decimals (places < 0: as exact as given), thousands grouped
 * with commas: 1744 -> 1,744; -12345.5 -> -12,345.5. */
int xpathfn_group(dec n, int places, strbuf *b);
/* The official heading number of level 1..4 for n >= 1: 一、 （一） 1. （1）. */
int xpathfn_enum(int level, long n, strbuf *b);

#endif
