/* test_template_readme.c: every ```xml example in templates/README.md loads as
 * a template without errors (warnings allowed: some examples elide content
 * with "…"), so the reference cannot drift from what the loader accepts.
 * A complete template (<?xml or <document) is loaded as it is; a fragment
 * (<fragment>) through an include; any other snippet inside a <document>.
 * The examples sit in a scratch tree where include/ and
 * ../../templates/include/ both lead to the shipped pieces.
 * Run from the top of the source tree. */
/* checks: 33 */
#include "diag.h"
#include "template.h"
#include "util.h"
#include "test.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

static char root[64];

static void put(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

/* Loads one example; prints PASS/FAIL with its README line. */
static void try_example(const char *body, int line)
{
  char *dir = xasprintf("%s/tests/templates", root);
  char *path = xasprintf("%s/example.xml", dir);
  char *frag = xasprintf("%s/fragment.xml", dir);
  if (strncmp(body, "<?xml", 5) == 0 || strncmp(body, "<document", 9) == 0) {
    put(path, body);
  } else if (strstr(body, "<fragment>")) {
    put(frag, body);
    put(path, "<document kind=\"example\"><include href=\"fragment.xml\"/></document>\n");
  } else {
    char *doc = xasprintf("<document kind=\"example\">\n%s</document>\n", body);
    put(path, doc);
    free(doc);
  }
  diag_list *d = diag_new("data", 0);
  template *t = template_load(path, NULL, d);
  char *name = xasprintf("template_readme_example_line_%d", line);
  if (t && diag_errors(d) == 0) {
    printf("PASS %s\n", name);
  } else {
    const diag *g = diag_count(d) ? diag_get(d, 0) : NULL;
    printf("FAIL %s: %s\n", name, g ? g->msg : "not loaded");
    test_failures++;
  }
  free(name);
  template_free(t);
  diag_free(d);
  free(frag);
  free(path);
  free(dir);
}

int main(void)
{
  char *readme = read_file("templates/README.md", 1 << 20, NULL);
  char top[PATH_MAX];
  CHECK("template_readme_read", readme != NULL && getcwd(top, sizeof top) != NULL);
  if (!readme) return test_status();
  snprintf(root, sizeof root, "/tmp/rgreadme.XXXXXX");
  if (!mkdtemp(root)) {
    printf("FAIL template_readme_tmpdir\n");
    free(readme);
    return 1;
  }
  char *cmd = xasprintf("mkdir -p '%s/tests/templates' '%s/templates' && "
                        "ln -s '%s/templates/include' '%s/templates/include' && "
                        "ln -s '%s/templates/include' '%s/tests/templates/include'",
                        root, root, top, root, top, root);
  CHECK("template_readme_scratch_tree", system(cmd) == 0);
  free(cmd);
  int examples = 0, line = 1;
  const char *p = readme;
  while ((p = strstr(p, "```xml\n")) != NULL) {
    for (const char *q = readme; q < p; q++) line += *q == '\n';
    const char *start = p + strlen("```xml\n");
    const char *end = strstr(start, "```");
    if (!end) break;
    char *body = xstrndup(start, (size_t)(end - start));
    try_example(body, line + 1);
    free(body);
    examples++;
    line = 1;
    p = end + 3;
  }
  CHECK("template_readme_has_examples", examples >= 20);
  cmd = xasprintf("rm -rf '%s'", root);
  if (system(cmd) != 0) printf("FAIL template_readme_cleanup: %s\n", root);
  free(cmd);
  free(readme);
  xmlCleanupParser();
  return test_status();
}
