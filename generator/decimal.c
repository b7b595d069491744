/* decimal.c: exact decimal arithmetic (see decimal.h). */
#include "decimal.h"

#include <stdio.h>
#include <string.h>

typedef __int128 i128;

static const int64_t POW10[19] = {
  1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL, 100000000LL,
  1000000000LL, 10000000000LL, 100000000000LL, 1000000000000LL, 10000000000000LL,
  100000000000000LL, 1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
  1000000000000000000LL
};

static int fits(i128 v)
{
  return v <= (i128)INT64_MAX && v >= -(i128)INT64_MAX;
}

/* Rescales a wide value from scale `from` to scale `to`, rounding half up. */
static int rescale(i128 v, int from, int to, dec *out)
{
  if (to < 0 || to > DEC_MAX_SCALE) return -1;
  if (to >= from) {
    for (int i = from; i < to; i++) {
      v *= 10;
      if (!fits(v)) return -1;
    }
  } else {
    i128 div = 1;
    for (int i = to; i < from; i++) div *= 10;
    i128 q = v / div, r = v % div;
    if (r < 0) r = -r;
    if (2 * r >= div) q += v < 0 ? -1 : 1;
    v = q;
  }
  if (!fits(v)) return -1;
  out->mant = (int64_t)v;
  out->scale = to;
  return 0;
}

int dec_parse(const char *s, dec *out)
{
  const char *p = s;
  int neg = 0;
  if (*p == '-') { neg = 1; p++; }
  if (*p < '0' || *p > '9') return -1;
  i128 m = 0;
  int scale = 0, digits = 0;
  for (; *p >= '0' && *p <= '9'; p++) {
    if (m == 0 && *p == '0') continue;
    if (++digits > 18) return -1;
    m = m * 10 + (*p - '0');
  }
  if (*p == '.') {
    p++;
    if (*p < '0' || *p > '9') return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
      if (scale >= DEC_MAX_SCALE) {
        if (*p != '0') return -1;   /* more precision than we keep */
        continue;
      }
      if (m != 0 || *p != '0') digits++;
      if (digits > 18) return -1;
      m = m * 10 + (*p - '0');
      scale++;
    }
  }
  if (*p == 'e' || *p == 'E') {
    p++;
    int eneg = 0, e = 0;
    if (*p == '+' || *p == '-') { eneg = *p == '-'; p++; }
    if (*p < '0' || *p > '9') return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
      e = e * 10 + (*p - '0');
      if (e > 40) return -1;
    }
    if (eneg) {
      scale += e;
      if (scale > DEC_MAX_SCALE) return -1;
    } else {
      while (e > 0 && scale > 0) { scale--; e--; }
      while (e-- > 0) {
        m *= 10;
        if (!fits(m)) return -1;
      }
    }
  }
  if (*p) return -1;
  if (!fits(m)) return -1;
  out->mant = (int64_t)(neg ? -m : m);
  out->scale = scale;
  return 0;
}

dec dec_from_int(int64_t v)
{
  dec d = { v, 0 };
  return d;
}

static void align(dec a, dec b, i128 *x, i128 *y, int *scale)
{
  int s = a.scale > b.scale ? a.scale : b.scale;
  *x = (i128)a.mant * POW10[s - a.scale];
  *y = (i128)b.mant * POW10[s - b.scale];
  *scale = s;
}

int dec_add(dec a, dec b, dec *out)
{
  i128 x, y;
  int s;
  align(a, b, &x, &y, &s);
  return rescale(x + y, s, s, out);
}

int dec_sub(dec a, dec b, dec *out)
{
  i128 x, y;
  int s;
  align(a, b, &x, &y, &s);
  return rescale(x - y, s, s, out);
}

int dec_mul(dec a, dec b, dec *out)
{
  i128 v = (i128)a.mant * b.mant;
  int s = a.scale + b.scale;
  /* drop trailing zeros while the scale is too large to keep */
  while (s > DEC_MAX_SCALE) {
    if (v % 10 != 0) return rescale(v, s, DEC_MAX_SCALE, out);
    v /= 10;
    s--;
  }
  return rescale(v, s, s, out);
}

int dec_div(dec a, dec b, int places, dec *out)
{
  if (b.mant == 0 || places < 0 || places > DEC_MAX_SCALE) return -1;
  /* a/b = (am / 10^as) / (bm / 10^bs) = am * 10^(bs - as) / bm.
   * Compute q = am * 10^(bs - as + places + 1) / bm, then round the last digit. */
  int shift = b.scale - a.scale + places + 1;
  i128 num = a.mant, den = b.mant;
  while (shift > 0) {
    num *= 10;
    shift--;
    if (num > ((i128)1 << 120) || num < -((i128)1 << 120)) return -1;
  }
  while (shift < 0) { den *= 10; shift++; }
  int neg = (num < 0) != (den < 0);
  if (num < 0) num = -num;
  if (den < 0) den = -den;
  i128 q = num / den;           /* one extra digit, truncated */
  i128 r = num % den;
  i128 last = q % 10;
  q /= 10;
  /* half up on the exact value: the extra digit >= 5 rounds up; exactly 5 with
   * a zero remainder is a tie and still rounds up (away from zero) */
  if (last >= 5) q += 1;
  (void)r;
  if (neg) q = -q;
  if (!fits(q)) return -1;
  out->mant = (int64_t)q;
  out->scale = places;
  return 0;
}

int dec_round(dec a, int places, dec *out)
{
  if (places < 0 || places > DEC_MAX_SCALE) return -1;
  if (places >= a.scale) { *out = a; return 0; }
  return rescale(a.mant, a.scale, places, out);
}

int dec_cmp(dec a, dec b)
{
  i128 x, y;
  int s;
  align(a, b, &x, &y, &s);
  return x < y ? -1 : x > y ? 1 : 0;
}

int dec_is_zero(dec a) { return a.mant == 0; }

int dec_is_integer(dec a)
{
  return a.scale == 0 || a.mant % POW10[a.scale] == 0;
}

double dec_to_double(dec a)
{
  char buf[DEC_BUFSZ];
  double v;
  dec_format(a, -1, buf);
  sscanf(buf, "%lf", &v);
  return v;
}

char *dec_format(dec a, int places, char buf[DEC_BUFSZ])
{
  dec r = a;
  if (places >= 0) {
    if (places < a.scale) {
      if (rescale(a.mant, a.scale, places, &r) != 0) { snprintf(buf, DEC_BUFSZ, "NaN"); return buf; }
    } else if (rescale(a.mant, a.scale, places, &r) != 0) {
      snprintf(buf, DEC_BUFSZ, "NaN");
      return buf;
    }
  } else {
    while (r.scale > 0 && r.mant % 10 == 0) { r.mant /= 10; r.scale--; }
  }
  uint64_t m = r.mant < 0 ? (uint64_t)0 - (uint64_t)r.mant : (uint64_t)r.mant;
  char digits[24], *d = digits + sizeof digits;
  *--d = '\0';
  do { *--d = (char)('0' + m % 10); m /= 10; } while (m);   /* snprintf's %llu cost 0.5 M a county */
  int n = (int)(digits + sizeof digits - 1 - d);
  memmove(digits, d, (size_t)n + 1);
  char *p = buf;
  if (r.mant < 0) *p++ = '-';
  if (r.scale == 0) {
    memcpy(p, digits, (size_t)n + 1);
    return buf;
  }
  if (n <= r.scale) {
    *p++ = '0';
    *p++ = '.';
    for (int i = n; i < r.scale; i++) *p++ = '0';
    memcpy(p, digits, (size_t)n + 1);
  } else {
    memcpy(p, digits, (size_t)(n - r.scale));
    p += n - r.scale;
    *p++ = '.';
    memcpy(p, digits + n - r.scale, (size_t)r.scale + 1);
  }
  return buf;
}

int dec_percent(dec num, dec den, int places, dec *out)
{
  dec hundred = dec_from_int(100), scaled;
  if (dec_mul(num, hundred, &scaled) != 0) return -1;
  return dec_div(scaled, den, places, out);
}
