/* fontsubset.h: per-document font subsets with HarfBuzz's hb-subset.
 *
 * Every PDF embeds, for each font it uses, a TrueType font holding only the
 * glyphs the document draws (plus .notdef), without hinting and without glyph
 * names: a page of Chinese text in WenQuanYi Zen Hei embeds 18 KB instead of
 * the whole 516 KB face. The caller learns the new glyph id of each code point
 * so that it can write glyph ids (CIDToGIDMap) and widths (/W) itself.
 *
 * Parsed faces are cached per process (one per file and face index). Output
 * is deterministic. */
#ifndef REFORMGEN_FONTSUBSET_H
#define REFORMGEN_FONTSUBSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct fontsubset fontsubset;

/* A subset font file in memory; release it with fontsubset_release. */
typedef struct fontsubset_font {
  const unsigned char *data;
  size_t len;
  void *blob;       /* the HarfBuzz blob that owns data */
} fontsubset_font;

/* Returns a new, empty cache of parsed faces; the caller frees it. */
fontsubset *fontsubset_new(void);
void fontsubset_free(fontsubset *c);

/* Makes a TrueType font with the glyphs of face `index` of `file` for the n
 * code points cps (duplicates allowed) and sets gids[i] to the glyph id of
 * cps[i] in it (0, .notdef, when the face lacks the character). Returns 0 with
 * *out set, or -1 with a new message in *err (caller frees). */
int fontsubset_make(fontsubset *c, const char *file, int index, const uint32_t *cps, size_t n,
                    uint16_t *gids, fontsubset_font *out, char **err);
void fontsubset_release(fontsubset_font *f);

#endif
