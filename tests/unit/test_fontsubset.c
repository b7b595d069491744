/* test_fontsubset.c: a subset holds the requested characters and no others,
 * is much smaller than the face, is deterministic, and bad input fails cleanly. */
#include "fontsubset.h"
#include "test.h"
#include "util.h"

#include <hb.h>
#include <stdlib.h>

static const char ZENHEI[] = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

static int has_glyph(const char *path, uint32_t cp)
{
  hb_blob_t *b = hb_blob_create_from_file(path);
  hb_face_t *f = hb_face_create(b, 0);
  hb_font_t *font = hb_font_create(f);
  hb_codepoint_t g = 0;
  int ok = hb_font_get_nominal_glyph(font, cp, &g) && g != 0;
  hb_font_destroy(font);
  hb_face_destroy(f);
  hb_blob_destroy(b);
  return ok;
}

int main(void)
{
  fontsubset *c = fontsubset_new();
  const uint32_t cps[] = { 0x56E2 /* 团 */, 0x53BF /* 县 */, 0x56E2, 0x3002 /* 。 */, '1', '7' };
  fontsubset_file a, b;
  char *err = NULL;
  CHECK("subset made", fontsubset_make(c, ZENHEI, 0, cps, 6, &a, &err) == 0);
  CHECK("subset is small", a.size > 0 && a.size < 40000);
  CHECK("subset has 团", has_glyph(a.path, 0x56E2));
  CHECK("subset has 。", has_glyph(a.path, 0x3002));
  CHECK("subset has 7", has_glyph(a.path, '7'));
  CHECK("subset lacks 书", !has_glyph(a.path, 0x4E66));
  {
    hb_blob_t *bl = hb_blob_create_from_file(a.path);
    hb_face_t *fc = hb_face_create(bl, 0);
    hb_blob_t *prep = hb_face_reference_table(fc, HB_TAG('p', 'r', 'e', 'p'));
    CHECK("subset has a non-empty prep table (libharu's re-created font needs one)", hb_blob_get_length(prep) > 0);
    hb_blob_destroy(prep);
    hb_face_destroy(fc);
    hb_blob_destroy(bl);
  }
  CHECK("subset is deterministic", fontsubset_make(c, ZENHEI, 0, cps, 6, &b, &err) == 0 && b.size == a.size);
  if (b.fd >= 0) {
    size_t la = 0, lb = 0;
    char *x = read_file(a.path, 1 << 24, &la), *y = read_file(b.path, 1 << 24, &lb);
    CHECK("same bytes twice", x && y && la == lb && memcmp(x, y, la) == 0);
    free(x);
    free(y);
  }
  fontsubset_close(&a);
  fontsubset_close(&b);
  CHECK("closed", a.fd == -1);
  fontsubset_file z;
  CHECK("missing file fails", fontsubset_make(c, "/nonexistent.ttf", 0, cps, 6, &z, &err) == -1 && err);
  free(err);
  err = NULL;
  CHECK("missing face fails", fontsubset_make(c, ZENHEI, 9, cps, 6, &z, &err) == -1 && err);
  free(err);
  fontsubset_free(c);
  return test_status();
}
