/* xlsxlib.c: libxlsxwriter opened on first use (xlsxlib.h). */
#include "xlsxlib.h"
#include "i18n.h"
#include "util.h"

#include <dlfcn.h>

#ifndef XLSXWRITER_SONAME
#error "XLSXWRITER_SONAME (libxlsxwriter's soname) comes from build/config.mk"
#endif

const xlsxlib *xlsxlib_load(char **err)
{
  static xlsxlib lib;
  static int loaded;   /* 1 loaded, -1 failed */
  static char *why;
  if (loaded == 0) {
    /* RTLD_NODELETE: the library stays for the process's lifetime, so that
     * leak reports and backtraces can still name its functions */
    void *h = dlopen(XLSXWRITER_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    loaded = h ? 1 : -1;
    if (!h) why = xasprintf(_("XLSX needs %s (Debian package libxlsxwriter4): %s"), XLSXWRITER_SONAME, dlerror());
#define XLSXLIB_LOOKUP(f)                                                            \
    if (loaded == 1 && !(*(void **)&lib.f = dlsym(h, #f))) {                         \
      loaded = -1;                                                                   \
      why = xasprintf(_("%s has no function %s: not the libxlsxwriter reformgen was built with"), \
                      XLSXWRITER_SONAME, #f);                                        \
    }
    XLSXLIB_FUNCTIONS(XLSXLIB_LOOKUP)
#undef XLSXLIB_LOOKUP
  }
  if (loaded == 1) return &lib;
  if (err) *err = xstrdup(why);
  return NULL;
}
