/* peer_adapter.c: lets the peers' benchmark (bench/peers/run.sh, REFORMGEN_CMD)
 * time reformgen on the same document as the other tools.
 *
 *   peer_adapter DATA.json OUT.pdf
 *   peer_adapter --convert DATA.json COUNTY.json CODE
 *
 * starts `reformgen -t peers` reading a county file from a pipe, reads the
 * peers' data (title, subtitle, sections, a roster table) and writes it into
 * the pipe in reformgen's input format (sections as narrative, rows as cadres
 * with their units), then moves the PDF to OUT.pdf. Everything it does is
 * inside the timed command; reformgen starts while the data is converted. With
 * --convert it only writes the county file, with the six-digit division code
 * CODE (make bench renders many of them in one batch). */
#define _GNU_SOURCE   /* F_SETPIPE_SZ */
#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
  fclose(f);
  if (buf) { buf[n] = '\0'; *len = (size_t)n; }
  return buf;
}

static const char *str(const cJSON *o, const char *k)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : "";
}

/* "1991.04" -> "1991-04" */
static void birth(const char *s, char out[16])
{
  snprintf(out, 16, "%.15s", s);
  for (char *p = out; *p; p++) if (*p == '.') *p = '-';
}

/* Writes s as a JSON string. */
static void jstr(FILE *f, const char *s)
{
  fputc('"', f);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') { fputc('\\', f); fputc(*p, f); }
    else if (*p < 0x20) fprintf(f, "\\u%04x", *p);
    else fputc(*p, f);
  }
  fputc('"', f);
}

/* "key":"value" with a leading comma unless first */
static void jkv(FILE *f, const char *k, const char *v, int first)
{
  if (!first) fputc(',', f);
  jstr(f, k);
  fputc(':', f);
  jstr(f, v);
}

static const char *unit_level(const char *u)
{
  return strstr(u, "镇") || strstr(u, "乡") ? "township" : strstr(u, "街道") ? "subdistrict" : "government";
}

/* Writes the county file for the peers' data d to f, which it closes. Returns 0 or -1. */
static int write_county(const cJSON *d, FILE *f, const char *code);

int main(int argc, char **argv)
{
  int convert = argc == 5 && strcmp(argv[1], "--convert") == 0;
  if (argc != 3 && !convert) {
    fprintf(stderr, "usage: %s DATA.json OUT.pdf\n       %s --convert DATA.json COUNTY.json CODE\n", argv[0], argv[0]);
    return 2;
  }
  if (convert) {
    size_t len;
    char *text = slurp(argv[2], &len);
    cJSON *d = text ? cJSON_Parse(text) : NULL;
    if (!d) { fprintf(stderr, "%s: cannot read the peers' data\n", argv[2]); return 1; }
    FILE *f = fopen(argv[3], "w");
    if (!f) { perror(argv[3]); return 1; }
    return write_county(d, f, argv[4]) == 0 ? 0 : 1;
  }

  /* a scratch folder beside OUT.pdf, so that the final rename stays on one file system */
  char dir[PATH_MAX];
  const char *slash = strrchr(argv[2], '/');
  if (slash) snprintf(dir, sizeof dir, "%.*s/.rg-peer-XXXXXX", (int)(slash - argv[2]), argv[2]);
  else snprintf(dir, sizeof dir, ".rg-peer-XXXXXX");
  if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
  char outdir[PATH_MAX + 32], path[2 * PATH_MAX + 64];
  snprintf(outdir, sizeof outdir, "%s/out", dir);

  const char *rg = getenv("REFORMGEN");
  char self[PATH_MAX], exe[PATH_MAX + 32];
  if (!rg) {  /* BUILD/bench/peer_adapter -> BUILD/reformgen */
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = '\0';
    char *sl = strrchr(self, '/');
    if (sl) *sl = '\0';
    snprintf(exe, sizeof exe, "%s/../reformgen", self);
    rg = exe;
  }
  int fds[2];
  if (pipe(fds) != 0) { perror("pipe"); return 1; }
  fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);   /* room for the whole county: write, then wait */
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); return 1; }
  if (pid == 0) {
    const char *tpl = getenv("REFORMGEN_PEERS_TEMPLATE");
    dup2(fds[0], 0);
    close(fds[0]);
    close(fds[1]);
    execl(rg, rg, "-q", "--flat", "-j", "1", "-t", tpl ? tpl : "peers", "-o", outdir, "/dev/stdin",
          (char *)NULL);
    perror(rg);
    _exit(127);
  }
  close(fds[0]);
  size_t len;
  char *text = slurp(argv[1], &len);
  cJSON *d = text ? cJSON_Parse(text) : NULL;
  FILE *f = fdopen(fds[1], "w");
  int bad = !d || !f;
  if (!d) fprintf(stderr, "%s: cannot read the peers' data\n", argv[1]);
  if (f) bad |= d ? write_county(d, f, "410184") != 0 : fclose(f) != 0;
  else close(fds[1]);
  int st = 0;
  waitpid(pid, &st, 0);
  if (bad) st = 1 << 8;
  int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 1, moved = 0;
  DIR *dd = opendir(outdir);
  struct dirent *e;
  while (dd && (e = readdir(dd)) != NULL) {
    if (e->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "%s/%s", outdir, e->d_name);
    size_t n = strlen(e->d_name);
    if (rc == 0 && !moved && n > 4 && strcmp(e->d_name + n - 4, ".pdf") == 0 && rename(path, argv[2]) == 0)
      moved = 1;
    else
      unlink(path);
  }
  if (dd) closedir(dd);
  rmdir(outdir);
  rmdir(dir);
  if (rc == 0 && !moved) { fprintf(stderr, "%s: no PDF was written\n", argv[2]); rc = 1; }
  return rc;
}

/* The county file, written as it is read (the process is short-lived: what it
 * parsed is left to the exit). */
static int write_county(const cJSON *d, FILE *f, const char *code)
{
  char buf[512];
  fputs("{\"version\":1,\"county\":{", f);
  jkv(f, "code", code, 1);
  jkv(f, "name", str(d, "county"), 0);
  snprintf(buf, sizeof buf, "共青团%s委员会", str(d, "county"));
  jkv(f, "league_committee", buf, 0);
  fputs("},\"period\":{\"year\":2023,\"reference_date\":\"2023-12-31\",\"report_date\":\"2023-12-31\"},", f);
  fputs("\"narrative\":{", f);
  jkv(f, "title", str(d, "title"), 1);
  jkv(f, "subtitle", str(d, "subtitle"), 0);
  jkv(f, "table_title", str(d, "table_title"), 0);
  fputs(",\"practices\":[", f);
  const cJSON *s, *p;
  int first = 1;
  cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(d, "sections")) {
    fputs(first ? "{" : ",{", f);
    first = 0;
    jkv(f, "title", str(s, "heading"), 1);
    fputs(",\"paragraphs\":[", f);
    int pf = 1;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(s, "paragraphs")) {
      if (!pf) fputc(',', f);
      pf = 0;
      jstr(f, cJSON_IsString(p) ? p->valuestring : "");
    }
    fputs("]}", f);
  }
  fputs("]},", f);
  /* units from the distinct 所在单位, in order of first appearance */
  const cJSON *rows = cJSON_GetObjectItemCaseSensitive(d, "rows"), *r;
  int nrows = cJSON_GetArraySize(rows), nunits = 0;
  const char **units = calloc((size_t)nrows + 1, sizeof *units);
  int *unit_of = calloc((size_t)nrows + 1, sizeof *unit_of), k = 0;
  if (!units || !unit_of) { perror("calloc"); fclose(f); return -1; }
  cJSON_ArrayForEach(r, rows) {
    const char *uname = str(r, "所在单位");
    int id = 0;
    for (int i = 0; i < nunits && !id; i++) if (strcmp(units[i], uname) == 0) id = i + 1;
    if (!id) { units[nunits++] = uname; id = nunits; }
    unit_of[k++] = id;
  }
  fputs("\"units\":[", f);
  for (int i = 0; i < nunits; i++) {
    snprintf(buf, sizeof buf, "u%d", i + 1);
    fputs(i ? ",{" : "{", f);
    jkv(f, "id", buf, 1);
    jkv(f, "name", units[i], 0);
    jkv(f, "level", unit_level(units[i]), 0);
    fputc('}', f);
  }
  fputs("],\"cadres\":[", f);
  k = 0;
  cJSON_ArrayForEach(r, rows) {
    char b[16];
    birth(str(r, "出生年月"), b);
    snprintf(buf, sizeof buf, "u%d", unit_of[k]);
    fputs(k++ ? ",{" : "{", f);
    jkv(f, "name", str(r, "姓名"), 1);
    jkv(f, "gender", str(r, "性别"), 0);
    jkv(f, "birth", b, 0);
    jkv(f, "political", str(r, "政治面貌"), 0);
    jkv(f, "unit", buf, 0);
    jkv(f, "post", str(r, "职务"), 0);
    jkv(f, "mode", str(r, "任职方式"), 0);
    jkv(f, "establishment", "编制外", 0);
    if (*str(r, "备注")) jkv(f, "note", str(r, "备注"), 0);
    fputc('}', f);
  }
  fputs("]}", f);
  if (ferror(f) | (fclose(f) != 0)) { perror("writing the county file"); return -1; }
  free(units);
  free(unit_of);
  return 0;

}
