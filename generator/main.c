/* main.c: the reformgen command. A thin driver over the pipeline
 *   load -> validate -> derive -> expand template -> lay out -> write PDF
 * for every input file, with GNU-style options. Exit status: 0 all good,
 * 1 some input failed, 2 usage error. */
#include "batch.h"
#include "memory.h"
#include "merge.h"
#include "diag.h"
#include "fonts.h"
#include "i18n.h"
#include "import.h"
#include "output.h"
#include "pdf.h"
#include "template.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

typedef struct options {
  const char *outdir;
  const char *outfile;      /* -o FILE.pdf: the one document goes exactly there */
  int jobs;                 /* worker processes; 0: one per core */
  int shard_k, shard_n;     /* --shard K/N; shard_n 0: everything */
  const char *manifest;
  const char **templates;   /* names or paths given with -t */
  int ntemplates;
  const char *template_dir;
  const char *fonts_conf;
  int check_only;
  int merge;                /* --merge: the inputs are shard manifests */
  int strict;
  int require_complete;     /* a document whose required data is absent is an error */
  int flat;                 /* --flat: DIR/CODE-NAME-KIND.pdf instead of folders */
  int quiet;
  int dump_tree;            /* write the expanded tree dump beside each PDF */
  int dump_layout;
} options;

static const char *progname = "reformgen";

static void usage_error(const char *what, const char *arg)
{
  fprintf(stderr, "%s: %s%s\n", progname, _(what), arg);
  fprintf(stderr, _("Try '%s --help' for more information.\n"), progname);
  exit(EXIT_USAGE);
}

static void print_help(void)
{
  printf(_("Usage: %s [OPTION]... INPUT...\n"
           "       %s import -o COUNTY.json|COUNTY.xml FILE...\n"
           "       %s blank -o FILE.xlsx\n"), progname, progname, progname);
  fputs(_(
    "Render Youth League county reform data (JSON or XML, one county per file)\n"
    "into print-ready PDF documents. INPUT is a file or a folder of .json/.xml files.\n"
    "\n"), stdout);
  fputs(_(
    "  -o, --output=DIR        write documents under DIR (default: out)\n"
    "  -o, --output=FILE.pdf   write the one document of one input and one\n"
    "                          template (-t NAME) to FILE.pdf; no manifest unless\n"
    "                          --manifest names one\n"
    "  -j, --jobs=N            render with N worker processes (default: one per core;\n"
    "                          a single input is rendered without one)\n"
    "      --shard=K/N         render only the K-th of N slices of the inputs, for\n"
    "                          spreading a batch over machines (manifest-K-of-N.json)\n"
    "      --manifest=FILE     write the manifest here (default: DIR/manifest.json)\n"
    "      --merge             the inputs are the manifests of --shard runs: join\n"
    "                          them into one manifest and write the roll-up\n"
    "      --progress, --no-progress\n"
    "                          force the progress bar on or off (default: on when\n"
    "                          standard error is a terminal)\n"), stdout);
  fputs(_(
    "  -t, --template=NAME     render only this template (a name in the template\n"
    "                          folder, such as report, or a path); repeatable\n"
    "      --templates=DIR     the template folder (default: the installed one)\n"
    "      --fonts=FILE        the font configuration (default: fonts/fonts.conf)\n"
    "      --check             validate the inputs only; write nothing\n"
    "      --strict            a placeholder that yields nothing is an error\n"
    "      --require-complete  a document whose required data is absent (such as a\n"
    "                          plan with no title) is an error; by default it is\n"
    "                          skipped with a warning\n"
    "      --flat              name outputs DIR/CODE-NAME-DOC.pdf (default:\n"
    "                          one folder per county, DIR/CODE-NAME/DOC.pdf)\n"
    "      --sync              flush every file to the disk before renaming it\n"
    "                          (survives a power cut; slower)\n"
    "      --dump-tree         also write the expanded document tree (.tree.txt)\n"
    "      --dump-layout       also write the laid-out pages (.layout.txt)\n"
    "  -q, --quiet             print errors only\n"
    "  -h, --help              show this help and exit\n"
    "  -V, --version           show the version and exit\n"
    "\n"), stdout);
  fputs(_(
    "Every file is written under a temporary name and renamed when complete. One run\n"
    "at a time writes a batch: a second run with the same manifest stops with an\n"
    "error naming the first (the shards of one batch do not exclude each other).\n"
    "On SIGINT or SIGTERM the counties in progress finish and the manifest says\n"
    "what was done; running again completes the rest.\n"
    "\n"
    "Exit status: 0 all inputs rendered, 1 some input failed, 2 usage error.\n"
    "Diagnostics go to standard error as FILE:PLACE: error: MESSAGE.\n"), stdout);
  fputs(_(
    "Messages are in the language of the locale (LC_ALL, LC_MESSAGES, LANG) when\n"
    "there is a catalogue for it (zh_CN); LC_MESSAGES=C gives the English ones.\n"), stdout);
}

/* The folder holding the running executable, for finding templates/ and fonts/
 * in a source tree. Returns a new string or NULL. */
static char *exe_dir(void)
{
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return NULL;
  buf[n] = '\0';
  char *slash = strrchr(buf, '/');
  if (!slash) return NULL;
  *slash = '\0';
  return xstrdup(buf);
}

static int is_dir(const char *p)
{
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Finds a data folder ("templates" or "fonts"): beside the executable (a source
 * tree or build folder), then the installed data folder. Returns a new string. */
static char *find_data_dir(const char *what)
{
  char *exe = exe_dir();
  if (exe) {
    /* a source tree or build folder, then an installed tree (PREFIX/bin ->
     * PREFIX/share/reformgen), wherever it was copied to */
    const char *ups[] = { "", "/..", "/../share/reformgen", NULL };
    for (int i = 0; ups[i]; i++) {
      char *p = xasprintf("%s%s/%s", exe, ups[i], what);
      if (is_dir(p)) { free(exe); return p; }
      free(p);
    }
    free(exe);
  }
  return xasprintf("%s/%s", REFORMGEN_DATADIR, what);
}

static int has_suffix(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

static int has_suffix_ci(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Appends the input files named by arg (a file, or a folder's .json and .xml
 * files in name order) to *list. In a folder only regular files are taken (a
 * named pipe or device there would hang or flood the run): another kind is
 * reported and counted in *skipped. A folder with no .json or .xml file at all
 * is an error. A file named on the command line is read whatever it is
 * (/dev/stdin works). Returns 0, or -1 after printing an error. */
static int collect_inputs(const char *arg, char ***list, int *n, int *cap, int *skipped)
{
  struct stat st;
  if (stat(arg, &st) != 0) {
    fprintf(stderr, "%s: error: cannot read input: %s\n", arg, strerror(errno));
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    if (*n == *cap) { *cap = *cap ? *cap * 2 : 16; *list = xrealloc(*list, (size_t)*cap * sizeof **list); }
    (*list)[(*n)++] = xstrdup(arg);
    return 0;
  }
  DIR *dir = opendir(arg);
  if (!dir) {
    fprintf(stderr, "%s: error: cannot read folder: %s\n", arg, strerror(errno));
    return -1;
  }
  int first = *n, found = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (!has_suffix(e->d_name, ".json") && !has_suffix(e->d_name, ".xml")) continue;
    found++;
    char *path = has_suffix(arg, "/") ? xasprintf("%s%s", arg, e->d_name)
                                      : xasprintf("%s/%s", arg, e->d_name);
    struct stat fst;
    if (stat(path, &fst) != 0 || !S_ISREG(fst.st_mode)) {
      fprintf(stderr, "%s: error: not a regular file; expected a county file (.json or .xml)\n", path);
      free(path);
      (*skipped)++;
      continue;
    }
    if (*n == *cap) { *cap = *cap ? *cap * 2 : 16; *list = xrealloc(*list, (size_t)*cap * sizeof **list); }
    (*list)[(*n)++] = path;
  }
  closedir(dir);
  if (found == 0) {
    fprintf(stderr, "%s: error: no county files in this folder; expected .json or .xml files\n", arg);
    return -1;
  }
  qsort(*list + first, (size_t)(*n - first), sizeof **list, cmp_str);
  return 0;
}

/* Resolves a -t argument to a template path. Returns a new string. */
static char *template_path(const char *dir, const char *name)
{
  if (strchr(name, '/') || has_suffix(name, ".xml")) return xstrdup(name);
  return xasprintf("%s/%s.xml", dir, name);
}

/* The default set: every .xml file directly in the template folder (partials
 * for include live in subfolders). */
static int default_templates(const char *dir, char ***names, int *n)
{
  DIR *d = opendir(dir);
  if (!d) return -1;
  int cap = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".xml")) continue;
    if (*n == cap) { cap = cap ? cap * 2 : 8; *names = xrealloc(*names, (size_t)cap * sizeof **names); }
    (*names)[(*n)++] = xasprintf("%s/%s", dir, e->d_name);
  }
  closedir(d);
  qsort(*names, (size_t)*n, sizeof **names, cmp_str);
  return 0;
}

static char *base_no_ext(const char *path)
{
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  const char *dot = strrchr(b, '.');
  return dot ? xstrndup(b, (size_t)(dot - b)) : xstrdup(b);
}

/* Parses "K/N" with 1 <= K <= N. Returns 0 or -1. */
static int parse_shard(const char *s, int *k, int *n)
{
  char *end;
  long a = strtol(s, &end, 10);
  if (end == s || *end != '/') return -1;
  const char *q = end + 1;
  long b = strtol(q, &end, 10);
  if (end == q || *end || a < 1 || b < 1 || a > b || b > 1000000) return -1;
  *k = (int)a;
  *n = (int)b;
  return 0;
}

static int parse_jobs(const char *s)
{
  char *end;
  long v = strtol(s, &end, 10);
  if (end == s || *end || v < 1 || v > 1024) return -1;
  return (int)v;
}

/* The message catalogues: REFORMGEN_LOCALEDIR (tests), else beside the
 * program's data like the templates (build/locale for a build folder, which
 * the top of a source tree also reaches, PREFIX/share/reformgen/locale once
 * installed). */
static void init_messages(void)
{
  const char *env = getenv("REFORMGEN_LOCALEDIR");
  char *dir = env && *env ? xstrdup(env) : find_data_dir("locale");
  if (!(env && *env) && !is_dir(dir)) {
    char *top = find_data_dir("build/locale");
    if (is_dir(top)) { free(dir); dir = top; }
    else free(top);
  }
  i18n_init(dir);
  free(dir);
}

int main(int argc, char **argv)
{
  init_messages();
  /* subcommands, only in first position: `reformgen ./import` reads a folder */
  if (argc > 1 && strcmp(argv[1], "import") == 0) return import_main(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "blank") == 0) return blank_main(argc - 1, argv + 1);
  options o = { .outdir = "out", .jobs = 0 };
  static const struct option longopts[] = {
    { "output", required_argument, NULL, 'o' },
    { "template", required_argument, NULL, 't' },
    { "jobs", required_argument, NULL, 'j' },
    { "templates", required_argument, NULL, 'T' },
    { "fonts", required_argument, NULL, 'F' },
    { "shard", required_argument, NULL, 'S' },
    { "manifest", required_argument, NULL, 'M' },
    { "check", no_argument, NULL, 'c' },
    { "merge", no_argument, NULL, 'm' },
    { "strict", no_argument, NULL, 's' },
    { "require-complete", no_argument, NULL, 'R' },
    { "flat", no_argument, NULL, 'f' },
    { "sync", no_argument, NULL, 'Y' },
    { "progress", no_argument, NULL, 'P' },
    { "no-progress", no_argument, NULL, 'N' },
    { "dump-tree", no_argument, NULL, 'D' },
    { "dump-layout", no_argument, NULL, 'L' },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 }
  };
  opterr = 0;
  int c, progress = -1;
  while ((c = getopt_long(argc, argv, ":o:t:j:qhV", longopts, NULL)) != -1) {
    switch (c) {
    case 'o': o.outdir = optarg; break;
    case 't':
      o.templates = xrealloc(o.templates, (size_t)(o.ntemplates + 1) * sizeof *o.templates);
      o.templates[o.ntemplates++] = optarg;
      break;
    case 'j':
      if ((o.jobs = parse_jobs(optarg)) < 0) usage_error("-j needs a number of workers from 1 to 1024, not ", optarg);
      break;
    case 'T': o.template_dir = optarg; break;
    case 'F': o.fonts_conf = optarg; break;
    case 'S':
      if (parse_shard(optarg, &o.shard_k, &o.shard_n) != 0)
        usage_error("--shard needs K/N with 1 <= K <= N, not ", optarg);
      break;
    case 'M': o.manifest = optarg; break;
    case 'c': o.check_only = 1; break;
    case 'm': o.merge = 1; break;
    case 's': o.strict = 1; break;
    case 'R': o.require_complete = 1; break;
    case 'f': o.flat = 1; break;
    case 'Y': output_set_sync(1); break;
    case 'P': progress = 1; break;
    case 'N': progress = 0; break;
    case 'D': o.dump_tree = 1; break;
    case 'L': o.dump_layout = 1; break;
    case 'q': o.quiet = 1; break;
    case 'h': print_help(); return EXIT_OK;
    case 'V': printf("reformgen %s\n", REFORMGEN_VERSION); return EXIT_OK;
    case ':': usage_error("option needs an argument: ", argv[optind - 1]); break;
    default:
      if (optopt) { char sw[3] = { '-', (char)optopt, 0 }; usage_error("unknown option: ", sw); }
      usage_error("unknown option: ", argv[optind - 1]);
    }
  }
  if (optind >= argc) usage_error("no input files", "");
  char *outfile_dir = NULL;
  if (has_suffix_ci(o.outdir, ".pdf")) {
    o.outfile = o.outdir;
    const char *slash = strrchr(o.outfile, '/');
    outfile_dir = slash ? xasprintf("%.*s", (int)(slash - o.outfile + (slash == o.outfile)), o.outfile)
                        : xstrdup(".");
    o.outdir = outfile_dir;
    if (o.ntemplates != 1) usage_error("-o FILE.pdf writes one document: choose its template with one -t NAME", "");
    if (o.shard_n > 0 || o.merge) usage_error("-o FILE.pdf writes one document: it does not go with ",
                                              o.merge ? "--merge" : "--shard");
  }
  if (o.jobs == 0) {
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = ncpu > 0 ? (int)ncpu : 1;
  }
  if (progress < 0) progress = !o.quiet && isatty(STDERR_FILENO);
  memory_tune();
  util_install_allocators();
  xmlInitParser();

  char **inputs = NULL;
  int ninputs = 0, cap = 0, failed = 0;
  for (int i = optind; i < argc; i++)
    if (collect_inputs(argv[i], &inputs, &ninputs, &cap, &failed) != 0) failed++;
  /* one order whatever the command line said: the manifest, the roll-up and
   * the shards all follow the sorted list; a file named twice is rendered once */
  if (ninputs > 1) qsort(inputs, (size_t)ninputs, sizeof *inputs, cmp_str);
  {
    int k = 0;
    for (int i = 0; i < ninputs; i++) {
      if (k > 0 && strcmp(inputs[k - 1], inputs[i]) == 0) free(inputs[i]);
      else inputs[k++] = inputs[i];
    }
    ninputs = k;
  }
  if (o.outfile && ninputs > 1) {
    char count[16];
    snprintf(count, sizeof count, "%d", ninputs);
    usage_error("-o FILE.pdf writes one document: give one input, not ", count);
  }
  if (o.shard_n > 0) {   /* the K-th of N round-robin slices of the sorted inputs */
    int k = 0;
    for (int i = 0; i < ninputs; i++) {
      if (i % o.shard_n == o.shard_k - 1) inputs[k++] = inputs[i];
      else free(inputs[i]);
    }
    ninputs = k;
  }

  char *tdir = o.template_dir ? xstrdup(o.template_dir) : find_data_dir("templates");
  char *fdir = find_data_dir("fonts");
  char *fconf = o.fonts_conf ? xstrdup(o.fonts_conf) : xasprintf("%s/fonts.conf", fdir);
  render_template *per = NULL, *roll = NULL;
  int nper = 0, nroll = 0;
  fontset *fs = NULL;
  pdf_writer *pw = NULL;
  int setup_failed = 0;

  if (!o.check_only) {
    char **paths = NULL;
    int npaths = 0;
    if (o.ntemplates) {
      paths = xcalloc((size_t)o.ntemplates, sizeof *paths);
      for (int i = 0; i < o.ntemplates; i++) paths[npaths++] = template_path(tdir, o.templates[i]);
    } else if (default_templates(tdir, &paths, &npaths) != 0 || npaths == 0) {
      fprintf(stderr, "%s: error: no templates found\n", tdir);
      setup_failed = 1;
    }
    diag_list *sd = diag_new("reformgen", 100);
    template_opts topts = { .strict = o.strict };
    per = xcalloc((size_t)(npaths ? npaths : 1), sizeof *per);
    roll = xcalloc((size_t)(npaths ? npaths : 1), sizeof *roll);
    for (int i = 0; i < npaths; i++) {
      template *t = template_load(paths[i], &topts, sd);
      if (!t) { setup_failed = 1; continue; }
      const char *kind = template_kind(t);
      render_template *rt = kind && strcmp(kind, "rollup") == 0 ? &roll[nroll++] : &per[nper++];
      rt->t = t;
      rt->name = base_no_ext(paths[i]);
    }
    for (int i = 0; i < npaths; i++) free(paths[i]);
    free(paths);
    if (!setup_failed) {
      fs = fontset_load(fconf, sd);
      if (!fs) setup_failed = 1;
    }
    if (!setup_failed) pw = pdf_writer_new(fs);
    if (!setup_failed && o.outfile && nper != 1) {
      diag_add(sd, DIAG_ERROR, NULL, "-o %s: template %s is a roll-up, which needs a batch of counties",
               o.outfile, o.templates[0]);
      setup_failed = 1;
    }
    diag_print_min(sd, stderr, o.quiet ? DIAG_ERROR : DIAG_NOTE);
    diag_free(sd);
    if (!setup_failed && output_mkdirs(o.outdir) != 0) {
      fprintf(stderr, "%s: error: cannot create output folder: %s\n", o.outdir, strerror(errno));
      setup_failed = 1;
    } else if (!setup_failed && access(o.outdir, W_OK) != 0) {
      fprintf(stderr, "%s: error: output folder is not writable: %s\n", o.outdir, strerror(errno));
      setup_failed = 1;
    }
  }

  char *manifest = NULL;
  if (o.manifest) manifest = xstrdup(o.manifest);
  else if (o.outfile) manifest = NULL;   /* one document: its path is all there is to say */
  else if (o.shard_n > 0) manifest = xasprintf("%s/manifest-%d-of-%d.json", o.outdir, o.shard_k, o.shard_n);
  else manifest = xasprintf("%s/manifest.json", o.outdir);

  /* one run at a time writes a batch (its manifest) */
  int lock = -1, worker = 0;
  if (!setup_failed && !o.check_only && ninputs > 0 && manifest) {
    char *err = NULL;
    if ((lock = output_lock(manifest, &err)) < 0) {
      fprintf(stderr, "%s: error: %s\n", o.outdir, err);
      free(err);
      setup_failed = 1;
    }
  }

  if (!setup_failed && ninputs > 0 && o.merge) {
    render_ctx ctx = { .outdir = o.outdir, .flat = o.flat, .fs = fs, .pw = pw };
    batch_opts bo = { .quiet = o.quiet, .manifest = manifest, .rollups = roll, .nrollups = nroll };
    int f = merge_manifests(&ctx, inputs, ninputs, &bo);
    if (f != 0) failed += f < 0 ? 1 : f;
  } else if (!setup_failed && ninputs > 0) {
    /* a county's summary serves the roll-up (two or more counties) and a shard's
     * manifest (--merge builds the roll-up from it); a lone county needs none */
    render_ctx ctx = { .outdir = o.outdir, .outfile = o.outfile, .flat = o.flat, .check_only = o.check_only,
                       .require_complete = o.require_complete, .dump_tree = o.dump_tree, .dump_layout = o.dump_layout,
                       .want_summary = o.shard_n > 0 || (nroll > 0 && ninputs > 1),
                       .templates = per, .ntemplates = nper, .fs = fs, .pw = pw };
    batch_opts bo = { .jobs = o.jobs, .progress = progress, .quiet = o.quiet,
                      .manifest = manifest, .rollups = roll,
                      .nrollups = o.shard_n > 0 ? 0 : nroll };
    int f = batch_run(&ctx, inputs, ninputs, &bo);
    if (f == BATCH_WORKER_DONE) worker = 1;
    else if (f != 0) failed += f < 0 ? 1 : f;
  }

  /* a worker leaves the lock to the parent, and ends with status 0: what it
   * had to say went back in its results */
  if (!worker) output_unlock(lock, manifest);
  int rc = worker ? EXIT_OK : (failed || setup_failed) ? EXIT_INPUT : EXIT_OK;
  for (int i = 0; i < nper; i++) { template_free(per[i].t); free(per[i].name); }
  for (int i = 0; i < nroll; i++) { template_free(roll[i].t); free(roll[i].name); }
  free(per);
  free(roll);
  free(manifest);
  pdf_writer_free(pw);
  fontset_free(fs);
  for (int i = 0; i < ninputs; i++) free(inputs[i]);
  free(inputs);
  free(o.templates);
  free(tdir);
  free(fdir);
  free(outfile_dir);
  free(fconf);
  xmlCleanupParser();
  int sig = batch_interrupted();
  if (sig) {   /* end the way the signal would have ended us */
    signal(sig, SIG_DFL);
    raise(sig);
  }
  return rc;
}
