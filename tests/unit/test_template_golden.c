/* test_template_golden.c: golden tests of the template stage, as data.
 *
 * tests/templates/NAME.xml expanded against NAME.data.xml (or, when there is
 * none, the shared county.data.xml) must dump (doctree_dump) exactly as
 * NAME.expected. A template whose name starts with
 * "strict-" is loaded with template_opts.strict.
 * tests/templates/errors/NAME.xml must fail, at load time or (when
 * NAME.data.xml exists) at expansion, with exactly the diagnostics of
 * NAME.expected (as diag_print writes them).
 * Run from the top of the source tree. Prints PASS/FAIL per case. */
/* checks: 28 */
#include "diag.h"
#include "doctree.h"
#include "template.h"
#include "util.h"
#include "test.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#define DIR_OK "tests/templates"
#define DIR_ERR "tests/templates/errors"

static int has_suffix(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The case names (file names without .xml) in dir, sorted; caller frees. */
static char **list_cases(const char *dir, int *n)
{
  char **v = NULL;
  *n = 0;
  DIR *d = opendir(dir);
  if (!d) return NULL;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (!has_suffix(e->d_name, ".xml") || has_suffix(e->d_name, ".data.xml")) continue;
    v = xrealloc(v, (size_t)(*n + 1) * sizeof *v);
    v[(*n)++] = xstrndup(e->d_name, strlen(e->d_name) - 4);
  }
  closedir(d);
  qsort(v, (size_t)*n, sizeof *v, cmp_str);
  return v;
}

static xmlDocPtr read_data(const char *path)
{
  return xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
}

/* Prints the first differing line of got and want. */
static void show_diff(const char *name, const char *got, const char *want)
{
  int line = 1;
  const char *g = got, *w = want;
  while (*g && *w && *g == *w) {
    if (*g == '\n') line++;
    g++;
    w++;
  }
  const char *gl = g, *wl = w;
  while (gl > got && gl[-1] != '\n') gl--;
  while (wl > want && wl[-1] != '\n') wl--;
  printf("FAIL %s: line %d differs:\n  got:  %.*s\n  want: %.*s\n", name, line,
         (int)strcspn(gl, "\n"), gl, (int)strcspn(wl, "\n"), wl);
  test_failures++;
}

static void compare(const char *name, const char *got, const char *expected_path)
{
  char *want = read_file(expected_path, 1 << 22, NULL);
  if (!want) {
    printf("FAIL %s: cannot read %s\n", name, expected_path);
    test_failures++;
  } else if (strcmp(got, want) != 0) {
    show_diff(name, got, want);
  } else {
    printf("PASS %s\n", name);
  }
  free(want);
}

static void run_case(const char *dir, const char *base, int expect_error)
{
  char *tpl = xasprintf("%s/%s.xml", dir, base);
  char *data_path = xasprintf("%s/%s.data.xml", dir, base);
  char *exp = xasprintf("%s/%s.expected", dir, base);
  char *name = xasprintf("template_%s_%s", expect_error ? "error" : "golden", base);
  template_opts opts = { .strict = strncmp(base, "strict-", 7) == 0 };
  diag_list *d = diag_new("data", 0);
  char *out = NULL;
  size_t outlen = 0;
  FILE *f = open_memstream(&out, &outlen);
  template *t = template_load(tpl, &opts, d);
  xmlDocPtr data = NULL;
  FILE *probe = fopen(data_path, "r");
  if (!probe && !expect_error) {
    free(data_path);
    data_path = xasprintf("%s/county.data.xml", dir);
    probe = fopen(data_path, "r");
  }
  if (probe) {
    fclose(probe);
    data = read_data(data_path);
  }
  if (t && data) {
    xmlDocPtr tree = template_expand(t, data, d);
    if (tree && !expect_error) doctree_dump(tree, f);
    xmlFreeDoc(tree);
  } else if (t && !expect_error) {
    fprintf(f, "(no data file %s)\n", data_path);
  }
  if (expect_error || diag_count(d)) diag_print(d, f);
  fclose(f);
  compare(name, out, exp);
  free(out);
  xmlFreeDoc(data);
  template_free(t);
  diag_free(d);
  free(tpl);
  free(data_path);
  free(exp);
  free(name);
}

int main(void)
{
  const char *dirs[2] = { DIR_OK, DIR_ERR };
  for (int k = 0; k < 2; k++) {
    int n;
    char **cases = list_cases(dirs[k], &n);
    CHECK(k ? "template_error_cases_found" : "template_golden_cases_found", n > 0);
    for (int i = 0; i < n; i++) {
      run_case(dirs[k], cases[i], k);
      free(cases[i]);
    }
    free(cases);
  }
  xmlCleanupParser();
  return test_status();
}
