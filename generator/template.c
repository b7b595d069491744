/* template.c: template loading, compilation and expansion (template.h). */
#include "template.h"
#include "util.h"

#include <stdlib.h>

struct template { char *path; };

template *template_load(const char *path, const template_opts *opts, diag_list *d)
{
  (void)opts;
  diag_add_file(d, DIAG_ERROR, path, NULL, "templates are not implemented yet");
  return NULL;
}

xmlDocPtr template_expand(const template *t, xmlDocPtr data, diag_list *d)
{
  (void)t; (void)data; (void)d;
  return NULL;
}

const char *template_kind(const template *t) { (void)t; return "document"; }

void template_free(template *t)
{
  if (!t) return;
  free(t->path);
  free(t);
}
