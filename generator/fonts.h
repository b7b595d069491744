/* fonts.h: font roles (song 宋体, hei 黑体, kai 楷体, fangsong 仿宋, xbs 小标宋
 * for the titles of official documents) mapped to
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

enum { FONT_SONG, FONT_HEI, FONT_KAI, FONT_FANGSONG, FONT_XBS, FONT_ROLES };
#define FONT_ROLE_LIST "song, hei, kai, fangsong, xbs"

/* Loads the font configuration file (fonts/fonts.conf) and checks every font
 * file it names (magic, size, tables). Returns a new fontset the caller frees,
 * or NULL after adding errors to d. A role set in a substitute adds one note. */
fontset *fontset_load(const char *conf_path, diag_list *d);
void fontset_free(fontset *fs);

/* Returns the role number of a role name (FONT_ROLE_LIST), or -1. */
int fontset_role(const char *name);
/* Returns the first font of role's chain that has cp (any plane), or -1 when
 * no font of the chain has it. */
int fontset_pick(const fontset *fs, int role, unsigned cp);
/* Returns 1 when font, in role's chain, has another style than the role's
 * own fonts (a 楷 or 宋 face setting a character of a 仿宋 line): layout
 * reports such characters, naming the font. */
int fontset_foreign(const fontset *fs, int role, int font);
/* The style of font (a role, -1 when none is known), the Chinese name of a
 * role ("" for none) and the font's family name; borrowed. */
int fontset_style(const fontset *fs, int font);
const char *fontset_role_chinese(int role);
const char *fontset_family(const fontset *fs, int font);
/* Returns the advance of cp in font, in 1/1000 em (the PDF's /W states the same). */
int fontset_width(const fontset *fs, int font, unsigned cp);
/* Returns the glyph id of cp in font (0 when it lacks it). */
unsigned fontset_glyph(const fontset *fs, int font, unsigned cp);
/* The font's face (borrowed), for subsetting. */
const ttf_font *fontset_ttf(const fontset *fs, int font);
int fontset_font_count(const fontset *fs);
/* The file and face of a font; borrowed. */
const char *fontset_file(const fontset *fs, int font);
int fontset_face(const fontset *fs, int font);
/* The font's PostScript name and descriptor metrics; borrowed. */
const ttf_info *fontset_info(const fontset *fs, int font);

#endif
