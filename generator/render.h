/* render.h: one county through the whole pipeline
 *   load -> validate -> derive -> expand each template -> lay out -> write PDF
 *   (and OFD from the same pages; DOCX, XLSX from the tree: formats.h)
 * with its outcome collected in a render_result (the diagnostics as records,
 * the outputs with their checksums, the findings, a summary for the roll-up),
 * so that a worker process can hand it to the batch driver. */
#ifndef REFORMGEN_RENDER_H
#define REFORMGEN_RENDER_H

#include <cJSON.h>
#include <libxml/tree.h>
#include "diag.h"
#include "fonts.h"
#include "load.h"
#include "pdf.h"
#include "ofd.h"
#include "archive.h"
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
  unsigned formats;     /* FMT_PDF | FMT_DOCX | FMT_XLSX | FMT_OFD (formats.h); 0 means PDF */
  int require_complete; /* a document whose required data is absent is an error, not skipped */
  int want_summary;    /* keep the county's summary (a roll-up or a shard manifest needs it) */
  render_template *templates;   /* per-county templates */
  int ntemplates;
  fontset *fs;
  pdf_writer *pw;
  int pdfa;            /* --pdfa: every document an archive file (PDF/A-2b, OFD-A) */
  archive_opts archive;   /* --retention, --classification */
  ofd_writer *ow;      /* when formats has FMT_OFD */
  load_memory memory;  /* --memory-limit: what a county may take */
} render_ctx;

typedef struct render_output {
  char *document;   /* template name */
  char *path;
  int pages;
  long bytes;
  char sha256[65];
  char *format;     /* its format's name: "pdf", "docx", "xlsx", "ofd" */
  archive_meta archive;   /* a PDF's or OFD's archival description (archive.h); none for the others */
} render_output;

typedef struct render_result {
  char *input;
  int ok;               /* every document written (or, with check_only, valid) */
  char *code, *name;    /* the county, when the file got that far */
  diag_list *diags;     /* what was found, as records (level, file, place, message);
                           owned; NULL only in a result made by hand */
  render_output *outputs;
  int noutputs;
  char **findings;      /* failed rules, as the sentences the documents print */
  int nfindings;
  char *summary;        /* XML of the county's summary for the roll-up, or NULL (not wanted) */
} render_result;

/* Renders one input file. Never fails as a call: problems are in the result.
 * Everything the county took (its data document, each document's tree and
 * pages) is freed before it returns; the caller frees the result with
 * render_result_free. */
render_result *render_input(const render_ctx *ctx, const char *path);

/* At most this many outputs per document: one per format. */
#define RENDER_FORMATS 4

/* Renders one document from a data document already loaded (the roll-up).
 * Writes dir/file.pdf and dir/file.ofd (from the pages), dir/file.docx and
 * dir/file.xlsx (from the tree), as ctx->formats asks and the document has
 * them, into out[0..RENDER_FORMATS); returns the number of outputs written,
 * or -1 after adding errors to d (nothing written is left then). */
int render_document(const render_ctx *ctx, const render_template *rt, xmlDocPtr data,
                    const char *dir, const char *file, render_output *out, diag_list *d);
/* Frees what an output holds (not out itself). */
void render_output_free(render_output *out);
/* An output as the manifest lists it: document, path, sha256, pages, bytes,
 * format, archive (PDF and OFD). A new cJSON object. */
cJSON *render_output_to_json(const render_output *out);

void render_result_free(render_result *r);
/* Returns a result as the manifest's entry for it, a new cJSON object the
 * caller frees: its diagnostics both as records ("diagnostics") and as the
 * printed lines of its errors and warnings; render_result_from_json reads one
 * back (the records) into a new result the caller frees. */
cJSON *render_result_to_json(const render_result *r);
/* The part of that entry every manifest has, the compact one too: input,
 * status, county and outputs. A new cJSON object. */
cJSON *render_result_head_json(const render_result *r);
render_result *render_result_from_json(const cJSON *j);
/* The worker-to-batch message: appends r to b in a binary form (for this
 * build and machine only), and reads len bytes of one back. Decoding returns
 * a new result the caller frees, or NULL when the bytes are not a whole,
 * well-formed message. The diagnostics travel as records, the summary as the
 * XML text it has everywhere outside the worker (the frame, the manifest, the
 * roll-up's input). */
void render_result_encode(const render_result *r, strbuf *b);
render_result *render_result_decode(const char *buf, size_t len);

#endif
