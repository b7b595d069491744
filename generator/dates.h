/* dates.h: the calendar dates of the input and the ages computed from them.
 *
 * A date is written YYYY-MM-DD, or YYYY-MM where the day is not known
 * (input-format.md). Years run from DATES_YEAR_MIN to DATES_YEAR_MAX: the
 * input describes living cadres and a reform of the 2020s, and the range is
 * checked by validate, so every later stage (derive, the templates' rg:date
 * and rg:age) sees dates in it. The calendar is the Gregorian one (leap years
 * every fourth year, not in 1900 and 2100, in 2000). */
#ifndef REFORMGEN_DATES_H
#define REFORMGEN_DATES_H

#define DATES_YEAR_MIN 1900
#define DATES_YEAR_MAX 2100

typedef struct dates_ymd {
  int y, m;
  int d;   /* 0 for a date written YYYY-MM */
} dates_ymd;

/* What dates_parse found wrong, or DATE_OK. */
enum {
  DATE_OK = 0,
  DATE_SYNTAX = -1,   /* not YYYY-MM-DD (or YYYY-MM when allowed): 2021-2-01, 2021-02-01x */
  DATE_INVALID = -2,  /* the month or day does not exist: 2021-13-01, 2021-02-29 */
  DATE_RANGE = -3     /* a real date, year outside DATES_YEAR_MIN..DATES_YEAR_MAX */
};

/* Parses s, a whole string: "YYYY-MM-DD", or also "YYYY-MM" when allow_month
 * (d 0 then). Returns DATE_OK and fills *out, or one of the errors above (in
 * that order of precedence; *out unchanged). */
int dates_parse(const char *s, int allow_month, dates_ymd *out);

/* Returns the number of days in month m (1..12) of year y. */
int dates_days_in_month(int y, int m);

/* The date as the number yyyymmdd, a month-only date as the first of its
 * month: later dates give larger numbers. */
long dates_key(const dates_ymd *a);

/* Full years from birth to on, a month-only date counting from the first of
 * its month: a birthday is reached on the same month and day (a 29 February
 * birthday on 1 March in a common year). Returns the age, or -1 when on is
 * before birth. */
int dates_age(const dates_ymd *birth, const dates_ymd *on);

#endif
