/* archive.c: the archival description of a document (archive.h). */
#include "archive.h"
#include "schema.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const archive_retentions[] = { "永久", "定期30年", "定期10年", NULL };
const char *const archive_classifications[] = { "秘密", "机密", "绝密", NULL };

static const struct { const char *name, *label, *description; } FIELDS[ARCHIVE_NFIELDS] = {
  { "Title", "题名", "题名: the title of the document" },
  { "DocumentNumber", "文件编号", "文件编号: the document number (文号) given by the issuing body" },
  { "Responsible", "责任者", "责任者: the body responsible for the content (the issuing body)" },
  { "Date", "日期", "日期: the date the document was made, YYYY-MM-DD" },
  { "Organization", "机构", "机构: the organisation whose records the document belongs to" },
  { "RetentionPeriod", "保管期限", "保管期限: the retention period (永久, 定期30年, 定期10年)" },
  { "SecurityClassification", "密级", "密级: the security classification (秘密, 机密, 绝密); absent when none" },
};

const char *archive_field_name(int i) { return FIELDS[i].name; }
const char *archive_field_label(int i) { return FIELDS[i].label; }
const char *archive_field_description(int i) { return FIELDS[i].description; }

int archive_is_one_of(const char *s, const char *const *list)
{
  for (; s && *list; list++)
    if (strcmp(s, *list) == 0) return 1;
  return 0;
}

static char *dup_or_null(const char *s) { return s && *s ? xstrdup(s) : NULL; }

void archive_meta_make(archive_meta *m, const dl_doc *l, xmlDocPtr data, const archive_opts *o)
{
  memset(m, 0, sizeof *m);
  xmlNode *root = data ? xmlDocGetRootElement(data) : NULL;
  xmlNode *county = root ? schema_find(root, "county") : NULL;
  xmlNode *arc = root ? schema_find(root, "archive") : NULL;
  m->v[ARCHIVE_TITLE] = dup_or_null(l->title);
  m->v[ARCHIVE_DOCNO] = dup_or_null(l->docno);
  m->v[ARCHIVE_AUTHOR] = dup_or_null(l->author);
  if (l->created[0]) m->v[ARCHIVE_DATE] = xasprintf("%04d-%02d-%02d", l->created[0], l->created[1], l->created[2]);
  const char *org = arc ? schema_get(arc, "organization") : NULL;
  if (!org || !*org) org = county ? schema_get(county, "league_committee") : NULL;
  m->v[ARCHIVE_ORGANIZATION] = dup_or_null(org ? org : l->author);
  const char *ret = arc ? schema_get(arc, "retention") : NULL;
  if (!ret || !*ret) ret = o ? o->retention : NULL;
  m->v[ARCHIVE_RETENTION] = xstrdup(ret && *ret ? ret : ARCHIVE_RETENTION_DEFAULT);
  const char *cls = arc ? schema_get(arc, "classification") : NULL;
  if (!cls || !*cls) cls = o ? o->classification : NULL;
  m->v[ARCHIVE_CLASSIFICATION] = dup_or_null(cls);
}

void archive_meta_free(archive_meta *m)
{
  for (int i = 0; i < ARCHIVE_NFIELDS; i++) {
    free(m->v[i]);
    m->v[i] = NULL;
  }
}

void archive_meta_copy(archive_meta *dst, const archive_meta *m)
{
  for (int i = 0; i < ARCHIVE_NFIELDS; i++) dst->v[i] = m->v[i] ? xstrdup(m->v[i]) : NULL;
}
