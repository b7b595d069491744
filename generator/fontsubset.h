/* fontsubset.h: per-document TrueType font subsets.
 *
 * Every PDF embeds, for each font it uses, a TrueType font holding only the
 * glyphs drawn (plus .notdef and the parts of composite glyphs), without
 * hinting: a page of Chinese text in WenQuanYi Zen Hei embeds 18 KB instead of
 * the whole 516 KB face. The subset holds the tables a PDF's CIDFontType2
 * reads (PDF 32000-1, 9.9: head, hhea, maxp, hmtx, loca, glyf) and, for
 * viewers that look, OS/2 and a format 3 post; no cmap, since the PDF maps
 * CIDs to glyphs itself (CIDToGIDMap). The caller learns the new glyph id of
 * each glyph it asked for.
 *
 * Faces are mapped from their files once and kept (one per file and face
 * index). Output is deterministic. */
#ifndef REFORMGEN_FONTSUBSET_H
#define REFORMGEN_FONTSUBSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct fontsubset fontsubset;

/* A subset font file in memory; release it with fontsubset_release. */
typedef struct fontsubset_font {
  const unsigned char *data;
  size_t len;
  unsigned char *buf;   /* owns data */
} fontsubset_font;

/* Returns a new, empty cache of faces; the caller frees it. */
fontsubset *fontsubset_new(void);
void fontsubset_free(fontsubset *c);

/* Makes a TrueType font with the glyphs glyphs[0..n) of face `index` of
 * `file` (glyph ids of that face; duplicates allowed) and sets gids[i] to the
 * id of glyphs[i] in it: ids follow the order of first appearance, after
 * .notdef (0); glyph 0 and ids the face lacks become 0. Returns 0 with *out
 * set, or -1 with a new message in *err (caller frees) when the file cannot be
 * read or is damaged. */
int fontsubset_make(fontsubset *c, const char *file, int index, const uint16_t *glyphs, size_t n,
                    uint16_t *gids, fontsubset_font *out, char **err);
void fontsubset_release(fontsubset_font *f);

#endif
