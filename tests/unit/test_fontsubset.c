/* test_fontsubset.c: a subset holds the requested characters and no others,
 * the glyph ids it reports are the ones its own cmap gives, it is much smaller
 * than the face, drops the layout tables, is deterministic, and bad input fails
 * cleanly. */
#include "fontsubset.h"
#include "test.h"
#include "util.h"

#include <hb.h>
#include <stdlib.h>
#include <string.h>

static const char ZENHEI[] = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

/* The glyph id of cp in the font file held in memory (0 when absent). */
static unsigned glyph_of(const fontsubset_font *s, uint32_t cp)
{
  hb_blob_t *b = hb_blob_create((const char *)s->data, (unsigned)s->len, HB_MEMORY_MODE_READONLY, NULL, NULL);
  hb_face_t *f = hb_face_create(b, 0);
  hb_font_t *font = hb_font_create(f);
  hb_codepoint_t g = 0;
  if (!hb_font_get_nominal_glyph(font, cp, &g)) g = 0;
  hb_font_destroy(font);
  hb_face_destroy(f);
  hb_blob_destroy(b);
  return g;
}

static int has_table(const fontsubset_font *s, hb_tag_t tag)
{
  hb_blob_t *b = hb_blob_create((const char *)s->data, (unsigned)s->len, HB_MEMORY_MODE_READONLY, NULL, NULL);
  hb_face_t *f = hb_face_create(b, 0);
  hb_blob_t *t = hb_face_reference_table(f, tag);
  int yes = hb_blob_get_length(t) > 0;
  hb_blob_destroy(t);
  hb_face_destroy(f);
  hb_blob_destroy(b);
  return yes;
}

int main(void)
{
  fontsubset *c = fontsubset_new();
  /* 团 县 团 。 1 7 and U+E000 (private use, not in the face) */
  const uint32_t cps[] = { 0x56E2, 0x53BF, 0x56E2, 0x3002, '1', '7', 0xE000 };
  enum { N = sizeof cps / sizeof cps[0] };
  uint16_t g[N], g2[N];
  fontsubset_font a, b;
  char *err = NULL;
  CHECK("subset made", fontsubset_make(c, ZENHEI, 0, cps, N, g, &a, &err) == 0);
  CHECK("subset is small", a.len > 0 && a.len < 40000);
  int same = 1;
  for (int i = 0; i < N; i++) same &= glyph_of(&a, cps[i]) == g[i];
  CHECK("reported glyph ids are the subset's own", same);
  CHECK("团 has a glyph, the same both times", g[0] != 0 && g[0] == g[2]);
  CHECK("县 。 1 7 have distinct glyphs", g[1] && g[3] && g[4] && g[5] && g[1] != g[3] && g[4] != g[5]);
  CHECK("a character the face lacks gets .notdef", g[6] == 0);
  CHECK("glyph ids are compact (at most .notdef + 5 + components)", g[0] < 16 && g[1] < 16 && g[3] < 16);
  CHECK("subset lacks 书", glyph_of(&a, 0x4E66) == 0);
  CHECK("subset has glyf, loca, hmtx, head", has_table(&a, HB_TAG('g', 'l', 'y', 'f')) &&
        has_table(&a, HB_TAG('l', 'o', 'c', 'a')) && has_table(&a, HB_TAG('h', 'm', 't', 'x')) &&
        has_table(&a, HB_TAG('h', 'e', 'a', 'd')));
  CHECK("subset has no GSUB", !has_table(&a, HB_TAG('G', 'S', 'U', 'B')));
  CHECK("subset is deterministic", fontsubset_make(c, ZENHEI, 0, cps, N, g2, &b, &err) == 0 &&
        b.len == a.len && memcmp(a.data, b.data, a.len) == 0 && memcmp(g, g2, sizeof g) == 0);
  fontsubset_release(&a);
  fontsubset_release(&b);
  CHECK("released", a.data == NULL && a.blob == NULL);
  fontsubset_font z;
  CHECK("missing file fails", fontsubset_make(c, "/nonexistent.ttf", 0, cps, N, g, &z, &err) == -1 && err);
  free(err);
  err = NULL;
  CHECK("missing face fails", fontsubset_make(c, ZENHEI, 9, cps, N, g, &z, &err) == -1 && err);
  free(err);
  fontsubset_free(c);
  return test_status();
}
