/* docfont.h: the characters one document draws in one font, for the
 * renderers that embed a subset of it (pdf.c, ofd.c): each character once,
 * and its place in code-point order, which is its CID in the PDF and its
 * place in the font subset both renderers ask fontsubset_make for. */
#ifndef REFORMGEN_DOCFONT_H
#define REFORMGEN_DOCFONT_H

#include <stddef.h>
#include <stdint.h>

typedef struct docfont {
  uint32_t *cps;    /* the distinct code points drawn; in code-point order once sorted */
  size_t n, cap;
  uint16_t *place;  /* 65,536 entries: 1 + the place of a BMP code point, 0 = not drawn;
                     * kept across documents (beyond the BMP, cps itself is searched) */
  int sorted;
} docfont;

/* Notes cp as drawn (U+FFFF, a non-character, and values beyond U+10FFFF
 * are not characters: left out). */
void docfont_note(docfont *f, uint32_t cp);
/* Puts the characters in code-point order: their places from now on. */
void docfont_sort(docfont *f);
/* 1 + the place of cp, 0 when the document does not draw it in f. */
unsigned docfont_place(const docfont *f, uint32_t cp);
/* Forgets the document's characters (the table is cleared entry by entry,
 * for the next document). */
void docfont_clear(docfont *f);
void docfont_free(docfont *f);

#endif
