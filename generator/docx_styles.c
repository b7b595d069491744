/* docx_styles.c: styles and the parts of a DOCX without body text
 * (docx_styles.h). */
#include "docx_styles.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const docx_style STYLES[DS_COUNT] = {
  [DS_NORMAL]     = { "Normal", "Normal", NULL, 0, 0, NULL, NULL, -1, -1 },
  [DS_BANNER]     = { "Banner", "发文机关标志", "xbs", 26, 0, "FF0000", "center", 0, -1 },
  [DS_TITLE]      = { "DocTitle", "标题", "xbs", 22, 0, NULL, "center", 0, -1 },
  [DS_H1]         = { "Heading1", "一级标题", "hei", 0, 0, NULL, NULL, -1, 0 },
  [DS_H2]         = { "Heading2", "二级标题", "kai", 0, 0, NULL, NULL, -1, 1 },
  [DS_H3]         = { "Heading3", "三级标题", "fangsong", 0, 0, NULL, NULL, -1, 2 },
  [DS_H4]         = { "Heading4", "四级标题", "fangsong", 0, 0, NULL, NULL, -1, 3 },
  [DS_DOCNUMBER]  = { "DocNumber", "发文字号", NULL, 0, 0, NULL, "center", 0, -1 },
  [DS_ADDRESSEE]  = { "Addressee", "主送机关", NULL, 0, 0, NULL, "left", 0, -1 },
  [DS_ATTACHMENT] = { "Attachment", "附件说明", NULL, 0, 0, NULL, "left", -1, -1 },
  [DS_SIGNER]     = { "Signer", "署名", NULL, 0, 0, NULL, "left", 0, -1 },
  [DS_SIGNDATE]   = { "SignDate", "成文日期", NULL, 0, 0, NULL, "left", 0, -1 },
  [DS_COLOPHON]   = { "Colophon", "版记", "fangsong", 14, 0, NULL, "left", 0, -1 },
  [DS_TABLETEXT]  = { "TableText", "表格文字", NULL, 0, 0, NULL, "left", 0, -1 },
  [DS_PAGENUMBER] = { "PageNumber", "页码", "song", 14, 0, NULL, NULL, 0, -1 },
};

const docx_style *docx_style_get(docx_style_id id) { return &STYLES[id]; }

int docx_style_by_name(const char *name)
{
  if (strcmp(name, "正文") == 0) return DS_NORMAL;
  for (int i = 0; i < DS_COUNT; i++)
    if (strcmp(STYLES[i].name, name) == 0) return i;
  return -1;
}

/* role, the office's name, the fallback Word and WPS take when it is missing */
static const char *const FONTS[][3] = {
  { "fangsong", "仿宋_GB2312", "仿宋" },
  { "kai", "楷体_GB2312", "楷体" },
  { "hei", "黑体", "SimHei" },
  { "song", "宋体", "SimSun" },
  { "xbs", "方正小标宋简体", "宋体" },
};

const char *docx_font_name(const char *role)
{
  for (size_t i = 0; role && i < sizeof FONTS / sizeof FONTS[0]; i++)
    if (strcmp(FONTS[i][0], role) == 0) return FONTS[i][1];
  return "宋体";
}

void dx_start(xmlTextWriterPtr w, const char *name) { xmlTextWriterStartElement(w, (const xmlChar *)name); }
void dx_end(xmlTextWriterPtr w) { xmlTextWriterEndElement(w); }
void dx_attr(xmlTextWriterPtr w, const char *name, const char *value)
{
  xmlTextWriterWriteAttribute(w, (const xmlChar *)name, (const xmlChar *)value);
}
void dx_attrf(xmlTextWriterPtr w, const char *name, double v)
{
  char b[32];
  snprintf(b, sizeof b, "%.0f", round(v));
  dx_attr(w, name, b);
}
void dx_val(xmlTextWriterPtr w, const char *name, const char *value)
{
  dx_start(w, name);
  dx_attr(w, "w:val", value);
  dx_end(w);
}
void dx_vali(xmlTextWriterPtr w, const char *name, double v)
{
  dx_start(w, name);
  dx_attrf(w, "w:val", v);
  dx_end(w);
}
void dx_borders(xmlTextWriterPtr w, const double sz[6])
{
  static const char *const EDGES[] = { "w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV" };
  dx_start(w, "w:tblBorders");
  for (int e = 0; e < 6; e++) {
    dx_start(w, EDGES[e]);
    dx_attr(w, "w:val", sz[e] > 0 ? "single" : "nil");
    if (sz[e] > 0) {
      dx_attrf(w, "w:sz", fmin(fmax(sz[e], 2), 96));
      dx_attr(w, "w:space", "0");
      dx_attr(w, "w:color", "000000");
    }
    dx_end(w);
  }
  dx_end(w);
}

void dx_cell_margins(xmlTextWriterPtr w, double lr)
{
  dx_start(w, "w:tblCellMar");
  for (int side = 0; side < 2; side++) {
    dx_start(w, side ? "w:right" : "w:left");
    dx_attrf(w, "w:w", lr);
    dx_attr(w, "w:type", "dxa");
    dx_end(w);
  }
  dx_end(w);
}

void dx_fonts(xmlTextWriterPtr w, const char *role)
{
  const char *f = docx_font_name(role);
  dx_start(w, "w:rFonts");
  dx_attr(w, "w:ascii", f);
  dx_attr(w, "w:hAnsi", f);
  dx_attr(w, "w:eastAsia", f);
  dx_attr(w, "w:cs", f);
  dx_attr(w, "w:hint", "eastAsia");
  dx_end(w);
}

static void part_start(xmlTextWriterPtr w, const char *root)
{
  xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
  dx_start(w, root);
  dx_attr(w, "xmlns:w", DX_W_NS);
  dx_attr(w, "xmlns:r", DX_R_NS);
}

static void part_end(xmlTextWriterPtr w)
{
  xmlTextWriterEndDocument(w);
}

static void write_style(xmlTextWriterPtr w, const docx_page *pg, int i)
{
  const docx_style *s = &STYLES[i];
  dx_start(w, "w:style");
  dx_attr(w, "w:type", "paragraph");
  if (i == DS_NORMAL) dx_attr(w, "w:default", "1");
  dx_attr(w, "w:styleId", s->id);
  dx_val(w, "w:name", s->name);
  if (i == DS_NORMAL) dx_val(w, "w:aliases", "正文");
  else dx_val(w, "w:basedOn", "Normal");
  if (i != DS_NORMAL && i != DS_PAGENUMBER) dx_val(w, "w:next", "Normal");
  dx_start(w, "w:qFormat");
  dx_end(w);
  double size = s->size > 0 ? s->size : pg->size;
  dx_start(w, "w:pPr");
  if (s->outline >= 0 || i == DS_BANNER || i == DS_TITLE) {
    dx_start(w, "w:keepNext");
    dx_end(w);
  }
  if (i == DS_NORMAL) {
    /* lines of 28 come from the letter spacing below, not from snapping each
     * glyph to a grid cell: LibreOffice gives a glyph wider than a cell two
     * cells, and spreads justified lines over the grid */
    dx_val(w, "w:snapToGrid", "0");
  }
  if (i == DS_NORMAL || s->size > 0) {
    /* a fixed pitch: Normal's for the body, 1.45 × size for the bigger styles */
    double pitch = i == DS_NORMAL ? pg->pitch : fmax(pg->pitch, size * 1.45);
    if (i == DS_PAGENUMBER) pitch = size * 1.2;
    dx_start(w, "w:spacing");
    dx_attr(w, "w:before", "0");
    dx_attr(w, "w:after", "0");
    dx_attrf(w, "w:line", pitch * 20);
    dx_attr(w, "w:lineRule", "exact");
    dx_end(w);
  }
  if (i == DS_NORMAL || s->indent_chars >= 0) {
    double chars = s->indent_chars >= 0 ? s->indent_chars : 2;
    dx_start(w, "w:ind");
    dx_attrf(w, "w:firstLineChars", chars * 100);
    dx_attrf(w, "w:firstLine", chars * size * 20);
    dx_end(w);
  }
  if (i == DS_NORMAL) dx_val(w, "w:jc", "both");
  else if (s->align) dx_val(w, "w:jc", s->align);
  if (s->outline >= 0) dx_vali(w, "w:outlineLvl", s->outline);
  dx_end(w);
  dx_start(w, "w:rPr");
  if (i == DS_NORMAL || s->font) dx_fonts(w, s->font ? s->font : pg->font);
  if (s->bold) {
    dx_start(w, "w:b");
    dx_end(w);
  }
  if (s->color) dx_val(w, "w:color", s->color);
  if (i == DS_NORMAL && pg->grid_chars > 0) {
    /* the glyphs a little narrower than a cell of the character grid, as
     * the PDF sets them, so that 28 fit a line */
    double cell = (pg->w - pg->ml - pg->mr) / pg->grid_chars;
    dx_vali(w, "w:spacing", floor((cell - size) * 20) - 1);
  }
  if (i == DS_NORMAL || s->size > 0) {
    dx_vali(w, "w:sz", size * 2);
    dx_vali(w, "w:szCs", size * 2);
  }
  if (i == DS_NORMAL) {
    dx_start(w, "w:lang");
    dx_attr(w, "w:val", "en-US");
    dx_attr(w, "w:eastAsia", "zh-CN");
    dx_end(w);
  }
  dx_end(w);
  dx_end(w);
}

/* A table style: grid (every cell ruled) or three-line (top, bottom and
 * under the header). Borders in eighths of a point. */
static void write_table_style(xmlTextWriterPtr w, const char *id, const char *name, int grid)
{
  dx_start(w, "w:style");
  dx_attr(w, "w:type", "table");
  dx_attr(w, "w:styleId", id);
  dx_val(w, "w:name", name);
  dx_start(w, "w:tblPr");
  double sz[6];
  for (int e = 0; e < 6; e++) sz[e] = grid || e == 0 || e == 2 ? (grid ? 4 : 12) : 0;
  dx_borders(w, sz);
  dx_cell_margins(w, 85);
  dx_end(w);
  dx_end(w);
}

void docx_write_styles(xmlTextWriterPtr w, const docx_page *pg)
{
  part_start(w, "w:styles");
  dx_start(w, "w:docDefaults");
  dx_start(w, "w:rPrDefault");
  dx_start(w, "w:rPr");
  dx_fonts(w, pg->font);
  dx_vali(w, "w:sz", pg->size * 2);
  dx_end(w);
  dx_end(w);
  dx_end(w);
  for (int i = 0; i < DS_COUNT; i++) write_style(w, pg, i);
  write_table_style(w, "TableGrid", "公文表格", 1);
  write_table_style(w, "TableThreeLine", "三线表", 0);
  dx_end(w);
  part_end(w);
}

void docx_write_fonts(xmlTextWriterPtr w)
{
  part_start(w, "w:fonts");
  for (size_t i = 0; i < sizeof FONTS / sizeof FONTS[0]; i++) {
    dx_start(w, "w:font");
    dx_attr(w, "w:name", FONTS[i][1]);
    dx_val(w, "w:altName", FONTS[i][2]);
    dx_val(w, "w:charset", "86");     /* GB2312 */
    dx_val(w, "w:family", strcmp(FONTS[i][0], "hei") == 0 ? "modern" : "roman");
    dx_val(w, "w:pitch", "variable");
    dx_end(w);
  }
  dx_end(w);
  part_end(w);
}

void docx_write_settings(xmlTextWriterPtr w, const docx_page *pg, int evenodd)
{
  part_start(w, "w:settings");
  if (evenodd) {
    dx_start(w, "w:evenAndOddHeaders");
    dx_end(w);
  }
  dx_vali(w, "w:defaultTabStop", pg->size * 2 * 20);
  dx_val(w, "w:characterSpacingControl", "compressPunctuation");
  dx_start(w, "w:compat");
  dx_start(w, "w:compatSetting");
  dx_attr(w, "w:name", "compatibilityMode");
  dx_attr(w, "w:uri", "http://schemas.microsoft.com/office/word");
  dx_attr(w, "w:val", "15");
  dx_end(w);
  dx_end(w);
  dx_end(w);
  part_end(w);
}

/* Opens a run of the page number: its font and size where the document's
 * differ from the 页码 style's (a paragraph mark's properties do not reach
 * the runs). */
static void pn_run(xmlTextWriterPtr w, const docx_page *pg)
{
  const docx_style *st = &STYLES[DS_PAGENUMBER];
  int font = strcmp(docx_font_name(pg->pn_font), docx_font_name(st->font)) != 0;
  int size = fabs(pg->pn_size - st->size) > 0.01;
  dx_start(w, "w:r");
  if (!font && !size) return;
  dx_start(w, "w:rPr");
  if (font) dx_fonts(w, pg->pn_font);
  if (size) {
    dx_vali(w, "w:sz", pg->pn_size * 2);
    dx_vali(w, "w:szCs", pg->pn_size * 2);
  }
  dx_end(w);
}

static void field(xmlTextWriterPtr w, const docx_page *pg, const char *instr, const char *shown)
{
  static const char *const KINDS[] = { "begin", "separate", "end" };
  for (int k = 0; k < 3; k++) {
    pn_run(w, pg);
    if (k == 1) {
      dx_start(w, "w:instrText");
      dx_attr(w, "xml:space", "preserve");
      xmlTextWriterWriteString(w, (const xmlChar *)instr);
      dx_end(w);
      dx_end(w);
      pn_run(w, pg);
    }
    dx_start(w, "w:fldChar");
    dx_attr(w, "w:fldCharType", KINDS[k]);
    dx_end(w);
    dx_end(w);
    if (k == 1) {
      pn_run(w, pg);
      dx_start(w, "w:t");
      xmlTextWriterWriteString(w, (const xmlChar *)shown);
      dx_end(w);
      dx_end(w);
    }
  }
}

static void text_run(xmlTextWriterPtr w, const docx_page *pg, const char *s)
{
  pn_run(w, pg);
  dx_start(w, "w:t");
  dx_attr(w, "xml:space", "preserve");
  xmlTextWriterWriteString(w, (const xmlChar *)s);
  dx_end(w);
  dx_end(w);
}

void docx_write_page_number(xmlTextWriterPtr w, const docx_page *pg, const char *align)
{
  dx_start(w, "w:p");
  dx_start(w, "w:pPr");
  dx_val(w, "w:pStyle", "PageNumber");
  dx_val(w, "w:jc", align);
  /* GB/T 9704: one character in from the outer edge */
  if (strcmp(align, "center") != 0) {
    dx_start(w, "w:ind");
    dx_attrf(w, strcmp(align, "right") == 0 ? "w:right" : "w:left", pg->pn_size * 20);
    dx_end(w);
  }
  dx_start(w, "w:rPr");
  dx_fonts(w, pg->pn_font);
  dx_vali(w, "w:sz", pg->pn_size * 2);
  dx_end(w);
  dx_end(w);
  const char *pn = pg->page_number;
  if (strcmp(pn, "dash") == 0) {
    text_run(w, pg, "— ");
    field(w, pg, " PAGE ", "1");
    text_run(w, pg, " —");
  } else if (strcmp(pn, "of-total") == 0) {
    text_run(w, pg, "第 ");
    field(w, pg, " PAGE ", "1");
    text_run(w, pg, " 页 共 ");
    field(w, pg, " NUMPAGES ", "1");
    text_run(w, pg, " 页");
  } else {
    field(w, pg, " PAGE ", "1");
  }
  dx_end(w);
}

static void core_text(xmlTextWriterPtr w, const char *name, const char *v)
{
  if (!v || !*v) return;
  xmlTextWriterWriteElement(w, (const xmlChar *)name, (const xmlChar *)v);
}

void docx_write_core(xmlTextWriterPtr w, const char *title, const char *author, const char *subject,
                     const char *keywords, const char *created)
{
  xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
  dx_start(w, "cp:coreProperties");
  dx_attr(w, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
  dx_attr(w, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  dx_attr(w, "xmlns:dcterms", "http://purl.org/dc/terms/");
  dx_attr(w, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  core_text(w, "dc:title", title);
  core_text(w, "dc:subject", subject);
  core_text(w, "dc:creator", author);
  core_text(w, "cp:keywords", keywords);
  core_text(w, "cp:lastModifiedBy", author);
  if (created && strlen(created) == 10) {
    char stamp[32];
    snprintf(stamp, sizeof stamp, "%sT00:00:00Z", created);
    for (int k = 0; k < 2; k++) {
      dx_start(w, k ? "dcterms:modified" : "dcterms:created");
      dx_attr(w, "xsi:type", "dcterms:W3CDTF");
      xmlTextWriterWriteString(w, (const xmlChar *)stamp);
      dx_end(w);
    }
  }
  dx_end(w);
  xmlTextWriterEndDocument(w);
}

void docx_write_app(xmlTextWriterPtr w)
{
  xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
  dx_start(w, "Properties");
  dx_attr(w, "xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
  xmlTextWriterWriteElement(w, (const xmlChar *)"Application", (const xmlChar *)"reformgen " REFORMGEN_VERSION);
  dx_end(w);
  xmlTextWriterEndDocument(w);
}
