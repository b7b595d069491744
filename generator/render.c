/* render.c: one county through the pipeline, outcome collected (render.h). */
#include "render.h"
#include "formats.h"

#include "derive.h"
#include "diag.h"
#include "doctree.h"
#include "layout.h"
#include "load.h"
#include "output.h"
#include "schema.h"
#include "sha256.h"
#include "util.h"
#include "validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Where derive puts the failed rules' sentences (templates/DATA.md):
 * /county-report/derived/findings/finding/text. */
static const char *const FINDINGS_PATH[] = { "derived", "findings", "finding", "text", NULL };
/* What the roll-up keeps of a county: everything but the long lists. */
static const char *const SUMMARY_DROP[] = { "cadres", "units", "plan", "narrative", NULL };

/* The text of root/county/NAME of a loaded document, newly allocated, or NULL. */
static char *county_field(xmlDocPtr doc, const char *name)
{
  const char *t = schema_get(schema_find(xmlDocGetRootElement(doc), "county"), name);
  return t ? xstrdup(t) : NULL;
}

/* Writes the text dump of a tree or a layout to path, atomically like every
 * output; a failure is a warning (the dumps are for looking, not archiving). */
static void write_dump(const char *path, xmlDocPtr tree, const layout_doc *l, diag_list *d)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return;
  if (tree) doctree_dump(tree, f);
  if (l) layout_dump(l, f);
  fclose(f);
  char *err = NULL;
  if (output_write_atomic(path, buf, len, &err) != 0) {
    diag_add(d, DIAG_WARNING, NULL, "%s", err);
    free(err);
  }
  free(buf);
}

/* What renders with defer_free keep for render_release: a worker's last
 * county is never freed piece by piece, the process exit takes it whole. */
typedef struct kept { xmlDocPtr doc; layout_doc *pages; } kept;
static struct { kept *v; int n, cap; } later;

void render_release(void)
{
  for (int i = 0; i < later.n; i++) {
    xmlFreeDoc(later.v[i].doc);
    layout_free(later.v[i].pages);
  }
  later.n = 0;
}

/* Frees doc and pages (either may be NULL) now, or keeps them for
 * render_release when ctx->defer_free. */
static void release(const render_ctx *ctx, xmlDocPtr doc, layout_doc *pages)
{
  if (!ctx->defer_free) {
    xmlFreeDoc(doc);
    layout_free(pages);
    return;
  }
  if (!doc && !pages) return;
  if (later.n == later.cap) {
    later.cap = later.cap ? 2 * later.cap : 4;
    later.v = xrealloc(later.v, (size_t)later.cap * sizeof *later.v);
  }
  later.v[later.n++] = (kept){ doc, pages };
}

/* The path of format fmt: the -o file when its extension says fmt, else
 * stem.EXT. */
static char *format_path(const render_ctx *ctx, const char *stem, unsigned fmt)
{
  if (ctx->outfile && formats_from_ext(ctx->outfile) == fmt) return xstrdup(ctx->outfile);
  return xasprintf("%s.%s", stem, formats_ext(fmt));
}

int render_document(const render_ctx *ctx, const render_template *rt, xmlDocPtr data,
                    const char *dir, const char *file, render_output *out, diag_list *d)
{
  int n = 0, failed = 0;
  unsigned want = ctx->formats ? ctx->formats : FMT_PDF;
  /* the path without its extension: the dumps and the other formats go beside it */
  const char *ext = ctx->outfile && formats_from_ext(ctx->outfile) ? strrchr(ctx->outfile, '.') : NULL;
  char *stem = ctx->outfile ? xasprintf("%.*s", (int)(ext ? (size_t)(ext - ctx->outfile) : strlen(ctx->outfile)), ctx->outfile)
                            : xasprintf("%s/%s", dir, file);
  char *pdfpath = format_path(ctx, stem, FMT_PDF);
  xmlDocPtr tree = template_expand(rt->t, data, d);
  layout_doc *l = tree && diag_errors(d) == 0 && (want & FMT_PDF) ? layout_run(tree, ctx->fs, d) : NULL;
  if (ctx->dump_tree && tree) {
    char *p = xasprintf("%s.tree.txt", stem);
    write_dump(p, tree, NULL, d);
    free(p);
  }
  if (ctx->dump_layout && l) {
    char *p = xasprintf("%s.layout.txt", stem);
    write_dump(p, NULL, l, d);
    free(p);
  }
  /* DOCX and XLSX come from the tree, not the pages (formats.h) */
  if (tree && diag_errors(d) == 0) {
    unsigned has = formats_of_tree(tree);
    for (unsigned f = FMT_PDF; f <= FMT_XLSX; f <<= 1) {
      if (!(want & f) || (has & f)) continue;
      diag_add(d, ctx->outfile ? DIAG_ERROR : DIAG_NOTE, NULL, "%s has no %s form; %s", rt->name,
               formats_ext(f), ctx->outfile ? "nothing written" : "skipped for that format");
      if (ctx->outfile) failed = 1;
      if (f == FMT_PDF) {
        layout_free(l);
        l = NULL;
        want &= ~(unsigned)FMT_PDF;
      }
    }
    for (unsigned f = FMT_DOCX; f <= FMT_XLSX && !failed; f <<= 1) {
      if (!(want & has & f)) continue;
      char *p = format_path(ctx, stem, f);
      render_output *o = &out[n];
      if (formats_write_flow(f, tree, p, &o->bytes, o->sha256, d) == 0) {
        o->document = xstrdup(rt->name);
        o->path = p;
        o->pages = 0;   /* the reader paginates */
        n++;
      } else {
        free(p);
        failed = 1;
      }
    }
  }
  free(stem);
  /* the pages hold everything the PDF needs: let the tree go before libharu
   * builds the file, so the two never take memory at the same time */
  xmlFreeDoc(tree);
  tree = NULL;
  if (failed || diag_errors(d) > 0) goto done;
  if (!l) {
    failed = (want & FMT_PDF) != 0;   /* no pages although a PDF was asked for */
    goto done;
  }
  if (pdf_write(ctx->pw, l, pdfpath, d) != 0) {
    failed = 1;
    goto done;
  }
  out[n].document = xstrdup(rt->name);
  out[n].path = pdfpath;
  pdfpath = NULL;
  out[n].pages = layout_page_count(l);
  out[n].bytes = pdf_last_written(ctx->pw, out[n].sha256);
  n++;
done:
  if (failed || diag_errors(d) > 0) {
    for (int i = 0; i < n; i++) {   /* a document is written whole or not at all */
      remove(out[i].path);
      free(out[i].document);
      free(out[i].path);
      memset(&out[i], 0, sizeof out[i]);
    }
    n = -1;
  }
  release(ctx, NULL, l);
  xmlFreeDoc(tree);
  free(pdfpath);
  return n;
}

/* Adds to v (count *n, room *cap) every element at the child steps path[]
 * below n, in document order. Recursion is bounded by the path's length. */
static void find_path(xmlNode *n, const char *const *path, xmlNode ***v, int *count, int *cap)
{
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || c->ns || strcmp((const char *)c->name, path[0]) != 0) continue;
    if (path[1]) {
      find_path(c, path + 1, v, count, cap);
      continue;
    }
    if (*count == *cap) {
      *cap = *cap ? *cap * 2 : 16;
      *v = xrealloc(*v, (size_t)*cap * sizeof **v);
    }
    (*v)[(*count)++] = c;
  }
}

/* The findings' sentences into r, in document order (a walk of the four
 * steps: compiling and evaluating the XPath took 1.6 M instructions). */
static void collect_findings(render_result *r, xmlDocPtr data)
{
  xmlNode *root = xmlDocGetRootElement(data);
  if (!root || root->ns || strcmp((const char *)root->name, "county-report") != 0) return;
  xmlNode **v = NULL;
  int n = 0, cap = 0;
  find_path(root, FINDINGS_PATH, &v, &n, &cap);
  if (n > 0) {
    r->findings = xcalloc((size_t)n, sizeof *r->findings);
    for (int i = 0; i < n; i++) {
      xmlChar *s = xmlNodeGetContent(v[i]);
      r->findings[r->nfindings++] = xstrdup(s ? (const char *)s : "");
      xmlFree(s);
    }
  }
  free(v);
}

/* Drops the long lists (SUMMARY_DROP) from data, which the caller no longer
 * needs whole, and returns the rest as XML text, newly allocated, or NULL.
 * Working on data itself rather than a copy saves copying the county twice
 * over (the lists are most of it). */
static char *take_summary(xmlDocPtr data)
{
  xmlNode *root = xmlDocGetRootElement(data);
  xmlNode *next;
  for (xmlNode *c = root ? root->children : NULL; c; c = next) {
    next = c->next;
    for (const char *const *drop = SUMMARY_DROP; *drop; drop++)
      if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, *drop) == 0) {
        xmlUnlinkNode(c);
        xmlFreeNode(c);
        break;
      }
  }
  xmlChar *mem = NULL;
  int len = 0;
  xmlDocDumpMemoryEnc(data, &mem, &len, "UTF-8");
  char *s = mem ? xstrndup((const char *)mem, (size_t)len) : NULL;
  xmlFree(mem);
  return s;
}

static char *diag_text(const diag_list *d)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return xstrdup("");
  diag_print(d, f);
  fclose(f);
  char *s = xstrdup(buf ? buf : "");
  free(buf);
  return s;
}

render_result *render_input(const render_ctx *ctx, const char *path)
{
  render_result *r = xcalloc(1, sizeof *r);
  r->input = xstrdup(path);
  diag_list *d = diag_new(path, 100);
  char *county = NULL, *dir = NULL;
  xmlDocPtr data = load_file(path, d);
  if (!data) goto done;
  r->code = county_field(data, "code");
  r->name = county_field(data, "name");
  if (validate_doc(data, d) > 0 || diag_errors(d) > 0) goto done;
  if (ctx->check_only) { r->ok = 1; goto done; }
  if (derive_doc(data, d) != 0 || diag_errors(d) > 0) goto done;
  collect_findings(r, data);

  county = output_safe_name(r->code, r->name, NULL);
  dir = ctx->flat || ctx->outfile ? xstrdup(ctx->outdir) : xasprintf("%s/%s", ctx->outdir, county);
  if (output_mkdirs(dir) != 0) {
    diag_add(d, DIAG_ERROR, NULL, "cannot create output folder %s: %s", dir, strerror(errno));
    goto done;
  }
  r->outputs = xcalloc((size_t)(ctx->ntemplates ? ctx->ntemplates : 1) * RENDER_FORMATS, sizeof *r->outputs);
  int ok = 1;
  for (int i = 0; i < ctx->ntemplates; i++) {
    const render_template *rt = &ctx->templates[i];
    char *file = ctx->flat ? output_safe_name(county, rt->name, NULL)
                           : output_safe_name(rt->name, NULL, NULL);
    int k = render_document(ctx, rt, data, dir, file, &r->outputs[r->noutputs], d);
    if (k >= 0) r->noutputs += k;
    else ok = 0;
    free(file);
  }
  if (ok) {
    r->ok = 1;
    if (ctx->want_summary) r->summary = take_summary(data);   /* the last use of data */
  } else {
    /* A county is written whole or not at all: remove what did get written. */
    for (int i = 0; i < r->noutputs; i++) {
      remove(r->outputs[i].path);
      free(r->outputs[i].document);
      free(r->outputs[i].path);
    }
    r->noutputs = 0;
  }
done:
  if (!r->ok && diag_errors(d) == 0) diag_add(d, DIAG_ERROR, NULL, "failed");
  r->errors = diag_errors(d);
  r->warnings = diag_warnings(d);
  r->diagnostics = diag_text(d);
  diag_free(d);
  release(ctx, data, NULL);
  free(county);
  free(dir);
  return r;
}

void render_result_free(render_result *r)
{
  if (!r) return;
  free(r->input);
  free(r->code);
  free(r->name);
  free(r->diagnostics);
  for (int i = 0; i < r->noutputs; i++) {
    free(r->outputs[i].document);
    free(r->outputs[i].path);
  }
  free(r->outputs);
  for (int i = 0; i < r->nfindings; i++) free(r->findings[i]);
  free(r->findings);
  free(r->summary);
  free(r);
}

/* The lines of text at level ("error", "warning"), as an array: the level is
 * the first ": LEVEL: " of a line. */
static void diag_lines(jsonw *w, const char *key, const char *text, const char *level)
{
  char tag[16];
  int tn = snprintf(tag, sizeof tag, ": %s: ", level);
  jw_begin_array(w, key);
  for (const char *p = text; p && *p;) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (mem_find(p, n, tag, (size_t)tn)) jw_stringn(w, NULL, p, n);
    p = nl ? nl + 1 : p + n;
  }
  jw_end_array(w);
}

void render_result_write_json(const render_result *r, jsonw *w, const char *key)
{
  jw_begin_object(w, key);
  jw_string(w, "input", r->input);
  jw_string(w, "status", r->ok ? "ok" : "failed");
  jw_begin_object(w, "county");
  jw_string(w, "code", r->code);
  jw_string(w, "name", r->name);
  jw_end_object(w);
  jw_begin_array(w, "outputs");
  for (int i = 0; i < r->noutputs; i++) {
    jw_begin_object(w, NULL);
    jw_string(w, "document", r->outputs[i].document);
    jw_string(w, "path", r->outputs[i].path);
    jw_string(w, "sha256", r->outputs[i].sha256);
    jw_int(w, "pages", r->outputs[i].pages);
    jw_int(w, "bytes", r->outputs[i].bytes);
    jw_end_object(w);
  }
  jw_end_array(w);
  jw_begin_array(w, "findings");
  for (int i = 0; i < r->nfindings; i++) jw_string(w, NULL, r->findings[i]);
  jw_end_array(w);
  diag_lines(w, "errors", r->diagnostics, "error");
  diag_lines(w, "warnings", r->diagnostics, "warning");
  jw_int(w, "error_count", r->errors);
  jw_int(w, "warning_count", r->warnings);
  jw_string(w, "diagnostics", r->diagnostics);
  if (r->summary) jw_string(w, "summary", r->summary);   /* absent when not kept */
  jw_end_object(w);
}

static char *get_str(const cJSON *o, const char *k)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) && v->valuestring ? xstrdup(v->valuestring) : NULL;
}

static int get_int(const cJSON *o, const char *k)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsNumber(v) ? v->valueint : 0;
}

render_result *render_result_from_json(const cJSON *j)
{
  render_result *r = xcalloc(1, sizeof *r);
  r->input = get_str(j, "input");
  char *status = get_str(j, "status");
  r->ok = status && strcmp(status, "ok") == 0;
  free(status);
  const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "county");
  r->code = get_str(c, "code");
  r->name = get_str(c, "name");
  r->diagnostics = get_str(j, "diagnostics");
  if (!r->diagnostics) r->diagnostics = xstrdup("");
  r->errors = get_int(j, "error_count");
  r->warnings = get_int(j, "warning_count");
  r->summary = get_str(j, "summary");
  const cJSON *outs = cJSON_GetObjectItemCaseSensitive(j, "outputs");
  int n = cJSON_GetArraySize(outs);
  r->outputs = xcalloc((size_t)(n ? n : 1), sizeof *r->outputs);
  const cJSON *e;
  cJSON_ArrayForEach(e, outs) {
    render_output *o = &r->outputs[r->noutputs++];
    o->document = get_str(e, "document");
    o->path = get_str(e, "path");
    char *sha = get_str(e, "sha256");
    snprintf(o->sha256, sizeof o->sha256, "%s", sha ? sha : "");
    free(sha);
    o->pages = get_int(e, "pages");
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(e, "bytes");
    o->bytes = cJSON_IsNumber(b) ? (long)b->valuedouble : 0;
  }
  const cJSON *f = cJSON_GetObjectItemCaseSensitive(j, "findings");
  n = cJSON_GetArraySize(f);
  r->findings = xcalloc((size_t)(n ? n : 1), sizeof *r->findings);
  cJSON_ArrayForEach(e, f)
    if (cJSON_IsString(e)) r->findings[r->nfindings++] = xstrdup(e->valuestring);
  return r;
}

/* ---- the worker's message ----------------------------------------------- */

enum { MSG_NULL = -1 };   /* the length of a NULL string */

static void put_int(strbuf *b, int64_t v)
{
  sb_addn(b, (const char *)&v, sizeof v);
}

static void put_str(strbuf *b, const char *s)
{
  if (!s) {
    put_int(b, MSG_NULL);
    return;
  }
  size_t n = strlen(s);
  put_int(b, (int64_t)n);
  sb_addn(b, s, n);
}

void render_result_encode(const render_result *r, strbuf *b)
{
  put_str(b, r->input);
  put_int(b, r->ok);
  put_str(b, r->code);
  put_str(b, r->name);
  put_str(b, r->diagnostics);
  put_int(b, r->errors);
  put_int(b, r->warnings);
  put_int(b, r->noutputs);
  for (int i = 0; i < r->noutputs; i++) {
    const render_output *o = &r->outputs[i];
    put_str(b, o->document);
    put_str(b, o->path);
    put_int(b, o->pages);
    put_int(b, o->bytes);
    put_str(b, o->sha256);
  }
  put_int(b, r->nfindings);
  for (int i = 0; i < r->nfindings; i++) put_str(b, r->findings[i]);
  put_str(b, r->summary);
}

typedef struct msg_reader {
  const char *p;
  size_t left;
  int bad;      /* ran past the end or met a length that does not fit */
} msg_reader;

static int64_t take_int(msg_reader *m)
{
  int64_t v = 0;
  if (m->left < sizeof v) {
    m->bad = 1;
    return 0;
  }
  memcpy(&v, m->p, sizeof v);
  m->p += sizeof v;
  m->left -= sizeof v;
  return v;
}

/* A count of items of at least 8 bytes each: -1 (and bad) if they cannot fit. */
static int take_count(msg_reader *m)
{
  int64_t n = take_int(m);
  if (n < 0 || (uint64_t)n > m->left / 8) {
    m->bad = 1;
    return 0;
  }
  return (int)n;
}

static char *take_str(msg_reader *m)
{
  int64_t n = take_int(m);
  if (m->bad || n == MSG_NULL) return NULL;
  if (n < 0 || (uint64_t)n > m->left) {
    m->bad = 1;
    return NULL;
  }
  char *s = xstrndup(m->p, (size_t)n);
  m->p += n;
  m->left -= (size_t)n;
  return s;
}

render_result *render_result_decode(const char *buf, size_t len)
{
  msg_reader m = { buf, len, 0 };
  render_result *r = xcalloc(1, sizeof *r);
  r->input = take_str(&m);
  r->ok = take_int(&m) != 0;
  r->code = take_str(&m);
  r->name = take_str(&m);
  r->diagnostics = take_str(&m);
  r->errors = (int)take_int(&m);
  r->warnings = (int)take_int(&m);
  int n = take_count(&m);
  r->outputs = xcalloc((size_t)(n ? n : 1), sizeof *r->outputs);
  for (int i = 0; i < n && !m.bad; i++) {
    render_output *o = &r->outputs[r->noutputs++];
    o->document = take_str(&m);
    o->path = take_str(&m);
    o->pages = (int)take_int(&m);
    o->bytes = (long)take_int(&m);
    char *sha = take_str(&m);
    snprintf(o->sha256, sizeof o->sha256, "%s", sha ? sha : "");
    free(sha);
  }
  n = take_count(&m);
  r->findings = xcalloc((size_t)(n ? n : 1), sizeof *r->findings);
  for (int i = 0; i < n && !m.bad; i++) r->findings[r->nfindings++] = take_str(&m);
  r->summary = take_str(&m);
  if (m.bad || m.left != 0) {
    render_result_free(r);
    return NULL;
  }
  if (!r->diagnostics) r->diagnostics = xstrdup("");   /* as render_result_from_json */
  return r;
}
