/* merge.c: joining shard manifests (merge.h). */
#include "merge.h"
#include "i18n.h"

#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_result(const void *a, const void *b)
{
  const render_result *x = *(render_result *const *)a, *y = *(render_result *const *)b;
  return strcmp(x->input ? x->input : "", y->input ? y->input : "");
}

int merge_manifests(const render_ctx *ctx, char *const *paths, int n, const batch_opts *o)
{
  render_result **all = NULL;
  int count = 0, cap = 0, rc = 0;
  for (int i = 0; i < n && rc == 0; i++) {
    size_t len = 0;
    char *text = read_file(paths[i], (size_t)1 << 30, &len);
    if (!text) {
      fprintf(stderr, _("%s: error: cannot read manifest: %s\n"), paths[i], strerror(errno));
      rc = -1;
      break;
    }
    cJSON *m = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *inputs = m ? cJSON_GetObjectItemCaseSensitive(m, "inputs") : NULL;
    if (!cJSON_IsArray(inputs)) {
      fprintf(stderr, _("%s: error: not a reformgen manifest; expected an object with an \"inputs\" array\n"),
              paths[i]);
      cJSON_Delete(m);
      rc = -1;
      break;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, inputs) {
      if (count == cap) {
        cap = cap ? cap * 2 : 64;
        all = xrealloc(all, (size_t)cap * sizeof *all);
      }
      render_result *r = render_result_from_json(e);
      all[count++] = r;
      if (r->ok && !r->summary && rc == 0) {
        fprintf(stderr, _("%s: error: %s has no summary; expected the manifest of a --shard run\n"),
                paths[i], r->input ? r->input : _("an input"));
        rc = -1;
      }
    }
    cJSON_Delete(m);
  }
  if (rc == 0) {
    qsort(all, (size_t)count, sizeof *all, cmp_result);
    for (int i = 1; i < count; i++)
      if (all[i]->input && all[i - 1]->input && strcmp(all[i]->input, all[i - 1]->input) == 0) {
        fprintf(stderr, _("%s: error: listed by more than one manifest; expected each input in one shard\n"),
                all[i]->input);
        rc = -1;
        break;
      }
  }
  if (rc == 0) {
    int failed = 0;
    for (int i = 0; i < count; i++) if (!all[i]->ok) failed++;
    cJSON *rollups = cJSON_CreateArray();
    failed += batch_write_rollups(ctx, o, all, count, rollups);
    if (o->manifest && batch_write_manifest(o->manifest, all, count, rollups) != 0) rc = -1;
    else rc = failed;
    cJSON_Delete(rollups);
  }
  for (int i = 0; i < count; i++) render_result_free(all[i]);
  free(all);
  return rc;
}
