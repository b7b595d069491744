/* output.c: safe output names and atomic writes (output.h). */
#define _GNU_SOURCE   /* renameat2 */
#include "output.h"
#include "i18n.h"
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
#include <time.h>
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

/* mkdir -p by path, following links: for folders the user named. */
static int mkdirs_path(const char *dir)
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

/* The output folder the user named (output_open_root), open; folders and
 * files below it are reached from this descriptor, one component at a time,
 * never through a symbolic link. */
static int root_fd = -1;
static char *root_path;

int output_open_root(const char *dir)
{
  if (mkdirs_path(dir) != 0) return -1;
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  output_close_root();
  root_fd = fd;
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  root_path = xstrndup(dir, n);
  return 0;
}

void output_close_root(void)
{
  if (root_fd >= 0) close(root_fd);
  root_fd = -1;
  free(root_path);
  root_path = NULL;
}

/* The part of dir below the root folder ("" for the root itself), or NULL
 * when dir is not below it. */
static const char *below_root(const char *dir)
{
  if (!root_path) return NULL;
  size_t n = strlen(root_path);
  if (strcmp(dir, root_path) == 0) return "";
  if (strcmp(root_path, "/") == 0) return dir[0] == '/' ? dir + 1 : NULL;
  if (strncmp(dir, root_path, n) == 0 && dir[n] == '/') return dir + n + 1;
  return NULL;
}

/* Opens folder dir (creating what is missing when create is set). Below the
 * root folder each component is entered with O_NOFOLLOW | O_DIRECTORY, so
 * that a county folder replaced by a link to elsewhere is refused (ELOOP)
 * rather than written through; a folder elsewhere (one the user named, such
 * as that of --manifest) is opened by its path. Returns a descriptor or -1
 * with errno set. */
static int open_dir(const char *dir, int create)
{
  const char *rest = below_root(dir);
  if (!rest) {
    if (create && mkdirs_path(dir) != 0) return -1;
    return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  /* a new open file description, not a dup: readdir keeps its place in one */
  int fd = openat(root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  char *copy = xstrdup(rest), *save = NULL;
  for (char *c = strtok_r(copy, "/", &save); c && fd >= 0; c = strtok_r(NULL, "/", &save)) {
    if (strcmp(c, ".") == 0) continue;
    int next = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0 && errno == ENOENT && create) {
      if (mkdirat(fd, c, 0777) == 0 || errno == EEXIST)
        next = openat(fd, c, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    int e = errno;
    struct stat st;   /* a link: say so (O_DIRECTORY answers ENOTDIR first) */
    if (next < 0 && fstatat(fd, c, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) e = ELOOP;
    close(fd);
    fd = next;
    errno = e;
  }
  free(copy);
  return fd;
}

int output_mkdirs(const char *dir)
{
  int fd = open_dir(dir, 1);
  if (fd < 0) return -1;
  close(fd);
  return 0;
}

static int sync_files;
static volatile sig_atomic_t stop_writing;
static void (*place_hook)(const char *path, void *arg);
static void *place_arg;

void output_stop(void) { stop_writing = 1; }
int output_stopping(void) { return stop_writing != 0; }

void output_on_place(void (*fn)(const char *path, void *arg), void *arg)
{
  place_hook = fn;
  place_arg = arg;
}

/* Puts file tmp in the place of the regular file name (both in folder dfd),
 * atomically, and removes the old one. Returns 0, or -1 (nothing changed)
 * when name is not a regular file or the file system cannot exchange names:
 * renameat then does it.
 * ext4 writes a file's blocks out before a rename that replaces another file
 * (auto_da_alloc); exchanging the two names (renameat2 RENAME_EXCHANGE) is as
 * atomic for readers and does not wait for that.
 * Without --sync neither way promises the new bytes survive a power cut. */
static int replace_file(int dfd, const char *tmp, const char *name)
{
#if defined(__linux__) && defined(RENAME_EXCHANGE)
  struct stat st;
  if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) return -1;
  if (renameat2(dfd, tmp, dfd, name, RENAME_EXCHANGE) != 0) return -1;
  if (unlinkat(dfd, tmp, 0) != 0 && errno == EISDIR) {
    /* name became a folder since fstatat: put it back */
    renameat2(dfd, tmp, dfd, name, RENAME_EXCHANGE);
    return -1;
  }
  return 0;
#else
  (void)dfd;
  (void)tmp;
  (void)name;
  return -1;
#endif
}

void output_set_sync(int on) { sync_files = on; }

/* Creates a new temporary file for name in folder dfd, ".NAME.tmp-PID-NNNNNN"
 * (the process id lets a later run tell a dead writer's file), mode 0600.
 * Returns the descriptor and the name in *tmp, or -1 with errno set. */
static int create_temp(int dfd, const char *name, char **tmp)
{
  static unsigned long counter;
  for (int tries = 0; tries < 1000; tries++) {
    *tmp = xasprintf(".%s.tmp-%ld-%06lx", name, (long)getpid(), counter++ & 0xFFFFFF);
    int fd = openat(dfd, *tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EEXIST) {
      if (fd < 0) { free(*tmp); *tmp = NULL; }
      return fd;
    }
    free(*tmp);
  }
  *tmp = NULL;
  errno = EEXIST;
  return -1;
}

/* The folder and the last component of path, new strings. */
static void split_path(const char *path, char **dir, char **name)
{
  const char *slash = strrchr(path, '/');
  *dir = !slash ? xstrdup(".") : slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
  *name = xstrdup(slash ? slash + 1 : path);
}

/* Test hooks, read from the environment: REFORMGEN_TEST_KILL=TEXT kills the
 * process half-way through writing a file whose path holds TEXT;
 * REFORMGEN_TEST_HOLD=TEXT:FILE holds it there while FILE exists, after
 * writing its process id to FILE.held (so that a test can act at that
 * point). */
static void test_hooks(const char *path, size_t written, size_t len)
{
  if (written != len / 2) return;
  const char *kill_at = getenv("REFORMGEN_TEST_KILL");
  if (kill_at && *kill_at && strstr(path, kill_at)) raise(SIGKILL);
  const char *hold = getenv("REFORMGEN_TEST_HOLD");
  const char *colon = hold ? strchr(hold, ':') : NULL;
  if (!colon || colon == hold) return;
  char *what = xstrndup(hold, (size_t)(colon - hold));
  if (strstr(path, what)) {
    char *held = xasprintf("%s.held", colon + 1);
    FILE *f = fopen(held, "w");
    if (f) {
      fprintf(f, "%ld\n", (long)getpid());
      fclose(f);
    }
    struct timespec ts = { 0, 10 * 1000 * 1000 };
    while (access(colon + 1, F_OK) == 0) nanosleep(&ts, NULL);
    free(held);
  }
  free(what);
}

int output_write_atomic(const char *path, const void *buf, size_t len, char **err)
{
  if (stop_writing) {
    *err = xasprintf(_("%s not written: the run was interrupted"), path);
    return -1;
  }
  char *dir, *name, *tmp = NULL;
  split_path(path, &dir, &name);
  int fd = -1, dfd = open_dir(dir, 0);
  if (dfd < 0) {
    *err = xasprintf(_("cannot write %s: its folder: %s"), path, strerror(errno));
    goto out;
  }
  if ((fd = create_temp(dfd, name, &tmp)) < 0) {
    *err = xasprintf(_("cannot create a file in the folder of %s: %s"), path, strerror(errno));
    goto out;
  }
  const char *p = buf;
  size_t done = 0;
  while (done < len) {
    size_t chunk = len - done;
    if (done < len / 2 && chunk > len / 2 - done) chunk = len / 2 - done;
    if (chunk == 0) chunk = len - done;
    ssize_t w = write(fd, p + done, chunk);
    if (w < 0) {
      if (errno == EINTR) continue;
      goto fail;
    }
    done += (size_t)w;
    test_hooks(path, done, len);
  }
  if (fchmod(fd, 0644) != 0) goto fail;
  if (sync_files && fsync(fd) != 0) goto fail;
  if (close(fd) != 0) { fd = -1; goto fail; }
  fd = -1;
  if (place_hook) place_hook(path, place_arg);
  if (replace_file(dfd, tmp, name) != 0 && renameat(dfd, tmp, dfd, name) != 0) goto fail;
  free(tmp);
  tmp = NULL;
  close(dfd);
  free(dir);
  free(name);
  return 0;
fail:
  *err = xasprintf(_("cannot write %s: %s"), path, strerror(errno));
  if (fd >= 0) close(fd);
  unlinkat(dfd, tmp, 0);
out:
  if (dfd >= 0) close(dfd);
  free(tmp);
  free(dir);
  free(name);
  return -1;
}

struct output_reserved {
  int dfd, fd;
  char *path, *name, *tmp;
};

output_reserved *output_reserve(const char *path, size_t bytes, char **err)
{
  output_reserved *r = xcalloc(1, sizeof *r);
  char *dir;
  split_path(path, &dir, &r->name);
  r->path = xstrdup(path);
  r->fd = -1;
  r->dfd = open_dir(dir, 0);
  free(dir);
  int e = 0;
  if (r->dfd < 0) e = errno;
  else if ((r->fd = create_temp(r->dfd, r->name, &r->tmp)) < 0) e = errno;
  else e = posix_fallocate(r->fd, 0, (off_t)bytes);
  if (e) {
    *err = xasprintf(_("cannot reserve room for %s: %s"), path, strerror(e));
    output_reserved_free(r);
    return NULL;
  }
  return r;
}

int output_write_reserved(output_reserved *r, const void *buf, size_t len, char **err)
{
  const char *p = buf;
  size_t done = 0;
  while (done < len) {
    ssize_t w = pwrite(r->fd, p + done, len - done, (off_t)done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) goto fail;
    done += (size_t)w;
  }
  if (ftruncate(r->fd, (off_t)len) != 0 || fchmod(r->fd, 0644) != 0) goto fail;
  if (sync_files && fsync(r->fd) != 0) goto fail;
  if (close(r->fd) != 0) { r->fd = -1; goto fail; }
  r->fd = -1;
  if (replace_file(r->dfd, r->tmp, r->name) != 0 && renameat(r->dfd, r->tmp, r->dfd, r->name) != 0) goto fail;
  free(r->tmp);
  r->tmp = NULL;
  return 0;
fail:
  *err = xasprintf(_("cannot write %s: %s"), r->path, strerror(errno));
  return -1;
}

static void reserved_free(output_reserved *r, int remove_temp)
{
  if (!r) return;
  if (r->fd >= 0) close(r->fd);
  if (remove_temp && r->tmp && r->dfd >= 0) unlinkat(r->dfd, r->tmp, 0);
  if (r->dfd >= 0) close(r->dfd);
  free(r->path);
  free(r->name);
  free(r->tmp);
  free(r);
}

void output_reserved_free(output_reserved *r) { reserved_free(r, 1); }
void output_reserved_forget(output_reserved *r) { reserved_free(r, 0); }

/* The process id in a temporary file's name (".NAME.tmp-PID-NNNNNN"), or 0. */
static long temp_pid(const char *name)
{
  if (name[0] != '.') return 0;
  const char *t = NULL;
  for (const char *q = strstr(name, ".tmp-"); q; q = strstr(q + 1, ".tmp-")) t = q;
  if (!t) return 0;
  char *end;
  long pid = strtol(t + 5, &end, 10);
  return pid > 0 && *end == '-' ? pid : 0;
}

/* Whether process pid still runs (a zombie, dead but not yet reaped, does not). */
static int process_runs(long pid)
{
  if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) return 0;
  char path[64], buf[256];
  snprintf(path, sizeof path, "/proc/%ld/stat", pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 1;
  buf[n] = '\0';
  const char *rp = strrchr(buf, ')');   /* "PID (COMM) STATE ..." */
  return !(rp && rp[1] == ' ' && rp[2] == 'Z');
}

/* Removes in folder dfd the temporary files of process pid, or with pid 0
 * those of every process that no longer runs; with depth 1 in its
 * subfolders too (entered without following links). Closes dfd. */
static void remove_temps_at(int dfd, long pid, int depth)
{
  DIR *d = fdopendir(dfd);
  if (!d) { close(dfd); return; }
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    long p = temp_pid(e->d_name);
    if (p && (pid ? p == pid : !process_runs(p))) {
      unlinkat(dirfd(d), e->d_name, 0);
      continue;
    }
    if (depth > 0 && e->d_name[0] != '.') {
      int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0) remove_temps_at(sub, pid, depth - 1);
    }
  }
  closedir(d);
}

void output_remove_temps(const char *dir, long pid)
{
  int fd = open_dir(dir, 0);
  if (fd >= 0) remove_temps_at(fd, pid, 1);
}

void output_remove_stale_temps(const char *dir, int depth)
{
  int fd = open_dir(dir, 0);
  if (fd >= 0) remove_temps_at(fd, 0, depth);
}

int output_remove(const char *path)
{
  char *dir, *name;
  split_path(path, &dir, &name);
  int dfd = open_dir(dir, 0), rc = -1;
  if (dfd >= 0) {
    rc = unlinkat(dfd, name, 0);
    close(dfd);
  }
  free(dir);
  free(name);
  return rc;
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
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
      *err = xasprintf(_("cannot make the lock file %s: %s"), path, strerror(errno));
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
        *err = xasprintf(_("another reformgen run%s%s%s is writing this batch (lock %s); "
                         "wait for it to finish, or write elsewhere with -o"),
                         *buf ? _(" (process ") : "", buf, *buf ? ")" : "", path);
      else
        *err = xasprintf(_("cannot lock %s: %s"), path, strerror(e));
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
  *err = xasprintf(_("cannot lock %s: it keeps being replaced"), path);
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
