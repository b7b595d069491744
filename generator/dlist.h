/* dlist.h: the display list, laid-out pages as data.
 *
 * Layout (layout.h) writes it; renderers (the PDF writer pdf.h, the text
 * dump dl_dump, later OFD) only read it, through this header and fonts.h,
 * never through layout's own headers. Everything a renderer needs to put
 * every mark at the same place is here: pages of positioned glyph runs,
 * lines, rectangles, filled polygons and images, the bookmarks, the page
 * labels and the document information.
 *
 * Conventions:
 * - Lengths are in pt (1/72 in). Positions are measured from the TOP-LEFT
 *   corner of the page with y growing DOWNWARDS (PDF space is y = h - y).
 * - Colours are 0xRRGGBB, device RGB.
 * - A run's font is a font number of the fontset the document was laid out
 *   with (dl_doc.fonts, fonts.h): fontset_file and fontset_face name the
 *   TrueType file and face, fontset_glyph gives the glyph id of each
 *   character and fontset_width its advance; dl_glyphs walks a run glyph by
 *   glyph with the positions layout gave them.
 * - Painting order: items are listed in the order layout made them; a
 *   renderer paints them layer by layer (dl_layer, bottom to top) and, within
 *   a layer, in list order.
 *
 * Ownership: a dl_doc is made by layout_run and freed with dl_doc_free;
 * everything reachable from it (texts, points, images, titles) belongs to it. */
#ifndef REFORMGEN_DLIST_H
#define REFORMGEN_DLIST_H

#include <stddef.h>
#include <stdio.h>
#include "fonts.h"

typedef enum dl_kind {
  DL_TEXT,    /* a run of glyphs on one baseline, one font, size and colour */
  DL_LINE,    /* a straight stroked line */
  DL_RECT,    /* an axis-parallel rectangle, filled and/or stroked */
  DL_IMAGE,   /* a raster image scaled into a rectangle */
  DL_PATH     /* a closed polygon, filled (and stroked when lw > 0) */
} dl_kind;

typedef struct dl_item {
  /* A long document's pages hold millions of items: the fields one kind
   * uses share their room with another kind's, and a renderer reads only
   * the fields of the item's own kind. */
  unsigned char kind;  /* dl_kind */
  unsigned char bold;  /* DL_TEXT: filled and stroked with a line of 0.03 * size (the fonts have no bold face) */
  unsigned char furniture;   /* header, footer, page number, watermark: may lie outside the text block */
  unsigned char filled, stroked;   /* DL_RECT */
  union {
    int font;          /* DL_TEXT: font number in dl_doc.fonts */
    int image;         /* DL_IMAGE: index into dl_doc.images */
    int npts;          /* DL_PATH: the number of points */
  };
  unsigned color;      /* DL_TEXT: fill (and stroke when bold); DL_LINE, DL_RECT, DL_PATH: stroke */
  unsigned fill;       /* DL_RECT, DL_PATH: fill colour */
  double x, y;         /* DL_TEXT: start of the baseline; DL_LINE: from; DL_RECT, DL_IMAGE: top-left corner */
  union {
    struct {           /* DL_TEXT */
      double size;     /* font size (em) in pt */
      double cs;       /* extra space after every character but the last, in pt */
      double angle;    /* rotation in degrees, counter-clockwise, about (x, y) */
      double width;    /* advance of the run (cs included between characters) */
    };
    struct {           /* DL_LINE, DL_RECT, DL_IMAGE, DL_PATH */
      double x2, y2;   /* DL_LINE: to; DL_RECT, DL_IMAGE: width and height */
      double lw;       /* DL_LINE, stroked DL_RECT, DL_PATH: line width (DL_PATH: 0 = not stroked) */
    };
  };
  char *text;          /* DL_TEXT: the characters drawn, UTF-8, one glyph each; in the text store */
  double *pts;         /* DL_PATH: x0, y0, x1, y1, ... (npts points); owned by the item; NULL for other kinds */
} dl_item;

typedef struct dl_list { dl_item *v; int n, cap; } dl_list;

typedef struct dl_page {
  double w, h;              /* page size */
  double bx, by, bw, bh;    /* text block: left, top, width, height */
  int number;               /* page label: its number, 1-based, printed in decimal */
  int unnumbered;           /* blank, or only the 版记: no page number is printed on it (GB/T 9704) */
  dl_list items;
} dl_page;

typedef struct dl_line {    /* one set line of body text, kept for checks */
  int page;                 /* 0-based */
  double x, y;              /* start and baseline */
  double width;             /* inked advance from the first to the last character */
  double measure;           /* the width the line had to fill */
  double size;
  int justified;            /* spread to fill the measure */
  int last;                 /* the last line of its paragraph or cell */
  char *text;               /* UTF-8, in the text store */
} dl_line;

typedef struct dl_lines { dl_line *v; int n, cap; } dl_lines;   /* a growing array of lines */

/* A bookmark (outline entry): a heading's title, level 1.. and place. */
typedef struct dl_mark { char *title; int level, page; double y; } dl_mark;

/* An image as the file gave it: a checked PNG of w x h pixels. */
typedef struct dl_image { unsigned char *data; size_t len; unsigned w, h; } dl_image;

/* A block of the text store (private to dlist.c). */
typedef struct dl_chunk dl_chunk;

typedef struct dl_doc {
  const fontset *fonts;      /* the fonts the runs' numbers refer to; borrowed */
  dl_page *pages; int npages;
  dl_line *lines; int nlines, lcap;
  dl_mark *marks; int nmarks, mcap;
  dl_image *images; int nimages;
  char *title, *author, *subject, *keywords, *creator;   /* document information, or NULL */
  int created[3];            /* creation date: year, month, day; year 0 when unknown */
  int bookmarks;             /* show the bookmarks when the document opens */
  char *docno;               /* 文件编号 (the 文号) for the archival description (archive.h), or NULL */
  int pdfa;                  /* the template asks for an archive file (PDF/A-2b, OFD-A) */
  dl_chunk *texts;           /* the text store */
} dl_doc;

/* ---- reading ---- */

/* The painting layers, bottom to top: rotated text (the watermark) under
 * everything, fills, upright text, strokes, images. Items keep their order
 * within a layer; the layers give the picture of painting the items one by
 * one for what layout makes (backgrounds under text, rules and outlines over
 * backgrounds, a seal image over the signature) while letting all upright
 * text of a page share one text object. */
typedef enum dl_layer { DL_LAYER_UNDER, DL_LAYER_FILL, DL_LAYER_TEXT, DL_LAYER_STROKE, DL_LAYER_IMAGE,
                        DL_LAYERS } dl_layer;

/* Returns 1 when item it paints in layer (a filled and stroked rectangle
 * paints in two). Inline: a renderer asks it for every item and layer. */
static inline int dl_in_layer(const dl_item *it, dl_layer layer)
{
  switch (it->kind) {
  case DL_TEXT: return it->angle != 0 ? layer == DL_LAYER_UNDER : layer == DL_LAYER_TEXT;
  case DL_PATH: return layer == DL_LAYER_FILL;
  case DL_RECT: return (layer == DL_LAYER_FILL && it->filled) || (layer == DL_LAYER_STROKE && it->stroked);
  case DL_LINE: return layer == DL_LAYER_STROKE;
  case DL_IMAGE: return layer == DL_LAYER_IMAGE;
  }
  return 0;
}

/* One glyph of a run, as dl_glyphs gives it. */
typedef struct dl_glyph {
  unsigned cp;       /* the character */
  unsigned gid;      /* its glyph id in the run's font */
  double offset;     /* where its advance starts: distance in pt from the run's start (x, y) along
                      * the run's baseline (rotated with the run) */
  double advance;    /* the font's advance at the run's size, in pt, without cs */
} dl_glyph;

/* Calls each(&g, user) for every glyph of text run it, in order; the glyphs'
 * places are those layout set: 0, then each advance plus cs. Characters of
 * a run that its font lacks (none, when layout made it) give glyph id 0. Returns the
 * number of glyphs. */
int dl_glyphs(const dl_doc *d, const dl_item *it, void (*each)(const dl_glyph *g, void *user), void *user);

int dl_page_count(const dl_doc *d);

/* Writes a text dump of the pages (items and positions in pt), for tests. */
void dl_dump(const dl_doc *d, FILE *out);

/* ---- writing (layout only) ---- */

/* Returns a new, empty document for the fonts fs; free it with dl_doc_free. */
dl_doc *dl_doc_new(const fontset *fs);
void dl_doc_free(dl_doc *d);

/* Makes room in l for more items, so that adding them does not move it:
 * twice the room l had, or just enough when that is more. */
void dl_reserve(dl_list *l, int more);
/* Appends an item to a list and returns it (zeroed but for kind; an image's
 * index -1). */
dl_item *dl_add(dl_list *l, dl_kind kind);
/* Frees the items' points and the list's array; l is left empty. */
void dl_list_free(dl_list *l);
/* Appends a copy of src to l, moved by dy; the copy owns its own points
 * (its text, in the text store, is shared). When take, src's points move to
 * the copy instead. */
dl_item *dl_copy(dl_list *l, dl_item *src, double dy, int take);
/* dl_copy of each of the n items src[0..n), in one go. */
void dl_copy_all(dl_list *l, dl_item *src, int n, double dy, int take);

/* Returns room for n bytes in d's text store, freed with d: packing the many
 * short texts of runs and lines into large blocks saves a malloc and a free
 * for each. */
char *dl_text_room(dl_doc *d, size_t n);
/* Gives back the last unused bytes of the room of n bytes at p that
 * dl_text_room just returned, when it lies at the end of the current block. */
void dl_text_unused(dl_doc *d, const char *p, size_t n, size_t unused);

/* Adds a rectangle at (x, y) of w x h: filled with fill when filled, its
 * outline stroked in stroke when lw > 0. */
void dl_add_rect(dl_list *items, double x, double y, double w, double h, unsigned fill, int filled,
                 unsigned stroke, double lw);
/* Adds a line from (x1, y1) to (x2, y2). */
void dl_add_line(dl_list *items, double x1, double y1, double x2, double y2, unsigned color, double lw);

#endif
