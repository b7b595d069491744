/* layout_title.h: breaking a long title into lines by words (GB/T 9704-2012
 * §7.3.2: a title that wraps keeps its words whole, "词意完整", and its lines
 * are arranged as a trapezoid or a diamond, long over short).
 *
 * The words are those of a small dictionary kept here (the vocabulary of
 * Youth League titles: 共青团, 基层组织, 改革, 试点, 实施方案, 关于, 印发,
 * 通知 ...) and place names: a few characters ending in 市, 县, 旗, 区, 州,
 * 盟, 镇 or 乡 at the start of a title or after a word, followed by a word or the end
 * (新郑市, 东乌珠穆沁旗, 富蕴县). Works on code points and advances, without
 * the rest of layout, so that it can be tested alone. */
#ifndef REFORMGEN_LAYOUT_TITLE_H
#define REFORMGEN_LAYOUT_TITLE_H

#include <stddef.h>

/* The longest title (in characters) and the most lines title_break handles. */
#define TITLE_MAX_CHARS 120
#define TITLE_MAX_LINES 5

/* For the n code points cp, sets inside[i] (0 < i < n) to 1 when the gap
 * before cp[i] lies inside a word of the dictionary or a place name, else 0;
 * inside[0] is 0. */
void title_words(const unsigned *cp, size_t n, unsigned char *inside);

/* Chooses where the title cp[0..n) breaks: only where brk[i] allows (the
 * line breaking rules; NULL: computed with lb_breaks) and never inside a
 * word (title_words); every line at most measure wide, a line's width being
 * the sum of its characters' advances adv[] plus ls between neighbours. Of
 * the fewest lines that fit, prefers lines long over short (each no longer
 * than the one above), then a diamond (longer in the middle), then any; and
 * among those the most even lines. Stores the index of each line's first
 * character in starts (starts[0] = 0) and returns the number of lines; 0
 * when n is 0 or above TITLE_MAX_CHARS or no arrangement of at most
 * TITLE_MAX_LINES lines fits (the caller then breaks the title as text). */
size_t title_break(const unsigned *cp, const double *adv, const unsigned char *brk, size_t n, double ls,
                   double measure, size_t starts[TITLE_MAX_LINES]);

/* The dictionary, for tests: the number of words and word i (UTF-8). */
int title_word_count(void);
const char *title_word(int i);

#endif
