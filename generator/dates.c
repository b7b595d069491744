/* dates.c: dates of the input and ages (dates.h). */
#include "dates.h"

#include <string.h>

int dates_days_in_month(int y, int m)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return days[m - 1];
}

/* Reads n ASCII digits at s into *out; returns -1 at anything else. */
static int digits(const char *s, int n, int *out)
{
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 0;
}

int dates_parse(const char *s, int allow_month, dates_ymd *out)
{
  size_t n = strlen(s);
  int y, m, d = 0;
  if (n != 10 && !(allow_month && n == 7)) return DATE_SYNTAX;
  if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m)) return DATE_SYNTAX;
  if (n == 10 && (s[7] != '-' || digits(s + 8, 2, &d))) return DATE_SYNTAX;
  if (m < 1 || m > 12) return DATE_INVALID;
  if (n == 10 && (d < 1 || d > dates_days_in_month(y, m))) return DATE_INVALID;
  if (y < DATES_YEAR_MIN || y > DATES_YEAR_MAX) return DATE_RANGE;
  out->y = y;
  out->m = m;
  out->d = d;
  return DATE_OK;
}

long dates_key(const dates_ymd *a)
{
  return (long)a->y * 10000 + a->m * 100 + (a->d ? a->d : 1);
}

int dates_age(const dates_ymd *birth, const dates_ymd *on)
{
  int bd = birth->d ? birth->d : 1, od = on->d ? on->d : 1;
  int age = on->y - birth->y;
  if (on->m < birth->m || (on->m == birth->m && od < bd)) age--;
  return age < 0 ? -1 : age;
}
