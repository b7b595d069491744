/* archive.h: the archival description of a document (GB/T 18894-2016 and
 * DA/T 46-2009 style): 题名, 文件编号, 责任者, 日期, 机构, 保管期限, 密级.
 *
 * The same fields go into the PDF/A's XMP (pdfa.h), the OFD's DocInfo
 * (ofd.h) and the manifest. Where each comes from (templates/DATA.md,
 * "Archival metadata"):
 *   题名 title          the document's title (the template's title attribute)
 *   文件编号 docno      the template's doc-number attribute (the 文号); absent when none
 *   责任者 author       the template's author attribute (the issuing body)
 *   日期 date           the template's created attribute (YYYY-MM-DD)
 *   机构 organization   archive/organization of the county file, else county/league_committee
 *   保管期限 retention  archive/retention, else --retention, else 永久
 *   密级 classification archive/classification, else --classification, else none
 *                       (absent: never invented)
 * In XMP they are the properties of ARCHIVE_NS (prefix ARCHIVE_PREFIX), named
 * as in archive_field_names. */
#ifndef REFORMGEN_ARCHIVE_H
#define REFORMGEN_ARCHIVE_H

#include <libxml/tree.h>
#include "dlist.h"

#define ARCHIVE_NS "https://reformgen.invalid/ns/archive/1.0/"
#define ARCHIVE_PREFIX "rgarc"
#define ARCHIVE_RETENTION_DEFAULT "永久"

enum { ARCHIVE_TITLE, ARCHIVE_DOCNO, ARCHIVE_AUTHOR, ARCHIVE_DATE, ARCHIVE_ORGANIZATION,
       ARCHIVE_RETENTION, ARCHIVE_CLASSIFICATION, ARCHIVE_NFIELDS };

/* The fields' values, UTF-8, each NULL when absent. */
typedef struct archive_meta { char *v[ARCHIVE_NFIELDS]; } archive_meta;

/* What the command line says (--retention, --classification), or NULL. */
typedef struct archive_opts { const char *retention, *classification; } archive_opts;

/* The retention periods DA/T 22-2015 allows and the 密级 of the 保密法. */
extern const char *const archive_retentions[];
extern const char *const archive_classifications[];

/* The XMP property name of field i (Title, DocumentNumber ...), its Chinese
 * label (题名 ...) and a one-line description. */
const char *archive_field_name(int i);
const char *archive_field_label(int i);
const char *archive_field_description(int i);

/* Fills m from the laid-out document l, the county's data document (may be
 * NULL: the roll-up) and the options o (may be NULL). */
void archive_meta_make(archive_meta *m, const dl_doc *l, xmlDocPtr data, const archive_opts *o);
void archive_meta_free(archive_meta *m);
/* A new copy of m in dst. */
void archive_meta_copy(archive_meta *dst, const archive_meta *m);

/* Returns 1 when s is one of the words list (NULL-terminated). */
int archive_is_one_of(const char *s, const char *const *list);

#endif
