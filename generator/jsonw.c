/* jsonw.c: JSON in cJSON_Print's layout (jsonw.h). */
#include "jsonw.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void tabs(strbuf *b, int n)
{
  static const char t[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";
  while (n > 0) {
    int k = n < 16 ? n : 16;
    sb_addn(b, t, (size_t)k);
    n -= k;
  }
}

/* A JSON string: cJSON escapes the quote, the backslash and bytes below 0x20
 * (the usual five by name) and writes everything else as it is. */
static void str(strbuf *b, const char *s, size_t n)
{
  static const char hex[] = "0123456789abcdef";
  sb_addc(b, '"');
  const char *run = s;
  for (const unsigned char *p = (const unsigned char *)s, *end = p + n; p < end; p++) {
    if (*p >= 0x20 && *p != '"' && *p != '\\') continue;
    sb_addn(b, run, (size_t)((const char *)p - run));
    run = (const char *)p + 1;
    char e[6] = { '\\', 0 };
    size_t k = 2;
    switch (*p) {
    case '"': e[1] = '"'; break;
    case '\\': e[1] = '\\'; break;
    case '\b': e[1] = 'b'; break;
    case '\f': e[1] = 'f'; break;
    case '\n': e[1] = 'n'; break;
    case '\r': e[1] = 'r'; break;
    case '\t': e[1] = 't'; break;
    default:
      e[1] = 'u'; e[2] = '0'; e[3] = '0'; e[4] = hex[*p >> 4]; e[5] = hex[*p & 15];
      k = 6;
    }
    sb_addn(b, e, k);
  }
  sb_addn(b, run, (size_t)(s + n - run));
  sb_addc(b, '"');
}

/* What comes before a value: the separator from the previous one, and in an
 * object the indentation and the key. */
static void lead(jsonw *w, const char *key)
{
  if (w->depth == 0) return;
  int d = w->depth - 1, first = w->empty[d];
  w->empty[d] = 0;
  if (w->in_array[d]) {
    if (!first) sb_addn(w->b, ", ", 2);
    return;
  }
  if (!first) sb_addn(w->b, ",\n", 2);
  tabs(w->b, w->depth);
  if (!key) key = "";
  str(w->b, key, strlen(key));
  sb_addn(w->b, ":\t", 2);
}

static void begin(jsonw *w, const char *key, int array)
{
  if (w->depth >= JSONW_MAX_DEPTH) abort();   /* a caller's bug: nothing reformgen writes is that deep */
  lead(w, key);
  sb_addc(w->b, array ? '[' : '{');
  if (!array) sb_addc(w->b, '\n');
  w->in_array[w->depth] = (unsigned char)array;
  w->empty[w->depth] = 1;
  w->depth++;
}

void jw_begin_object(jsonw *w, const char *key) { begin(w, key, 0); }
void jw_begin_array(jsonw *w, const char *key) { begin(w, key, 1); }

void jw_end_object(jsonw *w)
{
  if (!w->empty[w->depth - 1]) sb_addc(w->b, '\n');
  tabs(w->b, w->depth - 1);
  sb_addc(w->b, '}');
  w->depth--;
}

void jw_end_array(jsonw *w)
{
  sb_addc(w->b, ']');
  w->depth--;
}

void jw_string(jsonw *w, const char *key, const char *v)
{
  lead(w, key);
  if (v) str(w->b, v, strlen(v));
  else sb_addn(w->b, "null", 4);
}

void jw_stringn(jsonw *w, const char *key, const char *v, size_t n)
{
  lead(w, key);
  str(w->b, v, n);
}

void jw_int(jsonw *w, const char *key, long v)
{
  lead(w, key);
  sb_addl(w->b, v);
}

/* cJSON's number layout: integers that fit an int as such, others with 15
 * significant digits, or 17 when 15 do not read back (within cJSON's
 * tolerance of one DBL_EPSILON relative). */
static void number(strbuf *b, double d)
{
  char t[32];
  if (isnan(d) || isinf(d)) {
    sb_add(b, "null");
    return;
  }
  if (d >= -2147483648.0 && d <= 2147483647.0 && d == (double)(int)d) {
    snprintf(t, sizeof t, "%d", (int)d);
  } else {
    snprintf(t, sizeof t, "%1.15g", d);
    double back;
    if (sscanf(t, "%lg", &back) != 1 || fabs(back - d) > fmax(fabs(back), fabs(d)) * DBL_EPSILON)
      snprintf(t, sizeof t, "%1.17g", d);
  }
  sb_add(b, t);
}

void jw_cjson(jsonw *w, const char *key, const cJSON *v)
{
  if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
    int array = cJSON_IsArray(v);
    begin(w, key, array);
    for (const cJSON *c = v->child; c; c = c->next) jw_cjson(w, array ? NULL : c->string, c);
    if (array) jw_end_array(w);
    else jw_end_object(w);
    return;
  }
  lead(w, key);
  const char *s = cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
  if (cJSON_IsString(v)) str(w->b, s, strlen(s));
  else if (cJSON_IsNumber(v)) number(w->b, v->valuedouble);
  else if (cJSON_IsTrue(v)) sb_add(w->b, "true");
  else if (cJSON_IsFalse(v)) sb_add(w->b, "false");
  else if (cJSON_IsRaw(v) && v->valuestring) sb_add(w->b, v->valuestring);
  else sb_add(w->b, "null");
}
