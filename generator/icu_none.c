/* icu_none.c: libxml2 linked statically, without ICU.
 *
 * Debian's libxml2 is built with ICU, which it uses for one thing only: a
 * second chance at converting a document encoding that glibc's iconv does not
 * know. Loading the shared libxml2 brings in libicuuc, libicudata (30 MB) and
 * libstdc++, and their relocations cost about 1.4 ms of every process start,
 * 7 % of rendering one document. The executable therefore links Debian's
 * libxml2.a (Makefile, STATIC) and answers its seven ICU references here: no
 * converter can be opened, so libxml2 reports such an encoding as unsupported,
 * exactly as a libxml2 built without ICU does. Inputs are UTF-8 (the input
 * contract); iconv still serves every encoding it knows.
 *
 * ICU's symbols carry its major version (ucnv_open_72); the Makefile reads the
 * suffix from libxml2.a and passes it as ICU_SUFFIX. Only the executable links
 * this file; the tests link the shared libraries. */
#include <stdlib.h>

#ifndef ICU_SUFFIX
#error "ICU_SUFFIX (for example _72) comes from the Makefile"
#endif
#define ICU_CAT2(a, b) a##b
#define ICU_CAT(a, b) ICU_CAT2(a, b)
#define ICU(name) ICU_CAT(name, ICU_SUFFIX)

typedef int UErrorCode;
enum { U_FILE_ACCESS_ERROR = 4 };   /* a failure: U_FAILURE(x) is x > 0 */

void *ICU(ucnv_open)(const char *name, UErrorCode *status);
void ICU(ucnv_close)(void *conv);
void ICU(ucnv_convertEx)(void);
void ICU(ucnv_setFromUCallBack)(void);
void ICU(ucnv_setToUCallBack)(void);
void ICU(UCNV_FROM_U_CALLBACK_STOP)(void);
void ICU(UCNV_TO_U_CALLBACK_STOP)(void);

/* libxml2 opens a converter and gives up on the encoding when this fails. */
void *ICU(ucnv_open)(const char *name, UErrorCode *status)
{
  (void)name;
  if (status && *status <= 0) *status = U_FILE_ACCESS_ERROR;
  return NULL;
}

/* libxml2 closes only converters it opened; none ever is. */
void ICU(ucnv_close)(void *conv) { (void)conv; }

/* Reached only through an open converter, which cannot exist. */
void ICU(ucnv_convertEx)(void) { abort(); }
void ICU(ucnv_setFromUCallBack)(void) { abort(); }
void ICU(ucnv_setToUCallBack)(void) { abort(); }
void ICU(UCNV_FROM_U_CALLBACK_STOP)(void) { abort(); }
void ICU(UCNV_TO_U_CALLBACK_STOP)(void) { abort(); }
