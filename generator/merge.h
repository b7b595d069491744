/* merge.h: joins the manifests of a sharded batch (--shard K/N on several
 * machines) into one manifest, and writes the roll-up documents of the whole
 * batch from the counties' summaries the shard manifests carry. */
#ifndef REFORMGEN_MERGE_H
#define REFORMGEN_MERGE_H

#include "batch.h"

/* Reads the manifests at paths[0..n), writes o->manifest with every input of
 * all of them (in input-path order; an input listed twice is an error) and
 * the roll-up documents into ctx->outdir. Returns the number of inputs that
 * failed in the shards plus the roll-up documents that failed, or -1 when a
 * manifest cannot be read (an error was printed). */
int merge_manifests(const render_ctx *ctx, char *const *paths, int n, const batch_opts *o);

#endif
