/* linebreak.h: where a line of Chinese (and mixed Latin) text may break, after
 * GB/T 15834-2011 and the W3C clreq "basic" rules: between any two CJK
 * characters, except before closing punctuation (，。、；：？！）》」』”’ ...) and
 * after opening punctuation (（《「『“‘ ...); never inside a number with its
 * sign, unit or percent (142.9%, 1,744, 2021.12, ¥300), a Latin word, —— or
 * ……; never on either side of a straight ASCII quote (" ', which clerks type
 * for both “ and ”), nor before a variation selector or combining mark. Table-driven: a character class per code point and a pair table. */
#ifndef REFORMGEN_LINEBREAK_H
#define REFORMGEN_LINEBREAK_H

#include <stddef.h>

typedef enum lb_class {
  LB_ID,    /* ideograph, kana, other wide characters */
  LB_OP,    /* opening punctuation: never at the end of a line */
  LB_CL,    /* closing punctuation: never at the start of a line */
  LB_NU,    /* digit */
  LB_AL,    /* Latin letter and other narrow word characters */
  LB_IS,    /* . , : between digits */
  LB_PR,    /* prefix: ¥ $ + − before digits */
  LB_PO,    /* postfix: % ‰ ° ℃ after digits; never at the start of a line */
  LB_SP,    /* space: a break after it, dropped at a line end */
  LB_DASH,  /* — (two make ——, never split) */
  LB_ELL,   /* … (two make ……, never split) */
  LB_HY,    /* - inside a word */
  LB_QU,    /* straight quotes " ' (opening or closing: ambiguous): no break on either side */
  LB_CM,    /* variation selector, joiner, combining mark: never split from the character before */
  LB_CLASSES
} lb_class;

/* Returns the class of code point cp. */
lb_class lb_classify(unsigned cp);

/* Returns 1 if a line may break between a character of class before and one
 * of class after, else 0 (what lb_breaks decides at each gap). */
int lb_break_between(lb_class before, lb_class after);

/* For n code points cps, sets brk[i] (0 < i < n) to 1 when a line may break
 * before cps[i], else 0; brk[0] is 0. */
void lb_breaks(const unsigned *cps, size_t n, unsigned char *brk);

/* Returns 1 if extra space for justification may go between a and b (classes
 * of two neighbours): at every gap except inside a number, a word, —— or ……. */
int lb_stretchable(lb_class a, lb_class b);

#endif
