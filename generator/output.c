/* output.c: safe output names and atomic writes (output.h). */
#define _GNU_SOURCE   /* renameat2 */
#include "output.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int reserved_windows(const char *s, size_t n)
{
  static const char *const names[] = { "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
    "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4",
    "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", NULL };
  for (const char *const *p = names; *p; p++)
    if (strlen(*p) == n && strncasecmp(s, *p, n) == 0) return 1;
  return 0;
}

/* Appends a sanitised copy of part to b, at most `room` bytes, never cutting a
 * UTF-8 sequence. */
static void add_part(strbuf *b, const char *part, size_t room)
{
  size_t start = b->len, n = strlen(part);
  for (size_t i = 0; i < n;) {
    unsigned cp;
    size_t k = utf8_decode(part + i, n - i, &cp);
    if (!k) { i++; continue; }            /* invalid byte: dropped */
    if (cp_is_invisible_format(cp)) { i += k; continue; }   /* U+202E and the like: dropped */
    if (b->len - start + k > room) break;
    /* (only ASCII is looked up in the reserved set: strchr would match any
     * code point whose low byte is 0, such as 一 U+4E00, to the final NUL) */
    int bad = cp_is_control(cp) || (cp < 0x80 && strchr("/\\:*?\"<>|", (int)cp) != NULL);
    if (cp == ' ') bad = 1;
    if (bad) {
      if (b->len > start && b->s[b->len - 1] != '_') sb_addc(b, '_');
    } else {
      sb_addn(b, part + i, k);
    }
    i += k;
  }
  /* no leading dots (hidden files, "..") and no trailing dots or underscores */
  size_t lead = 0;
  while (start + lead < b->len && (b->s[start + lead] == '.' || b->s[start + lead] == '_')) lead++;
  if (lead) {
    memmove(b->s + start, b->s + start + lead, b->len - start - lead);
    b->len -= lead;
    b->s[b->len] = '\0';
  }
  while (b->len > start && (b->s[b->len - 1] == '.' || b->s[b->len - 1] == '_'))
    b->s[--b->len] = '\0';
  if (reserved_windows(b->s + start, b->len - start)) sb_addc(b, '_');
}

char *output_safe_name(const char *a, const char *b, const char *c)
{
  const char *parts[3] = { a, b, c };
  strbuf s = {0};
  for (int i = 0; i < 3; i++) {
    if (!parts[i] || !*parts[i]) continue;
    size_t before = s.len;
    if (s.len) sb_addc(&s, '-');
    size_t room = s.len < OUTPUT_NAME_MAX ? OUTPUT_NAME_MAX - s.len : 0;
    size_t mark = s.len;
    add_part(&s, parts[i], room);
    if (s.len == mark) {            /* nothing survived: undo the separator */
      s.len = before;
      if (s.s) s.s[s.len] = '\0';
    }
  }
  if (s.len == 0) sb_add(&s, "unnamed");
  return sb_detach(&s);
}

int output_mkdirs(const char *dir)
{
  char *p = xstrdup(dir);
  for (char *q = p + 1; *q; q++) {
    if (*q != '/') continue;
    *q = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) { int e = errno; free(p); errno = e; return -1; }
    *q = '/';
  }
  int rc = mkdir(p, 0777);
  int e = errno;
  free(p);
  if (rc != 0 && e != EEXIST) { errno = e; return -1; }
  struct stat st;
  if (stat(dir, &st) != 0) return -1;
  if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return -1; }
  return 0;
}

static int sync_files;

/* Puts file tmp in the place of the regular file path, atomically, and
 * removes the old one. Returns 0, or -1 (nothing changed) when path is not a
 * regular file or the file system cannot exchange names: rename then does it.
 * ext4 writes a file's blocks out before a rename that replaces another file
 * (auto_da_alloc); exchanging the two names (renameat2 RENAME_EXCHANGE) is as
 * atomic for readers and does not wait for that.
 * Without --sync neither way promises the new bytes survive a power cut. */
static int replace_file(const char *tmp, const char *path)
{
#if defined(__linux__) && defined(RENAME_EXCHANGE)
  struct stat st;
  if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode)) return -1;
  if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) != 0) return -1;
  if (unlink(tmp) != 0 && errno == EISDIR) {
    /* path became a folder since lstat: put it back */
    renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE);
    return -1;
  }
  return 0;
#else
  (void)tmp;
  (void)path;
  return -1;
#endif
}

void output_set_sync(int on) { sync_files = on; }

int output_write_atomic(const char *path, const void *buf, size_t len, char **err)
{
  const char *slash = strrchr(path, '/');
  char *tmp = slash
    ? xasprintf("%.*s/.%s.tmp-%ld-XXXXXX", (int)(slash - path), path, slash + 1, (long)getpid())
    : xasprintf(".%s.tmp-%ld-XXXXXX", path, (long)getpid());
  /* fault injection for the tests: die half-way through writing a matching file */
  const char *kill_at = getenv("REFORMGEN_TEST_KILL");
  size_t kill_after = kill_at && *kill_at && strstr(path, kill_at) ? len / 2 : (size_t)-1;
  int fd = mkstemp(tmp);
  if (fd < 0) {
    *err = xasprintf("cannot create a file in the folder of %s: %s", path, strerror(errno));
    free(tmp);
    return -1;
  }
  const char *p = buf;
  size_t left = len;
  while (left > 0) {
    size_t chunk = left;
    if (kill_after != (size_t)-1) {
      if ((size_t)(p - (const char *)buf) >= kill_after) raise(SIGKILL);
      chunk = kill_after - (size_t)(p - (const char *)buf);
      if (chunk == 0 || chunk > left) chunk = left;
    }
    ssize_t w = write(fd, p, chunk);
    if (w < 0) {
      if (errno == EINTR) continue;
      goto fail;
    }
    p += w;
    left -= (size_t)w;
  }
  if (fchmod(fd, 0644) != 0) goto fail;
  if (sync_files && fsync(fd) != 0) goto fail;
  if (close(fd) != 0) { fd = -1; goto fail; }
  fd = -1;
  if (replace_file(tmp, path) != 0 && rename(tmp, path) != 0) goto fail;
  free(tmp);
  return 0;
fail:
  *err = xasprintf("cannot write %s: %s", path, strerror(errno));
  if (fd >= 0) close(fd);
  unlink(tmp);
  free(tmp);
  return -1;
}

/* Removes f if its name is a temporary file of process pid. */
static void remove_if_temp_of(const char *dir, const char *name, const char *tag)
{
  if (name[0] != '.' || !strstr(name, tag)) return;
  char *p = xasprintf("%s/%s", dir, name);
  unlink(p);
  free(p);
}

void output_remove_temps(const char *dir, long pid)
{
  char *tag = xasprintf(".tmp-%ld-", pid);
  DIR *d = opendir(dir);
  struct dirent *e;
  while (d && (e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    remove_if_temp_of(dir, e->d_name, tag);
    if (e->d_name[0] == '.') continue;
    char *sub = xasprintf("%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
      DIR *sd = opendir(sub);
      struct dirent *f;
      while (sd && (f = readdir(sd)) != NULL) remove_if_temp_of(sub, f->d_name, tag);
      if (sd) closedir(sd);
    }
    free(sub);
  }
  if (d) closedir(d);
  free(tag);
}

static char *lock_path(const char *manifest)
{
  const char *slash = strrchr(manifest, '/');
  return slash ? xasprintf("%.*s/.%s.lock", (int)(slash - manifest), manifest, slash + 1)
               : xasprintf(".%s.lock", manifest);
}

int output_lock(const char *manifest, char **err)
{
  char *path = lock_path(manifest);
  /* A run that ends removes its lock file while holding the lock; one that
   * opened the file before that must open it anew, hence the loop. */
  for (int tries = 0; tries < 100; tries++) {
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      *err = xasprintf("cannot make the lock file %s: %s", path, strerror(errno));
      free(path);
      return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      int e = errno;
      char buf[32] = "";
      ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
      buf[n > 0 ? n : 0] = '\0';
      buf[strcspn(buf, "\n")] = '\0';
      close(fd);
      if (e == EWOULDBLOCK)
        *err = xasprintf("another reformgen run%s%s%s is writing this batch (lock %s); "
                         "wait for it to finish, or write elsewhere with -o",
                         *buf ? " (process " : "", buf, *buf ? ")" : "", path);
      else
        *err = xasprintf("cannot lock %s: %s", path, strerror(e));
      free(path);
      return -1;
    }
    struct stat a, b;
    if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
      char pid[32];
      int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
      if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) { /* the pid is a courtesy */ }
      free(path);
      return fd;
    }
    close(fd);   /* removed or replaced meanwhile: try again */
  }
  *err = xasprintf("cannot lock %s: it keeps being replaced", path);
  free(path);
  return -1;
}

void output_unlock(int handle, const char *manifest)
{
  if (handle < 0) return;
  char *path = lock_path(manifest);
  unlink(path);
  close(handle);
  free(path);
}
