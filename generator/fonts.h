/* fonts.h: font roles (song 宋体, hei 黑体, kai 楷体, fangsong 仿宋) mapped to
 * TrueType files by the configuration in fonts/, with a fallback chain per
 * character and metrics read from the font files themselves (so that measuring
 * never needs the PDF library).
 *
 * A font is named by a small integer (0 .. fontset_font_count - 1), one per
 * distinct (file, face) of the configuration. */
#ifndef REFORMGEN_FONTS_H
#define REFORMGEN_FONTS_H

#include "diag.h"
#include "ttf.h"

typedef struct fontset fontset;

enum { FONT_SONG, FONT_HEI, FONT_KAI, FONT_FANGSONG, FONT_ROLES };

/* Loads the font configuration file (fonts/fonts.conf) and checks every font
 * file it names (magic, size, tables). Returns a new fontset the caller frees,
 * or NULL after adding errors to d. A role set in a substitute adds one note. */
fontset *fontset_load(const char *conf_path, diag_list *d);
void fontset_free(fontset *fs);

/* Returns the role number of a role name ("song", "hei", "kai", "fangsong"),
 * or -1. */
int fontset_role(const char *name);
/* Returns the first font of role's chain that has cp (any plane), or -1 when
 * no font of the chain has it. */
int fontset_pick(const fontset *fs, int role, unsigned cp);
/* Returns the advance of cp in font, in 1/1000 em (the PDF's /W states the same). */
int fontset_width(const fontset *fs, int font, unsigned cp);
/* The font's face (borrowed), for subsetting. */
const ttf_font *fontset_ttf(const fontset *fs, int font);
int fontset_font_count(const fontset *fs);
/* The file and face of a font; borrowed. */
const char *fontset_file(const fontset *fs, int font);
int fontset_face(const fontset *fs, int font);
/* The font's PostScript name and descriptor metrics; borrowed. */
const ttf_info *fontset_info(const fontset *fs, int font);

#endif
