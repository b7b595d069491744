/* pdf.c: display list to PDF (pdf.h).
 *
 * libharu builds the document: catalog, page tree, outline, information,
 * images, the cross-reference table and the file. The two things libharu 2.3.0
 * does slowly are done here instead, with its own object layer:
 *
 * - Fonts. For each font a document uses, fontsubset.h makes a TrueType font
 *   holding only the glyphs drawn, and this file writes its objects: a Type0
 *   font (Identity-H), a CIDFontType2 with /W widths, a CIDToGIDMap, the
 *   descriptor with the font file, and a ToUnicode CMap. A document's CIDs
 *   number its distinct characters in code-point order (1, 2, ...), so that
 *   every character keeps its own Unicode value even when two share a glyph.
 *   libharu's own path (HPDF_LoadTTFontFromFile + HPDF_GetFont) cost, per font
 *   and document, a walk over all 65,536 code points, a 128 KB CIDToGIDMap and
 *   a re-creation of the font file read back in small pieces: 150 M of the
 *   380 M instructions of the peers' benchmark document.
 * - Page content. Operators are written into a buffer with a short number
 *   format (at most three decimals, positions of upright text as relative
 *   moves) and compressed here; libharu's drawing calls cost about 80 M
 *   instructions on the same document.
 *
 * Every stream of the PDF (page content, font files, CIDToGIDMaps, ToUnicode
 * CMaps, images) is deflated here by one implementation, libdeflate (Debian
 * libdeflate-dev), at one level: its output depends only on the input, the
 * level and the library's version, never on the processor, so identical input
 * gives identical bytes on every machine. libharu compresses nothing itself
 * (HPDF_COMP_NONE); hpdf_adapter.h hands it the deflated bytes.
 *
 * Images are PNG files decoded by pngimage.h (libpng) into raw pixels, given
 * to libharu with HPDF_LoadRawImageFromMem, an alpha channel as a soft mask
 * (HPDF_Image_AddSMask).
 *
 * libharu's error handler only counts and records errors: some of its
 * failures leave the calling function returning OK, so the count decides. The
 * document is saved to a memory stream and written atomically; no clock is
 * read, so identical input gives identical bytes. */
#include "pdf.h"
#include "i18n.h"
#include "fontsubset.h"
#include "docfont.h"
#include "dlist.h"
#include "hpdf_adapter.h"
#include "output.h"
#include "pdfa.h"
#include "pngimage.h"
#include "sha256.h"
#include "util.h"

#include <libdeflate.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The libdeflate level of every stream: the fastest that compresses (level
 * 0 stores). */
enum { DEFLATE_LEVEL = 1 };

/* A font as one document uses it. */
typedef struct doc_font {
  docfont chars;       /* the characters drawn; a character's CID is 1 + its place */
  HPDF_Dict type0;     /* the font resource, made on first use */
} doc_font;

struct pdf_writer {
  fontset *fs;
  HPDF_Doc pdf;
  int nfonts;
  doc_font *fonts;
  struct libdeflate_compressor *z;   /* made on first use */
  unsigned char *zbuf;   /* compression output, reused */
  size_t zcap;
  long last_size;        /* the last PDF written: its size and SHA-256 */
  char last_sha[65];
  int errors;
  unsigned long last_error, last_detail;   /* the first error of the document */
  char *fail;            /* a failure of our own (font subsetting), for the message */
  const archive_meta *archive;   /* PDF/A-2b with this description (pdf_set_archive), or NULL */
};

void pdf_set_archive(pdf_writer *w, const archive_meta *m) { w->archive = m; }

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
  pdf_writer *w = user;
  if (w->errors++ == 0) {
    w->last_error = error_no;
    w->last_detail = detail_no;
  }
}

/* Starts a fresh libharu document. Returns 0 or -1. */
static int new_doc(pdf_writer *w)
{
  if (w->pdf) HPDF_Free(w->pdf);
  w->pdf = HPDF_New(on_error, w);
  return w->pdf && HPDF_UseUTFEncodings(w->pdf) == HPDF_OK ? 0 : -1;
}

/* Forgets the document's fonts (their CID tables are cleared entry by entry). */
static void drop_fonts(pdf_writer *w)
{
  for (int i = 0; i < w->nfonts; i++) {
    docfont_clear(&w->fonts[i].chars);
    w->fonts[i].type0 = NULL;
  }
}

pdf_writer *pdf_writer_new(fontset *fs)
{
  pdf_writer *w = xcalloc(1, sizeof *w);
  w->fs = fs;
  w->nfonts = fontset_font_count(fs);
  w->fonts = xcalloc((size_t)w->nfonts + 1, sizeof *w->fonts);
  return w;   /* the libharu document is made by each pdf_write */
}

void pdf_writer_free(pdf_writer *w)
{
  if (!w) return;
  if (w->pdf) HPDF_Free(w->pdf);
  for (int i = 0; i < w->nfonts; i++) docfont_free(&w->fonts[i].chars);
  free(w->fonts);
  if (w->z) libdeflate_free_compressor(w->z);
  free(w->zbuf);
  free(w->fail);
  free(w);
}

/* ---- streams -------------------------------------------------------------- */

/* Makes w->zbuf hold at least bound bytes. */
static void zbuf_room(pdf_writer *w, size_t bound)
{
  if (bound <= w->zcap) return;
  free(w->zbuf);
  w->zcap = bound;
  w->zbuf = xmalloc(bound);
}

/* Deflates data[0..len) into the stream of dict s (zlib format) and marks it
 * FlateDecode; counts an error when that fails. */
static void put_stream(pdf_writer *w, HPDF_Dict s, const void *data, size_t len)
{
  if (!s) return;
  if (!w->z && !(w->z = libdeflate_alloc_compressor(DEFLATE_LEVEL))) {
    w->errors++;
    return;
  }
  zbuf_room(w, libdeflate_zlib_compress_bound(w->z, len));
  size_t n = libdeflate_zlib_compress(w->z, data, len, w->zbuf, w->zcap);
  if (n == 0 || hpdfa_put_deflated(s, w->zbuf, n) != HPDF_OK) w->errors++;
}

/* A new indirect stream object with the data in it, deflated. */
static HPDF_Dict new_stream(pdf_writer *w, const void *data, size_t len)
{
  HPDF_Dict s = hpdfa_stream_new(w->pdf);
  put_stream(w, s, data, len);
  return s;
}

/* ---- fonts ---------------------------------------------------------------- */

/* Notes every character each font draws in the document, then puts each
 * font's characters in code-point order: a character's CID is its place. */
static void collect_code_points(pdf_writer *w, const dl_doc *l)
{
  for (int p = 0; p < l->npages; p++) {
    const dl_list *items = &l->pages[p].items;
    for (int i = 0; i < items->n; i++) {
      const dl_item *it = &items->v[i];
      if (it->kind != DL_TEXT || !it->text || it->font < 0 || it->font >= w->nfonts) continue;
      docfont *f = &w->fonts[it->font].chars;
      const char *s = it->text;
      size_t len = strlen(s);
      for (size_t k = 0; k < len;) {
        unsigned cp;
        size_t m = utf8_decode_fast(s + k, len - k, &cp);
        if (!m) { k++; continue; }
        k += m;
        docfont_note(f, cp);
      }
    }
  }
  for (int i = 0; i < w->nfonts; i++) docfont_sort(&w->fonts[i].chars);
}

/* The subset tag of a font's BaseFont: six capitals from a hash of the
 * characters it holds (PDF 32000-1, 9.6.4), the same for the same text. */
static void subset_tag(const doc_font *f, int font, char tag[7])
{
  uint64_t h = 1469598103934665603ull ^ (uint64_t)font;
  for (size_t k = 0; k < f->chars.n; k++) {
    h ^= f->chars.cps[k];
    h *= 1099511628211ull;
  }
  for (int i = 0; i < 6; i++) {
    tag[i] = (char)('A' + h % 26);
    h /= 26;
  }
  tag[6] = '\0';
}

static const char HEX[] = "0123456789ABCDEF";

/* Appends the 16-bit value v as four hex digits. */
static void put_hex4(strbuf *b, unsigned v)
{
  char h[4] = { HEX[(v >> 12) & 15], HEX[(v >> 8) & 15], HEX[(v >> 4) & 15], HEX[v & 15] };
  sb_addn(b, h, 4);
}

/* The ToUnicode CMap: CID -> the character's UTF-16 code (a surrogate pair
 * beyond the BMP). */
static void to_unicode(const doc_font *f, strbuf *b)
{
  sb_add(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
  for (size_t k = 0; k < f->chars.n; k += 100) {
    size_t m = f->chars.n - k < 100 ? f->chars.n - k : 100;
    sb_addf(b, "%zu beginbfchar\n", m);
    for (size_t j = k; j < k + m; j++) {
      unsigned cid = (unsigned)(j + 1), cp = f->chars.cps[j];
      sb_addc(b, '<');
      put_hex4(b, cid);
      sb_add(b, "> <");
      if (cp < 0x10000) put_hex4(b, cp);
      else {
        put_hex4(b, 0xD800 + ((cp - 0x10000) >> 10));
        put_hex4(b, 0xDC00 + ((cp - 0x10000) & 0x3FF));
      }
      sb_add(b, ">\n");
    }
    sb_add(b, "endbfchar\n");
  }
  sb_add(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* The /W array: runs of consecutive CIDs whose width is not the default 1000. */
static HPDF_Array widths(pdf_writer *w, int font, const doc_font *f)
{
  HPDF_MMgr mm = hpdfa_mmgr(w->pdf);
  HPDF_Array a = HPDF_Array_New(mm);
  HPDF_Array run = NULL;
  for (size_t k = 0; k < f->chars.n && a; k++) {
    int wd = fontset_width(w->fs, font, f->chars.cps[k]);
    if (wd == 1000) { run = NULL; continue; }
    if (!run) {
      HPDF_Array_AddNumber(a, (HPDF_INT32)(k + 1));
      run = HPDF_Array_New(mm);
      if (!run) break;
      HPDF_Array_Add(a, run);
    }
    HPDF_Array_AddNumber(run, wd);
  }
  return a;
}

/* Makes the PDF objects of font number font for this document: the subset,
 * the descriptor, the CID font and the Type0 font. Returns the Type0 font, or
 * NULL after counting an error. */
static HPDF_Dict make_font(pdf_writer *w, int font)
{
  doc_font *f = &w->fonts[font];
  HPDF_MMgr mm = hpdfa_mmgr(w->pdf);
  HPDF_Xref xref = hpdfa_xref(w->pdf);
  uint16_t *gid = xmalloc((f->chars.n + 1) * sizeof *gid);
  fontsubset_font sub;
  char *err = NULL;
  if (fontsubset_make(fontset_ttf(w->fs, font), f->chars.cps, f->chars.n, gid, &sub, &err) != 0) {
    if (!w->fail) w->fail = err;
    else free(err);
    free(gid);
    w->errors++;
    return NULL;
  }
  const ttf_info *in = fontset_info(w->fs, font);
  char tag[7];
  subset_tag(f, font, tag);
  char *base = xasprintf("%s+%s", tag, in->psname);

  HPDF_Dict file = new_stream(w, sub.data, sub.len);
  if (file) HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)sub.len);
  fontsubset_release(&sub);

  HPDF_Dict desc = HPDF_Dict_New(mm);
  if (desc && HPDF_Xref_Add(xref, desc) == HPDF_OK) {
    HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    HPDF_Dict_AddName(desc, "FontName", base);
    HPDF_Dict_AddNumber(desc, "Flags", 4);   /* symbolic: glyphs outside the standard Latin set */
    HPDF_Array bbox = HPDF_Array_New(mm);
    for (int k = 0; k < 4 && bbox; k++) HPDF_Array_AddNumber(bbox, in->bbox[k]);
    HPDF_Dict_Add(desc, "FontBBox", bbox);
    HPDF_Dict_AddNumber(desc, "ItalicAngle", 0);
    HPDF_Dict_AddNumber(desc, "Ascent", in->ascent);
    HPDF_Dict_AddNumber(desc, "Descent", in->descent);
    HPDF_Dict_AddNumber(desc, "CapHeight", in->cap_height);
    HPDF_Dict_AddNumber(desc, "StemV", 80);
    HPDF_Dict_Add(desc, "FontFile2", file);
  }

  /* CIDToGIDMap: two bytes per CID, CID 0 -> .notdef */
  unsigned char *map = xcalloc(f->chars.n + 1, 2);
  for (size_t k = 0; k < f->chars.n; k++) put_be16(map + 2 * (k + 1), gid[k]);
  HPDF_Dict c2g = new_stream(w, map, 2 * (f->chars.n + 1));
  free(map);
  free(gid);

  HPDF_Dict cid = HPDF_Dict_New(mm);
  if (cid && HPDF_Xref_Add(xref, cid) == HPDF_OK) {
    HPDF_Dict_AddName(cid, "Type", "Font");
    HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
    HPDF_Dict_AddName(cid, "BaseFont", base);
    HPDF_Dict info = HPDF_Dict_New(mm);
    if (info) {
      HPDF_Dict_Add(info, "Registry", HPDF_String_New(mm, "Adobe", NULL));
      HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mm, "Identity", NULL));
      HPDF_Dict_AddNumber(info, "Supplement", 0);
    }
    HPDF_Dict_Add(cid, "CIDSystemInfo", info);
    HPDF_Dict_Add(cid, "FontDescriptor", desc);
    HPDF_Dict_AddNumber(cid, "DW", 1000);
    HPDF_Dict_Add(cid, "W", widths(w, font, f));
    HPDF_Dict_Add(cid, "CIDToGIDMap", c2g);
  }

  strbuf cmap = {0};
  to_unicode(f, &cmap);
  HPDF_Dict tu = new_stream(w, cmap.s, cmap.len);
  sb_free(&cmap);

  HPDF_Dict t0 = HPDF_Dict_New(mm);
  if (t0 && HPDF_Xref_Add(xref, t0) == HPDF_OK) {
    HPDF_Dict_AddName(t0, "Type", "Font");
    HPDF_Dict_AddName(t0, "Subtype", "Type0");
    HPDF_Dict_AddName(t0, "BaseFont", base);
    HPDF_Dict_AddName(t0, "Encoding", "Identity-H");
    HPDF_Array desc_fonts = HPDF_Array_New(mm);
    if (desc_fonts) HPDF_Array_Add(desc_fonts, cid);
    HPDF_Dict_Add(t0, "DescendantFonts", desc_fonts);
    HPDF_Dict_Add(t0, "ToUnicode", tu);
  } else {
    t0 = NULL;
  }
  free(base);
  return t0;
}

/* ---- page content --------------------------------------------------------- */

/* Appends v with at most three decimals, no trailing zeros, and a space. */
static void put_num(strbuf *b, double v)
{
  sb_add_milli(b, milli_round(v));
  sb_addc(b, ' ');
}

static void put_rgb(strbuf *b, unsigned c, const char *op)
{
  put_num(b, ((c >> 16) & 255) / 255.0);
  put_num(b, ((c >> 8) & 255) / 255.0);
  put_num(b, (c & 255) / 255.0);
  sb_add(b, op);
}

/* The graphics state already set on a page, so that an operator is written
 * only when its value changes. */
typedef struct painter {
  pdf_writer *w;
  HPDF_Page page;
  const dl_page *pg;
  strbuf *b;
  int in_text;               /* inside BT ... ET */
  int font;                  /* -1: none yet */
  const char *font_name;     /* its resource name on this page */
  double size, cs, lw;
  unsigned fill, stroke;
  int fill_set, stroke_set, lw_set, bold;
  int upright;               /* the text line matrix is a translation to (tx, ty) */
  long long tx, ty;          /* in 1/1000 pt, as written */
} painter;

static void paint_fill(painter *p, unsigned c)
{
  if (p->fill_set && p->fill == c) return;
  put_rgb(p->b, c, "rg\n");
  p->fill = c;
  p->fill_set = 1;
}

static void paint_stroke(painter *p, unsigned c)
{
  if (p->stroke_set && p->stroke == c) return;
  put_rgb(p->b, c, "RG\n");
  p->stroke = c;
  p->stroke_set = 1;
}

static void paint_lw(painter *p, double lw)
{
  if (p->lw_set && llround(p->lw * 1000) == llround(lw * 1000)) return;   /* compared as written */
  put_num(p->b, lw);
  sb_add(p->b, "w\n");
  p->lw = lw;
  p->lw_set = 1;
}

static void paint_end_text(painter *p)
{
  if (!p->in_text) return;
  sb_add(p->b, "ET\n");
  p->in_text = 0;
}

/* The text as a hex string of two-byte CIDs. */
static void put_cids(strbuf *b, const doc_font *f, const char *s)
{
  size_t len = strlen(s);
  sb_addc(b, '<');
  for (size_t k = 0; k < len;) {
    unsigned cp;
    size_t m = utf8_decode_fast(s + k, len - k, &cp);
    if (!m) { k++; continue; }
    k += m;
    unsigned cid = docfont_place(&f->chars, cp);
    char h[4] = { HEX[cid >> 12], HEX[(cid >> 8) & 15], HEX[(cid >> 4) & 15], HEX[cid & 15] };
    sb_addn(b, h, 4);
  }
  sb_add(b, "> Tj\n");
}

static void draw_text(painter *p, const dl_item *it)
{
  pdf_writer *w = p->w;
  if (!it->text || !*it->text || it->font < 0 || it->font >= w->nfonts) return;
  doc_font *f = &w->fonts[it->font];
  if (!f->type0) {
    if (!f->chars.n) return;
    f->type0 = make_font(w, it->font);
    if (!f->type0) return;
  }
  strbuf *b = p->b;
  if (!p->in_text) {
    sb_add(b, "BT\n");
    p->in_text = 1;
    p->upright = 0;   /* BT resets the text matrices */
  }
  if (it->font != p->font || it->size != p->size) {
    if (it->font != p->font) {
      p->font_name = HPDF_Page_GetLocalFontName(p->page, f->type0);
      if (!p->font_name) return;
    }
    sb_addc(b, '/');
    sb_add(b, p->font_name);
    sb_addc(b, ' ');
    put_num(b, it->size);
    sb_add(b, "Tf\n");
    p->font = it->font;
    p->size = it->size;
  }
  paint_fill(p, it->color);
  double cs = it->cs < -30 ? -30 : it->cs > 300 ? 300 : it->cs;
  if (llround(cs * 1000) != llround(p->cs * 1000)) {   /* compared as written */
    put_num(b, cs);
    sb_add(b, "Tc\n");
    p->cs = cs;
  }
  if (it->bold != p->bold) {
    sb_add(b, it->bold ? "2 Tr\n" : "0 Tr\n");   /* fill, then stroke: the fonts have no bold face */
    p->bold = it->bold;
  }
  if (it->bold) {
    paint_lw(p, it->size * 0.03);
    paint_stroke(p, it->color);
  }
  double y = p->pg->h - it->y;
  if (it->angle == 0) {
    /* upright: a move relative to the last line start, in the units written */
    long long x1 = llround(it->x * 1000), y1 = llround(y * 1000);
    if (p->upright) {
      put_num(b, (double)(x1 - p->tx) / 1000);
      put_num(b, (double)(y1 - p->ty) / 1000);
      sb_add(b, "Td\n");
    } else {
      sb_add(b, "1 0 0 1 ");
      put_num(b, (double)x1 / 1000);
      put_num(b, (double)y1 / 1000);
      sb_add(b, "Tm\n");
      p->upright = 1;
    }
    p->tx = x1;
    p->ty = y1;
  } else {
    double a = it->angle * M_PI / 180;
    put_num(b, cos(a));
    put_num(b, sin(a));
    put_num(b, -sin(a));
    put_num(b, cos(a));
    put_num(b, it->x);
    put_num(b, y);
    sb_add(b, "Tm\n");
    p->upright = 0;
  }
  put_cids(b, f, it->text);
}

static void put_xy(strbuf *b, double x, double y, const char *op)
{
  put_num(b, x);
  put_num(b, y);
  sb_add(b, op);
}

/* An image XObject of the PNG (checked by layout: decoding fails here only
 * when memory runs out), its alpha as a soft mask. NULL after counting an
 * error. */
static HPDF_Image load_image(pdf_writer *w, const dl_image *im)
{
  pngimage px;
  char *err = NULL;
  if (pngimage_decode(im->data, im->len, &px, &err) != 0) {
    if (!w->fail) w->fail = xasprintf(_("image: %s"), err);
    free(err);
    w->errors++;
    return NULL;
  }
  HPDF_Image img = HPDF_LoadRawImageFromMem(w->pdf, px.color, px.w, px.h,
                                            px.channels == 3 ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY, 8);
  put_stream(w, img, px.color, (size_t)px.w * px.h * (size_t)px.channels);
  if (img && px.alpha) {
    HPDF_Image mask = HPDF_LoadRawImageFromMem(w->pdf, px.alpha, px.w, px.h, HPDF_CS_DEVICE_GRAY, 8);
    put_stream(w, mask, px.alpha, (size_t)px.w * px.h);
    if (!mask || HPDF_Image_AddSMask(img, mask) != HPDF_OK) img = NULL;
  }
  pngimage_free(&px);
  return img;
}

static void draw_item(painter *p, const dl_item *it, dl_layer pass, HPDF_Image *images, const dl_doc *l)
{
  strbuf *b = p->b;
  double h = p->pg->h;
  if (it->kind == DL_TEXT) {
    draw_text(p, it);
    if (pass == DL_LAYER_UNDER) paint_end_text(p);
    return;
  }
  paint_end_text(p);
  switch (it->kind) {
  case DL_LINE:
    if (it->lw < 0) break;
    paint_lw(p, it->lw);
    paint_stroke(p, it->color);
    put_xy(b, it->x, h - it->y, "m ");
    put_xy(b, it->x2, h - it->y2, "l S\n");
    break;
  case DL_RECT:
    if (pass == DL_LAYER_FILL) paint_fill(p, it->fill);
    else { paint_stroke(p, it->color); paint_lw(p, it->lw); }
    put_xy(b, it->x, h - it->y - it->y2, "");
    put_xy(b, it->x2, it->y2, pass == DL_LAYER_FILL ? "re f\n" : "re S\n");
    break;
  case DL_PATH:
    if (it->npts < 3) break;
    paint_fill(p, it->fill);
    if (it->lw > 0) {
      paint_stroke(p, it->color);
      paint_lw(p, it->lw);
    }
    put_xy(b, it->pts[0], h - it->pts[1], "m ");
    for (int q = 1; q < it->npts; q++) put_xy(b, it->pts[2 * q], h - it->pts[2 * q + 1], "l ");
    sb_add(b, it->lw > 0 ? "h B\n" : "h f\n");
    break;
  case DL_IMAGE: {
    if (it->image < 0 || it->image >= l->nimages) break;
    if (!images[it->image]) images[it->image] = load_image(p->w, &l->images[it->image]);
    const char *name = images[it->image] ? HPDF_Page_GetXObjectName(p->page, images[it->image]) : NULL;
    if (!name) break;
    sb_add(b, "q ");
    put_num(b, it->x2);
    sb_add(b, "0 0 ");
    put_num(b, it->y2);
    put_xy(b, it->x, h - it->y - it->y2, "cm /");
    sb_add(b, name);
    sb_add(b, " Do Q\n");
    break;
  }
  default:
    break;
  }
}

static void draw_page(pdf_writer *w, HPDF_Page page, HPDF_Image *images, const dl_doc *l,
                      const dl_page *pg, strbuf *b)
{
  HPDF_Page_SetWidth(page, (HPDF_REAL)pg->w);
  HPDF_Page_SetHeight(page, (HPDF_REAL)pg->h);
  sb_reset(b);
  painter p = { .w = w, .page = page, .pg = pg, .b = b, .font = -1, .lw = 1 };
  /* the layers of dlist.h, bottom to top: all upright text of a page shares
   * one text object */
  for (dl_layer pass = 0; pass < DL_LAYERS; pass++) {
    for (int k = 0; k < pg->items.n; k++)
      if (dl_in_layer(&pg->items.v[k], pass)) draw_item(&p, &pg->items.v[k], pass, images, l);
    paint_end_text(&p);
  }
  put_stream(w, hpdfa_page_contents(page), b->s ? b->s : "", b->len);
}

static void set_info(pdf_writer *w, const dl_doc *l)
{
  if (l->title) HPDF_SetInfoAttr(w->pdf, HPDF_INFO_TITLE, l->title);
  if (l->author) HPDF_SetInfoAttr(w->pdf, HPDF_INFO_AUTHOR, l->author);
  if (l->subject) HPDF_SetInfoAttr(w->pdf, HPDF_INFO_SUBJECT, l->subject);
  if (l->keywords) HPDF_SetInfoAttr(w->pdf, HPDF_INFO_KEYWORDS, l->keywords);
  char *creator = l->creator ? xasprintf("%s (reformgen %s)", l->creator, REFORMGEN_VERSION)
                             : xasprintf("reformgen %s", REFORMGEN_VERSION);
  HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, creator);
  free(creator);
  HPDF_Date dt = { .ind = ' ' };
  if (l->created[0]) {
    dt.year = l->created[0]; dt.month = l->created[1]; dt.day = l->created[2];
  } else {
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long t = sde ? strtoll(sde, &end, 10) : -1;
    if (!sde || *end || t < 0) return;
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) return;
    dt = (HPDF_Date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0 };
  }
  HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, dt);
}

static void add_outline(pdf_writer *w, const dl_doc *l, HPDF_Page *pages)
{
  HPDF_Encoder enc = HPDF_GetEncoder(w->pdf, "UTF-8");
  HPDF_Outline parents[8] = { NULL };
  for (int i = 0; i < l->nmarks; i++) {
    const dl_mark *m = &l->marks[i];
    int lv = m->level < 1 ? 1 : m->level > 7 ? 7 : m->level;
    HPDF_Outline parent = NULL;
    for (int k = lv - 1; k >= 1 && !parent; k--) parent = parents[k];
    HPDF_Outline o = HPDF_CreateOutline(w->pdf, parent, m->title, enc);
    if (!o) continue;
    HPDF_Destination dst = HPDF_Page_CreateDestination(pages[m->page]);
    if (dst) {
      double top = l->pages[m->page].h - m->y;
      HPDF_Destination_SetFitH(dst, (HPDF_REAL)(top > 0 ? top : 0));
      HPDF_Outline_SetDestination(o, dst);
    }
    HPDF_Outline_SetOpened(o, lv == 1 ? HPDF_TRUE : HPDF_FALSE);
    parents[lv] = o;
    for (int k = lv + 1; k < 8; k++) parents[k] = NULL;
  }
}

int pdf_write(pdf_writer *w, const dl_doc *l, const char *path, diag_list *d)
{
  int rc = -1;
  HPDF_Image *images = xcalloc((size_t)l->nimages + 1, sizeof *images);
  HPDF_Page *pages = xcalloc((size_t)l->npages + 1, sizeof *pages);
  unsigned char *buf = NULL;
  strbuf content = {0};
  drop_fonts(w);
  free(w->fail);
  w->fail = NULL;
  if (!hpdfa_version_ok()) {
    diag_add(d, DIAG_ERROR, NULL, "libharu %s is installed, reformgen was built for %s: rebuild it",
             HPDF_GetVersion(), HPDF_VERSION_TEXT);
    goto done;
  }
  if (new_doc(w) != 0) {
    diag_add(d, DIAG_ERROR, NULL, "cannot set up the PDF library");
    goto done;
  }
  collect_code_points(w, l);
  HPDF_ResetError(w->pdf);
  w->errors = 0;
  HPDF_SetCurrentEncoder(w->pdf, "UTF-8");
  /* every stream is deflated here (put_stream) */
  HPDF_SetCompressionMode(w->pdf, HPDF_COMP_NONE);
  HPDF_SetPageMode(w->pdf, l->bookmarks && l->nmarks ? HPDF_PAGE_MODE_USE_OUTLINE : HPDF_PAGE_MODE_USE_NONE);
  set_info(w, l);
  for (int i = 0; i < l->npages; i++) {
    pages[i] = HPDF_AddPage(w->pdf);
    if (!pages[i]) break;
    draw_page(w, pages[i], images, l, &l->pages[i], &content);
  }
  if (l->bookmarks && w->errors == 0) add_outline(w, l, pages);
  if (w->fail) {
    diag_add(d, DIAG_ERROR, NULL, "%s", w->fail);
    goto done;
  }
  if (w->errors) {
    diag_add(d, DIAG_ERROR, NULL, "the PDF library failed (error 0x%04lX, detail %lu)", w->last_error, w->last_detail);
    goto done;
  }
  if (w->archive && pdfa_apply(w->pdf, w->archive, &w->fail) != 0) {
    diag_add(d, DIAG_ERROR, NULL, "%s", w->fail);
    goto done;
  }
  if (HPDF_SaveToStream(w->pdf) != HPDF_OK || w->errors) {
    diag_add(d, DIAG_ERROR, NULL, "cannot make the PDF (error 0x%04lX, detail %lu)", w->last_error, w->last_detail);
    goto done;
  }
  HPDF_UINT32 size = HPDF_GetStreamSize(w->pdf), got = 0;
  buf = xmalloc(size ? size : 1);
  HPDF_ResetStream(w->pdf);
  while (got < size) {
    HPDF_UINT32 n = size - got;
    HPDF_STATUS st = HPDF_ReadFromStream(w->pdf, buf + got, &n);
    got += n;
    if (n == 0 || (st != HPDF_OK && st != HPDF_STREAM_EOF)) break;
  }
  if (got != size) {
    diag_add(d, DIAG_ERROR, NULL, "cannot read the PDF back from memory");
    goto done;
  }
  char *err = NULL;
  sha256_hex(buf, size, w->last_sha);
  w->last_size = (long)size;
  if (output_write_atomic(path, buf, size, &err) != 0) {
    diag_add(d, DIAG_ERROR, NULL, "%s", err ? err : _("cannot write the PDF"));
    free(err);
    goto done;
  }
  rc = 0;
done:
  if (w->pdf) HPDF_ResetError(w->pdf);
  drop_fonts(w);
  sb_free(&content);
  free(buf);
  free(pages);
  free(images);
  return rc;
}

long pdf_last_written(const pdf_writer *w, char hex[65])
{
  memcpy(hex, w->last_sha, sizeof w->last_sha);
  return w->last_size;
}
