/* util.c: allocation that never returns NULL, growable strings, file reading
 * and UTF-8 helpers. See util.h for the contracts. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cJSON.h>
#include <libxml/xmlmemory.h>

static unsigned long alloc_count, alloc_fail_at;

static void oom(void)
{
  static const char msg[] = "reformgen: out of memory\n";
  fwrite(msg, 1, sizeof msg - 1, stderr);
  exit(1);
}

/* Counts an allocation; returns 1 when it must fail (REFORMGEN_FAIL_ALLOC). */
static int injected_failure(void)
{
  return ++alloc_count == alloc_fail_at;
}

unsigned long util_alloc_count(void)
{
  return alloc_count;
}

static char *xml_strdup_cb(const char *s)
{
  return xstrdup(s);
}

void util_install_allocators(void)
{
  const char *e = getenv("REFORMGEN_FAIL_ALLOC");
  if (e && *e) alloc_fail_at = strtoul(e, NULL, 10);
  alloc_count = 0;   /* N counts from here (util.h), whatever came before */
  xmlMemSetup(free, xmalloc, xrealloc, xml_strdup_cb);
  cJSON_Hooks hooks = { xmalloc, free };
  cJSON_InitHooks(&hooks);
}

void *xmalloc(size_t n)
{
  void *p = injected_failure() ? NULL : malloc(n ? n : 1);
  if (!p) oom();
  return p;
}

void *xcalloc(size_t count, size_t size)
{
  void *p = injected_failure() ? NULL : calloc(count ? count : 1, size ? size : 1);
  if (!p) oom();
  return p;
}

void *xrealloc(void *p, size_t n)
{
  void *q = injected_failure() ? NULL : realloc(p, n ? n : 1);
  if (!q) oom();
  return q;
}

char *xstrdup(const char *s)
{
  return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *xasprintf(const char *fmt, ...)
{
  strbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(&b, fmt, ap);
  va_end(ap);
  return sb_detach(&b);
}

void sb_init(strbuf *b)
{
  b->s = NULL;
  b->len = b->cap = 0;
}

static void sb_grow(strbuf *b, size_t extra)
{
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  b->s = xrealloc(b->s, cap);
  b->cap = cap;
}

void sb_addn(strbuf *b, const char *s, size_t n)
{
  sb_grow(b, n);
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void sb_add(strbuf *b, const char *s)
{
  sb_addn(b, s, strlen(s));
}

void sb_addc(strbuf *b, char c)
{
  sb_addn(b, &c, 1);
}

void sb_vaddf(strbuf *b, const char *fmt, va_list ap)
{
  va_list aq;
  va_copy(aq, ap);
  int n = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  if (n < 0) return;
  sb_grow(b, (size_t)n);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
}

void sb_addf(strbuf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  sb_vaddf(b, fmt, ap);
  va_end(ap);
}

char *fmt_long(long v, char buf[FMT_LONG_SIZE])
{
  char tmp[FMT_LONG_SIZE];
  unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
  int n = 0;
  do {
    tmp[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  int k = 0;
  if (v < 0) buf[k++] = '-';
  while (n) buf[k++] = tmp[--n];
  buf[k] = '\0';
  return buf;
}

void sb_addl(strbuf *b, long v)
{
  char buf[FMT_LONG_SIZE];
  sb_add(b, fmt_long(v, buf));
}

char *sb_detach(strbuf *b)
{
  char *s = b->s ? b->s : xstrdup("");
  sb_init(b);
  return s;
}

const char *sb_str(const strbuf *b)
{
  return b->s ? b->s : "";
}

void sb_reset(strbuf *b)
{
  b->len = 0;
  if (b->s) b->s[0] = '\0';
}

void sb_free(strbuf *b)
{
  free(b->s);
  sb_init(b);
}

char *read_file(const char *path, size_t max, size_t *len_out)
{
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    errno = EISDIR;
    return NULL;
  }
  strbuf b = {0};
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (b.len + n > max) {
      sb_free(&b);
      fclose(f);
      errno = EFBIG;
      return NULL;
    }
    sb_addn(&b, chunk, n);
  }
  int err = ferror(f);
  fclose(f);
  if (err) {
    sb_free(&b);
    errno = EIO;
    return NULL;
  }
  if (len_out) *len_out = b.len;
  return sb_detach(&b);
}

size_t utf8_decode(const char *str, size_t n, unsigned *cp)
{
  const unsigned char *s = (const unsigned char *)str;
  if (n == 0) return 0;
  unsigned c = s[0];
  if (c < 0x80) { *cp = c; return 1; }
  size_t len;
  unsigned min;
  if ((c & 0xE0) == 0xC0) { len = 2; c &= 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { len = 3; c &= 0x0F; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { len = 4; c &= 0x07; min = 0x10000; }
  else return 0;
  if (n < len) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  *cp = c;
  return len;
}

void utf8_append(strbuf *b, unsigned cp)
{
  char t[4];
  size_t n;
  if (cp < 0x80) { t[0] = (char)cp; n = 1; }
  else if (cp < 0x800) { t[0] = (char)(0xC0 | (cp >> 6)); t[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
  else if (cp < 0x10000) {
    t[0] = (char)(0xE0 | (cp >> 12)); t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    t[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
  } else {
    t[0] = (char)(0xF0 | (cp >> 18)); t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    t[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); t[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
  }
  sb_addn(b, t, n);
}

size_t utf8_invalid_at(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    if ((unsigned char)s[i] < 0x80) { i++; continue; }
    unsigned cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (!k) return i;
    i += k;
  }
  return (size_t)-1;
}

const char *mem_find(const char *h, size_t hn, const char *needle, size_t nn)
{
  if (nn == 0) return h;
  for (const char *end = h + hn; (size_t)(end - h) >= nn; h++) {
    h = memchr(h, needle[0], (size_t)(end - h) - nn + 1);
    if (!h) return NULL;
    if (memcmp(h, needle, nn) == 0) return h;
  }
  return NULL;
}
