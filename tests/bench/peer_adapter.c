/* peer_adapter.c: lets the peers' benchmark (bench/peers/run.sh, REFORMGEN_CMD)
 * time reformgen on the same document as the other tools.
 *
 *   peer_adapter DATA.json OUT.pdf
 *
 * reads the peers' data (title, subtitle, sections, a roster table), writes it
 * as a county file in reformgen's input format (sections as narrative, rows as
 * cadres with their units), runs `reformgen -t peers` on it and moves the PDF to
 * OUT.pdf. Everything it does is inside the timed command. */
#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
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

int main(int argc, char **argv)
{
  if (argc != 3) {
    fprintf(stderr, "usage: %s DATA.json OUT.pdf\n", argv[0]);
    return 2;
  }
  size_t len;
  char *text = slurp(argv[1], &len);
  cJSON *d = text ? cJSON_Parse(text) : NULL;
  free(text);
  if (!d) { fprintf(stderr, "%s: cannot read the peers' data\n", argv[1]); return 1; }

  cJSON *c = cJSON_CreateObject();
  cJSON_AddNumberToObject(c, "version", 1);
  cJSON *county = cJSON_AddObjectToObject(c, "county");
  cJSON_AddStringToObject(county, "code", "410184");
  cJSON_AddStringToObject(county, "name", str(d, "county"));
  char buf[512];
  snprintf(buf, sizeof buf, "共青团%s委员会", str(d, "county"));
  cJSON_AddStringToObject(county, "league_committee", buf);
  cJSON *period = cJSON_AddObjectToObject(c, "period");
  cJSON_AddNumberToObject(period, "year", 2023);
  cJSON_AddStringToObject(period, "reference_date", "2023-12-31");
  cJSON_AddStringToObject(period, "report_date", "2023-12-31");
  cJSON *narr = cJSON_AddObjectToObject(c, "narrative");
  cJSON_AddStringToObject(narr, "title", str(d, "title"));
  cJSON_AddStringToObject(narr, "subtitle", str(d, "subtitle"));
  cJSON_AddStringToObject(narr, "table_title", str(d, "table_title"));
  cJSON *sections = cJSON_AddArrayToObject(narr, "practices");
  const cJSON *s;
  cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(d, "sections")) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "title", str(s, "heading"));
    cJSON_AddItemToObject(o, "paragraphs",
      cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(s, "paragraphs"), 1));
    cJSON_AddItemToArray(sections, o);
  }
  /* units from the distinct 所在单位, in order of first appearance */
  cJSON *units = cJSON_AddArrayToObject(c, "units");
  cJSON *cadres = cJSON_AddArrayToObject(c, "cadres");
  const cJSON *r;
  cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(d, "rows")) {
    const char *uname = str(r, "所在单位");
    int id = 0, i = 0;
    const cJSON *u;
    cJSON_ArrayForEach(u, units) {
      i++;
      if (strcmp(str(u, "name"), uname) == 0) { id = i; break; }
    }
    if (!id) {
      id = cJSON_GetArraySize(units) + 1;
      cJSON *nu = cJSON_CreateObject();
      snprintf(buf, sizeof buf, "u%d", id);
      cJSON_AddStringToObject(nu, "id", buf);
      cJSON_AddStringToObject(nu, "name", uname);
      cJSON_AddStringToObject(nu, "level", strstr(uname, "镇") || strstr(uname, "乡") ? "township"
                              : strstr(uname, "街道") ? "subdistrict" : "government");
      cJSON_AddItemToArray(units, nu);
    }
    cJSON *o = cJSON_CreateObject();
    char b[16];
    birth(str(r, "出生年月"), b);
    cJSON_AddStringToObject(o, "name", str(r, "姓名"));
    cJSON_AddStringToObject(o, "gender", str(r, "性别"));
    cJSON_AddStringToObject(o, "birth", b);
    cJSON_AddStringToObject(o, "political", str(r, "政治面貌"));
    snprintf(buf, sizeof buf, "u%d", id);
    cJSON_AddStringToObject(o, "unit", buf);
    cJSON_AddStringToObject(o, "post", str(r, "职务"));
    cJSON_AddStringToObject(o, "mode", str(r, "任职方式"));
    cJSON_AddStringToObject(o, "establishment", "编制外");
    if (*str(r, "备注")) cJSON_AddStringToObject(o, "note", str(r, "备注"));
    cJSON_AddItemToArray(cadres, o);
  }
  cJSON_Delete(d);

  /* a scratch folder beside OUT.pdf, so that the final rename stays on one file system */
  char dir[PATH_MAX];
  const char *slash = strrchr(argv[2], '/');
  if (slash) snprintf(dir, sizeof dir, "%.*s/.rg-peer-XXXXXX", (int)(slash - argv[2]), argv[2]);
  else snprintf(dir, sizeof dir, ".rg-peer-XXXXXX");
  if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
  char in[PATH_MAX + 32], outdir[PATH_MAX + 32], path[2 * PATH_MAX + 64];
  snprintf(in, sizeof in, "%s/county.json", dir);
  snprintf(outdir, sizeof outdir, "%s/out", dir);
  char *json = cJSON_PrintUnformatted(c);
  cJSON_Delete(c);
  FILE *f = fopen(in, "w");
  if (!f || fputs(json, f) < 0 || fclose(f) != 0) { perror(in); return 1; }
  free(json);

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
  pid_t pid = fork();
  if (pid == 0) {
    const char *tpl = getenv("REFORMGEN_PEERS_TEMPLATE");
    execl(rg, rg, "-q", "--flat", "-j", "1", "-t", tpl ? tpl : "peers", "-o", outdir, in, (char *)NULL);
    perror(rg);
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
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
  unlink(in);
  rmdir(dir);
  if (rc == 0 && !moved) { fprintf(stderr, "%s: no PDF was written\n", argv[2]); rc = 1; }
  return rc;
}
