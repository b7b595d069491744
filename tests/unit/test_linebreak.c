/* test_linebreak.c: the break opportunities of linebreak.c on hand-made
 * strings, each expected answer written out by hand from GB/T 15834 and clreq:
 * a '|' in the pattern marks where a break is allowed. */
/* checks: 22 */
#include "test.h"
#include "linebreak.h"
#include "util.h"

#include <stdlib.h>

/* Checks lb_breaks on pattern: the text with '|' where a break must be
 * allowed; every other gap must forbid one. */
static void expect_breaks(const char *name, const char *pattern)
{
  unsigned cps[256] = {0};
  unsigned char want[256] = {0}, got[256];
  size_t n = 0, len = strlen(pattern);
  for (size_t i = 0; i < len && n < 256;) {
    if (pattern[i] == '|') { want[n] = 1; i++; continue; }
    unsigned cp;
    size_t k = utf8_decode(pattern + i, len - i, &cp);
    if (!k) break;
    cps[n++] = cp;
    i += k;
  }
  lb_breaks(cps, n, got);
  int ok = 1;
  for (size_t i = 1; i < n; i++)
    if (got[i] != want[i]) {
      ok = 0;
      printf("  %s: position %zu (U+%04X): got %d, want %d\n", name, i, cps[i], got[i], want[i]);
    }
  CHECK(name, ok);
}

int main(void)
{
  expect_breaks("linebreak between hanzi", "县|域|共|青|团");
  expect_breaks("linebreak not before closing marks", "改|革，|试|点。|完|成、|总|结；|评|估：|是|否？|好！");
  expect_breaks("linebreak not after opening marks", "|（一）|坚|持|“优|秀”|评|估|《方|案》|「甲」|『乙』");
  expect_breaks("linebreak percent kept with its number", "增|幅|142.9%，|较|改|革|前");
  expect_breaks("linebreak grouped number kept whole", "达|1,744|人");
  expect_breaks("linebreak date number kept whole", "于|2021.12|完|成");
  expect_breaks("linebreak currency sign kept with digits", "资|金|¥3,000|元");
  expect_breaks("linebreak degree and permille", "气|温|25℃|比|例|3‰");
  expect_breaks("linebreak latin words break at spaces only", "English |words |like |reformgen");
  expect_breaks("linebreak version number whole", "version |2.3.0|版");
  expect_breaks("linebreak dash pair never split", "团|员|——|青|年");
  expect_breaks("linebreak ellipsis pair never split", "等|等|……|之|后");
  expect_breaks("linebreak closing quote after full stop", "评|估|等|次。”|开|创");
  expect_breaks("linebreak mixed chinese and latin", "进|入|“两|委”|的|3+X|任|务");
  /* issue 15: clerks type straight quotes for both “ and ”: an opening " must
   * not end a line, a closing one not start it, so neither side breaks */
  expect_breaks("linebreak straight double quotes kept with both neighbours", "参|加\"岗|位|大|练|兵\"活|动");
  expect_breaks("linebreak straight single quotes kept with both neighbours", "所|谓'两|委'班|子");
  /* a variation selector (U+FE00, U+E0100) or a combining mark stays with its character */
  expect_breaks("linebreak variation selector never split", "葛\xef\xb8\x80|亮|邓\xf3\xa0\x84\x80|县");
  CHECK("linebreak variation selector class and no stretch before it", lb_classify(0xFE0F) == LB_CM
        && lb_classify(0xE0101) == LB_CM && lb_classify(0x0301) == LB_CM && lb_classify('"') == LB_QU
        && !lb_stretchable(LB_ID, LB_CM) && lb_classify(0xFE10) == LB_ID);
  CHECK("linebreak classes", lb_classify(0x3002) == LB_CL && lb_classify(0xFF08) == LB_OP
        && lb_classify('7') == LB_NU && lb_classify(0x56E2) == LB_ID && lb_classify('%') == LB_PO);
  CHECK("linebreak no stretch inside a number", !lb_stretchable(LB_NU, LB_IS) && !lb_stretchable(LB_NU, LB_PO)
        && !lb_stretchable(LB_AL, LB_AL));
  CHECK("linebreak stretch between hanzi and at marks", lb_stretchable(LB_ID, LB_ID) && lb_stretchable(LB_ID, LB_CL)
        && lb_stretchable(LB_OP, LB_ID) && lb_stretchable(LB_ID, LB_NU));
  CHECK("linebreak no stretch inside a dash pair", !lb_stretchable(LB_DASH, LB_DASH) && !lb_stretchable(LB_ELL, LB_ELL));
  return test_status();
}
