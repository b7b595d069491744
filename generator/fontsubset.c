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
  hb_blob_t *blob = hb_face_reference_blob(sub);
  unsigned len = 0;
  const char *data = hb_blob_get_data(blob, &len);
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
  hb_blob_destroy(blob);
  hb_face_destroy(sub);
  return rc;
}

void fontsubset_close(fontsubset_file *f)
{
  if (f->fd >= 0) close(f->fd);
  f->fd = -1;
  f->path[0] = '\0';
}
