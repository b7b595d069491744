/* i18n.h: messages in the user's language, with gettext (glibc's libintl).
 *
 * The text domain is "reformgen"; its catalogues are compiled from
 * generator/po/LANG.po. Only the messages' language follows the locale
 * (LC_MESSAGES, through LANGUAGE, LC_ALL, LC_MESSAGES and LANG as gettext
 * reads them): numbers, sorting and character classes stay those of the C
 * locale, so that the documents are the same bytes whatever the locale.
 * Translations are UTF-8, like the data and the file names they quote. */
#ifndef REFORMGEN_I18N_H
#define REFORMGEN_I18N_H

#include <libintl.h>

/* A message to translate where it is used. */
#define _(s) gettext(s)
/* A message marked for the catalogue, translated later with _() on a variable. */
#define N_(s) (s)

/* Sets the message locale from the environment and binds the text domain
 * to the catalogues under localedir (LOCALEDIR/LANG/LC_MESSAGES/reformgen.mo).
 * Without a catalogue for the locale, or in the C locale, messages stay
 * English. */
void i18n_init(const char *localedir);

#endif
