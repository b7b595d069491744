/* layout_ctx.h: what the layout files share, below all of them: the layout
 * context (lctx), the flow of pieces that blocks make and pagination places,
 * the document tree's element names as layout knows them, attributes and
 * diagnostics. Private to layout (layout*.c, chart.c); renderers read
 * dlist.h instead.
 *
 * The layout files depend on each other in one direction only:
 *
 *   layout.c (pages) -> layout_block -> layout_table, chart -> layout_inline
 *     -> layout_style -> layout_ctx -> dlist
 *
 * Coordinates are in pt from the top-left corner, y downwards (dlist.h). */
#ifndef REFORMGEN_LAYOUT_CTX_H
#define REFORMGEN_LAYOUT_CTX_H

#include <stddef.h>
#include <libxml/tree.h>
#include "diag.h"
#include "doctree.h"
#include "dlist.h"
#include "fonts.h"

#define MM 2.834645669             /* pt per mm */
#define ASCENT 0.88                /* baseline below the em box top, in em */
#define MAX_DEPTH 48               /* nesting of elements in the tree */

/* The state of one layout_run. Each layout file keeps its own state behind a
 * pointer of its own (made on first use, freed by its *_done function). */
typedef struct lctx {
  fontset *fs;
  diag_list *d;
  xmlDocPtr tree;
  int take;                          /* a table's rows are freed once set, and the set lines of
                                        body text are not kept in the document (layout_run_take) */
  xmlNode *root;
  dl_doc *doc;                       /* the display list being made */
  int grid;                          /* the document is set on a line and character grid */
  double grid_pitch, grid_ls;
  /* tables (layout_table.c registers them, pagination reads them) */
  int *theader, *trepeat, ntables;
  double *tx, *tw, *trule;
  struct flow *conts;                /* continuation rows ("单位（续）"), repeated only: piece.cont */
  int pending_break;                 /* a page break before the next piece */
  double pending_after;              /* space before the next piece */
  double page_h;                     /* height of the text block being filled */
  const char *pn_text, *pc_text;     /* page number and count while setting furniture */
  struct lo_styles *styles;          /* layout_style.c */
  struct lo_setter *setter;          /* layout_inline.c */
} lctx;

/* ---- pieces of flow ---- */

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
  int cont;                 /* when this piece starts a page: c->conts->v[cont - 1] is copied
                             * above it, under the repeated header (0: none) */
  dl_list items;
  dl_line *lines; int nlines;
  dl_mark *marks; int nmarks;
} piece;

typedef struct flow { piece *v; int n, cap; } flow;

/* Starts a new piece at the end of f and returns it; it takes the pending
 * space and page break. */
piece *flow_add(flow *f, lctx *c);
void flow_free(flow *f);
void piece_add_line(piece *p, dl_line ln);
/* Adds a bookmark with a copy of title. */
void piece_add_mark(piece *p, const char *title, int level, double y);
/* Adds space below the block just laid out (before the next one). */
void lo_space_after(lctx *c, double after);
/* Frees what the context itself holds (the tables); the other files' state
 * goes with their own *_done. */
void lo_ctx_done(lctx *c);

/* ---- the document tree ---- */

/* The elements layout knows are the tree's vocabulary (doctree.h). */
typedef dt_id lo_el;

/* Returns which element of the vocabulary name is (DTE_NONE: not one). */
lo_el lo_element(const char *name);
/* Returns 1 when n is an element named name. */
int lo_is_el(const xmlNode *n, const char *name);
/* Returns a new copy of n's attribute or NULL. */
char *lo_attr(xmlNode *n, const char *name);
/* Returns 1 when lo_attr(n, anything) is NULL: no attribute is written on n
 * and no DTD can supply one. */
int lo_attrless(const xmlNode *n);
/* Adds a diagnostic at n's line and path (n may be NULL). */
void lo_error(lctx *c, xmlNode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void lo_warn(lctx *c, xmlNode *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
