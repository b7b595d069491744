/* import_value.c: clerks' spellings read into county-file values (import_value.h). */
#include "import_value.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *iv_clean(const char *s, int ascii)
{
  strbuf b = { 0 };
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    unsigned cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (k == 0) { sb_addc(&b, s[i++]); continue; }
    if (ascii && cp >= 0xFF01 && cp <= 0xFF5E) sb_addc(&b, (char)(cp - 0xFEE0));
    else if (cp == 0x3000 || cp == 0xA0 || cp == '\t' || cp == '\r' || cp == '\n') sb_addc(&b, ' ');
    else sb_addn(&b, s + i, k);
    i += k;
  }
  char *t = sb_detach(&b);
  char *p = t;
  while (*p == ' ') p++;
  size_t len = strlen(p);
  while (len > 0 && p[len - 1] == ' ') len--;
  char *r = xstrndup(p, len);
  free(t);
  return r;
}

static int leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in(long y, long m)
{
  static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* The civil date of a day count from 1970-01-01 (H. Hinnant's algorithm). */
static void civil(long z, long *y, long *m, long *d)
{
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

static int put_date(long y, long m, long d, char out[11])
{
  if (y < 1900 || y > 2100 || m < 1 || m > 12) return -1;
  if (d != 0 && (d < 1 || d > days_in(y, m))) return -1;
  const long parts[3] = { y, m, d };
  char *p = out;
  for (int i = 0; i < 3 && (i < 2 || d); i++) {
    if (i) *p++ = '-';
    if (i == 0) { *p++ = (char)('0' + y / 1000); *p++ = (char)('0' + y / 100 % 10); }
    *p++ = (char)('0' + parts[i] / 10 % 10);
    *p++ = (char)('0' + parts[i] % 10);
  }
  *p = '\0';
  return 0;
}

/* Reads 1 to max digits at *p. Returns the number of digits read. */
static int digits(const char **p, int max, long *v)
{
  int k = 0;
  *v = 0;
  while (k < max && **p >= '0' && **p <= '9') { *v = *v * 10 + (**p - '0'); (*p)++; k++; }
  return k;
}

/* Skips a date separator: . - / or 年 月. Returns 1 when one was there. */
static int date_sep(const char **p)
{
  if (**p == '.' || **p == '-' || **p == '/') { (*p)++; return 1; }
  if (strncmp(*p, "年", 3) == 0 || strncmp(*p, "月", 3) == 0) { *p += 3; return 1; }
  return 0;
}

int iv_date(const sheet_cell *c, int date1904, char out[11])
{
  char *s = iv_clean(c->text, 1);
  int rc = -1;
  char *t = strchr(s, 'T');   /* an ISO date-time (t="d" cells) */
  if (t) *t = '\0';
  const char *p = s;
  long y, m = 0, d = 0;
  int nd = digits(&p, 9, &y);
  if (c->numeric && nd > 0 && nd <= 5 && (y < 1900 || y > 2100) && (*p == '\0' || *p == '.')) {
    /* a date serial: days since 1899-12-31 (1900 system, with its phantom
     * 1900-02-29 as serial 60) or since 1904-01-01; the time of day is dropped */
    if (y >= 1 && y < 2958466 && y != 60) {
      long days = date1904 ? y - 24107 : (y < 60 ? y - 25568 : y - 25569);
      long yy, mm, dd;
      civil(days, &yy, &mm, &dd);
      rc = put_date(yy, mm, dd, out);
    }
  } else if (nd == 8 && *p == '\0') {
    rc = put_date(y / 10000, y / 100 % 100, y % 100, out);
  } else if (nd == 6 && *p == '\0') {
    rc = put_date(y / 100, y % 100, 0, out);
  } else if (nd == 4 && date_sep(&p) && digits(&p, 2, &m) > 0) {
    int ok = 1;
    if (*p && date_sep(&p) && *p) {
      if (digits(&p, 2, &d) == 0) ok = 0;
      if (strncmp(p, "日", 3) == 0 || strncmp(p, "号", 3) == 0) p += 3;
    }
    if (ok && *p == '\0') rc = put_date(y, m, d, out);
  }
  free(s);
  return rc;
}

int iv_date_ambiguous(const sheet_cell *c)
{
  size_t n = strlen(c->text);
  return c->numeric && n == 6 && c->text[4] == '.' && c->text[5] == '1';
}

int iv_bool(const char *s)
{
  static const char *const yes[] = { "是", "√", "✓", "✔", "Y", "y", "YES", "Yes", "yes", "TRUE", "True", "true", "1", NULL };
  static const char *const no[] = { "否", "×", "✗", "✘", "N", "n", "NO", "No", "no", "FALSE", "False", "false", "0", NULL };
  char *c = iv_clean(s, 1);
  int r = *c ? -2 : -1;
  for (int i = 0; yes[i] && r == -2; i++) if (strcmp(c, yes[i]) == 0) r = 1;
  for (int i = 0; no[i] && r == -2; i++) if (strcmp(c, no[i]) == 0) r = 0;
  free(c);
  return r;
}

const char *iv_lookup(const iv_alias *list, const char *s)
{
  char *c = iv_clean(s, 0);
  strbuf b = { 0 };
  for (const char *p = c; *p; p++) if (*p != ' ') sb_addc(&b, *p);
  const char *r = NULL;
  for (const iv_alias *a = list; a->typed && !r; a++)
    if (strcmp(sb_str(&b), a->typed) == 0) r = a->value;
  sb_free(&b);
  free(c);
  return r;
}

void iv_describe(const iv_alias *list, strbuf *b)
{
  const char *seen[32];
  int n = 0;
  for (const iv_alias *a = list; a->typed && n < 32; a++) {
    int dup = 0;
    for (int i = 0; i < n; i++) if (strcmp(seen[i], a->value) == 0) dup = 1;
    if (!dup) seen[n++] = a->value;
  }
  for (int i = 0; i < n; i++) {
    if (i) sb_add(b, i == n - 1 ? _(" or ") : _(", "));
    sb_add(b, seen[i]);
  }
}

int iv_number(const char *s, int whole, strbuf *out)
{
  char *c = iv_clean(s, 1);
  sb_reset(out);
  const char *p = c;
  int ok = 1, nd = 0;
  if (*p == '-' || *p == '+') { if (*p == '-') sb_addc(out, '-'); p++; }
  for (; *p >= '0' && *p <= '9'; p++) {
    sb_addc(out, *p);
    nd++;
    if (p[1] == ',' && p[2] >= '0' && p[2] <= '9') p++;   /* 1,744 */
  }
  if (*p == '.') {
    sb_addc(out, *p++);
    int fd = 0;
    for (; *p >= '0' && *p <= '9'; p++, fd++) sb_addc(out, *p);
    if (!fd) ok = 0;
  }
  if (ok && nd && (*p == 'e' || *p == 'E')) {
    sb_addc(out, *p++);
    if (*p == '-' || *p == '+') sb_addc(out, *p++);
    int ed = 0;
    for (; *p >= '0' && *p <= '9'; p++, ed++) sb_addc(out, *p);
    if (!ed) ok = 0;
  }
  if (*p == '%' && p[1] == '\0') p++;
  if (*p || !nd) ok = 0;
  if (ok && whole) {
    char *end;
    double v = strtod(sb_str(out), &end);
    if (v < 0 || v > 1e9 || v != (double)(long)v) ok = 0;
    else { sb_reset(out); sb_addl(out, (long)v); }
  }
  free(c);
  return ok ? 0 : -1;
}

const char *iv_id_number(const sheet_cell *c, char out[19], char birth[11], int *male)
{
  char *s = iv_clean(c->text, 1);
  size_t n = strlen(s);
  const char *why = NULL;
  if (c->numeric && (strchr(s, 'E') || strchr(s, 'e') || n != 18))
    why = _("18 digits in a text cell (stored as a number, its last digits are lost: format the column as text)");
  else if (n != 18)
    why = _("18 digits, the last one may be X");
  for (size_t i = 0; !why && i < 17; i++)
    if (s[i] < '0' || s[i] > '9') why = _("18 digits, the last one may be X");
  if (!why && !((s[17] >= '0' && s[17] <= '9') || s[17] == 'X' || s[17] == 'x'))
    why = _("18 digits, the last one may be X");
  if (!why) {
    static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (s[i] - '0') * w[i];
    char check = "10X98765432"[sum % 11];
    if ((s[17] == 'x' ? 'X' : s[17]) != check) {
      static char msg[80];
      snprintf(msg, sizeof msg, _("the check digit %c by GB 11643 (the number has a typing error)"), check);
      why = msg;
    }
  }
  if (!why) {
    sheet_cell dc = { .text = NULL };
    char ymd[9];
    memcpy(ymd, s + 6, 8);
    ymd[8] = '\0';
    dc.text = ymd;
    if (iv_date(&dc, 0, birth) != 0 || strlen(birth) != 10) why = _("a valid birth date in digits 7 to 14");
  }
  if (!why) {
    memcpy(out, s, 18);
    out[17] = s[17] == 'x' ? 'X' : s[17];
    out[18] = '\0';
    *male = (s[16] - '0') % 2 == 1;
  }
  free(s);
  return why;
}
