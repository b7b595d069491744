/* test_layout_hostile.c: document trees that layout must survive without a
 * crash, a hang or a leak (the sanitized run watches): absurd spans and
 * sizes, empty and missing parts, deep nesting, huge words, bad images. Each
 * case says whether it must succeed (with its page count bounded) or fail with
 * an error; every successful layout is also written to a PDF. */
/* checks: 25 */
#include "test.h"
#include "diag.h"
#include "fonts.h"
#include "layout.h"
#include "pdf.h"
#include "util.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct hcase { const char *name, *xml; int ok; int max_pages; } hcase;

static const hcase CASES[] = {
  { "hostile empty document", "<document/>", 1, 1 },
  { "hostile empty paragraph and title", "<document><title/><p/><heading level=\"9\"/></document>", 1, 1 },
  { "hostile only page breaks", "<document><page-break/><page-break/><page-break/></document>", 1, 1 },
  { "hostile huge colspan and rowspan",
    "<document><table><tbody><tr><td colspan=\"100000\">甲</td></tr><tr><td rowspan=\"99999999\">乙</td><td>丙</td></tr></tbody></table></document>", 1, 2 },
  { "hostile spans inside the limit",
    "<document><table><thead><tr><td colspan=\"3\" rowspan=\"5\">头</td></tr></thead><tbody><tr><td rowspan=\"40\">乙</td><td>丙</td></tr><tr/><tr><td colspan=\"9\"/></tr></tbody></table></document>", 1, 3 },
  { "hostile table without rows", "<document><table><col width=\"-5mm\"/><col width=\"0*\"/><col width=\"abc\"/></table></document>", 1, 1 },
  { "hostile negative and zero sizes",
    "<document size=\"0\" line-pitch=\"-3pt\" letter-spacing=\"-100pt\"><p indent=\"-900pt\" space-before=\"-50pt\">团县委</p><spacer height=\"-9mm\"/><rule thickness=\"-1\" width=\"500%\"/></document>", 1, 2 },
  { "hostile huge letter spacing", "<document><p size=\"150\" letter-spacing=\"300pt\">甲乙丙丁戊己庚辛壬癸</p></document>", 1, 5 },
  { "hostile one long word",
    "<document><p>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA 1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890</p></document>", 1, 1 },
  { "hostile closing marks only", "<document><p>，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，。。。。。。。。。。。。。。。。。。</p></document>", 1, 1 },
  { "hostile opening marks only", "<document><p>（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（</p></document>", 1, 1 },
  { "hostile deep spans",
    "<document><p><span><span><span><span><span><span><span><span><span><span><span><span><b><b><b><b>深</b></b></b></b></span></span></span></span></span></span></span></span></span></span></span></span></p></document>", 1, 1 },
  { "hostile nested boxes", "<document><box><box><box><box><box><box><box><p>甲</p></box></box></box></box></box></box></box></document>", 0, 0 },
  { "hostile huge margins", "<document margin-top=\"500mm\" margin-left=\"300mm\"><p>甲</p></document>", 0, 0 },
  { "hostile missing image", "<document><image src=\"/nonexistent/x.png\"/></document>", 0, 0 },
  { "hostile image that is not a PNG", "<document><image src=\"/etc/hostname\"/></document>", 0, 0 },
  { "hostile bad chart", "<document><chart type=\"radar\"><series><point value=\"1\"/></series></chart></document>", 0, 0 },
  { "hostile chart values", "<document><chart type=\"bar\"><series name=\"甲\"><point label=\"a\" value=\"0\"/><point label=\"b\" value=\"-5\"/></series></chart>"
    "<chart type=\"pie\"><series><point label=\"零\" value=\"0\"/></series></chart><chart type=\"stacked-bar\"/></document>", 1, 2 },
  { "hostile bad chart number", "<document><chart><series><point label=\"a\" value=\"1e999\"/></series></chart></document>", 0, 0 },
  { "hostile timeline backwards", "<document><chart type=\"timeline\"><series><point label=\"a\" start=\"2024-05-01\" end=\"2024-01-01\"/></series></chart></document>", 0, 0 },
  { "hostile colophon taller than a page",
    "<document><colophon><cc>抄送：甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲。</cc></colophon><colophon/></document>", 1, 3 },
  { "hostile keep longer than a page",
    "<document><keep><spacer height=\"200mm\"/><spacer height=\"200mm\"/><p>甲</p></keep></document>", 1, 3 },
  { "hostile unknown elements and fonts", "<document font=\"comic\"><frobnicate/><p font=\"宋体\" color=\"#zzzzzz\" align=\"sideways\">甲</p></document>", 1, 1 },
  { "hostile sections without blocks", "<document><section/><section paper=\"B5\" orientation=\"sideways\"/></document>", 1, 2 },
  { "hostile header with page count", "<document page-number=\"of-total\" watermark=\"草稿\"><header>第<page-number/>页，共<page-count/>页</header><footer><page-count/></footer><p>甲</p></document>", 1, 1 },
};

int main(void)
{
  diag_list *fd = diag_new("fonts/fonts.conf", 10);
  fontset *fs = fontset_load("fonts/fonts.conf", fd);
  pdf_writer *w = fs ? pdf_writer_new(fs) : NULL;
  char dir[] = "/tmp/rghostile.XXXXXX";
  if (!fs || !w || !mkdtemp(dir)) { printf("FAIL hostile setup\n"); return 1; }
  char *out = xasprintf("%s/x.pdf", dir);
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    const hcase *h = &CASES[i];
    diag_list *d = diag_new(h->name, 100);
    xmlDocPtr tree = xmlReadMemory(h->xml, (int)strlen(h->xml), "hostile.xml", NULL, XML_PARSE_NONET);
    dl_doc *l = tree ? layout_run(tree, fs, d) : NULL;
    int ok;
    if (h->ok) ok = l && dl_page_count(l) >= 1 && dl_page_count(l) <= h->max_pages
                    && pdf_write(w, l, out, d) == 0;
    else ok = !l && diag_errors(d) > 0;
    if (!ok) diag_print(d, stdout);
    CHECK(h->name, ok);
    dl_doc_free(l);
    xmlFreeDoc(tree);
    diag_free(d);
  }
  unlink(out);
  rmdir(dir);
  free(out);
  pdf_writer_free(w);
  fontset_free(fs);
  diag_free(fd);
  xmlCleanupParser();
  return test_status();
}
