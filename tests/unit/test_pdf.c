/* test_pdf.c: PNG decoding (hand-built PNG files with correct and broken
 * chunks), and PDF writing: identical bytes for identical input whether the
 * writer is fresh or reused, nothing left under the final name when a write
 * fails, "第 N 页 共 M 页" on every page with M the page count. */
/* checks: 20 */
#include "test.h"
#include "diag.h"
#include "fonts.h"
#include "layout.h"
#include "dlist.h"
#include "pdf.h"
#include "pngimage.h"
#include "util.h"

#include <libxml/parser.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t crc(const unsigned char *p, size_t n)
{
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return ~c;
}

static size_t put32(unsigned char *p, uint32_t v)
{
  p[0] = (unsigned char)(v >> 24); p[1] = (unsigned char)(v >> 16); p[2] = (unsigned char)(v >> 8); p[3] = (unsigned char)v;
  return 4;
}

static size_t chunk(unsigned char *p, const char *type, const unsigned char *data, uint32_t n)
{
  size_t o = put32(p, n);
  memcpy(p + o, type, 4);
  if (n) memcpy(p + o + 4, data, n);
  o += 4 + n;
  o += put32(p + o, crc(p + 4, n + 4));
  return o;
}

/* zlib streams of a 1x1 grey image: filter 0 and pixel 0 (zlib.compress of
 * "\0\0", worked out with Python), then damaged copies with correct CRCs. */
static const unsigned char Z_GOOD[10] = { 0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01 };
static const unsigned char Z_SHORT[9] = { 0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };   /* "\0": one byte */
static const unsigned char Z_FILTER[10] = { 0x78, 0x9C, 0x63, 0x67, 0x00, 0x00, 0x00, 0x10, 0x00, 0x08 }; /* filter 7 */
static const unsigned char Z_ADLER[10] = { 0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02 };
static const unsigned char Z_CUT[4] = { 0x78, 0x9C, 0x63, 0x60 };

/* A 1x1 grey PNG of the given bit depth with the given image data. Returns
 * its length. */
static size_t make_png_with(unsigned char *p, int depth, const unsigned char *idat, uint32_t n)
{
  static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
  unsigned char ihdr[13] = { 0, 0, 0, 1, 0, 0, 0, 1, (unsigned char)depth, 0, 0, 0, 0 };
  memcpy(p, sig, 8);
  size_t o = 8;
  o += chunk(p + o, "IHDR", ihdr, 13);
  o += chunk(p + o, "IDAT", idat, n);
  o += chunk(p + o, "IEND", NULL, 0);
  return o;
}

static size_t make_png(unsigned char *p, int depth) { return make_png_with(p, depth, Z_GOOD, sizeof Z_GOOD); }

static int png_says(const unsigned char *p, size_t n, const char *part)
{
  pngimage img;
  char *err = NULL;
  int rc = pngimage_decode(p, n, &img, &err);
  int ok = rc == -1 && err && strstr(err, part);
  if (!ok) printf("  pngimage_decode: rc %d, %s\n", rc, err ? err : "(no message)");
  if (rc == 0) pngimage_free(&img);
  free(err);
  return ok;
}

/* Whether p decodes to one grey pixel of value v. */
static int png_pixel(const unsigned char *p, size_t n, int v)
{
  pngimage img;
  char *err = NULL;
  if (pngimage_decode(p, n, &img, &err) != 0) {
    printf("  pngimage_decode: %s\n", err);
    free(err);
    return 0;
  }
  int ok = img.w == 1 && img.h == 1 && img.channels == 1 && !img.alpha && img.color[0] == v;
  pngimage_free(&img);
  return ok;
}

static void check_png(void)
{
  unsigned char p[256];
  size_t n = make_png(p, 8);
  CHECK("png 8-bit grey decoded", png_pixel(p, n, 0));
  CHECK("png truncated refused", png_says(p, n - 6, "truncated"));
  p[30] ^= 1;   /* inside IHDR: its CRC no longer matches */
  CHECK("png bad CRC refused", png_says(p, n, "CRC"));
  /* 16-bit grey 0x1234 (zlib.compress(b"\0\x12\x34")): the high byte */
  static const unsigned char Z16[11] = { 0x78, 0x9C, 0x63, 0x10, 0x32, 0x01, 0x00, 0x00, 0x5B, 0x00, 0x47 };
  n = make_png_with(p, 16, Z16, sizeof Z16);
  CHECK("png 16-bit decoded to its high byte", png_pixel(p, n, 0x12));
  n = make_png_with(p, 8, Z_SHORT, sizeof Z_SHORT);
  CHECK("png too little image data refused", png_says(p, n, "image data"));
  n = make_png_with(p, 8, Z_FILTER, sizeof Z_FILTER);
  CHECK("png bad row filter refused", png_says(p, n, "filter"));
  n = make_png_with(p, 8, Z_ADLER, sizeof Z_ADLER);
  CHECK("png bad Adler-32 refused", png_says(p, n, "check"));
  n = make_png_with(p, 8, Z_CUT, sizeof Z_CUT);
  CHECK("png cut deflate stream refused", png_says(p, n, "image data"));
  CHECK("png other file refused", png_says((const unsigned char *)"GIF89a..................................................", 50, "signature"));
  size_t len;
  char *seal = read_file("tests/layout/seal.png", PNG_MAX_BYTES, &len);
  pngimage img = {0};
  char *err = NULL;
  CHECK("png fixture decoded", seal && pngimage_decode((unsigned char *)seal, len, &img, &err) == 0 && img.w == 160 && img.h == 160);
  pngimage_free(&img);
  free(err);
  free(seal);
}

static char *slurp(const char *path, size_t *len)
{
  char *s = read_file(path, 64u << 20, len);
  return s ? s : xstrdup("");
}

static void check_write(fontset *fs)
{
  diag_list *d = diag_new("tests/layout/report.xml", 100);
  xmlDocPtr tree = xmlReadFile("tests/layout/report.xml", NULL, XML_PARSE_NONET);
  xmlDocPtr tree2 = xmlReadFile("tests/layout/official.xml", NULL, XML_PARSE_NONET);
  dl_doc *l = tree ? layout_run(tree, fs, d) : NULL;
  dl_doc *l2 = tree2 ? layout_run(tree2, fs, d) : NULL;
  CHECK("pdf fixtures lay out", l && l2);
  if (!l || !l2) { diag_print(d, stderr); goto out; }
  char dir[] = "/tmp/rgpdf.XXXXXX";
  if (!mkdtemp(dir)) goto out;
  char *a = xasprintf("%s/a.pdf", dir), *b = xasprintf("%s/b.pdf", dir), *c = xasprintf("%s/c.pdf", dir);
  pdf_writer *w = pdf_writer_new(fs);
  pdf_writer *w2 = pdf_writer_new(fs);
  int rc = pdf_write(w, l, a, d) | pdf_write(w, l2, c, d) | pdf_write(w, l, b, d);
  CHECK("pdf writes", rc == 0 && diag_errors(d) == 0);
  size_t la, lb;
  char *da = slurp(a, &la), *db = slurp(b, &lb);
  CHECK("pdf identical bytes from a reused writer", la > 1000 && la == lb && memcmp(da, db, la) == 0);
  free(db);
  pdf_write(w2, l, b, d);
  db = slurp(b, &lb);
  CHECK("pdf identical bytes from a fresh writer", la == lb && memcmp(da, db, la) == 0);
  CHECK("pdf starts as a PDF and ends with %%EOF", la > 8 && memcmp(da, "%PDF-", 5) == 0 && strstr(da + la - 8, "%%EOF"));
  free(da);
  free(db);
  /* a failed write: nothing under the final name */
  char *bad = xasprintf("%s/missing/x.pdf", dir);
  diag_list *e = diag_new("x", 10);
  CHECK("pdf failed write reports an error", pdf_write(w, l, bad, e) != 0 && diag_errors(e) == 1);
  struct stat st;
  CHECK("pdf failed write leaves no file", stat(bad, &st) != 0);
  diag_free(e);
  free(bad);
  pdf_writer_free(w);
  pdf_writer_free(w2);
  char *cmd = xasprintf("ls -A '%s' | grep -v -x -e a.pdf -e b.pdf -e c.pdf", dir);
  CHECK("pdf no temporary files left", system(cmd) != 0);
  free(cmd);
  cmd = xasprintf("rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("FAIL pdf cleanup\n");
  free(cmd);
  free(a); free(b); free(c);
  /* 第 N 页 共 M 页 on every page, M = the page count */
  int np = dl_page_count(l), ok = np > 1;
  for (int p = 0; p < np && ok; p++) {
    char *want = xasprintf("第 %d 页 共 %d 页", p + 1, np);
    int found = 0;
    for (int k = 0; k < l->pages[p].items.n; k++)
      if (l->pages[p].items.v[k].kind == DL_TEXT && strstr(l->pages[p].items.v[k].text, want)) found = 1;
    ok = found;
    free(want);
  }
  CHECK("pdf page numbers show the page count", ok);
  /* GB/T 9704: "— N —", odd pages at the right, even at the left, one em in */
  int np2 = dl_page_count(l2), outer = np2 > 1;
  for (int p = 0; p < np2 && outer; p++) {
    const dl_page *pg = &l2->pages[p];
    char *want = xasprintf("— %d —", p + 1);
    int found = 0;
    for (int k = 0; k < pg->items.n; k++) {
      const dl_item *it = &pg->items.v[k];
      if (it->kind != DL_TEXT || strcmp(it->text, want) != 0) continue;
      double right = pg->bx + pg->bw - 14, left = pg->bx + 14;
      found = (p % 2 == 0) ? it->x + it->width > right - 0.5 && it->x + it->width < right + 0.5
                           : it->x > left - 0.5 && it->x < left + 0.5;
      found = found && it->y > pg->by + pg->bh + 7 * 2.8346;
    }
    outer = found;
    free(want);
  }
  CHECK("pdf official page numbers outer, one em in, below the block", outer);
out:
  dl_doc_free(l);
  dl_doc_free(l2);
  xmlFreeDoc(tree);
  xmlFreeDoc(tree2);
  diag_free(d);
}

int main(void)
{
  check_png();
  diag_list *d = diag_new("fonts/fonts.conf", 100);
  fontset *fs = fontset_load("fonts/fonts.conf", d);
  if (fs) check_write(fs);
  fontset_free(fs);
  diag_free(d);
  xmlCleanupParser();
  return test_status();
}
