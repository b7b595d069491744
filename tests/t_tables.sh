#!/bin/sh
# Tables and charts of the sample documents, read from the display list
# (--dump-layout), the document tree (--dump-tree) and the PDF text
# (pdftotext -layout), each against figures computed here from the sample's
# own JSON:
# - report charts: no text overlaps another; every indicator's name is printed
#   whole in a chart (a chart for every county, labels never cut); figures
#   grouped as the tables write them (1,744), two-line labels balanced; each
#   panel's axis unit ("单位：X") is the unit of every indicator in it; no
#   panel puts a figure under a tenth of its largest beside it;
# - report: the 3+X table with its heading and 合计 on one page, the
#   indicators heading, its intro and the table's header on one page;
# - staffing: no subtotal row starts a page; no header alone at a page foot;
#   the roster's short words (民族, 学历, 职务, the headers) never wrapped; 来源
#   at most 40 mm wide; filled posts per role in the summary equal the roster's
#   cadres by post; the county-level findings named by the county's own kind.
# checks: 46
. "$TOP/tests/lib.sh"

if ! command -v pdftotext >/dev/null 2>&1; then
  for s in dongwu fuyun xinzheng; do
    for c in overlap labels-whole balanced grouped axis-units axis-scale 3x-kept intro-kept subtotal header-foot words 来源 filled-per-role kind 续; do
      skip "tables $s $c" "pdftotext (poppler-utils) is not installed"
    done
  done
  exit 0
fi

for s in dongwu fuyun xinzheng; do
  out="$T/$s"
  if ! "$REFORMGEN" -q --dump-layout --dump-tree -t report -t staffing -o "$out" "$TOP/samples/$s.json" 2>"$T/$s.err"; then
    for c in overlap labels-whole balanced grouped axis-units axis-scale 3x-kept intro-kept subtotal header-foot words 来源 filled-per-role kind 续; do
      fail "tables $s $c" "reformgen failed: $(head -1 "$T/$s.err")"
    done
    continue
  fi
  dir=$(ls -d "$out"/*/ | head -1)
  pdftotext -layout "$dir/staffing.pdf" "$T/$s.staffing.txt"
  python3 - "$TOP/samples/$s.json" "$dir" "$T/$s.staffing.txt" "$s" <<'EOF'
import json, re, sys

sample, d, stxt, name = sys.argv[1:5]
data = json.load(open(sample, encoding="utf-8"))

def result(check, ok, why=""):
    print(("PASS tables %s %s" % (name, check)) if ok else ("FAIL tables %s %s: %s" % (name, check, why)))

def pages(path):
    """The pages of a layout dump: lists of items (dicts), in list order."""
    out = []
    rx = re.compile(r'^  text font=(\d+) size=([\d.]+) x=([-\d.]+) y=([-\d.]+) w=([\d.]+) cs=[-\d.]+ color=(\w+)( bold)?( rotated)? "(.*)"$')
    for line in open(path, encoding="utf-8"):
        if line.startswith("page "):
            out.append([])
        elif line.startswith("  text ") and out:
            m = rx.match(line.rstrip("\n"))
            if m:
                out[-1].append(dict(kind="text", size=float(m.group(2)), x=float(m.group(3)), y=float(m.group(4)),
                                    w=float(m.group(5)), bold=bool(m.group(7)), rotated=bool(m.group(8)),
                                    text=m.group(9).replace('\\"', '"').replace("\\\\", "\\")))
        elif line.startswith("  rect ") and out:
            m = re.match(r'^  rect ([-\d.]+),([-\d.]+) ([\d.]+)x([\d.]+)', line)
            out[-1].append(dict(kind="rect", x=float(m.group(1)), y=float(m.group(2)), w=float(m.group(3)), h=float(m.group(4))))
    return out

inds = data.get("indicators", [])
rep = pages(d + "/report.layout.txt")

# --- no chart text (the runs under 10 pt: the report's tables and body are
#     10.5 pt and more) overlaps another on any report page
bad = []
for pi, pg in enumerate(rep):
    ts = [t for t in pg if t["kind"] == "text" and not t["rotated"] and t["size"] < 10]
    for i in range(len(ts)):
        a = ts[i]
        for b in ts[i + 1:]:
            ox = min(a["x"] + a["w"], b["x"] + b["w"]) - max(a["x"], b["x"])
            oy = min(a["y"] + 0.12 * a["size"], b["y"] + 0.12 * b["size"]) - max(a["y"] - 0.88 * a["size"], b["y"] - 0.88 * b["size"])
            if ox > 0.5 and oy > 0.5:
                bad.append("p%d %r/%r" % (pi + 1, a["text"], b["text"]))
result("overlap", not bad, "; ".join(bad[:3]))

# --- chart texts: every run under 10 pt (the report's tables and body are
#     10.5 pt and more), in list order, page after page
runs = [t for pg in rep for t in pg if t["kind"] == "text" and t["size"] < 10 and not t["rotated"]]
joined, starts = "", []
for i, t in enumerate(runs):
    starts.append(len(joined))
    joined += t["text"]
def run_at(off):
    k = 0
    while k + 1 < len(starts) and starts[k + 1] <= off:
        k += 1
    return k
missing = [i["name"] for i in inds if i["name"] not in joined]
result("labels-whole", inds and not missing, "not printed whole in a chart: %s" % missing[:3])

# --- a label wrapped onto two lines is balanced: neither line under a third
#     of the name (never "旗团委专职团干" over "部")
lopsided = []
for ind in inds:
    off = joined.find(ind["name"])
    if off < 0:
        continue
    k0, k1 = run_at(off), run_at(off + len(ind["name"]) - 1)
    if k1 == k0 + 1:
        first = starts[k1] - off
        if min(first, len(ind["name"]) - first) * 3 < len(ind["name"]):
            lopsided.append("%s|%s" % (ind["name"][:first], ind["name"][first:]))
result("balanced", not lopsided, "; ".join(lopsided[:3]))

# --- one number format: a chart's figures of four digits or more are grouped
#     as the tables write them (1,744), never 1744; and every indicator's
#     figure of 1,000 or more is printed in its grouped form
ungrouped = [t["text"] for t in runs if re.fullmatch(r"-?\d{4,}(\.\d+)?", t["text"])]
need = ["{:,}".format(int(i[f])) for i in inds for f in ("before", "after")
        if isinstance(i.get(f), (int, float)) and i[f] >= 1000 and i[f] == int(i[f]) and i.get("unit") != "%"]
absent = [v for v in need if not any(t["text"] == v for t in runs)]
result("grouped", not ungrouped and not absent, "ungrouped %s, absent %s" % (ungrouped[:3], absent[:3]))

# --- each indicator's panel: the last "单位：X" run before its label
wrong, panels = [], {}
for ind in inds:
    off = joined.find(ind["name"])
    if off < 0:
        continue
    k = run_at(off)
    unit = None
    for j in range(k, -1, -1):
        if runs[j]["text"].startswith("单位："):
            unit, pid = runs[j]["text"][3:], j
            break
    if unit != ind.get("unit", ""):
        wrong.append("%s (%s) on an axis of %s" % (ind["name"], ind.get("unit"), unit))
    else:
        panels.setdefault(pid, []).append(ind)
result("axis-units", inds and not wrong and len(panels) > 0, "; ".join(wrong[:3]))
mixed = []
for pid, members in panels.items():
    top = max(max(abs(m["before"]), abs(m["after"])) for m in members)
    for m in members:
        if max(abs(m["before"]), abs(m["after"])) * 10 < top:
            mixed.append("%s beside a panel up to %g" % (m["name"], top))
result("axis-scale", not mixed, "; ".join(mixed[:3]))

# --- report tables kept with their headings
def page_of(pred):
    return [pi for pi, pg in enumerate(rep) for t in pg if t["kind"] == "text" and pred(t)]
items = data.get("assessment", {}).get("items", [])
if items:
    h = page_of(lambda t: t["text"].endswith("“3+X”工作清单") and t["size"] == 12)
    rows = [page_of(lambda t, n=it["category"]: t["text"] == n and t["size"] == 11) for it in items]
    tot = page_of(lambda t: t["text"] == "合计" and t["size"] == 11)
    # the 合计 of this table: the first at or after the heading's page (the
    # 评估主体 table above has one too)
    tot = [p for p in tot if h and p >= h[0]]
    ps = set([h[0]] if h else []) | set(r[0] for r in rows if r) | set(tot[:1])
    result("3x-kept", h and all(rows) and len(ps) == 1, "3+X heading, rows and 合计 on pages %s" % sorted(p + 1 for p in ps))
else:
    result("3x-kept", True)
hp = page_of(lambda t: t["text"].endswith("改革主要指标") and t["size"] == 14)
ip = page_of(lambda t: "主要指标对比如下" in t["text"])
tp = page_of(lambda t: t["text"] == "改革前" and t["bold"])
result("intro-kept", hp and ip and tp and hp[0] == ip[-1] == tp[0],
       "heading p%s, intro p%s, table header p%s" % ([p + 1 for p in hp], [p + 1 for p in ip], [p + 1 for p in tp]))

# --- staffing: the rows of each page below its header rows (the header's
#     "序号" / "单位" sits in the middle of its two rows), grouped by baseline
stf = pages(d + "/staffing.layout.txt")
def body_rows(pg):
    ts = [t for t in pg if t["kind"] == "text" and t["size"] == 9]
    head = [t for t in ts if t["bold"] and t["text"] in ("序号", "单位")]
    if not head:
        return None
    below = sorted([t for t in ts if t["y"] > head[0]["y"] + 10], key=lambda t: (t["y"], t["x"]))
    rows = []
    for t in below:
        if rows and abs(rows[-1][0]["y"] - t["y"]) < 1:
            rows[-1].append(t)
        else:
            rows.append([t])
    return rows
starts_sub, alone, no_cont = [], [], []
for pi, pg in enumerate(stf):
    rows = body_rows(pg)
    if rows is None:
        continue
    rows = [r for r in rows if "".join(t["text"] for t in r) not in ("专职挂职兼职内外",)]
    if not rows:
        alone.append(pi + 1)
        continue
    first = "".join(t["text"] for t in rows[0])
    nxt = rows[1] if "（续）" in first and len(rows) > 1 else rows[0]
    if "".join(t["text"] for t in nxt).startswith("小计"):
        starts_sub.append(pi + 1)
    roster = any(t.get("text") == "序号" for t in pg)
    if roster and pi > 0 and "（续）" not in first and not (rows[0][0]["bold"] and not first.startswith(("小计", "合计"))):
        no_cont.append(pi + 1)
result("subtotal", not starts_sub, "a subtotal row starts page(s) %s" % starts_sub)
result("header-foot", not alone, "a header without rows on page(s) %s" % alone)

# --- short words whole: each at least as often in the text as cadres have it
text = open(stxt, encoding="utf-8").read()
cad = data.get("cadres", [])
broken = []
words = set()
for c in cad:
    for f in ("ethnicity", "education", "post"):
        v = c.get(f)
        if v and len(v) <= 5:
            words.add((f, v))
for f, v in sorted(words):
    want = sum(1 for c in cad if v in (c.get(f) or ""))
    got = text.count(v)
    if got < want:
        broken.append("%s %d of %d" % (v, got, want))
hdr_pages = sum(1 for pg in stf if any(t["kind"] == "text" and t["text"] == "序号" for t in pg))
if text.count("政治面貌") < hdr_pages:
    broken.append("政治面貌 in %d of %d headers" % (text.count("政治面貌"), hdr_pages))
result("words", cad and not broken, "; ".join(broken[:4]))

# --- 来源 column: the header cell's rectangle
w = None
for pg in stf[:1] + stf[1:2]:
    for i, t in enumerate(pg):
        if t["kind"] == "text" and t["text"] == "来源":
            r = [x for x in pg[:i] if x["kind"] == "rect"]
            w = r[-1]["w"] if r else None
            break
    if w:
        break
result("来源", w is not None and w <= 40 * 72 / 25.4 + 0.5, "来源 is %s pt wide" % w)

# --- filled posts per role in the summary: the roster's cadres by post
cls = {"书记": 0, "团支部书记": 0, "副书记": 1, "委员": 2, "团支部委员": 2, "干事": 3}
want = {}
for c in cad:
    k = cls.get(c.get("post"))
    if k is not None:
        want.setdefault(c["unit"], [0, 0, 0, 0])[k] += 1
tree = open(d + "/staffing.tree.txt", encoding="utf-8").read().split("\n")
start = next(i for i, l in enumerate(tree) if "二、分单位配备情况汇总" in l)
rows, cur, td = [], None, None
for l in tree[start:]:
    s = l.strip()
    if s.startswith("tr"):
        cur = []
        rows.append(cur)
    elif s == "td" or s.startswith("td "):
        cur.append("")
    elif s.startswith('"') and cur is not None and cur:
        cur[-1] += s.strip('"')
byname = {u["name"]: u["id"] for u in data.get("units", [])}
errs, seen = [], 0
for r in rows:
    if r and r[0] in byname:
        seen += 1
        try:
            got, total = [int(x) for x in r[5:9]], int(r[9])
        except (ValueError, IndexError):
            got, total = r[5:10], None
        exp = want.get(byname[r[0]], [0, 0, 0, 0])
        if got != exp or total is None or sum(got) != total:
            errs.append("%s %s, roster %s, 实配合计 %s" % (r[0], got, exp, total))
result("filled-per-role", seen == len(data.get("units", [])) and not errs, "; ".join(errs[:3]) or "%d unit rows" % seen)

# --- the county's own kind, not a placeholder
kind = data["county"]["name"][-1]
result("kind", "（市、区）" not in text and ("层面规则检查" not in text or ("全%s层面" % kind) in text),
       "placeholder or wrong kind in the county-level findings")

# --- a unit continued on a new page is named again with （续）: every roster
#     page after the first starts with a group's name row or its continuation
result("续", not no_cont, "page(s) %s continue a unit without its name" % no_cont)
EOF
done

# a county whose indicators carry no category: 新郑 with the categories removed
python3 -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for i in d["indicators"]: i.pop("category", None)
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)' "$TOP/samples/xinzheng.json" "$T/nocat.json"
if "$REFORMGEN" -q --dump-layout -t report -o "$T/nocat" "$T/nocat.json" 2>"$T/nocat.err"; then
  python3 - "$T/nocat.json" "$T"/nocat/*/report.layout.txt <<'EOF'
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
dump = open(sys.argv[2], encoding="utf-8").read()
runs = ""
for line in dump.split("\n"):
    m = re.match(r'^  text font=\d+ size=([\d.]+) .*"(.*)"$', line)
    if m and float(m.group(1)) < 10:
        runs += m.group(2)
missing = [i["name"] for i in d["indicators"] if i["name"] not in runs]
ok = "主要指标：改革前后对比" in dump and not missing
print("PASS tables no category: one chart of every indicator" if ok else
      "FAIL tables no category: one chart of every indicator: missing %s" % missing[:3])
EOF
else
  fail "tables no category: one chart of every indicator" "reformgen failed: $(head -1 "$T/nocat.err")"
fi
