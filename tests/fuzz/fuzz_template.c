/* fuzz_template.c: fuzz target for the template stage. The input is a template
 * file: it is written to a scratch folder (where include/ points at the
 * shipped partials, so seeds with includes load), loaded and compiled with
 * template_load, and, when it loads, expanded against a sample county that
 * was loaded, validated and derived once (the strict pass packs and restores
 * long tables' rows). Looks for crashes, leaks, hangs and unbounded output in
 * template loading, XPath checking and expansion, and rows that do not come
 * back from packing. */
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "derive.h"
#include "diag.h"
#include "load.h"
#include "template.h"
#include "util.h"
#include "fuzz_util.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static xmlDocPtr county;       /* the data the templates are expanded against */
static char *scratch;          /* scratch folder */
static char *tpl_path;         /* scratch/t.xml */

/* Prepares the county and the scratch folder, once. */
static void setup(void)
{
  char *top = fuzz_top_dir();
  char *sample = xasprintf("%s/samples/xinzheng.json", top);
  diag_list *d = diag_new(sample, 50);
  county = load_file(sample, d);
  if (!county || validate_doc(county, d) > 0 || derive_doc(county, d) != 0 || diag_errors(d) > 0) {
    diag_print(d, stderr);
    fprintf(stderr, "fuzz_template: cannot prepare %s\n", sample);
    abort();
  }
  diag_free(d);
  free(sample);
  scratch = fuzz_scratch_dir("fuzz_template");
  tpl_path = xasprintf("%s/t.xml", scratch);
  char *inc = xasprintf("%s/templates/include", top);
  char *abs = realpath(inc, NULL);
  char *link = xasprintf("%s/include", scratch);
  if (!abs || symlink(abs, link) != 0) abort();
  free(abs);
  free(inc);
  free(link);
  free(top);
}

static void cleanup(void)
{
  char *link = xasprintf("%s/include", scratch);
  unlink(link);
  unlink(tpl_path);
  rmdir(scratch);
  free(link);
  free(tpl_path);
  free(scratch);
  xmlFreeDoc(county);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!county) {
    setup();
    atexit(cleanup);
  }
  FILE *f = fopen(tpl_path, "wb");
  if (!f) abort();
  if (size && fwrite(data, 1, size, f) != size) abort();
  fclose(f);
  diag_list *d = diag_new(tpl_path, 50);
  for (int strict = 0; strict < 2; strict++) {
    /* the strict pass packs long tables' rows whatever the data's size
     * (template_expand_packed) and restores them */
    template_opts o = { .strict = strict, .pack_from = strict ? 1 : 0 };
    template *t = template_load(tpl_path, &o, d);
    if (!t) break;
    (void)template_kind(t);
    xmlDocPtr tree = (strict ? template_expand_packed : template_expand)(t, county, d);
    if (tree && strict && template_unpack(t, tree, d) != 0) abort();   /* the writer's text always parses back */
    xmlFreeDoc(tree);
    template_free(t);
  }
  diag_free(d);
  return 0;
}
