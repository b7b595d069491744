/* test_layout_take.c: layout_run_take (layout.h) lays a document out exactly
 * as layout_run does, page for page and item for item, while it frees the
 * rows of the tree's tables once they are set and keeps none of the set
 * lines layout_run keeps for checks; and dl_reserve (dlist.h) gives
 * room asked for in one go exactly, doubling only item by item. The
 * documents: the 1,000-row roster fixture (two header rows with spans, group
 * rows continued on the next page, subtotals, a total, the header repeated
 * on every page) and the official-document fixture (small tables among
 * paragraphs). */
/* checks: 12 */
#include "test.h"
#include "diag.h"
#include "dlist.h"
#include "fonts.h"
#include "layout.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

/* The text dump of l's pages (and its lines when lines), newly allocated. */
static char *dump(const dl_doc *l, int lines)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return NULL;
  dl_dump(l, f);
  for (int i = 0; i < layout_line_count(l) && lines; i++) {
    layout_line ln;
    layout_line_get(l, i, &ln);
    fprintf(f, "line %d %.3f %.3f %.3f %.3f %.2f %d %d %s\n", ln.page, ln.x, ln.y, ln.width, ln.measure,
            ln.size, ln.justified, ln.last, ln.text);
  }
  fclose(f);
  return buf;
}

/* The number of <tr> elements at or below n. */
static int count_rows(const xmlNode *n)
{
  int k = 0;
  for (const xmlNode *c = n; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (strcmp((const char *)c->name, "tr") == 0) k++;
    k += count_rows(c->children);
  }
  return k;
}

/* Lays path out both ways; checks the two alike and the taken tree's rows gone. */
static void both_ways(const char *name, const char *path, fontset *fs, int min_pages)
{
  diag_list *d1 = diag_new(path, 100), *d2 = diag_new(path, 100);
  xmlDocPtr t1 = xmlReadFile(path, NULL, XML_PARSE_NONET), t2 = xmlReadFile(path, NULL, XML_PARSE_NONET);
  int rows_before = t2 ? count_rows(xmlDocGetRootElement(t2)) : 0;
  dl_doc *l1 = t1 ? layout_run(t1, fs, d1) : NULL;
  dl_doc *l2 = t2 ? layout_run_take(t2, fs, d2) : NULL;
  char *s1 = l1 ? dump(l1, 0) : NULL, *s2 = l2 ? dump(l2, 0) : NULL, *s1l = l1 ? dump(l1, 1) : NULL;
  char label[160];
  snprintf(label, sizeof label, "take %s: laid out on at least %d pages both ways", name, min_pages);
  CHECK(label, l1 && l2 && dl_page_count(l1) >= min_pages && dl_page_count(l2) == dl_page_count(l1));
  snprintf(label, sizeof label, "take %s: the same pages and items; lines kept by layout_run only", name);
  CHECK(label, s1 && s2 && strlen(s1) > 1000 && strcmp(s1, s2) == 0 && s1l && strlen(s1l) > strlen(s1)
        && layout_line_count(l1) > 10 && layout_line_count(l2) == 0);
  snprintf(label, sizeof label, "take %s: the same diagnostics", name);
  CHECK(label, diag_count(d1) == diag_count(d2) && diag_errors(d1) == 0 && diag_errors(d2) == 0);
  snprintf(label, sizeof label, "take %s: the taken tree's rows are freed, the other's kept", name);
  CHECK(label, rows_before > 0 && t2 && count_rows(xmlDocGetRootElement(t2)) == 0 && t1
        && count_rows(xmlDocGetRootElement(t1)) == rows_before);
  free(s1);
  free(s1l);
  free(s2);
  dl_doc_free(l1);
  dl_doc_free(l2);
  xmlFreeDoc(t1);
  xmlFreeDoc(t2);
  diag_free(d1);
  diag_free(d2);
}

int main(void)
{
  diag_list *d = diag_new("fonts", 20);
  fontset *fs = fontset_load("fonts/fonts.conf", d);
  if (!fs) {
    diag_print(d, stderr);
    printf("FAIL take the fonts load\n");
    for (int i = 1; i < 12; i++) printf("FAIL take check %d: no fonts\n", i);
    return 1;
  }
  both_ways("roster", "tests/layout/roster.xml", fs, 10);
  both_ways("official", "tests/layout/official.xml", fs, 1);

  /* room asked for at once is exact; item by item the list doubles */
  dl_list a = {0};
  dl_reserve(&a, 1000);
  CHECK("reserve: room for 1000 items is 1000", a.cap == 1000 && a.n == 0);
  dl_add(&a, DL_RECT);
  CHECK("reserve: items within the room leave it as it is", a.cap == 1000 && a.n == 1);
  for (int i = 0; i < 999; i++) dl_add(&a, DL_RECT);
  dl_add(&a, DL_LINE);
  CHECK("reserve: one item past the room doubles it", a.cap == 2000 && a.n == 1001 && a.v[1000].kind == DL_LINE);
  dl_list b = {0};
  int caps[5];
  for (int i = 0; i < 5; i++) {
    dl_add(&b, DL_TEXT);
    caps[i] = b.cap;
  }
  CHECK("reserve: item by item 1, 2, 4, 4, 8", caps[0] == 1 && caps[1] == 2 && caps[2] == 4 && caps[3] == 4
        && caps[4] == 8);
  dl_list_free(&a);
  dl_list_free(&b);
  fontset_free(fs);
  diag_free(d);
  return test_status();
}
