# t_gongwen.sh: the implementation plan's 公文 layout on the display list
# (--dump-layout) against the numbers of GB/T 9704-2012, each figure worked
# out here from the standard, not read from the program: the sealed
# signature (成文日期 ending four characters in from the right, the issuing
# body centred over it, one blank line above), the red rule 4 mm below the
# 发文字号, the 版记 at the foot of an even last page, no page number on a
# blank page or on the 版记's page, the 附件说明 hanging under the
# attachment's name and not letter-spaced, titles broken by words, and the
# signature kept with the body's last lines; a draft's unsealed signature.
# checks: 21
. "$TOP/tests/lib.sh"
S=$TOP/samples
# 新郑 as a final document too (the sample is a draft): the same data, draft false
python3 - "$S/xinzheng.json" "$T/xinzheng-final.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["plan"]["draft"] = False
d["county"]["code"] = "410185"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$REFORMGEN" -q -t plan --dump-layout --flat -o "$T/o" "$S/dongwu.json" "$S/xinzheng.json" "$S/fuyun.json" \
  "$T/xinzheng-final.json" 2>"$T/err"
st=$?
expect_eq "gongwen: the plans render" 0 $st
[ $st -eq 0 ] || head -5 "$T/err"
lay() { ls "$T"/o/$1-*plan.layout.txt 2>/dev/null | head -1; }
DW=$(lay 152525); XZ=$(lay 410184); FY=$(lay 654322); XF=$(lay 410185)

python3 - "$DW" "$XZ" "$FY" "$XF" > "$T/res" 2>&1 <<'PY'
import re, sys
mm = 72 / 25.4
BW, BX, BY, BH = 156 * mm, 28 * mm, 37 * mm, 225 * mm
LS = (BW - 28 * 16) / 27          # the grid: 28 characters of 16 pt across 156 mm
CH = 16 + LS                      # one character of the grid
PITCH = BH / 22                   # 22 lines in 225 mm

def load(path):
    pages = []
    for line in open(path, encoding="utf-8"):
        m = re.match(r"page (\d+) number=(\d+)", line)
        if m:
            pages.append({"n": int(m.group(1)), "texts": [], "lines": []})
            continue
        m = re.match(r'\s+text font=\d+ size=([\d.]+) x=([-\d.]+) y=([-\d.]+) w=([\d.]+) cs=([-\d.]+) color=(\w+)(.*?)"(.*)"$', line)
        if m and "rotated" not in m.group(7):
            pages[-1]["texts"].append(dict(size=float(m.group(1)), x=float(m.group(2)), y=float(m.group(3)),
                                           w=float(m.group(4)), cs=float(m.group(5)), color=m.group(6), s=m.group(8)))
            continue
        m = re.match(r"\s+line ([\d.]+),([\d.]+) ([\d.]+),([\d.]+) lw=([\d.]+) color=(\w+)", line)
        if m:
            pages[-1]["lines"].append(dict(y=float(m.group(2)), lw=float(m.group(5)), color=m.group(6)))
    return pages

def result(name, ok, why=""):
    print(("OK " if ok else "BAD ") + name + ("" if ok else ": " + why))

def find(pages, pred):
    for p in pages:
        for i, t in enumerate(p["texts"]):
            if pred(t):
                return p, i, t
    return None, None, None

docs = {"东乌": load(sys.argv[1]), "新郑": load(sys.argv[2]), "富蕴": load(sys.argv[3]), "新郑 final": load(sys.argv[4])}
committee = {"东乌": "共青团东乌珠穆沁旗委员会", "新郑 final": "共青团新郑市委员会"}
is_number = lambda t: re.fullmatch(r"— \d+ —", t["s"]) is not None

for name in ("东乌", "新郑 final"):
    pages = docs[name]
    # the sealed signature: the issuing body, then the date on the next line
    p, i, body = find(pages, lambda t: t["s"] == committee[name] and t["size"] == 16)
    date = p["texts"][i + 1] if body and i + 1 < len(p["texts"]) else None
    ok = date is not None and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", date["s"]) is not None
    right = BX + BW - 4 * CH
    result(name + " date ends four characters in from the right",
           ok and abs(date["x"] + date["w"] - right) < 0.3,
           "date %s, want its end at %.2f" % (date and (date["x"], date["w"]), right))
    result(name + " issuing body centred over the date",
           ok and abs(body["x"] + body["w"] / 2 - (date["x"] + date["w"] / 2)) < 0.3,
           "body %s date %s" % (body and (body["x"], body["w"]), date and (date["x"], date["w"])))
    above = p["texts"][i - 1] if body and i > 0 else None
    result(name + " one blank line above the signature",
           ok and above is not None and abs(body["y"] - above["y"] - 2 * PITCH) < 0.5
           and abs(date["y"] - body["y"] - PITCH) < 0.5,
           "above %s body %s" % (above and above["y"], body and body["y"]))
    # the red rule 4 mm below the 发文字号's characters (the em box: 0.12 em below the baseline)
    p0 = pages[0]
    num = [t for t in p0["texts"] if "〔" in t["s"] and t["size"] == 16]
    red = [l for l in p0["lines"] if l["color"] == "E60012"]
    gap = red[0]["y"] - red[0]["lw"] / 2 - (num[0]["y"] + 0.12 * 16) if num and red else None
    result(name + " red rule 4 mm below the 发文字号", gap is not None and abs(gap - 4 * mm) < 0.1 * mm,
           "gap %s pt, want %.2f" % (gap, 4 * mm))

# a draft bears no seal (GB/T 9704 §7.3.5.2): the issuing body ends two
# characters in from the right, the date starts two characters right of it
p, i, body = find(docs["新郑"], lambda t: t["s"] == "共青团新郑市委员会" and t["size"] == 16)
date = p["texts"][i + 1] if body else None
result("新郑 draft unsealed signature",
       body is not None and abs(body["x"] + body["w"] - (BX + BW - 2 * CH)) < 0.3
       and abs(date["x"] - (body["x"] + 2 * CH)) < 0.3 and abs(date["y"] - body["y"] - PITCH) < 0.5,
       "body %s date %s" % (body and (body["x"], body["w"]), date and (date["x"], date["s"])))

for name in ("东乌", "新郑 final"):
    pages = docs[name]
    last = pages[-1]
    cc = [t for t in last["texts"] if t["s"].startswith("抄送：")]
    bottom = max((l["y"] + l["lw"] / 2 for l in last["lines"]), default=0)
    result(name + " 版记 at the foot of an even last page",
           len(pages) % 2 == 0 and cc and abs(bottom - (BY + BH)) < 0.3
           and not any(t["s"].startswith("抄送：") for p in pages[:-1] for t in p["texts"]),
           "%d pages, 抄送 on the last: %s, last rule ends at %.2f" % (len(pages), bool(cc), bottom))
    # a page number only on pages with text of their own: none on a blank page, none on the 版记's
    wrong = [p["n"] for p in pages
             if any(is_number(t) for t in p["texts"])
             != any(not is_number(t) and not t["s"].startswith("抄送：") and t["size"] != 14 for t in p["texts"])]
    result(name + " no page number on a blank page or the 版记 page", not wrong and not any(is_number(t) for t in last["texts"]),
           "pages %s" % wrong)

# a draft has no 版记 (no 抄送, no 印发 line) and so no blank page for one
for name in ("新郑", "富蕴"):
    pages = docs[name]
    result(name + " draft has no 版记",
           not any(t["s"].startswith("抄送：") or re.search(r"日印发$", t["s"])
                   for p in pages for t in p["texts"]),
           "%d pages" % len(pages))

# 附件说明: 东乌's first item wraps; its second line starts under the name's
# first character: after 附件： (three characters of the grid) and "1."
# (whose advances are what the run's width leaves after its full-width characters)
p, i, first = find(docs["东乌"], lambda t: t["s"].startswith("附件：1."))
nxt = p["texts"][i + 1] if first else None
if first and nxt:
    n = len(first["s"])
    digits = first["w"] - (n - 1) * first["cs"] - 16 * (n - 2)
    name_x = first["x"] + 3 * CH + digits + 2 * first["cs"]
result("东乌 附件说明 wraps under the attachment's name",
       first is not None and nxt is not None and abs(nxt["y"] - first["y"] - PITCH) < 0.5 and abs(nxt["x"] - name_x) < 0.3,
       "first %s next %s" % (first and (first["x"], first["s"]), nxt and (nxt["x"], nxt["s"])))
spaced = []
for name, pages in docs.items():
    p, i, t = find(pages, lambda t: t["s"].startswith("附件："))
    k = i
    while t and k < len(p["texts"]) and not p["texts"][k]["s"].startswith("共青团"):
        if abs(p["texts"][k]["cs"] - LS) > 0.01:
            spaced.append((name, p["texts"][k]["s"], p["texts"][k]["cs"]))
        k += 1
result("附件说明 lines not letter-spaced", not spaced, str(spaced))

# titles broken by words, long over short
def title_lines(pages, page):
    return [t for t in pages[page]["texts"] if t["size"] == 22]
xz = [t["s"] for t in title_lines(docs["新郑"], 0)]
result("新郑 title broken by words, long over short", xz == ["新郑市县域共青团基层组织", "改革试点工作实施方案"], str(xz))
_, _, a1 = find(docs["东乌"], lambda t: t["s"].startswith("附件1"))
att = []
for p in docs["东乌"]:
    if any(t["s"] == "附件1" for t in p["texts"]):
        att = [t for t in p["texts"] if t["size"] == 22]
result("东乌 附件1 title broken by words, long over short",
       [t["s"] for t in att] == ["东乌珠穆沁旗共青团基层组织", "改革工作领导小组名单"] and att[0]["w"] >= att[1]["w"],
       str([(t["s"], t["w"]) for t in att]))

# the page of the 附件说明 and signature also holds body text above them
alone = []
for name, pages in docs.items():
    p, i, t = find(pages, lambda t: t["s"].startswith("附件："))
    if not t or not any(u["size"] == 16 and u["y"] < t["y"] for u in p["texts"]):
        alone.append(name)
result("signature kept with the body's last lines", not alone, "alone on their page: %s" % alone)
PY

for name in "东乌 date ends four characters in from the right" "东乌 issuing body centred over the date" \
    "东乌 one blank line above the signature" "东乌 red rule 4 mm below the 发文字号" \
    "新郑 final date ends four characters in from the right" "新郑 final issuing body centred over the date" \
    "新郑 final one blank line above the signature" "新郑 final red rule 4 mm below the 发文字号" \
    "新郑 draft unsealed signature" \
    "东乌 版记 at the foot of an even last page" "东乌 no page number on a blank page or the 版记 page" \
    "新郑 final 版记 at the foot of an even last page" "新郑 final no page number on a blank page or the 版记 page" \
    "新郑 draft has no 版记" "富蕴 draft has no 版记" \
    "东乌 附件说明 wraps under the attachment's name" "附件说明 lines not letter-spaced" \
    "新郑 title broken by words, long over short" "东乌 附件1 title broken by words, long over short" \
    "signature kept with the body's last lines"; do
  if grep -qxF "OK $name" "$T/res"; then pass "gongwen: $name"
  else fail "gongwen: $name" "$(grep -F "BAD $name" "$T/res" || tail -3 "$T/res")"; fi
done
