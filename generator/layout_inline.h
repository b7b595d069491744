/* layout_inline.h: setting text. The inline content of an element becomes
 * characters with their fonts (the fallback chain, fonts.h), widths and break
 * opportunities (linebreak.h), broken into lines, justified or aligned, and
 * emitted as glyph runs (dlist.h). Paragraphs, headings and list items as
 * pieces of flow; text in a box (a table cell, a header); one-line labels
 * (charts, page numbers). Private to layout. */
#ifndef REFORMGEN_LAYOUT_INLINE_H
#define REFORMGEN_LAYOUT_INLINE_H

#include "layout_style.h"

/* Sets the inline content of n as lines of width measure (first line indented
 * by st->indent; an <item> hangs after its list's marker; a <heading> starts
 * with its number and makes a bookmark) and appends one piece per line to f,
 * at left edge x. The lines are recorded for checks when record. */
void lo_paragraph(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure,
                  int record);

/* Lays out the inline content of n into a list of items inside a box (a
 * table cell), appending its lines to lines unless that is NULL; returns the
 * height used. st is n's style (lo_style, or lo_child_style of a cell), its
 * layout fields (align, indent) changed or not; lo_paragraph and
 * lo_inline_measure take it alike. */
double lo_inline_box(lctx *c, dl_list *items, xmlNode *n, const lstyle *st, double x, double y,
                     double width, dl_lines *lines);
/* Returns the natural (unbroken) width and the widest unbreakable unit of n's
 * inline content. A table measures its cells and sets them later, gathering
 * each content twice: keeping what measuring gathered would hold a long
 * table's every character at once. */
void lo_inline_measure(lctx *c, xmlNode *n, const lstyle *st, double *natural, double *unit);
/* Returns the width in pt of UTF-8 text in role at size (fallback applied). */
double lo_text_width(lctx *c, int role, double size, const char *text);
/* Adds text runs for a one-line UTF-8 label at (x, baseline y) aligned on x
 * (AL_LEFT, AL_CENTER, AL_RIGHT). Returns its width. */
double lo_label(lctx *c, dl_list *items, double x, double y, const char *text, int role,
                double size, unsigned color, int align);
/* The baseline of a line of pitch set in st, whose largest character is
 * max_size, below the line's top. */
double lo_baseline(const lstyle *st, double pitch, double max_size);

/* Reports how often each character in no font occurred (each was reported
 * once where first met). */
void lo_inline_report(lctx *c);
/* Frees the setting state of c. */
void lo_inline_done(lctx *c);

#endif
