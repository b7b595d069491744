/* test_doctree.c: the document-tree vocabulary (doctree.h) against the
 * reference in its header comment: every element has its own id and is found
 * by name, what elements may hold, which attribute values they take, and
 * lengths read with their units. */
/* checks: 12 */
#include "doctree.h"
#include "util.h"
#include "test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The element names doctree.h documents, in no particular order. */
static const char *const NAMES[] = {
  "document", "section", "header", "footer", "title", "heading", "p", "list", "item",
  "table", "col", "thead", "tbody", "tr", "td", "chart", "series", "point", "image",
  "page-break", "keep", "signature", "line", "spacer", "rule", "colophon", "cc", "issuer",
  "date", "box", "span", "b", "br", "page-number", "page-count",
};

static void test_ids(void)
{
  size_t n = sizeof NAMES / sizeof NAMES[0];
  int seen[64] = {0}, ok = 1;
  for (size_t i = 0; i < n; i++) {
    const dt_element *e = doctree_lookup(NAMES[i]);
    dt_id id = doctree_id(NAMES[i]);
    if (!e || e->id != id || strcmp(e->name, NAMES[i]) != 0 || id <= DTE_NONE || id > DTE_PAGE_COUNT ||
        seen[id]++)
      ok = 0;
  }
  CHECK("doctree_ids_one_per_element", ok && n == (size_t)DTE_PAGE_COUNT);
  CHECK("doctree_unknown_names", doctree_id("paragraph") == DTE_NONE && !doctree_lookup("") &&
                                 !doctree_lookup("P") && doctree_id("for-each") == DTE_NONE);
}

static void test_content(void)
{
  const dt_element *p = doctree_lookup("p"), *header = doctree_lookup("header");
  const dt_element *doc = doctree_lookup("document"), *table = doctree_lookup("table");
  const dt_element *list = doctree_lookup("list"), *image = doctree_lookup("image");
  CHECK("doctree_inline_content", doctree_may_hold(p, NULL) && doctree_may_hold(p, "b") &&
                                  doctree_may_hold(p, "span") && doctree_may_hold(p, "br") &&
                                  !doctree_may_hold(p, "page-number") && !doctree_may_hold(p, "p"));
  CHECK("doctree_furniture", doctree_may_hold(header, "page-number") &&
                             doctree_may_hold(header, "page-count") && doctree_may_hold(header, NULL) &&
                             !doctree_may_hold(header, "table"));
  CHECK("doctree_block_content", doctree_may_hold(doc, "section") && doctree_may_hold(doc, "table") &&
                                 doctree_may_hold(doc, "header") && !doctree_may_hold(doc, NULL) &&
                                 !doctree_may_hold(doc, "td"));
  CHECK("doctree_parts", doctree_may_hold(table, "col") && doctree_may_hold(table, "tbody") &&
                         !doctree_may_hold(table, "tr") && doctree_may_hold(list, "item") &&
                         !doctree_may_hold(list, "p") && !doctree_may_hold(image, NULL) &&
                         !doctree_may_hold(image, "b"));
}

/* Whether rule (element, attr) takes each of ok[] and none of bad[]. */
static int takes(const char *element, const char *attr, const char *const *ok, const char *const *bad)
{
  dt_value_rule r = doctree_value_rule(element, attr);
  for (; *ok; ok++)
    if (!doctree_value_ok(r, *ok)) return 0;
  for (; *bad; bad++)
    if (doctree_value_ok(r, *bad)) return 0;
  return 1;
}

static void test_values(void)
{
  /* 5mm = 14.17pt, 150mm = 425.2pt; em and lines are relative to the font */
  CHECK("doctree_size_values",
        takes("p", "size", (const char *const[]){ "16", "2", "400", "16pt", "5mm", "2em", "1.5lines", NULL },
              (const char *const[]){ "huge", "1", "401", "150mm", "", "16px", "-3", NULL }));
  CHECK("doctree_length_values",
        takes("section", "margin-top", (const char *const[]){ "37mm", "2 cm", "1.5line", "0", NULL },
              (const char *const[]){ "3xx", "", "50%", "1e9", NULL }) &&
        takes("image", "width", (const char *const[]){ "20mm", NULL }, (const char *const[]){ "50%", NULL }) &&
        takes("rule", "width", (const char *const[]){ "20mm", "50%", NULL }, (const char *const[]){ "2*", NULL }) &&
        takes("col", "width", (const char *const[]){ "20mm", "50%", "2*", "*", "auto", NULL },
              (const char *const[]){ "wide", "*2", NULL }));
  CHECK("doctree_word_values",
        takes("document", "paper", (const char *const[]){ "A4", "A3", NULL },
              (const char *const[]){ "A5", "a4", "A4 A3", "", NULL }) &&
        takes("tr", "kind", (const char *const[]){ "total", NULL }, (const char *const[]){ "sum", NULL }) &&
        takes("p", "kind", (const char *const[]){ "anything", NULL }, (const char *const[]){ NULL }));
  CHECK("doctree_other_values",
        takes("p", "color", (const char *const[]){ "red", "#00aaFF", NULL },
              (const char *const[]){ "blue", "#12345", "#GGGGGG", NULL }) &&
        takes("td", "colspan", (const char *const[]){ "1", "12", NULL },
              (const char *const[]){ "0", "01", "1.5", "", NULL }) &&
        takes("point", "start", (const char *const[]){ "2024-02-29", NULL },
              (const char *const[]){ "2023-02-29", "2024-1-2", NULL }));
  dt_value_rule r = doctree_value_rule("document", "orientation");
  char *what = doctree_value_what(r);
  CHECK_STR("doctree_value_what", what, "one of portrait|landscape");
  free(what);
}

static void test_length(void)
{
  double v1 = 0, v2 = 0, v3 = 0;
  dt_unit u1 = DTU_EM, u2 = DTU_PT, u3 = DTU_PT;
  CHECK("doctree_length_units", doctree_length("37mm", &v1, &u1) == 0 && v1 == 37 && u1 == DTU_MM &&
                                doctree_length("1.5 lines", &v2, &u2) == 0 && v2 == 1.5 && u2 == DTU_LINES &&
                                doctree_length("-2", &v3, &u3) == 0 && v3 == -2 && u3 == DTU_PT &&
                                doctree_length("12 px", &v1, &u1) != 0 && doctree_length("mm", &v1, &u1) != 0);
}

int main(void)
{
  test_ids();
  test_content();
  test_values();
  test_length();
  return test_status();
}
