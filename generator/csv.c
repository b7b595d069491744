/* csv.c: CSV and tab-separated exports read into a sheet (csv.h). */
#include "csv.h"
#include "i18n.h"
#include "load.h"
#include "util.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* Converts the n bytes at in from the encoding `from` to a new UTF-8 string.
 * Returns NULL when the bytes are not valid in that encoding, with the byte
 * offset of the first bad sequence in *bad. */
static char *convert(const char *from, const char *in, size_t n, size_t *outlen, size_t *bad)
{
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == (iconv_t)-1) { *bad = 0; return NULL; }
  size_t cap = n * 2 + 16;
  char *out = xmalloc(cap);
  char *ip = (char *)(uintptr_t)in, *op = out;
  size_t il = n, ol = cap - 1;
  while (il > 0) {
    if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) break;
    if (errno == E2BIG) {
      size_t used = (size_t)(op - out);
      cap *= 2;
      out = xrealloc(out, cap);
      op = out + used;
      ol = cap - 1 - used;
      continue;
    }
    *bad = (size_t)(ip - in);
    free(out);
    iconv_close(cd);
    return NULL;
  }
  iconv_close(cd);
  *op = '\0';
  *outlen = (size_t)(op - out);
  return out;
}

/* The separator: a tab when the first line has more tabs than commas. */
static char separator(const char *s, size_t n)
{
  size_t tabs = 0, commas = 0;
  int quoted = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"') quoted = !quoted;
    else if (!quoted && (s[i] == '\n' || s[i] == '\r')) break;
    else if (!quoted && s[i] == '\t') tabs++;
    else if (!quoted && s[i] == ',') commas++;
  }
  return tabs > commas ? '\t' : ',';
}

/* Splits UTF-8 text into rows of fields. Returns 0, or -1 with *err. */
static int parse(sheet *s, const char *t, size_t n, char **err)
{
  char sep = separator(t, n);
  strbuf field = { 0 };
  size_t i = 0;
  long rowno = 0;
  while (i < n) {
    rowno++;
    if (rowno > SHEET_MAX_ROWS) {
      *err = xasprintf(_("more than %d rows; expected a roster of at most that many"), SHEET_MAX_ROWS);
      sb_free(&field);
      return -1;
    }
    sheet_row *r = NULL;
    int col = 0;
    for (;;) {   /* one field */
      sb_reset(&field);
      int quoted = 0;
      if (i < n && t[i] == '"') {
        quoted = 1;
        i++;
        for (;;) {
          if (i >= n) {
            *err = xasprintf(_("row %ld: a quoted field is not closed; expected a closing \""), rowno);
            sb_free(&field);
            return -1;
          }
          if (t[i] == '"') {
            if (i + 1 < n && t[i + 1] == '"') { sb_addc(&field, '"'); i += 2; continue; }
            i++;
            break;
          }
          sb_addc(&field, t[i++]);
        }
      }
      while (i < n && t[i] != sep && t[i] != '\n' && t[i] != '\r') sb_addc(&field, t[i++]);
      if (field.len > 0 || quoted) {
        if (col >= SHEET_MAX_COLS) {
          *err = xasprintf(_("row %ld: more than %d columns; expected at most that many"), rowno, SHEET_MAX_COLS);
          sb_free(&field);
          return -1;
        }
        if (!r) r = sheet_add_row(s, rowno);
        sheet_set(r, col, sb_str(&field), field.len);
      }
      if (i < n && t[i] == sep) { i++; col++; continue; }
      break;
    }
    if (i < n && t[i] == '\r') i++;
    if (i < n && t[i] == '\n') i++;
  }
  sb_free(&field);
  return 0;
}

sheet *csv_read(const char *path, const char **encoding, char **err)
{
  size_t n = 0;
  char *raw = read_file(path, LOAD_MAX_BYTES, &n);
  if (!raw) {
    *err = xasprintf(_("cannot read: %s"), errno == EFBIG ? _("file too large") : strerror(errno));
    return NULL;
  }
  const unsigned char *u = (const unsigned char *)raw;
  char *text = NULL;
  size_t len = 0, bad = 0;
  const char *enc;
  if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    enc = "UTF-8";
    text = xstrndup(raw + 3, n - 3);
    len = n - 3;
  } else if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
    enc = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
    text = convert(enc, raw + 2, n - 2, &len, &bad);
  } else if (utf8_invalid_at(raw, n) == (size_t)-1) {
    enc = "UTF-8";
    text = raw;
    raw = NULL;
    len = n;
  } else {
    enc = "GB18030";   /* a superset of GBK and GB2312 */
    text = convert(enc, raw, n, &len, &bad);
  }
  free(raw);
  if (!text) {
    *err = xasprintf(_("byte %zu cannot be read as %s; expected a file in UTF-8, GBK or GB18030%s"),
                     bad, enc, strncmp(enc, "UTF-16", 6) == 0 ? "" : _(" (save it as CSV from Excel or WPS)"));
    return NULL;
  }
  if (utf8_invalid_at(text, len) != (size_t)-1 || memchr(text, '\0', len)) {
    *err = xstrdup(_("the text holds a NUL byte; expected a CSV file"));
    free(text);
    return NULL;
  }
  sheet *s = sheet_new(path, NULL);
  if (parse(s, text, len, err) != 0) {
    sheet_free(s);
    s = NULL;
  }
  free(text);
  *encoding = enc;
  return s;
}
