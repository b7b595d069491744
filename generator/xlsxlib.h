/* xlsxlib.h: libxlsxwriter, loaded when a workbook is first written.
 *
 * Only --format xlsx and `reformgen blank` write workbooks; the library (and
 * the OpenSSL it links) is opened with dlopen then, not at every start. The
 * functions are libxlsxwriter's own, called through this table; their types
 * come from its header, so a call is checked as a direct one would be. */
#ifndef XLSXLIB_H
#define XLSXLIB_H

#include <xlsxwriter.h>

#define XLSXLIB_FUNCTIONS(X)                                                                  \
  X(workbook_new) X(workbook_new_opt) X(workbook_set_properties) X(workbook_add_format)       \
  X(workbook_add_worksheet) X(workbook_close)                                                 \
  X(format_set_align) X(format_set_bg_color) X(format_set_bold) X(format_set_border)          \
  X(format_set_font_name) X(format_set_font_size) X(format_set_num_format)                    \
  X(format_set_text_wrap)                                                                     \
  X(worksheet_data_validation_range) X(worksheet_fit_to_pages) X(worksheet_freeze_panes)      \
  X(worksheet_merge_range) X(worksheet_repeat_rows) X(worksheet_set_column)                   \
  X(worksheet_set_footer) X(worksheet_set_landscape) X(worksheet_set_margins)                 \
  X(worksheet_set_paper) X(worksheet_set_portrait) X(worksheet_write_blank)                   \
  X(worksheet_write_datetime) X(worksheet_write_formula_num) X(worksheet_write_number)        \
  X(worksheet_write_string)                                                                   \
  X(lxw_rowcol_to_range) X(lxw_rowcol_to_range_abs) X(lxw_strerror)

typedef struct xlsxlib {
#define XLSXLIB_MEMBER(f) __typeof__(f) *f;
  XLSXLIB_FUNCTIONS(XLSXLIB_MEMBER)
#undef XLSXLIB_MEMBER
} xlsxlib;

/* The library's functions, loaded on the first call. NULL when it cannot be
 * loaded, with *err (newly allocated) saying why. */
const xlsxlib *xlsxlib_load(char **err);

#endif
