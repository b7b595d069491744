/* docx_imp.h: what the files of the DOCX writer share (docx.c: runs,
 * paragraphs, pictures, the package; docx_table.c: tables and the 版记).
 * Private to them; everyone else includes docx.h. */
#ifndef REFORMGEN_DOCX_IMP_H
#define REFORMGEN_DOCX_IMP_H

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>
#include "diag.h"
#include "docx_styles.h"
#include "ooxml.h"
#include "util.h"

#define MM 2.834645669   /* pt per mm */

/* A run of pages with its own page settings: a <section>, or a run of
 * blocks standing directly in <document> (as layout.c makes them). */
typedef struct dx_section {
  docx_page pg;                     /* its paper, margins, page numbers */
  const xmlNode *header, *footer;   /* its own or the document's, or NULL */
  const char *watermark;            /* its own or the document's, or NULL */
} dx_section;

typedef struct dctx {
  xmlTextWriterPtr w;
  docx_page pg;              /* the document's page: the styles' sizes and pitch */
  double text_w, text_h;     /* the current section's text block, pt */
  dx_section *secs;
  int nsecs;
  int evenodd;               /* some section numbers odd and even pages apart */
  int headers;               /* some section has a header or a watermark */
  const xmlNode *root;
  int page_break;            /* the next block starts a new page */
  int keep;                  /* inside <keep>: paragraphs keep with the next */
  strbuf rels;               /* relationships of the pictures and charts */
  int nrel;
  ooxml_zip *z;
  struct { char *name, *data; size_t len; } *media;   /* pictures and charts, added last */
  int nmedia;
  int nimg, nchart;
  diag_list *d;
  int failed;
} dctx;

typedef struct runfmt {
  const char *font;     /* role, NULL: the style's */
  double size;          /* pt, 0: the style's */
  int bold, sup;
  const char *color;    /* RRGGBB, NULL: the style's */
  char cbuf[8];
} runfmt;

/* What a paragraph sets beyond its style. */
typedef struct parfmt {
  const char *jc;           /* NULL: the style's */
  double indent;            /* first-line indent pt, < 0: the style's */
  double indent_chars;      /* the same in characters when given in em, else -1 */
  double left, right;       /* whole-paragraph indents, pt (0: none) */
  double left_chars, right_chars;
  double pitch;             /* exact line pitch pt, 0: the style's, < 0: single (a picture's line) */
  double before, after;     /* pt, < 0: the style's */
  int keep_next;
} parfmt;

/* The value of attribute name on n, borrowed, or NULL. */
const char *dx_attr_of(const xmlNode *n, const char *name);
/* The style attribute name as n inherits it, up to (not including) <document>. */
const char *dx_inherited(const dctx *c, const xmlNode *n, const char *name);
int dx_is(const xmlNode *n, const char *name);
/* A length in pt ("37mm", "16pt", "2em" of em, "1.5lines" of pitch, a bare
 * number); -1 for anything else ("2*", "auto"). */
double dx_len_pt(const char *s, double em, double pitch);
/* The w:jc value of an align attribute, or NULL. */
const char *dx_jc_of(const char *align);
void dx_text_run(dctx *c, const runfmt *f, const char *s);
/* The inline content of n as runs in the format f. */
void dx_inline_content(dctx *c, const xmlNode *n, const runfmt *f);
/* Opens <w:p> with its properties (the caller writes the runs and closes it). */
void dx_para_open(dctx *c, docx_style_id sid, const parfmt *p, const runfmt *mark);
/* The formatting block n sets beyond style sid. */
void dx_block_format(dctx *c, const xmlNode *n, docx_style_id sid, parfmt *p, runfmt *r);
/* An empty paragraph exactly height pt high. */
void dx_spacer(dctx *c, double height);
/* In a paragraph's w:pPr: spacing of one exact point, nothing before or after. */
void dx_hairline_spacing(xmlTextWriterPtr w);

/* docx_section.c */
/* The document's page (c->pg) from <document>. */
void dx_page_init(dctx *c);
/* Starts a section for sec (<section>, or the root for blocks standing in
 * <document>): its settings, and c->text_w / text_h. */
void dx_section_begin(dctx *c, const xmlNode *sec);
/* Ends every section but the last: an empty paragraph holding its w:sectPr. */
void dx_section_break(dctx *c);
/* <w:sectPr> of section i (the last one goes at the end of the body). */
void dx_section_props(dctx *c, int i);
/* What the sections' header and footer parts add to [Content_Types].xml and
 * to document.xml.rels. */
void dx_section_types(const dctx *c, strbuf *ct);
void dx_section_rels(const dctx *c, strbuf *rels);
/* Writes every section's header and footer parts into the package. */
void dx_section_parts(dctx *c);

/* docx_table.c */
void docx_table(dctx *c, const xmlNode *t);
void docx_colophon(dctx *c, const xmlNode *n);

#endif
