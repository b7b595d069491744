/* xlsx.c: XLSX worksheets read with minizip and libxml2 (xlsx.h). */
#include "xlsx.h"
#include "i18n.h"
#include "load.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <minizip/unzip.h>

enum { XLSX_MAX_PART = 64 * 1024 * 1024, XLSX_MAX_SHEETS = 256 };
#define XLSX_MAX_FILE ((size_t)512 << 20)

/* ---- the workbook file, opened once -------------------------------------- */

/* minizip reads the workbook through these callbacks (its public
 * zlib_filefunc64_def), from a descriptor file_open_read gave: the file is
 * opened once, refused at once when it is not a regular file, and never
 * opened again by name. */
typedef struct zfd {
  int fd;
  uint64_t pos, size;
  int err;
} zfd;

static voidpf zfd_open(voidpf opaque, const void *name, int mode)
{
  (void)name;
  return (mode & ZLIB_FILEFUNC_MODE_WRITE) ? NULL : opaque;
}

static uLong zfd_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
  zfd *z = stream;
  uLong done = 0;
  while (done < size) {
    ssize_t n = pread(z->fd, (char *)buf + done, size - done, (off_t)(z->pos + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) { z->err = 1; break; }
    if (n == 0) break;
    done += (uLong)n;
  }
  z->pos += done;
  return done;
}

static uLong zfd_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
  return 0;
}

static ZPOS64_T zfd_tell(voidpf opaque, voidpf stream)
{
  return ((zfd *)stream)->pos;
}

static long zfd_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
  zfd *z = stream;
  uint64_t base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? z->pos : z->size;
  if (off > UINT64_MAX - base || base + off > z->size) return -1;
  z->pos = base + off;
  return 0;
}

static int zfd_close(voidpf opaque, voidpf stream)
{
  zfd *z = stream;
  int rc = z->fd >= 0 ? close(z->fd) : 0;
  z->fd = -1;
  return rc;
}

static int zfd_error(voidpf opaque, voidpf stream)
{
  return ((zfd *)stream)->err;
}

/* Opens the workbook at path for minizip, z holding the descriptor. Returns
 * NULL with *err set (a file that is not a regular file, unreadable or not a
 * zip). */
static unzFile zip_open(const char *path, zfd *z, char **err)
{
  size_t size = 0;
  z->fd = file_open_read(path, FILE_FOLLOW, XLSX_MAX_FILE, &size);
  if (z->fd < 0) {
    *err = xasprintf(_("cannot read: %s; expected an XLSX workbook"), file_error_text(errno));
    return NULL;
  }
  z->pos = 0;
  z->size = size;
  z->err = 0;
  zlib_filefunc64_def def = { zfd_open, zfd_read, zfd_write, zfd_tell, zfd_seek, zfd_close, zfd_error, z };
  unzFile zip = unzOpen2_64(path, &def);
  if (!zip) {
    zfd_close(NULL, z);   /* minizip has closed it when it got as far as reading, not always */
    *err = xstrdup(_("not a zip file; expected an XLSX workbook (a .xls file must be saved as .xlsx)"));
  }
  return zip;
}

typedef struct workbook {
  unzFile zip;
  char **strings;   /* shared strings */
  int nstrings;
  unsigned char *date_style;   /* per cell style (cellXfs index): a date format */
  int nstyles;
} workbook;

/* Reads one part of the package into a new buffer. Returns NULL when the part
 * is missing (*err untouched) or unreadable (*err set). */
static char *read_part(unzFile zip, const char *name, size_t *len, char **err)
{
  if (unzLocateFile(zip, name, 2) != UNZ_OK) return NULL;
  unz_file_info64 info;
  if (unzGetCurrentFileInfo64(zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
      unzOpenCurrentFile(zip) != UNZ_OK) {
    *err = xasprintf(_("part %s cannot be read; expected an XLSX workbook"), name);
    return NULL;
  }
  if (info.uncompressed_size > XLSX_MAX_PART) {
    unzCloseCurrentFile(zip);
    *err = xasprintf(_("part %s is larger than %d MB; expected a smaller workbook"), name, XLSX_MAX_PART >> 20);
    return NULL;
  }
  size_t cap = (size_t)info.uncompressed_size + 1, n = 0;
  char *buf = xmalloc(cap);
  for (;;) {
    if (n + 1 >= cap) {   /* the size said in the zip was wrong */
      if (cap > XLSX_MAX_PART) {
        free(buf);
        unzCloseCurrentFile(zip);
        *err = xasprintf(_("part %s is larger than %d MB; expected a smaller workbook"), name, XLSX_MAX_PART >> 20);
        return NULL;
      }
      cap *= 2;
      buf = xrealloc(buf, cap);
    }
    int got = unzReadCurrentFile(zip, buf + n, (unsigned)(cap - 1 - n));
    if (got < 0) {
      free(buf);
      unzCloseCurrentFile(zip);
      *err = xasprintf(_("part %s is damaged (zip error %d); expected an XLSX workbook"), name, got);
      return NULL;
    }
    if (got == 0) break;
    n += (size_t)got;
  }
  if (unzCloseCurrentFile(zip) != UNZ_OK) {
    free(buf);
    *err = xasprintf(_("part %s is damaged (checksum); expected an XLSX workbook"), name);
    return NULL;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

static xmlDocPtr read_xml(unzFile zip, const char *name, int required, char **err)
{
  size_t len = 0;
  char *buf = read_part(zip, name, &len, err);
  if (!buf) {
    if (!*err && required) *err = xasprintf(_("part %s is missing; expected an XLSX workbook"), name);
    return NULL;
  }
  xmlDocPtr doc = xmlReadMemory(buf, (int)len, name, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  free(buf);
  if (!doc || !xmlDocGetRootElement(doc)) {
    xmlFreeDoc(doc);
    *err = xasprintf(_("part %s is not well-formed XML; expected an XLSX workbook"), name);
    return NULL;
  }
  if (doc->intSubset || doc->extSubset) {   /* no spreadsheet writes one; entities are refused */
    xmlFreeDoc(doc);
    *err = xasprintf(_("part %s has a DTD; expected an XLSX workbook without one"), name);
    return NULL;
  }
  return doc;
}

static int is(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
  for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
    if (is(c, name)) return c;
  return NULL;
}

/* An attribute by local name (any namespace, or none when ns is 0; a namespaced one when 1). */
static char *attr(const xmlNode *n, const char *name, int ns)
{
  for (const xmlAttr *a = n->properties; a; a = a->next)
    if (strcmp((const char *)a->name, name) == 0 && (ns ? a->ns != NULL : a->ns == NULL)) {
      xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
      char *s = xstrdup(v ? (const char *)v : "");
      xmlFree(v);
      return s;
    }
  return NULL;
}

/* The text of a string item (<si> or <is>): every <t>, the phonetic runs left out. */
static void item_text(const xmlNode *n, strbuf *b)
{
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || is(c, "rPh")) continue;
    if (is(c, "t")) {
      xmlChar *v = xmlNodeGetContent(c);
      if (v) sb_add(b, (const char *)v);
      xmlFree(v);
    } else {
      item_text(c, b);   /* <r> runs: one level */
    }
  }
}

static int read_strings(workbook *wb, const char *name, char **err)
{
  xmlDocPtr doc = read_xml(wb->zip, name, 0, err);
  if (!doc) return *err ? -1 : 0;
  int cap = 0;
  for (const xmlNode *si = xmlDocGetRootElement(doc)->children; si; si = si->next) {
    if (!is(si, "si")) continue;
    strbuf b = { 0 };
    item_text(si, &b);
    if (wb->nstrings == cap) { cap = cap ? cap * 2 : 256; wb->strings = xrealloc(wb->strings, (size_t)cap * sizeof *wb->strings); }
    wb->strings[wb->nstrings++] = sb_detach(&b);
  }
  xmlFreeDoc(doc);
  return 0;
}

/* A custom number format shows a date when it has d, m or y outside quotes,
 * brackets and escapes (m alone with h or s would be minutes: a date-time
 * still counts as a date). */
static int format_is_date(const char *f)
{
  for (const char *p = f; *p; p++) {
    if (*p == '"') { p = strchr(p + 1, '"'); if (!p) return 0; continue; }
    if (*p == '[') { p = strchr(p + 1, ']'); if (!p) return 0; continue; }
    if (*p == '\\' && p[1]) { p++; continue; }
    if (strncasecmp(p, "General", 7) == 0) { p += 6; continue; }
    if (strchr("dDmMyYeE", *p)) return 1;
  }
  return 0;
}

static int builtin_is_date(long id)
{
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

static int read_styles(workbook *wb, char **err)
{
  xmlDocPtr doc = read_xml(wb->zip, "xl/styles.xml", 0, err);
  if (!doc) return *err ? -1 : 0;
  const xmlNode *root = xmlDocGetRootElement(doc);
  long *ids = NULL;
  unsigned char *dates = NULL;
  int nfmt = 0;
  for (const xmlNode *f = child(child(root, "numFmts"), "numFmt"); f; f = f->next) {
    if (!is(f, "numFmt")) continue;
    char *id = attr(f, "numFmtId", 0), *code = attr(f, "formatCode", 0);
    ids = xrealloc(ids, (size_t)(nfmt + 1) * sizeof *ids);
    dates = xrealloc(dates, (size_t)(nfmt + 1));
    ids[nfmt] = id ? strtol(id, NULL, 10) : -1;
    dates[nfmt++] = (unsigned char)(code && format_is_date(code));
    free(id);
    free(code);
  }
  for (const xmlNode *x = child(child(root, "cellXfs"), "xf"); x; x = x->next) {
    if (!is(x, "xf")) continue;
    char *id = attr(x, "numFmtId", 0);
    long v = id ? strtol(id, NULL, 10) : 0;
    free(id);
    int d = builtin_is_date(v);
    for (int i = 0; i < nfmt; i++)
      if (ids[i] == v) d = dates[i];
    wb->date_style = xrealloc(wb->date_style, (size_t)wb->nstyles + 1);
    wb->date_style[wb->nstyles++] = (unsigned char)d;
  }
  free(ids);
  free(dates);
  xmlFreeDoc(doc);
  return 0;
}

/* "AB12" -> column 27 (0-based) and row 12. Returns 0, or -1. */
static int cell_ref(const char *ref, int *col, long *row)
{
  long c = 0, r = 0;
  const char *p = ref;
  while (*p >= 'A' && *p <= 'Z') { c = c * 26 + (*p - 'A' + 1); p++; if (c > 100000) return -1; }
  while (*p >= '0' && *p <= '9') { r = r * 10 + (*p - '0'); p++; if (r > 100000000) return -1; }
  if (*p || c == 0) return -1;
  *col = (int)(c - 1);
  *row = r;
  return 0;
}

/* Gives every cell of each merged range, in the rows the sheet has, the value
 * of the range's top-left cell. */
static void apply_merges(sheet *s, const xmlNode *merges)
{
  for (const xmlNode *m = merges ? merges->children : NULL; m; m = m->next) {
    if (!is(m, "mergeCell")) continue;
    char *ref = attr(m, "ref", 0);
    char *colon = ref ? strchr(ref, ':') : NULL;
    int c1, c2;
    long r1, r2;
    if (colon) *colon = '\0';
    if (colon && cell_ref(ref, &c1, &r1) == 0 && cell_ref(colon + 1, &c2, &r2) == 0 && c1 <= c2 && r1 <= r2) {
      sheet_row *top = sheet_find_row(s, r1);
      const sheet_cell *src = top ? sheet_cell_at(top, c1) : NULL;
      if (src && c2 >= SHEET_MAX_COLS) c2 = SHEET_MAX_COLS - 1;
      int lo = 0, hi = s->nrows;   /* rows are in order: the first row >= r1 */
      while (lo < hi) { int mid = (lo + hi) / 2; if (s->rows[mid].number < r1) lo = mid + 1; else hi = mid; }
      for (int i = lo; src && i < s->nrows && s->rows[i].number <= r2; i++) {
        sheet_row *r = &s->rows[i];
        for (int c = c1; c <= c2; c++) {
          if (r == top && c == c1) continue;
          char *text = xstrdup(src->text);
          unsigned char num = src->numeric, df = src->date_fmt;
          sheet_cell *d = sheet_set(r, c, text, strlen(text));
          d->numeric = num;
          d->date_fmt = df;
          free(text);
          src = sheet_cell_at(top, c1);   /* sheet_set may have moved it */
        }
      }
    }
    free(ref);
  }
}

static int read_sheet(workbook *wb, sheet *s, const char *part, char **err)
{
  xmlDocPtr doc = read_xml(wb->zip, part, 1, err);
  if (!doc) return -1;
  const xmlNode *root = xmlDocGetRootElement(doc);
  long next_row = 1;
  for (const xmlNode *rn = child(child(root, "sheetData"), "row"); rn; rn = rn->next) {
    if (!is(rn, "row")) continue;
    char *rs = attr(rn, "r", 0);
    long number = rs ? strtol(rs, NULL, 10) : next_row;
    free(rs);
    if (number < next_row || number > SHEET_MAX_ROWS) {
      *err = xasprintf(_("%s: row %ld out of order or beyond %d; expected rows in order"), part, number, SHEET_MAX_ROWS);
      xmlFreeDoc(doc);
      return -1;
    }
    next_row = number + 1;
    sheet_row *r = NULL;
    int next_col = 0;
    for (const xmlNode *cn = rn->children; cn; cn = cn->next) {
      if (!is(cn, "c")) continue;
      char *ref = attr(cn, "r", 0), *t = attr(cn, "t", 0), *st = attr(cn, "s", 0);
      int col = next_col;
      long rr;
      if (ref && cell_ref(ref, &col, &rr) != 0) col = next_col;
      next_col = col + 1;
      strbuf v = { 0 };
      int numeric = 0, have = 0;
      const xmlNode *vn = child(cn, "v");
      xmlChar *vt = vn ? xmlNodeGetContent(vn) : NULL;
      if (t && strcmp(t, "inlineStr") == 0) {
        const xmlNode *is_ = child(cn, "is");
        if (is_) { item_text(is_, &v); have = 1; }
      } else if (vt) {
        have = 1;
        if (t && strcmp(t, "s") == 0) {
          long k = strtol((const char *)vt, NULL, 10);
          if (k >= 0 && k < wb->nstrings) sb_add(&v, wb->strings[k]);
        } else if (t && strcmp(t, "b") == 0) {
          sb_add(&v, strcmp((const char *)vt, "1") == 0 ? "TRUE" : "FALSE");
        } else {
          sb_add(&v, (const char *)vt);
          numeric = !t || strcmp(t, "n") == 0;
        }
      }
      xmlFree(vt);
      if (have && v.len > 0 && col < SHEET_MAX_COLS) {
        if (!r) r = sheet_add_row(s, number);
        sheet_cell *c = sheet_set(r, col, sb_str(&v), v.len);
        c->numeric = (unsigned char)numeric;
        long si = st ? strtol(st, NULL, 10) : 0;
        c->date_fmt = (unsigned char)(numeric && si >= 0 && si < wb->nstyles && wb->date_style[si]);
      }
      sb_free(&v);
      free(ref);
      free(t);
      free(st);
    }
  }
  apply_merges(s, child(root, "mergeCells"));
  xmlFreeDoc(doc);
  return 0;
}

/* The worksheet part a relationship id points to, from xl/_rels/workbook.xml.rels. */
static char *sheet_part(xmlDocPtr rels, const char *rid)
{
  for (const xmlNode *r = xmlDocGetRootElement(rels)->children; r; r = r->next) {
    if (!is(r, "Relationship")) continue;
    char *id = attr(r, "Id", 0);
    int match = id && strcmp(id, rid) == 0;
    free(id);
    if (!match) continue;
    char *target = attr(r, "Target", 0);
    if (!target) return NULL;
    char *part = target[0] == '/' ? xstrdup(target + 1) : xasprintf("xl/%s", target);
    free(target);
    return part;
  }
  return NULL;
}

int xlsx_read(const char *path, sheet ***out, char **err)
{
  workbook wb = { 0 };
  *out = NULL;
  *err = NULL;
  zfd z;
  wb.zip = zip_open(path, &z, err);
  if (!wb.zip) return -1;
  int n = 0;
  xmlDocPtr book = NULL, rels = NULL;
  sheet **sheets = NULL;
  if (!(book = read_xml(wb.zip, "xl/workbook.xml", 1, err)) ||
      !(rels = read_xml(wb.zip, "xl/_rels/workbook.xml.rels", 1, err)) ||
      read_strings(&wb, "xl/sharedStrings.xml", err) != 0 || read_styles(&wb, err) != 0)
    goto done;
  const xmlNode *root = xmlDocGetRootElement(book);
  int date1904 = 0;
  const xmlNode *pr = child(root, "workbookPr");
  if (pr) {
    char *d = attr(pr, "date1904", 0);
    date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    free(d);
  }
  for (const xmlNode *sh = child(child(root, "sheets"), "sheet"); sh; sh = sh->next) {
    if (!is(sh, "sheet")) continue;
    if (n == XLSX_MAX_SHEETS) break;
    char *name = attr(sh, "name", 0), *rid = attr(sh, "id", 1);
    char *part = rid ? sheet_part(rels, rid) : NULL;
    free(rid);
    if (!part) {
      *err = xasprintf(_("sheet %s has no part; expected an XLSX workbook"), name ? name : "?");
      free(name);
      goto done;
    }
    sheet *s = sheet_new(path, name ? name : "");
    s->date1904 = date1904;
    free(name);
    sheets = xrealloc(sheets, (size_t)(n + 1) * sizeof *sheets);
    sheets[n++] = s;
    int rc = read_sheet(&wb, s, part, err);
    free(part);
    if (rc != 0) goto done;
  }
done:
  xmlFreeDoc(book);
  xmlFreeDoc(rels);
  for (int i = 0; i < wb.nstrings; i++) free(wb.strings[i]);
  free(wb.strings);
  free(wb.date_style);
  unzClose(wb.zip);
  if (*err) {
    for (int i = 0; i < n; i++) sheet_free(sheets[i]);
    free(sheets);
    return -1;
  }
  *out = sheets;
  return n;
}
