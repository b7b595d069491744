/* test_linebreak_classes.c: lb_classify against the rules as first written (sets
 * searched one after another, in this order of priority), for every code
 * point, so that the fast lookup in linebreak.c cannot drift from them (the
 * hand-written break patterns are in test_linebreak.c). */
/* checks: 2 */
#include "test.h"
#include "linebreak.h"

static const unsigned CLOSING[] = {
  0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300B, 0x300D, 0x300F,
  0x201D, 0x2019, 0x3011, 0x3015, 0x3009, 0x3017, 0xFF3D, 0xFF5D, 0xFF0E, 0x00B7, 0x30FB,
  0x2027, 0xFF5E, 0x3005, 0x309D, 0x309E, 0x30FD, 0x30FE, 0x2030,
  ',', '.', ';', ':', '?', '!', ')', ']', '}',
};
static const unsigned OPENING[] = {
  0xFF08, 0x300A, 0x300C, 0x300E, 0x201C, 0x2018, 0x3010, 0x3014, 0x3008, 0x3016, 0xFF3B,
  0xFF5B, '(', '[', '{',
};
static const unsigned POSTFIX[] = { '%', 0x2030, 0x00B0, 0x2103, 0x2109, 0xFF05, 0x33A1, 0x2032, 0x2033 };
static const unsigned PREFIX[] = { 0x00A5, 0xFFE5, '$', 0x00A3, 0x20AC, '+', 0x2212, 0x00B1, '#', '@' };

static int in(const unsigned *set, size_t n, unsigned cp)
{
  for (size_t i = 0; i < n; i++)
    if (set[i] == cp) return 1;
  return 0;
}
#define IN(set, cp) in(set, sizeof set / sizeof set[0], cp)

static lb_class reference(unsigned cp)
{
  if (cp == '"' || cp == '\'') return LB_QU;
  if ((cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0x200D ||
      (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x20D0 && cp <= 0x20FF))
    return LB_CM;
  if (cp == ' ' || cp == '\t' || cp == 0x3000) return LB_SP;
  if (cp >= '0' && cp <= '9') return LB_NU;
  if (cp >= 0xFF10 && cp <= 0xFF19) return LB_NU;
  if (cp == 0x2014 || cp == 0x2015) return LB_DASH;
  if (cp == 0x2026) return LB_ELL;
  if (cp == '-' || cp == 0x2010 || cp == 0x2013) return LB_HY;
  if (IN(POSTFIX, cp)) return LB_PO;
  if (IN(PREFIX, cp)) return LB_PR;
  if (cp == '.' || cp == ',' || cp == ':' || cp == '/') return LB_IS;
  if (IN(CLOSING, cp)) return LB_CL;
  if (IN(OPENING, cp)) return LB_OP;
  if (cp < 0x2E80) return LB_AL;
  return LB_ID;
}

int main(void)
{
  unsigned bad = 0, first_bad = 0;
  for (unsigned cp = 0; cp < 0x110000; cp++)
    if (lb_classify(cp) != reference(cp) && bad++ == 0) first_bad = cp;
  if (bad) printf("first difference at U+%04X: %d, want %d\n", first_bad, lb_classify(first_bad), reference(first_bad));
  CHECK("linebreak: lb_classify agrees with the reference for every code point", bad == 0);
  CHECK("linebreak: beyond Unicode is wide", lb_classify(0xFFFFFFFFu) == LB_ID && lb_classify(0x110000) == LB_ID);

  return test_status();
}
