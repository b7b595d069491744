/* linebreak.c: line-break opportunities for Chinese text (linebreak.h). */
#include "linebreak.h"

/* Closing marks: never at the start of a line (GB/T 15834 §5.1, clreq). */
static const unsigned CLOSING[] = {
  0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300B, 0x300D, 0x300F,
  0x201D, 0x2019, 0x3011, 0x3015, 0x3009, 0x3017, 0xFF3D, 0xFF5D, 0xFF0E, 0x00B7, 0x30FB,
  0x2027, 0xFF5E, 0x3005, 0x309D, 0x309E, 0x30FD, 0x30FE, 0x2030,
  ',', '.', ';', ':', '?', '!', ')', ']', '}', '"', '\'',
};
/* Opening marks: never at the end of a line. */
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

lb_class lb_classify(unsigned cp)
{
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
  if (cp < 0x2E80) return LB_AL;          /* Latin, Greek, Cyrillic, symbols */
  return LB_ID;
}

/* May a line break between a character of class a and one of class b?
 * Rows: the class before the gap; columns: the class after. */
#define Y 1
#define N 0
static const unsigned char PAIR[LB_CLASSES][LB_CLASSES] = {
  /*           ID OP CL NU AL IS PR PO SP DA EL HY */
  /* ID */   { Y, Y, N, Y, Y, N, Y, N, N, Y, Y, N },
  /* OP */   { N, N, N, N, N, N, N, N, N, N, N, N },
  /* CL */   { Y, Y, N, Y, Y, N, Y, N, N, Y, Y, N },
  /* NU */   { Y, Y, N, N, N, N, N, N, N, Y, Y, N },
  /* AL */   { Y, Y, N, N, N, N, N, N, N, Y, Y, N },
  /* IS */   { Y, Y, N, N, N, N, Y, N, N, Y, Y, N },
  /* PR */   { Y, Y, N, N, N, N, N, N, N, Y, Y, N },
  /* PO */   { Y, Y, N, Y, Y, N, Y, N, N, Y, Y, N },
  /* SP */   { Y, Y, N, Y, Y, N, Y, N, N, Y, Y, N },
  /* DA */   { Y, Y, N, Y, Y, N, Y, N, N, N, Y, N },
  /* EL */   { Y, Y, N, Y, Y, N, Y, N, N, Y, N, N },
  /* HY */   { Y, Y, N, N, N, N, Y, N, N, Y, Y, N },
};

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
  return 1;
}
