/* test_fonts.c: the font configuration and the TrueType checks. Widths are
 * checked against values worked out from the fonts' own tables by hand (an
 * ideograph is one em, 1000/1000, in every CJK font used); bad font files are
 * made in a scratch folder and must be refused before libharu sees them. */
/* checks: 31 */
#include "test.h"
#include "diag.h"
#include "fonts.h"
#include "ttf.h"
#include "util.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[64];

static char *scratch(const char *name, const void *data, size_t len)
{
  char *p = xasprintf("%s/%s", dir, name);
  FILE *f = fopen(p, "wb");
  if (f) { fwrite(data, 1, len, f); fclose(f); }
  return p;
}

static int has_msg(const diag_list *d, diag_level lv, const char *part)
{
  for (int i = 0; i < diag_count(d); i++)
    if (diag_get(d, i)->level == lv && strstr(diag_get(d, i)->msg, part)) return 1;
  return 0;
}

static int count_level(const diag_list *d, diag_level lv)
{
  int n = 0;
  for (int i = 0; i < diag_count(d); i++) n += diag_get(d, i)->level == lv;
  return n;
}

static const char *file_of(const fontset *fs, int role, unsigned cp)
{
  int f = fontset_pick(fs, role, cp);
  return f >= 0 ? fontset_file(fs, f) : "(none)";
}

static void check_default(void)
{
  diag_list *d = diag_new("fonts/fonts.conf", 100);
  fontset *fs = fontset_load("fonts/fonts.conf", d);
  CHECK("fonts default configuration loads", fs != NULL && diag_errors(d) == 0);
  /* 仿宋 and 小标宋 are FandolFang and a converted face once make deps has run,
   * else substitutes, said in one note each */
  int have = access("/usr/local/share/fonts/reformgen/FandolFang-Regular.ttf", F_OK) == 0;
  CHECK("fonts converted faces or substitute notes", have ? count_level(d, DIAG_NOTE) == 0
        : count_level(d, DIAG_NOTE) == 2 && has_msg(d, DIAG_NOTE, "仿宋") && has_msg(d, DIAG_NOTE, "小标宋"));
  if (!fs) { diag_free(d); return; }
  CHECK("fonts song sets 团 in gbsn00lp", strstr(file_of(fs, FONT_SONG, 0x56E2), "gbsn00lp") != NULL);
  CHECK("fonts song falls back to UMing for 〇", strstr(file_of(fs, FONT_SONG, 0x3007), "uming") != NULL);
  CHECK("fonts hei sets 团 in Zen Hei", strstr(file_of(fs, FONT_HEI, 0x56E2), "zenhei") != NULL);
  CHECK("fonts hei skips its broken ∶", strstr(file_of(fs, FONT_HEI, 0x2236), "zenhei") == NULL);
  CHECK("fonts kai is LXGW WenKai", strstr(file_of(fs, FONT_KAI, 0x56E2), "WenKai") != NULL);
  CHECK("fonts fangsong is FandolFang, or set in the kai font", have
        ? strstr(file_of(fs, FONT_FANGSONG, 0x56E2), "FandolFang") != NULL
        : fontset_pick(fs, FONT_FANGSONG, 0x56E2) == fontset_pick(fs, FONT_KAI, 0x56E2));
  int fz = fontset_pick(fs, FONT_FANGSONG, 0x5586);   /* 喆, beyond GB2312 */
  CHECK("fonts fangsong's 喆 from a 楷 face, never a 黑", fz >= 0 && strstr(fontset_file(fs, fz), "WenKai") != NULL);
  CHECK("fonts 𠀀 (U+20000) set in HanaMin B", strstr(file_of(fs, FONT_SONG, 0x20000), "HanaMinB") != NULL);
  int fb = fontset_pick(fs, FONT_HEI, 0x2A6A5);
  CHECK("fonts 𪚥 (U+2A6A5) one em wide in HanaMin B", fb >= 0 && fontset_width(fs, fb, 0x2A6A5) == 1000);
  CHECK("fonts 𰻞 (U+30EDE, Extension G) in no font", fontset_pick(fs, FONT_SONG, 0x30EDE) < 0);
  int f = fontset_pick(fs, FONT_SONG, 0x56E2);
  CHECK("fonts ideograph is one em wide", f >= 0 && fontset_width(fs, f, 0x56E2) == 1000);
  int fa = fontset_pick(fs, FONT_SONG, 'a');
  CHECK("fonts latin letter narrower than an em", fa >= 0 && fontset_width(fs, fa, 'a') > 0 && fontset_width(fs, fa, 'a') < 1000);
  CHECK("fonts roles by name", fontset_role("hei") == FONT_HEI && fontset_role("fangsong") == FONT_FANGSONG
        && fontset_role("xbs") == FONT_XBS
        && fontset_role("宋体") < 0);
  fontset_free(fs);
  diag_free(d);
}

static void check_bad_files(void)
{
  char *err = NULL;
  char *text = scratch("text.ttf", "hello\n", 6);
  ttf_font *t = ttf_load(text, 0, &err);
  CHECK("fonts 6-byte text file refused", t == NULL && err && strstr(err, "too small"));
  free(err); err = NULL;
  ttf_free(t);
  /* a truncated copy of a real font: its tables lie beyond the end */
  size_t len = 0;
  char *real = read_file("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 64u << 20, &len);
  CHECK("fonts real font readable", real != NULL && len > 100000);
  char *cut = real ? scratch("cut.ttf", real, 4096) : NULL;
  t = cut ? ttf_load(cut, 0, &err) : NULL;
  CHECK("fonts truncated font refused", t == NULL && err && strstr(err, "beyond the end"));
  free(err); err = NULL;
  ttf_free(t);
  /* CFF outlines */
  char otto[2048] = "OTTO";
  char *cff = scratch("cff.otf", otto, sizeof otto);
  t = ttf_load(cff, 0, &err);
  CHECK("fonts CFF font refused", t == NULL && err && strstr(err, "CFF"));
  free(err); err = NULL;
  ttf_free(t);
  /* unitsPerEm 0 (libharu divides by it) */
  if (real) {
    unsigned ntab = (unsigned char)real[4] << 8 | (unsigned char)real[5];
    for (unsigned i = 0; i < ntab; i++) {
      char *r = real + 12 + 16 * i;
      if (memcmp(r, "head", 4) == 0) {
        size_t off = (size_t)(unsigned char)r[8] << 24 | (size_t)(unsigned char)r[9] << 16
                   | (size_t)(unsigned char)r[10] << 8 | (unsigned char)r[11];
        real[off + 18] = 0;
        real[off + 19] = 0;
      }
    }
    char *zero = scratch("zero.ttf", real, len);
    t = ttf_load(zero, 0, &err);
    CHECK("fonts unitsPerEm 0 refused", t == NULL && err && strstr(err, "unitsPerEm"));
    free(err); err = NULL;
    ttf_free(t);
    /* a configuration naming only bad files for song: the role has no font */
    char *conf_text = xasprintf("# test\nsong %s\nsong %s 0\nhei substitute song\nkai substitute song\nfangsong substitute song\n", zero, text);
    char *conf = scratch("bad.conf", conf_text, strlen(conf_text));
    diag_list *d = diag_new(conf, 100);
    fontset *fs = fontset_load(conf, d);
    CHECK("fonts configuration with only bad files fails", fs == NULL && has_msg(d, DIAG_ERROR, "no usable font for role song")
          && has_msg(d, DIAG_WARNING, "font skipped"));
    fontset_free(fs);
    diag_free(d);
    free(conf_text);
    free(conf);
    free(zero);
  }
  /* a user's own file for a role, by a relative path, and a syntax error */
  const char *user = "song /usr/share/fonts/truetype/arphic/uming.ttc 0\n"
                     "fangsong /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf\n"
                     "hei substitute song\nkai substitute song\n";
  char *conf2 = scratch("user.conf", user, strlen(user));
  diag_list *d2 = diag_new(conf2, 100);
  fontset *fs2 = fontset_load(conf2, d2);
  CHECK("fonts user file for fangsong used", fs2 && strstr(file_of(fs2, FONT_FANGSONG, 0x56E2), "gkai00mp") != NULL);
  CHECK("fonts a file without xbs sets it in song", fs2 && fontset_pick(fs2, FONT_XBS, 0x56E2) == fontset_pick(fs2, FONT_SONG, 0x56E2)
        && has_msg(d2, DIAG_NOTE, "小标宋"));
  fontset_free(fs2);
  diag_free(d2);
  /* a GB2312 face standing for 仿宋 (gkai00mp), a 楷 face after it: 喆 comes from the 楷
   * face and is foreign to the role, 团 is not; an absent first file of a role
   * with a substitute makes the substitute, said with the file's name */
  const char *style = "song /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf\n"
                      "hei substitute song\n"
                      "kai /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf\n"
                      "fangsong /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf\n"
                      "fangsong /usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf\n"
                      "xbs /nonexistent/xbs.ttf\nxbs substitute kai\n";
  char *conf4 = scratch("style.conf", style, strlen(style));
  diag_list *d4 = diag_new(conf4, 100);
  fontset *fs4 = fontset_load(conf4, d4);
  int zhe = fs4 ? fontset_pick(fs4, FONT_FANGSONG, 0x5586) : -1, tuan = fs4 ? fontset_pick(fs4, FONT_FANGSONG, 0x56E2) : -1;
  CHECK("fonts 喆 in the 楷 face, reported as another style", zhe >= 0 && strstr(fontset_file(fs4, zhe), "WenKai")
        && fontset_foreign(fs4, FONT_FANGSONG, zhe) && fontset_style(fs4, zhe) == FONT_KAI);
  CHECK("fonts 团 in the role's own face, not reported", tuan >= 0 && strstr(fontset_file(fs4, tuan), "gkai00mp")
        && !fontset_foreign(fs4, FONT_FANGSONG, tuan) && !fontset_foreign(fs4, FONT_SONG, tuan));
  CHECK("fonts absent xbs file: set in its substitute, noted with the file", fs4 && diag_errors(d4) == 0
        && diag_warnings(d4) == 0 && fontset_pick(fs4, FONT_XBS, 0x56E2) == fontset_pick(fs4, FONT_KAI, 0x56E2)
        && has_msg(d4, DIAG_NOTE, "/nonexistent/xbs.ttf is not installed") && !fontset_foreign(fs4, FONT_XBS, zhe));
  fontset_free(fs4);
  diag_free(d4);
  free(conf4);
  char *conf3 = scratch("syntax.conf", "song\nsilly /x.ttf\n", 17);
  diag_list *d3 = diag_new(conf3, 100);
  fontset *fs3 = fontset_load(conf3, d3);
  CHECK("fonts configuration syntax errors reported with their line", fs3 == NULL && diag_errors(d3) >= 2
        && diag_get(d3, 0)->place && strcmp(diag_get(d3, 0)->place, "1") == 0);
  fontset_free(fs3);
  diag_free(d3);
  free(conf2); free(conf3);
  free(real); free(cut); free(cff); free(text);
}

static unsigned get16(const char *p) { return (unsigned)(unsigned char)p[0] << 8 | (unsigned char)p[1]; }
static size_t get32(const char *p) { return (size_t)get16(p) << 16 | get16(p + 2); }

/* The same font with its format 4 cmap's last segment (U+FFFF, which maps
 * nothing) made unsound, start after end, must give the same answers as the
 * sound one everywhere in the BMP: HarfBuzz reads the cmap. */
static void check_cmap_search(void)
{
  size_t len = 0;
  char *real = read_file("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 64u << 20, &len);
  char *sub = NULL;   /* the (3,1) format 4 subtable */
  for (unsigned i = 0, ntab = real ? get16(real + 4) : 0; i < ntab && !sub; i++) {
    const char *r = real + 12 + 16 * i;
    if (memcmp(r, "cmap", 4) != 0) continue;
    char *cmap = real + get32(r + 8);
    for (unsigned k = 0, n = get16(cmap + 2); k < n && !sub; k++) {
      const char *e = cmap + 4 + 8 * k;
      if (get16(e) == 3 && get16(e + 2) == 1 && get16(cmap + get32(e + 4)) == 4) sub = cmap + get32(e + 4);
    }
  }
  unsigned nseg = sub ? get16(sub + 6) / 2 : 0;
  char *last_end = sub ? sub + 14 + 2 * (nseg - 1) : NULL, *last_start = sub ? last_end + 2 * nseg + 2 : NULL;
  CHECK("fonts gbsn00lp cmap ends with the U+FFFF segment",
        nseg > 100 && get16(last_end) == 0xFFFF && get16(last_start) == 0xFFFF);
  if (nseg <= 100) { free(real); return; }
  char *path = scratch("searched.ttf", real, len);
  last_end[1] = (char)0xFE;
  char *path2 = scratch("table.ttf", real, len);
  char *err = NULL;
  ttf_font *a = ttf_load(path, 0, &err), *b = ttf_load(path2, 0, &err);
  CHECK("fonts both copies load", a && b);
  unsigned differ = 0, mapped = 0;
  for (unsigned cp = 0; a && b && cp < 0x10000; cp++) {
    unsigned ga = ttf_glyph(a, cp);
    mapped += ga != 0;
    differ += ga != ttf_glyph(b, cp) || ttf_has(a, cp) != ttf_has(b, cp) || ttf_width(a, cp) != ttf_width(b, cp);
  }
  CHECK("fonts unsound last cmap segment changes no answer", a && b && mapped > 5000 && differ == 0);
  CHECK("fonts cmap: 团 and a", a && ttf_glyph(a, 0x56E2) != 0 && ttf_width(a, 0x56E2) == 1000
        && ttf_width(a, 'a') > 0 && ttf_width(a, 'a') < 1000 && !ttf_has(a, 0xFFFF) && ttf_glyph(a, 0x20000) == 0);
  ttf_free(a);
  ttf_free(b);
  free(err);
  free(path);
  free(path2);
  free(real);
}

int main(void)
{
  snprintf(dir, sizeof dir, "/tmp/rgfonts.XXXXXX");
  if (!mkdtemp(dir)) return 1;
  check_default();
  check_bad_files();
  check_cmap_search();
  char *cmd = xasprintf("rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("FAIL fonts cleanup\n");
  free(cmd);
  return test_status();
}
