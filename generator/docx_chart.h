/* docx_chart.h: a <chart> of the document tree (doctree.h) as a DrawingML
 * chart part (word/charts/chartN.xml): vector, drawn and editable by Word,
 * WPS and LibreOffice. The data are literals in the part (c:strLit,
 * c:numLit), so no workbook is embedded. bar → clustered columns,
 * stacked-bar → stacked columns, pie → pie of the first series, timeline →
 * horizontal bars from each start to its end on a date axis (an invisible
 * first series carries the start). */
#ifndef REFORMGEN_DOCX_CHART_H
#define REFORMGEN_DOCX_CHART_H

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

void docx_chart_write(xmlTextWriterPtr w, const xmlNode *chart);

#endif
