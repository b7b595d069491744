/* fontsubset.h: per-document font subsets with HarfBuzz's hb-subset.
 *
 * libharu 2.3.0 spends 20–90 ms per font per document in HPDF_GetFont (a
 * linear cmap search over all 65,536 BMP code points, a quadratic /W array)
 * and embeds 55–500 KB of every font whatever the text. Given a font holding
 * only the glyphs a document draws, both costs vanish: measured on a page of
 * Chinese text, WenQuanYi Zen Hei went from 100 ms and 516 KB to 6 ms and
 * 18 KB. So the PDF writer hands libharu a subset made here for each document.
 *
 * Parsed faces are cached per process (one per file and face index). The
 * subset is put in an anonymous in-memory file (memfd) whose /proc/self/fd
 * path libharu can open like any font file. Output is deterministic. */
#ifndef REFORMGEN_FONTSUBSET_H
#define REFORMGEN_FONTSUBSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct fontsubset fontsubset;

typedef struct fontsubset_file {
  int fd;          /* -1 when closed */
  char path[48];   /* "/proc/self/fd/N": pass it to HPDF_LoadTTFontFromFile */
  size_t size;     /* bytes of the subset font */
} fontsubset_file;

/* Returns a new, empty cache of parsed faces; the caller frees it. */
fontsubset *fontsubset_new(void);
void fontsubset_free(fontsubset *c);

/* Makes a TrueType font with the glyphs of face `index` of `file` for the n
 * code points cps (unsorted, duplicates allowed), plus .notdef, without glyph
 * names (post format 3) and without hinting. Returns 0 with *out open, or -1
 * with a new message in *err (caller frees). Close out with fontsubset_close. */
int fontsubset_make(fontsubset *c, const char *file, int index, const uint32_t *cps, size_t n,
                    fontsubset_file *out, char **err);
void fontsubset_close(fontsubset_file *f);

#endif
