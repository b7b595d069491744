/* template_expr.c: the expressions of a template at load time
 * (template_imp.h). An expression is compiled by libxml2 and, since libxml2
 * compiles unknown functions and variables without complaint, also scanned
 * for function calls and variables, and evaluated once against an empty data
 * document, so that a typo fails at load time with "TEMPLATE:LINE: error:".
 * Text and attribute values are split into literal parts and {XPath}
 * placeholders here. */
#include "template_imp.h"
#include "i18n.h"
#include "xpathfn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

/* ---- errors ------------------------------------------------------------- */

void tpl_lerr(loader *L, const char *file, int line, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  tpl_verr(L->d, file, line, fmt, ap);
  va_end(ap);
  L->errors++;
}

/* A warning ending in `suffix`, or (without it) an error under strict. */
static void lwarn(loader *L, const char *file, int line, const char *suffix, const char *fmt, va_list ap)
  __attribute__((format(printf, 5, 0)));

static void lwarn(loader *L, const char *file, int line, const char *suffix, const char *fmt, va_list ap)
{
  strbuf b = {0};
  sb_vaddf(&b, _(fmt), ap);
  if (L->t->strict) {
    tpl_lerr(L, file, line, "%s", sb_str(&b));
  } else {
    char place[32];
    snprintf(place, sizeof place, "%d", line);
    diag_add_file(L->d, DIAG_WARNING, file, place, "%s%s", sb_str(&b), _(suffix));
  }
  sb_free(&b);
}

void tpl_lcontent(loader *L, const char *file, int line, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  lwarn(L, file, line, " (layout ignores it)", fmt, ap);
  va_end(ap);
}

void tpl_lvalue(loader *L, const char *file, int line, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  lwarn(L, file, line, "; ignored", fmt, ap);
  va_end(ap);
}

/* ---- expression checks -------------------------------------------------- */

typedef struct core_fn {
  const char *name;
  int min, max;
} core_fn;

/* The XPath 1.0 core function library. */
static const core_fn CORE[] = {
  { "last", 0, 0 }, { "position", 0, 0 }, { "count", 1, 1 }, { "id", 1, 1 },
  { "local-name", 0, 1 }, { "namespace-uri", 0, 1 }, { "name", 0, 1 },
  { "string", 0, 1 }, { "concat", 2, -1 }, { "starts-with", 2, 2 }, { "contains", 2, 2 },
  { "substring-before", 2, 2 }, { "substring-after", 2, 2 }, { "substring", 2, 3 },
  { "string-length", 0, 1 }, { "normalize-space", 0, 1 }, { "translate", 3, 3 },
  { "boolean", 1, 1 }, { "not", 1, 1 }, { "true", 0, 0 }, { "false", 0, 0 },
  { "lang", 1, 1 }, { "number", 0, 1 }, { "sum", 1, 1 }, { "floor", 1, 1 },
  { "ceiling", 1, 1 }, { "round", 1, 1 },
};

static int name_char(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-' || c == '.' || c >= 0x80;
}

static int name_start(unsigned char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

/* Skips a quoted literal starting at s[i]; returns the index after it. */
static size_t skip_literal(const char *s, size_t i)
{
  char q = s[i++];
  while (s[i] && s[i] != q) i++;
  return s[i] ? i + 1 : i;
}

/* Reads a QName at s[i]: stores the local part's start and the prefix length
 * (0 if none). Returns the index after it. An axis name ("child::") is not a
 * QName: the colon pair stays. */
static size_t read_qname(const char *s, size_t i, size_t *plen)
{
  size_t start = i;
  while (name_char((unsigned char)s[i])) i++;
  *plen = 0;
  if (s[i] == ':' && s[i + 1] != ':' && name_start((unsigned char)s[i + 1])) {
    *plen = i - start;
    i++;
    while (name_char((unsigned char)s[i])) i++;
  }
  return i;
}

/* Counts the arguments of a call whose '(' is at s[i]. */
static int count_args(const char *s, size_t i)
{
  int depth = 0, commas = 0, any = 0;
  for (; s[i]; i++) {
    char c = s[i];
    if (c == '\'' || c == '"') {
      i = skip_literal(s, i) - 1;
      any = 1;
    } else if (c == '(' || c == '[') {
      if (depth++ > 0) any = 1;
    } else if (c == ')' || c == ']') {
      if (--depth == 0) break;
    } else if (c == ',' && depth == 1) {
      commas++;
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      any = 1;
    }
  }
  return any ? commas + 1 : 0;
}

int tpl_var_name_ok(const char *name)
{
  size_t plen;
  return name_start((unsigned char)name[0]) && read_qname(name, 0, &plen) == strlen(name) && !plen;
}

int tpl_var_in_scope(const loader *L, const char *name, size_t n)
{
  for (int i = 0; i < L->nvars; i++)
    if (strlen(L->vars[i]) == n && strncmp(L->vars[i], name, n) == 0) return 1;
  return 0;
}

/* Scans src for function calls and variable references and reports unknown
 * functions, wrong argument counts and undefined variables. Returns the number
 * of errors. */
static int scan_expr(loader *L, const char *file, int line, const char *src)
{
  int errs = 0, parens = 0, brackets = 0;
  for (size_t k = 0; src[k]; k++) {
    if (src[k] == '\'' || src[k] == '"') {
      k = skip_literal(src, k) - 1;
      continue;
    }
    parens += (src[k] == '(') - (src[k] == ')');
    brackets += (src[k] == '[') - (src[k] == ']');
    if (parens < 0 || brackets < 0) break;
  }
  if (parens != 0 || brackets != 0) {   /* libxml2 accepts "f(" */
    tpl_lerr(L, file, line, "unbalanced %s in '%s'", parens ? _("parentheses") : _("brackets"), src);
    return 1;
  }
  size_t i = 0;
  while (src[i]) {
    unsigned char c = (unsigned char)src[i];
    if (c == '\'' || c == '"') {
      i = skip_literal(src, i);
    } else if (c == '$') {
      size_t plen, start = i + 1;
      i = read_qname(src, start, &plen);
      if (i > start && !tpl_var_in_scope(L, src + start, i - start)) {
        tpl_lerr(L, file, line, "undefined variable $%.*s in '%s'", (int)(i - start), src + start, src);
        errs++;
      }
    } else if (c >= '0' && c <= '9') {
      while (name_char((unsigned char)src[i])) i++;
    } else if (name_start(c)) {
      size_t plen, start = i;
      i = read_qname(src, start, &plen);
      if (src[i] == ':' && src[i + 1] == ':') {   /* axis */
        i += 2;
        continue;
      }
      size_t j = i;
      while (src[j] == ' ' || src[j] == '\t' || src[j] == '\n' || src[j] == '\r') j++;
      if (src[j] != '(') continue;
      char *name = xstrndup(src + start, i - start);
      const char *local = name + (plen ? plen + 1 : 0);
      static const char *const NOT_CALLS[] = {
        "node", "text", "comment", "processing-instruction", "and", "or", "div", "mod", NULL
      };
      int skip = 0;
      for (int k = 0; !plen && NOT_CALLS[k]; k++) skip |= strcmp(local, NOT_CALLS[k]) == 0;
      int min = 0, max = 0, found = 0;
      if (!skip && plen) {
        if (plen == strlen(XPATHFN_PREFIX) && strncmp(name, XPATHFN_PREFIX, plen) == 0)
          found = xpathfn_lookup(local, &min, &max);
      } else if (!skip) {
        for (size_t k = 0; k < sizeof CORE / sizeof CORE[0]; k++)
          if (strcmp(CORE[k].name, local) == 0) {
            found = 1;
            min = CORE[k].min;
            max = CORE[k].max;
          }
      }
      if (!skip && !found) {
        tpl_lerr(L, file, line, "unknown function %s() in '%s'", name, src);
        errs++;
      } else if (!skip) {
        int n = count_args(src, j);
        if (n < min || (max >= 0 && n > max)) {
          char want[32];
          if (max == min) snprintf(want, sizeof want, "%d", min);
          else if (max < 0) snprintf(want, sizeof want, _("%d or more"), min);
          else snprintf(want, sizeof want, _("%d to %d"), min, max);
          tpl_lerr(L, file, line, "%s() takes %s argument%s, not %d, in '%s'", name, want,
               max == 1 ? "" : "s", n, src);
          errs++;
        }
      }
      free(name);
    } else {
      i++;
    }
  }
  return errs;
}




int tpl_compile_expr(loader *L, const char *file, int line, const char *src, int want_nodeset,
                     texpr *x)
{
  memset(x, 0, sizeof *x);
  x->src = xstrdup(src);
  x->line = line;
  const char *p = src;
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
  if (!*p) {
    tpl_lerr(L, file, line, "empty expression");
    return -1;
  }
  /* the syntax as written first ("a) or (b" must not pass once wrapped) */
  L->xperr[0] = '\0';
  xmlXPathCompExprPtr bare = xmlXPathCtxtCompile(L->xp, (const xmlChar *)src);
  if (!bare) {
    tpl_lerr(L, file, line, "XPath expression does not compile: '%s': %s", src,
         L->xperr[0] ? L->xperr : "syntax error");
    return -1;
  }
  xmlXPathFreeCompExpr(bare);
  if (scan_expr(L, file, line, src) > 0) return -1;
  /* In parentheses: libxml2 compiles a bare path (no '[', '(', '@') for its
   * streaming evaluator, which walks the whole document below the context
   * node for every evaluation (and fails past the operation limit on a large
   * county); "(path)" is the same expression, evaluated step by step. */
  char *wrapped = xasprintf("(%s)", src);
  x->comp = xmlXPathCtxtCompile(L->xp, (const xmlChar *)wrapped);
  free(wrapped);
  if (!x->comp) {
    tpl_lerr(L, file, line, "XPath expression does not compile: '%s'", src);
    return -1;
  }
  L->xperr[0] = '\0';
  L->xp->node = xmlDocGetRootElement(L->empty);
  L->xp->contextSize = 1;
  L->xp->proximityPosition = 1;
  L->xp->opCount = 0;
  xmlXPathObjectPtr r = xmlXPathCompiledEval(x->comp, L->xp);
  if (!r) {
    tpl_lerr(L, file, line, "XPath expression fails: '%s': %s", src,
         L->xperr[0] ? L->xperr : "evaluation error");
    return -1;
  }
  int rc = 0;
  if (want_nodeset && r->type != XPATH_NODESET) {
    tpl_lerr(L, file, line, "for-each select must give a node-set, not a %s: '%s'",
         tpl_xtype_name(r->type), src);
    rc = -1;
  }
  xmlXPathFreeObject(r);
  return rc;
}

/* ---- placeholders ------------------------------------------------------- */

/* Adds the literal in lit (normalized as template text when normalize) and
 * empties lit. */
static void tstr_add_lit(tstr *s, strbuf *lit, int normalize)
{
  char *text = normalize ? tpl_normalize_text(sb_str(lit)) : sb_detach(lit);
  sb_reset(lit);
  if (!text[0]) {
    free(text);
    return;
  }
  s->parts = xrealloc(s->parts, (size_t)(s->n + 1) * sizeof *s->parts);
  memset(&s->parts[s->n], 0, sizeof s->parts[s->n]);
  s->parts[s->n++].lit = text;
}

int tpl_count_lines(const char *s, size_t n)
{
  int k = 0;
  for (size_t i = 0; i < n && s[i]; i++) k += s[i] == '\n';
  return k;
}

/* Splits v, which starts on template line `line`, into literal parts and
 * {expr} placeholders ({{ and }} are literal braces); text (normalize) drops
 * the template's own line breaks from the literals. Returns 0, or -1 after
 * reporting. */
int tpl_parse_value(loader *L, const char *file, int line, const char *v, int normalize, tstr *out)
{
  strbuf lit = {0};
  int rc = 0;
  size_t i = 0;
  char *shown = tpl_normalize_text(v);   /* for messages: one line */
  while (v[i]) {
    if (v[i] == '{' && v[i + 1] == '{') {
      sb_addc(&lit, '{');
      i += 2;
    } else if (v[i] == '}' && v[i + 1] == '}') {
      sb_addc(&lit, '}');
      i += 2;
    } else if (v[i] == '}') {
      tpl_lerr(L, file, line, "a lone '}' in '%s' (write '}}' for a brace)", shown);
      rc = -1;
      break;
    } else if (v[i] == '{') {
      size_t j = i + 1;
      while (v[j] && v[j] != '}') {
        if (v[j] == '\'' || v[j] == '"') j = skip_literal(v, j);
        else j++;
      }
      if (!v[j]) {
        tpl_lerr(L, file, line, "a '{' without its '}' in '%s' (write '{{' for a brace)", shown);
        rc = -1;
        break;
      }
      tstr_add_lit(out, &lit, normalize);
      out->parts = xrealloc(out->parts, (size_t)(out->n + 1) * sizeof *out->parts);
      tpart *p = &out->parts[out->n++];
      memset(p, 0, sizeof *p);
      p->line = line;
      char *src = xstrndup(v + i + 1, j - i - 1);
      if (tpl_compile_expr(L, file, line, src, 0, &p->expr) != 0) rc = -1;
      free(src);
      line += tpl_count_lines(v + i, j - i);
      i = j + 1;
    } else {
      line += v[i] == '\n';
      sb_addc(&lit, v[i++]);
    }
  }
  if (rc == 0) tstr_add_lit(out, &lit, normalize);
  sb_free(&lit);
  free(shown);
  return rc;
}

/* Template text: a whitespace run that holds a line break is layout of the
 * template file, not content, and is dropped. Returns a new string. */
char *tpl_normalize_text(const char *s)
{
  strbuf b = {0};
  size_t i = 0;
  while (s[i]) {
    size_t j = i;
    int nl = 0;
    while (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
      if (s[j] == '\n' || s[j] == '\r') nl = 1;
      j++;
    }
    if (j > i) {
      if (!nl) sb_addn(&b, s + i, j - i);
      i = j;
    } else {
      sb_addc(&b, s[i++]);
    }
  }
  return sb_detach(&b);
}

