/* test_decimal.c: decimal formatting and the published figures, worked by
 * hand: 7 -> 17 is 142.9 %, 89.95 shows as 90.0 (domain.md). */
/* checks: 21 */
#include "decimal.h"
#include "test.h"

#include <stdint.h>

static const char *fmt(int64_t mant, int scale, int places)
{
  static char buf[DEC_BUFSZ];
  return dec_format((dec){ mant, scale }, places, buf);
}

int main(void)
{
  CHECK_STR("format 0", fmt(0, 0, -1), "0");
  CHECK_STR("format 0 at 2 places", fmt(0, 0, 2), "0.00");
  CHECK_STR("format 7", fmt(7, 0, -1), "7");
  CHECK_STR("format -7", fmt(-7, 0, -1), "-7");
  CHECK_STR("format 1234.500 trims zeros", fmt(1234500, 3, -1), "1234.5");
  CHECK_STR("format 0.05", fmt(5, 2, -1), "0.05");
  CHECK_STR("format -0.005", fmt(-5, 3, -1), "-0.005");
  CHECK_STR("format 10 at 1 place", fmt(10, 0, 1), "10.0");
  CHECK_STR("format 89.95 at 1 place", fmt(8995, 2, 1), "90.0");
  CHECK_STR("format -89.95 at 1 place (half away from zero)", fmt(-8995, 2, 1), "-90.0");
  CHECK_STR("format 0.04 at 1 place", fmt(4, 2, 1), "0.0");
  CHECK_STR("format the largest", fmt(INT64_MAX, 0, -1), "9223372036854775807");
  CHECK_STR("format the smallest", fmt(INT64_MIN, 0, -1), "-9223372036854775808");
  CHECK_STR("format 18 decimals", fmt(123456789012345678, 18, -1), "0.123456789012345678");
  CHECK_STR("format 10^18 at scale 18", fmt(1000000000000000000, 18, -1), "1");
  dec p;
  CHECK("7 -> 17: percent", dec_percent(dec_from_int(17 - 7), dec_from_int(7), 1, &p) == 0);
  char buf[DEC_BUFSZ];
  CHECK_STR("7 -> 17 is 142.9 %", dec_format(p, 1, buf), "142.9");
  dec x;
  CHECK("parse 89.95", dec_parse("89.95", &x) == 0);
  CHECK_STR("89.95 shows as 90.0", dec_format(x, 1, buf), "90.0");
  CHECK("parse -0.5e1", dec_parse("-0.5e1", &x) == 0);
  CHECK_STR("-0.5e1 is -5", dec_format(x, -1, buf), "-5");
  return test_status();
}
