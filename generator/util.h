/* util.h: memory, growable strings and small helpers shared by every module.
 *
 * Out-of-memory policy: reformgen is a batch tool, so the x* allocators never
 * return NULL; on failure they print "reformgen: out of memory" and exit(1)
 * (a worker process dies alone; the batch reports that county as failed). */
#ifndef REFORMGEN_UTIL_H
#define REFORMGEN_UTIL_H

#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>

/* Routes libxml2's and cJSON's allocations through the x* allocators, so the
 * out-of-memory policy holds everywhere. When the environment variable
 * REFORMGEN_FAIL_ALLOC is a number N, the N-th allocation after this call
 * fails (testing the policy). Call once, before any libxml2 or cJSON use. */
void util_install_allocators(void);
/* The number of allocations made through the x* allocators so far. */
unsigned long util_alloc_count(void);

/* What the process prints when an allocation fails: note (one line, copied;
 * at most 1,000 bytes are kept) instead of "reformgen: out of memory", or
 * the latter again when note is NULL. A worker names the county it renders. */
void util_oom_note(const char *note);

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a new string formatted like printf; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated byte string. Zero-initialise ({0}) or sb_init. */
typedef struct strbuf {
  char *s;      /* always NUL-terminated once anything was added; may be NULL when empty */
  size_t len;
  size_t cap;
} strbuf;

void sb_init(strbuf *b);
void sb_add(strbuf *b, const char *s);
void sb_addn(strbuf *b, const char *s, size_t n);
void sb_addc(strbuf *b, char c);
void sb_addf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Returns the string (never NULL; "" when empty) and leaves b empty; caller frees. */
char *sb_detach(strbuf *b);
/* Returns the current contents, "" when empty; borrowed. */
const char *sb_str(const strbuf *b);
void sb_reset(strbuf *b);
void sb_free(strbuf *b);

enum { FMT_LONG_SIZE = 24 };
/* Writes v in decimal, as "%ld" does, into buf and returns buf: for numbers
 * written by the thousand (derived statistics), at a tenth of snprintf's cost. */
char *fmt_long(long v, char buf[FMT_LONG_SIZE]);
/* Appends v in decimal to b (fmt_long). */
void sb_addl(strbuf *b, long v);
/* v in thousandths, rounded; NaN and values beyond a billion give 0 (they
 * draw nothing sensible in a page description anyway). */
long long milli_round(double v);
/* Appends m thousandths as a decimal with at most three decimals and no
 * trailing zeros ("12.5", "-0.125", "3"): the numbers of PDF content
 * streams and of OFD pages. */
void sb_add_milli(strbuf *b, long long m);

/* Big-endian integers in byte buffers (font tables, PNG chunks, SHA-256). */
static inline uint16_t be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline void put_be16(unsigned char *p, unsigned v)
{
  p[0] = (unsigned char)(v >> 8);
  p[1] = (unsigned char)v;
}
static inline void put_be32(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

/* The first place of needle (nn bytes) in the hn bytes at h, or NULL. */
const char *mem_find(const char *h, size_t hn, const char *needle, size_t nn);

/* Opening files to read. Every file reformgen reads goes through
 * file_open_read: only a regular file is read. The open itself never blocks
 * (O_NONBLOCK, cleared once fstat has shown a regular file), so that a named
 * pipe, a device or a socket is refused at once instead of hanging the run.
 * With FILE_NOFOLLOW a symbolic link as the last component is refused
 * (O_NOFOLLOW): county files found in a folder are read only as what they
 * are, never as what a link points to. Returns a descriptor (O_CLOEXEC), or -1
 * with errno: ELOOP for a refused link, EISDIR for a folder, EINVAL for any
 * other kind of file, EFBIG when larger than max bytes; *size_out (may be
 * NULL) gets the size. */
enum { FILE_FOLLOW = 0, FILE_NOFOLLOW = 1 };
int file_open_read(const char *path, int flags, size_t max, size_t *size_out);
/* Words for an errno file_open_read set: "a symbolic link, not followed"
 * (ELOOP), "not a regular file" (EINVAL), "a folder", "larger than allowed",
 * else strerror's. Borrowed, static. */
const char *file_error_text(int err);

/* Reads what is left of fd (at most max bytes) into a new NUL-terminated
 * buffer and closes fd. Returns NULL with errno set on failure (EFBIG when
 * larger than max). */
char *read_fd(int fd, size_t max, size_t *len_out);

/* Reads a whole file (at most max bytes) into a new NUL-terminated buffer,
 * opened by file_open_read (links followed). Returns NULL with errno set on
 * failure (EFBIG when larger than max). */
char *read_file(const char *path, size_t max, size_t *len_out);

/* County files: a path named on the command line (the user chose it) may be
 * read through a symbolic link; any other, such as one found in a folder
 * given as input, may not. file_allow_link records such a path (copied);
 * read_county_file is read_file with FILE_NOFOLLOW unless path was recorded. */
void file_allow_link(const char *path);
char *read_county_file(const char *path, size_t max, size_t *len_out);
/* Forgets the recorded paths (at the end of the run). */
void file_forget_links(void);

/* UTF-8: decodes one code point at s (n bytes available). Returns its length
 * in bytes and stores the code point, or returns 0 for an invalid, overlong,
 * surrogate or truncated sequence. */
size_t utf8_decode(const char *s, size_t n, unsigned *cp);
/* utf8_decode of s[0..n), n > 0, with ASCII and well-formed three-byte
 * sequences (the whole of CJK) decoded in place. */
static inline size_t utf8_decode_fast(const char *str, size_t n, unsigned *cp)
{
  const unsigned char *s = (const unsigned char *)str;
  if (s[0] < 0x80) { *cp = s[0]; return 1; }
  if ((s[0] & 0xF0) == 0xE0 && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
    unsigned v = (s[0] & 0x0Fu) << 12 | (s[1] & 0x3Fu) << 6 | (s[2] & 0x3Fu);
    if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) { *cp = v; return 3; }
  }
  return utf8_decode(str, n, cp);
}
/* Appends the UTF-8 form of cp to b. */
void utf8_append(strbuf *b, unsigned cp);
/* Whether code point cp is one that must not reach a terminal or a file name
 * as it is: a control character (C0, DEL, C1, the line and paragraph
 * separators) or an invisible format character that reorders or hides text
 * (the bidi controls such as U+202E, zero-width characters, U+FEFF, tags). */
int cp_is_control(unsigned cp);
int cp_is_invisible_format(unsigned cp);
/* Returns the byte offset of the first invalid UTF-8 sequence, or (size_t)-1. */
size_t utf8_invalid_at(const char *s, size_t n);

#endif
