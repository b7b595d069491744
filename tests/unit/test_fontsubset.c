/* test_fontsubset.c: a subset's glyphs are the face's own, checked with
 * HarfBuzz's drawing and metrics calls against the face itself: same outline
 * (composites resolved through their renumbered components, nested ones too),
 * same advance, same extents, characters beyond U+FFFF too. It holds those
 * glyphs and no others, without hinting, with the tables a PDF reads and a
 * cmap of exactly the characters asked for; it is deterministic, and a
 * damaged face does not crash it. */
/* checks: 22 */
#include "fontsubset.h"
#include "ttf.h"
#include "test.h"
#include "util.h"

#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char ZENHEI[] = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
static const char SUNG[] = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf";
static const char HANAMIN[] = "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf";

static hb_font_t *font_from(hb_blob_t *b, unsigned index)
{
  hb_face_t *f = hb_face_create(b, index);
  hb_font_t *font = hb_font_create(f);
  hb_face_destroy(f);
  return font;
}

static hb_font_t *subset_font(const fontsubset_font *s)
{
  hb_blob_t *b = hb_blob_create((const char *)s->data, (unsigned)s->len, HB_MEMORY_MODE_READONLY, NULL, NULL);
  hb_font_t *font = font_from(b, 0);
  hb_blob_destroy(b);
  return font;
}

/* An outline as text: one line per drawing call. */
static void d_move(hb_draw_funcs_t *df, void *o, hb_draw_state_t *st, float x, float y, void *u)
{ sb_addf(o, "M%g,%g\n", x, y); }
static void d_line(hb_draw_funcs_t *df, void *o, hb_draw_state_t *st, float x, float y, void *u)
{ sb_addf(o, "L%g,%g\n", x, y); }
static void d_quad(hb_draw_funcs_t *df, void *o, hb_draw_state_t *st, float cx, float cy, float x, float y, void *u)
{ sb_addf(o, "Q%g,%g,%g,%g\n", cx, cy, x, y); }
static void d_cubic(hb_draw_funcs_t *df, void *o, hb_draw_state_t *st, float c1x, float c1y, float c2x,
                    float c2y, float x, float y, void *u)
{ sb_addf(o, "C%g,%g,%g,%g,%g,%g\n", c1x, c1y, c2x, c2y, x, y); }
static void d_close(hb_draw_funcs_t *df, void *o, hb_draw_state_t *st, void *u) { sb_add(o, "Z\n"); }

static char *shape_of(hb_font_t *font, hb_codepoint_t g)
{
  static hb_draw_funcs_t *df;
  if (!df) {
    df = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(df, d_move, NULL, NULL);
    hb_draw_funcs_set_line_to_func(df, d_line, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(df, d_quad, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(df, d_cubic, NULL, NULL);
    hb_draw_funcs_set_close_path_func(df, d_close, NULL, NULL);
  }
  strbuf b = {0};
  sb_add(&b, "");
  hb_font_get_glyph_shape(font, g, df, &b);
  return b.s;
}

/* 1 if glyph og of orig and sg of sub have the same outline, advance and extents. */
static int same_glyph(hb_font_t *orig, hb_codepoint_t og, hb_font_t *sub, hb_codepoint_t sg)
{
  char *a = shape_of(orig, og), *b = shape_of(sub, sg);
  int same = strcmp(a, b) == 0 && strlen(a) > 20;
  free(a);
  free(b);
  hb_glyph_extents_t ea, eb;
  same &= hb_font_get_glyph_extents(orig, og, &ea) && hb_font_get_glyph_extents(sub, sg, &eb) &&
          memcmp(&ea, &eb, sizeof ea) == 0;
  same &= hb_font_get_glyph_h_advance(orig, og) == hb_font_get_glyph_h_advance(sub, sg);
  return same;
}

static int has_table(const fontsubset_font *s, const char *tag)
{
  for (size_t i = 0, n = (size_t)(s->data[4] << 8 | s->data[5]); i < n; i++)
    if (memcmp(s->data + 12 + 16 * i, tag, 4) == 0) return 1;
  return 0;
}


/* The offset and length of table tag in the font file at p (face 0 of a plain font). */
static int find_table(const unsigned char *p, const char *tag, uint32_t *off, uint32_t *len)
{
  for (unsigned i = 0, n = be16(p + 4); i < n; i++)
    if (memcmp(p + 12 + 16 * i, tag, 4) == 0) {
      *off = be32(p + 12 + 16 * i + 8);
      *len = be32(p + 12 + 16 * i + 12);
      return 1;
    }
  return 0;
}

/* 1 if no simple glyph of the subset carries instructions and no composite
 * says it has them. */
static int unhinted(const fontsubset_font *s)
{
  uint32_t go, gl, lo, ll, ho, hl, mo, ml;
  if (!find_table(s->data, "glyf", &go, &gl) || !find_table(s->data, "loca", &lo, &ll) ||
      !find_table(s->data, "head", &ho, &hl) || !find_table(s->data, "maxp", &mo, &ml)) return 0;
  int lng = be16(s->data + ho + 50) != 0;
  unsigned ng = be16(s->data + mo + 4);
  for (unsigned g = 0; g < ng; g++) {
    uint32_t a = lng ? be32(s->data + lo + 4 * g) : 2 * be16(s->data + lo + 2 * g);
    uint32_t b = lng ? be32(s->data + lo + 4 * g + 4) : 2 * be16(s->data + lo + 2 * g + 2);
    if (b == a) continue;
    const unsigned char *p = s->data + go + a;
    int nc = (int16_t)be16(p);
    if (nc >= 0 && be16(p + 10 + 2 * nc) != 0) return 0;
    if (nc < 0) {
      unsigned pos = 10, fl;
      do {
        fl = be16(p + pos);
        if (fl & 0x100) return 0;
        pos += 4 + (fl & 1 ? 4 : 2) + (fl & 8 ? 2 : fl & 0x40 ? 4 : fl & 0x80 ? 8 : 0);
      } while (fl & 0x20);
    }
  }
  return 1;
}

static int write_file(const char *path, const char *b, size_t len)
{
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  int ok = fwrite(b, 1, len, f) == len;
  return fclose(f) == 0 && ok;
}

/* The characters the subset's cmap maps, as "U+XXXX ..." (caller frees). */
static char *cmap_of(const fontsubset_font *s)
{
  hb_font_t *f = subset_font(s);
  hb_set_t *u = hb_set_create();
  hb_face_collect_unicodes(hb_font_get_face(f), u);
  strbuf b = {0};
  sb_add(&b, "");
  for (hb_codepoint_t c = HB_SET_VALUE_INVALID; hb_set_next(u, &c);) sb_addf(&b, "U+%04X ", c);
  hb_set_destroy(u);
  hb_font_destroy(f);
  return b.s;
}

int main(void)
{
  char *err = NULL;
  ttf_font *zh = ttf_load(ZENHEI, 0, &err);
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(ZENHEI);
  CHECK("face readable", zh != NULL && blob != NULL);
  if (!zh || !blob) return test_status();
  hb_font_t *orig = font_from(blob, 0);
  /* 团 县 团 。 1 7, ℅ (three components), ∷ and 樂 (composites whose
   * components are composites), U+E000 (not in the face) */
  const uint32_t cps[] = { 0x56E2, 0x53BF, 0x56E2, 0x3002, '1', '7', 0x2105, 0x2237, 0xF9BF, 0xE000 };
  enum { N = sizeof cps / sizeof cps[0] };
  uint16_t og[N], g[N], g2[N];
  for (int i = 0; i < N; i++) {
    hb_codepoint_t x = 0;
    og[i] = hb_font_get_nominal_glyph(orig, cps[i], &x) ? (uint16_t)x : 0;
  }
  CHECK("the face has all but U+E000", og[0] && og[1] && og[3] && og[4] && og[5] && og[6] && og[7] && og[8] && !og[9]);
  fontsubset_font a, b;
  CHECK("subset made", fontsubset_make(zh, cps, N, g, &a, &err) == 0);
  CHECK("subset is small", a.len > 0 && a.len < 40000);
  hb_font_t *sub = subset_font(&a);
  int same = 1;
  for (int i = 0; i < N - 1; i++) same &= same_glyph(orig, og[i], sub, g[i]);
  CHECK("every glyph has the face's outline, advance and extents", same);
  CHECK("composites drawn through their components", same_glyph(orig, og[7], sub, g[7]) && same_glyph(orig, og[8], sub, g[8]));
  CHECK("团 has a glyph, the same both times", g[0] != 0 && g[0] == g[2]);
  CHECK("distinct characters, distinct glyphs", g[0] != g[1] && g[1] != g[3] && g[4] != g[5]);
  CHECK("a character the face lacks gets .notdef", g[9] == 0);
  unsigned ng = hb_face_get_glyph_count(hb_font_get_face(sub));
  CHECK("the subset holds .notdef, 9 glyphs and some components only", ng > 10 && ng < 20);
  CHECK("no hinting left", unhinted(&a));
  CHECK("subset has glyf, loca, hmtx, head, hhea, maxp", has_table(&a, "glyf") && has_table(&a, "loca") &&
        has_table(&a, "hmtx") && has_table(&a, "head") && has_table(&a, "hhea") && has_table(&a, "maxp"));
  CHECK("subset has no GSUB, name or hinting tables", !has_table(&a, "GSUB") && !has_table(&a, "name") &&
        !has_table(&a, "fpgm") && !has_table(&a, "prep") && !has_table(&a, "cvt "));
  char *cm = cmap_of(&a);
  CHECK("its cmap maps exactly the characters asked for",
        strcmp(cm, "U+0031 U+0037 U+2105 U+2237 U+3002 U+53BF U+56E2 U+F9BF ") == 0);
  free(cm);
  CHECK("subset is deterministic", fontsubset_make(zh, cps, N, g2, &b, &err) == 0 &&
        b.len == a.len && memcmp(a.data, b.data, a.len) == 0 && memcmp(g, g2, sizeof g) == 0);
  hb_font_destroy(sub);
  fontsubset_release(&a);
  fontsubset_release(&b);
  CHECK("released", a.data == NULL && a.blob == NULL);

  /* beyond the BMP: 𠀀 and 𪚥 of HanaMin B */
  ttf_font *hm = ttf_load(HANAMIN, 0, &err);
  hb_blob_t *hblob = hb_blob_create_from_file_or_fail(HANAMIN);
  CHECK("HanaMin B readable", hm && hblob);
  {
    hb_font_t *horig = hblob ? font_from(hblob, 0) : NULL;
    const uint32_t astral[] = { 0x2A6A5, 0x20000 };
    uint16_t hg[2] = { 0, 0 };
    hb_codepoint_t o0 = 0, o1 = 0;
    if (horig) {
      hb_font_get_nominal_glyph(horig, astral[0], &o0);
      hb_font_get_nominal_glyph(horig, astral[1], &o1);
    }
    int made = hm && fontsubset_make(hm, astral, 2, hg, &a, &err) == 0;
    CHECK("astral subset made", made);
    hb_font_t *hs = made ? subset_font(&a) : NULL;
    CHECK("𪚥 and 𠀀 keep their outlines", hs && o0 && o1 && hg[0] && hg[1] && same_glyph(horig, o0, hs, hg[0]) &&
          same_glyph(horig, o1, hs, hg[1]));
    cm = made ? cmap_of(&a) : xstrdup("");
    CHECK("the astral subset's cmap maps them", strcmp(cm, "U+20000 U+2A6A5 ") == 0);
    free(cm);
    hb_font_destroy(hs);
    hb_font_destroy(horig);
    if (made) fontsubset_release(&a);
  }
  ttf_free(hm);
  hb_blob_destroy(hblob);

  /* a damaged copy of a single font: glyph 3's loca entry past the end of glyf */
  size_t len = 0;
  char *sung = read_file(SUNG, 64u << 20, &len);
  CHECK("SungtiL readable", sung && len > 4096);
  if (sung) {
    const char *bad = "/tmp/reformgen-test-bad.ttf";
    uint32_t lo, ll, go, gl;
    unsigned char *p = (unsigned char *)sung;
    if (find_table(p, "loca", &lo, &ll) && find_table(p, "glyf", &go, &gl)) {
      unsigned char *e = p + lo + 4 * 4;   /* long loca: entry 4 ends glyph 3 */
      uint32_t v = gl + 64;
      e[0] = (unsigned char)(v >> 24); e[1] = (unsigned char)(v >> 16); e[2] = (unsigned char)(v >> 8); e[3] = (unsigned char)v;
    }
    ttf_font *bf = write_file(bad, sung, len) ? ttf_load(bad, 0, &err) : NULL;
    uint32_t some[] = { 0x56E2, 'A', 0x53BF };
    uint16_t out3[3];
    int r = bf ? fontsubset_make(bf, some, 3, out3, &a, &err) : -2;
    CHECK("a damaged face subsets or fails cleanly", r == 0 || (r == -1 && err));
    if (r == 0) fontsubset_release(&a);
    free(err);
    err = NULL;
    ttf_free(bf);
    remove(bad);
    free(sung);
  }
  hb_font_destroy(orig);
  hb_blob_destroy(blob);
  ttf_free(zh);
  return test_status();
}
