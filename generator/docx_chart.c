/* docx_chart.c: <chart> as DrawingML (docx_chart.h). */
#include "docx_chart.h"
#include "dates.h"
#include "docx_styles.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const PALETTE[] = { "4F81BD", "C0504D", "9BBB59", "8064A2", "F79646", "4BACC6" };

static const char *prop(const xmlNode *n, const char *name)
{
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (strcmp((const char *)a->name, name) == 0 && a->children) return (const char *)a->children->content;
  return NULL;
}

static int is(const xmlNode *n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* A spreadsheet date serial (days since 1899-12-30) of YYYY-MM-DD, or NAN. */
static double serial(const char *s)
{
  dates_ymd t;
  if (!s || dates_parse(s, 0, &t) != DATE_OK) return NAN;
  struct tm tm = { .tm_year = t.y - 1900, .tm_mon = t.m - 1, .tm_mday = t.d };
  return (double)(timegm(&tm) / 86400) + 25569;
}

static void text_el(xmlTextWriterPtr w, const char *name, const char *v)
{
  xmlTextWriterWriteElement(w, (const xmlChar *)name, (const xmlChar *)v);
}

static void fill(xmlTextWriterPtr w, const char *hex)
{
  dx_start(w, "c:spPr");
  if (hex) {
    dx_start(w, "a:solidFill");
    dx_start(w, "a:srgbClr");
    dx_attr(w, "val", hex);
    dx_end(w);
    dx_end(w);
  } else {
    dx_start(w, "a:noFill");
    dx_end(w);
  }
  dx_end(w);
}

static void valattr(xmlTextWriterPtr w, const char *name, const char *v)
{
  dx_start(w, name);
  dx_attr(w, "val", v);
  dx_end(w);
}

static void valnum(xmlTextWriterPtr w, const char *name, double v)
{
  char b[32];
  snprintf(b, sizeof b, "%.10g", v);
  valattr(w, name, b);
}

/* One series: name, colour (NULL: none), the labels and values. */
static void series(xmlTextWriterPtr w, int idx, const char *name, const char *color,
                   const char *const *labels, const double *vals, int n, int pie, int labels_on)
{
  dx_start(w, "c:ser");
  valnum(w, "c:idx", idx);
  valnum(w, "c:order", idx);
  dx_start(w, "c:tx");
  text_el(w, "c:v", name ? name : "");
  dx_end(w);
  if (!pie) fill(w, color);
  if (pie)
    for (int i = 0; i < n; i++) {
      dx_start(w, "c:dPt");
      valnum(w, "c:idx", i);
      fill(w, PALETTE[i % 6]);
      dx_end(w);
    }
  if (labels_on) {
    dx_start(w, "c:dLbls");
    valattr(w, "c:showLegendKey", "0");
    valattr(w, "c:showVal", pie ? "0" : "1");
    valattr(w, "c:showCatName", pie ? "1" : "0");
    valattr(w, "c:showSerName", "0");
    valattr(w, "c:showPercent", pie ? "1" : "0");
    valattr(w, "c:showBubbleSize", "0");
    dx_end(w);
  }
  if (!pie) valattr(w, "c:invertIfNegative", "0");
  dx_start(w, "c:cat");
  dx_start(w, "c:strLit");
  valnum(w, "c:ptCount", n);
  for (int i = 0; i < n; i++) {
    dx_start(w, "c:pt");
    dx_attrf(w, "idx", i);
    text_el(w, "c:v", labels[i] ? labels[i] : "");
    dx_end(w);
  }
  dx_end(w);
  dx_end(w);
  dx_start(w, "c:val");
  dx_start(w, "c:numLit");
  text_el(w, "c:formatCode", "General");
  valnum(w, "c:ptCount", n);
  for (int i = 0; i < n; i++) {
    if (isnan(vals[i])) continue;
    char b[32];
    snprintf(b, sizeof b, "%.10g", vals[i]);
    dx_start(w, "c:pt");
    dx_attrf(w, "idx", i);
    text_el(w, "c:v", b);
    dx_end(w);
  }
  dx_end(w);
  dx_end(w);
  dx_end(w);
}

static void axis(xmlTextWriterPtr w, int cat, int id, int cross, const char *pos, int reverse,
                 double min, const char *fmt)
{
  dx_start(w, cat ? "c:catAx" : "c:valAx");
  valnum(w, "c:axId", id);
  dx_start(w, "c:scaling");
  valattr(w, "c:orientation", reverse ? "maxMin" : "minMax");
  if (!isnan(min)) valnum(w, "c:min", min);
  dx_end(w);
  valattr(w, "c:delete", "0");
  valattr(w, "c:axPos", pos);
  if (!cat) {
    dx_start(w, "c:majorGridlines");
    dx_end(w);
  }
  if (fmt) {
    dx_start(w, "c:numFmt");
    dx_attr(w, "formatCode", fmt);
    dx_attr(w, "sourceLinked", "0");
    dx_end(w);
  }
  valattr(w, "c:tickLblPos", "nextTo");
  valnum(w, "c:crossAx", cross);
  dx_end(w);
}

void docx_chart_write(xmlTextWriterPtr w, const xmlNode *chart)
{
  const char *type = prop(chart, "type");
  if (!type) type = "bar";
  int pie = strcmp(type, "pie") == 0, timeline = strcmp(type, "timeline") == 0;
  int stacked = strcmp(type, "stacked-bar") == 0;
  xmlTextWriterStartDocument(w, "1.0", "UTF-8", "yes");
  dx_start(w, "c:chartSpace");
  dx_attr(w, "xmlns:c", "http://schemas.openxmlformats.org/drawingml/2006/chart");
  dx_attr(w, "xmlns:a", "http://schemas.openxmlformats.org/drawingml/2006/main");
  dx_attr(w, "xmlns:r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
  valattr(w, "c:roundedCorners", "0");
  dx_start(w, "c:chart");
  const char *title = prop(chart, "title");
  if (title && *title) {
    dx_start(w, "c:title");
    dx_start(w, "c:tx");
    dx_start(w, "c:rich");
    dx_start(w, "a:bodyPr");
    dx_end(w);
    dx_start(w, "a:p");
    dx_start(w, "a:r");
    dx_start(w, "a:rPr");
    dx_attr(w, "lang", "zh-CN");
    dx_attr(w, "sz", "1200");
    dx_start(w, "a:ea");
    dx_attr(w, "typeface", "黑体");
    dx_end(w);
    dx_end(w);
    text_el(w, "a:t", title);
    dx_end(w);
    dx_end(w);
    dx_end(w);
    dx_end(w);
    valattr(w, "c:overlay", "0");
    dx_end(w);
  }
  valattr(w, "c:autoTitleDeleted", title && *title ? "0" : "1");
  dx_start(w, "c:plotArea");
  dx_start(w, "c:layout");
  dx_end(w);
  dx_start(w, pie ? "c:pieChart" : "c:barChart");
  if (!pie) {
    valattr(w, "c:barDir", timeline ? "bar" : "col");
    valattr(w, "c:grouping", stacked || timeline ? "stacked" : "clustered");
  }
  valattr(w, "c:varyColors", pie ? "1" : "0");
  int idx = 0, nser = 0;
  double tmin = NAN;
  for (const xmlNode *s = chart->children; s; s = s->next) {
    if (!is(s, "series")) continue;
    int n = 0;
    for (const xmlNode *p = s->children; p; p = p->next) n += is(p, "point");
    const char **labels = xcalloc((size_t)n + 1, sizeof *labels);
    double *a = xcalloc((size_t)n + 1, sizeof *a), *b = xcalloc((size_t)n + 1, sizeof *b);
    int i = 0;
    for (const xmlNode *p = s->children; p; p = p->next) {
      if (!is(p, "point")) continue;
      labels[i] = prop(p, "label");
      if (timeline) {
        a[i] = serial(prop(p, "start"));
        b[i] = serial(prop(p, "end")) - a[i] + 1;
        if (!isnan(a[i]) && (isnan(tmin) || a[i] < tmin)) tmin = a[i];
      } else {
        const char *v = prop(p, "value");
        a[i] = v && *v ? strtod(v, NULL) : NAN;
      }
      i++;
    }
    const char *col = prop(s, "color");
    const char *hex = col && strcmp(col, "red") == 0 ? "C00000" : col && col[0] == '#' ? col + 1
                    : PALETTE[nser % 6];
    if (timeline) {
      series(w, idx++, "开始", NULL, labels, a, n, 0, 0);
      series(w, idx++, prop(s, "name"), hex, labels, b, n, 0, 0);
    } else {
      series(w, idx++, prop(s, "name"), hex, labels, a, n, pie, 1);
    }
    nser++;
    free(labels);
    free(a);
    free(b);
    if (pie) break;
  }
  if (!pie) {
    valnum(w, "c:gapWidth", timeline ? 60 : 150);
    if (stacked || timeline) valnum(w, "c:overlap", 100);
    valnum(w, "c:axId", 1);
    valnum(w, "c:axId", 2);
  }
  dx_end(w);
  if (!pie) {
    axis(w, 1, 1, 2, timeline ? "l" : "b", timeline, NAN, NULL);
    axis(w, 0, 2, 1, timeline ? "b" : "l", 0, timeline ? tmin : NAN, timeline ? "yyyy.m.d" : NULL);
  }
  dx_end(w);
  if (!timeline && (nser > 1 || pie)) {
    dx_start(w, "c:legend");
    valattr(w, "c:legendPos", "b");
    valattr(w, "c:overlay", "0");
    dx_end(w);
  }
  valattr(w, "c:plotVisOnly", "1");
  dx_end(w);
  dx_end(w);
  xmlTextWriterEndDocument(w);
}
