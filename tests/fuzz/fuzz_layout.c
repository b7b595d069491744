/* fuzz_layout.c: fuzz target for the layout stage (and, for some inputs, the
 * PDF stage). Two kinds of input:
 *   - one starting with '<' is a document tree (doctree.h vocabulary, any
 *     attribute values, as a template with placeholders in attributes can make
 *     them): parsed without DTD or entities and laid out;
 *   - anything else is arbitrary text: the first byte chooses font role, size,
 *     paper and spacing (0xFF, or FUZZ_LAYOUT_PDF set in the environment: also
 *     write the PDF, which is slow: one input in 256 pays for it); the rest
 *     (made valid UTF-8
 *     and XML-safe, as the earlier stages guarantee) is split at '|' into the
 *     title, headings, paragraphs, list items and table cells of a document.
 * Looks for crashes, hangs, leaks and arithmetic faults in line breaking,
 * justification, pagination, tables and charts. */
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "diag.h"
#include "fonts.h"
#include "layout.h"
#include "pdf.h"
#include "util.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static fontset *fs;
static pdf_writer *pw;
static char *scratch, *pdf_path;
static char *top;

static void cleanup(void)
{
  unlink(pdf_path);
  rmdir(scratch);
  free(pdf_path);
  free(scratch);
  free(top);
  pdf_writer_free(pw);
  fontset_free(fs);
}

static void setup(void)
{
  top = fuzz_top_dir();
  char *conf = xasprintf("%s/fonts/fonts.conf", top);
  diag_list *d = diag_new(conf, 50);
  fs = fontset_load(conf, d);
  if (fs) pw = pdf_writer_new(fs);
  if (!fs || !pw) {
    diag_print(d, stderr);
    abort();
  }
  diag_free(d);
  free(conf);
  scratch = fuzz_scratch_dir("fuzz_layout");
  pdf_path = xasprintf("%s/out.pdf", scratch);
  atexit(cleanup);
}

/* Appends the text of [s, s+n) to b as XML character data: invalid UTF-8 and
 * characters XML cannot hold become U+FFFD; markup characters are escaped. */
static void add_text(strbuf *b, const char *s, size_t n)
{
  for (size_t i = 0; i < n;) {
    unsigned cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    if (!k) { cp = 0xFFFD; k = 1; }
    if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0xFFFE || cp == 0xFFFF) cp = 0xFFFD;
    if (cp == '<') sb_add(b, "&lt;");
    else if (cp == '&') sb_add(b, "&amp;");
    else if (cp == '>') sb_add(b, "&gt;");
    else utf8_append(b, cp);
    i += k;
  }
}

static const char *const FONTS[] = { "song", "hei", "kai", "fangsong" };
static const char *const SIZES[] = { "12", "16", "3", "72", "10.5", "22", "0.5", "200" };

/* Builds a document tree from arbitrary text (see the top of the file). */
static char *text_document(const uint8_t *data, size_t size, int *want_pdf)
{
  unsigned m = size ? data[0] : 0;
  const char *s = size ? (const char *)data + 1 : "";
  size_t n = size ? size - 1 : 0;
  *want_pdf = m == 0xFF || getenv("FUZZ_LAYOUT_PDF") != NULL;
  strbuf b = {0};
  sb_addf(&b, "<document paper=\"%s\" orientation=\"%s\" font=\"%s\" size=\"%s\"%s%s"
          " page-number=\"%s\" title=\"t\" created=\"2022-09-16\">",
          (m & 0x40) ? "A3" : "A4", (m & 0x20) ? "landscape" : "portrait", FONTS[m & 3],
          SIZES[(m >> 2) & 7], (m & 0x10) ? " letter-spacing=\"0.3em\" line-pitch=\"28pt\"" : "",
          (m & 0x08) ? " grid-lines=\"22\" grid-chars=\"28\"" : "",
          (m & 0x10) ? "of-total" : "dash");
  /* pieces separated by '|' go to successive kinds of block */
  static const char *const open[] = { "<title>", "<heading level=\"1\" number=\"一、\">", "<p>",
    "<list marker=\"•\"><item>", "<table><col width=\"auto\"/><col width=\"2*\"/><thead><tr><td>",
    "<p indent=\"0\" align=\"right\">", "<heading level=\"3\">", "<signature><line align=\"right\">" };
  static const char *const close[] = { "</title>", "</heading>", "</p>", "</item></list>",
    "</td><td>x</td></tr></thead><tbody><tr><td colspan=\"2\">y</td></tr></tbody></table>", "</p>",
    "</heading>", "</line></signature>" };
  sb_add(&b, "<header>");
  size_t first = 0;
  while (first < n && first < 40 && s[first] != '|') first++;
  add_text(&b, s, first);
  sb_add(&b, "</header>");
  int k = 0;
  size_t start = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && s[i] != '|') continue;
    int kind = k++ % 8;
    sb_add(&b, open[kind]);
    add_text(&b, s + start, i - start);
    sb_add(&b, close[kind]);
    start = i + 1;
  }
  sb_add(&b, "</document>");
  return sb_detach(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!fs) setup();
  int want_pdf = 0;
  xmlDocPtr tree = NULL;
  char *url = xasprintf("%s/tests/layout/fuzz.xml", top);   /* images relative to the fixtures */
  if (size > 0 && data[0] == '<') {
    tree = xmlReadMemory((const char *)data, (int)size, url, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (tree && (tree->intSubset || !xmlDocGetRootElement(tree) ||
                 strcmp((const char *)xmlDocGetRootElement(tree)->name, "document") != 0)) {
      xmlFreeDoc(tree);
      tree = NULL;
    }
  } else {
    char *text = text_document(data, size, &want_pdf);
    tree = xmlReadMemory(text, (int)strlen(text), url, NULL, XML_PARSE_NONET);
    if (!tree) {
      fprintf(stderr, "fuzz_layout: the generated document does not parse:\n%s\n", text);
      abort();
    }
    free(text);
  }
  free(url);
  if (!tree) return 0;
  diag_list *d = diag_new("fuzz", 50);
  dl_doc *l = layout_run(tree, fs, d);
  if (l && diag_errors(d) == 0) {
    (void)dl_page_count(l);
    int nl = layout_line_count(l);
    for (int i = 0; i < nl && i < 64; i++) {
      layout_line ln;
      (void)layout_line_get(l, i, &ln);
    }
    FILE *null = fopen("/dev/null", "w");
    if (null) { dl_dump(l, null); fclose(null); }
    if (want_pdf && pdf_write(pw, l, pdf_path, d) == 0) unlink(pdf_path);
  }
  dl_doc_free(l);
  xmlFreeDoc(tree);
  diag_free(d);
  return 0;
}
