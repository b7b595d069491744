/* chart.c: charts as vector drawings (chart.h).
 *
 *   bar          one group per label, one bar per series (before / after)
 *   stacked-bar  one bar per label stacking the series (a composition)
 *   pie          the first series as sectors of a disc, with shares
 *   timeline     one horizontal bar per point from start to end date
 * Every chart has its title, a legend (series names and colours), axes with
 * tick labels, and the value of every bar or sector, in Chinese fonts.
 *
 * A bar chart is drawn as panels chosen from its data: the labels (each with
 * its points' unit) are grouped by unit, and within a unit by scale (a label
 * whose largest value is under a tenth of its panel's largest goes to a panel
 * of its own scale), so that one axis never carries a headcount and a rate,
 * nor 7 -> 17 beside 1,011 -> 1,744. Each panel has its own axis with its
 * unit written above it ("单位：人"). Category labels wrap onto two lines (at
 * 9, 8 or 7 pt; more lines only when two cannot hold them), never cut. */
#include "chart.h"
#include "layout_inline.h"
#include "linebreak.h"
#include "dates.h"
#include "decimal.h"
#include "util.h"
#include "xpathfn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHART_MAX_SERIES 8
#define CHART_MAX_POINTS 64

static const unsigned PALETTE[CHART_MAX_SERIES] = {
  0x5B8FD4, 0xE8853A, 0x7FB35B, 0xF2C14E, 0x9B6FC0, 0x4DB6AC, 0xD9534F, 0x8C8C8C
};

typedef struct cseries {
  char *name; unsigned color; int n;
  char *label[CHART_MAX_POINTS];
  char *unit[CHART_MAX_POINTS];    /* a point's own unit (bar charts), or NULL: the chart's */
  double v[CHART_MAX_POINTS], s[CHART_MAX_POINTS];
} cseries;

typedef struct chart {
  cseries ser[CHART_MAX_SERIES];
  int nser;
  char *unit;
  int role;
  double x, w, h;
} chart;

/* Strict decimal: digits, one point, optional sign. Returns 0 or -1. */
static int parse_value(const char *s, double *v)
{
  const char *p = s;
  if (*p == '-' || *p == '+') p++;
  int digits = 0, dot = 0;
  for (; *p; p++) {
    if (*p >= '0' && *p <= '9') digits++;
    else if (*p == '.' && !dot) dot = 1;
    else return -1;
  }
  if (!digits) return -1;
  *v = strtod(s, NULL);
  return isfinite(*v) ? 0 : -1;
}

/* Days since 1970-01-01 of YYYY-MM-DD, or -1e9. */
static double parse_day(const char *s)
{
  dates_ymd dt;
  if (!s || dates_parse(s, 0, &dt) != DATE_OK) return -1e9;
  int y = dt.y, m = dt.m, d = dt.d;
  /* days from civil (Howard Hinnant) */
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097.0 + doe - 719468;
}

static void civil(double days, int *y, int *m)
{
  long z = (long)days + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A value as the documents' tables write it: thousands grouped (1,744),
 * at most two decimals, no trailing zeros (rg:group's one implementation). */
static char *fmt_value(double v, const char *unit)
{
  char buf[64];
  if (fabs(v - round(v)) < 1e-9) snprintf(buf, sizeof buf, "%.0f", v);
  else {
    snprintf(buf, sizeof buf, "%.2f", v);
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == '0') buf[--n] = '\0';
  }
  dec d;
  strbuf b = {0};
  if (dec_parse(buf, &d) != 0 || xpathfn_group(d, -1, &b) != 0) sb_add(&b, buf);
  sb_add(&b, unit ? unit : "");
  return sb_detach(&b);
}

/* A "nice" axis maximum and step (1, 2 or 5 times a power of ten). */
static void nice_axis(double max, double *top, double *step)
{
  if (max <= 0) max = 1;
  double raw = max / 5, p = pow(10, floor(log10(raw))), f = raw / p;
  *step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  *top = ceil(max / *step - 1e-9) * *step;
}

static void path_add(dl_list *items, const double *pts, int n, unsigned fill, double lw)
{
  dl_item *it = dl_add(items, DL_PATH);
  it->pts = xmalloc((size_t)n * 2 * sizeof *it->pts);
  memcpy(it->pts, pts, (size_t)n * 2 * sizeof *it->pts);
  it->npts = n;
  it->fill = fill;
  it->color = 0xFFFFFF;
  it->lw = lw;
}

/* The legend: one swatch and name per series, centred on one line at y.
 * Returns the height it took. */
static double legend(lctx *c, dl_list *items, const chart *ch, double y, int pie)
{
  double size = 9, sw = 8, gap = 12, total = 0;
  int n = pie ? ch->ser[0].n : ch->nser;
  for (int i = 0; i < n; i++)
    total += sw + 4 + lo_text_width(c, ch->role, size, pie ? ch->ser[0].label[i] : ch->ser[i].name) + (i ? gap : 0);
  double x = ch->x + (ch->w - total) / 2;
  for (int i = 0; i < n; i++) {
    unsigned col = pie ? PALETTE[i % CHART_MAX_SERIES] : ch->ser[i].color;
    dl_add_rect(items, x, y + 2, sw, sw, col, 1, 0, 0);
    x += sw + 4;
    x += lo_label(c, items, x, y + 2 + sw - 0.5, pie ? ch->ser[0].label[i] : ch->ser[i].name, ch->role, size, 0, AL_LEFT) + gap;
  }
  return 16;
}

#define SCALE_RATIO 10.0   /* a label under 1/10 of its panel's largest goes to another panel */
#define LABEL_MAX_LINES 2

/* Breaks text into lines of at most w pt at size, at the places linebreak.h
 * allows. Sets start[i], the byte offset where line i starts (start[n] the
 * end), for at most max lines; returns the number of lines it takes (a unit
 * wider than w is a line of its own). */
static int wrap_label(lctx *c, int role, double size, const char *text, double w, int *start, int max)
{
  size_t len = strlen(text);
  int ncp = 0;
  unsigned *cps = xmalloc((len + 1) * sizeof *cps);
  size_t *off = xmalloc((len + 1) * sizeof *off);
  for (size_t i = 0; i < len;) {
    size_t l = utf8_decode(text + i, len - i, &cps[ncp]);
    if (l == 0) l = 1;
    off[ncp++] = i;
    i += l;
  }
  off[ncp] = len;
  unsigned char *brk = xcalloc((size_t)ncp + 1, 1);
  if (ncp > 0) lb_breaks(cps, (size_t)ncp, brk);
  brk[ncp] = 1;
  char *buf = xmalloc(len + 1);
  int lines = 0, s0 = 0;
  while (s0 < ncp) {
    int best = -1;
    for (int e = s0 + 1; e <= ncp; e++) {
      if (!brk[e]) continue;
      memcpy(buf, text + off[s0], off[e] - off[s0]);
      buf[off[e] - off[s0]] = '\0';
      if (lo_text_width(c, role, size, buf) <= w) best = e;
      else { if (best < 0) best = e; break; }
    }
    if (best < 0) best = ncp;
    if (lines < max) start[lines] = (int)off[s0];
    lines++;
    s0 = best;
  }
  if (lines <= max) start[lines] = (int)len;
  free(buf);
  free(brk);
  free(off);
  free(cps);
  return lines;
}

/* How a category label is set: its size and lines. */
typedef struct clabel { double size; int n; int start[8]; } clabel;

static void fit_label(lctx *c, int role, const char *text, double w, clabel *out)
{
  static const double sizes[] = { 9, 8, 7 };
  for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
    out->size = sizes[i];
    out->n = wrap_label(c, role, sizes[i], text, w, out->start, 7);
    if (out->n == 2) {
      /* two lines of about equal length, not a long one over a lone
       * character ("旗团委专职团干" over "部"): the narrowest width that
       * still takes two lines */
      double lo = w / 2, hi = w;
      int st[8];
      for (int k = 0; k < 8 && hi - lo > 0.5; k++) {
        double mid = (lo + hi) / 2;
        if (wrap_label(c, role, sizes[i], text, mid, st, 7) == 2) hi = mid;
        else lo = mid;
      }
      out->n = wrap_label(c, role, sizes[i], text, hi, out->start, 7);
    }
    if (out->n <= LABEL_MAX_LINES) return;
  }
  if (out->n > 7) out->n = 7;   /* lines beyond the seventh join the seventh */
  out->start[out->n] = (int)strlen(text);
}

static void draw_label(lctx *c, dl_list *items, const clabel *l, const char *text, double cx, double y, int role)
{
  for (int i = 0; i < l->n; i++) {
    int a = l->start[i], b = l->start[i + 1];
    char *part = xmalloc((size_t)(b - a) + 1);
    memcpy(part, text + a, (size_t)(b - a));
    part[b - a] = '\0';
    lo_label(c, items, cx, y + l->size * ASCENT + i * l->size * 1.25, part, role, l->size, 0, AL_CENTER);
    free(part);
  }
}

/* One panel of a bar chart: the categories cat[0..ncat) on one axis of
 * unit (NULL: none), in the box x, top, w, h. */
static void bar_panel(lctx *c, dl_list *items, const chart *ch, const int *cat, int ncat, const char *unit,
                      double x, double top, double w, double h, int stacked, const clabel *labels, double label_h)
{
  double max = 0;
  for (int q = 0; q < ncat; q++) {
    int k = cat[q];
    double sum = 0;
    for (int i = 0; i < ch->nser; i++) {
      double v = k < ch->ser[i].n && ch->ser[i].v[k] > 0 ? ch->ser[i].v[k] : 0;
      if (stacked) sum += v;
      else if (v > max) max = v;
    }
    if (stacked && sum > max) max = sum;
  }
  double amax, step;
  nice_axis(max * 1.1, &amax, &step);
  double lab = 8, label_w = 0;
  for (double v = 0; v <= amax + step / 2; v += step) {
    char *t = fmt_value(v, NULL);
    double tw = lo_text_width(c, ch->role, lab, t);
    if (tw > label_w) label_w = tw;
    free(t);
  }
  double px = x + label_w + 6, pw = x + w - px - 6;
  double py = top + 16, ph = h - 16 - label_h - 6;
  if (ph < 20 || pw < 20) return;
  if (unit && *unit) {
    char *u = xasprintf("单位：%s", unit);
    lo_label(c, items, x, top + 8, u, ch->role, lab, 0x404040, AL_LEFT);
    free(u);
  }
  double base = py + ph;
  for (double v = 0; v <= amax + step / 2; v += step) {
    double y = base - v / amax * ph;
    if (v > 0) dl_add_line(items, px, y, px + pw, y, 0xD9D9D9, 0.4);
    char *t = fmt_value(v, NULL);
    lo_label(c, items, px - 3, y + lab * 0.35, t, ch->role, lab, 0x404040, AL_RIGHT);
    free(t);
  }
  dl_add_line(items, px, py - 4, px, base, 0, 0.8);
  dl_add_line(items, px, base, px + pw, base, 0, 0.8);
  double gw = pw / (ncat ? ncat : 1);
  double bw = stacked ? gw * 0.5 : gw * 0.75 / ch->nser;
  /* value labels no wider than a bar, so that neighbours never touch */
  double vs = 8;
  for (int q = 0; q < ncat; q++)
    for (int i = 0; i < ch->nser; i++) {
      int k = cat[q];
      char *t = fmt_value(k < ch->ser[i].n ? ch->ser[i].v[k] : 0, NULL);
      double tw = lo_text_width(c, ch->role, vs, t);
      while (!stacked && tw > bw && vs > 5) { vs -= 0.5; tw = lo_text_width(c, ch->role, vs, t); }
      free(t);
    }
  for (int q = 0; q < ncat; q++) {
    int k = cat[q];
    double gx = px + gw * q;
    double bx = gx + (gw - (stacked ? bw : bw * ch->nser)) / 2, acc = 0;
    for (int i = 0; i < ch->nser; i++) {
      double v = k < ch->ser[i].n && ch->ser[i].v[k] > 0 ? ch->ser[i].v[k] : 0;
      double hgt = v / amax * ph;
      double x0 = stacked ? bx : bx + bw * i, y0 = base - acc - hgt;
      dl_add_rect(items, x0, y0, bw, hgt, ch->ser[i].color, 1, 0, 0);
      char *t = fmt_value(k < ch->ser[i].n ? ch->ser[i].v[k] : 0, NULL);
      if (stacked) {
        if (hgt > vs + 2) lo_label(c, items, x0 + bw / 2, y0 + hgt / 2 + vs * 0.35, t, ch->role, vs, 0xFFFFFF, AL_CENTER);
        acc += hgt;
      } else lo_label(c, items, x0 + bw / 2, y0 - 2, t, ch->role, vs, 0x202020, AL_CENTER);
      free(t);
    }
    draw_label(c, items, &labels[k], ch->ser[0].label[k], gx + gw / 2, base + 3, ch->role);
  }
}

static const char *point_unit(const chart *ch, int k)
{
  const char *u = ch->ser[0].unit[k];
  return u ? u : ch->unit ? ch->unit : "";
}

static double cat_max(const chart *ch, int k)
{
  double m = 0;
  for (int i = 0; i < ch->nser; i++)
    if (k < ch->ser[i].n && fabs(ch->ser[i].v[k]) > m) m = fabs(ch->ser[i].v[k]);
  return m;
}

/* The panels of a bar chart (see the top of the file); returns the chart's
 * height, which grows by a row of panels when they do not fit across. With
 * items NULL only measures. */
static double bars(lctx *c, dl_list *items, const chart *ch, double top, int stacked)
{
  int ncat = ch->ser[0].n;
  int panel[CHART_MAX_POINTS], npanels = 0;   /* panel of each category */
  int used[CHART_MAX_POINTS] = {0};
  for (int k = 0; k < ncat; k++) {
    if (used[k]) continue;
    /* the unit of k: its scale bands, largest first */
    for (;;) {
      double top_v = -1;
      int lead = -1;
      for (int j = 0; j < ncat; j++)
        if (!used[j] && strcmp(point_unit(ch, j), point_unit(ch, k)) == 0 && cat_max(ch, j) > top_v) {
          top_v = cat_max(ch, j);
          lead = j;
        }
      if (lead < 0) break;
      for (int j = 0; j < ncat; j++)
        if (!used[j] && strcmp(point_unit(ch, j), point_unit(ch, k)) == 0
            && (stacked || cat_max(ch, j) * SCALE_RATIO >= top_v)) {
          used[j] = 1;
          panel[j] = npanels;
        }
      npanels++;
    }
  }
  /* panels in rows: each at least 40mm plus 18mm a category beyond the first */
  double minw[CHART_MAX_POINTS], total = 0;
  int count[CHART_MAX_POINTS] = {0};
  for (int k = 0; k < ncat; k++) count[panel[k]]++;
  for (int p = 0; p < npanels; p++) { minw[p] = 40 * MM + 18 * MM * (count[p] - 1); total += minw[p]; }
  int row_of[CHART_MAX_POINTS], nrows = 0;
  double roww[CHART_MAX_POINTS] = {0};
  for (int p = 0; p < npanels; p++) {
    if (p == 0 || roww[nrows - 1] + minw[p] > ch->w + 0.01) nrows++;
    row_of[p] = nrows - 1;
    roww[nrows - 1] += minw[p];
  }
  (void)total;
  /* widths: the row's width shared in proportion to the least widths, none
   * over 1.5 times its least (a row of few panels is centred) */
  double pw[CHART_MAX_POINTS], px[CHART_MAX_POINTS];
  for (int r = 0, p = 0; r < nrows; r++) {
    double grow = ch->w / roww[r] > 1.5 ? 1.5 : ch->w / roww[r];
    double xx = ch->x + (ch->w - roww[r] * grow) / 2;
    for (; p < npanels && row_of[p] == r; p++) {
      pw[p] = minw[p] * grow;
      px[p] = xx;
      xx += pw[p];
    }
  }
  /* the labels, fitted to their groups; the label band of a row is its tallest */
  clabel labels[CHART_MAX_POINTS];
  double label_h[CHART_MAX_POINTS] = {0};
  for (int k = 0; k < ncat; k++) {
    int p = panel[k];
    double gw = (pw[p] - 40) / count[p];   /* about the plot's width per group */
    fit_label(c, ch->role, ch->ser[0].label[k], gw - 4, &labels[k]);
    double lh = labels[k].n * labels[k].size * 1.25 + 2;
    if (lh > label_h[row_of[p]]) label_h[row_of[p]] = lh;
  }
  double row_h = ch->h - top;
  if (row_h < 60) row_h = 60;
  double y = top;
  for (int r = 0; r < nrows; r++) {
    double h = row_h + (label_h[r] > 2 * 9 * 1.25 + 2 ? label_h[r] - (2 * 9 * 1.25 + 2) : 0);
    for (int p = 0; p < npanels && items; p++) {
      if (row_of[p] != r) continue;
      int cat[CHART_MAX_POINTS], n = 0;
      for (int k = 0; k < ncat; k++) if (panel[k] == p) cat[n++] = k;
      bar_panel(c, items, ch, cat, n, point_unit(ch, cat[0]), px[p], y, pw[p], h, stacked, labels, label_h[r]);
    }
    y += h;
  }
  return y;
}

/* Pie labels sit outside the disc, on the side of their sector's middle;
 * labels on one side are pushed apart vertically so that none overlap, and a
 * leader joins each to its sector. */
typedef struct plabel { double y, ay, ax, mid; int k; } plabel;

static int cmp_plabel(const void *a, const void *b)
{
  double d = ((const plabel *)a)->y - ((const plabel *)b)->y;
  return d < 0 ? -1 : d > 0;
}

static void pie(lctx *c, dl_list *items, const chart *ch, double top)
{
  const cseries *s = &ch->ser[0];
  double sum = 0;
  for (int k = 0; k < s->n; k++) if (s->v[k] > 0) sum += s->v[k];
  if (sum <= 0) return;
  double r = (ch->h - top - 24) / 2;
  if (r > ch->w / 4) r = ch->w / 4;
  if (r < 5) return;
  double cx = ch->x + ch->w / 2, cy = top + 10 + r;
  double a = -M_PI / 2;
  plabel side[2][CHART_MAX_POINTS];
  int nside[2] = { 0, 0 };
  for (int k = 0; k < s->n; k++) {
    if (s->v[k] <= 0) continue;
    double da = s->v[k] / sum * 2 * M_PI;
    int steps = (int)ceil(da / (M_PI / 90)) + 1;
    double *pts = xmalloc((size_t)(steps + 2) * 2 * sizeof *pts);
    pts[0] = cx; pts[1] = cy;
    for (int i = 0; i <= steps; i++) {
      double t = a + da * i / steps;
      pts[2 * (i + 1)] = cx + r * cos(t);
      pts[2 * (i + 1) + 1] = cy + r * sin(t);
    }
    path_add(items, pts, steps + 2, PALETTE[k % CHART_MAX_SERIES], 0.8);
    free(pts);
    double mid = a + da / 2;
    int sd = cos(mid) >= 0 ? 0 : 1;
    side[sd][nside[sd]++] = (plabel){ cy + (r + 10) * sin(mid), cy + r * sin(mid), cx + r * cos(mid), mid, k };
    a += da;
  }
  double gap = 11;
  for (int sd = 0; sd < 2; sd++) {
    plabel *v = side[sd];
    int n = nside[sd];
    qsort(v, (size_t)n, sizeof *v, cmp_plabel);
    for (int i = 1; i < n; i++) if (v[i].y < v[i - 1].y + gap) v[i].y = v[i - 1].y + gap;
    for (int i = n - 2; i >= 0; i--) if (v[i].y > v[i + 1].y - gap) v[i].y = v[i + 1].y - gap;
    for (int i = 0; i < n; i++) {
      int k = v[i].k;
      double lx = sd == 0 ? cx + r + 14 : cx - r - 14;
      double ex = sd == 0 ? lx - 2 : lx + 2;
      dl_add_line(items, v[i].ax, v[i].ay, ex, v[i].y, 0x808080, 0.4);
      char *val = fmt_value(s->v[k], ch->unit);
      char *t = xasprintf("%s %s（%.1f%%）", s->label[k], val, s->v[k] / sum * 100);
      lo_label(c, items, lx, v[i].y + 3, t, ch->role, 8.5, 0x202020, sd == 0 ? AL_LEFT : AL_RIGHT);
      free(t);
      free(val);
    }
  }
}

static void timeline(lctx *c, dl_list *items, const chart *ch, double top)
{
  const cseries *s = &ch->ser[0];
  double lo = 1e18, hi = -1e18, label_w = 0, lab = 9;
  for (int k = 0; k < s->n; k++) {
    if (s->s[k] < lo) lo = s->s[k];
    if (s->v[k] > hi) hi = s->v[k];
    double w = lo_text_width(c, ch->role, lab, s->label[k]);
    if (w > label_w) label_w = w;
  }
  if (hi <= lo) hi = lo + 1;
  double px = ch->x + label_w + 8, pw = ch->x + ch->w - px - 8;
  double py = top + 4, rowh = (ch->h - py - 2 * lab - 6) / (s->n ? s->n : 1);
  if (rowh > 24) rowh = 24;
  if (rowh < 2 || pw < 20) return;   /* no room: the title and nothing else */
  double base = py + rowh * s->n;
  /* month ticks */
  int y0, m0, y1, m1;
  civil(lo, &y0, &m0);
  civil(hi, &y1, &m1);
  int months = (y1 - y0) * 12 + (m1 - m0) + 1, every = months > 12 ? (months + 11) / 12 : 1;
  for (int i = 0; i <= months; i += every) {
    int y = y0 + (m0 - 1 + i) / 12, m = (m0 - 1 + i) % 12 + 1;
    char d[16];
    snprintf(d, sizeof d, "%04d-%02d-01", y, m);
    double day = parse_day(d);
    if (day < lo) continue;   /* ticks at month starts only: none crowding the start */
    if (day > hi) break;
    double x = px + (day - lo) / (hi - lo) * pw;
    dl_add_line(items, x, py, x, base, 0xD9D9D9, 0.4);
    char *t = xasprintf("%d.%d", y, m);
    lo_label(c, items, x, base + lab + 3, t, ch->role, 8, 0x404040, AL_CENTER);
    free(t);
  }
  dl_add_line(items, px, base, px + pw, base, 0, 0.8);
  for (int k = 0; k < s->n; k++) {
    double x0 = px + (s->s[k] - lo) / (hi - lo) * pw, x1 = px + (s->v[k] - lo) / (hi - lo) * pw;
    double y = py + rowh * k;
    if (x1 - x0 < 2) x1 = x0 + 2;
    dl_add_rect(items, x0, y + rowh * 0.2, x1 - x0, rowh * 0.6, PALETTE[k % CHART_MAX_SERIES], 1, 0, 0);
    lo_label(c, items, px - 4, y + rowh / 2 + lab * 0.35, s->label[k], ch->role, lab, 0, AL_RIGHT);
  }
}

void lo_chart(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure)
{
  chart ch = { .role = st->role, .x = x };
  char *type = lo_attr(n, "type"), *title = lo_attr(n, "title");
  ch.unit = lo_attr(n, "unit");
  ch.w = lo_len_attr(c, n, "width", st, measure);
  if (ch.w > measure || ch.w <= 40) ch.w = measure;
  ch.h = lo_len_attr(c, n, "height", st, ch.w * 0.5);
  if (ch.h < 60) ch.h = 60;
  if (st->align == AL_CENTER || st->align == AL_JUSTIFY) ch.x = x + (measure - ch.w) / 2;
  else if (st->align == AL_RIGHT) ch.x = x + measure - ch.w;
  int kind = !type || strcmp(type, "bar") == 0 ? 0 : strcmp(type, "stacked-bar") == 0 ? 1
           : strcmp(type, "pie") == 0 ? 2 : strcmp(type, "timeline") == 0 ? 3 : -1;
  if (kind < 0) { lo_error(c, n, "chart type '%s' is not bar, stacked-bar, pie or timeline", type); goto done; }
  for (xmlNode *s = n->children; s; s = s->next) {
    if (s->type != XML_ELEMENT_NODE || strcmp((const char *)s->name, "series") != 0) continue;
    if (ch.nser == CHART_MAX_SERIES) { lo_error(c, s, "a chart has more than %d series", CHART_MAX_SERIES); goto done; }
    cseries *se = &ch.ser[ch.nser];
    se->name = lo_attr(s, "name");
    if (!se->name) se->name = xstrdup("");
    char *col = lo_attr(s, "color");
    se->color = lo_color(col, PALETTE[ch.nser]);
    free(col);
    ch.nser++;
    for (xmlNode *p = s->children; p; p = p->next) {
      if (p->type != XML_ELEMENT_NODE || strcmp((const char *)p->name, "point") != 0) continue;
      if (se->n == CHART_MAX_POINTS) { lo_error(c, p, "a series has more than %d points", CHART_MAX_POINTS); goto done; }
      char *label = lo_attr(p, "label"), *v = lo_attr(p, "value");
      se->label[se->n] = label ? label : xstrdup("");
      se->unit[se->n] = lo_attr(p, "unit");
      if (kind == 3) {
        char *a = lo_attr(p, "start"), *b = lo_attr(p, "end");
        se->s[se->n] = parse_day(a);
        se->v[se->n] = parse_day(b);
        if (se->s[se->n] < -1e8 || se->v[se->n] < -1e8 || se->v[se->n] < se->s[se->n])
          lo_error(c, p, "a timeline point needs start and end dates (YYYY-MM-DD), start first");
        free(a);
        free(b);
      } else if (!v || parse_value(v, &se->v[se->n]) != 0) {
        lo_error(c, p, "chart value '%s' is not a number", v ? v : "");
      }
      free(v);
      se->n++;
    }
  }
  if (ch.nser == 0 || ch.ser[0].n == 0) { lo_warn(c, n, "a chart without data; left out"); goto done; }
  piece *pc = flow_add(f, c);
  pc->before += st->before;
  pc->h = ch.h;
  pc->keep_next = st->keep;
  double top = 6;
  if (title && *title) {
    lo_label(c, &pc->items, ch.x + ch.w / 2, top + 12, title, st->role == FONT_SONG ? FONT_HEI : st->role, 11, 0, AL_CENTER);
    top += 18;
  }
  if (kind != 3 && (ch.nser > 1 || kind == 2)) top += legend(c, &pc->items, &ch, top, kind == 2);
  if (kind == 0 || kind == 1) {
    double h = bars(c, &pc->items, &ch, top, kind == 1);
    if (h > pc->h) pc->h = h;
  }
  else if (kind == 2) pie(c, &pc->items, &ch, top);
  else timeline(c, &pc->items, &ch, top);
  lo_space_after(c, st->after);
done:
  for (int i = 0; i < ch.nser; i++) {
    free(ch.ser[i].name);
    for (int k = 0; k < ch.ser[i].n; k++) { free(ch.ser[i].label[k]); free(ch.ser[i].unit[k]); }
  }
  free(ch.unit);
  free(type);
  free(title);
}
