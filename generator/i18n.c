/* i18n.c: the message locale and the text domain (i18n.h). */
#include "i18n.h"

#include <locale.h>

void i18n_init(const char *localedir)
{
  /* LC_MESSAGES only: LC_NUMERIC would change printf's decimal point in the
   * PDFs, LC_CTYPE the character classes the readers rely on */
  setlocale(LC_MESSAGES, "");
  bindtextdomain("reformgen", localedir);
  bind_textdomain_codeset("reformgen", "UTF-8");
  /* strerror's texts (glibc's own catalogue) in UTF-8 too: converted to the C
   * locale's ASCII they would come out as question marks */
  bind_textdomain_codeset("libc", "UTF-8");
  textdomain("reformgen");
}
