/* fonts.h: font roles (song 宋体, hei 黑体, kai 楷体, fangsong 仿宋) mapped to
 * TrueType files by the configuration in fonts/, with a fallback chain per
 * character and metrics read from the font files themselves (so that measuring
 * never marks glyphs as used in libharu). */
#ifndef REFORMGEN_FONTS_H
#define REFORMGEN_FONTS_H

#include "diag.h"

typedef struct fontset fontset;

/* Loads the font configuration file (fonts/fonts.conf) and checks every font
 * file it names (magic, size). Returns a new fontset the caller frees, or NULL
 * after adding errors to d. */
fontset *fontset_load(const char *conf_path, diag_list *d);
void fontset_free(fontset *fs);

#endif
