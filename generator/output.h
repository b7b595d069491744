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

/* Opens the output folder the user named (creating it and its parents,
 * following links there: the user chose it). Every folder and file below it is
 * then reached from it one component at a time with O_NOFOLLOW | O_DIRECTORY
 * and written with openat and renameat relative to its folder, so that a
 * county folder that is a symbolic link to elsewhere is refused (ELOOP), never
 * written through. Returns 0, or -1 with errno set. Call once before any
 * fork; output_close_root at the end. */
int output_open_root(const char *dir);
void output_close_root(void);

/* Creates dir and its parents if missing (below the root folder: never
 * through a link). Returns 0, or -1 with errno set. */
int output_mkdirs(const char *dir);

/* Writes len bytes to path atomically (temporary file in the same folder,
 * rename; flushed to the disk first when output_set_sync asked for it).
 * Returns 0, or -1 with a new message in *err (caller frees), leaving nothing
 * under path and no temporary file behind. After output_stop it writes
 * nothing and fails. */
int output_write_atomic(const char *path, const void *buf, size_t len, char **err);

/* A file whose room on the disk is taken in advance (the manifest: it must
 * be written even when the documents filled the disk). output_reserve makes
 * the temporary file of path and allocates bytes for it (posix_fallocate);
 * NULL with a new message in *err when it cannot. output_write_reserved
 * writes the contents (within the reserved room no write can fail for want
 * of space), trims the file and renames it to path; on failure (*err) the
 * reservation stays for another try. output_reserved_free removes the
 * temporary file if it was not renamed; output_reserved_forget only lets go
 * of it (in a forked worker, which must not remove its parent's file). */
typedef struct output_reserved output_reserved;
output_reserved *output_reserve(const char *path, size_t bytes, char **err);
int output_write_reserved(output_reserved *r, const void *buf, size_t len, char **err);
void output_reserved_free(output_reserved *r);
void output_reserved_forget(output_reserved *r);

/* Removes path (below the root folder: never through a link). Returns 0 or
 * -1 with errno set. */
int output_remove(const char *path);

/* With on, every file is flushed to the disk (fsync) before it is renamed, so
 * that it survives a power cut too. Off by default (a flush is slow, and a
 * process that dies still never leaves a partial file). */
void output_set_sync(int on);

/* From now on output_write_atomic writes nothing (a stop was asked for: the
 * current document is the last one started); async-signal-safe.
 * output_stopping says whether it was called. */
void output_stop(void);
int output_stopping(void);

/* fn(path, arg) is called just before each file is renamed into place, so
 * that whoever may have to account for the file (the batch parent of a
 * worker) hears of it before it exists under its final name. NULL: none. */
void output_on_place(void (*fn)(const char *path, void *arg), void *arg);

/* Removes the temporary files that process pid left in dir and in its
 * subfolders (one level: the county folders) when it died while writing. */
void output_remove_temps(const char *dir, long pid);
/* Removes the temporary files left in dir (and, with depth 1, its subfolders)
 * by any process that no longer runs (an earlier run killed with SIGKILL);
 * those of running processes (another shard writing here) stay. */
void output_remove_stale_temps(const char *dir, int depth);

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
