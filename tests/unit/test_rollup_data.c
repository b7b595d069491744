/* test_rollup_data.c: batch_rollup_data joins the counties' summaries into one
 * document, parsed in one go; a summary that cannot be joined (a comment
 * before its root) or that would add more than its one element sends the
 * whole roll-up down the one-by-one path, which gives the same document. Ranks
 * are given in both, ties sharing one; a county twice and a failed county are
 * left out. */
/* checks: 5 */
#include "batch.h"
#include "test.h"

#include <libxml/parser.h>
#include <stdlib.h>

static render_result *result(const char *code, int ok, const char *summary)
{
  render_result *r = calloc(1, sizeof *r);
  r->input = strdup(code);
  r->code = strdup(code);
  r->ok = ok;
  r->summary = summary ? strdup(summary) : NULL;
  return r;
}

static char *summary(const char *code, const char *score, const char *before)
{
  static char buf[512];
  snprintf(buf, sizeof buf,
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n%s<county-report version=\"1\"><county><code>%s</code>"
           "<name>县</name></county><derived><score>%s</score></derived></county-report>\n",
           before, code, score);
  return buf;
}

static char *dump(xmlDocPtr d)
{
  xmlChar *mem = NULL;
  int len = 0;
  if (d) xmlDocDumpMemoryEnc(d, &mem, &len, "UTF-8");
  char *s = mem ? strdup((const char *)mem) : strdup("(none)");
  xmlFree(mem);
  xmlFreeDoc(d);
  return s;
}

static char *rollup_of(const char *first_before, const char *second_extra)
{
  render_result *r[5];
  r[0] = result("410101", 1, summary("410101", "90.5", first_before));
  char second[600];
  snprintf(second, sizeof second, "%s", summary("410102", "80", ""));
  if (second_extra) {   /* something after the root element's end */
    char *end = strstr(second, "</county-report>") + strlen("</county-report>");
    snprintf(end, sizeof second - (size_t)(end - second), "%s\n", second_extra);
  }
  r[1] = result("410102", 1, second);
  r[2] = result("410103", 1, summary("410103", "90.5", ""));
  r[3] = result("410103", 1, summary("410103", "10", ""));   /* the same county again */
  r[4] = result("410104", 0, summary("410104", "99", ""));   /* failed */
  char *s = dump(batch_rollup_data(r, 5));
  for (int i = 0; i < 5; i++) render_result_free(r[i]);
  return s;
}

int main(void)
{
  char *joined = rollup_of("", NULL);
  char *one_by_one = rollup_of("<!-- a comment first -->", NULL);
  CHECK("roll-up: joined in one go", strstr(joined, "<rollup><county-report") != NULL);
  CHECK_STR("roll-up: one by one gives the same document", one_by_one, joined);
  CHECK("roll-up: three counties (one twice, one failed)", strstr(joined, "410104") == NULL &&
        strstr(joined, "<score>10</score>") == NULL && strstr(joined, "410102") != NULL);
  CHECK("roll-up: ties share rank 1, the next is 3",
        strstr(joined, "<score>90.5</score></derived><rank>1</rank>") != NULL &&
        strstr(joined, "<score>80</score></derived><rank>3</rank>") != NULL);
  char *smuggled = rollup_of("", "<county-report><county><code>999999</code></county></county-report>");
  CHECK("roll-up: a summary with a second element is not joined, nor read",
        strstr(smuggled, "999999") == NULL && strstr(smuggled, "410102") == NULL &&
        strstr(smuggled, "410101") != NULL && strstr(smuggled, "410103") != NULL);
  free(joined);
  free(one_by_one);
  free(smuggled);
  xmlCleanupParser();
  return test_status();
}
