/* test_xpathfn.c: the C helpers behind the rg: functions, at their edges.
 * Expected values are worked by hand from the rules of domain.md and the
 * usual Chinese forms (一百零五, 壹万零伍元整, 二〇二四年一月二日). */
/* checks: 63 */
#include "xpathfn.h"
#include "dates.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

/* Applies a helper to the decimal s; returns its text or "(error)". */
static char *via_dec(int (*fn)(dec, strbuf *), const char *s)
{
  dec d;
  strbuf b = {0};
  if (dec_parse(s, &d) != 0 || fn(d, &b) != 0) {
    sb_free(&b);
    return xstrdup("(error)");
  }
  return sb_detach(&b);
}

static char *numeral(const char *s) { return via_dec(xpathfn_numeral, s); }
static char *amount(const char *s) { return via_dec(xpathfn_amount, s); }

static char *date(const char *s, int cn)
{
  strbuf b = {0};
  if (xpathfn_date(s, cn, &b) != 0) {
    sb_free(&b);
    return xstrdup("(error)");
  }
  return sb_detach(&b);
}

static char *group(const char *s, int places)
{
  dec d;
  strbuf b = {0};
  if (dec_parse(s, &d) != 0 || xpathfn_group(d, places, &b) != 0) {
    sb_free(&b);
    return xstrdup("(error)");
  }
  return sb_detach(&b);
}

#define CHECK_FN(name, call, want) do { \
    char *got_ = (call); \
    CHECK_STR(name, got_, want); \
    free(got_); \
  } while (0)

static int age(const char *birth, const char *on)
{
  dates_ymd b, o;
  return dates_parse(birth, 1, &b) == DATE_OK && dates_parse(on, 1, &o) == DATE_OK ? dates_age(&b, &o) : -1;
}

/* xpathfn_unit_name: ids as elements and as attributes, the first unit of an
 * id, white space around the id, no unit, an empty id. */
static void test_unit_name(void)
{
  static const char xml[] =
    "<county-report><units><unit><id>u1</id><name>一号</name></unit>"
    "<unit id=\"u2\" name=\"二号\"/><unit><id>u1</id><name>又一号</name></unit></units></county-report>";
  xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "units.xml", NULL, XML_PARSE_NONET);
  xmlXPathContextPtr ctxt = xmlXPathNewContext(doc);
  static const char *const cases[][2] = {
    { "u1", "一号" }, { "u2", "二号" }, { " u1\n", "一号" }, { "u3", "(none)" }, { "", "(none)" }, { " ", "(none)" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    xmlChar *name = xpathfn_unit_name(ctxt, cases[i][0]);
    char label[64];
    snprintf(label, sizeof label, "xpathfn_unit_name_%zu", i);
    CHECK_STR(label, name ? (const char *)name : "(none)", cases[i][1]);
    xmlFree(name);
  }
  xpathfn_release(ctxt);
  xmlXPathFreeContext(ctxt);
  xmlFreeDoc(doc);
}

int main(void)
{
  test_unit_name();
  CHECK_FN("xpathfn_numeral_0", numeral("0"), "零");
  CHECK_FN("xpathfn_numeral_1", numeral("1"), "一");
  CHECK_FN("xpathfn_numeral_10", numeral("10"), "十");
  CHECK_FN("xpathfn_numeral_11", numeral("11"), "十一");
  CHECK_FN("xpathfn_numeral_20", numeral("20"), "二十");
  CHECK_FN("xpathfn_numeral_101", numeral("101"), "一百零一");
  CHECK_FN("xpathfn_numeral_105", numeral("105"), "一百零五");
  CHECK_FN("xpathfn_numeral_110", numeral("110"), "一百一十");
  CHECK_FN("xpathfn_numeral_1001", numeral("1001"), "一千零一");
  CHECK_FN("xpathfn_numeral_1010", numeral("1010"), "一千零一十");
  CHECK_FN("xpathfn_numeral_2220", numeral("2220"), "二千二百二十");
  CHECK_FN("xpathfn_numeral_10000", numeral("10000"), "一万");
  CHECK_FN("xpathfn_numeral_10010", numeral("10010"), "一万零一十");
  CHECK_FN("xpathfn_numeral_110000", numeral("110000"), "十一万");
  CHECK_FN("xpathfn_numeral_1000100", numeral("1000100"), "一百万零一百");
  CHECK_FN("xpathfn_numeral_100000001", numeral("100000001"), "一亿零一");
  CHECK_FN("xpathfn_numeral_1e12", numeral("1000000000000"), "一万亿");
  CHECK_FN("xpathfn_numeral_frac", numeral("0.05"), "零点零五");
  CHECK_FN("xpathfn_numeral_neg", numeral("-10"), "负十");
  CHECK_FN("xpathfn_numeral_too_big", numeral("10000000000000000"), "(error)");

  CHECK_FN("xpathfn_amount_12000", amount("12000"), "壹万贰仟元整");
  CHECK_FN("xpathfn_amount_10005", amount("10005"), "壹万零伍元整");
  CHECK_FN("xpathfn_amount_20000", amount("20000"), "贰万元整");
  CHECK_FN("xpathfn_amount_1700", amount("1700"), "壹仟柒佰元整");
  CHECK_FN("xpathfn_amount_3000_50", amount("3000.50"), "叁仟元伍角");
  CHECK_FN("xpathfn_amount_round_fen", amount("0.125"), "壹角叁分");
  CHECK_FN("xpathfn_amount_0", amount("0"), "零元整");
  CHECK_FN("xpathfn_amount_neg", amount("-5"), "负伍元整");
  CHECK_FN("xpathfn_amount_yi", amount("100000000"), "壹亿元整");

  CHECK_FN("xpathfn_date_plain", date("2024-01-02", 0), "2024年1月2日");
  CHECK_FN("xpathfn_date_cn", date("2024-01-02", 1), "二〇二四年一月二日");
  CHECK_FN("xpathfn_date_cn_seed", date("2011-10-19", 1), "二〇一一年十月十九日");
  CHECK_FN("xpathfn_date_cn_month", date("2022-09", 1), "二〇二二年九月");
  CHECK_FN("xpathfn_date_cn_2000", date("2000-01-10", 1), "二〇〇〇年一月十日");
  CHECK_FN("xpathfn_date_bad_day", date("2024-01-32", 0), "(error)");
  CHECK_FN("xpathfn_date_not_leap", date("1900-02-29", 0), "(error)");
  CHECK_FN("xpathfn_date_leap_400", date("2000-02-29", 0), "2000年2月29日");
  CHECK_FN("xpathfn_date_short_month", date("2024-1-02", 0), "(error)");
  CHECK_FN("xpathfn_date_trailing", date("2024-01-02x", 0), "(error)");
  CHECK_FN("xpathfn_date_month_13", date("2024-13", 0), "(error)");

  CHECK("xpathfn_age_birthday", age("1986-12-31", "2021-12-31") == 35);
  CHECK("xpathfn_age_day_before", age("1986-12-31", "2021-12-30") == 34);
  CHECK("xpathfn_age_month_form", age("1996-05", "2021-05-01") == 25);
  CHECK("xpathfn_age_before_birth", age("2022-01-01", "2021-12-31") == -1);
  CHECK("xpathfn_age_bad", age("1996-5", "2021-12-31") == -1);

  CHECK_FN("xpathfn_group_1744", group("1744", -1), "1,744");
  CHECK_FN("xpathfn_group_30000", group("30000", -1), "30,000");
  CHECK_FN("xpathfn_group_million", group("1234567", -1), "1,234,567");
  CHECK_FN("xpathfn_group_small", group("744", -1), "744");
  CHECK_FN("xpathfn_group_places", group("1744.456", 1), "1,744.5");
  CHECK_FN("xpathfn_group_neg", group("-100000", -1), "-100,000");

  strbuf b = {0};
  xpathfn_digits_cn("2024年", &b);
  CHECK_STR("xpathfn_digits_cn", sb_str(&b), "二〇二四年");
  sb_reset(&b);
  CHECK("xpathfn_enum_zero", xpathfn_enum(1, 0, &b) == -1);
  CHECK("xpathfn_enum_level5", xpathfn_enum(5, 1, &b) == -1);
  xpathfn_enum(2, 10, &b);
  CHECK_STR("xpathfn_enum_level2_10", sb_str(&b), "（十）");
  sb_free(&b);

  int mn, mx;
  CHECK("xpathfn_lookup_percent", xpathfn_lookup("percent", &mn, &mx) && mn == 2 && mx == 3);
  CHECK("xpathfn_lookup_unknown", !xpathfn_lookup("percentage", &mn, &mx));
  return test_status();
}
