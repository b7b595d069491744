/* test_render.c: the worker-to-batch message (render_result_encode and
 * render_result_decode): a result comes back field for field, NULL strings
 * and the diagnostics' records and totals included, and every cut-short or
 * overlong message is refused. */
/* checks: 5 */
#include "render.h"
#include "test.h"

#include <stdlib.h>

static int same_str(const char *a, const char *b)
{
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The same diagnostics: records field for field, and the same totals. */
static int same_diags(const diag_list *a, const diag_list *b)
{
  int na = a ? diag_count(a) : 0, nb = b ? diag_count(b) : 0;
  if (na != nb || (a ? diag_errors(a) : 0) != (b ? diag_errors(b) : 0) ||
      (a ? diag_warnings(a) : 0) != (b ? diag_warnings(b) : 0) ||
      (a ? diag_dropped(a) : 0) != (b ? diag_dropped(b) : 0))
    return 0;
  for (int i = 0; i < na; i++) {
    const diag *x = diag_get(a, i), *y = diag_get(b, i);
    if (x->level != y->level || !same_str(x->file, y->file) || !same_str(x->place, y->place) ||
        !same_str(x->msg, y->msg))
      return 0;
  }
  return 1;
}

static int same_result(const render_result *a, const render_result *b)
{
  if (!same_str(a->input, b->input) || a->ok != b->ok || !same_str(a->code, b->code) ||
      !same_str(a->name, b->name) || !same_diags(a->diags, b->diags) || a->noutputs != b->noutputs ||
      a->nfindings != b->nfindings || !same_str(a->summary, b->summary))
    return 0;
  for (int i = 0; i < a->noutputs; i++) {
    const render_output *x = &a->outputs[i], *y = &b->outputs[i];
    if (!same_str(x->document, y->document) || !same_str(x->path, y->path) || x->pages != y->pages ||
        x->bytes != y->bytes || strcmp(x->sha256, y->sha256) != 0)
      return 0;
  }
  for (int i = 0; i < a->nfindings; i++)
    if (!same_str(a->findings[i], b->findings[i])) return 0;
  return 1;
}

static render_result *sample(void)
{
  render_result *r = xcalloc(1, sizeof *r);
  r->input = xstrdup("in/新郑市.json");
  r->ok = 1;
  r->code = xstrdup("410184");
  r->name = NULL;
  /* a file name that looks like a level must stay a file name */
  r->diags = diag_new("in/x: error: y.json", 2);
  diag_add(r->diags, DIAG_WARNING, "/cadres/3", "\"quoted\"\ttab");
  diag_add_file(r->diags, DIAG_NOTE, "fonts.conf", NULL, "note");
  diag_add(r->diags, DIAG_ERROR, NULL, "not kept");   /* past the list's 2 */
  r->noutputs = 2;
  r->outputs = xcalloc(2, sizeof *r->outputs);
  r->outputs[0].document = xstrdup("report");
  r->outputs[0].path = xstrdup("out/410184-新郑市/report.pdf");
  r->outputs[0].pages = 6;
  r->outputs[0].bytes = 137358;
  snprintf(r->outputs[0].sha256, sizeof r->outputs[0].sha256, "%064d", 7);
  r->outputs[1].document = xstrdup("");
  r->outputs[1].path = NULL;
  r->outputs[1].bytes = 5000000000L;
  r->nfindings = 2;
  r->findings = xcalloc(2, sizeof *r->findings);
  r->findings[0] = xstrdup("熊杰（孟庄镇团委副书记）37岁，超过35岁的上限");
  r->findings[1] = xstrdup("");
  r->summary = xstrdup("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<county-report/>\n");
  return r;
}

int main(void)
{
  render_result *r = sample();
  strbuf b = {0};
  render_result_encode(r, &b);
  render_result *back = render_result_decode(b.s, b.len);
  CHECK("render message: a result comes back whole", back && same_result(r, back));
  render_result_free(back);

  int refused = 1;
  for (size_t n = 0; n < b.len; n++) {
    render_result *cut = render_result_decode(b.s, n);
    if (cut) refused = 0;
    render_result_free(cut);
  }
  CHECK("render message: every shorter message is refused", refused);
  strbuf longer = {0};
  sb_addn(&longer, b.s, b.len);
  sb_addc(&longer, 'x');
  render_result *over = render_result_decode(longer.s, longer.len);
  CHECK("render message: a longer one too", over == NULL);
  render_result_free(over);

  /* a count that claims more items than the bytes could hold */
  strbuf bad = {0};
  long long huge = 1LL << 40;
  sb_addn(&bad, (const char *)&huge, sizeof huge);
  render_result *nonsense = render_result_decode(bad.s, bad.len);
  CHECK("render message: a length past the end is refused", nonsense == NULL);
  render_result_free(nonsense);

  render_result empty = {0};
  strbuf e = {0};
  render_result_encode(&empty, &e);
  render_result *eback = render_result_decode(e.s, e.len);
  CHECK("render message: an empty result", eback && same_result(&empty, eback));
  render_result_free(eback);

  sb_free(&b);
  sb_free(&longer);
  sb_free(&bad);
  sb_free(&e);
  render_result_free(r);
  return test_status();
}
