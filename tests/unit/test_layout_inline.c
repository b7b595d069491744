/* test_layout_inline.c: white space, straight quotes and variation selectors
 * as they reach the display list (issue 15): the spaces the templates guide
 * promises (spaces within a line kept, also next to Chinese; a run holding a
 * line break dropped next to Chinese, one space between Latin words), an
 * ASCII quote kept with both neighbours at a line's end, and a variation
 * selector that draws nothing and never stands alone. The measure of a <p>
 * with indent="0" is 453.5pt at 12pt: 37 ideographs fit, 38 do not. */
/* checks: 15 */
#include "test.h"
#include "diag.h"
#include "fonts.h"
#include "layout.h"
#include "dlist.h"

#include <libxml/parser.h>
#include <stdlib.h>

#define LINES_MAX 8

typedef struct laid {
  int n, warnings;
  double width[LINES_MAX];
  char *text[LINES_MAX];
} laid;

/* Lays out the document tree xml and copies its lines' texts and widths. */
static laid lay(fontset *fs, const char *xml)
{
  laid r = { .n = -1 };
  diag_list *d = diag_new("inline.xml", 10);
  xmlDocPtr tree = xmlReadMemory(xml, (int)strlen(xml), "inline.xml", NULL, XML_PARSE_NONET);
  dl_doc *l = tree ? layout_run(tree, fs, d) : NULL;
  if (l) {
    r.n = layout_line_count(l);
    for (int i = 0; i < r.n && i < LINES_MAX; i++) {
      layout_line a;
      layout_line_get(l, i, &a);
      r.text[i] = strdup(a.text);
      r.width[i] = a.width;
    }
    r.warnings = diag_warnings(d);
  }
  dl_doc_free(l);
  xmlFreeDoc(tree);
  diag_free(d);
  return r;
}

static void laid_free(laid *r)
{
  for (int i = 0; i < r->n && i < LINES_MAX; i++) free(r->text[i]);
}

/* n copies of the ideograph 县 followed by tail, in a <p indent="0">. */
static char *para(int n, const char *head, const char *tail)
{
  size_t room = strlen(head) + 3 * (size_t)n + strlen(tail) + 64;
  char *s = malloc(room), *p = s;
  p += sprintf(p, "<document><p indent=\"0\">%s", head);
  for (int i = 0; i < n; i++) p += sprintf(p, "县");
  sprintf(p, "%s</p></document>", tail);
  return s;
}

static int line_is(const laid *r, int i, const char *want)
{
  int ok = i < r->n && i < LINES_MAX && strcmp(r->text[i], want) == 0;
  if (!ok) fprintf(stderr, "line %d: \"%s\", want \"%s\"\n", i, i < r->n ? r->text[i] : "(none)", want);
  return ok;
}

/* n copies of 县 as a string (for the expected lines). */
static const char *xian(int n)
{
  static char buf[3 * 64 + 1];
  buf[0] = '\0';
  for (int i = 0; i < n && i < 64; i++) strcat(buf, "县");
  return buf;
}

static void check_spaces(fontset *fs)
{
  laid a = lay(fs, "<document><p>甲 乙  丙 ABC 中\tx</p></document>");
  laid b = lay(fs, "<document><p>甲乙丙ABC中x</p></document>");
  CHECK("inline spaces within a line kept next to Chinese, each one", a.n == 1 && line_is(&a, 0, "甲 乙  丙 ABC 中 x"));
  CHECK("inline kept spaces take room on the line", a.n == 1 && b.n == 1 && a.width[0] > b.width[0] + 5 * 2.0);
  laid_free(&a);
  laid_free(&b);

  /* runs that hold a line break: the layout of the text, not content */
  laid c = lay(fs, "<document><p>\n  甲\n  乙 ABC\n    def\n  丙\n</p></document>");
  CHECK("inline line-break runs dropped next to Chinese, one space between Latin", c.n == 1 && line_is(&c, 0, "甲乙 ABC def丙"));
  laid_free(&c);

  /* a space where the line wraps neither ends the line nor starts the next */
  char *x = para(37, "", " 甲乙丙");
  laid d = lay(fs, x);
  free(x);
  x = para(37, "", "  \t甲乙丙");
  char want[256];
  snprintf(want, sizeof want, "%s", xian(37));
  CHECK("inline a space at a wrap is cut from both lines", d.n == 2 && line_is(&d, 0, want) && line_is(&d, 1, "甲乙丙"));
  laid_free(&d);
  laid e = lay(fs, x);
  free(x);
  CHECK("inline a run of spaces and a tab at a wrap likewise", e.n == 2 && line_is(&e, 0, want) && line_is(&e, 1, "甲乙丙"));
  laid_free(&e);
}

static void check_quotes(fontset *fs)
{
  /* 37 ideographs and an opening " fit the measure, the next ideograph does
   * not: the quote may not end the line, so the 37th ideograph goes down with it */
  char *x = para(37, "", "\"岗位大练兵\"活动");
  laid a = lay(fs, x);
  free(x);
  char want0[256], want1[256];
  snprintf(want0, sizeof want0, "%s", xian(36));
  snprintf(want1, sizeof want1, "县\"岗位大练兵\"活动");
  CHECK("inline an opening straight quote never ends a line", a.n == 2 && line_is(&a, 0, want0) && line_is(&a, 1, want1));
  laid_free(&a);

  /* a closing " that would overflow is not pushed alone to the next line */
  x = para(37, "\"", "\"活动");
  laid b = lay(fs, x);
  free(x);
  snprintf(want0, sizeof want0, "\"%s", xian(36));
  CHECK("inline a closing straight quote never starts a line", b.n == 2 && line_is(&b, 0, want0) && line_is(&b, 1, "县\"活动"));
  laid_free(&b);

  x = para(37, "", "'两委'");
  laid c = lay(fs, x);
  free(x);
  CHECK("inline straight single quotes likewise", c.n == 2 && line_is(&c, 0, xian(36)) && line_is(&c, 1, "县'两委'"));
  laid_free(&c);

  /* a quote after a space opens: the break goes at the space */
  x = para(36, "", " \"ABC\"");
  laid d = lay(fs, x);
  free(x);
  CHECK("inline a quote after a space moves down with its word", d.n == 2 && line_is(&d, 0, xian(36)) && line_is(&d, 1, "\"ABC\""));
  laid_free(&d);
}

static void check_selectors(fontset *fs)
{
  laid a = lay(fs, "<document><p>邊\xEF\xB8\x80字邊\xF3\xA0\x84\x81字葛\xE2\x80\x8D字</p></document>");
  CHECK("inline variation selectors and a joiner draw nothing and warn of nothing",
        a.n == 1 && a.warnings == 0 && line_is(&a, 0, "邊字邊字葛字"));
  laid_free(&a);
  laid b = lay(fs, "<document><p>邊字邊字葛字</p></document>");
  laid c = lay(fs, "<document><p>邊\xEF\xB8\x80字邊\xF3\xA0\x84\x81字葛\xE2\x80\x8D字</p></document>");
  CHECK("inline a selector takes no room", b.n == 1 && c.n == 1 && b.width[0] == c.width[0]);
  laid_free(&b);
  laid_free(&c);

  /* at the end of a full line the selector stays with its character */
  char *x = para(36, "", "邊\xEF\xB8\x80邊\xEF\xB8\x80字");
  laid d = lay(fs, x);
  free(x);
  char want[256];
  snprintf(want, sizeof want, "%s邊", xian(36));
  CHECK("inline a selector at a line's end stays with its character", d.n == 2 && d.warnings == 0 && line_is(&d, 0, want)
        && line_is(&d, 1, "邊字"));
  laid_free(&d);
}

/* Whether a line boundary of r falls inside a date: between a number and
 * its 年/月/日 (any element), or, with whole, after 年 or 月 before a digit. */
static int date_split(const laid *r, int whole)
{
  for (int i = 0; i + 1 < r->n && i + 1 < LINES_MAX; i++) {
    const char *a = r->text[i], *b = r->text[i + 1];
    size_t k = strlen(a);
    int digit_end = k > 0 && a[k - 1] >= '0' && a[k - 1] <= '9';
    int unit_start = !strncmp(b, "年", 3) || !strncmp(b, "月", 3) || !strncmp(b, "日", 3);
    int unit_end = k >= 4 && (!strcmp(a + k - 3, "年") || !strcmp(a + k - 3, "月")) && a[k - 4] >= '0' && a[k - 4] <= '9';
    if ((digit_end && unit_start) || (whole && unit_end && b[0] >= '0' && b[0] <= '9')) {
      fprintf(stderr, "date split: \"%s\" | \"%s\"\n", a, b);
      return 1;
    }
  }
  return 0;
}

/* n copies of 县 followed by tail in a <heading> (no number, no indent). */
static char *heading(int n, const char *tail)
{
  char *s = malloc(3 * (size_t)n + strlen(tail) + 64), *p = s;
  p += sprintf(p, "<document><heading indent=\"0\">");
  for (int i = 0; i < n; i++) p += sprintf(p, "县");
  sprintf(p, "%s</heading></document>", tail);
  return s;
}

/* Every place a wrap can fall in "（2021年11月16日—2021年12月31日）": a
 * heading keeps each date whole, a paragraph keeps each number with its unit. */
static void check_dates(fontset *fs)
{
  const char *dates = "（2021年11月16日—2021年12月31日）";
  int heading_bad = 0, para_bad = 0, wrapped = 0;
  for (int k = 20; k <= 37; k++) {
    char *x = para(k, "", dates);
    laid p = lay(fs, x);
    free(x);
    para_bad += date_split(&p, 0);
    laid_free(&p);
    x = heading(k, dates);
    laid h = lay(fs, x);
    free(x);
    wrapped += h.n == 2;
    heading_bad += date_split(&h, 1);
    laid_free(&h);
  }
  CHECK("inline a heading never breaks inside a date", heading_bad == 0 && wrapped >= 10);
  CHECK("inline a paragraph keeps a number with its 年, 月 or 日", para_bad == 0);
}

int main(void)
{
  diag_list *d = diag_new("fonts/fonts.conf", 100);
  fontset *fs = fontset_load("fonts/fonts.conf", d);
  CHECK("inline fonts load", fs != NULL);
  if (fs) check_spaces(fs);
  if (fs) check_quotes(fs);
  if (fs) check_selectors(fs);
  if (fs) check_dates(fs);
  fontset_free(fs);
  diag_free(d);
  xmlCleanupParser();
  return test_status();
}
