/* layout_style.h: the style of an element of the document tree (font role,
 * size, line pitch, letter-spacing, indent, alignment, space around, keep),
 * from the element's own defaults, its attributes and what it inherits;
 * lengths with their units. Private to layout. */
#ifndef REFORMGEN_LAYOUT_STYLE_H
#define REFORMGEN_LAYOUT_STYLE_H

#include "layout_ctx.h"

/* Inherited style of an element. */
typedef struct lstyle {
  int role;                 /* font role (fonts.h) */
  double size, pitch, ls, indent, before, after;   /* pt; pitch 0: 1.5 * size */
  int bold, align, keep;
  unsigned color;
} lstyle;

enum { AL_LEFT, AL_CENTER, AL_RIGHT, AL_JUSTIFY };

/* The style of element n (inherited from its ancestors), remembered for n
 * and its ancestors once lo_style_remember has been called. */
lstyle lo_style(lctx *c, xmlNode *n);
/* From now on lo_style remembers the styles it works out: call it once the
 * document's grid (c->grid ...) is known. */
void lo_style_remember(lctx *c);
/* Turns *st, the style of n's parent, into the style of n, without
 * remembering it: for an element whose style is asked for once (a table cell
 * holding only text: its text takes the style lo_inline_measure is given). */
void lo_child_style(lctx *c, xmlNode *n, lstyle *st);
/* Parses a length attribute of n ("16pt", "37mm", "2em", "1.5lines", a bare
 * number in pt; em and lines after st, or 12 and 18 pt when st is NULL);
 * returns def when absent or bad (bad: reported once per element and
 * attribute). */
double lo_len_attr(lctx *c, xmlNode *n, const char *attr, const lstyle *st, double def);
/* A colour name (black, red, white, gray) or #RRGGBB as 0xRRGGBB; def when
 * s is NULL or neither. */
unsigned lo_color(const char *s, unsigned def);
/* The line pitch of st and its character pitch (size plus letter-spacing). */
double lo_pitch(const lstyle *st);
double lo_em(const lstyle *st);
/* Frees the style state of c. */
void lo_style_done(lctx *c);

#endif
