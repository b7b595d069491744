/* import_fields.h: the columns of the three import tables (the cadre roster,
 * the units, the indicators): for every field of the county file, the
 * headers offices write over it and the kind of value it holds. Shared by
 * import (which finds columns by these headers) and blank (which writes the
 * first header of each). A mapping file adds headers of the user's own. */
#ifndef REFORMGEN_IMPORT_FIELDS_H
#define REFORMGEN_IMPORT_FIELDS_H
#include "import_value.h"

typedef enum if_table { IF_CADRE, IF_UNIT, IF_INDICATOR, IF_NTABLES } if_table;

typedef enum if_kind {
  IK_TEXT, IK_DATE, IK_BOOL, IK_ENUM, IK_NUMBER, IK_COUNT, IK_ID,
  IK_UNIT_NAME,   /* a cadre's unit by name */
  IK_UNIT_ID,     /* a cadre's unit by 单位编码 */
  IK_PARENT_ID, IK_PARENT_NAME,
  IK_ID_NUMBER,   /* 身份证号: checked, not written (the county file has no such field) */
  IK_PHONE,       /* 联系电话: read, not written */
  IK_ASSESS,      /* 2022年优秀；2023年合格 -> assessment[] */
  IK_IGNORE       /* 序号 and the like */
} if_kind;

typedef struct if_field {
  if_table table;
  const char *key;       /* the county-file member ("birth", "posts.secretary") */
  if_kind kind;
  int required;
  const char *headers;   /* '|'-separated; the first is the one blank writes */
  const iv_alias *values;   /* IK_ENUM (and the units' level) */
  const char *example;   /* what a clerk would type, for messages and blank */
} if_field;

extern const if_field if_fields[];
extern const int if_nfields;
extern const char *const if_table_names[IF_NTABLES];   /* cadre, unit, indicator */

/* The vocabularies (blank's dropdowns list their county-file values). */
extern const iv_alias if_gender[], if_political[], if_mode[], if_establishment[], if_level[], if_grade[];
/* The Chinese name blank shows for a unit level ("township" -> 乡镇). */
const char *if_level_label(const char *level);

/* Reads a mapping file: lines `HEADER = TABLE.FIELD` (cadre.birth, unit.name,
 * indicator.before …, or `ignore`), `#` comments. Returns 0, or -1 with a new
 * message in *err ("LINE: what was found; what was expected"). */
int if_load_map(const char *path, char **err);
void if_free_map(void);

/* The field of table that header names (after trimming, dropping spaces,
 * quotes and a trailing parenthesis such as （元）), or NULL. */
const if_field *if_lookup(if_table table, const char *header);
#endif
