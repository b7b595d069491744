/* fonts.c: the font configuration, fallback chains and metrics (fonts.h).
 *
 * fonts.conf is a line-oriented text file ('#' starts a comment):
 *   ROLE FILE [FACE] [broken=U+XXXX,U+XXXX-U+YYYY] [style=ROLE]   add a font to ROLE's chain
 *   fallback FILE [FACE] [broken=...] [style=ROLE]                add a font to every chain's end
 *   ROLE substitute OTHER          set ROLE with OTHER's fonts when ROLE's first file is absent
 * A relative FILE is taken from the configuration file's folder. `broken`
 * lists characters the font has but draws wrongly; they go to the next font.
 * A font's style is the role of the first line naming it (or style=); a
 * character set in a font of another style than its role's is reported by
 * layout (fontset_foreign). */
#include "fonts.h"
#include "ttf.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FONTS_MAX 16
#define CHAIN_MAX 8
#define BROKEN_MAX 32

typedef struct font_entry {
  char *file;
  int face;
  ttf_font *ttf;
  unsigned broken[BROKEN_MAX][2];   /* ranges [lo, hi] drawn wrongly */
  int nbroken;
  int style;        /* the role whose style the face has (style=, or its first role line); -1 none */
} font_entry;

struct fontset {
  font_entry fonts[FONTS_MAX];
  int nfonts;
  int chain[FONT_ROLES][CHAIN_MAX];
  int nchain[FONT_ROLES];
  unsigned char foreign[FONT_ROLES][FONTS_MAX];   /* 1: the font's style is not the role's */
};

static const char *const ROLE_NAMES[FONT_ROLES] = { "song", "hei", "kai", "fangsong", "xbs" };
static const char *const ROLE_CHINESE[FONT_ROLES] = { "宋体", "黑体", "楷体", "仿宋", "小标宋" };

int fontset_role(const char *name)
{
  for (int i = 0; i < FONT_ROLES; i++)
    if (strcmp(name, ROLE_NAMES[i]) == 0) return i;
  return -1;
}

/* Parses "U+2236,U+3220-U+3229" into e->broken. Returns 0 or -1. */
static int parse_broken(font_entry *e, const char *s)
{
  while (*s) {
    unsigned lo, hi;
    int n = 0;
    if (sscanf(s, "U+%x%n", &lo, &n) != 1) return -1;
    s += n;
    hi = lo;
    if (*s == '-') {
      if (sscanf(s, "-U+%x%n", &hi, &n) != 1 || hi < lo) return -1;
      s += n;
    }
    if (e->nbroken == BROKEN_MAX) return -1;
    e->broken[e->nbroken][0] = lo;
    e->broken[e->nbroken][1] = hi;
    e->nbroken++;
    if (*s == ',') s++;
    else if (*s) return -1;
  }
  return 0;
}

/* Returns the index of the font (file, face), loading it if new, or -1 after
 * adding a diagnostic. */
static int add_font(fontset *fs, const char *file, int face, const char *conf, const char *place,
                    diag_list *d)
{
  for (int i = 0; i < fs->nfonts; i++)
    if (strcmp(fs->fonts[i].file, file) == 0 && fs->fonts[i].face == face) return i;
  if (fs->nfonts == FONTS_MAX) {
    diag_add_file(d, DIAG_ERROR, conf, place, "more than %d fonts", FONTS_MAX);
    return -1;
  }
  char *err = NULL;
  ttf_font *t = ttf_load(file, face, &err);
  if (!t) {
    diag_add_file(d, DIAG_WARNING, conf, place, "%s; font skipped", err);
    free(err);
    return -1;
  }
  font_entry *e = &fs->fonts[fs->nfonts];
  e->file = xstrdup(file);
  e->face = face;
  e->ttf = t;
  e->style = -1;
  return fs->nfonts++;
}

static void chain_add(fontset *fs, int role, int font)
{
  for (int i = 0; i < fs->nchain[role]; i++)
    if (fs->chain[role][i] == font) return;
  if (fs->nchain[role] < CHAIN_MAX) fs->chain[role][fs->nchain[role]++] = font;
}

/* Reads the options after FILE [FACE] of a font line into font f: broken=
 * and style=. Returns 0, or -1 after adding an error. */
static int font_options(fontset *fs, int f, char **tok, int nt, const char *conf, const char *place,
                        diag_list *d)
{
  for (int i = 0; i < nt; i++) {
    if (strncmp(tok[i], "broken=", 7) == 0 && parse_broken(&fs->fonts[f], tok[i] + 7) == 0) continue;
    if (strncmp(tok[i], "style=", 6) == 0 && fontset_role(tok[i] + 6) >= 0) {
      if (fs->fonts[f].style < 0) fs->fonts[f].style = fontset_role(tok[i] + 6);
      continue;
    }
    diag_add_file(d, DIAG_ERROR, conf, place, "expected broken=U+XXXX[-U+YYYY],... or style=ROLE, not '%s'", tok[i]);
    return -1;
  }
  return 0;
}

fontset *fontset_load(const char *conf_path, diag_list *d)
{
  size_t len;
  char *text = read_file(conf_path, 1 << 20, &len);
  if (!text) {
    diag_add_file(d, DIAG_ERROR, conf_path, NULL, "cannot read the font configuration");
    return NULL;
  }
  fontset *fs = xcalloc(1, sizeof *fs);
  int subst[FONT_ROLES], fallback[CHAIN_MAX], nfallback = 0, lineno = 0, bad = 0;
  int lines[FONT_ROLES] = {0}, first_failed[FONT_ROLES] = {0};
  char *absent[FONT_ROLES] = {0};   /* the role's first file, when it is not installed */
  for (int i = 0; i < FONT_ROLES; i++) subst[i] = -1;
  char *dirend = strrchr(conf_path, '/');
  char *dir = dirend ? xstrndup(conf_path, (size_t)(dirend - conf_path)) : xstrdup(".");
  for (char *line = text, *next; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = '\0';
    lineno++;
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *tok[6];
    int nt = 0;
    for (char *s = strtok(line, " \t\r"); s && nt < 6; s = strtok(NULL, " \t\r")) tok[nt++] = s;
    if (nt == 0) continue;
    char place[32];
    snprintf(place, sizeof place, "%d", lineno);
    int role = fontset_role(tok[0]);
    int is_fallback = strcmp(tok[0], "fallback") == 0;
    if ((role < 0 && !is_fallback) || nt < 2) {
      diag_add_file(d, DIAG_ERROR, conf_path, place,
                    "expected 'ROLE FILE [FACE]', 'fallback FILE [FACE]' or 'ROLE substitute OTHER'"
                    " (roles: %s)", FONT_ROLE_LIST);
      bad = 1;
      continue;
    }
    if (role >= 0 && strcmp(tok[1], "substitute") == 0) {
      int other = nt >= 3 ? fontset_role(tok[2]) : -1;
      if (other < 0 || other == role) {
        diag_add_file(d, DIAG_ERROR, conf_path, place, "substitute needs another role name");
        bad = 1;
      } else subst[role] = other;
      continue;
    }
    int face = 0, ti = 2;
    if (nt > 2 && !strchr(tok[2], '=')) {
      char *end;
      long v = strtol(tok[2], &end, 10);
      if (*end || v < 0 || v > 255) {
        diag_add_file(d, DIAG_ERROR, conf_path, place, "bad face index '%s'", tok[2]);
        bad = 1;
        continue;
      }
      face = (int)v;
      ti = 3;
    }
    char *file = tok[1][0] == '/' ? xstrdup(tok[1]) : xasprintf("%s/%s", dir, tok[1]);
    int first = role >= 0 && lines[role]++ == 0;
    int f;
    if (role >= 0 && access(file, F_OK) != 0) {   /* not installed: said with the substitute */
      if (first) { first_failed[role] = 1; absent[role] = xstrdup(file); }
      f = -1;
    } else {
      f = add_font(fs, file, face, conf_path, place, d);
      if (f < 0 && first) first_failed[role] = 1;
    }
    if (f >= 0 && fs->fonts[f].style < 0 && role >= 0) fs->fonts[f].style = role;
    free(file);
    if (f < 0) continue;
    if (font_options(fs, f, tok + ti, nt - ti, conf_path, place, d) != 0) bad = 1;
    if (is_fallback) { if (nfallback < CHAIN_MAX) fallback[nfallback++] = f; }
    else chain_add(fs, role, f);
  }
  if (lines[FONT_XBS] == 0 && subst[FONT_XBS] < 0) subst[FONT_XBS] = FONT_SONG;   /* older files */
  int home[FONT_ROLES];   /* the role whose style each role's text is set in */
  for (int r = 0; r < FONT_ROLES; r++) {
    home[r] = r;
    if (subst[r] < 0) continue;
    int o = subst[r];
    if (subst[o] >= 0) {
      diag_add_file(d, DIAG_ERROR, conf_path, NULL, "substitute chains are not allowed (%s)", ROLE_NAMES[r]);
      bad = 1;
      continue;
    }
    if (fs->nchain[r] > 0 && !first_failed[r]) continue;   /* the role's own fonts are there */
    fs->nchain[r] = 0;
    home[r] = o;
    for (int i = 0; i < fs->nchain[o]; i++) chain_add(fs, r, fs->chain[o][i]);
    if (absent[r])
      diag_add_file(d, DIAG_NOTE, conf_path, NULL,
                    "%s (%s) is set in %s (%s): %s is not installed (make deps converts it)",
                    ROLE_CHINESE[r], ROLE_NAMES[r], ROLE_CHINESE[o], ROLE_NAMES[o], absent[r]);
    else
      diag_add_file(d, DIAG_NOTE, conf_path, NULL,
                    "%s (%s) is set in %s (%s): no font for it is configured; "
                    "point '%s' at a TrueType file in this file to use one",
                    ROLE_CHINESE[r], ROLE_NAMES[r], ROLE_CHINESE[o], ROLE_NAMES[o], ROLE_NAMES[r]);
  }
  for (int r = 0; r < FONT_ROLES; r++) {
    if (absent[r] && home[r] == r)
      diag_add_file(d, DIAG_WARNING, conf_path, NULL, "font file %s of %s (%s) is not installed; font skipped",
                    absent[r], ROLE_CHINESE[r], ROLE_NAMES[r]);
    free(absent[r]);
    for (int i = 0; i < nfallback; i++) chain_add(fs, r, fallback[i]);
    if (fs->nchain[r] == 0) {
      diag_add_file(d, DIAG_ERROR, conf_path, NULL, "no usable font for role %s (%s)",
                    ROLE_NAMES[r], ROLE_CHINESE[r]);
      bad = 1;
    }
    for (int i = 0; i < fs->nchain[r]; i++) {
      const font_entry *e = &fs->fonts[fs->chain[r][i]];
      fs->foreign[r][fs->chain[r][i]] = e->style != home[r];
    }
  }
  free(dir);
  free(text);
  if (bad) { fontset_free(fs); return NULL; }
  return fs;
}

void fontset_free(fontset *fs)
{
  if (!fs) return;
  for (int i = 0; i < fs->nfonts; i++) {
    free(fs->fonts[i].file);
    ttf_free(fs->fonts[i].ttf);
  }
  free(fs);
}

static int is_broken(const font_entry *e, unsigned cp)
{
  for (int i = 0; i < e->nbroken; i++)
    if (cp >= e->broken[i][0] && cp <= e->broken[i][1]) return 1;
  return 0;
}

int fontset_pick(const fontset *fs, int role, unsigned cp)
{
  if (role < 0 || role >= FONT_ROLES || cp > 0x10FFFF) return -1;
  for (int i = 0; i < fs->nchain[role]; i++) {
    const font_entry *e = &fs->fonts[fs->chain[role][i]];
    if (ttf_has(e->ttf, cp) && !is_broken(e, cp)) return fs->chain[role][i];
  }
  return -1;
}

int fontset_foreign(const fontset *fs, int role, int font)
{
  return role >= 0 && role < FONT_ROLES && font >= 0 && font < fs->nfonts && fs->foreign[role][font];
}

const char *fontset_role_chinese(int role) { return role >= 0 && role < FONT_ROLES ? ROLE_CHINESE[role] : ""; }

int fontset_style(const fontset *fs, int font) { return fs->fonts[font].style; }

const char *fontset_family(const fontset *fs, int font) { return ttf_family(fs->fonts[font].ttf); }

int fontset_width(const fontset *fs, int font, unsigned cp) { return ttf_width(fs->fonts[font].ttf, cp); }
unsigned fontset_glyph(const fontset *fs, int font, unsigned cp) { return ttf_glyph(fs->fonts[font].ttf, cp); }
const ttf_font *fontset_ttf(const fontset *fs, int font) { return fs->fonts[font].ttf; }

const ttf_info *fontset_info(const fontset *fs, int font) { return ttf_get_info(fs->fonts[font].ttf); }
int fontset_font_count(const fontset *fs) { return fs->nfonts; }
const char *fontset_file(const fontset *fs, int font) { return fs->fonts[font].file; }
int fontset_face(const fontset *fs, int font) { return fs->fonts[font].face; }
