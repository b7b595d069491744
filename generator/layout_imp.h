/* layout_imp.h: the display list and the layout internals shared by the
 * layout files (layout.c, layout_table.c, chart.c), the PDF writer and tests.
 * Not part of any other module's contract.
 *
 * Coordinates are in pt with the origin at the top-left corner of the page and
 * y growing downwards; pdf.c turns them into PDF space. */
#ifndef REFORMGEN_LAYOUT_IMP_H
#define REFORMGEN_LAYOUT_IMP_H

#include <stddef.h>
#include <libxml/tree.h>
#include "diag.h"
#include "fonts.h"
#include "layout.h"

typedef enum dl_kind { DL_TEXT, DL_LINE, DL_RECT, DL_IMAGE, DL_PATH } dl_kind;

typedef struct dl_item {
  dl_kind kind;
  int font;            /* DL_TEXT: font number in the fontset */
  int bold;            /* DL_TEXT: fill and stroke (the fonts have no bold face) */
  int furniture;       /* header, footer, page number, watermark: may lie outside the text block */
  double size;         /* DL_TEXT: font size */
  double cs;           /* DL_TEXT: extra space after every character */
  double angle;        /* DL_TEXT: rotation in degrees, counter-clockwise */
  double x, y;         /* DL_TEXT: baseline start; DL_LINE: from; DL_RECT, DL_IMAGE: top-left */
  double x2, y2;       /* DL_LINE: to; DL_RECT, DL_IMAGE: width and height */
  double width;        /* DL_TEXT: advance of the run (cs included between characters) */
  double lw;           /* DL_LINE and stroked DL_RECT: line width */
  unsigned color;      /* 0xRRGGBB: text or stroke */
  unsigned fill;       /* DL_RECT: fill colour */
  int filled, stroked; /* DL_RECT */
  int image;           /* DL_IMAGE: index into layout_doc.images */
  char *text;          /* DL_TEXT: UTF-8, in the layout's text store (shared by copies) */
  double *pts;         /* DL_PATH: x0, y0, x1, y1, ... a closed polygon filled with `fill`; owned */
  int npts;            /* DL_PATH: number of points */
} dl_item;

typedef struct dl_list { dl_item *v; int n, cap; } dl_list;

typedef struct dl_page {
  double w, h;              /* page size */
  double bx, by, bw, bh;    /* text block: left, top, width, height */
  int number;               /* page number (1-based, continues across sections) */
  int unnumbered;           /* blank, or only the 版记: no page number printed (GB/T 9704) */
  dl_list items;
} dl_page;

typedef struct dl_line {     /* one set line of body text, kept for checks */
  int page;
  double x, y, width, measure, size;
  int justified, last;
  char *text;                /* UTF-8, in the layout's text store */
} dl_line;

typedef struct dl_lines { dl_line *v; int n, cap; } dl_lines;   /* a growing array of lines */

typedef struct dl_mark { char *title; int level, page; double y; } dl_mark;

typedef struct dl_image { unsigned char *data; size_t len; unsigned w, h; } dl_image;

/* A block of the text store: the texts of a layout's runs and lines are
 * packed into these, all freed with the layout (layout_free). */
typedef struct dl_chunk dl_chunk;

struct layout_doc {
  dl_page *pages; int npages;
  dl_line *lines; int nlines, lcap;
  dl_mark *marks; int nmarks, mcap;
  dl_image *images; int nimages;
  char *title, *author, *subject, *keywords, *creator;
  int created[3];            /* year, month, day; year 0 when unknown */
  int bookmarks;
  dl_chunk *texts;           /* the text store */
};

/* ---- inside layout: pieces of flow ---- */

/* A piece is the unit of pagination: a line of a paragraph, a table row, a
 * chart. Its items, lines and marks have y relative to the piece's top. */
typedef struct piece {
  double h, before;
  int keep_next;            /* no page break between this piece and the next */
  int force_break;          /* a page break before this piece */
  int bottom;               /* place at the bottom of the page (colophon) */
  int table;                /* table number, -1 if none */
  int is_header;            /* a table's header rows */
  int section;
  dl_list items;
  dl_line *lines; int nlines;
  dl_mark *marks; int nmarks;
} piece;

typedef struct flow { piece *v; int n, cap; } flow;

/* Inherited style of an element. */
typedef struct lstyle {
  int role;
  double size, pitch, ls, indent, before, after;
  int bold, align, keep;
  unsigned color;
} lstyle;

enum { AL_LEFT, AL_CENTER, AL_RIGHT, AL_JUSTIFY };

typedef struct lctx lctx;

/* Makes room in l for more items, so that adding them does not move it. */
void dl_reserve(dl_list *l, int more);
/* Appends an item to a list and returns it (zeroed but for kind). */
dl_item *dl_add(dl_list *l, dl_kind kind);
void dl_list_free(dl_list *l);
/* Appends a copy of src to l, moved by dy; the copy owns its own points
 * (its text, in the text store, is shared). When take, src's points move to
 * the copy instead. */
dl_item *dl_copy(dl_list *l, dl_item *src, double dy, int take);
/* dl_copy of each of the n items src[0..n), in one go. */
void dl_copy_all(dl_list *l, dl_item *src, int n, double dy, int take);
/* Starts a new piece at the end of f and returns it. */
piece *flow_add(flow *f, lctx *c);

/* The style of element n (inherited from its ancestors), remembered for n
 * and its ancestors. */
lstyle lo_style(lctx *c, xmlNode *n);
/* Turns *st, the style of n's parent, into the style of n, without
 * remembering it: for an element whose style is asked for once (a table cell
 * holding only text: its text takes the style lo_inline_measure is given). */
void lo_child_style(lctx *c, xmlNode *n, lstyle *st);
/* Parses a length attribute of n; returns def when absent or bad. */
double lo_len_attr(lctx *c, xmlNode *n, const char *attr, const lstyle *st, double def);
/* Returns the width in pt of UTF-8 text in role at size (fallback applied). */
double lo_text_width(lctx *c, int role, double size, const char *text);
/* Adds text runs for a one-line UTF-8 label at (x, baseline y) aligned on x
 * (AL_LEFT, AL_CENTER, AL_RIGHT). Returns its width. */
double lo_label(lctx *c, dl_list *items, double x, double y, const char *text, int role,
                double size, unsigned color, int align);
void lo_rect(dl_list *items, double x, double y, double w, double h, unsigned fill, int filled,
             unsigned stroke, double lw);
void lo_line(dl_list *items, double x1, double y1, double x2, double y2, unsigned color, double lw);
/* Sets the inline content of n as lines of width measure (first line indented
 * by indent) and appends one piece per line to f, at left edge x. */
void lo_paragraph(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure,
                  int record);
/* Inline contents gathered once (characters with their fonts, widths and
 * the places a line may break), so that a table reads each cell from the
 * tree once, to measure it and to set it. */
typedef struct lo_inline lo_inline;
void lo_inline_free(lo_inline *keep);

/* Lays out the inline content of n into a list of items inside a box (a
 * table cell), appending its lines to lines unless that is NULL; returns the
 * height used. kept >= 0 is n's content in keep (as lo_inline_measure kept
 * it); -1 gathers it now. st is n's style (lo_style, or lo_child_style of a
 * cell), its layout fields (align, indent) changed or not; lo_paragraph and
 * lo_inline_measure take it alike. */
double lo_inline_box(lctx *c, dl_list *items, xmlNode *n, const lo_inline *keep, int kept,
                     const lstyle *st, double x, double y, double width, dl_lines *lines);
/* Returns the natural (unbroken) width and the widest unbreakable unit of n's
 * inline content. When keep is not NULL, also adds that content to *keep (a
 * new lo_inline when *keep is NULL, freed with lo_inline_free) and sets
 * *kept to its number there for lo_inline_box; or sets *kept to -1 when
 * gathering it reported anything (a character in no font, too deep nesting):
 * setting then gathers it again, so that reports and counts stay as they
 * were. */
void lo_inline_measure(lctx *c, xmlNode *n, const lstyle *st, double *natural, double *unit,
                       lo_inline **keep, int *kept);
/* Adds space below the block just laid out (before the next one). */
void lo_space_after(lctx *c, double after);
void lo_error(lctx *c, xmlNode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void lo_warn(lctx *c, xmlNode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
unsigned lo_color(const char *s, unsigned def);
/* Returns a new copy of n's attribute or NULL. */
char *lo_attr(xmlNode *n, const char *name);
/* Returns 1 when lo_attr(n, anything) is NULL: no attribute is written on n
 * and no DTD can supply one. */
int lo_attrless(const xmlNode *n);
/* Registers a new table; returns its number. Its header piece (a flow index)
 * is repeated at the top of every page the table continues on when repeat;
 * when bottom_rule > 0 a rule that thick closes the table on every page
 * (three-line tables), across x .. x + width. */
int lo_table_new(lctx *c, int repeat, double x, double width, double bottom_rule);
void lo_table_set_header(lctx *c, int table, int flow_index);

/* layout_table.c: appends the pieces of a table. */
void lo_table(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure, double page_h);
/* chart.c: appends one piece holding a chart. */
void lo_chart(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure);

#endif
