/* doctree.h: the document tree, where the template stage meets layout.
 *
 * Template expansion produces, and layout consumes, an XML document (libxml2
 * xmlDoc) in the vocabulary below: no control elements, no placeholders, every
 * heading number already written out. It knows nothing of pages. Its text dump
 * (doctree_dump) is what golden tests compare. The same vocabulary, plus the
 * control elements and {XPath} placeholders of template.h, is what template
 * authors write (templates/README.md documents it for them).
 *
 * Units: a length is a number with a unit: "37mm", "16pt", "2em" (em = the
 * current font size), "1.5lines" (times the current line pitch), or a bare
 * number meaning pt. Font roles: song (宋体), hei (黑体), kai (楷体),
 * fangsong (仿宋), xbs (小标宋, titles of official documents). Colours:
 * "black", "red", or "#RRGGBB".
 *
 * Style attributes, allowed on <document>, <section> and every block, and
 * inherited by what is inside (a block's own value wins):
 *   font, size (pt), bold (yes|no), color, align (left|center|right|justify),
 *   indent (first-line indent, default 0; <p> defaults to 2em),
 *   line-pitch (fixed baseline-to-baseline distance; default 1.5 × size),
 *   letter-spacing, space-before, space-after, keep-with-next (yes|no)
 *
 * <document>   root. Attributes: paper (A4|A3), orientation (portrait|landscape),
 *              margin-top, margin-bottom, margin-left, margin-right,
 *              title, author, subject, keywords, creator, created (YYYY-MM-DD, the
 *              PDF creation date), watermark (text drawn diagonally on every page),
 *              page-number (none|dash "— 1 —"|of-total "第 1 页 共 5 页"|plain),
 *              page-number-position (outer: odd right / even left, GB/T 9704 |
 *              center | right | left), page-number-font, page-number-size,
 *              page-number-offset (distance below the text block; default 7mm),
 *              grid-lines, grid-chars (official-document grid: lines per page and
 *              characters per line inside the text block; they set line-pitch and
 *              letter-spacing), bookmarks (yes|no: outline from headings, default yes),
 *              doc-number (the 文号, for the archival description, archive.h),
 *              pdfa (yes|no: write an archive file, PDF/A-2b and OFD-A, as --pdfa)
 *   children:  optional <header> and <footer> (inline content; <page-number/>
 *              and <page-count/> inside them), then <section>s or blocks.
 * <section>    a run of pages with its own paper, orientation, margins, header,
 *              footer and page-number settings (same attributes as <document>);
 *              a new section starts a new page.
 *
 * Blocks:
 * <title>      centred display title (default hei, 22pt); inline content.
 * <heading level="1..4" number="一、">  inline content; `number` is printed
 *              before the text (expansion fills it); bookmark="no" keeps it out
 *              of the outline. Kept with the next block.
 * <p>          paragraph; inline content; justified, first-line indent 2em.
 * <list>       <item>s (inline content); attribute marker="" (text before each
 *              item, e.g. "•"; default none).
 * <table>      attributes: border (pt, default 0.5), header-repeat (yes|no),
 *              cell-padding, rule-style (grid|three-line).
 *              <col width="30mm|2*|auto" min="" max="" align=""/> one per column,
 *              then <thead> (rows repeated on every page) and <tbody>.
 *              <tr kind="normal|group|subtotal|total" height="" continued="（续）">
 *              (continued: what a group row repeated on a new page adds), <td colspan=""
 *              rowspan="" align="" valign="top|middle|bottom" bold="">inline</td>.
 * <chart type="bar|stacked-bar|pie|timeline" width="" height="" title=""
 *              unit="" (bar: the axis unit "单位：人"; pie: value suffix, e.g. 人)>
 *              <series name="改革前" color=""> <point label="" value="" unit=""/> ... </series>
 *              (a point's unit: a bar chart draws a panel per unit and scale)
 *              timeline: <point label="" start="YYYY-MM-DD" end="YYYY-MM-DD"/>.
 *              bar: one group per label, one bar per series; stacked-bar: one
 *              bar per label stacking the series; pie: the first series.
 * <image src="file.png" width="" height="" align=""/>  any PNG (pngimage.h).
 * <page-break/>
 * <keep>       blocks that must stay on one page (if they fit on one).
 * <signature>  <line align="left|right|center" indent="">inline</line> ...;
 *              kept together, placed after the body (e.g. issuing body and date).
 * <spacer height=""/>
 * <rule color="" thickness="" width="" align=""/>  a horizontal rule (the red
 *              separator of an official document; the 版记 rules).
 * <colophon>   版记 of GB/T 9704: <cc>抄送 text</cc>, <issuer>印发机关</issuer>,
 *              <date>印发日期</date>; placed at the bottom of the last page,
 *              with its rules.
 * <box border="" padding="" width="" height="">blocks</box>  a framed area
 *              (the photo frame of a form); may be empty.
 *
 * Inline (inside title, heading, p, item, td, line, header, footer):
 *   text; <span font size bold color sup="yes">inline</span>; <b>inline</b>;
 *   <br/>; <page-number/>; <page-count/> (header and footer only).
 */
#ifndef REFORMGEN_DOCTREE_H
#define REFORMGEN_DOCTREE_H

#include <stdio.h>
#include <libxml/tree.h>

typedef enum dt_kind {
  DT_BLOCK,      /* may stand where blocks stand */
  DT_INLINE,     /* may stand in inline content */
  DT_PART        /* a part of a block (col, tr, td, series, point, line, cc ...) */
} dt_kind;

/* The elements of the vocabulary, one value each, for a switch over an
 * element's name (doctree_id). */
typedef enum dt_id {
  DTE_NONE = 0,  /* not an element of the vocabulary */
  DTE_DOCUMENT, DTE_SECTION, DTE_HEADER, DTE_FOOTER, DTE_TITLE, DTE_HEADING, DTE_P,
  DTE_LIST, DTE_ITEM, DTE_TABLE, DTE_COL, DTE_THEAD, DTE_TBODY, DTE_TR, DTE_TD,
  DTE_CHART, DTE_SERIES, DTE_POINT, DTE_IMAGE, DTE_PAGE_BREAK, DTE_KEEP, DTE_SIGNATURE,
  DTE_LINE, DTE_SPACER, DTE_RULE, DTE_COLOPHON, DTE_CC, DTE_ISSUER, DTE_DATE, DTE_BOX,
  DTE_SPAN, DTE_B, DTE_BR, DTE_PAGE_NUMBER, DTE_PAGE_COUNT
} dt_id;

typedef struct dt_element {
  const char *name;
  dt_id id;
  dt_kind kind;
  const char *const *attrs;   /* NULL-terminated list of allowed attributes */
  /* what it may hold: names between spaces; "#block" any block, "#inline"
   * text and the inline elements other than page-number and page-count;
   * NULL: nothing */
  const char *content;
} dt_element;

/* Returns the vocabulary entry for an element name, or NULL if it is not part
 * of the document-tree vocabulary. Borrowed, static. */
const dt_element *doctree_lookup(const char *name);
/* The id of an element name, DTE_NONE when it is not in the vocabulary. */
dt_id doctree_id(const char *name);
/* Returns 1 if attr is allowed on element e (style attributes included). */
int doctree_attr_allowed(const dt_element *e, const char *attr);
/* Returns 1 if element e may hold an element named child, or text when child
 * is NULL. */
int doctree_may_hold(const dt_element *e, const char *child);

/* The kinds of values an attribute takes (doctree_value_kind). */
typedef enum dt_value {
  DTV_ANY,       /* any text */
  DTV_WORD,      /* one word of a fixed list (dt_value_rule.words) */
  DTV_COLOR,     /* black, red or #RRGGBB */
  DTV_COUNT,     /* a whole number from 1 */
  DTV_DATE,      /* YYYY-MM-DD */
  DTV_LENGTH,    /* a length (doctree_length) */
  DTV_WIDTH,     /* a length, or a percentage of the measure: "50%" */
  DTV_COL_WIDTH, /* a column's width: a length, "50%", "2*" (a share) or "auto" */
  DTV_SIZE       /* a font size: a length of 2 to 400 pt */
} dt_value;

typedef struct dt_value_rule {
  dt_value kind;
  const char *words;   /* DTV_WORD: the words between spaces, " A4 A3 " */
} dt_value_rule;

/* The rule for the values of attr on the element named element; kind DTV_ANY
 * for an attribute whose value is free text. */
dt_value_rule doctree_value_rule(const char *element, const char *attr);
/* Whether v is a value of the rule. A size in em or lines, relative to the
 * current font, is judged by its form only. */
int doctree_value_ok(dt_value_rule r, const char *v);
/* What the rule takes, for messages: "a date YYYY-MM-DD", "one of A4|A3".
 * Returns a new string. */
char *doctree_value_what(dt_value_rule r);

/* The units of a length. */
typedef enum dt_unit { DTU_PT, DTU_MM, DTU_CM, DTU_EM, DTU_LINES } dt_unit;
/* Parses a length: a number (strtod's forms, at most 100,000 in size) and
 * then, after optional spaces, a unit: none or "pt", "mm", "cm", "em",
 * "lines" or "line". Returns 0 and stores the number and the unit, or -1. */
int doctree_length(const char *s, double *value, dt_unit *unit);

/* Long tables in less memory. While a template is expanded against a
 * county's data, both are whole in memory; the rows of a long table body
 * can be kept serialized meanwhile, DOCTREE_PACK_ROWS at a time, in one
 * <DOCTREE_PACKED> element holding their XML text, and restored in place
 * once the data is let go. A tree with packed rows is for doctree_unpack
 * only: nothing else reads it. */
#define DOCTREE_PACKED "rg-packed-rows"
#define DOCTREE_PACK_ROWS 256
/* Replaces the last n children of parent (elements of its document, no
 * packed one among them) with one packed element holding them. Returns 0,
 * or -1 when they could not be serialized (they are then left as they are). */
int doctree_pack(xmlNodePtr parent, int n);
/* Restores every packed element of tree into the rows it holds, in place.
 * Returns 0, or -1 when one cannot be parsed back (the tree is then not to
 * be used). */
int doctree_unpack(xmlDocPtr tree);

/* Writes a stable, indented text dump of the tree for golden tests: one line per
 * element with its attributes sorted by name, text in quotes with whitespace
 * runs shown as they are. */
void doctree_dump(const xmlDoc *tree, FILE *out);

#endif
