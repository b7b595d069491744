/* main.c: the reformgen command. A thin driver over the pipeline
 *   load -> validate -> derive -> expand template -> lay out -> write PDF
 * for every input file, with GNU-style options. Exit status: 0 all good,
 * 1 some input failed, 2 usage error. */
#include "batch.h"
#include "consistency.h"
#include "memory.h"
#include "merge.h"
#include "diag.h"
#include "fonts.h"
#include "formats.h"
#include "i18n.h"
#include "import.h"
#include "output.h"
#include "pdf.h"
#include "render.h"
#include "archive.h"
#include "template.h"
#include "util.h"

#include <dirent.h>
#include <fcntl.h>
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
  unsigned formats;         /* --format (formats.h); 0: PDF, or -o FILE's extension */
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
  int pdfa;                 /* --pdfa */
  archive_opts archive;     /* --retention, --classification */
  double time_limit;        /* --time-limit: seconds per county in a worker; 0 none */
  double grace;             /* --grace: seconds after the first signal */
  load_memory memory;       /* --memory-limit */
} options;

enum { DEFAULT_TIME_LIMIT = 1800, DEFAULT_GRACE = 5 };

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
    "                          template (-t NAME) to FILE.pdf (.docx, .xlsx, .ofd:\n"
    "                          that format); no manifest unless --manifest names one\n"
    "      --format=LIST       the formats to write, a comma list of pdf, docx\n"
    "                          (editable Word/WPS draft), xlsx (the tables as a\n"
    "                          workbook), ofd (GB/T 33190 OFD, the PDF's pages);\n"
    "                          default pdf. A document without a form in a format\n"
    "                          is skipped for it with a note\n"
    "  -j, --jobs=N            render with N worker processes (default: one per core)\n"
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
    "      --strict-consistency  figures that contradict each other are errors\n"
    "                          (default: warnings)\n"
    "      --require-complete  a document whose required data is absent (such as a\n"
    "                          plan with no title) is an error; by default it is\n"
    "                          skipped with a warning\n"
    "      --flat              name outputs DIR/CODE-NAME-DOC.pdf (default:\n"
    "                          one folder per county, DIR/CODE-NAME/DOC.pdf)\n"
    "      --sync              flush every file to the disk before renaming it\n"
    "                          (survives a power cut; slower)\n"
    "      --pdfa              write archive files: PDF/A-2b, and OFD-A for OFD\n"
    "      --retention=PERIOD  保管期限 for the archival metadata when the county\n"
    "                          file gives none: 永久 (default), 定期30年, 定期10年\n"
    "      --classification=LEVEL\n"
    "                          密级 when the county file gives none: 秘密, 机密,\n"
    "                          绝密 (default: none, and none is written)\n"
    "      --dump-tree         also write the expanded document tree (.tree.txt)\n"
    "      --dump-layout       also write the laid-out pages (.layout.txt)\n"
    "      --time-limit=SECONDS  stop a county still rendering after SECONDS and\n"
    "                          report it failed (default 1800; 0: no limit)\n"
    "      --grace=SECONDS     after SIGINT or SIGTERM, stop the counties still in\n"
    "                          progress after SECONDS (default 5)\n"
    "      --memory-limit=MB|Nx  the memory a county may take: MB megabytes, or\n"
    "                          512 MB plus N times the size of its file\n"
    "                          (default 64x); a county beyond it is refused\n"
    "  -q, --quiet             print errors only\n"
    "  -h, --help              show this help and exit\n"
    "  -V, --version           show the version and exit\n"
    "\n"), stdout);
  fputs(_(
    "Every file is written under a temporary name and renamed when complete. One run\n"
    "at a time writes a batch: a second run with the same manifest stops with an\n"
    "error naming the first (the shards of one batch do not exclude each other).\n"
    "On SIGINT or SIGTERM no county is started and no further document written;\n"
    "a county still in progress after the grace is stopped, and every one at a\n"
    "second signal; what is on disk is what the manifest lists (a county stopped\n"
    "in the middle is listed as failed, its files removed); running again\n"
    "completes the rest. The workers ignore signals sent to the process group.\n"
    "In a folder, files ending in .json or .xml in any case are read; symbolic\n"
    "links, named pipes and devices there are reported and not read.\n"
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

/* A county file in a folder may be named .JSON or .Xml too. */
static int has_suffix_ci(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* What kind of file mode m is, for a message: "a named pipe" and so on. */
static const char *file_kind(mode_t m)
{
  return S_ISFIFO(m) ? _("a named pipe") : S_ISCHR(m) ? _("a character device") : S_ISBLK(m) ? _("a block device")
       : S_ISSOCK(m) ? _("a socket") : S_ISDIR(m) ? _("a folder") : S_ISLNK(m) ? _("a symbolic link") : _("not a file");
}

/* Prints "PATH: error: MESSAGE" with PATH escaped (diag_escaped). */
static void path_error(const char *path, const char *msg)
{
  char *p = diag_escaped(path);
  fprintf(stderr, _("%s: error: %s\n"), p, _(msg));
  free(p);
}

/* A file named on the command line that exists but is not a regular file (a
 * named pipe as the template, say): said at once in words, rather than by the
 * reader's errno. Returns 0 when path is a regular file or does not exist
 * (its reader says so), -1 after printing an error. */
static int refuse_special(const char *path, const char *expected)
{
  struct stat st;
  if (stat(path, &st) != 0 || S_ISREG(st.st_mode)) return 0;
  char *msg = xasprintf(_("not a regular file (%s); expected %s"), file_kind(st.st_mode), _(expected));
  path_error(path, msg);
  free(msg);
  return -1;
}

static void push_input(char ***list, int *n, int *cap, char *path)
{
  if (*n == *cap) { *cap = *cap ? *cap * 2 : 16; *list = xrealloc(*list, (size_t)*cap * sizeof **list); }
  (*list)[(*n)++] = path;
}

/* Appends the input files named by arg (a file, or a folder's .json and .xml
 * files in name order, the suffix in any case) to *list. Only regular files
 * are read (a named pipe or device would hang or flood the run): another kind
 * is reported, at once, and counted in *skipped. A file named on the command
 * line may be a symbolic link (the user chose it: file_allow_link); in a
 * folder a link is reported and not followed, whatever it points to, and the
 * worker that reads the file opens it with O_NOFOLLOW too. A folder with no
 * .json or .xml file at all is an error. Returns 0, or -1 after printing an
 * error. */
static int collect_inputs(const char *arg, char ***list, int *n, int *cap, int *skipped)
{
  struct stat st;
  if (stat(arg, &st) != 0) {
    char *msg = xasprintf(_("cannot read input: %s"), strerror(errno));
    path_error(arg, msg);
    free(msg);
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    if (!S_ISREG(st.st_mode)) {
      char *msg = xasprintf(_("not a regular file (%s); expected a county file (.json or .xml)"),
                            file_kind(st.st_mode));
      path_error(arg, msg);
      free(msg);
      return -1;
    }
    file_allow_link(arg);
    push_input(list, n, cap, xstrdup(arg));
    return 0;
  }
  DIR *dir = opendir(arg);
  if (!dir) {
    char *msg = xasprintf(_("cannot read folder: %s"), strerror(errno));
    path_error(arg, msg);
    free(msg);
    return -1;
  }
  int first = *n, found = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    if (e->d_name[0] == '.') continue;
    if (!has_suffix_ci(e->d_name, ".json") && !has_suffix_ci(e->d_name, ".xml")) continue;
    found++;
    char *path = has_suffix(arg, "/") ? xasprintf("%s%s", arg, e->d_name)
                                      : xasprintf("%s/%s", arg, e->d_name);
    struct stat fst;
    if (fstatat(dirfd(dir), e->d_name, &fst, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(fst.st_mode)) {
      if (S_ISLNK(fst.st_mode))
        path_error(path, "a symbolic link, not followed in a folder; name the file itself on the "
                         "command line to read it");
      else {
        char *msg = xasprintf(_("not a regular file (%s); expected a county file (.json or .xml)"),
                              file_kind(fst.st_mode));
        path_error(path, msg);
        free(msg);
      }
      free(path);
      (*skipped)++;
      continue;
    }
    push_input(list, n, cap, path);
  }
  closedir(dir);
  if (found == 0) {
    path_error(arg, "no county files in this folder; expected .json or .xml files");
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

/* Parses a number of seconds from 0 to 10^6. Returns it, or -1. */
static double parse_seconds(const char *s)
{
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || !(v >= 0 && v <= 1e6)) return -1;
  return v;
}

/* --memory-limit: "N" megabytes (16 to 1048576) or "Nx" times the file's
 * size (1 to 100000). Returns 0, or -1 when s is neither. */
static int parse_memory(const char *s, load_memory *m)
{
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (end == s || errno) return -1;
  if (*end == 'x' && !end[1] && v >= 1 && v <= 100000) {
    m->fixed = 0;
    m->per_byte = (unsigned)v;
    return 0;
  }
  if (*end || v < 16 || v > 1048576) return -1;
  m->fixed = (size_t)v << 20;
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
  options o = { .outdir = "out", .jobs = 0, .time_limit = DEFAULT_TIME_LIMIT, .grace = DEFAULT_GRACE,
                .memory = { .per_byte = LOAD_MEMORY_PER_BYTE } };
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
    { "strict-consistency", no_argument, NULL, 'C' },
    { "require-complete", no_argument, NULL, 'R' },
    { "flat", no_argument, NULL, 'f' },
    { "sync", no_argument, NULL, 'Y' },
    { "progress", no_argument, NULL, 'P' },
    { "no-progress", no_argument, NULL, 'N' },
    { "format", required_argument, NULL, 'O' },
    { "pdfa", no_argument, NULL, 'A' },
    { "retention", required_argument, NULL, 'r' },
    { "classification", required_argument, NULL, 'k' },
    { "dump-tree", no_argument, NULL, 'D' },
    { "dump-layout", no_argument, NULL, 'L' },
    { "time-limit", required_argument, NULL, 'W' },
    { "memory-limit", required_argument, NULL, 'B' },
    { "grace", required_argument, NULL, 'G' },
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
    case 'C': consistency_set_strict(1); break;
    case 'R': o.require_complete = 1; break;
    case 'f': o.flat = 1; break;
    case 'Y': output_set_sync(1); break;
    case 'P': progress = 1; break;
    case 'N': progress = 0; break;
    case 'O':
      if (formats_parse(optarg, &o.formats) != 0) usage_error("--format takes a comma list of pdf, docx, xlsx, ofd, not ", optarg);
      break;
    case 'A': o.pdfa = 1; break;
    case 'r':
      if (!archive_is_one_of(optarg, archive_retentions))
        usage_error("--retention takes 永久, 定期30年 or 定期10年, not ", optarg);
      o.archive.retention = optarg;
      break;
    case 'k':
      if (!archive_is_one_of(optarg, archive_classifications))
        usage_error("--classification takes 秘密, 机密 or 绝密, not ", optarg);
      o.archive.classification = optarg;
      break;
    case 'D': o.dump_tree = 1; break;
    case 'L': o.dump_layout = 1; break;
    case 'B':
      if (parse_memory(optarg, &o.memory) != 0)
        usage_error("--memory-limit needs megabytes from 16 to 1048576, or a factor from 1x to 100000x, not ", optarg);
      break;
    case 'W':
      if ((o.time_limit = parse_seconds(optarg)) < 0)
        usage_error("--time-limit needs a number of seconds from 0 to 1000000, not ", optarg);
      break;
    case 'G':
      if ((o.grace = parse_seconds(optarg)) < 0)
        usage_error("--grace needs a number of seconds from 0 to 1000000, not ", optarg);
      break;
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
  if (formats_from_ext(o.outdir)) {   /* -o FILE.pdf|.docx|.xlsx|.ofd: the extension is the format */
    if (!o.formats) o.formats = formats_from_ext(o.outdir);
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
  ofd_writer *ow = NULL;
  int setup_failed = 0;

  if (!o.check_only) {
    char **paths = NULL;
    int npaths = 0;
    if (o.ntemplates) {
      paths = xcalloc((size_t)o.ntemplates, sizeof *paths);
      for (int i = 0; i < o.ntemplates; i++) paths[npaths++] = template_path(tdir, o.templates[i]);
    } else if (default_templates(tdir, &paths, &npaths) != 0 || npaths == 0) {
      fprintf(stderr, _("%s: error: no templates found\n"), tdir);
      setup_failed = 1;
    }
    diag_list *sd = diag_new("reformgen", 100);
    template_opts topts = { .strict = o.strict };
    per = xcalloc((size_t)(npaths ? npaths : 1), sizeof *per);
    roll = xcalloc((size_t)(npaths ? npaths : 1), sizeof *roll);
    for (int i = 0; i < npaths; i++) {
      if (refuse_special(paths[i], "a template (.xml)") != 0) { setup_failed = 1; continue; }
      template *t = template_load(paths[i], &topts, sd);
      if (!t) { setup_failed = 1; continue; }
      const char *kind = template_kind(t);
      render_template *rt = kind && strcmp(kind, "rollup") == 0 ? &roll[nroll++] : &per[nper++];
      rt->t = t;
      rt->name = base_no_ext(paths[i]);
    }
    for (int i = 0; i < npaths; i++) free(paths[i]);
    free(paths);
    if (!setup_failed && refuse_special(fconf, "a font configuration") != 0) setup_failed = 1;
    if (!setup_failed) {
      fs = fontset_load(fconf, sd);
      if (!fs) setup_failed = 1;
    }
    if (!setup_failed) pw = pdf_writer_new(fs);
    if (!setup_failed && (o.formats & FMT_OFD)) ow = ofd_writer_new(fs);
    if (!setup_failed && o.outfile && nper != 1) {
      diag_add(sd, DIAG_ERROR, NULL, "-o %s: template %s is a roll-up, which needs a batch of counties",
               o.outfile, o.templates[0]);
      setup_failed = 1;
    }
    diag_print_min(sd, stderr, o.quiet ? DIAG_ERROR : DIAG_NOTE);
    diag_free(sd);
    if (!setup_failed && output_open_root(o.outdir) != 0) {
      char *msg = xasprintf(_("cannot create output folder: %s"), strerror(errno));
      path_error(o.outdir, msg);
      free(msg);
      setup_failed = 1;
    } else if (!setup_failed && access(o.outdir, W_OK) != 0) {
      char *msg = xasprintf(_("output folder is not writable: %s"), strerror(errno));
      path_error(o.outdir, msg);
      free(msg);
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
      path_error(o.outdir, err);
      free(err);
      setup_failed = 1;
    }
  }
  /* the temporary files of earlier runs killed with SIGKILL (a running
   * shard's stay) */
  if (lock >= 0) {
    output_remove_stale_temps(o.outdir, 1);
    char *mdir = strrchr(manifest, '/') ? xstrndup(manifest, (size_t)(strrchr(manifest, '/') - manifest))
                                        : xstrdup(".");
    if (strcmp(mdir, o.outdir) != 0) output_remove_stale_temps(mdir, 0);
    free(mdir);
  }

  if (!setup_failed && ninputs > 0 && o.merge) {
    render_ctx ctx = { .outdir = o.outdir, .flat = o.flat, .formats = o.formats, .fs = fs, .pw = pw,
                       .pdfa = o.pdfa, .archive = o.archive, .ow = ow };
    batch_opts bo = { .quiet = o.quiet, .manifest = manifest, .rollups = roll, .nrollups = nroll };
    int f = merge_manifests(&ctx, inputs, ninputs, &bo);
    if (f != 0) failed += f < 0 ? 1 : f;
  } else if (!setup_failed && ninputs > 0) {
    /* a county's summary serves the roll-up (two or more counties) and a shard's
     * manifest (--merge builds the roll-up from it); a lone county needs none */
    render_ctx ctx = { .outdir = o.outdir, .outfile = o.outfile, .flat = o.flat, .check_only = o.check_only,
                       .require_complete = o.require_complete, .dump_tree = o.dump_tree, .dump_layout = o.dump_layout,
                       .formats = o.formats,
                       .want_summary = o.shard_n > 0 || (nroll > 0 && ninputs > 1),
                       .templates = per, .ntemplates = nper, .fs = fs, .pw = pw,
                       .pdfa = o.pdfa, .archive = o.archive, .ow = ow, .memory = o.memory };
    batch_opts bo = { .jobs = o.jobs, .progress = progress, .quiet = o.quiet,
                      .manifest = manifest, .rollups = roll,
                      .nrollups = o.shard_n > 0 ? 0 : nroll,
                      .time_limit = o.time_limit, .grace = o.grace };
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
  ofd_writer_free(ow);
  fontset_free(fs);
  for (int i = 0; i < ninputs; i++) free(inputs[i]);
  free(inputs);
  free(o.templates);
  free(tdir);
  free(fdir);
  free(outfile_dir);
  free(fconf);
  file_forget_links();
  output_close_root();
  xmlCleanupParser();
  int sig = batch_interrupted();
  if (sig) {   /* end the way the signal would have ended us */
    signal(sig, SIG_DFL);
    raise(sig);
  }
  return rc;
}
