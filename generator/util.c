/* util.c: allocation that never returns NULL, growable strings, file reading
 * and UTF-8 helpers. See util.h for the contracts. */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>
#include <libxml/xmlmemory.h>

static unsigned long alloc_count, alloc_fail_at;

static char oom_line[1024];   /* util_oom_note's, with its newline; "" for the default */

void util_oom_note(const char *note)
{
  oom_line[0] = '\0';
  if (!note) return;
  size_t n = strlen(note);
  if (n > sizeof oom_line - 2) {   /* cut on a character's first byte */
    n = sizeof oom_line - 2;
    while (n > 0 && ((unsigned char)note[n] & 0xC0) == 0x80) n--;
  }
  memcpy(oom_line, note, n);
  oom_line[n] = '\n';
  oom_line[n + 1] = '\0';
}

static void oom(void)
{
  static const char msg[] = "reformgen: out of memory\n";
  if (oom_line[0]) fwrite(oom_line, 1, strlen(oom_line), stderr);
  else fwrite(msg, 1, sizeof msg - 1, stderr);
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

long long milli_round(double v)
{
  return v > -1e9 && v < 1e9 ? llround(v * 1000) : 0;
}

void sb_add_milli(strbuf *b, long long m)
{
  char tmp[32], *e = tmp + sizeof tmp, *p = e;
  unsigned long long u = m < 0 ? 0ULL - (unsigned long long)m : (unsigned long long)m;
  unsigned frac = (unsigned)(u % 1000);
  u /= 1000;
  if (frac) {
    int digits = 3;
    while (frac % 10 == 0) { frac /= 10; digits--; }
    for (int i = 0; i < digits; i++) { *--p = (char)('0' + frac % 10); frac /= 10; }
    *--p = '.';
  }
  do { *--p = (char)('0' + u % 10); u /= 10; } while (u);
  if (m < 0) *--p = '-';
  sb_addn(b, p, (size_t)(e - p));
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

int file_open_read(const char *path, int flags, size_t max, size_t *size_out)
{
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY |
                      ((flags & FILE_NOFOLLOW) ? O_NOFOLLOW : 0));
  if (fd < 0) return -1;
  struct stat st;
  int err = 0;
  if (fstat(fd, &st) != 0) err = errno;
  else if (S_ISDIR(st.st_mode)) err = EISDIR;
  else if (!S_ISREG(st.st_mode)) err = EINVAL;
  else if ((uintmax_t)st.st_size > max) err = EFBIG;
  else {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) err = errno;
  }
  if (err) {
    close(fd);
    errno = err;
    return -1;
  }
  if (size_out) *size_out = (size_t)st.st_size;
  return fd;
}

const char *file_error_text(int err)
{
  switch (err) {
  case ELOOP: return "a symbolic link, not followed";
  case EINVAL: return "not a regular file";
  case EISDIR: return "a folder";
  case EFBIG: return "larger than allowed";
  default: return strerror(err);
  }
}

char *read_fd(int fd, size_t max, size_t *len_out)
{
  strbuf b = {0};
  char chunk[65536];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      sb_free(&b);
      close(fd);
      errno = EIO;
      return NULL;
    }
    if (n == 0) break;
    if (b.len + (size_t)n > max) {   /* grew while being read */
      sb_free(&b);
      close(fd);
      errno = EFBIG;
      return NULL;
    }
    sb_addn(&b, chunk, (size_t)n);
  }
  close(fd);
  if (len_out) *len_out = b.len;
  return sb_detach(&b);
}

char *read_file(const char *path, size_t max, size_t *len_out)
{
  int fd = file_open_read(path, FILE_FOLLOW, max, NULL);
  return fd < 0 ? NULL : read_fd(fd, max, len_out);
}

static char **allowed_links;
static size_t nallowed, capallowed;
static int allowed_sorted;

static int cmp_path(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void file_allow_link(const char *path)
{
  if (nallowed == capallowed) {
    capallowed = capallowed ? capallowed * 2 : 16;
    allowed_links = xrealloc(allowed_links, capallowed * sizeof *allowed_links);
  }
  allowed_links[nallowed++] = xstrdup(path);
  allowed_sorted = 0;
}

void file_forget_links(void)
{
  for (size_t i = 0; i < nallowed; i++) free(allowed_links[i]);
  free(allowed_links);
  allowed_links = NULL;
  nallowed = capallowed = 0;
}

char *read_county_file(const char *path, size_t max, size_t *len_out)
{
  if (!allowed_sorted && nallowed > 1) qsort(allowed_links, nallowed, sizeof *allowed_links, cmp_path);
  allowed_sorted = 1;
  int follow = nallowed && bsearch(&path, allowed_links, nallowed, sizeof *allowed_links, cmp_path);
  int fd = file_open_read(path, follow ? FILE_FOLLOW : FILE_NOFOLLOW, max, NULL);
  return fd < 0 ? NULL : read_fd(fd, max, len_out);
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

int cp_is_control(unsigned cp)
{
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

int cp_is_invisible_format(unsigned cp)
{
  return cp == 0x061C || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
         (cp >= 0x2066 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
         cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
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
