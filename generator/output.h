/* output.h: output names and atomic file writing.
 *
 * Output names come from the data (county code and name) but are made safe for
 * every file system whatever the input says: no '/', '\\', "..", control
 * characters, reserved characters or names, no invisible format characters
 * (the bidi overrides such as U+202E, zero-width characters: dropped, so that
 * a name shows what it is), and bounded in bytes. Files are
 * written to a temporary name in the same folder and renamed, so that no
 * partial file ever sits under the final name, whenever the process dies. */
#ifndef REFORMGEN_OUTPUT_H
#define REFORMGEN_OUTPUT_H

#include <stddef.h>

#define OUTPUT_NAME_MAX 120   /* bytes of one path component we make */

/* Returns a new file-name component made of the parts joined by '-', each
 * sanitised; NULL or empty parts are skipped. Never empty (falls back to
 * "unnamed"). The caller frees it. */
char *output_safe_name(const char *a, const char *b, const char *c);

/* Creates dir and its parents if missing. Returns 0, or -1 with errno set. */
int output_mkdirs(const char *dir);

/* Writes len bytes to path atomically (temporary file in the same folder,
 * rename; flushed to the disk first when output_set_sync asked for it).
 * Returns 0, or -1 with a new message in *err (caller frees), leaving nothing
 * under path and no temporary file behind. */
int output_write_atomic(const char *path, const void *buf, size_t len, char **err);

/* With on, every file is flushed to the disk (fsync) before it is renamed, so
 * that it survives a power cut too. Off by default (a flush is slow, and a
 * process that dies still never leaves a partial file). */
void output_set_sync(int on);

/* Removes the temporary files that process pid left in dir and in its
 * subfolders (one level: the county folders) when it died while writing. */
void output_remove_temps(const char *dir, long pid);

/* Takes the lock that keeps two runs from writing the same batch at once: an
 * flock on a hidden file beside the manifest, DIR/.NAME.lock (so the shards of
 * one batch, which write different manifests into one folder, do not exclude
 * each other). Never waits. Returns a handle >= 0, or -1 with a new message in
 * *err (caller frees): another run holds the lock (its process id is said),
 * or the lock file cannot be made. */
int output_lock(const char *manifest, char **err);

/* Releases the lock and removes its file. */
void output_unlock(int handle, const char *manifest);

#endif
