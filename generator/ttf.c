/* ttf.c: TrueType checks and metrics (ttf.h). Maps the file and looks only at
 * the table directory and the head, hhea, maxp, hmtx, cmap, name and OS/2
 * tables, with every offset checked against the file size. Mapping, not
 * reading: a document asks for a few hundred characters of a font, and
 * copying every configured font's cmap and hmtx (about 1 MB for the four of
 * the default configuration) cost most of the 0.5 ms the fonts took at start. */
#include "ttf.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The per-character answers, found on first use from the raw cmap and hmtx
 * bytes read (and checked) by ttf_load: a document seldom uses every font of
 * the configuration, nor more than a few thousand of a font's characters. A
 * format 4 cmap whose segments are in order and apart (every font we have
 * met) is searched per character, and the answer kept; turning it into a
 * table of all 65,536 code points cost a walk over every code point the font
 * maps, about 1 M instructions a font, a tenth of a small county's layout.
 * Any other subtable is still turned into that table at the first question,
 * the last segment naming a code point winning. Advances are read from the
 * hmtx bytes. Separate so that the answers can be kept through a const font. */
typedef struct gid_page { uint16_t gid[256]; unsigned char known[32]; } gid_page;

typedef struct ttf_maps {
  int ready;               /* the cmap has been looked at (at the first question) */
  uint16_t *gid;           /* a cmap not searched: 65,536 glyph ids, one per BMP code point */
  gid_page *page[256];     /* a searched cmap: the glyph ids found so far (known bits set) */
  const unsigned char *cmap;   /* the format 4 subtable (in the mapping), while it is searched */
  uint32_t cmap_len;
  uint32_t segx2;          /* twice its number of segments when it is searched, else 0 */
  const unsigned char *hmtx;   /* nhm long metrics, in the mapping */
  unsigned nhm, upem;
} ttf_maps;

struct ttf_font {
  ttf_maps *m;
  void *map;               /* the whole file, read-only */
  size_t size;
  unsigned nglyphs;
  char family[128];
  ttf_info info;
};

typedef struct table { uint32_t off, len; } table;


/* The len bytes at off of the mapped file, or NULL when out of range. */
static const unsigned char *read_at(const unsigned char *map, long size, uint32_t off, uint32_t len)
{
  if ((uint64_t)off + len > (uint64_t)size || len == 0) return NULL;
  return map + off;
}

/* The glyph of code point c in segment i of format 4 subtable t (len bytes,
 * segx2 twice its segments), start <= c <= end; 0x10000 when the glyph id
 * array ends before c's entry. */
static unsigned seg_glyph(const unsigned char *t, uint32_t len, uint32_t segx2, uint32_t i, unsigned c)
{
  const unsigned char *starts = t + 14 + segx2 + 2, *deltas = starts + segx2, *ranges = deltas + segx2;
  unsigned start = be16(starts + 2 * i);
  uint16_t delta = be16(deltas + 2 * i), ro = be16(ranges + 2 * i);
  if (ro == 0) return (c + delta) & 0xFFFF;
  uint64_t at = (uint64_t)(ranges + 2 * i - t) + ro + 2 * (uint64_t)(c - start);
  if (at + 2 > len) return 0x10000;
  unsigned g = be16(t + at);
  return g ? (g + delta) & 0xFFFF : 0;
}

static void parse_cmap4(ttf_maps *f, unsigned nglyphs, const unsigned char *t, uint32_t len)
{
  if (len < 14) return;
  uint32_t segx2 = be16(t + 6);
  if (segx2 == 0 || 16 + 4 * (uint64_t)segx2 > len) return;
  const unsigned char *ends = t + 14, *starts = ends + segx2 + 2;
  for (uint32_t i = 0; i < segx2 / 2; i++) {
    unsigned end = be16(ends + 2 * i), start = be16(starts + 2 * i);
    if (start > end) continue;
    for (unsigned c = start; c <= end && c < 0xFFFF; c++) {
      unsigned g = seg_glyph(t, len, segx2, i, c);
      if (g < nglyphs) f->gid[c] = (uint16_t)g;
    }
  }
}

/* Returns twice the number of segments of format 4 subtable t (len bytes)
 * when they can be searched: a sound header, and every segment's start at
 * most its end and after the end of the one before. Else 0. */
static uint32_t cmap4_ordered(const unsigned char *t, uint32_t len)
{
  if (len < 14) return 0;
  uint32_t segx2 = be16(t + 6);
  if (segx2 == 0 || segx2 % 2 || 16 + 4 * (uint64_t)segx2 > len) return 0;
  const unsigned char *ends = t + 14, *starts = ends + segx2 + 2;
  for (uint32_t i = 0, prev = 0; i < segx2 / 2; i++) {
    unsigned start = be16(starts + 2 * i), end = be16(ends + 2 * i);
    if (start > end || (i > 0 && start <= prev)) return 0;
    prev = end;
  }
  return segx2;
}

/* Reads name id nid (Windows Unicode preferred, else Unicode or Mac Roman) into
 * out as ASCII; with name_chars, only characters a PDF name may hold
 * unescaped and a PostScript name uses (no space or delimiters). */
/* A character a PDF name holds unescaped and a PostScript name uses: printable
 * ASCII without space and the delimiters. */
static int name_char(unsigned ch)
{
  return ch > 32 && ch < 127 && !strchr("()<>[]{}/%#", (int)ch);
}

static void parse_name(const unsigned char *t, uint32_t len, unsigned want, char *out, size_t cap,
                       int name_chars)
{
  if (len < 6) return;
  unsigned count = be16(t + 2), strings = be16(t + 4);
  for (unsigned i = 0; i < count && 6 + 12 * (uint64_t)(i + 1) <= len; i++) {
    const unsigned char *r = t + 6 + 12 * i;
    unsigned plat = be16(r), nid = be16(r + 6), l = be16(r + 8), o = be16(r + 10);
    if (nid != want || (uint64_t)strings + o + l > len) continue;
    const unsigned char *s = t + strings + o;
    size_t k = 0;
    int wide = plat == 3 || plat == 0;
    for (unsigned j = 0; j < l && k + 1 < cap; j += wide ? 2 : 1) {
      unsigned ch = wide ? (j + 1 < l ? be16(s + j) : 0) : s[j];
      if (name_chars ? name_char(ch) : ch >= 32 && ch < 127)
        out[k++] = (char)ch;
    }
    out[k] = '\0';
    if (k && plat == 3) break;
  }
}

static int em1000(int v, unsigned upem) { return (int)((long)v * 1000 / (long)upem); }

ttf_font *ttf_load(const char *path, int face, char **err)
{
  ttf_font *f = NULL;
  const unsigned char *hdr, *dir, *head, *hhea, *maxp, *hmtx, *cmap, *name, *os2;
  const char *why = NULL;
  void *map = MAP_FAILED;
  struct stat st;
  int fd = file_open_read(path, FILE_FOLLOW, SIZE_MAX, NULL);
  if (fd < 0) { *err = xasprintf("cannot open font file %s: %s", path, strerror(errno)); return NULL; }
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) { why = "not a regular file"; goto fail; }
  long size = (long)st.st_size;
  if (size < 1024) { why = "too small to be a font"; goto fail; }
  if ((uint64_t)size > TTF_MAX_FILE) { why = "larger than 64 MB"; goto fail; }
  map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (map == MAP_FAILED) { why = "cannot map the file"; goto fail; }
  const unsigned char *file = map;
  hdr = file;
  uint32_t base = 0;
  if (memcmp(hdr, "ttcf", 4) == 0) {
    uint32_t n = be32(hdr + 8);
    if (face < 0 || (uint32_t)face >= n) { why = "no such face in the collection"; goto fail; }
    const unsigned char *o = read_at(file, size, 12 + 4 * (uint32_t)face, 4);
    if (!o) { why = "truncated collection header"; goto fail; }
    base = be32(o);
  } else if (face != 0) { why = "face index given for a single font"; goto fail; }
  const unsigned char *sh = read_at(file, size, base, 12);
  if (!sh) { why = "truncated header"; goto fail; }
  uint32_t ver = be32(sh);
  unsigned ntab = be16(sh + 4);
  if (ver == 0x4F54544F) { why = "CFF outlines (OpenType/PostScript), which reformgen cannot embed as TrueType"; goto fail; }
  if (ver != 0x00010000 && ver != 0x74727565) { why = "not a TrueType font (bad magic)"; goto fail; }
  if (ntab == 0 || ntab > 200) { why = "bad table count"; goto fail; }
  dir = read_at(file, size, base + 12, 16 * ntab);
  if (!dir) { why = "truncated table directory"; goto fail; }
  table th = {0}, thh = {0}, tmx = {0}, thm = {0}, tcm = {0}, tnm = {0}, tgl = {0}, tlo = {0}, tos = {0};
  for (unsigned i = 0; i < ntab; i++) {
    const unsigned char *r = dir + 16 * i;
    table t = { be32(r + 8), be32(r + 12) };
    if ((uint64_t)t.off + t.len > (uint64_t)size) { why = "a table lies beyond the end of the file"; goto fail; }
    if (!memcmp(r, "head", 4)) th = t;
    else if (!memcmp(r, "hhea", 4)) thh = t;
    else if (!memcmp(r, "maxp", 4)) tmx = t;
    else if (!memcmp(r, "hmtx", 4)) thm = t;
    else if (!memcmp(r, "cmap", 4)) tcm = t;
    else if (!memcmp(r, "name", 4)) tnm = t;
    else if (!memcmp(r, "glyf", 4)) tgl = t;
    else if (!memcmp(r, "loca", 4)) tlo = t;
    else if (!memcmp(r, "OS/2", 4)) tos = t;
  }
  if (th.len < 54 || thh.len < 36 || tmx.len < 6 || !thm.len || !tcm.len || !tgl.len || !tlo.len) {
    why = "a required table (head, hhea, maxp, hmtx, cmap, glyf, loca) is missing or short";
    goto fail;
  }
  head = read_at(file, size, th.off, th.len);
  hhea = read_at(file, size, thh.off, thh.len);
  maxp = read_at(file, size, tmx.off, tmx.len);
  if (!head || !hhea || !maxp) { why = "cannot read head, hhea or maxp"; goto fail; }
  unsigned upem = be16(head + 18), nhm = be16(hhea + 34), ng = be16(maxp + 4);
  if (upem < 16 || upem > 16384) { why = "bad unitsPerEm"; goto fail; }
  if (nhm == 0 || nhm > ng || (uint64_t)nhm * 4 > thm.len) { why = "bad horizontal metrics"; goto fail; }
  hmtx = read_at(file, size, thm.off, (uint32_t)nhm * 4);
  cmap = read_at(file, size, tcm.off, tcm.len);
  if (!hmtx || !cmap) { why = "cannot read hmtx or cmap"; goto fail; }
  f = xcalloc(1, sizeof *f);
  f->nglyphs = ng;
  f->m = xcalloc(1, sizeof *f->m);
  f->m->nhm = nhm;
  f->m->upem = upem;
  int found = 0;
  unsigned nsub = tcm.len >= 4 ? be16(cmap + 2) : 0;
  for (unsigned i = 0; i < nsub && 4 + 8 * (uint64_t)(i + 1) <= tcm.len; i++) {
    const unsigned char *r = cmap + 4 + 8 * i;
    uint32_t off = be32(r + 4);
    if (be16(r) == 3 && be16(r + 2) == 1 && (uint64_t)off + 4 <= tcm.len && be16(cmap + off) == 4) {
      uint32_t l = be16(cmap + off + 2);
      if ((uint64_t)off + l > tcm.len) l = tcm.len - off;
      f->m->cmap = cmap + off;
      f->m->cmap_len = l;
      f->m->hmtx = hmtx;
      found = 1;
      break;
    }
  }
  if (!found) { why = "no Unicode (3,1) format 4 cmap"; goto fail; }
  if (tnm.len && (name = read_at(file, size, tnm.off, tnm.len)) != NULL) {
    parse_name(name, tnm.len, 1, f->family, sizeof f->family, 0);
    parse_name(name, tnm.len, 6, f->info.psname, sizeof f->info.psname, 1);
  }
  /* the descriptor's metrics, in 1/1000 em */
  ttf_info *in = &f->info;
  for (int k = 0; k < 4; k++) in->bbox[k] = em1000((int16_t)be16(head + 36 + 2 * k), upem);
  in->ascent = em1000((int16_t)be16(hhea + 4), upem);
  in->descent = em1000((int16_t)be16(hhea + 6), upem);
  in->cap_height = in->ascent;
  if (tos.len >= 90 && (os2 = read_at(file, size, tos.off, 90)) != NULL && be16(os2) >= 2)
    in->cap_height = em1000((int16_t)be16(os2 + 88), upem);
  if (!in->psname[0]) {   /* no PostScript name: the family without spaces */
    size_t k = 0;
    for (const char *p = f->family; *p && k + 1 < sizeof in->psname; p++)
      if (name_char((unsigned char)*p)) in->psname[k++] = *p;
    in->psname[k] = '\0';
    if (!k) snprintf(in->psname, sizeof in->psname, "Font%d", face);
  }
  f->map = map;
  f->size = (size_t)size;
  close(fd);
  return f;
fail:
  *err = xasprintf("font file %s (face %d): %s", path, face, why);
  ttf_free(f);
  if (map != MAP_FAILED) munmap(map, (size_t)size);
  close(fd);
  return NULL;
}

void ttf_free(ttf_font *f)
{
  if (!f) return;
  if (f->m) {
    free(f->m->gid);
    for (int i = 0; i < 256; i++) free(f->m->page[i]);
    free(f->m);
  }
  if (f->map) munmap(f->map, f->size);
  free(f);
}

/* The glyph id of code point cp < 0xFFFF in a searched cmap. */
static unsigned search_cmap(const ttf_font *f, unsigned cp)
{
  const ttf_maps *m = f->m;
  /* the first segment that ends at or after cp; cp is in it if it starts at
   * or before cp */
  const unsigned char *ends = m->cmap + 14, *starts = ends + m->segx2 + 2;
  uint32_t lo = 0, hi = m->segx2 / 2;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (be16(ends + 2 * mid) < cp) lo = mid + 1;
    else hi = mid;
  }
  if (lo == m->segx2 / 2 || be16(starts + 2 * lo) > cp) return 0;
  unsigned g = seg_glyph(m->cmap, m->cmap_len, m->segx2, lo, cp);
  return g < f->nglyphs ? g : 0;
}

/* The glyph id of code point cp < 0xFFFF, 0 when the font lacks it. */
static unsigned glyph_of(const ttf_font *f, unsigned cp)
{
  ttf_maps *m = f->m;
  if (!m->ready) {
    m->ready = 1;
    m->segx2 = cmap4_ordered(m->cmap, m->cmap_len);
    if (!m->segx2) {   /* not searchable: every answer now */
      m->gid = xcalloc(65536, sizeof *m->gid);
      parse_cmap4(m, f->nglyphs, m->cmap, m->cmap_len);
      m->cmap = NULL;
    }
  }
  if (m->gid) return m->gid[cp];
  gid_page *p = m->page[cp >> 8];
  if (!p) p = m->page[cp >> 8] = xcalloc(1, sizeof *p);
  unsigned k = cp & 0xFF;
  if (!(p->known[k >> 3] >> (k & 7) & 1)) {
    p->gid[k] = (uint16_t)search_cmap(f, cp);
    p->known[k >> 3] |= (unsigned char)(1u << (k & 7));
  }
  return p->gid[k];
}

int ttf_has(const ttf_font *f, unsigned cp) { return cp < 0xFFFF && glyph_of(f, cp) != 0; }

unsigned ttf_glyph(const ttf_font *f, unsigned cp) { return cp < 0xFFFF ? glyph_of(f, cp) : 0; }

int ttf_width(const ttf_font *f, unsigned cp)
{
  unsigned g = cp < 0xFFFF ? glyph_of(f, cp) : 0;
  if (!g) return 0;
  const ttf_maps *m = f->m;
  unsigned a = be16(m->hmtx + 4 * (g < m->nhm ? g : m->nhm - 1));
  return (uint16_t)((uint32_t)a * 1000 / m->upem);
}

const char *ttf_family(const ttf_font *f) { return f->family; }

const ttf_info *ttf_get_info(const ttf_font *f) { return &f->info; }
