/* formats.c: output formats (formats.h). */
#include "formats.h"
#include "docx.h"
#include "xlsx_out.h"

#include <string.h>
#include <strings.h>

static const struct { const char *name; unsigned fmt; } NAMES[] = {
  { "pdf", FMT_PDF }, { "docx", FMT_DOCX }, { "xlsx", FMT_XLSX }, { "ofd", FMT_OFD },
};

static unsigned one(const char *s, size_t n)
{
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
    if (strlen(NAMES[i].name) == n && strncasecmp(NAMES[i].name, s, n) == 0) return NAMES[i].fmt;
  return 0;
}

int formats_parse(const char *list, unsigned *out)
{
  unsigned f = 0;
  for (const char *p = list; p && *p;) {
    size_t n = strcspn(p, ",");
    while (n > 0 && (*p == ' ')) p++, n--;
    size_t m = n;
    while (m > 0 && p[m - 1] == ' ') m--;
    unsigned k = one(p, m);
    if (!k) return -1;
    f |= k;
    p += n;
    if (*p == ',') p++;
  }
  if (!f) return -1;
  *out = f;
  return 0;
}

unsigned formats_from_ext(const char *path)
{
  const char *dot = path ? strrchr(path, '.') : NULL;
  if (!dot || strchr(dot, '/')) return 0;
  return one(dot + 1, strlen(dot + 1));
}

const char *formats_ext(unsigned fmt)
{
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++)
    if (NAMES[i].fmt == fmt) return NAMES[i].name;
  return "pdf";
}

unsigned formats_of_tree(const xmlDoc *tree)
{
  const xmlNode *root = tree ? xmlDocGetRootElement(tree) : NULL;
  xmlChar *v = root ? xmlGetProp(root, (const xmlChar *)"formats") : NULL;
  unsigned f = FMT_DEFAULT_OF_DOCUMENT;
  if (v && formats_parse((const char *)v, &f) != 0) f = FMT_DEFAULT_OF_DOCUMENT;
  xmlFree(v);
  return f & FMT_PDF ? f | FMT_OFD : f;   /* the same pages */
}

int formats_write_flow(unsigned fmt, const xmlDoc *tree, const char *path, long *bytes,
                       char sha256[65], diag_list *d)
{
  if (fmt == FMT_DOCX) return docx_write(tree, path, bytes, sha256, d);
  if (fmt == FMT_XLSX) return xlsx_write(tree, path, bytes, sha256, d);
  return -1;
}
