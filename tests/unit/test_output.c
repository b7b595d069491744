/* test_output.c: output_write_atomic writes a new file, replaces a regular
 * file (by exchanging names), leaves a folder or a symbolic link in the way
 * as rename would, and leaves no temporary file behind. */
/* checks: 15 */
#include "output.h"
#include "test.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  static char buf[256];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  return buf;
}

/* The number of entries of dir other than . and .. */
static int entries(const char *dir)
{
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d));)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
  if (d) closedir(d);
  return n;
}

int main(void)
{
  char dir[] = "/tmp/rgoutXXXXXX";
  if (!mkdtemp(dir)) return 1;
  char path[256], other[256], sub[256], link[256];
  snprintf(path, sizeof path, "%s/a.pdf", dir);
  snprintf(other, sizeof other, "%s/b.pdf", dir);
  snprintf(sub, sizeof sub, "%s/sub.pdf", dir);
  snprintf(link, sizeof link, "%s/link.pdf", dir);
  char *err = NULL;

  CHECK("new file written", output_write_atomic(path, "one", 3, &err) == 0);
  CHECK_STR("new file: its bytes", slurp(path), "one");
  struct stat st1, st2;
  stat(path, &st1);
  CHECK("existing file replaced", output_write_atomic(path, "second", 6, &err) == 0);
  CHECK_STR("replaced: the new bytes", slurp(path), "second");
  stat(path, &st2);
  CHECK("replaced: a new file, not the old one rewritten", st1.st_ino != st2.st_ino);
  CHECK("replaced: mode 0644", (st2.st_mode & 0777) == 0644);
  CHECK("no temporary or old file left", entries(dir) == 1);

  /* a file opened before the replacement keeps the old bytes */
  FILE *f = fopen(path, "rb");
  output_write_atomic(path, "third", 5, &err);
  char got[16] = {0};
  if (f) { fread(got, 1, sizeof got - 1, f); fclose(f); }
  CHECK_STR("a reader of the old file reads it whole", got, "second");
  CHECK_STR("the path has the newest bytes", slurp(path), "third");

  mkdir(sub, 0777);
  CHECK("a folder in the way is an error", output_write_atomic(sub, "x", 1, &err) == -1 && err);
  free(err);
  err = NULL;
  struct stat st;
  CHECK("the folder stays a folder", stat(sub, &st) == 0 && S_ISDIR(st.st_mode));
  CHECK("nothing left after the error", entries(dir) == 2);

  output_write_atomic(other, "target", 6, &err);
  symlink(other, link);
  CHECK("a symbolic link in the way is replaced", output_write_atomic(link, "mine", 4, &err) == 0);
  CHECK("the link's place holds a file now", lstat(link, &st) == 0 && S_ISREG(st.st_mode));
  CHECK_STR("the link's target is untouched", slurp(other), "target");

  unlink(link);
  unlink(other);
  unlink(path);
  rmdir(sub);
  rmdir(dir);
  return test_status();
}
