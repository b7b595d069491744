/* fuzz_xlsx.c: fuzz target for the XLSX reader (generator/xlsx.c): any bytes
 * as a workbook file, read through minizip on the descriptor file_open_read
 * gives and libxml2 on its parts. Looks for crashes, leaks, refusals that
 * do not say why and cell texts that are not strings. The bytes go into one scratch file, rewritten for every input. */
#include <fcntl.h>
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz_util.h"
#include "import_sheet.h"
#include "xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *dir, *path;

/* Removes the scratch file and folder when the run ends. */
static void cleanup(void)
{
  unlink(path);
  rmdir(dir);
  free(path);
  free(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!path) {
    dir = fuzz_scratch_dir("rgfuzzxlsx");
    path = xasprintf("%s/book.xlsx", dir);
    atexit(cleanup);
  }
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) abort();
  for (size_t done = 0; done < size;) {
    ssize_t n = write(fd, data + done, size - done);
    if (n <= 0) abort();
    done += (size_t)n;
  }
  close(fd);
  sheet **sheets = NULL;
  char *err = NULL;
  int n = xlsx_read(path, &sheets, &err);
  if (n < 0 && (!err || !*err)) abort();   /* a refusal always says why */
  size_t total = 0;   /* every cell text read to its end: an unterminated one shows under ASan */
  for (int i = 0; i < n; i++) {
    for (int r = 0; r < sheets[i]->nrows; r++)
      for (int c = 0; c < sheets[i]->rows[r].ncells; c++)
        if (sheets[i]->rows[r].cells[c].text) total += strlen(sheets[i]->rows[r].cells[c].text);
    sheet_free(sheets[i]);
  }
  if (total == SIZE_MAX) abort();
  free(sheets);
  free(err);
  return 0;
}
