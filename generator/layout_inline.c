/* layout_inline.c: setting text (layout_inline.h).
 *
 * A paragraph is set as a list of characters (font chosen per character by the
 * fallback chain, width from the font's own tables), broken where linebreak.c
 * allows, a line one closing mark too long being squeezed rather than broken,
 * then justified by spreading the space between characters (never inside a
 * number or a word). */
#include "layout_inline.h"
#include "layout_title.h"
#include "linebreak.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GLYPHS 2000000         /* characters in one paragraph */
#define MAX_MISSING_WARNINGS 20
#define REPLACEMENT 0x3013         /* 〓, the conventional mark for a missing character */
#define FONT_MEMO 1024             /* entries of the font choice memo (a power of two) */

typedef struct glyph {
  unsigned cp;
  int font;            /* -1: drawn as a box */
  int bold;
  unsigned color;
  unsigned char cls, hard, collapsible;
  unsigned char brk;   /* a line may break before it (find_breaks) */
  double size, adv, rise;
} glyph;

/* The glyphs of an inline content; anchor: where the content of the first
 * <span hang="yes"> begins (0: none), the place later lines hang from. */
typedef struct gbuf { glyph *v; size_t n, cap, anchor; } gbuf;

typedef struct lseg { size_t a, b; double width; } lseg;   /* a line: glyphs [a, b) */

/* A remembered font choice: key is cp * 8 + role + 2 (0: empty). */
typedef struct font_memo { unsigned key; int font, width; unsigned char cls; } font_memo;

/* The setting state of a layout. Scratch space is kept from one paragraph or
 * table cell to the next, so that setting a cell allocates only what the
 * display list keeps; each is used by one function at a time (none of them
 * calls another that uses it). */
struct lo_setter {
  gbuf spare;                        /* a glyph buffer: gbuf_take, gbuf_give */
  lseg *segs; size_t seg_cap;        /* the lines of a cell or paragraph */
  double *pos; size_t pos_cap;       /* set_line: positions and squeezes */
  unsigned missing_cp[MAX_MISSING_WARNINGS];
  int missing_count[MAX_MISSING_WARNINGS], nmissing, missing_other;
  unsigned foreign_cp[MAX_MISSING_WARNINGS];   /* characters reported as set in another style */
  int nforeign;
  font_memo fmemo[FONT_MEMO];        /* pick_font */
};

static inline struct lo_setter *set(lctx *c)
{
  if (!c->setter) c->setter = xcalloc(1, sizeof *c->setter);
  return c->setter;
}

void lo_inline_done(lctx *c)
{
  struct lo_setter *s = c->setter;
  if (!s) return;
  free(s->spare.v);
  free(s->segs);
  free(s->pos);
  free(s);
  c->setter = NULL;
}

void lo_inline_report(lctx *c)
{
  struct lo_setter *s = c->setter;
  if (!s) return;
  for (int k = 0; k < s->nmissing; k++)
    if (s->missing_count[k] > 1)
      diag_add(c->d, DIAG_NOTE, NULL, "character U+%04X occurs %d times in all, each drawn as 〓", s->missing_cp[k], s->missing_count[k]);
  if (s->missing_other) diag_add(c->d, DIAG_WARNING, NULL, "%d more characters are in none of the fonts (drawn as 〓)", s->missing_other);
}

/* ------------------------------------------------------------- characters */

/* Returns *p grown to hold at least n elements of size bytes (*cap counts
 * them); the contents are kept. */
static void *reserve(void *p, size_t *cap, size_t n, size_t size)
{
  if (n <= *cap) return p;
  size_t k = *cap ? *cap : 64;
  while (k < n) k *= 2;
  *cap = k;
  return xrealloc(p, k * size);
}

/* Returns an empty glyph buffer: the context's spare one (with the room it
 * grew to) if it is free, else a new one. Hand it back with gbuf_give. */
static gbuf gbuf_take(lctx *c)
{
  struct lo_setter *s = set(c);
  gbuf b = s->spare;
  s->spare = (gbuf){0};
  b.n = 0;
  b.anchor = 0;
  return b;
}

/* Keeps the larger of b and the spare buffer for the next gbuf_take and
 * frees the other; b is left empty. */
static void gbuf_give(lctx *c, gbuf *b)
{
  struct lo_setter *s = set(c);
  if (b->cap > s->spare.cap) {
    free(s->spare.v);
    s->spare = *b;
  } else free(b->v);
  *b = (gbuf){0};
}

static void gbuf_grow(gbuf *b)
{
  b->cap = b->cap ? b->cap * 2 : 64;
  b->v = xrealloc(b->v, b->cap * sizeof *b->v);
}

/* Appends *g (once per character laid out: the growing is out of line). */
static inline void gbuf_push(gbuf *b, const glyph *g)
{
  if (b->n == b->cap) gbuf_grow(b);
  b->v[b->n++] = *g;
}

/* Returns fontset_pick(role, cp), sets *width to the font's advance for cp
 * (fontset_width, 1/1000 em; 0 when no font has it) and *cls to its line
 * breaking class (lb_classify). Remembered in a direct-mapped table: a
 * document has a few hundred distinct characters, each set thousands of
 * times (inline: once per character laid out). */
static inline int pick_font(lctx *c, int role, unsigned cp, int *width, unsigned char *cls)
{
  if (role < -1 || role >= FONT_ROLES || cp > 0x10FFFF) {   /* outside the key's range */
    int f = fontset_pick(c->fs, role, cp);
    *width = f >= 0 ? fontset_width(c->fs, f, cp) : 0;
    *cls = (unsigned char)lb_classify(cp);
    return f;
  }
  unsigned key = cp * 8 + (unsigned)(role + 2);
  font_memo *m = &set(c)->fmemo[(cp ^ key >> 10) & (FONT_MEMO - 1)];
  if (m->key != key) {
    m->key = key;
    m->font = fontset_pick(c->fs, role, cp);
    m->width = m->font >= 0 ? fontset_width(c->fs, m->font, cp) : 0;
    m->cls = (unsigned char)lb_classify(cp);
  }
  *width = m->width;
  *cls = m->cls;
  return m->font;
}

/* A variation selector (VS1-VS16, VS17-VS256) or a zero-width joiner: not a
 * character of its own but a request for a form of the one before it. The
 * fonts are set character by character, so the character keeps its default
 * form; the selector draws nothing (not 〓) and cannot be split from it. */
static int is_selector(unsigned cp) { return cp - 0xFE00u < 16u || cp - 0xE0100u < 240u || cp == 0x200D; }

static int is_wide(unsigned cp) { return cp >= 0x2E80 || (cp >= 0x2010 && cp <= 0x2027 && cp != 0x2014); }

/* Returns a new string: up to 8 characters of s either side of the k bytes
 * at byte offset at, so that a reader can find the place in the data. */
static char *text_around(const char *s, size_t at, size_t k)
{
  size_t a = at, e = at + k, n = strlen(s);
  for (int i = 0; i < 8 && a > 0; i++)
    do a--; while (a > 0 && ((unsigned char)s[a] & 0xC0) == 0x80);
  for (int i = 0; i < 8 && e < n; i++)
    do e++; while (e < n && ((unsigned char)s[e] & 0xC0) == 0x80);
  strbuf b = {0};
  for (size_t i = a; i < e; i++) sb_addc(&b, (s[i] == '\n' || s[i] == '\t') ? ' ' : s[i]);
  return sb_detach(&b);
}

/* Reports, once per character, cp (the k bytes at byte offset at of s) set
 * in font, whose style is not that of role (fontset_foreign). */
static void note_foreign(lctx *c, int role, int font, unsigned cp, const char *s, size_t at, size_t k,
                         xmlNode *where)
{
  struct lo_setter *ms = set(c);
  for (int m = 0; m < ms->nforeign; m++)
    if (ms->foreign_cp[m] == cp) return;
  if (ms->nforeign == MAX_MISSING_WARNINGS) return;
  ms->foreign_cp[ms->nforeign++] = cp;
  strbuf t = {0};
  utf8_append(&t, cp);
  char *ctx = text_around(s, at, k);
  const char *style = fontset_role_chinese(fontset_style(c->fs, font));
  lo_warn(c, where, "character U+%04X '%s' in \"%s\" is in none of the %s fonts; set in %s%s%s%s",
          cp, sb_str(&t), ctx, fontset_role_chinese(role), fontset_family(c->fs, font),
          *style ? " (" : "", style, *style ? ")" : "");
  free(ctx);
  sb_free(&t);
}

/* Appends the characters of UTF-8 text s set in style st. */
static void add_text(lctx *c, gbuf *b, const char *s, const lstyle *st, double rise, xmlNode *where)
{
  size_t n = strlen(s);
  for (size_t i = 0; i < n && b->n < MAX_GLYPHS;) {
    unsigned cp;
    size_t k = utf8_decode_fast(s + i, n - i, &cp);
    if (k == 0) { cp = 0xFFFD; k = 1; }
    i += k;
    if (b->n == b->cap) gbuf_grow(b);
    glyph *g = &b->v[b->n];   /* set in place; kept by b->n++ at the end */
    *g = (glyph){ .cp = cp, .bold = st->bold, .color = st->color, .size = st->size, .rise = rise };
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
      /* spaces and tabs within one line are kept, each one space (the
       * templates guide); a run that holds a line break is the layout of
       * the text, not content: one collapsible space (collect_inline) */
      g->cp = ' ';
      if (b->n && b->v[b->n - 1].collapsible) continue;
      size_t e = i - k;
      while (e < n && (s[e] == ' ' || s[e] == '\t' || s[e] == '\n' || s[e] == '\r')) e++;
      if (memchr(s + i - k, '\n', e - (i - k)) || memchr(s + i - k, '\r', e - (i - k))) {
        g->collapsible = 1;
        i = e;
      }
    } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || is_selector(cp)) continue;
    int width;
    g->font = pick_font(c, st->role, g->cp, &width, &g->cls);
    if (g->font >= 0 && fontset_foreign(c->fs, st->role, g->font)) note_foreign(c, st->role, g->font, cp, s, i - k, k, where);
    if (g->font < 0) {
      struct lo_setter *ms = set(c);
      int m = 0;
      while (m < ms->nmissing && ms->missing_cp[m] != cp) m++;
      if (m < ms->nmissing) ms->missing_count[m]++;
      else if (m < MAX_MISSING_WARNINGS) {
        ms->missing_cp[m] = cp;
        ms->missing_count[m] = 1;
        ms->nmissing++;
        strbuf t = {0};
        utf8_append(&t, cp);
        char *ctx = text_around(s, i - k, k);
        lo_warn(c, where, "character U+%04X '%s' in \"%s\" is in none of the configured fonts; drawn as 〓",
                cp, sb_str(&t), ctx);
        free(ctx);
        sb_free(&t);
      } else ms->missing_other++;
      g->cp = REPLACEMENT;
      g->cls = LB_ID;
      unsigned char cls;
      g->font = pick_font(c, st->role, REPLACEMENT, &width, &cls);
    }
    g->adv = g->font >= 0 ? width * st->size / 1000.0 : st->size;
    b->n++;
  }
}

/* Collects the inline content of n into b, depth-first without recursion.
 * st_n is n's style (lo_style(c, n) or lo_child_style, its layout fields
 * changed or not), for the text directly in n. */
static void collect_inline(lctx *c, xmlNode *n, const lstyle *st_n, gbuf *b)
{
  xmlNode *stack[MAX_DEPTH];
  int sp = 0;
  xmlNode *cur = n->children;
  while (cur || sp > 0) {
    if (!cur) { cur = stack[--sp]->next; continue; }
    if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
      lstyle st = cur->parent == n ? *st_n : lo_style(c, cur->parent);
      double rise = 0;
      char *sup = lo_attr(cur->parent, "sup");
      if (sup && strcmp(sup, "yes") == 0) { rise = st.size * 0.35; st.size *= 0.6; }
      free(sup);
      add_text(c, b, (const char *)cur->content, &st, rise, cur->parent);
    } else if (cur->type == XML_ELEMENT_NODE) {
      lo_el e = lo_element((const char *)cur->name);
      if (e == DTE_BR) {
        glyph g = { .cp = 0x2028, .hard = 1, .font = -1, .cls = LB_SP };
        gbuf_push(b, &g);
      } else if (e == DTE_PAGE_NUMBER || e == DTE_PAGE_COUNT) {
        const char *t = e == DTE_PAGE_NUMBER ? c->pn_text : c->pc_text;
        if (t) {
          lstyle st = lo_style(c, cur);
          add_text(c, b, t, &st, 0, cur);
        }
      } else if (cur->children && sp < MAX_DEPTH) {
        if (!b->anchor && b->n > 0 && e == DTE_SPAN && !lo_attrless(cur)) {
          char *h = lo_attr(cur, "hang");
          if (h && strcmp(h, "yes") == 0) b->anchor = b->n;
          free(h);
        }
        stack[sp++] = cur;
        cur = cur->children;
        continue;
      } else if (cur->children) {
        lo_warn(c, cur, "inline elements nested more than %d deep; the text inside is left out", MAX_DEPTH);
      }
    }
    cur = cur->next;
  }
  /* Whitespace runs that hold a line break: dropped at the ends, next to
   * Chinese characters and next to a kept space; one space between Latin
   * words. */
  size_t w = 0, anchor = b->anchor;
  for (size_t i = 0; i < b->n; i++) {
    glyph *g = &b->v[i];
    if (i == anchor && anchor) b->anchor = w;   /* the glyph kept next */
    if (g->collapsible) {
      int prev_wide = w == 0 || b->v[w - 1].hard || is_wide(b->v[w - 1].cp) || b->v[w - 1].cp == ' ';
      int next_wide = i + 1 >= b->n || b->v[i + 1].hard || is_wide(b->v[i + 1].cp) || b->v[i + 1].cp == ' ';
      if (prev_wide || next_wide) continue;
    }
    if (w != i) b->v[w] = *g;
    w++;
  }
  b->n = w;
  if (b->anchor >= b->n) b->anchor = 0;
}

/* ----------------------------------------------------------- line setting */

static double seg_width(const glyph *g, size_t a, size_t b, double ls)
{
  double w = 0;
  for (size_t i = a; i < b; i++) w += g[i].adv + (i > a ? ls : 0);
  return w;
}

/* How much a full-width punctuation mark may give up when a line is
 * squeezed: half of its em (its blank half). */
static double squeezable(const glyph *g)
{
  if ((g->cls != LB_CL && g->cls != LB_OP) || g->adv < g->size * 0.9 || g->cp < 0x2000) return 0;
  return g->adv * 0.5;
}

static int is_date_unit(unsigned cp) { return cp == 0x5E74 || cp == 0x6708 || cp == 0x65E5; }   /* 年 月 日 */

/* Sets g[i].brk to 1 where a line may break before g[i] (the rules of
 * linebreak.c on the glyphs' classes; always around a hard break), else 0.
 * A number keeps its 年, 月 or 日 ("2021|年" never); with whole_dates (a
 * heading, a title, a table cell: short lines that are not spread out) a
 * date is not broken at all ("2021年12月|31日" never), as it reads as one word. */
static void find_breaks(glyph *g, size_t n, int whole_dates)
{
  for (size_t i = 0; i < n; i++) {
    g[i].brk = g[i].hard || (i > 0 && (g[i - 1].hard || lb_break_between(g[i - 1].cls, g[i].cls)));
    if (!g[i].brk || i == 0) continue;
    if (g[i - 1].cls == LB_NU && is_date_unit(g[i].cp)) g[i].brk = 0;
    else if (whole_dates && i >= 2 && g[i].cls == LB_NU && g[i - 2].cls == LB_NU
             && (g[i - 1].cp == 0x5E74 || g[i - 1].cp == 0x6708))
      g[i].brk = 0;
  }
}

/* Breaks g[0..n) into lines where g[i].brk (find_breaks) allows: the first
 * of width measure - first, the others measure - rest. Stores the lines
 * (trailing spaces cut) in *segs, grown as needed (*cap elements), and
 * returns their number. */
static size_t break_lines(const glyph *g, size_t n, double measure, double first, double rest, double ls,
                          lseg **segs, size_t *cap)
{
  lseg *v = *segs;
  size_t cnt = 0, s = 0;
  while (s < n) {
    while (s < n && g[s].cls == LB_SP && !g[s].hard) s++;
    if (s >= n) break;
    double avail = measure - (cnt == 0 ? first : rest);
    double w = 0, sq = 0;
    size_t i = s, last = s, e = n, next = n;
    for (; i < n; i++) {
      if (g[i].hard) { e = i; next = i + 1; break; }
      if (i > s && g[i].brk) last = i;
      double wi = w + (i > s ? ls : 0) + g[i].adv;
      sq += squeezable(&g[i]);
      /* a closing mark that may not start the next line: squeeze the
       * line's punctuation to keep it here before pushing a character down */
      if (wi > avail + 0.01 && i > s && !g[i].brk && g[i].cls == LB_CL && wi - avail <= sq) {
        w = wi;
        continue;
      }
      if (wi > avail + 0.01 && i > s && g[i].cls != LB_SP) {
        e = next = last > s ? last : i;
        /* no opportunity at all (a narrow cell): still never start the next
         * line with a closing mark; it overhangs this one instead */
        if (last <= s)
          while (e < n && g[e].cls == LB_CL && !g[e].hard) e = ++next;
        break;
      }
      w = wi;
    }
    size_t te = e;
    while (te > s && g[te - 1].cls == LB_SP) te--;
    v = *segs = reserve(v, cap, cnt + 1, sizeof *v);
    v[cnt].a = s;
    v[cnt].b = te;
    v[cnt].width = seg_width(g, s, te, ls);
    cnt++;
    s = next;
  }
  /* a last line of a single character (with its closing marks) looks like an
   * accident (孤字): it takes a character or word more from the line above,
   * when that line stays more than half full */
  if (cnt >= 2) {
    lseg *p = &v[cnt - 2], *q = &v[cnt - 1];
    int content = 0, joined = 1;
    for (size_t i = q->a; i < q->b; i++) content += g[i].cls != LB_CL && g[i].cls != LB_SP;
    for (size_t i = p->b; i < q->a; i++) joined &= !g[i].hard;
    size_t j = p->b - 1;
    while (j > p->a && !g[j].brk) j--;
    if (content == 1 && joined && j > p->a) {
      size_t pe = j, qa = j;
      while (pe > p->a && g[pe - 1].cls == LB_SP) pe--;
      while (qa < q->b && g[qa].cls == LB_SP) qa++;
      double wp = seg_width(g, p->a, pe, ls), wq = seg_width(g, qa, q->b, ls);
      double ap = measure - (cnt == 2 ? first : rest), aq = measure - rest;
      if (wq <= aq + 0.01 && wp >= ap * 0.5) {
        p->b = pe;
        p->width = wp;
        q->a = qa;
        q->width = wq;
      }
    }
  }
  return cnt;
}


/* Returns the UTF-8 text of the glyphs g[a..b), hard breaks left out, in
 * c's text store. */
static char *glyph_text(lctx *c, const glyph *g, size_t a, size_t b)
{
  size_t room = 4 * (b - a) + 1;   /* the longest it can be; the rest is given back */
  char *text = dl_text_room(c->doc, room);
  unsigned char *p = (unsigned char *)text;
  for (size_t i = a; i < b; i++) {
    unsigned cp = g[i].cp;
    if (g[i].hard) continue;
    if (cp < 0x80) *p++ = (unsigned char)cp;
    else if (cp < 0x800) {
      *p++ = (unsigned char)(0xC0 | cp >> 6);
      *p++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *p++ = (unsigned char)(0xE0 | cp >> 12);
      *p++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
      *p++ = (unsigned char)(0x80 | (cp & 0x3F));
    } else {
      *p++ = (unsigned char)(0xF0 | cp >> 18);
      *p++ = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
      *p++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
      *p++ = (unsigned char)(0x80 | (cp & 0x3F));
    }
  }
  *p++ = '\0';
  dl_text_unused(c->doc, text, room, room - (size_t)((char *)p - text));
  return text;
}

static int same_run(const glyph *a, const glyph *b)
{
  return a->font == b->font && a->font >= 0 && a->size == b->size && a->color == b->color
         && a->bold == b->bold && a->rise == b->rise;
}

/* Emits the glyphs g[a..b) at positions xs[] on baseline y as text runs:
 * neighbours in one font whose gaps all exceed their advances by the same
 * amount share a run with that character spacing. whole, when not NULL, is
 * glyph_text(c, g, a, b): the text of a run of all the glyphs. */
static void emit_runs(lctx *c, dl_list *items, const glyph *g, const double *xs, size_t a, size_t b, double y,
                      char *whole)
{
  size_t i = a;
  while (i < b) {
    if (g[i].font < 0) {
      if (!g[i].hard) {
        double s = g[i].size;
        dl_add_rect(items, xs[i - a] + s * 0.1, y - s * 0.8, s * 0.8, s * 0.9, 0, 0, g[i].color, s * 0.06);
      }
      i++;
      continue;
    }
    size_t j = i + 1;
    double cs = 0;
    if (j < b && same_run(&g[i], &g[j])) {
      cs = xs[j - a] - xs[i - a] - g[i].adv;
      while (j < b && same_run(&g[i], &g[j]) && fabs(xs[j - a] - xs[j - 1 - a] - g[j - 1].adv - cs) < 0.001) j++;
    }
    dl_item *it = dl_add(items, DL_TEXT);
    it->font = g[i].font;
    it->size = g[i].size;
    it->bold = g[i].bold;
    it->color = g[i].color;
    it->x = xs[i - a];
    it->y = y - g[i].rise;
    it->cs = j - i > 1 ? cs : 0;
    it->width = xs[j - 1 - a] + g[j - 1].adv - xs[i - a];
    it->text = whole && i == a && j == b ? whole : glyph_text(c, g, i, j);
    i = j;
  }
}

/* Positions one line and emits it into items; returns the line record (with
 * its text when record, else NULL). */
static dl_line set_line(lctx *c, const glyph *g, const lseg *s, int last, const lstyle *st, double x,
                        double measure, double indent, double baseline, dl_list *items, int record)
{
  size_t n = s->b - s->a, room = n ? n : 1;
  struct lo_setter *ss = set(c);
  ss->pos = reserve(ss->pos, &ss->pos_cap, 2 * room, sizeof *ss->pos);
  double *xs = ss->pos, *cut = ss->pos + room;   /* cut: what each mark gives up */
  memset(cut, 0, room * sizeof *cut);
  double avail = measure - indent, extra = 0, off = indent;
  int justified = 0;
  if (st->align == AL_JUSTIFY && !last && n > 1) {
    int gaps = 0;
    for (size_t i = s->a + 1; i < s->b; i++) gaps += lb_stretchable(g[i - 1].cls, g[i].cls);
    double slack = avail - s->width;
    if (gaps > 0 && slack > 0 && slack / gaps <= st->size * 1.5) { extra = slack / gaps; justified = 1; }
  } else if (st->align == AL_CENTER) off += (avail - s->width) / 2;
  else if (st->align == AL_RIGHT) off += avail - s->width;
  /* squeezed line: closing marks give up their right half, opening marks
   * their left half, in proportion, until the line fits */
  double ratio = 0;
  if (s->width > avail + 0.01) {
    double total = 0;
    for (size_t i = s->a; i < s->b; i++) if (i > s->a || g[i].cls != LB_OP) total += squeezable(&g[i]);
    ratio = total > 0 ? (s->width - avail) / total : 0;
    if (ratio > 1) ratio = 1;
    for (size_t i = s->a; i < s->b; i++)
      if (i > s->a || g[i].cls != LB_OP) cut[i - s->a] = squeezable(&g[i]) * ratio;
    justified = ratio > 0;
    off = indent;
  }
  double px = x + off;
  for (size_t i = s->a; i < s->b; i++) {
    if (i > s->a) {
      px += g[i - 1].adv + st->ls;
      if (g[i - 1].cls == LB_CL) px -= cut[i - 1 - s->a];
      if (justified && lb_stretchable(g[i - 1].cls, g[i].cls)) px += extra;
    }
    if (g[i].cls == LB_OP) px -= cut[i - s->a];
    xs[i - s->a] = px;
  }
  /* a line is most often one run (a table cell's always): they share the text */
  char *text = record ? glyph_text(c, g, s->a, s->b) : NULL;
  emit_runs(c, items, g, xs, s->a, s->b, baseline, text);
  if (n && g[s->b - 1].cls == LB_CL && cut[n - 1] > 0 && items->n && items->v[items->n - 1].kind == DL_TEXT)
    items->v[items->n - 1].width -= cut[n - 1];
  dl_line ln = { .x = n ? xs[0] : x + off, .y = baseline, .measure = avail, .size = st->size,
                 .justified = justified, .last = last };
  double last_adv = n ? g[s->b - 1].adv - (g[s->b - 1].cls == LB_CL ? cut[n - 1] : 0) : 0;
  ln.width = n ? xs[n - 1] + last_adv - xs[0] : 0;
  ln.text = text;
  return ln;
}

double lo_baseline(const lstyle *st, double pitch, double max_size)
{
  double s = max_size > st->size ? max_size : st->size;
  return (pitch - s) / 2 + ASCENT * s;
}

static double max_size_of(const glyph *g, size_t a, size_t b, double def)
{
  double m = def;
  for (size_t i = a; i < b; i++) if (g[i].size > m && !g[i].hard) m = g[i].size;
  return m;
}

/* Breaks the title in b by words (title_break) into segs when that gives
 * no more than the nl lines set as text (segs has room for them). Returns
 * the number of lines when it did; 0 leaves segs as they are (hard breaks,
 * an indent, spaces or no arrangement by words that fits). */
static size_t title_lines(const gbuf *b, const lstyle *st, double measure, lseg *segs, size_t nl)
{
  if (b->n > TITLE_MAX_CHARS || st->indent > 0) return 0;
  unsigned cp[TITLE_MAX_CHARS];
  double adv[TITLE_MAX_CHARS];
  unsigned char brk[TITLE_MAX_CHARS];
  for (size_t i = 0; i < b->n; i++) {
    if (b->v[i].hard || b->v[i].cls == LB_SP) return 0;
    cp[i] = b->v[i].cp;
    adv[i] = b->v[i].adv;
    brk[i] = b->v[i].brk;
  }
  size_t starts[TITLE_MAX_LINES];
  size_t m = title_break(cp, adv, brk, b->n, st->ls, measure, starts);
  if (m == 0 || m > nl) return 0;
  for (size_t k = 0; k < m; k++) {
    segs[k].a = starts[k];
    segs[k].b = k + 1 < m ? starts[k + 1] : b->n;
    segs[k].width = seg_width(b->v, segs[k].a, segs[k].b, st->ls);
  }
  return m;
}

void lo_paragraph(lctx *c, flow *f, xmlNode *n, const lstyle *st, double x, double measure, int record)
{
  gbuf b = gbuf_take(c);
  char *number = lo_is_el(n, "heading") ? lo_attr(n, "number") : NULL;
  if (number) add_text(c, &b, number, st, 0, n);
  free(number);
  collect_inline(c, n, st, &b);
  double hang = 0;
  char *marker = lo_is_el(n, "item") ? lo_attr(n->parent, "marker") : NULL;
  if (marker && *marker) {
    gbuf mb = {0};
    add_text(c, &mb, marker, st, 0, n);
    glyph sp = { .cp = ' ', .font = fontset_pick(c->fs, st->role, ' '), .size = st->size, .cls = LB_SP };
    sp.adv = sp.font >= 0 ? fontset_width(c->fs, sp.font, ' ') * st->size / 1000.0 : st->size / 3;
    gbuf_push(&mb, &sp);
    for (size_t i = 0; i < mb.n; i++) hang += mb.v[i].adv + st->ls;
    for (size_t i = 0; i < b.n; i++) gbuf_push(&mb, &b.v[i]);
    gbuf_give(c, &b);
    b = mb;
  }
  free(marker);
  double first = hang > 0 ? 0 : st->indent;
  /* <span hang="yes">: the lines after the first start under its first
   * character (a 附件说明's second line under the attachment's name) */
  if (hang == 0 && b.anchor > 0) hang = st->indent + seg_width(b.v, 0, b.anchor, st->ls) + st->ls;
  if (hang >= measure) hang = 0;
  find_breaks(b.v, b.n, !lo_is_el(n, "p"));
  size_t nl = break_lines(b.v, b.n, measure, first, hang, st->ls, &set(c)->segs, &set(c)->seg_cap);
  lseg *segs = set(c)->segs;
  if (nl > 1 && lo_is_el(n, "title") && st->align == AL_CENTER) {
    /* a long title keeps its words whole and is set long over short
     * (GB/T 9704 §7.3.2, layout_title.h); when no arrangement by words fits,
     * in lines of nearly equal length: the narrowest measure that keeps the
     * number of lines */
    size_t tl = title_lines(&b, st, measure, segs, nl);
    if (tl) nl = tl;
    else {
      double lo = measure / (double)nl, hi = measure;
      lseg *t = NULL;
      size_t tcap = 0, m;
      for (int k = 0; k < 20 && hi - lo > 0.5; k++) {
        double mid = (lo + hi) / 2;
        m = break_lines(b.v, b.n, mid, st->indent, 0, st->ls, &t, &tcap);
        if (m > nl) lo = mid; else hi = mid;
      }
      m = break_lines(b.v, b.n, hi, st->indent, 0, st->ls, &t, &tcap);
      if (m == nl) memcpy(segs, t, m * sizeof *t);
      free(t);
    }
  }
  double pitch = lo_pitch(st);
  char *title = NULL;
  if (lo_is_el(n, "heading")) {
    char *bm = lo_attr(n, "bookmark");
    if (!bm || strcmp(bm, "no") != 0) {
      char *num = lo_attr(n, "number");
      xmlChar *txt = xmlNodeGetContent(n);
      strbuf t = {0};
      sb_add(&t, num ? num : "");
      for (const char *p = txt ? (const char *)txt : ""; *p; p++) sb_addc(&t, (*p == '\n' || *p == '\t') ? ' ' : *p);
      title = sb_detach(&t);
      free(num);
      xmlFree(txt);
    }
    free(bm);
  }
  for (size_t i = 0; i < nl; i++) {
    piece *p = flow_add(f, c);
    if (i == 0) p->before += st->before;
    double ms = max_size_of(b.v, segs[i].a, segs[i].b, st->size);
    p->h = ms > st->size * 1.01 && pitch < ms * 1.2 ? ms * 1.2 : pitch;
    double ind = i == 0 ? first : hang;
    dl_line ln = set_line(c, b.v, &segs[i], i + 1 == nl, st, x, measure, ind, lo_baseline(st, p->h, ms),
                          &p->items, record);
    if (record) piece_add_line(p, ln);
    if (i == 0 && title) {
      char *lv = lo_attr(n, "level");
      piece_add_mark(p, title, lv ? atoi(lv) : 1, 0);
      free(lv);
    }
    /* No single orphan or widow line: the first line stays with the second,
     * the last with the one before it. */
    p->keep_next = (nl >= 2 && i == 0) || (nl >= 2 && i + 2 == nl) || (i + 1 == nl && st->keep);
  }
  if (nl == 0 && lo_is_el(n, "p")) { piece *p = flow_add(f, c); p->h = pitch; p->before += st->before; }
  c->pending_after += st->after;
  free(title);
  gbuf_give(c, &b);
}

double lo_inline_box(lctx *c, dl_list *items, xmlNode *n, const lstyle *st, double x, double y,
                     double width, dl_lines *lines)
{
  gbuf b = gbuf_take(c);
  collect_inline(c, n, st, &b);
  find_breaks(b.v, b.n, 1);
  const glyph *g = b.v;
  size_t ng = b.n;
  size_t nl = break_lines(g, ng, width, st->indent, 0, st->ls, &set(c)->segs, &set(c)->seg_cap);
  const lseg *segs = set(c)->segs;
  double pitch = lo_pitch(st), h = 0;
  for (size_t i = 0; i < nl; i++) {
    double ms = max_size_of(g, segs[i].a, segs[i].b, st->size);
    double lh = ms > st->size * 1.01 && pitch < ms * 1.2 ? ms * 1.2 : pitch;
    dl_line ln = set_line(c, g, &segs[i], i + 1 == nl, st, x, width, i == 0 ? st->indent : 0,
                          y + h + lo_baseline(st, lh, ms), items, lines != NULL);
    if (lines) {
      if (lines->n == lines->cap) {
        lines->cap = lines->cap ? 2 * lines->cap : 16;
        lines->v = xrealloc(lines->v, (size_t)lines->cap * sizeof *lines->v);
      }
      lines->v[lines->n++] = ln;
    }
    h += lh;
  }
  gbuf_give(c, &b);
  return h;
}

void lo_inline_measure(lctx *c, xmlNode *n, const lstyle *st, double *natural, double *unit)
{
  gbuf b = gbuf_take(c);
  collect_inline(c, n, st, &b);
  find_breaks(b.v, b.n, 1);
  double line = 0, best = 0, u = 0, ubest = 0;
  for (size_t i = 0; i < b.n; i++) {
    if (b.v[i].hard) { if (line > best) best = line; line = 0; u = 0; continue; }
    if (b.v[i].brk || b.v[i].cls == LB_SP) { if (u > ubest) ubest = u; u = 0; }
    line += b.v[i].adv + (line > 0 ? st->ls : 0);
    if (b.v[i].cls != LB_SP) u += b.v[i].adv;
  }
  if (line > best) best = line;
  if (u > ubest) ubest = u;
  *natural = best;
  *unit = ubest;
  gbuf_give(c, &b);
}

double lo_text_width(lctx *c, int role, double size, const char *text)
{
  lstyle st = { .role = role, .size = size };
  gbuf b = {0};
  add_text(c, &b, text, &st, 0, NULL);
  double w = seg_width(b.v, 0, b.n, 0);
  free(b.v);
  return w;
}

double lo_label(lctx *c, dl_list *items, double x, double y, const char *text, int role,
                double size, unsigned color, int align)
{
  lstyle st = { .role = role, .size = size, .color = color };
  gbuf b = {0};
  add_text(c, &b, text, &st, 0, NULL);
  double w = seg_width(b.v, 0, b.n, 0);
  double *xs = xmalloc((b.n ? b.n : 1) * sizeof *xs);
  double px = align == AL_CENTER ? x - w / 2 : align == AL_RIGHT ? x - w : x;
  for (size_t i = 0; i < b.n; i++) { xs[i] = px; px += b.v[i].adv; }
  emit_runs(c, items, b.v, xs, 0, b.n, y, NULL);
  free(xs);
  free(b.v);
  return w;
}
