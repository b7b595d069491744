/* linebreak.c: line-break opportunities for Chinese text (linebreak.h). */
#include "linebreak.h"

/* The classes of single code points, in one switch so that the compiler
 * rejects a code point listed twice and searches the labels in a few
 * comparisons (this runs once per character laid out). Where the rules of
 * GB/T 15834 put a mark in two sets, the stronger one is listed: ‰ is a
 * postfix (PO) rather than a closing mark, and . , : between digits (IS)
 * rather than closing marks. */
lb_class lb_classify(unsigned cp)
{
  /* CJK ideographs, Hangul, Yi and the compatibility forms up to U+FEFF hold
   * no mark of a class of its own: the common case, decided first */
  if (cp >= 0x3400 && cp < 0xFF00) return cp - 0xFE00u < 16u ? LB_CM : LB_ID;   /* VS1-VS16 */
  if (cp - 0x0300u < 0x70u || cp - 0x20D0u < 0x30u || cp - 0xE0100u < 0xF0u || cp == 0x200D) return LB_CM;
  if (cp - '0' < 10u || cp - 0xFF10 < 10u) return LB_NU;   /* 0-9, ０-９ */
  switch (cp) {
  case ' ': case '\t': case 0x3000:
    return LB_SP;
  case 0x2014: case 0x2015:                                  /* — ― */
    return LB_DASH;
  case 0x2026:                                               /* … */
    return LB_ELL;
  case '-': case 0x2010: case 0x2013:                        /* - ‐ – */
    return LB_HY;
  /* after a number: % ‰ ° ℃ ℉ ％ ㎡ ′ ″; never at the start of a line */
  case '%': case 0x2030: case 0x00B0: case 0x2103: case 0x2109: case 0xFF05: case 0x33A1:
  case 0x2032: case 0x2033:
    return LB_PO;
  /* before a number: ¥ ￥ $ £ € + − ± # @ */
  case 0x00A5: case 0xFFE5: case '$': case 0x00A3: case 0x20AC: case '+': case 0x2212:
  case 0x00B1: case '#': case '@':
    return LB_PR;
  case '.': case ',': case ':': case '/':
    return LB_IS;
  /* closing marks: never at the start of a line (GB/T 15834 §5.1, clreq):
   * ，。、；：？！）》」』”’】〕〉〗］｝．·・‧～々ゝゞヽヾ and ASCII ; ? ! ) ] } */
  case 0xFF0C: case 0x3002: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF1F: case 0xFF01:
  case 0xFF09: case 0x300B: case 0x300D: case 0x300F: case 0x201D: case 0x2019: case 0x3011:
  case 0x3015: case 0x3009: case 0x3017: case 0xFF3D: case 0xFF5D: case 0xFF0E: case 0x00B7:
  case 0x30FB: case 0x2027: case 0xFF5E: case 0x3005: case 0x309D: case 0x309E: case 0x30FD:
  case 0x30FE: case ';': case '?': case '!': case ')': case ']': case '}':
    return LB_CL;
  /* straight quotes open and close alike: kept with both neighbours */
  case '"': case '\'':
    return LB_QU;
  /* opening marks: never at the end of a line: （《「『“‘【〔〈〖［｛ ( [ { */
  case 0xFF08: case 0x300A: case 0x300C: case 0x300E: case 0x201C: case 0x2018: case 0x3010:
  case 0x3014: case 0x3008: case 0x3016: case 0xFF3B: case 0xFF5B: case '(': case '[': case '{':
    return LB_OP;
  default:
    return cp < 0x2E80 ? LB_AL : LB_ID;   /* Latin, Greek, Cyrillic, symbols; wide */
  }
}

/* May a line break between a character of class a and one of class b?
 * Rows: the class before the gap; columns: the class after. */
#define Y 1
#define N 0
static const unsigned char PAIR[LB_CLASSES][LB_CLASSES] = {
  /*           ID OP CL NU AL IS PR PO SP DA EL HY QU CM */
  /* ID */   { Y, Y, N, Y, Y, N, Y, N, N, Y, Y, N, N, N },
  /* OP */   { N, N, N, N, N, N, N, N, N, N, N, N, N, N },
  /* CL */   { Y, Y, N, Y, Y, N, Y, N, N, Y, Y, N, N, N },
  /* NU */   { Y, Y, N, N, N, N, N, N, N, Y, Y, N, N, N },
  /* AL */   { Y, Y, N, N, N, N, N, N, N, Y, Y, N, N, N },
  /* IS */   { Y, Y, N, N, N, N, Y, N, N, Y, Y, N, N, N },
  /* PR */   { Y, Y, N, N, N, N, N, N, N, Y, Y, N, N, N },
  /* PO */   { Y, Y, N, Y, Y, N, Y, N, N, Y, Y, N, N, N },
  /* SP */   { Y, Y, N, Y, Y, N, Y, N, N, Y, Y, N, Y, N },
  /* DA */   { Y, Y, N, Y, Y, N, Y, N, N, N, Y, N, N, N },
  /* EL */   { Y, Y, N, Y, Y, N, Y, N, N, Y, N, N, N, N },
  /* HY */   { Y, Y, N, N, N, N, Y, N, N, Y, Y, N, N, N },
  /* QU */   { N, N, N, N, N, N, N, N, N, N, N, N, N, N },
  /* CM */   { Y, Y, N, Y, Y, N, Y, N, N, Y, Y, N, N, N },
};

int lb_break_between(lb_class before, lb_class after) { return PAIR[before][after]; }

void lb_breaks(const unsigned *cps, size_t n, unsigned char *brk)
{
  if (n == 0) return;
  brk[0] = 0;
  lb_class prev = lb_classify(cps[0]);
  for (size_t i = 1; i < n; i++) {
    lb_class cur = lb_classify(cps[i]);
    brk[i] = PAIR[prev][cur];
    prev = cur;
  }
}

int lb_stretchable(lb_class a, lb_class b)
{
  const unsigned tight = (1u << LB_NU) | (1u << LB_AL) | (1u << LB_IS) | (1u << LB_HY);
  if (((tight >> a) & 1) && ((tight >> b) & 1)) return 0;
  if (a == LB_PR && b == LB_NU) return 0;
  if (b == LB_PO && (a == LB_NU || a == LB_AL)) return 0;
  if ((a == LB_DASH && b == LB_DASH) || (a == LB_ELL && b == LB_ELL)) return 0;
  if (b == LB_CM) return 0;
  return 1;
}
