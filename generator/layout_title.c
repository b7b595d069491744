/* layout_title.c: titles broken by words (layout_title.h).
 *
 * The words mark the gaps a title may not break at; the remaining gaps (and
 * the line breaking rules) leave a few break points, and a small dynamic
 * programme over them picks the lines: the fewest lines that fit, shaped long
 * over short when possible, as even as possible (least sum of the squared
 * space left on each line). */
#include "layout_title.h"
#include "linebreak.h"
#include "util.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

/* The words of Youth League and government titles a line may not split.
 * Longer words that contain shorter ones are listed too: every occurrence of
 * every word is kept whole. */
static const char *const WORDS[] = {
  /* bodies and organisations */
  "共青团", "中国共产主义青年团", "团中央", "团委", "团工委", "团支部", "团组织", "委员会",
  "基层组织", "基层", "组织", "党委", "党组", "政府", "人民政府", "办公室", "组织部",
  "领导小组", "工作领导小组", "乡镇", "街道", "苏木", "嘎查", "社区", "县域",
  /* matters */
  "改革", "试点", "工作", "县域共青团", "团干部", "干部", "青年", "选拔", "选配", "管理",
  "机制", "格局", "创新", "建设", "党建", "党建带团建", "专兼挂职", "挂职", "兼职",
  "竞职", "候选人", "报名表", "名单", "推进", "加强", "深化", "全面", "进一步",
  "发展", "规划", "考核", "评估", "总结", "报告", "年度",
  /* kinds of documents and their frame */
  "实施方案", "方案", "实施意见", "指导意见", "意见", "实施办法", "办法", "细则",
  "规定", "制度", "通知", "的通知", "关于", "印发", "转发", "请示", "批复", "函",
};

int title_word_count(void) { return (int)(sizeof WORDS / sizeof WORDS[0]); }
const char *title_word(int i) { return i >= 0 && i < title_word_count() ? WORDS[i] : NULL; }

/* The last character of a place name of a county or above. */
static int place_suffix(unsigned cp)
{
  return cp == 0x5E02 /* 市 */ || cp == 0x53BF /* 县 */ || cp == 0x65D7 /* 旗 */ || cp == 0x533A /* 区 */
         || cp == 0x5DDE /* 州 */ || cp == 0x76DF /* 盟 */ || cp == 0x9547 /* 镇 */ || cp == 0x4E61 /* 乡 */;
}

static int is_han(unsigned cp) { return cp >= 0x4E00 && cp <= 0x9FFF; }

#define MAX_WORD 12   /* characters in a word */

/* The length in characters of the word of the dictionary at cp[i] (the
 * longest), or 0. When ends is not NULL, sets ends[i + len] for every word
 * found there. */
static size_t word_at(const unsigned *cp, size_t n, size_t i, unsigned char *inside, unsigned char *ends)
{
  size_t best = 0;
  for (int w = 0; w < title_word_count(); w++) {
    const char *s = WORDS[w];
    size_t sl = strlen(s), k = 0, j = 0;
    while (j < sl) {
      unsigned c;
      size_t step = utf8_decode(s + j, sl - j, &c);
      if (!step || i + k >= n || cp[i + k] != c || k >= MAX_WORD) { k = 0; break; }
      j += step;
      k++;
    }
    if (!k) continue;
    if (inside)
      for (size_t g = i + 1; g < i + k; g++) inside[g] = 1;
    if (ends) ends[i + k] = 1;
    if (k > best) best = k;
  }
  return best;
}

void title_words(const unsigned *cp, size_t n, unsigned char *inside)
{
  if (!n) return;
  memset(inside, 0, n);
  unsigned char *starts = xcalloc(n + 1, 1), *ends = xcalloc(n + 1, 1);
  for (size_t i = 0; i < n; i++) starts[i] = word_at(cp, n, i, inside, ends) > 0;
  /* place names: two to eight characters ending in 市 县 旗 区 州 盟 镇 乡, where a
   * word could begin (the start, after a word or a non-Han character) and
   * followed by a word or the end; the shortest such */
  for (size_t i = 0; i < n; i++) {
    if (i > 0 && !ends[i] && is_han(cp[i - 1])) continue;
    if (!is_han(cp[i])) continue;
    for (size_t len = 2; len <= 8 && i + len <= n && is_han(cp[i + len - 1]); len++) {
      if (!place_suffix(cp[i + len - 1]) || (i + len < n && !starts[i + len])) continue;
      for (size_t g = i + 1; g < i + len; g++) inside[g] = 1;
      break;
    }
  }
  free(starts);
  free(ends);
}

/* ------------------------------------------------------------ the lines */

enum { SHAPE_TRAPEZOID, SHAPE_DIAMOND, SHAPE_ANY };

typedef struct tb {
  const size_t *at;     /* the break points: character indices, at[0] = 0, at[m - 1] = n */
  int m;
  const double *cum;    /* cum[i]: the advances of characters 0..i) */
  double ls, measure;
} tb;

static double width(const tb *t, int p, int q)
{
  size_t a = t->at[p], b = t->at[q];
  return t->cum[b] - t->cum[a] + (double)(b - a - 1) * t->ls;
}

/* The least cost of L lines of shape over t's break points, with the lines'
 * first break points in first[] (first[L] = m - 1); DBL_MAX when none fits.
 * State: the current line [p, q) and phase (1: the lines so far grow or
 * stay, 0: they shrink or stay). */
static double arrange(const tb *t, int L, int shape, int *first)
{
  int m = t->m;
  size_t cells = (size_t)L * 2 * (size_t)m * (size_t)m;
  double *cost = xmalloc(cells * sizeof *cost);
  int *back = xmalloc(cells * sizeof *back);
  for (size_t i = 0; i < cells; i++) cost[i] = DBL_MAX;
#define CELL(k, ph, p, q) ((((size_t)(k) * 2 + (size_t)(ph)) * (size_t)m + (size_t)(p)) * (size_t)m + (size_t)(q))
  const double tol = 0.01;
  for (int q = 1; q < m; q++) {
    double w = width(t, 0, q);
    if (w > t->measure + tol) break;
    double s = t->measure - w;
    cost[CELL(0, shape == SHAPE_DIAMOND, 0, q)] = s * s;
  }
  for (int k = 1; k < L; k++)
    for (int p = 1; p < m - 1; p++)
      for (int q = p + 1; q < m; q++) {
        double w = width(t, p, q);
        if (w > t->measure + tol) break;
        double s = t->measure - w;
        for (int h = 0; h < p; h++)
          for (int ph = 0; ph < 2; ph++) {
            double c0 = cost[CELL(k - 1, ph, h, p)];
            if (c0 == DBL_MAX) continue;
            double wp = width(t, h, p);
            int to = -1;
            if (shape == SHAPE_ANY) to = 0;
            else if (ph == 1 && w >= wp - tol) to = 1;
            else if (w <= wp + tol) to = 0;
            if (to < 0) continue;
            size_t at = CELL(k, to, p, q);
            if (c0 + s * s < cost[at]) { cost[at] = c0 + s * s; back[at] = h * 2 + ph; }
          }
      }
  double best = DBL_MAX;
  int bp = -1;
  for (int p = 0; p < m - 1; p++) {
    double c = cost[CELL(L - 1, 0, p, m - 1)];
    if (c < best) { best = c; bp = p; }
  }
  if (bp >= 0) {
    int p = bp, q = m - 1, ph = 0;
    for (int k = L - 1; k >= 0; k--) {
      first[k] = p;
      if (k == 0) break;
      int b = back[CELL(k, ph, p, q)];
      q = p;
      p = b / 2;
      ph = b % 2;
    }
  }
#undef CELL
  free(cost);
  free(back);
  return best;
}

size_t title_break(const unsigned *cp, const double *adv, const unsigned char *brk, size_t n, double ls,
                   double measure, size_t starts[TITLE_MAX_LINES])
{
  if (n == 0 || n > TITLE_MAX_CHARS) return 0;
  unsigned char inside[TITLE_MAX_CHARS], lb[TITLE_MAX_CHARS];
  if (!brk) {
    lb_breaks(cp, n, lb);
    brk = lb;
  }
  title_words(cp, n, inside);
  size_t at[TITLE_MAX_CHARS + 1];
  double cum[TITLE_MAX_CHARS + 1];
  int m = 0;
  cum[0] = 0;
  for (size_t i = 0; i < n; i++) {
    cum[i + 1] = cum[i] + adv[i];
    if (i == 0 || (brk[i] && !inside[i])) at[m++] = i;
  }
  at[m++] = n;
  tb t = { .at = at, .m = m, .cum = cum, .ls = ls, .measure = measure };
  int first[TITLE_MAX_LINES + 1];
  for (int L = 1; L <= TITLE_MAX_LINES && L < m; L++)
    for (int shape = SHAPE_TRAPEZOID; shape <= SHAPE_ANY; shape++) {
      if (shape == SHAPE_DIAMOND && L < 3) continue;
      if (arrange(&t, L, shape, first) == DBL_MAX) continue;
      for (int k = 0; k < L; k++) starts[k] = at[first[k]];
      return (size_t)L;
    }
  return 0;
}
