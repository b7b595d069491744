/* render.h: one county through the whole pipeline
 *   load -> validate -> derive -> expand each template -> lay out -> write PDF
 * with its outcome collected in a render_result (diagnostics as text, the
 * outputs with their checksums, the findings, a summary for the roll-up), so
 * that a worker process can hand it to the batch driver. */
#ifndef REFORMGEN_RENDER_H
#define REFORMGEN_RENDER_H

#include <cJSON.h>
#include <libxml/tree.h>
#include "fonts.h"
#include "jsonw.h"
#include "pdf.h"
#include "template.h"
#include "util.h"

typedef struct render_template {
  template *t;
  char *name;     /* short document name used in output file names: report, plan ... */
} render_template;

typedef struct render_ctx {
  const char *outdir;
  const char *outfile;   /* the one document's exact path (one template), or NULL */
  int flat;            /* DIR/CODE-NAME-DOC.pdf instead of DIR/CODE-NAME/DOC.pdf */
  int check_only;      /* load and validate only */
  int dump_tree, dump_layout;
  unsigned formats;     /* FMT_PDF | FMT_DOCX | FMT_XLSX (formats.h); 0 means PDF */
  int want_summary;    /* keep the county's summary (a roll-up or a shard manifest needs it) */
  int defer_free;      /* keep the county's trees and pages until render_release (a worker
                          frees them after sending its result, or not at all before it exits) */
  render_template *templates;   /* per-county templates */
  int ntemplates;
  fontset *fs;
  pdf_writer *pw;
} render_ctx;

typedef struct render_output {
  char *document;   /* template name */
  char *path;
  int pages;
  long bytes;
  char sha256[65];
} render_output;

typedef struct render_result {
  char *input;
  int ok;               /* every document written (or, with check_only, valid) */
  char *code, *name;    /* the county, when the file got that far */
  char *diagnostics;    /* printed diagnostics, one per line ("" if none) */
  int errors, warnings;
  render_output *outputs;
  int noutputs;
  char **findings;      /* failed rules, as the sentences the documents print */
  int nfindings;
  char *summary;        /* XML of the county's summary for the roll-up, or NULL (not wanted) */
} render_result;

/* Renders one input file. Never fails as a call: problems are in the result.
 * The caller frees the result with render_result_free. */
render_result *render_input(const render_ctx *ctx, const char *path);

/* Frees what renders with ctx->defer_free kept. */
void render_release(void);

/* At most this many outputs per document: one per format. */
#define RENDER_FORMATS 3

/* Renders one document from a data document already loaded (the roll-up).
 * Writes dir/file.pdf (and .docx, .xlsx as ctx->formats asks and the
 * document has them) into out[0..RENDER_FORMATS); returns the number of
 * outputs written, or -1 after adding errors to d. */
int render_document(const render_ctx *ctx, const render_template *rt, xmlDocPtr data,
                    const char *dir, const char *file, render_output *out, diag_list *d);

void render_result_free(render_result *r);
/* Writes a result as the manifest's entry for it (an object, key as in
 * jw_begin_object); render_result_from_json reads one back into a new result
 * the caller frees. */
void render_result_write_json(const render_result *r, jsonw *w, const char *key);
render_result *render_result_from_json(const cJSON *j);
/* The worker-to-batch message: appends r to b in a binary form (for this
 * build and machine only), and reads len bytes of one back. Decoding returns
 * a new result the caller frees, or NULL when the bytes are not a whole,
 * well-formed message. Cheaper than the JSON round trip by about 4 M
 * instructions for a county. */
void render_result_encode(const render_result *r, strbuf *b);
render_result *render_result_decode(const char *buf, size_t len);

#endif
