/* test_open.c: the readers that used to open files by name themselves (the
 * XLSX reader through minizip, the font loader through HarfBuzz, the import's
 * existing county file through libxml2) now open once with file_open_read: a
 * named pipe is refused at once (an alarm ends the test if one blocks), a
 * folder and a file too small or not a zip are said in words, a symbolic link
 * to a font is followed and the import's county file as a link is refused.
 * Every file is made here, in a fresh folder. */
/* checks: 12 */
#include "test.h"
#include "import_write.h"
#include "ttf.h"
#include "util.h"
#include "xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FONT "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"

static char dir[64];
static char paths[16][128];
static int npaths;

/* The path of name in the test's folder (a static buffer each). */
static const char *at(const char *name)
{
  char *p = paths[npaths++ % 16];
  snprintf(p, sizeof paths[0], "%s/%s", dir, name);
  return p;
}

static void write_text(const char *path, const char *text, size_t n)
{
  FILE *f = fopen(path, "w");
  if (f) { fwrite(text, 1, n, f); fclose(f); }
}

/* PASS when the call failed with a message containing want. */
static void says(const char *name, int failed, char *err, const char *want)
{
  CHECK(name, failed && err && strstr(err, want));
  if (err && !(failed && strstr(err, want))) printf("  got: %s\n", err);
  free(err);
}

int main(void)
{
  alarm(20);   /* a reader that blocks on a pipe ends the test, which then fails */
  snprintf(dir, sizeof dir, "/tmp/rgopen.XXXXXX");
  if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
  const char *pipe = at("pipe"), *xpipe = at("pipe.xml"), *plain = at("plain.xlsx"), *tiny = at("tiny.ttf");
  const char *link = at("font.ttf"), *county = at("county.xml"), *clink = at("link.xml"), *cjson = at("link.json");
  mkfifo(pipe, 0600);
  mkfifo(xpipe, 0600);
  write_text(plain, "PK not really a zip file, but a regular one\n", 45);
  write_text(tiny, "\0\1\0\0 too short", 14);
  write_text(county, "<county-report version=\"1\"/>\n", 29);
  if (symlink(county, clink) != 0 || symlink(county, cjson) != 0) perror("symlink");

  sheet **sheets = NULL;
  char *err = NULL;
  int r;
  r = xlsx_read(pipe, &sheets, &err) < 0;
  says("open: xlsx_read of a named pipe refused at once", r, err, "not a regular file");
  err = NULL;
  r = xlsx_read(dir, &sheets, &err) < 0;
  says("open: xlsx_read of a folder refused", r, err, "a folder");
  err = NULL;
  r = xlsx_read(plain, &sheets, &err) < 0;
  says("open: xlsx_read of a regular file not a zip", r, err, "not a zip file");

  err = NULL;
  ttf_font *f = ttf_load(pipe, 0, &err);
  r = !f;
  says("open: ttf_load of a named pipe refused at once", r, err, "not a regular file");
  err = NULL;
  f = ttf_load(tiny, 0, &err);
  r = !f;
  says("open: ttf_load of a 20-byte file", r, err, "too small to be a font");
  err = NULL;
  f = ttf_load(dir, 0, &err);
  r = !f;
  says("open: ttf_load of a folder", r, err, "a folder");
  if (access(FONT, R_OK) == 0 && symlink(FONT, link) == 0) {
    err = NULL;
    f = ttf_load(link, 0, &err);
    CHECK("open: ttf_load follows a link to a font", f && strcmp(ttf_family(f), "AR PL SungtiL GB") == 0);
    if (!f) printf("  got: %s\n", err ? err : "?");
    CHECK("open: the font through the link has its glyphs", f && ttf_has(f, 0x56E2));   /* 团 */
    ttf_free(f);
    free(err);
  } else {
    printf("SKIP open: ttf_load follows a link to a font: %s missing\n", FONT);
    printf("SKIP open: the font through the link has its glyphs: %s missing\n", FONT);
  }

  import_parts parts = { 0 };
  err = NULL;
  r = iw_write(xpipe, 1, &parts, &err) != 0;
  says("open: import into a named pipe (XML) refused at once", r, err, "not a regular file");
  err = NULL;
  r = iw_write(clink, 1, &parts, &err) != 0;
  says("open: import into a link (XML) refused", r, err, "a symbolic link");
  err = NULL;
  r = iw_write(cjson, 1, &parts, &err) != 0;
  says("open: import into a link (JSON) refused", r, err, "a symbolic link");
  struct stat st;
  CHECK("open: the link and its target left as they were",
        lstat(clink, &st) == 0 && S_ISLNK(st.st_mode) && stat(county, &st) == 0 && st.st_size == 29);

  char *cmd = xasprintf("rm -rf '%s'", dir);
  if (system(cmd) != 0) printf("NOTE could not remove %s\n", dir);
  free(cmd);
  return test_status();
}
