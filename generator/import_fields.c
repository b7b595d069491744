/* import_fields.c: the import tables' columns and vocabularies (import_fields.h). */
#include "import_fields.h"
#include "i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const if_table_names[IF_NTABLES] = { "cadre", "unit", "indicator" };

const iv_alias if_gender[] = { { "男", "男" }, { "女", "女" }, { "男性", "男" }, { "女性", "女" }, { NULL, NULL } };
const iv_alias if_political[] = {
  { "中共党员", "中共党员" }, { "中共预备党员", "中共预备党员" }, { "共青团员", "共青团员" }, { "群众", "群众" },
  { "党员", "中共党员" }, { "中国共产党党员", "中共党员" }, { "预备党员", "中共预备党员" },
  { "团员", "共青团员" }, { "中国共产主义青年团团员", "共青团员" }, { NULL, NULL } };
const iv_alias if_mode[] = { { "专职", "专职" }, { "挂职", "挂职" }, { "兼职", "兼职" },
  { "专", "专职" }, { "挂", "挂职" }, { "兼", "兼职" }, { NULL, NULL } };
const iv_alias if_establishment[] = { { "编制内", "编制内" }, { "编制外", "编制外" },
  { "在编", "编制内" }, { "不在编", "编制外" }, { "内", "编制内" }, { "外", "编制外" },
  { "行政编制", "编制内" }, { "事业编制", "编制内" }, { "无编制", "编制外" }, { NULL, NULL } };
const iv_alias if_grade[] = { { "优秀", "优秀" }, { "合格", "合格" }, { "基本合格", "基本合格" },
  { "不合格", "不合格" }, { NULL, NULL } };
/* the first spelling of each level is the label blank shows */
const iv_alias if_level[] = {
  { "县级", "county" }, { "乡镇", "township" }, { "街道", "subdistrict" }, { "村", "village" },
  { "社区", "community" }, { "学校", "school" }, { "中职学校", "vocational_school" },
  { "企业", "enterprise" }, { "社会组织", "social_org" }, { "行业系统", "industry" }, { "机关", "government" },
  { "县", "county" }, { "县团委", "county" }, { "旗", "county" }, { "乡", "township" }, { "镇", "township" },
  { "苏木", "township" }, { "嘎查", "village" }, { "中学", "school" }, { "中职", "vocational_school" },
  { "非公企业", "enterprise" }, { "行业", "industry" }, { "党政机关", "government" },
  { "county", "county" }, { "township", "township" }, { "subdistrict", "subdistrict" },
  { "village", "village" }, { "community", "community" }, { "school", "school" },
  { "vocational_school", "vocational_school" }, { "enterprise", "enterprise" },
  { "social_org", "social_org" }, { "industry", "industry" }, { "government", "government" },
  { NULL, NULL } };

const char *if_level_label(const char *level)
{
  for (const iv_alias *a = if_level; a->typed; a++)
    if (strcmp(a->value, level) == 0) return a->typed;
  return level;
}

const if_field if_fields[] = {
  { IF_CADRE, NULL, IK_IGNORE, 0, "序号|编号|备注", NULL, NULL },
  { IF_CADRE, "name", IK_TEXT, 1, "姓名|名字", NULL, "张三" },
  { IF_CADRE, "gender", IK_ENUM, 1, "性别", if_gender, "女" },
  { IF_CADRE, "birth", IK_DATE, 1, "出生年月|出生日期|出生年月日|出生时间", NULL, "1995.03" },
  { IF_CADRE, "ethnicity", IK_TEXT, 0, "民族", NULL, "汉族" },
  { IF_CADRE, "political", IK_ENUM, 1, "政治面貌", if_political, "共青团员" },
  { IF_CADRE, "education", IK_TEXT, 0, "学历|文化程度|最高学历", NULL, "大学本科" },
  { IF_CADRE, "unit", IK_UNIT_NAME, 0, "单位|所在单位|工作单位|单位名称|所在团组织|团组织", NULL, "大石镇团委" },
  { IF_CADRE, "unit", IK_UNIT_ID, 0, "单位编码|单位代码|团组织编码", NULL, "t01" },
  { IF_CADRE, "post", IK_TEXT, 1, "职务|现任职务|团内职务", NULL, "副书记" },
  { IF_CADRE, "mode", IK_ENUM, 1, "任职方式|专兼挂|专挂兼|专兼职", if_mode, "兼职" },
  { IF_CADRE, "establishment", IK_ENUM, 1, "编制|编制情况|是否在编|编制内外", if_establishment, "编制外" },
  { IF_CADRE, "source", IK_TEXT, 0, "来源|人员来源|干部来源", NULL, "返乡大学毕业生" },
  { IF_CADRE, "on_duty", IK_BOOL, 0, "是否在岗|在岗|在岗情况", NULL, "是" },
  { IF_CADRE, "two_committees", IK_BOOL, 0, "是否进入“两委”|是否进入两委|进入两委|是否进两委|是否两委成员", NULL, "是" },
  { IF_CADRE, "appointed", IK_DATE, 0, "任职时间|任职日期|任现职时间", NULL, "2021.06" },
  { IF_CADRE, "assessment", IK_ASSESS, 0, "年度考核|考核结果|年度考核结果|考核情况", NULL, "2022年优秀；2023年合格" },
  { IF_CADRE, NULL, IK_ID_NUMBER, 0, "身份证号|身份证号码|公民身份号码|身份证", NULL, "410184199503120026" },
  { IF_CADRE, NULL, IK_PHONE, 0, "联系电话|手机|手机号码|电话|联系方式", NULL, "13800000000" },
  { IF_UNIT, NULL, IK_IGNORE, 0, "序号", NULL, NULL },
  { IF_UNIT, "id", IK_ID, 0, "单位编码|单位代码|编码", NULL, "t01" },
  { IF_UNIT, "name", IK_TEXT, 1, "单位名称|团组织名称|名称", NULL, "大石镇团委" },
  { IF_UNIT, "parent", IK_PARENT_ID, 0, "上级单位编码|上级编码", NULL, "xz" },
  { IF_UNIT, "parent", IK_PARENT_NAME, 0, "上级单位|上级团组织|上级单位名称", NULL, "共青团新郑市委员会" },
  { IF_UNIT, "level", IK_ENUM, 1, "层级|单位层级|单位类别|级别", if_level, "乡镇" },
  { IF_UNIT, "posts.secretary", IK_COUNT, 0, "书记职数", NULL, "1" },
  { IF_UNIT, "posts.deputy", IK_COUNT, 0, "副书记职数", NULL, "2" },
  { IF_UNIT, "posts.member", IK_COUNT, 0, "委员职数", NULL, "7" },
  { IF_UNIT, "posts.staff", IK_COUNT, 0, "干事职数", NULL, "0" },
  { IF_UNIT, "youth_population", IK_COUNT, 0, "青年人数|团员青年数|青年人口", NULL, "1200" },
  { IF_UNIT, "funding", IK_NUMBER, 0, "工作经费|经费|年度经费", NULL, "20000" },
  { IF_INDICATOR, NULL, IK_IGNORE, 0, "序号", NULL, NULL },
  { IF_INDICATOR, "id", IK_ID, 1, "指标编码|指标代码|编码", NULL, "county_staff" },
  { IF_INDICATOR, "name", IK_TEXT, 1, "指标名称|指标", NULL, "县级团委机关各类工作力量" },
  { IF_INDICATOR, "unit", IK_TEXT, 0, "计量单位|单位", NULL, "人" },
  { IF_INDICATOR, "before", IK_NUMBER, 1, "改革前|改革前数值|基数", NULL, "7" },
  { IF_INDICATOR, "after", IK_NUMBER, 1, "改革后|改革后数值|现值", NULL, "17" },
  { IF_INDICATOR, "target", IK_NUMBER, 0, "目标值|目标", NULL, "17" },
  { IF_INDICATOR, "higher_is_better", IK_BOOL, 0, "越高越好|是否越高越好", NULL, "是" },
  { IF_INDICATOR, "category", IK_TEXT, 0, "类别|分类", NULL, "工作力量" },
  { IF_INDICATOR, "note", IK_TEXT, 0, "备注|说明", NULL, "" },
};
const int if_nfields = (int)(sizeof if_fields / sizeof if_fields[0]);

/* The user's headers from a mapping file. */
typedef struct map_entry { char *header; int field; } map_entry;
static map_entry *user_map;
static int nuser_map;

/* The header as compared: trimmed, without spaces, quotes or a trailing
 * parenthesis. Returns a new string. */
static char *header_key(const char *h, int drop_paren)
{
  static const char *const drop[] = { " ", "\"", "'", "“", "”", "‘", "’", "「", "」", "『", "』", "*", "＊", NULL };
  char *c = iv_clean(h, 0);
  strbuf b = { 0 };
  for (const char *p = c; *p;) {
    int skipped = 0;
    for (int i = 0; drop[i]; i++) {
      size_t k = strlen(drop[i]);
      if (strncmp(p, drop[i], k) == 0) { p += k; skipped = 1; break; }
    }
    if (!skipped) sb_addc(&b, *p++);
  }
  free(c);
  char *k = sb_detach(&b);
  if (drop_paren) {
    size_t n = strlen(k);
    char *open = NULL;
    if (n >= 1 && k[n - 1] == ')') open = strrchr(k, '(');
    else if (n >= 3 && strcmp(k + n - 3, "）") == 0) {
      for (char *p = k; (p = strstr(p, "（")) != NULL; p += 3) open = p;
    }
    if (open && open != k) *open = '\0';
  }
  return k;
}


/* Whether key is one of the '|'-separated headers of list, compared as keys. */
static int header_matches(const char *list, const char *key, int drop_paren)
{
  int found = 0;
  for (const char *p = list; *p && !found;) {
    const char *bar = strchr(p, '|');
    size_t k = bar ? (size_t)(bar - p) : strlen(p);
    char *one = xstrndup(p, k);
    char *ok = header_key(one, drop_paren);
    found = strcmp(ok, key) == 0;
    free(ok);
    free(one);
    p += k + (bar ? 1 : 0);
  }
  return found;
}

static const if_field *ignore_field(if_table table)
{
  for (int i = 0; i < if_nfields; i++)
    if (if_fields[i].table == table && if_fields[i].kind == IK_IGNORE) return &if_fields[i];
  return NULL;
}

const if_field *if_lookup(if_table table, const char *header)
{
  const if_field *found = NULL;
  for (int pass = 0; pass < 2 && !found; pass++) {
    char *key = header_key(header, pass);
    if (*key) {
      for (int i = 0; i < nuser_map && !found; i++) {
        char *uk = header_key(user_map[i].header, pass);
        if (strcmp(uk, key) == 0 && (user_map[i].field < 0 || if_fields[user_map[i].field].table == table))
          found = user_map[i].field < 0 ? ignore_field(table) : &if_fields[user_map[i].field];
        free(uk);
      }
      for (int i = 0; i < if_nfields && !found; i++)
        if (if_fields[i].table == table && header_matches(if_fields[i].headers, key, pass)) found = &if_fields[i];
    }
    free(key);
  }
  if (found && found->table != table) found = NULL;
  return found;
}

void if_free_map(void)
{
  for (int i = 0; i < nuser_map; i++) free(user_map[i].header);
  free(user_map);
  user_map = NULL;
  nuser_map = 0;
}

int if_load_map(const char *path, char **err)
{
  size_t len;
  char *text = read_file(path, 1 << 20, &len);
  if (!text) { *err = xasprintf(_("cannot read the mapping file")); return -1; }
  int lineno = 0, rc = 0;
  for (char *line = text, *next; line && rc == 0; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = '\0';
    lineno++;
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *eq = strrchr(line, '=');
    char *whole = iv_clean(line, 0);
    if (!*whole) { free(whole); continue; }
    free(whole);
    if (!eq) { *err = xasprintf(_("%d: found '%s'; expected HEADER = TABLE.FIELD"), lineno, line); rc = -1; break; }
    *eq = '\0';
    char *h = iv_clean(line, 0), *f = iv_clean(eq + 1, 0);
    int field = -2;
    if (strcmp(f, "ignore") == 0) field = -1;
    for (int i = 1; i < if_nfields && field == -2; i++) {
      if (!if_fields[i].key) continue;
      char *name = xasprintf("%s.%s%s", if_table_names[if_fields[i].table], if_fields[i].key,
                             if_fields[i].kind == IK_UNIT_ID ? "_id" : if_fields[i].kind == IK_PARENT_NAME ? "_name" : "");
      if (strcmp(name, f) == 0) field = i;
      free(name);
    }
    if (strcmp(f, "cadre.id_number") == 0 || strcmp(f, "cadre.phone") == 0)
      for (int i = 0; i < if_nfields; i++)
        if (if_fields[i].kind == (f[6] == 'i' ? IK_ID_NUMBER : IK_PHONE)) field = i;
    if (field == -2 || !*h) {
      *err = xasprintf(_("%d: found '%s = %s'; expected HEADER = TABLE.FIELD with a field such as cadre.birth, "
                       "cadre.unit, cadre.unit_id, cadre.id_number, unit.name, unit.parent_name, "
                       "indicator.before (see templates/DATA.md), or ignore"), lineno, h, f);
      rc = -1;
    } else {
      user_map = xrealloc(user_map, (size_t)(nuser_map + 1) * sizeof *user_map);
      user_map[nuser_map].header = h;
      user_map[nuser_map++].field = field;
      h = NULL;
    }
    free(h);
    free(f);
  }
  free(text);
  return rc;
}
