/* ttf.h: a TrueType face opened through HarfBuzz (Debian libharfbuzz 6.0).
 * It checks a font file (a regular file of a sane size, the face present,
 * TrueType outlines, a Unicode cmap) before anything else uses it, and
 * answers for every Unicode code point (all cmap formats HarfBuzz reads, so
 * CJK Extension B and later too): the glyph, the advance, and what a PDF font
 * descriptor states (PostScript name, bounding box, ascent, descent, cap
 * height), so that layout measures text and the PDF states widths with the
 * same numbers. Widths are in 1/1000 em (advance * 1000 / unitsPerEm,
 * rounded down). */
#ifndef REFORMGEN_TTF_H
#define REFORMGEN_TTF_H

#include <hb.h>
#include <stddef.h>

#define TTF_MAX_FILE (64u * 1024 * 1024)   /* larger font files are refused */

typedef struct ttf_font ttf_font;

/* Opens face `face` of the TrueType file (or collection) at path. Returns a
 * new ttf_font the caller frees with ttf_free, or NULL with a new message in
 * *err (caller frees) saying what is wrong with the file. */
ttf_font *ttf_load(const char *path, int face, char **err);
void ttf_free(ttf_font *f);

/* Returns 1 if the font maps code point cp to a real glyph. */
int ttf_has(const ttf_font *f, unsigned cp);
/* Returns the glyph id of cp, 0 when the font lacks it. */
unsigned ttf_glyph(const ttf_font *f, unsigned cp);
/* Returns the advance of cp in 1/1000 em (0 when the font lacks it). */
int ttf_width(const ttf_font *f, unsigned cp);
/* Returns the font's family name (borrowed; "" if none). */
const char *ttf_family(const ttf_font *f);
/* The HarfBuzz face (borrowed), for subsetting. */
hb_face_t *ttf_face(const ttf_font *f);

/* What a PDF font descriptor says about the font; metrics in 1/1000 em. */
typedef struct ttf_info {
  char psname[64];      /* PostScript name (name id 6), or the family without spaces */
  int bbox[4];          /* head xMin yMin xMax yMax */
  int ascent, descent;  /* hhea */
  int cap_height;       /* OS/2 sCapHeight, or the ascent when absent */
} ttf_info;
const ttf_info *ttf_get_info(const ttf_font *f);

#endif
