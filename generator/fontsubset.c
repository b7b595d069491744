/* fontsubset.c: TrueType subsets for PDF embedding with hb-subset (fontsubset.h).
 *
 * The subset is asked for by characters; hints are dropped and every table
 * but those the header lists is left out, which also skips the layout
 * closure (GSUB) a PDF never uses. The plan tells each character's new glyph
 * id: the face's cmap gives its old glyph, the plan the new one. */
#include "fontsubset.h"
#include "i18n.h"
#include "util.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

/* The tables a subset keeps; all others of the face are dropped. */
static int kept(hb_tag_t t)
{
  static const char *const keep[] = { "head", "hhea", "maxp", "hmtx", "loca", "glyf", "OS/2", "post", "cmap" };
  for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
    if (t == hb_tag_from_string(keep[i], 4)) return 1;
  return 0;
}

int fontsubset_make(const ttf_font *font, const uint32_t *cps, size_t n, uint16_t *gids,
                    fontsubset_font *out, char **err)
{
  memset(out, 0, sizeof *out);
  hb_face_t *face = ttf_face(font);
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) {
    *err = xasprintf(_("%s: cannot subset the font (out of memory)"), ttf_get_info(font)->psname);
    return -1;
  }
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
  hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
  hb_tag_t tags[64];
  for (unsigned start = 0;; start += 64) {
    unsigned got = 64;
    hb_face_get_table_tags(face, start, &got, tags);
    for (unsigned i = 0; i < got; i++)
      if (!kept(tags[i])) hb_set_add(drop, tags[i]);
    if (got < 64) break;
  }
  hb_set_t *u = hb_subset_input_unicode_set(in);
  for (size_t i = 0; i < n; i++) hb_set_add(u, cps[i]);
  hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
  hb_subset_input_destroy(in);
  hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
  if (!sub) {
    hb_subset_plan_destroy(plan);
    *err = xasprintf(_("%s: HarfBuzz cannot subset the font (damaged?)"), ttf_get_info(font)->psname);
    return -1;
  }
  const hb_map_t *to_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
  const hb_map_t *to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
  for (size_t i = 0; i < n; i++) {
    hb_codepoint_t g = hb_map_get(to_old, cps[i]);
    g = g == HB_MAP_VALUE_INVALID ? HB_MAP_VALUE_INVALID : hb_map_get(to_new, g);
    gids[i] = g == HB_MAP_VALUE_INVALID || g > 0xFFFF ? 0 : (uint16_t)g;
  }
  out->blob = hb_face_reference_blob(sub);
  hb_face_destroy(sub);
  hb_subset_plan_destroy(plan);
  unsigned len;
  out->data = (const unsigned char *)hb_blob_get_data(out->blob, &len);
  out->len = len;
  if (!len) {
    fontsubset_release(out);
    *err = xasprintf(_("%s: HarfBuzz made an empty subset"), ttf_get_info(font)->psname);
    return -1;
  }
  return 0;
}

void fontsubset_release(fontsubset_font *f)
{
  hb_blob_destroy(f->blob);
  memset(f, 0, sizeof *f);
}
