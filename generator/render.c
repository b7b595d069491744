/* render.c: one county through the pipeline, outcome collected (render.h). */
#include "render.h"
#include "formats.h"

#include "derive.h"
#include "diag.h"
#include "doctree.h"
#include "i18n.h"
#include "layout.h"
#include "load.h"
#include "memory.h"
#include "output.h"
#include "schema.h"
#include "sha256.h"
#include "util.h"
#include "validate.h"

#include <errno.h>
#include <limits.h>
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
static void write_dump(const char *path, xmlDocPtr tree, const dl_doc *l, diag_list *d)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  if (!f) return;
  if (tree) doctree_dump(tree, f);
  if (l) dl_dump(l, f);
  fclose(f);
  char *err = NULL;
  if (output_write_atomic(path, buf, len, &err) != 0) {
    diag_add(d, DIAG_WARNING, NULL, "%s", err);
    free(err);
  }
  free(buf);
}

/* The path of format fmt: the -o file when its extension says fmt, else
 * stem.EXT. */
static char *format_path(const render_ctx *ctx, const char *stem, unsigned fmt)
{
  if (ctx->outfile && formats_from_ext(ctx->outfile) == fmt) return xstrdup(ctx->outfile);
  return xasprintf("%s.%s", stem, formats_ext(fmt));
}

/* Writes the laid-out document l as fmt (FMT_PDF or FMT_OFD) to path, an
 * archive file (PDF/A-2b, OFD-A) when archive, carrying the archival
 * description m; fills o's path (taking path), pages, size and checksum.
 * Returns 0, or -1 after adding errors to d (path freed). */
static int write_paged(const render_ctx *ctx, unsigned fmt, const dl_doc *l, const archive_meta *m,
                       int archive, char *path, render_output *o, diag_list *d)
{
  int ok;
  if (fmt == FMT_PDF) {
    pdf_set_archive(ctx->pw, archive ? m : NULL);
    ok = pdf_write(ctx->pw, l, path, d) == 0;
    pdf_set_archive(ctx->pw, NULL);
    if (ok) o->bytes = pdf_last_written(ctx->pw, o->sha256);
  } else {
    ok = ctx->ow && ofd_write(ctx->ow, l, m, archive, path, d) == 0;
    if (ok) o->bytes = ofd_last_written(ctx->ow, o->sha256);
  }
  if (!ok) {
    free(path);
    return -1;
  }
  o->path = path;
  o->pages = dl_page_count(l);
  archive_meta_copy(&o->archive, m);
  return 0;
}

/* Drops the long lists (SUMMARY_DROP) from data. */
static void drop_lists(xmlDocPtr data)
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
}

/* render_document; when last, data's long lists are not needed once the
 * tree is made (this is the county's last document, and the roll-up's
 * summary leaves them out) and are dropped then, before the layout: the
 * county's largest document is laid out and written without them, and a
 * large county's long tables are kept packed until then
 * (template_expand_packed). */
static int render_doc(const render_ctx *ctx, const render_template *rt, xmlDocPtr data,
                      const char *dir, const char *file, render_output *out, diag_list *d, int last)
{
  int n = 0, failed = 0;
  unsigned want = ctx->formats ? ctx->formats : FMT_PDF;
  /* the path without its extension: the dumps and the other formats go beside it */
  const char *ext = ctx->outfile && formats_from_ext(ctx->outfile) ? strrchr(ctx->outfile, '.') : NULL;
  char *stem = ctx->outfile ? xasprintf("%.*s", (int)(ext ? (size_t)(ext - ctx->outfile) : strlen(ctx->outfile)), ctx->outfile)
                            : xasprintf("%s/%s", dir, file);
  /* d holds the county's diagnostics: this document fails on its own errors */
  int errors_before = diag_errors(d);
  xmlDocPtr tree = (last ? template_expand_packed : template_expand)(rt->t, data, d);
  if (last) drop_lists(data);
  if (last && tree && template_unpack(rt->t, tree, d) != 0) {
    xmlFreeDoc(tree);
    tree = NULL;
  }
  /* the tree is wanted after the layout only for a dump or a DOCX or XLSX */
  int keep = ctx->dump_tree || (want & (FMT_DOCX | FMT_XLSX));
  dl_doc *l = tree && diag_errors(d) == errors_before && (want & FMT_PAGED)
            ? (keep ? layout_run : layout_run_take)(tree, ctx->fs, d) : NULL;
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
  /* DOCX and XLSX come from the tree, PDF and OFD from the pages (formats.h) */
  if (tree && diag_errors(d) == errors_before) {
    unsigned has = formats_of_tree(tree);
    for (unsigned f = 1; f <= FMT_ALL; f <<= 1) {
      if (!(want & f) || (has & f)) continue;
      diag_add(d, ctx->outfile ? DIAG_ERROR : DIAG_NOTE, NULL, "%s has no %s form; %s", rt->name,
               formats_ext(f), ctx->outfile ? _("nothing written") : _("skipped for that format"));
      if (ctx->outfile) failed = 1;
      want &= ~f;
    }
    if (!(want & FMT_PAGED)) {
      dl_doc_free(l);
      l = NULL;
    }
    for (unsigned f = FMT_DOCX; f <= FMT_XLSX && !failed; f <<= 1) {
      if (!(want & f)) continue;
      char *p = format_path(ctx, stem, f);
      render_output *o = &out[n];
      if (formats_write_flow(f, tree, p, &o->bytes, o->sha256, d) == 0) {
        o->document = xstrdup(rt->name);
        o->format = xstrdup(formats_ext(f));
        o->path = p;
        o->pages = 0;   /* the reader paginates */
        n++;
      } else {
        free(p);
        failed = 1;
      }
    }
  }
  /* the pages hold everything the PDF and OFD need: let the tree go before
   * libharu builds the file, so the two never take memory at the same time */
  xmlFreeDoc(tree);
  tree = NULL;
  if (failed || diag_errors(d) > errors_before) goto done;
  if (!l) {
    failed = (want & FMT_PAGED) != 0;   /* no pages although a PDF or OFD was asked for */
    goto done;
  }
  archive_meta m;
  archive_meta_make(&m, l, data, &ctx->archive);
  for (unsigned f = FMT_PDF; f <= FMT_OFD && !failed; f <<= 1) {
    if (!(want & f & FMT_PAGED)) continue;
    if (write_paged(ctx, f, l, &m, ctx->pdfa || l->pdfa, format_path(ctx, stem, f), &out[n], d) != 0) {
      failed = 1;
      break;
    }
    out[n].document = xstrdup(rt->name);
    out[n].format = xstrdup(formats_ext(f));
    n++;
  }
  archive_meta_free(&m);
done:
  if (failed || diag_errors(d) > errors_before) {
    for (int i = 0; i < n; i++) {   /* a document is written whole or not at all */
      remove(out[i].path);
      render_output_free(&out[i]);
      memset(&out[i], 0, sizeof out[i]);
    }
    n = -1;
  }
  dl_doc_free(l);
  xmlFreeDoc(tree);
  free(stem);
  return n;
}

int render_document(const render_ctx *ctx, const render_template *rt, xmlDocPtr data,
                    const char *dir, const char *file, render_output *out, diag_list *d)
{
  return render_doc(ctx, rt, data, dir, file, out, d, 0);
}

void render_output_free(render_output *out)
{
  free(out->document);
  free(out->path);
  free(out->format);
  archive_meta_free(&out->archive);
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

/* The findings' sentences into r, in document order (FINDINGS_PATH). */
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
 * needs whole, if the last document has not already, and returns the rest as
 * XML text, newly allocated, or NULL. Working on data itself rather than a
 * copy saves copying the county twice over (the lists are most of it). */
static char *take_summary(xmlDocPtr data)
{
  drop_lists(data);
  xmlChar *mem = NULL;
  int len = 0;
  xmlDocDumpMemoryEnc(data, &mem, &len, "UTF-8");
  char *s = mem ? xstrndup((const char *)mem, (size_t)len) : NULL;
  xmlFree(mem);
  return s;
}

/* Whether data holds what the document of rt requires (template_missing):
 * 1 it does; 0 it does not and the document is skipped, with a warning
 * naming what is missing; -1 the document fails (an error: the same, under
 * require_complete, or an expression that failed). */
static int has_required(const render_ctx *ctx, const render_template *rt, xmlDocPtr data, diag_list *d)
{
  char *missing = NULL;
  int rc = template_missing(rt->t, data, &missing, d);
  if (rc == 1)
    diag_add(d, ctx->require_complete ? DIAG_ERROR : DIAG_WARNING, NULL,
             ctx->require_complete ? _("document '%s' not written: required data missing: %s")
                                   : _("document '%s' skipped: required data missing: %s"),
             rt->name, missing);
  free(missing);
  return rc == 0 ? 1 : rc == 1 && !ctx->require_complete ? 0 : -1;
}

render_result *render_input(const render_ctx *ctx, const char *path)
{
  render_result *r = xcalloc(1, sizeof *r);
  r->input = xstrdup(path);
  diag_list *d = diag_new(path, 100);
  char *county = NULL, *dir = NULL;
  /* the county's memory: its values counted before it is parsed, then every
   * allocation of its rendering within the limit (an allocation beyond it
   * ends the worker with a line naming the county) */
  size_t mark = memory_mark(), limit = 0;
  xmlDocPtr data = load_file_within(path, &ctx->memory, &limit, d);
  if (!data) goto done;
  memory_bound(mark, limit);
  diag oom = { DIAG_ERROR, r->input, NULL,
               xasprintf(_("out of memory while rendering this county (its limit: %zu MB; --memory-limit sets it)"),
                         limit >> 20) };
  char *note = diag_format(&oom);
  util_oom_note(note);
  free(note);
  free(oom.msg);
  r->code = county_field(data, "code");
  r->name = county_field(data, "name");
  if (validate_doc(data, d) > 0 || diag_errors(d) > 0) goto done;
  if (derive_doc(data, d) != 0 || diag_errors(d) > 0) goto done;
  if (ctx->check_only) { r->ok = 1; goto done; }   /* after derive: its warnings are part of the check */
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
    int req = has_required(ctx, rt, data, d);
    int k = req > 0 ? render_doc(ctx, rt, data, dir, file, &r->outputs[r->noutputs], d, i + 1 == ctx->ntemplates) : 0;
    if (req < 0 || k < 0) ok = 0;
    else r->noutputs += k;   /* req == 0: skipped, with a warning */
    free(file);
  }
  /* A county degrades by document: the documents written stay, listed, when
   * another one fails; the county is failed all the same. */
  if (ok) {
    r->ok = 1;
    if (ctx->want_summary) r->summary = take_summary(data);   /* the last use of data */
  }
done:
  if (!r->ok && diag_errors(d) == 0) diag_add(d, DIAG_ERROR, NULL, "failed");
  r->diags = d;
  xmlFreeDoc(data);
  util_oom_note(NULL);
  memory_unbound();
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
  diag_free(r->diags);
  for (int i = 0; i < r->noutputs; i++) render_output_free(&r->outputs[i]);
  free(r->outputs);
  for (int i = 0; i < r->nfindings; i++) free(r->findings[i]);
  free(r->findings);
  free(r->summary);
  free(r);
}

/* A JSON string, or null when s is NULL. */
static cJSON *json_str(const char *s)
{
  return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* The printed lines of d's diagnostics at level, as an array. */
static cJSON *diag_lines(const diag_list *d, diag_level level)
{
  cJSON *a = cJSON_CreateArray();
  for (int i = 0; d && i < diag_count(d); i++) {
    const diag *g = diag_get(d, i);
    if (g->level != level) continue;
    char *line = diag_format(g);
    cJSON_AddItemToArray(a, cJSON_CreateString(line));
    free(line);
  }
  return a;
}

/* d's diagnostics as records, for a program to read back (--merge). */
static void diag_records(cJSON *o, const diag_list *d)
{
  cJSON *a = cJSON_AddArrayToObject(o, "diagnostics");
  for (int i = 0; d && i < diag_count(d); i++) {
    const diag *g = diag_get(d, i);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "level", diag_level_name(g->level));
    cJSON_AddItemToObject(e, "file", json_str(g->file));
    cJSON_AddItemToObject(e, "place", json_str(g->place));
    cJSON_AddItemToObject(e, "message", json_str(g->msg));
    cJSON_AddItemToArray(a, e);
  }
  cJSON_AddNumberToObject(o, "diagnostics_not_kept", d ? diag_dropped(d) : 0);
}

cJSON *render_output_to_json(const render_output *out)
{
  cJSON *e = cJSON_CreateObject();
  cJSON_AddItemToObject(e, "document", json_str(out->document));
  cJSON_AddItemToObject(e, "path", json_str(out->path));
  cJSON_AddItemToObject(e, "sha256", json_str(out->sha256));
  cJSON_AddNumberToObject(e, "pages", out->pages);
  cJSON_AddNumberToObject(e, "bytes", (double)out->bytes);
  if (out->format) cJSON_AddStringToObject(e, "format", out->format);
  /* the archival description of a PDF or OFD (archive.h); absent fields are left out */
  cJSON *a = cJSON_CreateObject();
  for (int k = 0; k < ARCHIVE_NFIELDS; k++)
    if (out->archive.v[k]) cJSON_AddStringToObject(a, archive_field_name(k), out->archive.v[k]);
  if (a->child) cJSON_AddItemToObject(e, "archive", a);
  else cJSON_Delete(a);
  return e;
}

cJSON *render_result_head_json(const render_result *r)
{
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToObject(o, "input", json_str(r->input));
  cJSON_AddStringToObject(o, "status", r->ok ? "ok" : "failed");
  cJSON *county = cJSON_AddObjectToObject(o, "county");
  cJSON_AddItemToObject(county, "code", json_str(r->code));
  cJSON_AddItemToObject(county, "name", json_str(r->name));
  cJSON *outputs = cJSON_AddArrayToObject(o, "outputs");
  for (int i = 0; i < r->noutputs; i++) cJSON_AddItemToArray(outputs, render_output_to_json(&r->outputs[i]));
  return o;
}

cJSON *render_result_to_json(const render_result *r)
{
  cJSON *o = render_result_head_json(r);
  cJSON *findings = cJSON_AddArrayToObject(o, "findings");
  for (int i = 0; i < r->nfindings; i++) cJSON_AddItemToArray(findings, json_str(r->findings[i]));
  cJSON_AddItemToObject(o, "errors", diag_lines(r->diags, DIAG_ERROR));
  cJSON_AddItemToObject(o, "warnings", diag_lines(r->diags, DIAG_WARNING));
  cJSON_AddNumberToObject(o, "error_count", r->diags ? diag_errors(r->diags) : 0);
  cJSON_AddNumberToObject(o, "warning_count", r->diags ? diag_warnings(r->diags) : 0);
  diag_records(o, r->diags);
  if (r->summary) cJSON_AddStringToObject(o, "summary", r->summary);   /* absent when not kept */
  return o;
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

/* The diagnostics of a manifest entry: the records, then the totals. A
 * record without a known level or a message is left out (it counts as not
 * kept), and so are totals fewer than the records. */
static diag_list *diags_from_json(const char *input, const cJSON *j)
{
  const cJSON *recs = cJSON_GetObjectItemCaseSensitive(j, "diagnostics"), *e;
  int n = cJSON_GetArraySize(recs);
  diag_list *d = diag_new(input, n > 100 ? n : 100);
  cJSON_ArrayForEach(e, recs) {
    char *level = get_str(e, "level"), *file = get_str(e, "file"), *place = get_str(e, "place"),
         *msg = get_str(e, "message");
    int l = diag_level_parse(level);
    if (l >= 0 && msg) diag_add_file(d, (diag_level)l, file, place, "%s", msg);
    free(level);
    free(file);
    free(place);
    free(msg);
  }
  diag_set_totals(d, get_int(j, "error_count"), get_int(j, "warning_count"),
                  get_int(j, "diagnostics_not_kept"));
  return d;
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
  r->diags = diags_from_json(r->input, j);
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
    o->format = get_str(e, "format");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "archive");
    for (int k = 0; k < ARCHIVE_NFIELDS; k++) o->archive.v[k] = get_str(a, archive_field_name(k));
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
  const diag_list *d = r->diags;
  int nd = d ? diag_count(d) : 0;
  put_int(b, nd);
  for (int i = 0; i < nd; i++) {
    const diag *g = diag_get(d, i);
    put_int(b, g->level);
    put_str(b, g->file);
    put_str(b, g->place);
    put_str(b, g->msg);
  }
  put_int(b, d ? diag_errors(d) : 0);
  put_int(b, d ? diag_warnings(d) : 0);
  put_int(b, d ? diag_dropped(d) : 0);
  put_int(b, r->noutputs);
  for (int i = 0; i < r->noutputs; i++) {
    const render_output *o = &r->outputs[i];
    put_str(b, o->document);
    put_str(b, o->path);
    put_int(b, o->pages);
    put_int(b, o->bytes);
    put_str(b, o->sha256);
    put_str(b, o->format);
    for (int k = 0; k < ARCHIVE_NFIELDS; k++) put_str(b, o->archive.v[k]);
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
  int n = take_count(&m);
  r->diags = diag_new(r->input, n > 100 ? n : 100);
  for (int i = 0; i < n && !m.bad; i++) {
    int64_t level = take_int(&m);
    char *file = take_str(&m), *place = take_str(&m), *msg = take_str(&m);
    if (level < DIAG_ERROR || level > DIAG_NOTE || !file || !msg) m.bad = 1;
    else diag_add_file(r->diags, (diag_level)level, file, place, "%s", msg);
    free(file);
    free(place);
    free(msg);
  }
  int64_t errors = take_int(&m), warnings = take_int(&m), dropped = take_int(&m);
  if (errors < 0 || warnings < 0 || dropped < 0 || errors > INT_MAX || warnings > INT_MAX ||
      dropped > INT_MAX || diag_set_totals(r->diags, (int)errors, (int)warnings, (int)dropped) != 0)
    m.bad = 1;
  n = take_count(&m);
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
    o->format = take_str(&m);
    for (int k = 0; k < ARCHIVE_NFIELDS; k++) o->archive.v[k] = take_str(&m);
  }
  n = take_count(&m);
  r->findings = xcalloc((size_t)(n ? n : 1), sizeof *r->findings);
  for (int i = 0; i < n && !m.bad; i++) r->findings[r->nfindings++] = take_str(&m);
  r->summary = take_str(&m);
  if (m.bad || m.left != 0) {
    render_result_free(r);
    return NULL;
  }
  return r;
}
