/* blank.c: `reformgen blank`: the data-entry workbook (import.h), written
 * with libxlsxwriter. Its sheets carry the first header of every field of
 * import_fields.c, so that what it writes import reads back: the roster
 * (团干部花名册), the units (团组织) and the indicators (改革指标), with
 * dropdowns for the fixed vocabularies and the units, date and text formats,
 * and an instructions sheet (填写说明). */
#include "import.h"
#include "i18n.h"
#include "import_fields.h"
#include "output.h"
#include "util.h"
#include "xlsxlib.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const xlsxlib *XL;   /* libxlsxwriter, loaded by write_book */


enum { BLANK_ROWS = 2000 };

#if defined(__SANITIZE_ADDRESS__)
/* libxlsxwriter 1.1.4 never frees its copy of a list validation's formula
 * (23 bytes for each of the two unit dropdowns, made by lxw_strdup); the
 * sanitized build's leak check leaves that one allocation of the library's
 * alone. LeakSanitizer calls this hook for its default suppressions. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:lxw_strdup\n"; }
#endif   /* rows the dropdowns and formats cover */

static const char *const roster_name = "团干部花名册", *const units_name = "团组织", *const ind_name = "改革指标";

static char *first_header(const if_field *f)
{
  return xstrndup(f->headers, strcspn(f->headers, "|"));
}

/* A dropdown over a column's data rows, from a list or a formula. */
static void dropdown(lxw_worksheet *ws, int col, const char **list, const char *formula)
{
  lxw_data_validation v = { 0 };
  v.validate = formula ? LXW_VALIDATION_TYPE_LIST_FORMULA : LXW_VALIDATION_TYPE_LIST;
  v.value_list = (char **)(uintptr_t)list;
  v.value_formula = (char *)(uintptr_t)formula;
  v.ignore_blank = LXW_VALIDATION_ON;
  v.show_error = LXW_VALIDATION_ON;
  v.error_title = (char *)(uintptr_t)"请从下拉列表中选择";
  v.error_message = (char *)(uintptr_t)"此栏只能填写下拉列表中的值。";
  XL->worksheet_data_validation_range(ws, 1, (lxw_col_t)col, BLANK_ROWS, (lxw_col_t)col, &v);
}

/* The distinct county-file values of a vocabulary, NULL-terminated (static). */
static const char **values(const iv_alias *a, const char **buf, int max)
{
  int n = 0;
  for (; a->typed && n < max - 1; a++) {
    int dup = 0;
    for (int i = 0; i < n; i++) if (strcmp(buf[i], a->value) == 0) dup = 1;
    if (!dup) buf[n++] = a->value;
  }
  buf[n] = NULL;
  return buf;
}

/* Writes the header row of table t: every field that has a column in the county
 * file, with its formats and dropdowns. */
static void table_sheet(lxw_workbook *wb, lxw_worksheet *ws, if_table t, lxw_format *head,
                        lxw_format *date, lxw_format *text)
{
  static const char *yes_no[] = { "是", "否", NULL };
  const char *buf[16];
  int col = 0;
  for (int i = 0; i < if_nfields; i++) {
    const if_field *f = &if_fields[i];
    if (f->table != t || f->kind == IK_UNIT_ID || f->kind == IK_PARENT_ID) continue;
    if (f->kind == IK_IGNORE && t != IF_CADRE) continue;
    char *h = first_header(f);
    if (f->kind == IK_IGNORE) { free(h); h = xstrdup("序号"); }
    XL->worksheet_write_string(ws, 0, (lxw_col_t)col, h, head);
    double width = f->kind == IK_ID_NUMBER ? 22 : f->kind == IK_UNIT_NAME || f->kind == IK_PARENT_NAME ||
                   (f->key && strcmp(f->key, "name") == 0 && t != IF_CADRE) ? 28 : f->kind == IK_ASSESS ? 24 : 12;
    lxw_format *fmt = f->kind == IK_DATE ? date : f->kind == IK_ID_NUMBER || f->kind == IK_ID || f->kind == IK_PHONE ? text : NULL;
    XL->worksheet_set_column(ws, (lxw_col_t)col, (lxw_col_t)col, width, fmt);
    if (f->kind == IK_ENUM && f->values == if_level) {
      static const char *labels[12];
      for (int k = 0; k < 11; k++) labels[k] = if_level[k].typed;
      labels[11] = NULL;
      dropdown(ws, col, labels, NULL);
    } else if (f->kind == IK_ENUM) {
      dropdown(ws, col, values(f->values, buf, 16), NULL);
    } else if (f->kind == IK_BOOL) {
      dropdown(ws, col, yes_no, NULL);
    } else if (f->kind == IK_UNIT_NAME || f->kind == IK_PARENT_NAME) {
      char *formula = xasprintf("=%s!$B$2:$B$%d", units_name, BLANK_ROWS + 1);
      dropdown(ws, col, NULL, formula);
      free(formula);
    }
    free(h);
    col++;
  }
  XL->worksheet_freeze_panes(ws, 1, 0);
  (void)wb;
}

static void instructions(lxw_worksheet *ws, lxw_format *title)
{
  static const char *const lines[] = {
    "团干部花名册填写说明",
    "",
    "1. “团干部花名册”每行填写一名团干部；“团组织”每行填写一个团组织；“改革指标”每行填写一项改革前后的指标。",
    "2. 表头请勿修改。带下拉箭头的栏目（性别、政治面貌、任职方式、编制、单位、层级等）请从列表中选择。",
    "3. 出生年月、任职时间：可填 1995-03-12、1995.03、1995年3月 或 19950312；只知年月时填到月即可。",
    "4. 单位：填写“团组织”表中的单位名称；团组织的单位名称须各不相同，重名时请在单位编码中区分。",
    "5. 是否在岗、是否进入两委、越高越好：填“是”或“否”，不填表示未知（是否在岗不填视为在岗）。",
    "6. 年度考核：按“2022年优秀；2023年合格”填写，等次为优秀、合格、基本合格、不合格。",
    "7. 身份证号：18位，系统会核对校验位及与出生年月、性别是否一致；该栏已设为文本格式，请勿改为数字。",
    "8. 填好后运行：reformgen import -o 县名.json 本文件.xlsx；有错误时逐条列出“文件:行:栏目”，改正后重新导入。",
    NULL };
  XL->worksheet_set_column(ws, 0, 0, 110, NULL);
  for (int i = 0; lines[i]; i++) XL->worksheet_write_string(ws, (lxw_row_t)i, 0, lines[i], i == 0 ? title : NULL);
}

/* Writes the workbook to tmp. Returns 0, or -1 with a message in *err. */
static int write_book(const char *tmp, char **err)
{
  if (!(XL = xlsxlib_load(err))) return -1;
  lxw_workbook *wb = XL->workbook_new(tmp);
  if (!wb) { *err = xstrdup(_("cannot create the workbook")); return -1; }
  /* a fixed creation time: the same workbook on every run */
  lxw_datetime when = { 2024, 1, 1, 0, 0, 0 };
  lxw_doc_properties props = { .title = (char *)(uintptr_t)"团干部花名册", .created = 1704067200 };
  (void)when;
  XL->workbook_set_properties(wb, &props);
  lxw_format *head = XL->workbook_add_format(wb);
  XL->format_set_bold(head);
  XL->format_set_bg_color(head, 0xDDEBF7);
  XL->format_set_border(head, LXW_BORDER_THIN);
  XL->format_set_align(head, LXW_ALIGN_CENTER);
  lxw_format *date = XL->workbook_add_format(wb);
  XL->format_set_num_format(date, "yyyy-mm-dd");
  lxw_format *text = XL->workbook_add_format(wb);
  XL->format_set_num_format(text, "@");
  lxw_format *title = XL->workbook_add_format(wb);
  XL->format_set_bold(title);
  XL->format_set_font_size(title, 14);
  lxw_worksheet *roster = XL->workbook_add_worksheet(wb, roster_name);
  lxw_worksheet *units = XL->workbook_add_worksheet(wb, units_name);
  lxw_worksheet *ind = XL->workbook_add_worksheet(wb, ind_name);
  lxw_worksheet *help = XL->workbook_add_worksheet(wb, "填写说明");
  table_sheet(wb, roster, IF_CADRE, head, date, text);
  table_sheet(wb, units, IF_UNIT, head, date, text);
  table_sheet(wb, ind, IF_INDICATOR, head, date, text);
  instructions(help, title);
  lxw_error e = XL->workbook_close(wb);
  if (e != LXW_NO_ERROR) {
    *err = xasprintf(_("cannot write the workbook: %s"), XL->lxw_strerror(e));
    return -1;
  }
  return 0;
}

int blank_main(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "output", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
  const char *out = NULL;
  int c;
  opterr = 0;
  optind = 1;
  while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
    if (c == 'o') out = optarg;
    else if (c == 'h') {
      printf(_("Usage: reformgen blank -o FILE.xlsx\n"
             "Write a data-entry workbook (roster, units, indicators, instructions) that\n"
             "reformgen import reads back.\n"));
      return 0;
    } else {
      fprintf(stderr, _("reformgen blank: unknown option or missing argument: %s\n"
              "Usage: reformgen blank -o FILE.xlsx\n"), argv[optind - 1]);
      return 2;
    }
  }
  size_t n = out ? strlen(out) : 0;
  if (!out || n < 5 || strcasecmp(out + n - 5, ".xlsx") != 0 || optind < argc) {
    fprintf(stderr, _("reformgen blank: give the workbook as -o FILE.xlsx and nothing else\n"
            "Usage: reformgen blank -o FILE.xlsx\n"));
    return 2;
  }
  util_install_allocators();
  /* libxlsxwriter writes a file by name: a private temporary one, then the
   * bytes go to their place atomically like every output */
  char tmp[] = "/tmp/reformgen-blank-XXXXXX";
  int fd = mkstemp(tmp);
  if (fd < 0) { fprintf(stderr, _("reformgen blank: cannot make a temporary file: %s\n"), strerror(errno)); return 1; }
  close(fd);
  char *err = NULL;
  int rc = write_book(tmp, &err);
  size_t len = 0;
  char *bytes = rc == 0 ? read_file(tmp, 64u << 20, &len) : NULL;
  unlink(tmp);
  if (rc == 0 && !bytes) { err = xasprintf(_("cannot read back the workbook: %s"), strerror(errno)); rc = -1; }
  if (rc == 0) rc = output_write_atomic(out, bytes, len, &err);
  free(bytes);
  if (rc != 0) {
    fprintf(stderr, "%s: error: %s\n", out, err);
    free(err);
    return 1;
  }
  return 0;
}
