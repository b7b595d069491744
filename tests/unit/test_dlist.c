/* test_dlist.c: the display list as data (dlist.h). A small document is
 * laid out and its pages read the way a renderer reads them: page count and
 * labels, the place of a paragraph's glyph run and of a rule worked out here
 * from the defaults (A4, 25 mm margins, 12 pt text on an 18 pt pitch, first
 * line indented two characters), every run's font defined and its glyphs
 * adding up to its width, the painting layers and the bookmark. */
/* checks: 12 */
#include "test.h"
#include "diag.h"
#include "dlist.h"
#include "fonts.h"
#include "layout.h"

#include <libxml/parser.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MM (72 / 25.4)

static const char DOC[] =
  "<document page-number=\"plain\">"
  "<heading level=\"1\">一、总体要求</heading>"
  "<p>共青团改革方案</p>"
  "<rule thickness=\"1pt\"/>"
  "<page-break/>"
  "<box border=\"1pt\"><p>第二页</p></box>"
  "</document>";

/* The first upright text run on page p whose text is want, or NULL. */
static const dl_item *find_run(const dl_doc *l, int p, const char *want)
{
  const dl_page *pg = &l->pages[p];
  for (int k = 0; k < pg->items.n; k++) {
    const dl_item *it = &pg->items.v[k];
    if (it->kind == DL_TEXT && !it->furniture && strcmp(it->text, want) == 0) return it;
  }
  return NULL;
}

static const dl_item *find_kind(const dl_page *pg, dl_kind kind)
{
  for (int k = 0; k < pg->items.n; k++)
    if (pg->items.v[k].kind == kind && !pg->items.v[k].furniture) return &pg->items.v[k];
  return NULL;
}

typedef struct sum { double advances; int glyphs, missing; } sum;

static void add_glyph(const dl_glyph *g, void *user)
{
  sum *s = user;
  s->advances += g->advance;
  s->glyphs++;
  s->missing += g->gid == 0;
}

int main(void)
{
  diag_list *d = diag_new("dlist.xml", 20);
  fontset *fs = fontset_load("fonts/fonts.conf", d);
  xmlDocPtr tree = xmlReadMemory(DOC, (int)strlen(DOC), "dlist.xml", NULL, XML_PARSE_NONET);
  dl_doc *l = fs && tree ? layout_run(tree, fs, d) : NULL;
  if (!l) {
    diag_print(d, stderr);
    printf("FAIL dlist the document lays out\n");
    for (int i = 1; i < 12; i++) printf("FAIL dlist check %d: no layout\n", i);
    return 1;
  }
  CHECK("dlist two pages, labelled 1 and 2",
        dl_page_count(l) == 2 && l->pages[0].number == 1 && l->pages[1].number == 2
        && !l->pages[0].unnumbered && !l->pages[1].unnumbered);

  /* the block: A4 less 25 mm on every side */
  const dl_page *p0 = &l->pages[0];
  double left = 25 * MM, top = 25 * MM, width = 595.276 - 50 * MM;
  CHECK("dlist text block from the margins",
        fabs(p0->w - 595.276) < 0.01 && fabs(p0->h - 841.89) < 0.01 && fabs(p0->bx - left) < 0.01
        && fabs(p0->by - top) < 0.01 && fabs(p0->bw - width) < 0.01);

  /* the paragraph's line: below the heading's 18 pt line, itself below the
   * 9 pt of air a level-1 heading takes off the grid (none at a page top);
   * indented 2 em; baseline (pitch - size) / 2 + 0.88 size below the line top */
  const dl_item *run = find_run(l, 0, "共青团改革方案");
  double base = top + 18 + (18 - 12) / 2.0 + 0.88 * 12;
  CHECK("dlist paragraph run at its place",
        run && fabs(run->x - (left + 24)) < 0.01 && fabs(run->y - base) < 0.01 && run->size == 12
        && run->color == 0 && run->angle == 0);

  int fonts_ok = 1, widths_ok = 1, runs = 0;
  for (int p = 0; p < l->npages; p++)
    for (int k = 0; k < l->pages[p].items.n; k++) {
      const dl_item *it = &l->pages[p].items.v[k];
      if (it->kind != DL_TEXT) continue;
      runs++;
      if (it->font < 0 || it->font >= fontset_font_count(fs) || !fontset_file(fs, it->font)) fonts_ok = 0;
      sum s = {0};
      int n = dl_glyphs(l, it, add_glyph, &s);
      if (n != s.glyphs || s.missing || fabs(s.advances + (n - 1) * it->cs - it->width) > 0.001) widths_ok = 0;
    }
  CHECK("dlist every run's font is a font of the set", runs >= 4 && fonts_ok);
  CHECK("dlist every run's glyphs are in its font and add up to its width", runs >= 4 && widths_ok);

  sum s7 = {0};
  CHECK("dlist seven ideographs of 12 pt", run && dl_glyphs(l, run, add_glyph, &s7) == 7
        && fabs(s7.advances - 7 * fontset_width(fs, run->font, 0x5171) * 12 / 1000.0) < 0.001);

  /* the rule: under the paragraph's line, half its thickness down */
  const dl_item *rule = find_kind(p0, DL_LINE);
  CHECK("dlist rule across the block under the paragraph",
        rule && fabs(rule->x - left) < 0.01 && fabs(rule->x2 - (left + width)) < 0.01
        && fabs(rule->y - (top + 36 + 0.5)) < 0.01 && rule->y == rule->y2 && rule->lw == 1);

  /* the box on page 2: its outline stroked, never filled; its text inside */
  const dl_page *p1 = &l->pages[1];
  const dl_item *box = find_kind(p1, DL_RECT), *inner = find_run(l, 1, "第二页");
  CHECK("dlist box outline on page 2 around its text",
        box && box->stroked && !box->filled && box->lw == 1 && fabs(box->x - left) < 0.01
        && fabs(box->y - top) < 0.01 && inner && inner->x > box->x && inner->y > box->y
        && inner->y < box->y + box->y2);
  CHECK("dlist a stroked rectangle paints in the stroke layer only",
        box && dl_in_layer(box, DL_LAYER_STROKE) && !dl_in_layer(box, DL_LAYER_FILL)
        && run && dl_in_layer(run, DL_LAYER_TEXT) && !dl_in_layer(run, DL_LAYER_UNDER));

  /* page furniture: the plain page number, on the outer side of an even page */
  int numbered = 0;
  for (int k = 0; k < p1->items.n; k++)
    if (p1->items.v[k].kind == DL_TEXT && p1->items.v[k].furniture && strcmp(p1->items.v[k].text, "2") == 0
        && p1->items.v[k].y > p1->by + p1->bh)
      numbered = 1;
  CHECK("dlist page 2 carries its label below the block", numbered);

  CHECK("dlist one bookmark: the heading on page 1",
        l->nmarks == 1 && l->marks[0].level == 1 && l->marks[0].page == 0
        && strcmp(l->marks[0].title, "一、总体要求") == 0);

  char *dump = NULL;
  size_t dlen = 0;
  FILE *f = open_memstream(&dump, &dlen);
  if (f) { dl_dump(l, f); fclose(f); }
  CHECK("dlist dump names the pages and the run", dump && strncmp(dump, "layout pages=2\n", 15) == 0
        && strstr(dump, "\"共青团改革方案\"") && strstr(dump, "page 2 number=2"));
  free(dump);

  dl_doc_free(l);
  xmlFreeDoc(tree);
  fontset_free(fs);
  diag_free(d);
  xmlCleanupParser();
  return test_status();
}
