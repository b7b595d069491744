/* batch.h: renders many counties in parallel worker processes.
 *
 * The parent process loads templates and fonts once, then forks `jobs`
 * workers that inherit them; it hands out one input at a time over a pipe and
 * reads each result back (a single input too: the parent stays free to answer
 * signals and limits). A county that fails (or whose worker dies) is
 * reported and the others are still written. The workers ignore SIGINT and
 * SIGTERM sent to the whole process group; the parent decides. On the first
 * SIGINT or SIGTERM no new county is started and the workers write no
 * further document (the one being written is finished); a county still in
 * progress after the grace is stopped (SIGKILL), and so is every one at a
 * second signal. A worker that dies or is stopped in the middle of a county
 * has each file it had placed removed (it names each one to the parent before
 * renaming it) and its temporary files too, so that what is on disk is what
 * the manifest lists; the county is listed as failed with the reason. A
 * county still in progress after the time limit is stopped the same way. The
 * parent then writes the manifest (JSON: every input, its outputs with
 * SHA-256, page count and size, findings and errors) and the roll-up
 * documents. */
#ifndef REFORMGEN_BATCH_H
#define REFORMGEN_BATCH_H

#include "render.h"

typedef struct batch_opts {
  int jobs;                          /* worker processes (>= 1) */
  int progress;                      /* draw a progress bar on stderr */
  int quiet;                         /* do not list written files on stdout */
  const char *manifest;              /* manifest path, or NULL for none */
  const render_template *rollups;    /* batch templates (kind "rollup") */
  int nrollups;
  double time_limit;                 /* seconds a county may take in a worker; 0: no limit */
  double grace;                      /* seconds after the first signal before stopping counties */
} batch_opts;

/* Renders inputs[0..n). Returns the number of inputs that failed (or were not
 * rendered because of an interruption); -1 if the batch itself could not run
 * (an error was printed). In a worker process, which returns from here when
 * its work is done, returns BATCH_WORKER_DONE: the caller frees what it holds
 * (the parent's state at the fork), writes nothing, removes no lock and ends
 * the process with status 0. */
enum { BATCH_WORKER_DONE = -2 };
int batch_run(const render_ctx *ctx, char *const *inputs, int n, const batch_opts *o);

/* The signal (SIGINT or SIGTERM) that interrupted the last batch_run, or 0.
 * batch_run returns normally after an interruption (manifest written); the
 * caller cleans up and then ends the process with that signal. */
int batch_interrupted(void);

/* Builds the roll-up data document from the summaries of the results that
 * succeeded, in the order given, each county (code) once even when two inputs
 * carry it: <rollup><county-report>…</county-report>…</rollup>, each county
 * with its <rank> by weighted score (ties share a rank). The roll-up template
 * computes the other batch figures (grade
 * distribution, county averages) with the exact rg: functions. Returns a new
 * document or NULL when fewer than two counties succeeded. */
xmlDocPtr batch_rollup_data(render_result *const *results, int n);

/* Writes the roll-up documents for the given results into ctx->outdir and
 * records them in *manifest_rollups (a JSON array it appends to). Returns the
 * number of roll-up documents that failed. */
int batch_write_rollups(const render_ctx *ctx, const batch_opts *o, render_result *const *results,
                        int n, cJSON *manifest_rollups);

/* Writes the manifest of results to path atomically. Returns 0 or -1 (printed). */
int batch_write_manifest(const char *path, render_result *const *results, int n,
                         cJSON *rollups);

#endif
