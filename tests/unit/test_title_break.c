/* test_title_break.c: titles of 10 to 40 characters broken by words
 * (layout_title.h, GB/T 9704 §7.3.2), among them the titles of the seeds
 * (the plans of 新郑, 东乌, 富蕴, the township plans of seed 003 and the
 * documents they cite). Each title is set at 22 pt on the grid of the plan
 * (156 mm, letter-spacing -0.215 pt: 20 characters a line) and at half
 * that width, and checked against what the test finds by itself: every
 * line fits, no break falls inside an occurrence of a dictionary word or of
 * a place name listed here, the lines run long over short (or a diamond).
 * The seeds' titles are also compared with the breaks worked out by hand. */
/* checks: 35 */
#include "test.h"
#include "layout_title.h"
#include "util.h"

#include <stdlib.h>

#define SIZE 22.0
#define LS (-0.215)

static const char *const TITLES[] = {
  "新郑市县域共青团基层组织改革试点工作实施方案",
  "东乌珠穆沁旗团干部选拔管理机制改革实施方案",
  "东乌珠穆沁旗共青团基层组织改革工作领导小组名单",
  "富蕴县共青团基层组织改革实施方案",
  "新郑市共青团基层组织改革工作领导小组名单",
  "新港街道团组织格局创新工作实施方案",
  "吉阳镇团组织格局创新工作实施方案",
  "关于推进县域共青团基层组织改革的指导意见",
  "关于印发《新郑市县域共青团基层组织改革试点工作实施方案》的通知",
  "关于在创先争优活动中大力推进乡镇（街道）团的组织格局创新工作的通知",
  "关于推进苏木镇团委书记由党委班子成员兼任的通知",
  "新郑市共青团推优入党工作实施办法（试行）",
  "富蕴县加强党建带群建工作的实施意见",
  "竞职候选人报名表名单",
};
#define NTITLES (sizeof TITLES / sizeof TITLES[0])

/* Place names the breaks must keep whole (the dictionary does not list them). */
static const char *const PLACES[] = { "新郑市", "东乌珠穆沁旗", "富蕴县", "吉阳镇", "苏木镇" };

typedef struct set { unsigned cp[TITLE_MAX_CHARS]; double adv[TITLE_MAX_CHARS]; size_t off[TITLE_MAX_CHARS + 1]; size_t n; } set;

static void decode(const char *s, set *t)
{
  size_t len = strlen(s), i = 0;
  t->n = 0;
  while (i < len && t->n < TITLE_MAX_CHARS) {
    unsigned c;
    size_t k = utf8_decode(s + i, len - i, &c);
    if (!k) break;
    t->off[t->n] = i;
    t->cp[t->n] = c;
    t->adv[t->n++] = c < 0x80 ? SIZE / 2 : SIZE;
    i += k;
  }
  t->off[t->n] = i;
}

static double width(const set *t, size_t a, size_t b)
{
  double w = 0;
  for (size_t i = a; i < b; i++) w += t->adv[i] + (i > a ? LS : 0);
  return w;
}

/* Whether a break at byte offset b falls strictly inside an occurrence of w in s. */
static int splits(const char *s, const char *w, size_t b)
{
  size_t wl = strlen(w);
  for (const char *p = strstr(s, w); p; p = strstr(p + 1, w)) {
    size_t a = (size_t)(p - s);
    if (b > a && b < a + wl) return 1;
  }
  return 0;
}

/* Breaks title at measure; checks fit, words and shape; returns the lines
 * joined by '|' in out. */
static int check_title(const char *title, double measure, char *out, size_t cap)
{
  set t;
  decode(title, &t);
  size_t st[TITLE_MAX_LINES];
  size_t L = title_break(t.cp, t.adv, NULL, t.n, LS, measure, st);
  int ok = L >= 1 && st[0] == 0;
  double w[TITLE_MAX_LINES];
  out[0] = '\0';
  for (size_t k = 0; ok && k < L; k++) {
    size_t a = st[k], b = k + 1 < L ? st[k + 1] : t.n;
    ok &= b > a;
    w[k] = width(&t, a, b);
    if (w[k] > measure + 0.01) { printf("  %s: line %zu is %.2f wide, measure %.2f\n", title, k + 1, w[k], measure); ok = 0; }
    size_t used = strlen(out);
    snprintf(out + used, cap - used, "%s%.*s", k ? "|" : "", (int)(t.off[b] - t.off[a]), title + t.off[a]);
    if (k == 0) continue;
    for (int i = 0; i < title_word_count(); i++)
      if (splits(title, title_word(i), t.off[a])) { printf("  %s: break inside %s\n", title, title_word(i)); ok = 0; }
    for (size_t i = 0; i < sizeof PLACES / sizeof PLACES[0]; i++)
      if (splits(title, PLACES[i], t.off[a])) { printf("  %s: break inside %s\n", title, PLACES[i]); ok = 0; }
  }
  /* one line when it fits, else as few as the fit allows: never one line short of the text */
  if (ok && L == 1 && width(&t, 0, t.n) > measure + 0.01) ok = 0;
  /* long over short, or a diamond: widths fall, or rise then fall */
  size_t k = 1;
  while (ok && k < L && w[k] >= w[k - 1] - 0.01 && L >= 3) k++;
  if (ok && k == L && L >= 3) ok = 0;   /* rising to the end is no diamond */
  for (; ok && k < L; k++)
    if (w[k] > w[k - 1] + 0.01) { printf("  %s: line %zu longer than the one above (%s)\n", title, k + 1, out); ok = 0; }
  return ok;
}

int main(void)
{
  char name[160], lines[600];
  double full = 20 * SIZE + 19 * LS + 0.5, half = 10 * SIZE + 9 * LS + 0.5;
  for (size_t i = 0; i < NTITLES; i++) {
    set t;
    decode(TITLES[i], &t);
    snprintf(name, sizeof name, "title %zu chars by words, 20 a line: %s", t.n, TITLES[i]);
    CHECK(name, check_title(TITLES[i], full, lines, sizeof lines));
    snprintf(name, sizeof name, "title %zu chars by words, 10 a line: %s", t.n, TITLES[i]);
    CHECK(name, check_title(TITLES[i], half, lines, sizeof lines));
  }
  /* the seeds' titles, broken by hand: the fewest lines, long over short,
   * the most even of those that keep the words */
  check_title(TITLES[0], full, lines, sizeof lines);
  CHECK_STR("title 新郑 plan", lines, "新郑市县域共青团基层组织|改革试点工作实施方案");
  check_title(TITLES[1], full, lines, sizeof lines);
  CHECK_STR("title 东乌 plan", lines, "东乌珠穆沁旗团干部选拔|管理机制改革实施方案");
  check_title(TITLES[2], full, lines, sizeof lines);
  CHECK_STR("title 东乌 附件1", lines, "东乌珠穆沁旗共青团基层组织|改革工作领导小组名单");
  check_title(TITLES[8], full, lines, sizeof lines);
  CHECK_STR("title notice with book marks", lines, "关于印发《新郑市县域共青团基层组织|改革试点工作实施方案》的通知");
  /* 16 over 17 would be short over long and "（" may not end a line: 20 over 13 */
  check_title(TITLES[9], full, lines, sizeof lines);
  CHECK_STR("title notice long over short", lines, "关于在创先争优活动中大力推进乡镇（街道）|团的组织格局创新工作的通知");
  /* the gaps inside words and place names, written out by hand */
  set t;
  decode("新郑市县域共青团", &t);
  unsigned char in[TITLE_MAX_CHARS];
  title_words(t.cp, t.n, in);
  const unsigned char want[8] = { 0, 1, 1, 0, 1, 1, 1, 1 };   /* 新郑市 县域共青团 */
  CHECK("title words and place name gaps", memcmp(in, want, 8) == 0);
  /* too long for the dictionary breaker: left to the text setter */
  char longt[4 * (TITLE_MAX_CHARS + 2)] = "";
  for (int i = 0; i <= TITLE_MAX_CHARS; i++) strcat(longt, "团");
  decode(longt, &t);
  size_t st[TITLE_MAX_LINES];
  CHECK("title beyond the limit left to text setting", t.n == TITLE_MAX_CHARS
        && title_break(t.cp, t.adv, NULL, TITLE_MAX_CHARS + 1, LS, full, st) == 0);
  return test_status();
}
