/* fontsubset.c: per-document font subsets with hb-subset (fontsubset.h). */
#define _GNU_SOURCE   /* memfd_create */
#include "fontsubset.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hb.h>
#include <hb-subset.h>

typedef struct cached_face {
  char *file;
  int index;
  hb_face_t *face;
} cached_face;

struct fontsubset {
  cached_face *faces;
  int n, cap;
};

fontsubset *fontsubset_new(void)
{
  return xcalloc(1, sizeof(fontsubset));
}

void fontsubset_free(fontsubset *c)
{
  if (!c) return;
  for (int i = 0; i < c->n; i++) {
    hb_face_destroy(c->faces[i].face);
    free(c->faces[i].file);
  }
  free(c->faces);
  free(c);
}

/* Returns the cached face, parsing it on first use; NULL if the file cannot
 * be read or has no such face. Borrowed. */
static hb_face_t *face_for(fontsubset *c, const char *file, int index)
{
  for (int i = 0; i < c->n; i++)
    if (c->faces[i].index == index && strcmp(c->faces[i].file, file) == 0) return c->faces[i].face;
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(file);
  if (!blob) return NULL;
  unsigned count = hb_face_count(blob);
  if (index < 0 || (unsigned)index >= count) {
    hb_blob_destroy(blob);
    return NULL;
  }
  hb_face_t *face = hb_face_create(blob, (unsigned)index);
  hb_blob_destroy(blob);   /* the face holds its own reference */
  if (c->n == c->cap) {
    c->cap = c->cap ? c->cap * 2 : 4;
    c->faces = xrealloc(c->faces, (size_t)c->cap * sizeof *c->faces);
  }
  c->faces[c->n].file = xstrdup(file);
  c->faces[c->n].index = index;
  c->faces[c->n].face = face;
  c->n++;
  return face;
}

/* ---- a cmap libharu can search quickly -------------------------------------
 *
 * libharu builds its CIDToGIDMap by looking up every one of the 65,536 BMP
 * code points with a linear walk over the format-4 segments; a subset of a
 * few hundred scattered hanzi has hundreds of segments, which costs tens of
 * millions of instructions per font per document. The subset's cmap is
 * rewritten with a handful of wide segments (clusters of code points), each
 * indexing a glyph-id array in which unused code points map to glyph 0.
 * The array costs a few tens of KB before compression, almost nothing after. */

typedef struct cmap_pair { uint32_t cp, gid; } cmap_pair;

static void put16(strbuf *b, unsigned v)
{
  char t[2] = { (char)(v >> 8), (char)v };
  sb_addn(b, t, 2);
}

static void put32(strbuf *b, uint32_t v)
{
  char t[4] = { (char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v };
  sb_addn(b, t, 4);
}

/* Builds a cmap table (one format-4 subtable, platform 3 encoding 1) for the
 * sorted pairs, joining code points closer than `gap` into one segment.
 * Returns 0, or -1 when the glyph-id array would not be addressable. */
static int build_cmap(const cmap_pair *v, size_t n, uint32_t gap, strbuf *out)
{
  /* clusters */
  size_t nseg = 0, arr = 0;
  uint32_t *seg_start = xmalloc((n + 1) * sizeof *seg_start);
  uint32_t *seg_end = xmalloc((n + 1) * sizeof *seg_end);
  for (size_t i = 0; i < n; i++) {
    if (nseg && v[i].cp - seg_end[nseg - 1] <= gap) {
      seg_end[nseg - 1] = v[i].cp;
    } else {
      seg_start[nseg] = seg_end[nseg] = v[i].cp;
      nseg++;
    }
  }
  for (size_t i = 0; i < nseg; i++) arr += seg_end[i] - seg_start[i] + 1;
  size_t segs = nseg + 1;   /* and the 0xFFFF terminator */
  int rc = -1;
  if (2 * (segs + arr) >= 65535 || 16 + 8 * segs + 2 * arr >= 65535) goto done;
  unsigned search = 1, sel = 0;
  while (search * 2 <= segs) { search *= 2; sel++; }
  put16(out, 0);                    /* cmap version */
  put16(out, 1);                    /* one encoding record */
  put16(out, 3); put16(out, 1); put32(out, 12);
  put16(out, 4);                    /* format 4 */
  put16(out, (unsigned)(16 + 8 * segs + 2 * arr));
  put16(out, 0);                    /* language */
  put16(out, (unsigned)(2 * segs));
  put16(out, 2 * search);
  put16(out, sel);
  put16(out, (unsigned)(2 * segs - 2 * search));
  for (size_t i = 0; i < nseg; i++) put16(out, seg_end[i]);
  put16(out, 0xFFFF);
  put16(out, 0);                    /* reserved pad */
  for (size_t i = 0; i < nseg; i++) put16(out, seg_start[i]);
  put16(out, 0xFFFF);
  for (size_t i = 0; i < nseg; i++) put16(out, 0);    /* idDelta */
  put16(out, 1);
  /* idRangeOffset: bytes from this entry to the segment's first array slot */
  size_t before = 0;
  for (size_t i = 0; i < nseg; i++) {
    put16(out, (unsigned)(2 * (segs - i) + 2 * before));
    before += seg_end[i] - seg_start[i] + 1;
  }
  put16(out, 0);
  size_t k = 0;
  for (size_t i = 0; i < nseg; i++)
    for (uint32_t cp = seg_start[i]; cp <= seg_end[i]; cp++) {
      if (k < n && v[k].cp == cp) put16(out, v[k++].gid);
      else put16(out, 0);
    }
  rc = 0;
done:
  free(seg_start);
  free(seg_end);
  return rc;
}

static uint32_t table_sum(const unsigned char *p, size_t len)
{
  uint32_t sum = 0;
  for (size_t i = 0; i < len; i += 4) {
    uint32_t w = 0;
    for (size_t k = 0; k < 4; k++) w = (w << 8) | (i + k < len ? p[i + k] : 0);
    sum += w;
  }
  return sum;
}

/* Writes the font of `face` with its cmap replaced by `cmap` into out.
 * Returns 0 or -1. */
static int replace_cmap(hb_face_t *face, const strbuf *cmap, strbuf *out)
{
  hb_tag_t tags[64];
  unsigned ntags = 64;
  unsigned total = hb_face_get_table_tags(face, 0, &ntags, tags);
  if (total > 64 || ntags == 0) return -1;
  hb_blob_t *blobs[64];
  const char *data[64];
  unsigned len[64];
  int has_cmap = 0;
  /* libharu 2.3.0 re-creates the font with 13 tables, taking an absent one
   * as empty at the current end of its buffer; when that end is a multiple of
   * its 4 KB stream block, seeking there for the last one ('prep') fails and
   * the whole PDF is lost (0x1033). hb-subset drops 'prep' with the hinting,
   * so a one-instruction 'prep' (SVTCA[y], harmless) is always written. */
  static const char PREP[1] = { 0x00 };
  int has_prep = 0;
  for (unsigned i = 0; i < ntags; i++) if (tags[i] == HB_TAG('p', 'r', 'e', 'p')) has_prep = 1;
  if (!has_prep) {
    if (ntags >= 64) return -1;
    unsigned at = ntags;
    while (at > 0 && tags[at - 1] > HB_TAG('p', 'r', 'e', 'p')) { tags[at] = tags[at - 1]; at--; }
    tags[at] = HB_TAG('p', 'r', 'e', 'p');
    ntags++;
  }
  for (unsigned i = 0; i < ntags; i++) {
    if (tags[i] == HB_TAG('p', 'r', 'e', 'p') && !has_prep) {
      blobs[i] = NULL;
      data[i] = PREP;
      len[i] = sizeof PREP;
      continue;
    }
    if (tags[i] == HB_TAG('c', 'm', 'a', 'p')) {
      has_cmap = 1;
      blobs[i] = NULL;
      data[i] = cmap->s;
      len[i] = (unsigned)cmap->len;
    } else {
      blobs[i] = hb_face_reference_table(face, tags[i]);
      data[i] = hb_blob_get_data(blobs[i], &len[i]);
    }
  }
  int rc = -1;
  if (!has_cmap) goto done;
  /* table records sorted by tag (hb returns them in directory order, sorted) */
  unsigned search = 1, sel = 0;
  while (search * 2 <= ntags) { search *= 2; sel++; }
  put32(out, 0x00010000);
  put16(out, ntags);
  put16(out, search * 16);
  put16(out, sel);
  put16(out, ntags * 16 - search * 16);
  size_t off = 12 + 16 * (size_t)ntags, head_at = 0;
  for (unsigned i = 0; i < ntags; i++) {
    put32(out, tags[i]);
    unsigned char *p = (unsigned char *)(uintptr_t)data[i];
    uint32_t sum;
    if (tags[i] == HB_TAG('h', 'e', 'a', 'd') && len[i] >= 12) {
      /* the checksum of head is taken with checkSumAdjustment as zero */
      unsigned char tmp[64];
      size_t m = len[i] < sizeof tmp ? len[i] : sizeof tmp;
      memcpy(tmp, p, m);
      memset(tmp + 8, 0, 4);
      sum = table_sum(tmp, m);
      if (len[i] > m) sum += table_sum(p + m, len[i] - m);
      head_at = off;
    } else {
      sum = table_sum(p, len[i]);
    }
    put32(out, sum);
    put32(out, (uint32_t)off);
    put32(out, len[i]);
    off += (len[i] + 3) & ~3u;
  }
  for (unsigned i = 0; i < ntags; i++) {
    sb_addn(out, data[i], len[i]);
    static const char pad[3] = { 0, 0, 0 };
    sb_addn(out, pad, ((len[i] + 3) & ~3u) - len[i]);
  }
  if (head_at && head_at + 12 <= out->len) {
    memset(out->s + head_at + 8, 0, 4);
    uint32_t adj = 0xB1B0AFBAu - table_sum((const unsigned char *)out->s, out->len);
    unsigned char *q = (unsigned char *)out->s + head_at + 8;
    q[0] = (unsigned char)(adj >> 24); q[1] = (unsigned char)(adj >> 16);
    q[2] = (unsigned char)(adj >> 8); q[3] = (unsigned char)adj;
  }
  rc = 0;
done:
  for (unsigned i = 0; i < ntags; i++) hb_blob_destroy(blobs[i]);
  return rc;
}

static int cmp_pair(const void *a, const void *b)
{
  const cmap_pair *x = a, *y = b;
  return x->cp < y->cp ? -1 : x->cp > y->cp;
}

/* The subset as bytes with a few-segment cmap; falls back to hb-subset's own
 * bytes when the code points are too spread out to index. Returns new bytes. */
static char *with_fast_cmap(hb_face_t *sub, const uint32_t *cps, size_t n, size_t *out_len)
{
  hb_font_t *font = hb_font_create(sub);
  cmap_pair *v = xmalloc((n + 1) * sizeof *v);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    hb_codepoint_t g;
    if (cps[i] < 0xFFFF && hb_font_get_nominal_glyph(font, cps[i], &g) && g) {
      v[m].cp = cps[i];
      v[m].gid = g;
      m++;
    }
  }
  hb_font_destroy(font);
  qsort(v, m, sizeof *v, cmp_pair);
  size_t u = 0;
  for (size_t i = 0; i < m; i++)
    if (u == 0 || v[i].cp != v[u - 1].cp) v[u++] = v[i];
  strbuf cmap = {0}, out = {0};
  static const uint32_t gaps[] = { 512, 512, 64, 8, 0 };
  int ok = -1;
  for (size_t i = 0; i < sizeof gaps / sizeof gaps[0] && ok != 0; i++) {
    sb_reset(&cmap);
    ok = u ? build_cmap(v, u, gaps[i], &cmap) : -1;
  }
  free(v);
  char *bytes = NULL;
  /* the subset is a builder face: read its tables back from its serialised form */
  hb_blob_t *serial = hb_face_reference_blob(sub);
  hb_face_t *parsed = hb_face_create(serial, 0);
  hb_blob_destroy(serial);
  if (ok != 0) {   /* keep hb-subset's own cmap, but still add 'prep' */
    hb_blob_t *own = hb_face_reference_table(parsed, HB_TAG('c', 'm', 'a', 'p'));
    unsigned olen = 0;
    const char *od = hb_blob_get_data(own, &olen);
    sb_reset(&cmap);
    sb_addn(&cmap, od, olen);
    hb_blob_destroy(own);
  }
  int replaced = replace_cmap(parsed, &cmap, &out) == 0;
  hb_face_destroy(parsed);
  if (replaced) {
    *out_len = out.len;
    bytes = sb_detach(&out);
  } else {
    hb_blob_t *blob = hb_face_reference_blob(sub);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    bytes = xmalloc(len ? len : 1);
    memcpy(bytes, data, len);
    *out_len = len;
    hb_blob_destroy(blob);
  }
  sb_free(&cmap);
  sb_free(&out);
  return bytes;
}

int fontsubset_make(fontsubset *c, const char *file, int index, const uint32_t *cps, size_t n,
                    fontsubset_file *out, char **err)
{
  out->fd = -1;
  out->path[0] = '\0';
  out->size = 0;
  hb_face_t *face = face_for(c, file, index);
  if (!face) {
    *err = xasprintf("%s: cannot read face %d for subsetting", file, index);
    return -1;
  }
  hb_subset_input_t *in = hb_subset_input_create_or_fail();
  if (!in) {
    *err = xstrdup("out of memory creating a font subset");
    return -1;
  }
  hb_set_t *u = hb_subset_input_unicode_set(in);
  for (size_t i = 0; i < n; i++) hb_set_add(u, cps[i]);
  /* libharu reads glyf outlines and the cmap; hinting and glyph names are weight */
  hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
  hb_face_t *sub = hb_subset_or_fail(face, in);
  hb_subset_input_destroy(in);
  if (!sub) {
    *err = xasprintf("%s: hb-subset failed for face %d", file, index);
    return -1;
  }
  size_t len = 0;
  char *data = with_fast_cmap(sub, cps, n, &len);
  int rc = -1;
  int fd = memfd_create("reformgen-font", MFD_CLOEXEC);
  if (fd < 0) {
    *err = xasprintf("cannot create an in-memory font file: %s", strerror(errno));
    goto done;
  }
  size_t off = 0;
  while (off < len) {
    ssize_t w = write(fd, data + off, len - off);
    if (w < 0) {
      if (errno == EINTR) continue;
      *err = xasprintf("cannot write an in-memory font file: %s", strerror(errno));
      close(fd);
      goto done;
    }
    off += (size_t)w;
  }
  out->fd = fd;
  snprintf(out->path, sizeof out->path, "/proc/self/fd/%d", fd);
  out->size = len;
  rc = 0;
done:
  free(data);
  hb_face_destroy(sub);
  return rc;
}

void fontsubset_close(fontsubset_file *f)
{
  if (f->fd >= 0) close(f->fd);
  f->fd = -1;
  f->path[0] = '\0';
}
