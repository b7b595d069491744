/* import.c: `reformgen import`: rosters, units and indicators from XLSX and
 * CSV into a county file (import.h). The tables are read (csv.c, xlsx.c),
 * their header rows found and their columns named (import_fields.c), every
 * value read and checked (import_value.c), the units resolved, and the
 * county file written (import_write.c) only when no error was found. */
#include "import.h"
#include "i18n.h"
#include "csv.h"
#include "import_fields.h"
#include "import_msgs.h"
#include "import_write.h"
#include "load.h"
#include "util.h"
#include "xlsx.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <cJSON.h>
#include <libxml/parser.h>

enum { HEADER_SCAN = 10 };   /* rows searched for the header row */

/* One column of a table: the field it fills; for a tick column under a group
 * header (任职方式 over 专职 挂职 兼职), the value a tick there means. */
typedef struct column { const if_field *f; const char *mark; char *header; } column;

typedef struct table {
  sheet *s;
  char *label;          /* the file, or "book.xlsx[sheet]", for messages */
  if_table kind;
  long header_row;
  int first_data;       /* index in s->rows of the first data row */
  int ncols;
  column cols[SHEET_MAX_COLS];
} table;

/* A cadre row kept for the checks that need every row. */
typedef struct cadre_row {
  cJSON *obj;
  const table *t;
  long row;
  char *unit_name, *unit_id;
  const char *unit_header, *id_header;
  char *id_number;      /* checked 身份证号, or NULL */
} cadre_row;

/* A unit the cadres may point to. */
typedef struct unit_ref { char *id, *name; } unit_ref;

typedef struct import_ctx {
  im_list *m;
  cJSON *cadres, *units, *indicators;   /* NULL: no such table given */
  cJSON *new_units;                     /* units made for unknown names */
  cadre_row *rows;
  int nrows;
  unit_ref *known;
  int nknown;
} import_ctx;

/* Finds the header row of a sheet and names its columns. Returns 0, or -1
 * when the sheet holds none of the three tables. */
static int find_header(table *t)
{
  sheet *s = t->s;
  for (int i = 0; i < s->nrows && s->rows[i].number <= HEADER_SCAN; i++) {
    const sheet_row *r = &s->rows[i];
    int kind = -1;
    static const if_table order[] = { IF_CADRE, IF_INDICATOR, IF_UNIT };
    for (int k = 0; k < 3 && kind < 0; k++)
      for (int c = 0; c < r->ncells && kind < 0; c++) {
        const if_field *f = if_lookup(order[k], sheet_text(r, c));
        if (f && f->key && strcmp(f->key, "name") == 0 && f->kind == IK_TEXT) kind = (int)order[k];
      }
    if (kind < 0) continue;
    t->kind = (if_table)kind;
    t->header_row = r->number;
    t->first_data = i + 1;
    /* a second header row under group headers (任职方式 merged over 专职 挂职 兼职) */
    const sheet_row *sub = i + 1 < s->nrows && s->rows[i + 1].number == r->number + 1 ? &s->rows[i + 1] : NULL;
    int has_sub = 0;
    for (int c = 0; sub && c < sub->ncells; c++) {
      const char *st = sheet_text(sub, c), *ht = sheet_text(r, c);
      if (!*st || strcmp(st, ht) == 0) continue;
      const if_field *pf = if_lookup(t->kind, ht);
      if (if_lookup(t->kind, st) || (pf && pf->kind == IK_ENUM && iv_lookup(pf->values, st))) has_sub = 1;
      else { has_sub = 0; break; }
    }
    int n = r->ncells;
    if (has_sub) { t->first_data = i + 2; if (sub->ncells > n) n = sub->ncells; }
    t->ncols = n;
    for (int c = 0; c < n; c++) {
      const char *ht = sheet_text(r, c), *st = has_sub ? sheet_text(sub, c) : "";
      column *col = &t->cols[c];
      if (*st && strcmp(st, ht) != 0) {
        const if_field *pf = if_lookup(t->kind, ht);
        if (pf && pf->kind == IK_ENUM && iv_lookup(pf->values, st)) {
          col->f = pf;
          col->mark = iv_lookup(pf->values, st);
          col->header = xasprintf("%s/%s", ht, st);
          continue;
        }
        col->f = if_lookup(t->kind, st);
        col->header = xstrdup(st);
      } else {
        col->f = *ht ? if_lookup(t->kind, ht) : NULL;
        col->header = xstrdup(ht);
      }
    }
    return 0;
  }
  return -1;
}

/* Checks the columns: each field once, the required ones there. */
static void check_columns(import_ctx *x, table *t)
{
  for (int c = 0; c < t->ncols; c++) {
    column *col = &t->cols[c];
    if (!col->f) {
      if (*col->header)
        im_add(x->m, IM_WARNING, t->label, t->header_row, col->header,
               "column not read; expected a known header (templates/DATA.md) or one named in a --map file");
      continue;
    }
    if (!col->f->key || col->mark) continue;
    for (int d = 0; d < c; d++)
      if (t->cols[d].f == col->f && !t->cols[d].mark && strcmp(t->cols[d].header, col->header) != 0) {
        im_add(x->m, IM_ERROR, t->label, t->header_row, col->header,
               "a second column for what column %s holds; expected one column for it", t->cols[d].header);
        col->f = NULL;
        break;
      }
  }
  int have_unit = 0;
  for (int i = 0; i < if_nfields; i++) {
    const if_field *f = &if_fields[i];
    if (f->table != t->kind) continue;
    int found = 0;
    for (int c = 0; c < t->ncols; c++)
      if (t->cols[c].f == f || (t->cols[c].f && f->key && t->cols[c].f->key &&
                                strcmp(t->cols[c].f->key, f->key) == 0 && t->cols[c].f->table == f->table)) found = 1;
    if (f->kind == IK_UNIT_NAME || f->kind == IK_UNIT_ID) have_unit |= found;
    if (f->required && !found) {
      char *first = xstrndup(f->headers, strcspn(f->headers, "|"));
      im_add(x->m, IM_ERROR, t->label, t->header_row, first, "no such column; expected a column headed %s",
             f->headers);
      free(first);
    }
  }
  if (t->kind == IF_CADRE && !have_unit)
    im_add(x->m, IM_ERROR, t->label, t->header_row, "单位", "no such column; expected a column headed 单位 or 单位编码");
}

/* Sets member key ("posts.secretary" nests) of obj. */
static void put(cJSON *obj, const char *key, cJSON *v)
{
  const char *dot = strchr(key, '.');
  if (dot) {
    char *outer = xstrndup(key, (size_t)(dot - key));
    cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, outer);
    if (!o) o = cJSON_AddObjectToObject(obj, outer);
    free(outer);
    obj = o;
    key = dot + 1;
  }
  cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
  cJSON_AddItemToObject(obj, key, v);
}

/* "2022年优秀；2023年合格" -> [{year, grade}...]. Returns NULL when unreadable. */
static cJSON *read_assessment(const char *s)
{
  cJSON *arr = cJSON_CreateArray();
  char *c = iv_clean(s, 1);
  static const char *const seps[] = { "；", "，", "、", ";", ",", " ", NULL };
  char *p = c;
  int ok = 1;
  while (*p && ok) {
    size_t k = 0, sl = 0;
    while (p[k]) {
      for (int i = 0; seps[i] && !sl; i++) if (strncmp(p + k, seps[i], strlen(seps[i])) == 0) sl = strlen(seps[i]);
      if (sl) break;
      k++;
    }
    char *item = xstrndup(p, k);
    p += k + sl;
    if (!*item) { free(item); continue; }
    char *q = item;
    long year = 0;
    int nd = 0;
    while (*q >= '0' && *q <= '9' && nd < 5) { year = year * 10 + (*q++ - '0'); nd++; }
    if (strncmp(q, "年度", 6) == 0) q += 6;
    else if (strncmp(q, "年", 3) == 0) q += 3;
    if (*q == ':') q++;
    else if (strncmp(q, "：", 3) == 0) q += 3;
    const char *grade = iv_lookup(if_grade, q);
    if (nd != 4 || year < 1949 || year > 2100 || !grade) ok = 0;
    else {
      cJSON *r = cJSON_CreateObject();
      cJSON_AddNumberToObject(r, "year", (double)year);
      cJSON_AddStringToObject(r, "grade", grade);
      cJSON_AddItemToArray(arr, r);
    }
    free(item);
  }
  free(c);
  if (!ok || cJSON_GetArraySize(arr) == 0) { cJSON_Delete(arr); return NULL; }
  return arr;
}

/* Reads one cell of field f into obj; reports what cannot be read. */
static void read_cell(import_ctx *x, const table *t, const sheet_row *r, int c, cJSON *obj, cadre_row *cr)
{
  const column *col = &t->cols[c];
  const if_field *f = col->f;
  const sheet_cell *cell = sheet_cell_at(r, c);
  const char *raw = cell ? cell->text : "";
  char *v = iv_clean(raw, 0);
  const char *h = col->header;
  strbuf b = { 0 };
  if (!*v) goto done;
  switch (f->kind) {
  case IK_IGNORE: case IK_PHONE: break;
  case IK_TEXT: case IK_ID: case IK_PARENT_ID: case IK_PARENT_NAME:
    put(obj, f->key, cJSON_CreateString(v));
    break;
  case IK_UNIT_NAME: free(cr->unit_name); cr->unit_name = xstrdup(v); cr->unit_header = h; break;
  case IK_UNIT_ID: free(cr->unit_id); cr->unit_id = xstrdup(v); cr->id_header = h; break;
  case IK_DATE: {
    char d[11];
    if (iv_date(cell, t->s->date1904, d) == 0) {
      put(obj, f->key, cJSON_CreateString(d));
      if (iv_date_ambiguous(cell))
        im_add(x->m, IM_WARNING, t->label, r->number, h, "found the number %s, read as %s; expected text: "
               "a number cell keeps 1995.10 as 1995.1 (format the column as text, or type 1995年10月)", v, d);
    }
    else im_add(x->m, IM_ERROR, t->label, r->number, h, "found '%s'; expected a date such as 1995.03, "
                "1995年3月, 19950312 or 1995-03-12", v);
    break;
  }
  case IK_BOOL: {
    int bv = iv_bool(v);
    if (bv >= 0) put(obj, f->key, cJSON_CreateBool(bv));
    else im_add(x->m, IM_ERROR, t->label, r->number, h, "found '%s'; expected 是, 否, √ or an empty cell", v);
    break;
  }
  case IK_ENUM: {
    if (col->mark) {   /* a tick column: a mark there means the column's value */
      int bv = iv_bool(v);
      if (bv == 1) {
        cJSON *old = cJSON_GetObjectItemCaseSensitive(obj, f->key);
        if (old && strcmp(old->valuestring, col->mark) != 0)
          im_add(x->m, IM_ERROR, t->label, r->number, h, "found a tick beside one for %s; expected one tick", old->valuestring);
        else put(obj, f->key, cJSON_CreateString(col->mark));
      } else if (bv != 0) {
        im_add(x->m, IM_ERROR, t->label, r->number, h, "found '%s'; expected √ or an empty cell", v);
      }
      break;
    }
    const char *ev = iv_lookup(f->values, v);
    if (ev) { put(obj, f->key, cJSON_CreateString(ev)); break; }
    iv_describe(f->values, &b);
    if (f->values == if_level) {
      sb_reset(&b);
      for (int i = 0; i < 11; i++) sb_addf(&b, "%s%s", i ? (i == 10 ? _(" or ") : _(", ")) : "", if_level[i].typed);
    }
    im_add(x->m, IM_ERROR, t->label, r->number, h, "found '%s'; expected %s", v, sb_str(&b));
    break;
  }
  case IK_NUMBER: case IK_COUNT:
    if (iv_number(v, f->kind == IK_COUNT, &b) == 0 && !(strcmp(f->key, "funding") == 0 && b.s[0] == '-'))
      put(obj, f->key, cJSON_CreateRaw(sb_str(&b)));
    else
      im_add(x->m, IM_ERROR, t->label, r->number, h, "found '%s'; expected %s", v,
             f->kind == IK_COUNT ? _("a whole number of at least 0") : _("a number such as 17 or 86.5"));
    break;
  case IK_ASSESS: {
    cJSON *a = read_assessment(v);
    if (a) put(obj, f->key, a);
    else im_add(x->m, IM_ERROR, t->label, r->number, h, "found '%s'; expected years and grades such as "
                "2022年优秀；2023年合格 (优秀, 合格, 基本合格 or 不合格)", v);
    break;
  }
  case IK_ID_NUMBER: {
    char id[19], birth[11];
    int male;
    const char *why = iv_id_number(cell, id, birth, &male);
    if (why) { im_add(x->m, IM_ERROR, t->label, r->number, h, "found '%s'; expected %s", v, why); break; }
    cr->id_number = xstrdup(id);
    cJSON *bj = cJSON_GetObjectItemCaseSensitive(obj, "birth");
    cJSON *gj = cJSON_GetObjectItemCaseSensitive(obj, "gender");
    if (bj && strncmp(bj->valuestring, birth, strlen(bj->valuestring)) != 0)
      im_add(x->m, IM_ERROR, t->label, r->number, h, "found '%s', born %s; expected the birth date of the "
             "出生年月 column, %s", v, birth, bj->valuestring);
    if (gj && strcmp(gj->valuestring, male ? "男" : "女") != 0)
      im_add(x->m, IM_ERROR, t->label, r->number, h, "found '%s', a %s's number (17th digit %s); expected "
             "a %s's, as the 性别 column says", v, male ? _("man") : _("woman"), male ? _("odd") : _("even"),
             male ? _("woman") : _("man"));
    break;
  }
  }
done:
  sb_free(&b);
  free(v);
}

/* Reads the data rows of a table into x. */
static void read_rows(import_ctx *x, table *t)
{
  cJSON **arr = t->kind == IF_CADRE ? &x->cadres : t->kind == IF_UNIT ? &x->units : &x->indicators;
  if (!*arr) *arr = cJSON_CreateArray();
  for (int i = t->first_data; i < t->s->nrows; i++) {
    const sheet_row *r = &t->s->rows[i];
    int any = 0;
    for (int c = 0; c < t->ncols && c < r->ncells; c++) {
      if (!t->cols[c].f || t->cols[c].f->kind == IK_IGNORE) continue;
      char *v = iv_clean(sheet_text(r, c), 0);
      if (*v) any = 1;
      free(v);
    }
    if (!any) continue;
    cJSON *obj = cJSON_CreateObject();
    cadre_row cr = { .obj = obj, .t = t, .row = r->number };
    /* fields in the county file's order; the 身份证号 after birth and gender */
    for (int pass = 0; pass < 2; pass++)
      for (int k = 0; k < if_nfields; k++)
        for (int c = 0; c < t->ncols; c++)
          if (t->cols[c].f == &if_fields[k] && (pass == 1) == (if_fields[k].kind == IK_ID_NUMBER)) {
            if (pass == 0 && (if_fields[k].kind == IK_UNIT_NAME || if_fields[k].kind == IK_UNIT_ID) &&
                !cJSON_GetObjectItemCaseSensitive(obj, "unit"))
              cJSON_AddNullToObject(obj, "unit");   /* its place, filled when units are resolved */
            read_cell(x, t, r, c, obj, &cr);
          }
    for (int k = 0; k < if_nfields; k++) {
      const if_field *f = &if_fields[k];
      if (f->table != t->kind || !f->required || !f->key) continue;
      if (cJSON_GetObjectItemCaseSensitive(obj, f->key)) continue;
      for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].f == f) {
          char *v = iv_clean(sheet_text(r, c), 0);
          if (!*v) im_add(x->m, IM_ERROR, t->label, r->number, t->cols[c].header,
                          "found an empty cell; expected %s, such as %s", f->headers, f->example);
          free(v);
          break;
        }
    }
    if (t->kind == IF_CADRE) {
      if (!cr.unit_id && !cr.unit_name)
        im_add(x->m, IM_ERROR, t->label, r->number, "单位", "found an empty cell; expected the cadre's unit");
      x->rows = xrealloc(x->rows, (size_t)(x->nrows + 1) * sizeof *x->rows);
      x->rows[x->nrows++] = cr;
    }
    cJSON_AddItemToArray(*arr, obj);
  }
}

static void add_known(import_ctx *x, const char *id, const char *name)
{
  x->known = xrealloc(x->known, (size_t)(x->nknown + 1) * sizeof *x->known);
  x->known[x->nknown].id = xstrdup(id);
  x->known[x->nknown++].name = xstrdup(name ? name : "");
}

static const unit_ref *known_by_id(const import_ctx *x, const char *id)
{
  for (int i = 0; i < x->nknown; i++) if (strcmp(x->known[i].id, id) == 0) return &x->known[i];
  return NULL;
}

/* The level a new unit's name tells, or NULL: what comes before its
 * organisation word (…村团支部, …镇团委, …街道团工委, …中学团委). */
static const char *guess_level(const char *name)
{
  static const char *const org[] = { "团支部", "团总支", "团工委", "团委", NULL };
  static const char *const g[][2] = {
    { "社区", "community" }, { "村", "village" }, { "嘎查", "village" }, { "街道", "subdistrict" },
    { "镇", "township" }, { "乡", "township" }, { "苏木", "township" }, { "职业学校", "vocational_school" },
    { "职业技术学校", "vocational_school" }, { "中职", "vocational_school" }, { "学校", "school" },
    { "中学", "school" }, { "小学", "school" }, { "公司", "enterprise" }, { "协会", "social_org" },
    { NULL, NULL } };
  size_t n = strlen(name);
  if (strncmp(name, "共青团", 9) == 0 && n > 9 && strcmp(name + n - 9, "委员会") == 0) return "county";
  for (int i = 0; org[i]; i++) {
    size_t k = strlen(org[i]);
    if (n <= k || strcmp(name + n - k, org[i]) != 0) continue;
    for (int j = 0; g[j][0]; j++) {
      size_t m = strlen(g[j][0]);
      if (n - k >= m && strncmp(name + n - k - m, g[j][0], m) == 0) return g[j][1];
    }
  }
  return NULL;
}

/* Gives the units of the units table ids, checks them and their parents, and
 * makes them the units the cadres point to. */
static void resolve_units(import_ctx *x, const table *ut)
{
  int n = cJSON_GetArraySize(x->units), seq = 0;
  for (int i = 0; i < n; i++) {
    cJSON *u = cJSON_GetArrayItem(x->units, i);
    cJSON *id = cJSON_GetObjectItemCaseSensitive(u, "id"), *name = cJSON_GetObjectItemCaseSensitive(u, "name");
    if (!id) {
      char buf[16];
      do snprintf(buf, sizeof buf, "u%03d", ++seq); while (known_by_id(x, buf));
      put(u, "id", cJSON_CreateString(buf));
      id = cJSON_GetObjectItemCaseSensitive(u, "id");
    } else if (known_by_id(x, id->valuestring)) {
      im_add(x->m, IM_ERROR, ut ? ut->label : "", 0, "单位编码", "found '%s' twice; expected each unit's own code",
             id->valuestring);
    }
    add_known(x, id->valuestring, name ? name->valuestring : "");
  }
  for (int i = 0; i < n; i++) {
    cJSON *u = cJSON_GetArrayItem(x->units, i);
    cJSON *p = cJSON_GetObjectItemCaseSensitive(u, "parent");
    if (!p) continue;
    if (known_by_id(x, p->valuestring)) continue;
    int hits = 0;
    const char *hit = NULL;
    for (int k = 0; k < x->nknown; k++)
      if (strcmp(x->known[k].name, p->valuestring) == 0) { hits++; hit = x->known[k].id; }
    if (hits == 1) cJSON_SetValuestring(p, hit);
    else im_add(x->m, IM_ERROR, ut ? ut->label : "", 0, "上级单位", "found '%s'; expected %s", p->valuestring,
                hits ? _("a unit name that only one unit has, or its 单位编码") : _("the name or 单位编码 of a unit in the units table"));
  }
}

/* Points every cadre at a unit: by 单位编码, else by name (a new unit when no
 * unit has the name). */
static void resolve_cadres(import_ctx *x)
{
  int seq = 0;
  for (int i = 0; i < x->nrows; i++) {
    cadre_row *cr = &x->rows[i];
    const char *id = NULL;
    if (cr->unit_id) {
      const unit_ref *u = known_by_id(x, cr->unit_id);
      if (!u) im_add(x->m, IM_ERROR, cr->t->label, cr->row, cr->id_header,
                     "found '%s'; expected the 单位编码 of a unit of the county", cr->unit_id);
      else id = u->id;
      if (u && cr->unit_name && strcmp(u->name, cr->unit_name) != 0)
        im_add(x->m, IM_WARNING, cr->t->label, cr->row, cr->unit_header,
               "found '%s'; expected the name of unit %s, '%s' (the 单位编码 is followed)", cr->unit_name, u->id, u->name);
    } else if (cr->unit_name) {
      strbuf ids = { 0 };
      int hits = 0;
      for (int k = 0; k < x->nknown; k++)
        if (strcmp(x->known[k].name, cr->unit_name) == 0) {
          sb_addf(&ids, "%s%s", hits ? ", " : "", x->known[k].id);
          hits++;
          id = x->known[k].id;
        }
      if (hits > 1) {
        im_add(x->m, IM_ERROR, cr->t->label, cr->row, cr->unit_header, "found '%s', the name of %d units (%s); "
               "expected a name only one unit has, or a 单位编码 column", cr->unit_name, hits, sb_str(&ids));
        id = NULL;
      } else if (hits == 0) {
        const char *level = guess_level(cr->unit_name);
        if (!level) {
          im_add(x->m, IM_ERROR, cr->t->label, cr->row, cr->unit_header, "found '%s', a unit the county does not "
                 "have; expected a unit's name, or a new one whose name tells its level (…村团支部, …社区团支部, "
                 "…镇团委, …街道团工委, …中学团委)", cr->unit_name);
        } else {
          char buf[16];
          do snprintf(buf, sizeof buf, "new%03d", ++seq); while (known_by_id(x, buf));
          cJSON *u = cJSON_CreateObject();
          cJSON_AddStringToObject(u, "id", buf);
          cJSON_AddStringToObject(u, "name", cr->unit_name);
          cJSON_AddStringToObject(u, "level", level);
          if (!x->new_units) x->new_units = cJSON_CreateArray();
          cJSON_AddItemToArray(x->new_units, u);
          add_known(x, buf, cr->unit_name);
          id = x->known[x->nknown - 1].id;
        }
      }
      if (hits == 0 && id)
        im_add(x->m, IM_WARNING, cr->t->label, cr->row, cr->unit_header, "found '%s', a unit the county does not "
               "have; added it as unit %s, level %s (check its level and parent)", cr->unit_name, id,
               if_level_label(guess_level(cr->unit_name)));
      sb_free(&ids);
    }
    if (id) cJSON_ReplaceItemInObjectCaseSensitive(cr->obj, "unit", cJSON_CreateString(id));
    else cJSON_DeleteItemFromObjectCaseSensitive(cr->obj, "unit");
  }
}

static const char *row_text(const cadre_row *r, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->obj, key);
  return cJSON_IsString(v) ? v->valuestring : "";
}

/* Orders rows by 身份证号, then by row order. */
static int by_id_number(const void *a, const void *b)
{
  const cadre_row *x = *(const cadre_row *const *)a, *y = *(const cadre_row *const *)b;
  int c = strcmp(x->id_number ? x->id_number : "", y->id_number ? y->id_number : "");
  return c ? c : (x < y ? -1 : x > y);
}

/* Orders rows by name and birth date, then by row order. */
static int by_name_birth(const void *a, const void *b)
{
  const cadre_row *x = *(const cadre_row *const *)a, *y = *(const cadre_row *const *)b;
  int c = strcmp(row_text(x, "name"), row_text(y, "name"));
  if (!c) c = strcmp(row_text(x, "birth"), row_text(y, "birth"));
  return c ? c : (x < y ? -1 : x > y);
}

/* Same 身份证号, or same name and birth date (unless both rows have their own
 * 身份证号: two people), in two rows: each later row is reported against the
 * first. Sorted, so that a roster of any size costs n log n. */
static void check_duplicates(import_ctx *x)
{
  cadre_row **v = xmalloc((size_t)(x->nrows + 1) * sizeof *v);
  for (int i = 0; i < x->nrows; i++) v[i] = &x->rows[i];
  qsort(v, (size_t)x->nrows, sizeof *v, by_id_number);
  for (int i = 1; i < x->nrows; i++) {
    cadre_row *a = v[i];
    int k = i;
    while (k > 0 && v[k - 1]->id_number && a->id_number && strcmp(v[k - 1]->id_number, a->id_number) == 0) k--;
    if (k < i)
      im_add(x->m, IM_ERROR, a->t->label, a->row, "身份证号", "found '%s' again; expected each cadre once "
             "(the same number is in %s row %ld)", a->id_number, v[k]->t->label, v[k]->row);
  }
  qsort(v, (size_t)x->nrows, sizeof *v, by_name_birth);
  for (int i = 0, j; i < x->nrows; i = j) {
    for (j = i + 1; j < x->nrows && strcmp(row_text(v[i], "name"), row_text(v[j], "name")) == 0 &&
         strcmp(row_text(v[i], "birth"), row_text(v[j], "birth")) == 0; j++) {}
    if (!*row_text(v[i], "name") || !*row_text(v[i], "birth")) continue;
    for (int a = i + 1; a < j; a++)   /* one name and birth date: a handful of rows */
      for (int b = i; b < a; b++) {
        if (v[a]->id_number && v[b]->id_number) continue;
        im_add(x->m, IM_ERROR, v[a]->t->label, v[a]->row, "姓名", "found '%s', born %s, again; expected each "
               "cadre once (the same name and birth date are in %s row %ld)", row_text(v[a], "name"),
               row_text(v[a], "birth"), v[b]->t->label, v[b]->row);
        break;
      }
  }
  free(v);
}

/* The units of an existing county file, for finding cadres' units by name. */
static int load_existing_units(import_ctx *x, const char *path)
{
  diag_list *d = diag_new(path, 100);
  xmlDocPtr doc = load_file(path, d);
  if (!doc) {
    diag_print(d, stderr);
    diag_free(d);
    return -1;
  }
  diag_free(d);
  for (xmlNode *c = xmlDocGetRootElement(doc)->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "units") != 0) continue;
    for (xmlNode *u = c->children; u; u = u->next) {
      if (u->type != XML_ELEMENT_NODE) continue;
      xmlChar *id = NULL, *name = NULL;
      for (xmlNode *f = u->children; f; f = f->next) {
        if (f->type != XML_ELEMENT_NODE) continue;
        if (strcmp((const char *)f->name, "id") == 0) { xmlFree(id); id = xmlNodeGetContent(f); }
        if (strcmp((const char *)f->name, "name") == 0) { xmlFree(name); name = xmlNodeGetContent(f); }
      }
      if (id) add_known(x, (const char *)id, (const char *)name);
      xmlFree(id);
      xmlFree(name);
    }
  }
  xmlFreeDoc(doc);
  return 0;
}

static int has_suffix_ci(const char *s, const char *suf)
{
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcasecmp(s + n - m, suf) == 0;
}

static void usage(const char *msg, const char *arg)
{
  fprintf(stderr, _("reformgen import: %s%s\nUsage: reformgen import [--map FILE] -o COUNTY.json|COUNTY.xml FILE...\n"),
          _(msg), arg);
}

int import_main(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "output", required_argument, NULL, 'o' }, { "map", required_argument, NULL, 'm' },
    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
  const char *out = NULL, *map = NULL;
  int c;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
    if (c == 'o') out = optarg;
    else if (c == 'm') map = optarg;
    else if (c == 'h') {
      printf(_("Usage: reformgen import [--map FILE] -o COUNTY.json|COUNTY.xml FILE...\n"
             "Read a cadre roster (and optionally the units and the indicators) from XLSX and\n"
             "CSV files into a county file. When COUNTY exists, its cadres (and units or\n"
             "indicators, when given) are replaced and the rest is kept.\n\n"
             "  -o, --output=COUNTY   the county file to write or update (.json or .xml)\n"
             "      --map=FILE        more headers: lines HEADER = cadre.FIELD (templates/DATA.md)\n"
             "  -h, --help            show this help and exit\n"));
      return 0;
    } else if (c == ':') { usage("option needs an argument: ", argv[optind - 1]); return 2; }
    else { usage("unknown option: ", argv[optind - 1]); return 2; }
  }
  if (!out) { usage("no county file: give -o COUNTY.json or -o COUNTY.xml", ""); return 2; }
  if (!has_suffix_ci(out, ".json") && !has_suffix_ci(out, ".xml")) {
    usage("the county file must end in .json or .xml, not: ", out);
    return 2;
  }
  if (optind >= argc) { usage("no roster files", ""); return 2; }
  util_install_allocators();
  xmlInitParser();
  if (map) {
    char *err = NULL;
    if (if_load_map(map, &err) != 0) {
      fprintf(stderr, "%s:%s\n", map, err);
      free(err);
      return 1;
    }
  }
  import_ctx x = { .m = im_new() };
  table **tables = NULL;
  int ntables = 0, rc = 1;
  for (int i = optind; i < argc; i++) {
    const char *path = argv[i];
    sheet **sheets = NULL;
    int ns = 0, xlsx = has_suffix_ci(path, ".xlsx") || has_suffix_ci(path, ".xlsm");
    char *err = NULL;
    struct stat fst;
    if (stat(path, &fst) != 0 || !S_ISREG(fst.st_mode)) {
      im_add(x.m, IM_ERROR, path, 0, NULL, "cannot read: %s; expected a roster file",
             stat(path, &fst) != 0 ? strerror(errno) : _("not a regular file"));
      continue;
    }
    if (xlsx) ns = xlsx_read(path, &sheets, &err);
    else if (has_suffix_ci(path, ".csv") || has_suffix_ci(path, ".txt") || has_suffix_ci(path, ".tsv")) {
      const char *enc;
      sheet *s = csv_read(path, &enc, &err);
      if (s) { sheets = xmalloc(sizeof *sheets); sheets[0] = s; ns = 1; }
      else ns = -1;
    } else {
      err = xstrdup(_("not a roster file; expected .xlsx or .csv (save a .xls or .et file as .xlsx)"));
      ns = -1;
    }
    if (ns < 0) { im_add(x.m, IM_ERROR, path, 0, NULL, "%s", err); free(err); continue; }
    int found = 0;
    for (int k = 0; k < ns; k++) {
      table *t = xcalloc(1, sizeof *t);
      t->s = sheets[k];
      t->label = xlsx ? xasprintf("%s[%s]", path, sheets[k]->name) : xstrdup(path);
      tables = xrealloc(tables, (size_t)(ntables + 1) * sizeof *tables);
      tables[ntables++] = t;
      if (find_header(t) != 0) { t->kind = IF_NTABLES; continue; }
      found++;
      check_columns(&x, t);
    }
    free(sheets);
    if (!found)
      im_add(x.m, IM_ERROR, path, 0, NULL, "no table found; expected a header row with 姓名 (roster), 单位名称 "
             "(units) or 指标名称 (indicators) in the first %d rows%s", HEADER_SCAN, xlsx ? _(" of a sheet") : "");
  }
  struct stat st;
  int exists = stat(out, &st) == 0;
  const table *unit_table = NULL;
  for (int i = 0; i < ntables; i++) {
    if (tables[i]->kind == IF_NTABLES) continue;
    read_rows(&x, tables[i]);
    if (tables[i]->kind == IF_UNIT) unit_table = tables[i];
  }
  if (!x.cadres && !im_errors(x.m))
    im_add(x.m, IM_ERROR, argv[optind], 0, NULL, "no roster; expected a table with a 姓名 column");
  if (x.units) resolve_units(&x, unit_table);
  else if (exists && load_existing_units(&x, out) != 0) goto done;
  if (x.cadres) { resolve_cadres(&x); check_duplicates(&x); }
  if (!x.units && !exists && x.new_units == NULL && x.cadres && cJSON_GetArraySize(x.cadres) > 0 && !im_errors(x.m))
    im_add(x.m, IM_WARNING, out, 0, NULL, "a new county file; expected county and period to be added before rendering");
  im_print(x.m, stderr);
  if (im_errors(x.m)) {
    fprintf(stderr, _("reformgen import: %d error%s; %s not written\n"), im_errors(x.m), im_errors(x.m) == 1 ? "" : "s", out);
    goto done;
  }
  char *err = NULL;
  import_parts parts = { .cadres = x.cadres, .units = x.units, .new_units = x.new_units, .indicators = x.indicators };
  if (iw_write(out, exists, &parts, &err) != 0) {
    fprintf(stderr, _("%s: error: %s\n"), out, err);
    free(err);
    goto done;
  }
  rc = 0;
done:
  for (int i = 0; i < ntables; i++) {
    for (int c2 = 0; c2 < tables[i]->ncols; c2++) free(tables[i]->cols[c2].header);
    sheet_free(tables[i]->s);
    free(tables[i]->label);
    free(tables[i]);
  }
  free(tables);
  for (int i = 0; i < x.nrows; i++) { free(x.rows[i].unit_name); free(x.rows[i].unit_id); free(x.rows[i].id_number); }
  free(x.rows);
  for (int i = 0; i < x.nknown; i++) { free(x.known[i].id); free(x.known[i].name); }
  free(x.known);
  cJSON_Delete(x.cadres);
  cJSON_Delete(x.units);
  cJSON_Delete(x.new_units);
  cJSON_Delete(x.indicators);
  im_free(x.m);
  if_free_map();
  return rc;
}
