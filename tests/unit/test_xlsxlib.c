/* test_xlsxlib.c: libxlsxwriter opened on first use (xlsxlib.c): the
 * installed library is found and every function of the table resolves; a
 * library that cannot be opened gives a message naming it and the package,
 * and no table. */
/* checks: 5 */
#include "test.h"
#include "xlsxlib.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

/* xlsxlib.c once more, under another name and with a soname no system has */
const xlsxlib *absent_load(char **err);
#define xlsxlib_load absent_load
#undef XLSXWRITER_SONAME
#define XLSXWRITER_SONAME "libreformgen-absent.so.0"
#include "../../generator/xlsxlib.c"
#undef xlsxlib_load

int main(void)
{
  char *err = NULL;
  const xlsxlib *x = xlsxlib_load(&err);
  CHECK("the installed libxlsxwriter opens", x != NULL && err == NULL);
  int all = x != NULL;
#define EVERY(f) all = all && x->f != NULL;
  if (x) { XLSXLIB_FUNCTIONS(EVERY) }
#undef EVERY
  CHECK("every function of the table resolves", all);
  CHECK("a second load gives the same table", xlsxlib_load(NULL) == x);
  err = NULL;
  const xlsxlib *none = absent_load(&err);
  CHECK("an absent library gives no table", none == NULL);
  CHECK("and says which library and package", err && strstr(err, "libreformgen-absent.so.0") &&
                                             strstr(err, "libxlsxwriter4"));
  free(err);
  return test_status();
}
