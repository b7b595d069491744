/* test_pack.c: the rows of a long table body kept serialized while the
 * template is expanded (template_expand_packed, doctree.h) come back whole
 * and in order (template_unpack): texts with markup characters, Chinese and
 * white space, attributes holding line breaks and tabs, every row where it
 * was; a packed element that cannot be parsed back fails the document with
 * an error naming the template and the county; template_expand, and
 * template_expand_packed on a small county, pack nothing. */
/* checks: 15 */
#include "diag.h"
#include "doctree.h"
#include "template.h"
#include "util.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

static const char *TEMPLATE =
  "<document kind=\"t\">\n"
  "<table><col width=\"auto\"/><col width=\"auto\"/>\n"
  "<tbody><for-each select=\"r/v\">"
  "<tr continued=\"{@c}\"><td align=\"left\">{.}</td><td>{position()}</td></tr>"
  "</for-each></tbody></table>\n"
  "<p>after</p>\n"
  "</document>\n";

/* The text of row i, as the data gives it (and the test expects it back). */
static char *row_text(int i)
{
  return xasprintf("行%d & <x> \"q\" 'a'  two  spaces", i);
}

static xmlDocPtr data_doc(int rows)
{
  xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
  xmlNodePtr root = xmlNewDocNode(doc, NULL, (const xmlChar *)"county-report", NULL);
  xmlDocSetRootElement(doc, root);
  xmlNodePtr r = xmlNewChild(root, NULL, (const xmlChar *)"r", NULL);
  for (int i = 1; i <= rows; i++) {
    char *t = row_text(i);
    xmlNodePtr v = xmlNewTextChild(r, NULL, (const xmlChar *)"v", (const xmlChar *)t);
    xmlSetProp(v, (const xmlChar *)"c", (const xmlChar *)"（续）\n\tline");
    free(t);
  }
  return doc;
}

static xmlNodePtr body_of(xmlDocPtr tree)
{
  xmlNodePtr table = xmlDocGetRootElement(tree)->children;
  while (table && !xmlStrEqual(table->name, (const xmlChar *)"table")) table = table->next;
  xmlNodePtr b = table ? table->children : NULL;
  while (b && !xmlStrEqual(b->name, (const xmlChar *)"tbody")) b = b->next;
  return b;
}

/* Counts the body's children named name. */
static int count_named(xmlNodePtr body, const char *name)
{
  int n = 0;
  for (xmlNodePtr k = body ? body->children : NULL; k; k = k->next) n += xmlStrEqual(k->name, (const xmlChar *)name);
  return n;
}

/* 1 when the body holds rows 1..rows, in order, each as the data gives it. */
static int rows_whole(xmlNodePtr body, int rows)
{
  int i = 0;
  for (xmlNodePtr tr = body ? body->children : NULL; tr; tr = tr->next) {
    if (!xmlStrEqual(tr->name, (const xmlChar *)"tr")) return 0;
    i++;
    xmlNodePtr td = tr->children, td2 = td ? td->next : NULL;
    xmlChar *t = td ? xmlNodeGetContent(td) : NULL, *n = td2 ? xmlNodeGetContent(td2) : NULL;
    xmlChar *c = xmlGetProp(tr, (const xmlChar *)"continued");
    char *want = row_text(i), num[16];
    snprintf(num, sizeof num, "%d", i);
    int ok = t && n && c && strcmp((char *)t, want) == 0 && strcmp((char *)n, num) == 0 &&
             strcmp((char *)c, "（续）\n\tline") == 0 && td->children && !td->children->next;
    xmlFree(t);
    xmlFree(n);
    xmlFree(c);
    free(want);
    if (!ok) return 0;
  }
  return i == rows;
}

int main(void)
{
  char dir[] = "/tmp/rgpack.XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char *path = xasprintf("%s/t.xml", dir);
  FILE *f = fopen(path, "w");
  if (!f) return 1;
  fputs(TEMPLATE, f);
  fclose(f);
  diag_list *d = diag_new("county.json", 0);
  /* packing whatever the size of the data (by default from 1,000,000 nodes) */
  template_opts opts = { .pack_from = 1 };
  template *t = template_load(path, &opts, d);
  CHECK("pack_template_loads", t != NULL);
  if (!t) return test_status();

  /* 1,000 rows: three packed elements of 256, 232 rows made last */
  xmlDocPtr data = data_doc(1000);
  xmlDocPtr tree = template_expand_packed(t, data, d);
  xmlNodePtr body = tree ? body_of(tree) : NULL;
  CHECK("pack_three_packed", count_named(body, DOCTREE_PACKED) == 3);
  CHECK("pack_rows_after_them", count_named(body, "tr") == 1000 - 3 * DOCTREE_PACK_ROWS);
  CHECK("pack_unpacks", tree && template_unpack(t, tree, d) == 0);
  CHECK("pack_none_left", count_named(body, DOCTREE_PACKED) == 0);
  CHECK("pack_rows_whole_in_order", rows_whole(body, 1000));
  xmlNodePtr p = body && body->parent ? body->parent->next : NULL;
  while (p && p->type != XML_ELEMENT_NODE) p = p->next;
  CHECK("pack_blocks_after_table_kept", p && xmlStrEqual(p->name, (const xmlChar *)"p"));
  xmlFreeDoc(tree);

  /* template_expand packs nothing */
  tree = template_expand(t, data, d);
  body = tree ? body_of(tree) : NULL;
  CHECK("pack_expand_whole", rows_whole(body, 1000) && count_named(body, DOCTREE_PACKED) == 0);
  xmlFreeDoc(tree);

  /* by default, a small county's tables are not packed */
  template *t2 = template_load(path, NULL, d);
  tree = t2 ? template_expand_packed(t2, data, d) : NULL;
  body = tree ? body_of(tree) : NULL;
  CHECK("pack_small_data_not_packed", rows_whole(body, 1000) && count_named(body, DOCTREE_PACKED) == 0);
  xmlFreeDoc(tree);
  template_free(t2);
  xmlFreeDoc(data);

  /* exactly one block of rows; and a short table, never packed */
  data = data_doc(DOCTREE_PACK_ROWS);
  tree = template_expand_packed(t, data, d);
  body = tree ? body_of(tree) : NULL;
  CHECK("pack_one_block", count_named(body, DOCTREE_PACKED) == 1 && count_named(body, "tr") == 0);
  CHECK("pack_one_block_back", tree && template_unpack(t, tree, d) == 0 && rows_whole(body, DOCTREE_PACK_ROWS));
  xmlFreeDoc(tree);
  xmlFreeDoc(data);
  data = data_doc(DOCTREE_PACK_ROWS - 1);
  tree = template_expand_packed(t, data, d);
  body = tree ? body_of(tree) : NULL;
  CHECK("pack_short_table_not_packed", count_named(body, DOCTREE_PACKED) == 0 && rows_whole(body, DOCTREE_PACK_ROWS - 1));
  xmlFreeDoc(tree);
  xmlFreeDoc(data);
  CHECK("pack_no_diagnostics", diag_count(d) == 0);

  /* a packed element spoiled: the document fails, named with its county */
  data = data_doc(300);
  tree = template_expand_packed(t, data, d);
  body = tree ? body_of(tree) : NULL;
  xmlNodePtr packed = body ? body->children : NULL;
  if (packed && packed->children) xmlNodeSetContent(packed->children, (const xmlChar *)"<tr><td>cut");
  CHECK("pack_spoiled_fails", tree && template_unpack(t, tree, d) == -1);
  const diag *g = diag_count(d) ? diag_get(d, 0) : NULL;
  char *want = xasprintf("the rows of a long table could not be restored; the t document of county.json is not made");
  CHECK("pack_spoiled_message", g && g->level == DIAG_ERROR && g->file && strcmp(g->file, path) == 0 &&
                                strcmp(g->msg, want) == 0);
  free(want);
  xmlFreeDoc(tree);
  xmlFreeDoc(data);

  template_free(t);
  diag_free(d);
  unlink(path);
  rmdir(dir);
  free(path);
  return test_status();
}
