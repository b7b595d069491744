/* test_schema.c: the contract table's lookups and the readers of the data
 * document that validate and derive share: a field found from any starting
 * position, many children found in one pass whatever their order, and the
 * number check that writes nothing. */
/* checks: 17 */
#include "schema.h"
#include "util.h"
#include "test.h"

#include <stdlib.h>
#include <string.h>

static void test_index_from(void)
{
  const schema_field *cadre = schema_child(schema_root(), "cadres")->item;
  int n = 0;
  while (cadre->fields[n].name) n++;
  int same = 1;
  for (int i = 0; i < n; i++)
    for (int from = 0; from <= n; from++)
      if (schema_index_from(cadre, cadre->fields[i].name, from) != i) same = 0;
  CHECK("index_from: every field from every start", same);
  CHECK("index_from: unknown name", schema_index_from(cadre, "note", 3) == -1);
  CHECK("index_from: unknown name from the end", schema_index_from(cadre, "note", n) == -1);
  CHECK("index_from: not an object", schema_index_from(schema_child(schema_root(), "cadres"), "name", 0) == -1);
  CHECK("index: same as index_from 0", schema_index(cadre, "post") == schema_index_from(cadre, "post", 0));
}

static xmlNode *child(xmlNode *parent, const char *name, const char *text)
{
  return xmlNewTextChild(parent, NULL, (const xmlChar *)name, (const xmlChar *)text);
}

static void test_find_fields(void)
{
  static const char *const names[] = { "name", "birth", "unit", "post" };
  xmlNode *out[4];
  xmlNode *n = xmlNewNode(NULL, (const xmlChar *)"cadre");
  /* out of order, a name given twice, a child not asked for, one missing */
  child(n, "post", "书记");
  child(n, "note", "x");
  child(n, "name", "甲");
  child(n, "post", "委员");
  child(n, "birth", "1990-01");
  schema_find_fields(n, names, 4, out);
  CHECK_STR("find_fields: name", schema_text(out[0]), "甲");
  CHECK_STR("find_fields: birth", schema_text(out[1]), "1990-01");
  CHECK("find_fields: missing", out[2] == NULL);
  CHECK("find_fields: the first of two", out[3] == schema_find(n, "post"));
  schema_find_fields(NULL, names, 4, out);
  CHECK("find_fields: no node", !out[0] && !out[1] && !out[2] && !out[3]);
  xmlFreeNode(n);
}

static void test_norm_check_only(void)
{
  CHECK("norm_number: check only, good", schema_norm_number("1.50e2", 6, NULL) == 0);
  CHECK("norm_number: check only, bad", schema_norm_number("1.5x", 4, NULL) == -1);
  CHECK("norm_number: check only, exponent", schema_norm_number("1e41", 4, NULL) == -2);
  CHECK("norm_number: check only, 1e309", schema_norm_number("1e309", 5, NULL) == -2);
  CHECK("norm_number: check only, 1e309x", schema_norm_number("1e309x", 6, NULL) == -1);
  strbuf b = {0};
  CHECK("norm_number: writes", schema_norm_number("1.50e2", 6, &b) == 0);
  CHECK_STR("norm_number: text", sb_str(&b), "150");
  sb_free(&b);
}

int main(void)
{
  util_install_allocators();
  test_index_from();
  test_find_fields();
  test_norm_check_only();
  return test_status();
}
