/* peer_adapter.c: lets the peers' benchmark (bench/peers/run.sh, REFORMGEN_CMD)
 * time reformgen on the same document as the other tools.
 *
 *   peer_adapter DATA.json OUT.pdf
 *   peer_adapter --convert DATA.json COUNTY.json CODE
 *
 * reads the peers' data (title, subtitle, sections, a roster table), writes it
 * in reformgen's input format (sections as narrative, rows as cadres with
 * their units) into a file in memory and becomes `reformgen -t peers -o
 * OUT.pdf` reading it. Everything it does is inside the timed command. With
 * --convert it only writes the county file, with the six-digit division code
 * CODE (make bench renders many of them in one batch). */
#define _GNU_SOURCE   /* memfd_create */
#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
/* A JSON string: runs that need no escape are written whole, without
 * taking the stream's lock for each (a character at a time was a third of
 * the adapter's time). */
static void jstr(FILE *f, const char *s)
{
  putc_unlocked('"', f);
  const unsigned char *p = (const unsigned char *)s, *run = p;
  for (; *p; p++) {
    if (*p != '"' && *p != '\\' && *p >= 0x20) continue;
    fwrite_unlocked(run, 1, (size_t)(p - run), f);
    if (*p < 0x20) fprintf(f, "\\u%04x", *p);
    else { putc_unlocked('\\', f); putc_unlocked(*p, f); }
    run = p + 1;
  }
  fwrite_unlocked(run, 1, (size_t)(p - run), f);
  putc_unlocked('"', f);
}

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
  size_t len;
  char *text = slurp(argv[1], &len);
  cJSON *d = text ? cJSON_Parse(text) : NULL;
  if (!d) { fprintf(stderr, "%s: cannot read the peers' data\n", argv[1]); return 1; }
  char *county = NULL;
  size_t clen = 0;
  FILE *m = open_memstream(&county, &clen);
  if (!m || write_county(d, m, "410184") != 0) { fprintf(stderr, "%s: cannot convert\n", argv[1]); return 1; }
  /* reformgen reads regular files only (a pipe as input is refused): the
   * county goes to an anonymous file in memory (memfd, a regular file that
   * nothing has to remove), named by its descriptor, and the adapter becomes
   * reformgen */
  int fd = memfd_create("county.json", 0);
  if (fd < 0 || write(fd, county, clen) != (ssize_t)clen || lseek(fd, 0, SEEK_SET) != 0) {
    perror("memfd");
    return 1;
  }
  char in[64];
  snprintf(in, sizeof in, "/proc/self/fd/%d", fd);
  const char *tpl = getenv("REFORMGEN_PEERS_TEMPLATE");
  execl(rg, rg, "-q", "-t", tpl ? tpl : "peers", "-o", argv[2], in, (char *)NULL);
  perror(rg);
  return 127;
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
