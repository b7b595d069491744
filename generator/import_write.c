/* import_write.c: the county file an import writes (import_write.h). The
 * JSON form is edited as a cJSON tree, the XML form as a libxml2 tree; both
 * follow input-format.md (arrays as containers of item elements, scalars as
 * attributes in XML, the way the samples are written). */
#include "import_write.h"
#include "i18n.h"
#include "diag.h"
#include "load.h"
#include "output.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

/* The order of the top-level members a county file has (input-format.md). */
static const char *const top_order[] = { "version", "note", "county", "period", "rules", "indicators", "units",
                                         "cadres", "assessment", "party_building", "plan", "narrative", NULL };

static int top_rank(const char *name)
{
  for (int i = 0; top_order[i]; i++) if (strcmp(top_order[i], name) == 0) return i;
  return 100;
}

static const char *item_name(const char *array)
{
  if (strcmp(array, "cadres") == 0) return "cadre";
  if (strcmp(array, "units") == 0) return "unit";
  if (strcmp(array, "indicators") == 0) return "indicator";
  if (strcmp(array, "assessment") == 0) return "result";
  return "item";
}

/* Sets obj's member name to a copy of v, in place or at its place in the order. */
static void json_put(cJSON *obj, const char *name, const cJSON *v)
{
  cJSON *copy = cJSON_Duplicate(v, 1);
  if (cJSON_GetObjectItemCaseSensitive(obj, name)) {
    cJSON_ReplaceItemInObjectCaseSensitive(obj, name, copy);
    return;
  }
  /* cJSON has no insertion into an object: take the members off and put them
   * back with the new one at its place */
  int n = cJSON_GetArraySize(obj), rank = top_rank(name), done = 0;
  cJSON **members = xmalloc((size_t)(n + 1) * sizeof *members);
  for (int i = 0; i < n; i++) members[i] = cJSON_DetachItemViaPointer(obj, obj->child);
  for (int i = 0; i < n; i++) {
    if (!done && top_rank(members[i]->string) > rank) { cJSON_AddItemToObject(obj, name, copy); done = 1; }
    char *key = xstrdup(members[i]->string);
    cJSON_AddItemToObject(obj, key, members[i]);
    free(key);
  }
  if (!done) cJSON_AddItemToObject(obj, name, copy);
  free(members);
}

/* The array a merged with extra (either may be NULL); a new array. */
static cJSON *concat(const cJSON *a, const cJSON *extra)
{
  cJSON *r = a ? cJSON_Duplicate(a, 1) : cJSON_CreateArray();
  const cJSON *c;
  cJSON_ArrayForEach(c, extra) cJSON_AddItemToArray(r, cJSON_Duplicate(c, 1));
  return r;
}

/* The county file the import adds to, read once through one descriptor: a
 * named pipe or device is refused at once, and so is a symbolic link (the
 * import replaces the file: through a link it would replace the link, not
 * what it points to). Returns NULL with *err set. */
static char *read_existing(const char *path, size_t *len, char **err)
{
  int fd = file_open_read(path, FILE_NOFOLLOW, LOAD_MAX_BYTES, NULL);
  if (fd < 0) {
    *err = errno == ELOOP ? xstrdup(_("a symbolic link, not followed; expected the county file itself (the import "
                                    "replaces it): name the file the link points to"))
                          : xasprintf(_("cannot read: %s; expected a county file"), file_error_text(errno));
    return NULL;
  }
  char *text = read_fd(fd, LOAD_MAX_BYTES, len);
  if (!text) *err = xasprintf(_("cannot read: %s; expected a county file"), file_error_text(errno));
  return text;
}

static char *write_json(const char *path, int exists, const import_parts *p, char **err)
{
  cJSON *root;
  if (exists) {
    size_t len;
    char *text = read_existing(path, &len, err);
    if (!text) return NULL;
    root = cJSON_ParseWithLength(text, len);
    free(text);
    if (!cJSON_IsObject(root)) {
      cJSON_Delete(root);
      *err = xstrdup(_("not a JSON object; expected a county file"));
      return NULL;
    }
  } else {
    root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "version", 1);
  }
  if (p->indicators) json_put(root, "indicators", p->indicators);
  if (p->units || p->new_units) {
    cJSON *u = concat(p->units ? p->units : cJSON_GetObjectItemCaseSensitive(root, "units"), p->new_units);
    json_put(root, "units", u);
    cJSON_Delete(u);
  }
  if (p->cadres) json_put(root, "cadres", p->cadres);
  char *s = cJSON_Print(root);
  cJSON_Delete(root);
  char *r = xasprintf("%s\n", s);
  cJSON_free(s);
  return r;
}

static void indent(xmlNode *parent, int depth)
{
  strbuf b = { 0 };
  sb_addc(&b, '\n');
  for (int i = 0; i < depth; i++) sb_add(&b, "  ");
  xmlAddChild(parent, xmlNewText((const xmlChar *)sb_str(&b)));
  sb_free(&b);
}

static void scalar_text(const cJSON *v, strbuf *b)
{
  if (cJSON_IsString(v)) sb_add(b, v->valuestring);
  else if (cJSON_IsBool(v)) sb_add(b, cJSON_IsTrue(v) ? "true" : "false");
  else if (cJSON_IsRaw(v)) sb_add(b, v->valuestring);
  else if (cJSON_IsNumber(v)) {
    char *s = cJSON_PrintUnformatted(v);
    sb_add(b, s);
    cJSON_free(s);
  }
}

/* An element for v named name at depth: scalars as attributes, objects and
 * arrays as child elements. */
static xmlNode *to_xml(const char *name, const cJSON *v, int depth)
{
  xmlNode *e = xmlNewNode(NULL, (const xmlChar *)name);
  const cJSON *c;
  int children = 0;
  if (cJSON_IsArray(v)) {
    cJSON_ArrayForEach(c, v) {
      indent(e, depth + 1);
      xmlAddChild(e, to_xml(item_name(name), c, depth + 1));
      children = 1;
    }
  } else {
    cJSON_ArrayForEach(c, v) {
      if (cJSON_IsNull(c)) continue;
      if (cJSON_IsObject(c) || cJSON_IsArray(c)) continue;
      strbuf b = { 0 };
      scalar_text(c, &b);
      xmlNewProp(e, (const xmlChar *)c->string, (const xmlChar *)sb_str(&b));
      sb_free(&b);
    }
    cJSON_ArrayForEach(c, v) {
      if (!cJSON_IsObject(c) && !cJSON_IsArray(c)) continue;
      indent(e, depth + 1);
      xmlAddChild(e, to_xml(c->string, c, depth + 1));
      children = 1;
    }
  }
  if (children) indent(e, depth);
  return e;
}

static xmlNode *find_child(xmlNode *root, const char *name)
{
  for (xmlNode *c = root->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0) return c;
  return NULL;
}

/* Puts part as root's child name: in place of the old one, or at its place in the order. */
static void xml_put(xmlNode *root, const char *name, const cJSON *part)
{
  xmlNode *e = to_xml(name, part, 1);
  xmlNode *old = find_child(root, name);
  if (old) {
    xmlReplaceNode(old, e);
    xmlFreeNode(old);
    return;
  }
  int rank = top_rank(name);
  for (xmlNode *c = root->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && top_rank((const char *)c->name) > rank) {
      xmlAddPrevSibling(c, e);
      xmlAddPrevSibling(c, xmlNewText((const xmlChar *)"\n  "));
      return;
    }
  /* the element first, then its indentation before it: libxml2 merges a
   * text node added beside another text node into it */
  xmlNode *last = root->last;
  if (last && last->type == XML_TEXT_NODE) {   /* before the closing tag's line break */
    xmlAddPrevSibling(last, e);
    xmlAddPrevSibling(e, xmlNewText((const xmlChar *)"\n  "));
  } else {
    indent(root, 1);
    xmlAddChild(root, e);
    indent(root, 0);
  }
}

/* Appends the units made for unknown names to an XML county file's units. */
static void xml_append_units(xmlNode *root, const cJSON *extra)
{
  xmlNode *units = find_child(root, "units");
  if (!units) { xml_put(root, "units", extra); return; }
  xmlNode *last = units->last;
  const cJSON *c;
  cJSON_ArrayForEach(c, extra) {
    xmlNode *e = to_xml("unit", c, 2);
    if (last && last->type == XML_TEXT_NODE) {
      xmlAddPrevSibling(last, e);
      xmlAddPrevSibling(e, xmlNewText((const xmlChar *)"\n    "));
    } else {
      indent(units, 2);
      xmlAddChild(units, e);
    }
  }
}

static char *write_xml(const char *path, int exists, const import_parts *p, char **err, size_t *len)
{
  xmlDocPtr doc;
  if (exists) {
    size_t n = 0;
    char *text = read_existing(path, &n, err);
    if (!text) return NULL;
    doc = n <= INT32_MAX ? xmlReadMemory(text, (int)n, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                                   XML_PARSE_NOWARNING) : NULL;
    free(text);
    if (!doc || !xmlDocGetRootElement(doc)) {
      xmlFreeDoc(doc);
      *err = xstrdup(_("not well-formed XML; expected a county file"));
      return NULL;
    }
  } else {
    doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"county-report");
    xmlNewProp(root, (const xmlChar *)"version", (const xmlChar *)"1");
    xmlDocSetRootElement(doc, root);
    indent(root, 0);
  }
  xmlNode *root = xmlDocGetRootElement(doc);
  if (p->indicators) xml_put(root, "indicators", p->indicators);
  if (p->units) {
    cJSON *u = concat(p->units, p->new_units);
    xml_put(root, "units", u);
    cJSON_Delete(u);
  } else if (p->new_units) {
    xml_append_units(root, p->new_units);
  }
  if (p->cadres) xml_put(root, "cadres", p->cadres);
  xmlChar *buf = NULL;
  int n = 0;
  xmlDocDumpMemoryEnc(doc, &buf, &n, "UTF-8");
  xmlFreeDoc(doc);
  char *r = xstrndup((const char *)buf, (size_t)n);
  xmlFree(buf);
  *len = (size_t)n;
  return r;
}

int iw_write(const char *path, int exists, const import_parts *p, char **err)
{
  size_t n = strlen(path), len = 0;
  int xml = n >= 4 && strcasecmp(path + n - 4, ".xml") == 0;
  char *text = xml ? write_xml(path, exists, p, err, &len) : write_json(path, exists, p, err);
  if (!text) return -1;
  if (!xml) len = strlen(text);
  /* what is written must load: a failure here is a bug of ours, not the clerk's */
  diag_list *d = diag_new(path, 10);
  xmlDocPtr doc = load_buffer(text, len, path, xml ? INPUT_XML : INPUT_JSON, d);
  if (!doc) {
    *err = xasprintf(_("the county file made does not load (%s); nothing written"),
                     diag_count(d) ? diag_get(d, 0)->msg : "?");
    diag_free(d);
    free(text);
    return -1;
  }
  xmlFreeDoc(doc);
  diag_free(d);
  int rc = output_write_atomic(path, text, len, err);
  free(text);
  return rc;
}
