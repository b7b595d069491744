/* ttf.h: a small, defensive TrueType reader for metrics. It checks a font file
 * (magic, size, the tables libharu relies on) before libharu ever sees it, and
 * reads the Unicode cmap (platform 3, encoding 1, format 4: the one libharu
 * 2.3.0 uses) and the horizontal metrics, so that layout can measure text
 * without marking glyphs as used in libharu. Widths are in 1/1000 em, computed
 * exactly as libharu computes the /W array (advance * 1000 / unitsPerEm). */
#ifndef REFORMGEN_TTF_H
#define REFORMGEN_TTF_H

#include <stddef.h>

#define TTF_MAX_FILE (64u * 1024 * 1024)   /* larger font files are refused */

typedef struct ttf_font ttf_font;

/* Opens face `face` of the TrueType file (or collection) at path and reads its
 * metrics. Returns a new ttf_font the caller frees with ttf_free, or NULL with
 * a new message in *err (caller frees) saying what is wrong with the file. */
ttf_font *ttf_load(const char *path, int face, char **err);
void ttf_free(ttf_font *f);

/* Returns 1 if the font maps code point cp (BMP only) to a real glyph. */
int ttf_has(const ttf_font *f, unsigned cp);
/* Returns the advance of cp in 1/1000 em (0 when the font lacks it). */
int ttf_width(const ttf_font *f, unsigned cp);
/* Returns the font's family name from the name table (borrowed; "" if none). */
const char *ttf_family(const ttf_font *f);

#endif
