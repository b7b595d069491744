/* docx_styles.h: the named styles of reformgen's DOCX (docx.h), and the
 * package parts that hold no body text: styles.xml, fontTable.xml,
 * settings.xml, the page-number paragraph, the content types and relations,
 * and the document properties.
 *
 * Styles are the GB/T 9704 elements as Chinese offices name them (正文 is
 * Word's built-in "Normal", shown as 正文 by a Chinese Word or WPS); fonts
 * are the office's own names with a fallback in fontTable.xml (w:altName):
 * 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体, 方正小标宋简体 → 宋体. */
#ifndef REFORMGEN_DOCX_STYLES_H
#define REFORMGEN_DOCX_STYLES_H

#include <libxml/xmlwriter.h>

typedef enum docx_style_id {
  DS_NORMAL, DS_BANNER, DS_TITLE, DS_H1, DS_H2, DS_H3, DS_H4, DS_DOCNUMBER, DS_ADDRESSEE,
  DS_ATTACHMENT, DS_SIGNER, DS_SIGNDATE, DS_COLOPHON, DS_TABLETEXT, DS_PAGENUMBER,
  DS_COUNT
} docx_style_id;

typedef struct docx_style {
  const char *id;        /* w:styleId (ASCII) */
  const char *name;      /* w:name, what Word and WPS show */
  const char *font;      /* font role (song|hei|kai|fangsong|xbs), NULL: Normal's */
  double size;           /* pt, 0: Normal's */
  int bold;
  const char *color;     /* RRGGBB, NULL: automatic */
  const char *align;     /* w:jc value, NULL: Normal's (both) */
  double indent_chars;   /* first-line indent in characters, -1: Normal's (2) */
  int outline;           /* outline level 0..3, -1: none */
} docx_style;

/* The page and the document-wide defaults, from the <document> element. */
typedef struct docx_page {
  double w, h;                 /* pt, orientation applied */
  double mt, mb, ml, mr;       /* margins, pt */
  int grid_lines, grid_chars;  /* 0 when the document sets no grid */
  const char *font;            /* Normal's font role */
  double size;                 /* Normal's size, pt */
  double pitch;                /* Normal's fixed line pitch, pt */
  const char *page_number;     /* none|dash|of-total|plain */
  const char *pn_position;     /* outer|center|right|left */
  const char *pn_font;
  double pn_size, pn_offset;   /* pt */
} docx_page;

/* The style table entry for id; borrowed, static. */
const docx_style *docx_style_get(docx_style_id id);
/* The style whose Chinese name is name (a template's style="…"), or -1. */
int docx_style_by_name(const char *name);
/* The office's font name for a role (fangsong → 仿宋_GB2312); song for
 * anything unknown. */
const char *docx_font_name(const char *role);

/* Each writes one whole part into w (a new document each). */
void docx_write_styles(xmlTextWriterPtr w, const docx_page *pg);
void docx_write_fonts(xmlTextWriterPtr w);
/* evenodd: odd and even pages have footers of their own. */
void docx_write_settings(xmlTextWriterPtr w, const docx_page *pg, int evenodd);
/* The paragraph of a footer with the page number as PAGE (and NUMPAGES)
 * fields; align is left|center|right. */
void docx_write_page_number(xmlTextWriterPtr w, const docx_page *pg, const char *align);
void docx_write_core(xmlTextWriterPtr w, const char *title, const char *author, const char *subject,
                     const char *keywords, const char *created);
void docx_write_app(xmlTextWriterPtr w);

/* Small writer helpers shared with docx.c: <name>, </…>, name="value",
 * <name w:val="value"/>. */
void dx_start(xmlTextWriterPtr w, const char *name);
void dx_end(xmlTextWriterPtr w);
void dx_attr(xmlTextWriterPtr w, const char *name, const char *value);
void dx_attrf(xmlTextWriterPtr w, const char *name, double v);   /* rounded to an integer */
void dx_val(xmlTextWriterPtr w, const char *name, const char *value);
void dx_vali(xmlTextWriterPtr w, const char *name, double v);
/* <w:tblBorders>: the width of each edge (top, left, bottom, right, insideH,
 * insideV) in eighths of a point, 0 for none. */
void dx_borders(xmlTextWriterPtr w, const double sz[6]);
/* <w:tblCellMar> with the left and right margins in twips. */
void dx_cell_margins(xmlTextWriterPtr w, double lr);
/* <w:rFonts> for a role: every script set to the office's name. */
void dx_fonts(xmlTextWriterPtr w, const char *role);

#define DX_W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DX_R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

#endif
