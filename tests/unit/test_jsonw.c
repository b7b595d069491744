/* test_jsonw.c: jsonw writes what cJSON_Print writes, byte for byte, for
 * trees with every kind of value, awkward strings (quotes, backslashes,
 * control characters, UTF-8), empty and nested containers, and numbers cJSON
 * writes in each of its three ways. */
/* checks: 6 */
#include "jsonw.h"
#include "test.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const STRINGS[] = {
  "", "plain", "团县委 \xe2\x80\x94 新郑市", "quote \" and back\\slash", "tab\there\nnewline\r\b\f",
  "\x01\x02\x1f\x7f end", "/slash stays", NULL
};
static const double NUMBERS[] = { 0, -1, 42, 2147483647.0, -2147483648.0, 2147483648.0, 0.1, 142.857142857142857,
                                  1e300, -3.5e-7, 12345678901234567.0, 1.0 / 3 };

static char *print_jw(const cJSON *v)
{
  strbuf b = {0};
  jsonw w = { .b = &b };
  jw_cjson(&w, NULL, v);
  return sb_detach(&b);
}

static int same_as_cjson(const char *name, const cJSON *v)
{
  char *want = cJSON_Print(v), *got = print_jw(v);
  int ok = want && got && strcmp(want, got) == 0;
  if (!ok) printf("  %s\n  cJSON: [%s]\n  jsonw: [%s]\n", name, want ? want : "(null)", got ? got : "(null)");
  free(want);
  free(got);
  return ok;
}

int main(void)
{
  cJSON *root = cJSON_CreateObject();
  cJSON *strs = cJSON_AddArrayToObject(root, "strings");
  for (int i = 0; STRINGS[i]; i++) {
    cJSON_AddItemToArray(strs, cJSON_CreateString(STRINGS[i]));
    cJSON_AddStringToObject(root, STRINGS[i], STRINGS[i]);   /* awkward keys too */
  }
  cJSON *nums = cJSON_AddArrayToObject(root, "numbers");
  for (size_t i = 0; i < sizeof NUMBERS / sizeof NUMBERS[0]; i++) cJSON_AddItemToArray(nums, cJSON_CreateNumber(NUMBERS[i]));
  cJSON_AddTrueToObject(root, "yes");
  cJSON_AddFalseToObject(root, "no");
  cJSON_AddNullToObject(root, "nothing");
  cJSON_AddObjectToObject(root, "empty object");
  cJSON_AddArrayToObject(root, "empty array");
  cJSON *deep = cJSON_AddArrayToObject(root, "deep");
  cJSON *o = cJSON_CreateObject();
  cJSON_AddItemToArray(deep, o);
  cJSON_AddItemToArray(deep, cJSON_CreateArray());
  cJSON_AddItemToArray(deep, cJSON_CreateObject());
  cJSON *in = cJSON_AddArrayToObject(o, "in");
  cJSON *o2 = cJSON_CreateObject();
  cJSON_AddItemToArray(in, o2);
  cJSON_AddNumberToObject(o2, "n", 7);
  cJSON_AddItemToArray(in, cJSON_CreateString("x"));
  CHECK("a tree of every kind is written as cJSON_Print writes it", same_as_cjson("tree", root));
  CHECK("an empty object", same_as_cjson("{}", cJSON_GetObjectItem(root, "empty object")));
  CHECK("an empty array", same_as_cjson("[]", cJSON_GetObjectItem(root, "empty array")));
  CHECK("a lone string", same_as_cjson("string", cJSON_GetArrayItem(strs, 3)));

  /* the same document through the streaming calls */
  cJSON *m = cJSON_CreateObject();
  cJSON_AddStringToObject(m, "generator", "reformgen");
  cJSON *s = cJSON_AddObjectToObject(m, "summary");
  cJSON_AddNumberToObject(s, "inputs", 3);
  cJSON_AddNullToObject(s, "none");
  cJSON *a = cJSON_AddArrayToObject(m, "inputs");
  cJSON *e = cJSON_CreateObject();
  cJSON_AddItemToArray(a, e);
  cJSON_AddStringToObject(e, "input", STRINGS[3]);
  cJSON_AddArrayToObject(e, "findings");
  cJSON *f = cJSON_AddArrayToObject(e, "warnings");
  cJSON_AddItemToArray(f, cJSON_CreateString(STRINGS[4]));
  cJSON_AddItemToArray(f, cJSON_CreateString(STRINGS[2]));
  cJSON_AddNumberToObject(e, "bytes", 219334);
  cJSON_AddItemToObject(m, "rollup", cJSON_Duplicate(deep, 1));
  strbuf b = {0};
  jsonw w = { .b = &b };
  jw_begin_object(&w, NULL);
  jw_string(&w, "generator", "reformgen");
  jw_begin_object(&w, "summary");
  jw_int(&w, "inputs", 3);
  jw_string(&w, "none", NULL);
  jw_end_object(&w);
  jw_begin_array(&w, "inputs");
  jw_begin_object(&w, NULL);
  jw_string(&w, "input", STRINGS[3]);
  jw_begin_array(&w, "findings");
  jw_end_array(&w);
  jw_begin_array(&w, "warnings");
  jw_string(&w, NULL, STRINGS[4]);
  jw_string(&w, NULL, STRINGS[2]);
  jw_end_array(&w);
  jw_int(&w, "bytes", 219334);
  jw_end_object(&w);
  jw_end_array(&w);
  jw_cjson(&w, "rollup", deep);
  jw_end_object(&w);
  char *want = cJSON_Print(m);
  CHECK("the streaming calls write what cJSON_Print writes", want && strcmp(want, sb_str(&b)) == 0);
  cJSON *back = cJSON_Parse(sb_str(&b));
  CHECK("and it reads back", back != NULL);
  cJSON_Delete(back);
  free(want);
  sb_free(&b);
  cJSON_Delete(m);
  cJSON_Delete(root);
  return test_status();
}
