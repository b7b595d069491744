/* fontsubset.h: per-document TrueType font subsets, made by HarfBuzz's
 * hb-subset (Debian libharfbuzz-subset0 6.0).
 *
 * Every PDF embeds, for each font it uses, a TrueType font holding only the
 * glyphs of the characters drawn (plus .notdef and the parts of composite
 * glyphs), without hinting: a page of Chinese text in WenQuanYi Zen Hei
 * embeds a few KB instead of the whole 516 KB face. The subset holds the
 * tables a PDF's CIDFontType2 reads (PDF 32000-1, 9.9: head, hhea, maxp,
 * hmtx, loca, glyf), OS/2 and a format 3 post for viewers that look, and a
 * cmap of the characters (any plane) so that the embedded font can be checked
 * on its own; the PDF itself maps CIDs to glyphs (CIDToGIDMap). Output is
 * deterministic. */
#ifndef REFORMGEN_FONTSUBSET_H
#define REFORMGEN_FONTSUBSET_H

#include "ttf.h"

#include <stddef.h>
#include <stdint.h>

/* A subset font file in memory; release it with fontsubset_release. */
typedef struct fontsubset_font {
  const unsigned char *data;
  size_t len;
  hb_blob_t *blob;   /* owns data */
} fontsubset_font;

/* Makes a TrueType font with the glyphs of the characters cps[0..n) of font
 * (duplicates allowed) and sets gids[i] to the id of cps[i]'s glyph in it, 0
 * when the font lacks the character. Returns 0 with *out set, or -1 with a
 * new message in *err (caller frees) when HarfBuzz cannot subset the face. */
int fontsubset_make(const ttf_font *font, const uint32_t *cps, size_t n, uint16_t *gids,
                    fontsubset_font *out, char **err);
void fontsubset_release(fontsubset_font *f);

#endif
