/* batch.c: the parallel batch driver (batch.h). */
#include "batch.h"
#include "i18n.h"

#include "decimal.h"
#include "output.h"
#include "schema.h"
#include "sha256.h"
#include "util.h"
#include "memory.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#define MAX_FRAME (256u * 1024 * 1024)
/* A frame whose length has this bit is a path the worker is about to rename
 * into place (output_on_place), not a result. */
#define PLACE_FRAME 0x80000000u

static volatile sig_atomic_t interrupted, signals_seen;
static int wake_fd[2] = { -1, -1 };   /* the handler wakes the parent's poll */

/* The first SIGINT or SIGTERM stops the batch: no county is started, the
 * workers are told to write no further document, and those still busy after
 * the grace are stopped; the second stops them at once; a third ends the
 * process by the signal's default action. */
static void on_signal(int sig, siginfo_t *si, void *uc)
{
  /* timeout(1) sends its signal to the child and then to the whole group:
   * the same signal from the same sender within a second is one request */
  static pid_t last_pid;
  static int last_sig;
  static struct timespec last_at;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  (void)uc;
  if (si && si->si_code == SI_USER && si->si_pid == last_pid && sig == last_sig &&
      (now.tv_sec - last_at.tv_sec) * 1000000000L + (now.tv_nsec - last_at.tv_nsec) < 1000000000L)
    return;
  if (si) last_pid = si->si_code == SI_USER ? si->si_pid : 0;
  last_sig = sig;
  last_at = now;
  if (signals_seen >= 2) {
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  if (!interrupted) interrupted = sig;
  signals_seen++;
  int e = errno;
  if (wake_fd[1] >= 0 && write(wake_fd[1], "", 1) < 0) { /* the pipe is full: awake anyway */ }
  errno = e;
}

static void on_stop(int sig)
{
  (void)sig;
  output_stop();
}

typedef struct worker {
  pid_t pid;
  int job_fd;      /* parent writes input indexes */
  int res_fd;      /* parent reads results */
  int busy;        /* index of the input in progress, or -1 */
  double started;  /* when the input in progress was handed out */
  int stop_sent;   /* told (SIGUSR1) to write no further document */
  const char *killed_why;   /* why the parent stopped it (SIGKILL), or NULL */
  char **placed;   /* files it renamed (or was about to) for the input in progress */
  int nplaced;
} worker;

static int write_all(int fd, const void *buf, size_t n)
{
  const char *p = buf;
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Reads exactly n bytes. Returns 0, 1 at a clean end of file before any byte,
 * -1 on error or a short read. */
static int read_all(int fd, void *buf, size_t n)
{
  char *p = buf;
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, p + got, n - got);
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) return got == 0 ? 1 : -1;
    got += (size_t)r;
  }
  return 0;
}

/* In a worker: tells the parent which file is about to be renamed into place,
 * so that the parent can remove it if the worker dies before its result. */
static void announce_place(const char *path, void *arg)
{
  int fd = *(const int *)arg;
  size_t n = strlen(path);
  if (n >= MAX_FRAME) return;
  uint32_t len = (uint32_t)n | PLACE_FRAME;
  if (write_all(fd, &len, sizeof len) != 0 || write_all(fd, path, n) != 0) { /* parent gone */ }
}

/* The worker: reads input indexes until end of file, renders each and writes
 * the result back as a length-prefixed message (render_result_encode), then
 * returns; every county is freed before the next is read. Signals sent to
 * the whole process group (a terminal's ^C, timeout, kill -- -PGID, systemd)
 * are ignored: the parent decides; it asks for a stop with SIGUSR1 (no
 * further document is written) and ends a worker with SIGKILL. A worker
 * whose parent dies is killed with it (PR_SET_PDEATHSIG). */
static void worker_main(const render_ctx *ctx, char *const *inputs, int job_fd, int res_fd, pid_t parent)
{
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_IGN);
  signal(SIGPIPE, SIG_DFL);
  struct sigaction sa = {0};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
#ifdef __linux__
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) return;   /* the parent died before the call */
#else
  (void)parent;
#endif
  output_on_place(announce_place, &res_fd);
  int32_t idx;
  while (read_all(job_fd, &idx, sizeof idx) == 0) {
    render_result *r = render_input(ctx, inputs[idx]);
    strbuf msg = {0};
    render_result_encode(r, &msg);
    uint32_t len = (uint32_t)msg.len;
    int bad = msg.len > MAX_FRAME || write_all(res_fd, &len, sizeof len) != 0 ||
              write_all(res_fd, msg.s, len) != 0;
    sb_free(&msg);
    render_result_free(r);
    if (bad) break;
  }
  output_on_place(NULL, NULL);
  close(job_fd);
  close(res_fd);
}

/* Starts a worker process for w. Returns 0 in the parent, -1 when no process
 * could be started, and 1 in the worker once its work is done: the caller
 * then frees what it holds and returns BATCH_WORKER_DONE, so that the worker
 * leaves through main and frees what it inherited like the parent does. */
static int spawn(worker *w, worker *all, int nall, const render_ctx *ctx, char *const *inputs)
{
  int jp[2], rp[2];
  if (pipe(jp) != 0) return -1;
  if (pipe(rp) != 0) { close(jp[0]); close(jp[1]); return -1; }
  fflush(stdout);
  fflush(stderr);
  pid_t parent = getpid();
  memory_fork_prepare();
  pid_t pid = fork();
  if (pid != 0) memory_fork_release();
  if (pid < 0) {
    close(jp[0]); close(jp[1]); close(rp[0]); close(rp[1]);
    return -1;
  }
  if (pid == 0) {
    close(jp[1]);
    close(rp[0]);
    for (int i = 0; i < nall; i++)   /* the other workers' pipe ends */
      if (&all[i] != w && all[i].pid > 0) { close(all[i].job_fd); close(all[i].res_fd); }
    close(wake_fd[0]);
    close(wake_fd[1]);
    wake_fd[0] = wake_fd[1] = -1;
    worker_main(ctx, inputs, jp[0], rp[1], parent);
    memory_fork_release();
    w->pid = 0;
    return 1;
  }
  close(jp[0]);
  close(rp[1]);
  w->pid = pid;
  w->job_fd = jp[1];
  w->res_fd = rp[0];
  w->busy = -1;
  w->stop_sent = 0;
  w->killed_why = NULL;
  return 0;
}

static void forget_placed(worker *w)
{
  for (int i = 0; i < w->nplaced; i++) free(w->placed[i]);
  free(w->placed);
  w->placed = NULL;
  w->nplaced = 0;
}

/* After a worker died in the middle of an input: removes the files it had
 * renamed into place (or was about to) for it and its temporary files, so
 * that nothing the manifest does not list stays. Returns how many of the
 * former there were. */
static int remove_placed(worker *w, pid_t dead, const render_ctx *ctx)
{
  int n = 0;
  for (int i = 0; i < w->nplaced; i++)
    if (output_remove(w->placed[i]) == 0) n++;
  forget_placed(w);
  output_remove_temps(ctx->outdir, (long)dead);
  return n;
}

/* Tells an idle worker there is no more work: it exits while the batch
 * finishes (retire reaps it). */
static void release(worker *w)
{
  if (w->pid <= 0 || w->job_fd < 0 || w->busy >= 0) return;
  close(w->job_fd);
  w->job_fd = -1;
}

static void retire(worker *w)
{
  if (w->pid <= 0) return;
  if (w->job_fd >= 0) close(w->job_fd);
  close(w->res_fd);
  int st;
  while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR) {}
  w->pid = 0;
}

/* Reads one result frame. Returns a result, or NULL when the worker is gone
 * (its status is described in *why, newly allocated). */
static render_result *receive(worker *w, char **why)
{
  uint32_t len;
  int rc = read_all(w->res_fd, &len, sizeof len);
  if (rc == 0 && (len & PLACE_FRAME) && (len & ~PLACE_FRAME) < MAX_FRAME) {
    size_t n = len & ~PLACE_FRAME;
    char *path = xmalloc(n + 1);
    if (read_all(w->res_fd, path, n) == 0) {
      path[n] = '\0';
      w->placed = xrealloc(w->placed, (size_t)(w->nplaced + 1) * sizeof *w->placed);
      w->placed[w->nplaced++] = path;
      *why = NULL;
      return NULL;   /* not a result: the worker goes on */
    }
    free(path);
    len = MAX_FRAME + 1;   /* a short frame: the worker is gone */
  }
  if (rc == 0 && len <= MAX_FRAME) {
    char *msg = xmalloc((size_t)len + 1);
    render_result *r = read_all(w->res_fd, msg, len) == 0 ? render_result_decode(msg, len) : NULL;
    free(msg);
    if (r) return r;
  }
  /* the worker died or spoke nonsense: reap it and say how it ended */
  if (w->job_fd >= 0) close(w->job_fd);
  close(w->res_fd);
  int st = 0;
  while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR) {}
  if (w->killed_why) *why = xstrdup(w->killed_why);
  else if (WIFSIGNALED(st)) *why = xasprintf(_("the worker rendering it was killed by signal %d (%s)"),
                                        WTERMSIG(st), strsignal(WTERMSIG(st)));
  else *why = xasprintf(_("the worker rendering it exited with status %d"),
                        WIFEXITED(st) ? WEXITSTATUS(st) : -1);
  w->pid = 0;
  return NULL;
}

static render_result *failed_result(const char *input, const char *msg)
{
  render_result *r = xcalloc(1, sizeof *r);
  r->input = xstrdup(input);
  r->diags = diag_new(input, 0);
  diag_add(r->diags, DIAG_ERROR, NULL, "%s", msg);
  return r;
}

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw_progress(int done, int n, int failed, double t0, int final)
{
  const int width = 30;
  int fill = n ? done * width / n : width;
  char bar[64];
  for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '-';
  bar[width] = '\0';
  double el = now_s() - t0;
  double eta = done ? el / done * (n - done) : 0;
  fprintf(stderr, "\r\033[K[%s] %d/%d", bar, done, n);
  if (failed) fprintf(stderr, _(", %d failed"), failed);
  if (!final && done) fprintf(stderr, _(", about %.0f s left"), eta + 0.5);
  if (final) fprintf(stderr, _(" in %.1f s\n"), el);
  fflush(stderr);
}

static void clear_progress(int progress)
{
  if (progress) fprintf(stderr, "\r\033[K");
}

/* Prints what a finished input has to say and the files it wrote. */
static void report(const render_result *r, const batch_opts *o)
{
  clear_progress(o->progress);
  if (r->diags) diag_print_min(r->diags, stderr, o->quiet ? DIAG_ERROR : DIAG_NOTE);
  if (!o->quiet)
    for (int i = 0; i < r->noutputs; i++) printf("%s\n", r->outputs[i].path);
  fflush(stdout);
  fflush(stderr);
}

typedef struct claim {
  const char *path;
  int result, output;
} claim;

static int cmp_claim(const void *a, const void *b)
{
  const claim *x = a, *y = b;
  int c = strcmp(x->path, y->path);
  return c ? c : x->result - y->result;
}

/* Two inputs of one batch with the same county code and name write the same
 * files (last year's and this year's file of a county, say). Whichever was
 * renamed last is on disk; a result whose output is not what is on disk is
 * turned into a failure that says so, so that the manifest never lists a
 * document that is not there. (The JSON and XML forms of the same data make
 * the same bytes and both stay ok.) */
static void check_collisions(render_result *const *results, int n)
{
  int nc = 0;
  for (int i = 0; i < n; i++) nc += results[i]->noutputs;
  if (nc < 2) return;
  claim *c = xcalloc((size_t)nc, sizeof *c);
  char *lost = xcalloc((size_t)n, 1);   /* results that lost a document */
  int k = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < results[i]->noutputs; j++)
      if (results[i]->outputs[j].path)
        c[k++] = (claim){ results[i]->outputs[j].path, i, j };
  qsort(c, (size_t)k, sizeof *c, cmp_claim);
  for (int a = 0; a < k;) {
    int b = a + 1;
    while (b < k && strcmp(c[b].path, c[a].path) == 0) b++;
    if (b - a > 1) {
      size_t len = 0;
      char *bytes = read_file(c[a].path, (size_t)1 << 31, &len);
      char sha[65] = "";
      if (bytes) sha256_hex(bytes, len, sha);
      free(bytes);
      for (int x = a; x < b; x++) {
        render_result *r = results[c[x].result];
        if (strcmp(r->outputs[c[x].output].sha256, sha) == 0) continue;
        int other = c[x == a ? a + 1 : a].result;
        diag g = { DIAG_ERROR, r->input, NULL,
                   xasprintf(_("%s is also written by %s (the same county code and name); "
                             "it holds that input's document, not this one's; "
                             "expected one input per county in a batch"),
                             c[x].path, results[other]->input) };
        char *line = diag_format(&g);
        fprintf(stderr, "%s\n", line);
        free(line);
        if (!r->diags) r->diags = diag_new(r->input, 0);
        diag_add(r->diags, DIAG_ERROR, NULL, "%s", g.msg);
        free(g.msg);
        r->ok = 0;
        lost[c[x].result] = 1;
        free(r->outputs[c[x].output].document);   /* not this input's document: unlisted */
        r->outputs[c[x].output].document = NULL;
      }
    }
    a = b;
  }
  free(c);
  /* a county that lost a document lists the others (paths are freed only
   * now: the claims borrowed them) */
  for (int i = 0; i < n; i++) {
    render_result *r = results[i];
    int kept = 0;
    if (!lost[i]) continue;
    for (int j = 0; j < r->noutputs; j++) {
      if (r->outputs[j].document) r->outputs[kept++] = r->outputs[j];
      else render_output_free(&r->outputs[j]);
    }
    r->noutputs = kept;
  }
  free(lost);
}

static size_t manifest_room(char *const *inputs, int n, int ntemplates, const char *outdir);
static int write_reserved_manifest(output_reserved *res, const char *path, render_result *const *results,
                                   int n, cJSON *rollups);

/* Stops worker w now (SIGKILL); receive then reports why. */
static void stop_worker(worker *w, const char *why)
{
  if (w->pid <= 0 || w->killed_why) return;
  w->killed_why = why;
  kill(w->pid, SIGKILL);
}

/* The poll timeout in milliseconds until the next deadline (a county's time
 * limit, the grace after a signal), or -1 for none. */
static int next_timeout(const worker *ws, int jobs, const batch_opts *o, double grace_end, double now)
{
  double next = -1;
  for (int i = 0; i < jobs; i++) {
    if (ws[i].busy < 0 || o->time_limit <= 0 || ws[i].killed_why) continue;
    double t = ws[i].started + o->time_limit;
    if (next < 0 || t < next) next = t;
  }
  if (grace_end > 0 && (next < 0 || grace_end < next)) next = grace_end;
  if (next < 0) return -1;
  double ms = (next - now) * 1000 + 1;
  return ms < 0 ? 0 : ms > 60000 ? 60000 : (int)ms;
}

int batch_run(const render_ctx *ctx, char *const *inputs, int n, const batch_opts *o)
{
  int jobs = o->jobs < 1 ? 1 : o->jobs;
  if (jobs > n) jobs = n;
  render_result **results = xcalloc((size_t)(n ? n : 1), sizeof *results);
  worker *ws = xcalloc((size_t)(jobs ? jobs : 1), sizeof *ws);
  struct pollfd *pfd = xcalloc((size_t)jobs + 1, sizeof *pfd);
  struct sigaction sa = {0}, old_int, old_term;
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  interrupted = signals_seen = 0;
  if (pipe(wake_fd) == 0) {
    for (int k = 0; k < 2; k++) {
      fcntl(wake_fd[k], F_SETFL, fcntl(wake_fd[k], F_GETFL) | O_NONBLOCK);
      fcntl(wake_fd[k], F_SETFD, FD_CLOEXEC);
    }
  } else {
    wake_fd[0] = wake_fd[1] = -1;
  }
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  signal(SIGPIPE, SIG_IGN);

  /* Every input is rendered in a worker, a single one too: the parent stays
   * free to answer signals and limits, and to account for what a worker
   * stopped in the middle had written. */
  int next = 0, done = 0, failed = 0, rc = 0, respawns = 0;
  double t0 = now_s(), grace_end = 0;
  int stopping = 0;   /* signals acted upon */
  /* the manifest's room is taken first: when the documents fill the disk,
   * the manifest still says what was done; without that room nothing starts */
  output_reserved *res = NULL;
  if (o->manifest && !ctx->check_only) {
    char *err = NULL;
    res = output_reserve(o->manifest, manifest_room(inputs, n, ctx->ntemplates, ctx->outdir), &err);
    if (!res) {
      char *p = diag_escaped(o->manifest), *e = diag_escaped(err);
      fprintf(stderr, _("%s: error: %s; nothing was rendered\n"), p, e);
      free(p);
      free(e);
      free(err);
      rc = -2;
      goto out;
    }
  }
  for (int i = 0; i < jobs; i++) {
    int s = spawn(&ws[i], ws, jobs, ctx, inputs);
    if (s == 1) goto worker_done;
    if (s != 0) {
      fprintf(stderr, _("reformgen: error: cannot start a worker process: %s\n"), strerror(errno));
      rc = -1;
      goto out;
    }
  }

  for (;;) {
    /* a signal: the first asks the busy workers to write no further document
     * and stops them after the grace; the second stops them at once */
    if (signals_seen > stopping) {
      stopping = signals_seen;
      for (int i = 0; i < jobs; i++) {
        worker *w = &ws[i];
        if (w->busy < 0) { release(w); continue; }
        if (stopping >= 2) stop_worker(w, _("not finished: the batch was interrupted by a second signal"));
        else if (!w->stop_sent) { kill(w->pid, SIGUSR1); w->stop_sent = 1; }
      }
      if (stopping == 1) grace_end = now_s() + o->grace;
    }
    double now = now_s();
    for (int i = 0; i < jobs; i++) {
      worker *w = &ws[i];
      if (w->busy < 0) continue;
      if (grace_end > 0 && now >= grace_end)
        stop_worker(w, _("not finished: the batch was interrupted, and the county was still in progress "
                       "after the grace (--grace)"));
      else if (o->time_limit > 0 && now - w->started >= o->time_limit)
        stop_worker(w, _("not finished within the time limit per county (--time-limit)"));
    }
    /* hand out work to idle workers */
    for (int i = 0; i < jobs; i++) {
      worker *w = &ws[i];
      if (w->pid > 0 && w->busy < 0 && next < n && !interrupted) {
        int32_t idx = next;
        if (write_all(w->job_fd, &idx, sizeof idx) == 0) {
          w->busy = next++;
          w->started = now_s();
        } else {
          /* the worker died while idle (killed from outside): reap it and
           * start another, a bounded number of times */
          pid_t dead = w->pid;
          retire(w);
          output_remove_temps(ctx->outdir, (long)dead);
          int s = respawns++ >= n + jobs ? -1 : spawn(w, ws, jobs, ctx, inputs);
          if (s == 1) goto worker_done;
          if (s != 0) w->pid = 0;
          else i--;   /* hand the input to the new worker */
        }
      }
    }
    int active = 0;
    for (int i = 0; i < jobs; i++) {
      if (ws[i].busy >= 0) active++;
      pfd[i].fd = ws[i].busy >= 0 ? ws[i].res_fd : -1;
      pfd[i].events = POLLIN;
      pfd[i].revents = 0;
    }
    if (!active) break;
    pfd[jobs].fd = wake_fd[0];
    pfd[jobs].events = POLLIN;
    pfd[jobs].revents = 0;
    if (poll(pfd, (nfds_t)jobs + 1, next_timeout(ws, jobs, o, grace_end, now_s())) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (pfd[jobs].revents & POLLIN) {
      char buf[16];
      while (read(wake_fd[0], buf, sizeof buf) > 0) {}
    }
    for (int i = 0; i < jobs; i++) {
      worker *w = &ws[i];
      if (pfd[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      int idx = w->busy;
      char *why = NULL;
      pid_t dead = w->pid;
      render_result *r = receive(w, &why);
      if (!r && !why) continue;   /* a file about to be placed, noted */
      if (!r) {
        int removed = remove_placed(w, dead, ctx);
        char *msg = removed == 1 ? xasprintf(_("%s; the file it had written for this input was removed"), why)
                    : removed ? xasprintf(_("%s; the %d files it had written for this input were removed"), why, removed)
                              : xstrdup(why);
        r = failed_result(inputs[idx], msg);
        free(msg);
        free(why);
        int s = next < n && !interrupted ? spawn(w, ws, jobs, ctx, inputs) : 0;
        if (s == 1) goto worker_done;
        if (s != 0) w->pid = 0;
      }
      forget_placed(w);
      w->busy = -1;
      w->stop_sent = 0;
      if (next >= n || interrupted) release(w);
      results[idx] = r;
      done++;
      if (!r->ok) failed++;
      report(r, o);
      if (o->progress) draw_progress(done, n, failed, t0, 0);
    }
  }
  if (o->progress) draw_progress(done, n, failed, t0, 1);

out:
  /* the workers exit while the roll-up and the manifest are written */
  for (int i = 0; i < jobs; i++) release(&ws[i]);
  for (int i = 0; i < n; i++)
    if (!results[i]) {
      results[i] = failed_result(inputs[i], interrupted ? _("not rendered: the batch was interrupted")
                                             : rc == -2 ? _("not rendered: no room for the manifest")
                                                        : _("not rendered"));
      if (!interrupted && rc < 0) continue;
    }
  check_collisions(results, n);
  failed = 0;
  for (int i = 0; i < n; i++) if (!results[i]->ok) failed++;
  if (interrupted)
    fprintf(stderr, _("reformgen: interrupted by signal %d: %d of %d inputs finished; "
            "run again to complete the rest\n"), (int)interrupted, done, n);

  cJSON *rollups = cJSON_CreateArray();
  if (rc == 0 && !interrupted && o->nrollups > 0 && !ctx->check_only)
    failed += batch_write_rollups(ctx, o, results, n, rollups);
  if (res && write_reserved_manifest(res, o->manifest, results, n, rollups) != 0) rc = -1;
  output_reserved_free(res);
  cJSON_Delete(rollups);
  for (int i = 0; i < jobs; i++) { retire(&ws[i]); forget_placed(&ws[i]); }

  for (int i = 0; i < n; i++) render_result_free(results[i]);
  free(results);
  free(ws);
  free(pfd);
  close(wake_fd[0]);
  close(wake_fd[1]);
  wake_fd[0] = wake_fd[1] = -1;
  /* a further signal from here on ends the process at once, until the
   * caller has cleaned up and re-raises the first one */
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  return rc < 0 ? -1 : failed;

worker_done:
  /* in a worker: the parent's state as it was at the fork, the other
   * workers' pipes already closed */
  for (int i = 0; i < n; i++) render_result_free(results[i]);
  for (int i = 0; i < jobs; i++) forget_placed(&ws[i]);
  output_reserved_forget(res);
  free(results);
  free(ws);
  free(pfd);
  interrupted = 0;
  return BATCH_WORKER_DONE;
}

int batch_interrupted(void)
{
  return (int)interrupted;
}

typedef struct ranked { const char *group; dec score; xmlNode *county; } ranked;

static int cmp_ranked(const void *a, const void *b)
{
  const ranked *x = a, *y = b;
  int g = strcmp(x->group, y->group);
  if (g) return g;
  int c = -dec_cmp(x->score, y->score);   /* highest first */
  return c ? c : (x->county < y->county ? -1 : x->county > y->county);
}

/* The index of the first entry of v[i]'s group (v sorted by group). */
static int first_of_group(const ranked *v, int i)
{
  while (i > 0 && strcmp(v[i].group, v[i - 1].group) == 0) i--;
  return i;
}

/* Adds <rank> to every county with a weighted score, within its group of
 * the same year and stage (derived/batch_group; counties of different
 * years or stages are never ranked together): 1 + the number of counties of
 * the group with a strictly higher score (ties share a rank), in O(n log n);
 * ranking in XPath compares every county with every other. */
static void add_ranks(xmlNode *root)
{
  int n = 0;
  for (xmlNode *c = root->children; c; c = c->next) n++;
  ranked *v = xcalloc((size_t)(n ? n : 1), sizeof *v);
  int k = 0;
  for (xmlNode *c = root->children; c; c = c->next) {
    xmlNode *derived = schema_find(c, "derived");
    const char *s = schema_get(derived, "score"), *g = schema_get(derived, "batch_group");
    v[k].group = g ? g : "";
    if (s && dec_parse(s, &v[k].score) == 0) v[k++].county = c;
  }
  qsort(v, (size_t)k, sizeof *v, cmp_ranked);
  for (int i = 0, rank = 1; i < k; i++) {
    if (i == 0 || strcmp(v[i].group, v[i - 1].group) != 0) rank = 1;
    else if (dec_cmp(v[i].score, v[i - 1].score) != 0) rank = i + 1 - first_of_group(v, i);
    char buf[16];
    snprintf(buf, sizeof buf, "%d", rank);
    xmlNewTextChild(v[i].county, NULL, (const xmlChar *)"rank", (const xmlChar *)buf);
  }
  free(v);
}

static render_result *const *sort_results;

static int cmp_by_code(const void *a, const void *b)
{
  int x = *(const int *)a, y = *(const int *)b;
  int c = strcmp(sort_results[x]->code, sort_results[y]->code);
  return c ? c : x - y;
}

/* Marks in keep[] the results that go into the roll-up: those that succeeded,
 * each county (code) once, the first input of it (the JSON and XML forms of a
 * county in one folder must not count it twice). Returns how many. */
static int rollup_members(render_result *const *results, int n, char *keep)
{
  int *idx = xcalloc((size_t)(n ? n : 1), sizeof *idx), m = 0, kept = 0;
  for (int i = 0; i < n; i++) {
    keep[i] = results[i]->ok && results[i]->summary;
    if (keep[i] && results[i]->code) idx[m++] = i;
  }
  sort_results = results;
  qsort(idx, (size_t)m, sizeof *idx, cmp_by_code);
  for (int k = 1; k < m; k++)
    if (strcmp(results[idx[k]]->code, results[idx[k - 1]]->code) == 0) keep[idx[k]] = 0;
  free(idx);
  for (int i = 0; i < n; i++) kept += keep[i];
  return kept;
}

/* The summary without its XML declaration, or NULL when it starts with
 * anything else than an element (after the declaration and white space). */
static const char *summary_body(const char *s, size_t *len)
{
  if (strncmp(s, "<?xml", 5) == 0) {
    const char *e = strstr(s, "?>");
    if (!e) return NULL;
    s = e + 2;
  }
  while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') s++;
  if (s[0] != '<' || s[1] == '!' || s[1] == '?') return NULL;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t')) n--;
  *len = n;
  return s;
}

/* The roll-up data parsed in one go: <rollup> around the kept summaries,
 * each without its declaration, so that the batch's tail is one parse.
 * Returns NULL (and the caller parses them one by one) when a summary cannot
 * be joined or the result does not hold exactly one element per summary and
 * nothing else (a manifest given to --merge may hold anything). */
static xmlDocPtr rollup_in_one(render_result *const *results, int n, const char *keep, int kept)
{
  strbuf b = {0};
  sb_add(&b, "<rollup>");
  for (int i = 0; i < n; i++) {
    if (!keep[i]) continue;
    size_t len;
    const char *body = summary_body(results[i]->summary, &len);
    if (!body) { sb_free(&b); return NULL; }
    sb_addn(&b, body, len);
  }
  sb_add(&b, "</rollup>");
  xmlDocPtr doc = b.len < INT_MAX ? xmlReadMemory(b.s, (int)b.len, "summary.xml", NULL,
                                                  XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                                                  XML_PARSE_NOWARNING)
                                  : NULL;
  sb_free(&b);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  int count = 0, other = 0;   /* one element per summary, nothing between them */
  for (xmlNode *c = root ? root->children : NULL; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) count++;
    else other++;
  }
  if (!root || count != kept || other) {
    xmlFreeDoc(doc);
    return NULL;
  }
  return doc;
}

xmlDocPtr batch_rollup_data(render_result *const *results, int n)
{
  char *keep = xcalloc((size_t)(n ? n : 1), 1);
  int kept = rollup_members(results, n, keep);
  if (kept < 2) { free(keep); return NULL; }
  xmlDocPtr doc = rollup_in_one(results, n, keep, kept);
  if (doc) {
    free(keep);
    add_ranks(xmlDocGetRootElement(doc));
    return doc;
  }
  doc = xmlNewDoc((const xmlChar *)"1.0");
  xmlNode *root = xmlNewDocNode(doc, NULL, (const xmlChar *)"rollup", NULL);
  xmlDocSetRootElement(doc, root);
  for (int i = 0; i < n; i++) {
    const render_result *r = results[i];
    if (!keep[i]) continue;
    xmlDocPtr s = xmlReadMemory(r->summary, (int)strlen(r->summary), "summary.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    if (!s) continue;
    xmlNode *c = xmlDocCopyNode(xmlDocGetRootElement(s), doc, 1);
    xmlAddChild(root, c);
    xmlFreeDoc(s);
  }
  free(keep);
  add_ranks(root);
  return doc;
}

int batch_write_rollups(const render_ctx *ctx, const batch_opts *o, render_result *const *results,
                        int n, cJSON *manifest_rollups)
{
  xmlDocPtr data = batch_rollup_data(results, n);
  if (!data) return 0;
  int failed = 0;
  for (int i = 0; i < o->nrollups; i++) {
    diag_list *d = diag_new(o->rollups[i].name, 100);
    render_output out[RENDER_FORMATS] = {{0}};
    char *file = output_safe_name(o->rollups[i].name, NULL, NULL);
    int nout = output_mkdirs(ctx->outdir) == 0
             ? render_document(ctx, &o->rollups[i], data, ctx->outdir, file, out, d) : -1;
    for (int k = 0; k < nout; k++) {   /* one entry per format written */
      cJSON_AddItemToArray(manifest_rollups, render_output_to_json(&out[k]));
      if (!o->quiet) printf("%s\n", out[k].path);
    }
    if (nout < 0) failed++;
    diag_print_min(d, stderr, o->quiet ? DIAG_ERROR : DIAG_NOTE);
    diag_free(d);
    for (int k = 0; k < RENDER_FORMATS; k++) render_output_free(&out[k]);
    free(file);
  }
  xmlFreeDoc(data);
  return failed;
}

enum { COMPACT_ERRORS = 3, COMPACT_LINE = 256 };

/* A manifest entry cut to a bounded size, for a manifest that must fit the
 * room reserved for it: the outputs whole, the first errors (each cut short),
 * the counts; no records, findings or summary. A new object. */
static cJSON *compact_entry(const render_result *r)
{
  cJSON *e = render_result_head_json(r);
  cJSON *errs = cJSON_AddArrayToObject(e, "errors");
  for (int i = 0, k = 0; r->diags && i < diag_count(r->diags) && k < COMPACT_ERRORS; i++) {
    const diag *g = diag_get(r->diags, i);
    if (g->level != DIAG_ERROR) continue;
    char *line = diag_format(g);
    size_t len = strlen(line);
    if (len > COMPACT_LINE) {   /* cut at a character's start */
      size_t cut = COMPACT_LINE;
      while (cut > 0 && (line[cut] & 0xC0) == 0x80) cut--;
      line[cut] = '\0';
    }
    cJSON_AddItemToArray(errs, cJSON_CreateString(line));
    free(line);
    k++;
  }
  cJSON_AddNumberToObject(e, "error_count", r->diags ? diag_errors(r->diags) : 0);
  cJSON_AddNumberToObject(e, "warning_count", r->diags ? diag_warnings(r->diags) : 0);
  return e;
}

/* The manifest's text with its final newline into b; compact: every entry
 * cut (compact_entry), said at the top. Returns 0, or -1 when memory ran out. */
static int manifest_text(strbuf *b, render_result *const *results, int n, cJSON *rollups, int compact)
{
  cJSON *m = cJSON_CreateObject();
  cJSON_AddStringToObject(m, "generator", "reformgen " REFORMGEN_VERSION);
  if (compact)
    cJSON_AddStringToObject(m, "compact", "the disk was full: each input's diagnostics are cut to its first errors");
  int ok = 0;
  for (int i = 0; i < n; i++) if (results[i]->ok) ok++;
  cJSON *summary = cJSON_AddObjectToObject(m, "summary");
  cJSON_AddNumberToObject(summary, "inputs", n);
  cJSON_AddNumberToObject(summary, "ok", ok);
  cJSON_AddNumberToObject(summary, "failed", n - ok);
  cJSON *inputs = cJSON_AddArrayToObject(m, "inputs");
  for (int i = 0; i < n; i++)
    cJSON_AddItemToArray(inputs, compact ? compact_entry(results[i]) : render_result_to_json(results[i]));
  cJSON_AddItemReferenceToObject(m, "rollup", rollups);   /* the caller's */
  char *text = cJSON_Print(m);   /* NULL only when memory runs out */
  cJSON_Delete(m);
  if (!text) return -1;
  sb_add(b, text);
  cJSON_free(text);
  sb_addc(b, '\n');
  return 0;
}

/* The room reserved for the manifest of n inputs with ntemplates documents
 * each: enough for its compact form (compact_entry) whatever happens. */
static size_t manifest_room(char *const *inputs, int n, int ntemplates, const char *outdir)
{
  size_t room = 16384;
  for (int i = 0; i < n; i++)
    room += 1536 + 2 * strlen(inputs[i]) +
            (size_t)ntemplates * (640 + 2 * strlen(outdir) + 2 * OUTPUT_NAME_MAX);
  return room;
}

/* Writes the manifest into its reserved room: whole, or compact when the
 * whole one does not fit. Returns 0 or -1 (printed). */
static int write_reserved_manifest(output_reserved *res, const char *path, render_result *const *results,
                                   int n, cJSON *rollups)
{
  strbuf b = {0};
  char *err = NULL;
  int rc = manifest_text(&b, results, n, rollups, 0) == 0 ? output_write_reserved(res, b.s, b.len, &err) : -1;
  if (rc != 0) {
    free(err);
    err = NULL;
    sb_reset(&b);
    rc = manifest_text(&b, results, n, rollups, 1) == 0 ? output_write_reserved(res, b.s, b.len, &err) : -1;
    if (rc != 0 && !err) err = xstrdup(_("out of memory"));
  }
  sb_free(&b);
  if (rc != 0) {
    char *p = diag_escaped(path), *e = diag_escaped(err);
    fprintf(stderr, _("%s: error: %s\n"), p, e);
    free(p);
    free(e);
    free(err);
    return -1;
  }
  return 0;
}

int batch_write_manifest(const char *path, render_result *const *results, int n, cJSON *rollups)
{
  strbuf b = {0};
  char *err = NULL;
  int rc = manifest_text(&b, results, n, rollups, 0) == 0 ? output_write_atomic(path, b.s, b.len, &err) : -1;
  if (rc != 0 && !err) err = xstrdup(_("out of memory"));
  sb_free(&b);
  if (rc != 0) {
    fprintf(stderr, _("%s: error: %s\n"), path, err);
    free(err);
    return -1;
  }
  return 0;
}
