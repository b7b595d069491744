/* fontsubset.c: per-document font subsets with hb-subset (fontsubset.h). */
#include "fontsubset.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include <hb.h>
#include <hb-subset.h>

typedef struct cached_face {
  char *file;
  int index;
  hb_face_t *face;
} cached_face;

struct fontsubset {
  cached_face *faces;
  int n, cap;
};

fontsubset *fontsubset_new(void)
{
  return xcalloc(1, sizeof(fontsubset));
}

void fontsubset_free(fontsubset *c)
{
  if (!c) return;
  for (int i = 0; i < c->n; i++) {
    hb_face_destroy(c->faces[i].face);
    free(c->faces[i].file);
  }
  free(c->faces);
  free(c);
}

/* Returns the cached face, parsing it on first use; NULL if the file cannot
 * be read or has no such face. Borrowed. */
static hb_face_t *face_for(fontsubset *c, const char *file, int index)
{
  for (int i = 0; i < c->n; i++)
    if (c->faces[i].index == index && strcmp(c->faces[i].file, file) == 0) return c->faces[i].face;
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
  if (!blob) return NULL;
  unsigned count = hb_face_count(blob);
  if (index < 0 || (unsigned)index >= count) {
    hb_blob_destroy(blob);
    return NULL;
  }
  hb_face_t *face = hb_face_create(blob, (unsigned)index);
  hb_blob_destroy(blob);   /* the face holds its own reference */
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 4;
    c->faces = xrealloc(c->faces, (size_t)c->cap * sizeof *c->faces);
  }
  c->faces[c->n].file = xstrdup(file);
  c->faces[c->n].index = index;
  c->faces[c->n].face = face;
  c->n++;
  return face;
}

/* Tables a PDF's CIDFontType2 never reads: OpenType layout (shaping is done
 * before the PDF), vertical metrics, and what hb-subset would otherwise carry
 * over. Dropping the layout tables also spares hb-subset their glyph closure. */
static const hb_tag_t DROP[] = {
  HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
  HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('v', 'h', 'e', 'a'),
  HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('k', 'e', 'r', 'n'),
  HB_TAG('m', 'o', 'r', 'x'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('g', 'a', 's', 'p'),
};

int fontsubset_make(fontsubset *c, const char *file, int index, const uint32_t *cps, size_t n,
                    uint16_t *gids, fontsubset_font *out, char **err)
{
  memset(out, 0, sizeof *out);
  hb_face_t *face = face_for(c, file, index);
  if (!face) {
    *err = xasprintf("%s: cannot read face %d for subsetting", file, index);
    return -1;
  }
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) {
    *err = xstrdup("out of memory creating a font subset");
    return -1;
  }
  hb_set_t *u = hb_subset_input_unicode_set(in);
  for (size_t i = 0; i < n; i++) hb_set_add(u, cps[i]);
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (size_t i = 0; i < sizeof DROP / sizeof DROP[0]; i++) hb_set_add(drop, DROP[i]);
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
  hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
  hb_subset_input_destroy(in);
  hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
  if (!sub) {
    hb_subset_plan_destroy(plan);
    *err = xasprintf("%s: hb-subset failed for face %d", file, index);
    return -1;
  }
  const hb_map_t *u2old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
  const hb_map_t *old2new = hb_subset_plan_old_to_new_glyph_mapping(plan);
  for (size_t i = 0; i < n; i++) {
    hb_codepoint_t old = hb_map_get(u2old, cps[i]), g = HB_MAP_VALUE_INVALID;
    if (old != HB_MAP_VALUE_INVALID) g = hb_map_get(old2new, old);
    gids[i] = g == HB_MAP_VALUE_INVALID || g > 0xFFFF ? 0 : (uint16_t)g;
  }
  hb_blob_t *blob = hb_face_reference_blob(sub);
  hb_face_destroy(sub);
  hb_subset_plan_destroy(plan);
  unsigned len = 0;
  const char *data = hb_blob_get_data(blob, &len);
  if (!data || len < 12) {
    hb_blob_destroy(blob);
    *err = xasprintf("%s: hb-subset gave an empty font for face %d", file, index);
    return -1;
  }
  out->data = (const unsigned char *)data;
  out->len = len;
  out->blob = blob;
  return 0;
}

void fontsubset_release(fontsubset_font *f)
{
  if (f->blob) hb_blob_destroy(f->blob);
  memset(f, 0, sizeof *f);
}
