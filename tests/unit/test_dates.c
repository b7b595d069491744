/* test_dates.c: the one date parser and age function (dates.c) against
 * examples worked out by hand: the calendar (leap years by the 4/100/400
 * rule), the YYYY-MM form, the year range 1900..2100, and ages across
 * birthdays, 29 February and month-only dates. */
/* checks: 43 */
#include "dates.h"
#include "test.h"

#include <stdio.h>

/* "y-m-d" of a parse (d 0 for a month-only date), or the error code. */
static const char *parsed(const char *s, int allow_month)
{
  static char buf[64];
  dates_ymd d = { -1, -1, -1 };
  int r = dates_parse(s, allow_month, &d);
  if (r != DATE_OK) {
    int untouched = d.y == -1 && d.m == -1 && d.d == -1;
    snprintf(buf, sizeof buf, "error %d%s", r, untouched ? "" : " (output written)");
  } else {
    snprintf(buf, sizeof buf, "%d-%d-%d", d.y, d.m, d.d);
  }
  return buf;
}

/* The age from birth to on, both parsed with YYYY-MM allowed; -9 when either
 * does not parse. */
static int age(const char *birth, const char *on)
{
  dates_ymd b, o;
  if (dates_parse(birth, 1, &b) != DATE_OK || dates_parse(on, 1, &o) != DATE_OK) return -9;
  return dates_age(&b, &o);
}

static long key(const char *s)
{
  dates_ymd d;
  return dates_parse(s, 1, &d) == DATE_OK ? dates_key(&d) : -1;
}

int main(void)
{
  /* the two forms */
  CHECK_STR("full_date", parsed("2021-12-31", 0), "2021-12-31");
  CHECK_STR("month_form_allowed", parsed("1996-05", 1), "1996-5-0");
  CHECK_STR("month_form_refused", parsed("1996-05", 0), "error -1");
  CHECK_STR("full_date_where_month_allowed", parsed("1996-05-17", 1), "1996-5-17");
  /* syntax */
  CHECK_STR("one_digit_month", parsed("2021-2-01", 1), "error -1");
  CHECK_STR("trailing_text", parsed("2021-02-01x", 1), "error -1");
  CHECK_STR("slashes", parsed("2021/02/01", 1), "error -1");
  CHECK_STR("empty", parsed("", 1), "error -1");
  CHECK_STR("year_only", parsed("2021", 1), "error -1");
  CHECK_STR("sign_in_month", parsed("2021-+1-01", 1), "error -1");
  /* months and days that do not exist */
  CHECK_STR("month_13", parsed("2021-13-01", 0), "error -2");
  CHECK_STR("month_0_month_form", parsed("2021-00", 1), "error -2");
  CHECK_STR("day_0", parsed("2021-04-00", 0), "error -2");
  CHECK_STR("april_31", parsed("2021-04-31", 0), "error -2");
  CHECK_STR("feb_29_common_year", parsed("2021-02-29", 0), "error -2");
  CHECK_STR("feb_29_leap_year", parsed("2020-02-29", 0), "2020-2-29");
  CHECK_STR("feb_29_1900_not_leap", parsed("1900-02-29", 0), "error -2");
  CHECK_STR("feb_29_2000_leap", parsed("2000-02-29", 0), "2000-2-29");
  CHECK_STR("feb_29_2100_not_leap", parsed("2100-02-29", 0), "error -2");
  /* the year range 1900..2100 */
  CHECK_STR("first_day_of_range", parsed("1900-01-01", 0), "1900-1-1");
  CHECK_STR("last_day_of_range", parsed("2100-12-31", 0), "2100-12-31");
  CHECK_STR("year_1899", parsed("1899-12-31", 0), "error -3");
  CHECK_STR("year_2101", parsed("2101-01-01", 0), "error -3");
  CHECK_STR("year_2101_month_form", parsed("2101-01", 1), "error -3");
  CHECK_STR("year_0000", parsed("0000-01-01", 0), "error -3");
  CHECK_STR("bad_month_before_range", parsed("1899-13-01", 0), "error -2");
  /* days in a month */
  CHECK("days_feb_2024", dates_days_in_month(2024, 2) == 29);
  CHECK("days_feb_2023", dates_days_in_month(2023, 2) == 28);
  CHECK("days_apr", dates_days_in_month(2023, 4) == 30);
  /* keys: a month-only date as the first of its month */
  CHECK("key_full", key("2021-12-31") == 20211231L);
  CHECK("key_month_form", key("1996-05") == 19960501L);
  /* ages: a birthday reached on its month and day */
  CHECK("age_on_birthday", age("1986-12-31", "2021-12-31") == 35);
  CHECK("age_day_before_birthday", age("1986-12-31", "2021-12-30") == 34);
  CHECK("age_leap_birth_feb_28", age("2000-02-29", "2021-02-28") == 20);
  CHECK("age_leap_birth_mar_1", age("2000-02-29", "2021-03-01") == 21);
  CHECK("age_leap_birth_leap_day", age("2000-02-29", "2024-02-29") == 24);
  CHECK("age_leap_birth_day_before_leap_day", age("2000-02-29", "2024-02-28") == 23);
  CHECK("age_month_birth_first", age("1996-05", "2021-05-01") == 25);
  CHECK("age_month_birth_day_before", age("1996-05", "2021-04-30") == 24);
  CHECK("age_on_month_form", age("1996-05-15", "2021-05") == 24);
  CHECK("age_zero_on_birth", age("2021-06-01", "2021-06-01") == 0);
  CHECK("age_before_birth", age("2022-01-01", "2021-12-31") == -1);
  CHECK("age_across_range", age("1900-01-01", "2100-12-31") == 200);
  return test_status();
}
