/* ttf.c: TrueType faces through HarfBuzz (ttf.h).
 *
 * The file is opened once (file_open_read: a named pipe or device is refused
 * at once) and mapped; HarfBuzz takes the mapping as a blob, checks every
 * table it reads, and answers the cmap lookups (formats 4 and 12, so
 * characters beyond U+FFFF too) and the advances (hmtx). What is read here by
 * hand is what a PDF descriptor states and HarfBuzz has no call for: the
 * head's unitsPerEm and bounding box, and hhea's ascent and descent. */
#include "ttf.h"
#include "i18n.h"
#include "util.h"

#include <errno.h>
#include <hb-ot.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct ttf_font {
  hb_blob_t *blob;
  hb_face_t *face;
  hb_font_t *font;     /* at scale unitsPerEm: advances in font units */
  unsigned upem;
  char family[128];
  ttf_info info;
};

/* A character a PDF name holds unescaped and a PostScript name uses:
 * printable ASCII without space and the delimiters. */
static int name_char(unsigned ch)
{
  return ch > 32 && ch < 127 && !strchr("()<>[]{}/%#", (int)ch);
}

/* Reads name id nid (English preferred) into out as printable ASCII; with
 * name_chars, only characters name_char allows. */
static void read_name(hb_face_t *face, hb_ot_name_id_t nid, char *out, size_t cap, int name_chars)
{
  char buf[256];
  unsigned len = sizeof buf;
  out[0] = '\0';
  if (!hb_ot_name_get_utf8(face, nid, hb_language_from_string("en", 2), &len, buf) || !len) {
    len = sizeof buf;
    if (!hb_ot_name_get_utf8(face, nid, HB_LANGUAGE_INVALID, &len, buf)) return;
  }
  size_t k = 0;
  for (unsigned j = 0; j < len && k + 1 < cap; j++) {
    unsigned char ch = (unsigned char)buf[j];
    if (name_chars ? name_char(ch) : ch >= 32 && ch < 127) out[k++] = (char)ch;
  }
  out[k] = '\0';
}

/* The bytes of table tag (borrowed from the face's blob; *len 0 when the
 * table is absent or lies beyond the end of the file). */
static hb_blob_t *table(hb_face_t *face, const char *tag, const unsigned char **p, unsigned *len)
{
  hb_blob_t *b = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
  *p = (const unsigned char *)hb_blob_get_data(b, len);
  return b;
}

static const char CFF_WHY[] = N_("CFF outlines (OpenType/PostScript), which reformgen cannot embed as "
                              "TrueType (fonts/otf2ttf.py converts them)");

static int em1000(int v, unsigned upem) { return (int)((long)v * 1000 / (long)upem); }

/* Reads what the descriptor states and checks the tables a PDF TrueType font
 * needs. Returns NULL, or what is wrong (a static string). */
static const char *read_face(ttf_font *f, int face)
{
  static const char *const needed[] = { "head", "hhea", "maxp", "hmtx", "cmap", "glyf", "loca" };
  const unsigned char *p;
  unsigned len;
  for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
    hb_blob_t *b = table(f->face, needed[i], &p, &len);
    hb_blob_destroy(b);
    if (!len) {
      b = table(f->face, "CFF ", &p, &len);
      hb_blob_destroy(b);
      if (len) return _(CFF_WHY);
      return _("a required table (head, hhea, maxp, hmtx, cmap, glyf, loca) is missing or lies beyond the end of the file");
    }
  }
  if (hb_face_get_glyph_count(f->face) == 0) return _("no glyphs");
  hb_blob_t *hb = table(f->face, "head", &p, &len);
  const char *why = NULL;
  if (len < 54) why = _("the head table is short");
  else if ((f->upem = be16(p + 18)) < 16 || f->upem > 16384) why = _("bad unitsPerEm");
  else
    for (int k = 0; k < 4; k++) f->info.bbox[k] = em1000((int16_t)be16(p + 36 + 2 * k), f->upem);
  hb_blob_destroy(hb);
  if (why) return why;
  hb = table(f->face, "hhea", &p, &len);
  if (len < 36) why = _("the hhea table is short");
  else {
    f->info.ascent = em1000((int16_t)be16(p + 4), f->upem);
    f->info.descent = em1000((int16_t)be16(p + 6), f->upem);
  }
  hb_blob_destroy(hb);
  if (why) return why;
  f->font = hb_font_create(f->face);
  hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
  hb_position_t cap;
  f->info.cap_height = hb_ot_metrics_get_position(f->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &cap)
                       ? em1000(cap, f->upem) : f->info.ascent;
  read_name(f->face, HB_OT_NAME_ID_FONT_FAMILY, f->family, sizeof f->family, 0);
  read_name(f->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, f->info.psname, sizeof f->info.psname, 1);
  if (!f->info.psname[0]) {   /* no PostScript name: the family without spaces */
    size_t k = 0;
    for (const char *s = f->family; *s && k + 1 < sizeof f->info.psname; s++)
      if (name_char((unsigned char)*s)) f->info.psname[k++] = *s;
    f->info.psname[k] = '\0';
    if (!k) snprintf(f->info.psname, sizeof f->info.psname, "Font%d", face);
  }
  return NULL;
}

typedef struct mapping {
  void *addr;
  size_t len;
} mapping;

static void unmap(void *user)
{
  mapping *m = user;
  munmap(m->addr, m->len);
  free(m);
}

/* The font file at path as a read-only blob, from one open of it: its size
 * and kind come from that descriptor (fstat), not from a second look at the
 * name. Returns NULL with *why set. */
static hb_blob_t *map_font(const char *path, const char **why, char **err)
{
  size_t size = 0;
  int fd = file_open_read(path, FILE_FOLLOW, TTF_MAX_FILE, &size);
  if (fd < 0) {
    if (errno == EINVAL) *why = _("not a regular file");
    else if (errno == EFBIG) *why = _("larger than 64 MB");
    else *err = xasprintf(_("cannot open font file %s: %s"), path, file_error_text(errno));
    return NULL;
  }
  if (size < 1024) {
    close(fd);
    *why = _("too small to be a font");
    return NULL;
  }
  void *addr = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (addr == MAP_FAILED) {
    *why = _("cannot read the file");
    return NULL;
  }
  mapping *m = xmalloc(sizeof *m);
  m->addr = addr;
  m->len = size;
  return hb_blob_create_or_fail(addr, (unsigned)size, HB_MEMORY_MODE_READONLY_MAY_MAKE_WRITABLE, m, unmap);
}

ttf_font *ttf_load(const char *path, int face, char **err)
{
  const char *why = NULL;
  *err = NULL;
  hb_blob_t *blob = map_font(path, &why, err);
  if (*err) return NULL;
  ttf_font *f = NULL;
  if (!why) {
    if (!blob) why = "cannot read the file";
    else if (face < 0 || (unsigned)face >= hb_face_count(blob)) {
      hb_blob_destroy(blob);
      why = face > 0 ? _("no such face in the file") : _("not a TrueType font (bad magic)");
    } else {
      unsigned n;
      const char *data = hb_blob_get_data(blob, &n);
      f = xcalloc(1, sizeof *f);
      f->blob = blob;
      f->face = hb_face_create(blob, (unsigned)face);
      why = n >= 4 && memcmp(data, "OTTO", 4) == 0 ? CFF_WHY : read_face(f, face);
    }
  }
  if (why) {
    *err = xasprintf(_("font file %s (face %d): %s"), path, face, why);
    ttf_free(f);
    return NULL;
  }
  return f;
}

void ttf_free(ttf_font *f)
{
  if (!f) return;
  hb_font_destroy(f->font);
  hb_face_destroy(f->face);
  hb_blob_destroy(f->blob);
  free(f);
}

unsigned ttf_glyph(const ttf_font *f, unsigned cp)
{
  hb_codepoint_t g = 0;
  return hb_font_get_nominal_glyph(f->font, cp, &g) ? g : 0;
}

int ttf_has(const ttf_font *f, unsigned cp) { return ttf_glyph(f, cp) != 0; }

int ttf_width(const ttf_font *f, unsigned cp)
{
  unsigned g = ttf_glyph(f, cp);
  if (!g) return 0;
  hb_position_t a = hb_font_get_glyph_h_advance(f->font, g);
  return a > 0 ? (int)((uint32_t)a * 1000 / f->upem) : 0;
}

const char *ttf_family(const ttf_font *f) { return f->family; }
hb_face_t *ttf_face(const ttf_font *f) { return f->face; }
const ttf_info *ttf_get_info(const ttf_font *f) { return &f->info; }
