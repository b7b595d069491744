# t_documents.sh: the three documents and the roll-up for the samples: the
# figures derive computes are in the PDFs (checked against hand-worked and
# published figures), every failed rule is in the report and the staffing
# table, and the implementation plan follows GB/T 9704-2012 on the display list.
# checks: 26
. "$TOP/tests/lib.sh"
S=$TOP/samples
"$REFORMGEN" -q -j 2 --dump-layout -o "$T/o" "$S/xinzheng.json" "$S/dongwu.json" "$S/fuyun.json" 2>"$T/err"
st=$?
expect_eq "samples render" 0 $st
[ $st -eq 0 ] || head -5 "$T/err"
X=$T/o/410184-新郑市
txt() { pdftotext -enc UTF-8 -raw "$1" - 2>/dev/null | tr -d ' \n\f'; }
for d in report plan staffing; do
  for c in "$T"/o/*/; do check "$(basename "$c") $d written" test -s "$c/$d.pdf"; done
done
check "roll-up written" test -s "$T/o/rollup.pdf"

r=$(txt "$X/report.pdf")
# seed 002: 7 -> 17 is +10 and 142.9 %; 1,011 -> 1,744 is +733; 51 / 70 is 72.9 %
expect_match "新郑 county staff +10, 142.9%" "团市委机关专、挂、兼职干部及其他工作力量人717\+10142\.9" "$r"
expect_match "新郑 grassroots 1,011 -> 1,744, +733" "1,0111,744\+733" "$r"
expect_match "新郑 推优入党 72.9%" "推优入党比例72\.9%" "$r"
# hand-worked: 0.3 × 93.5 + 0.3 × 92 + 0.2 × 90 + 0.2 × 91 = 91.85 -> 91.9, 优秀
expect_match "新郑 weighted score and grade" "综合得分91\.9分，评估等次为优秀" "$r"
expect_match "report date in 〇 numerals" "二〇二二年九月十六日" "$r"
# seed 000: full-time cadres at the banner committee 2 -> 5
expect_match "东乌旗 full-time cadres 2 -> 5" "专职.{0,30}人25\+3" "$(txt "$T/o/152525-东乌珠穆沁旗/report.pdf")"

# every finding of every county is in its report and its staffing table
python3 - "$T/o/manifest.json" > "$T/findings.tsv" <<'PY'
import json, os, sys
m = json.load(open(sys.argv[1]))
for i in m["inputs"]:
    d = os.path.dirname(i["outputs"][0]["path"]) if i["outputs"] else ""
    for f in i["findings"]:
        print(d + "\t" + f)
PY
n=$(wc -l < "$T/findings.tsv")
check "samples have findings" test "$n" -ge 3
missing=0
while IFS="$(printf '\t')" read -r dir f; do
  f=$(printf '%s' "$f" | tr -d ' ')
  for d in report staffing; do
    [ -f "$T/$d.$(basename "$dir").txt" ] || txt "$dir/$d.pdf" > "$T/$d.$(basename "$dir").txt"
    grep -qF -- "$f" "$T/$d.$(basename "$dir").txt" || { missing=$((missing + 1)); echo "    not in $d: $f"; }
  done
done < "$T/findings.tsv"
expect_eq "every finding in the report and the staffing table" 0 $missing

p=$(txt "$X/plan.pdf")
# 新郑's plan is a draft for comments: no 文号, no 版记; 东乌旗's is final
pd=$(txt "$T/o/152525-东乌珠穆沁旗/plan.pdf")
expect_match "plan: document number (final)" "团东乌旗委〔2022〕5号" "$pd"
expect_match "plan: 12 posts need 15 candidates" "兼职副书记1215" "$p"
expect_match "plan: rule limits in force" "年龄一般在35周岁以下，兼职团干部可放宽到40周岁以下" "$p"
expect_match "plan: its own 成文日期 (plan.date) in Arabic numerals" "共青团东乌珠穆沁旗委员会2022年2月25日" "$pd"
expect_match "plan: 版记 (final)" "抄送：.*2022年2月25日印发" "$pd"
expect_match "plan: draft watermark on the pages" 'rotated "征求意见稿"' "$(grep rotated "$X/plan.layout.txt" | head -1)"

# GB/T 9704-2012 on the display list of the plan
g=$(python3 - "$X/plan.layout.txt" <<'PY'
import re, sys
mm = 72 / 25.4
bad = []
pages = 0
lines16 = {}
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"page (\d+) number=(\d+) size=([\d.]+)x([\d.]+) block=([\d.]+),([\d.]+),([\d.]+),([\d.]+)", line)
    if m:
        pages += 1
        page = int(m.group(1))
        w, h, bx, by, bw, bh = map(float, m.group(3, 4, 5, 6, 7, 8))
        exp = (595.28, 841.89, 28 * mm, 37 * mm, 156 * mm, 225 * mm)
        if any(abs(a - b) > 0.6 for a, b in zip((w, h, bx, by, bw, bh), exp)):
            bad.append("page %d: size or text block %s" % (page, (w, h, bx, by, bw, bh)))
        continue
    m = re.match(r'\s+text font=\d+ size=([\d.]+) x=([\d.]+) y=([\d.]+) w=([\d.]+).*?"(.*)"$', line)
    if not m or "rotated" in line:
        continue
    size, x, y, tw = map(float, m.group(1, 2, 3, 4))
    s = m.group(5)
    if re.fullmatch(r"— \d+ —", s):
        n = int(s.split()[1])
        right = bx + bw - 14
        ok_x = abs(x + tw - right) < 1 if n % 2 else abs(x - (bx + 14)) < 1
        ok_y = by + bh + 7 * mm - 1 <= y <= by + bh + 7 * mm + 15
        if size != 14 or not ok_x or not ok_y:
            bad.append("page number %d at x=%.2f y=%.2f" % (n, x, y))
        continue
    if x < bx - 0.5 or x + tw > bx + bw + 0.5:
        bad.append("page %d: text outside the block: %s" % (page, s))
    if size == 16 and abs(x - bx) < 1 and abs(tw - bw) < 0.5:
        lines16.setdefault(page, []).append(y)
        # 28 characters on the grid; 27 where a closing mark pushed one down
        if not 27 <= len(s) <= 28:
            bad.append("page %d: a full line of %d characters: %s" % (page, len(s), s))
for page, ys in lines16.items():
    for a, b in zip(ys, ys[1:]):
        k = (b - a) / (225 * mm / 22)
        if abs(k - round(k)) > 0.01:
            bad.append("page %d: line pitch %.2f pt off the 22-line grid" % (page, b - a))
full = sum(len(v) for v in lines16.values())
print("%d pages, %d full lines checked, %d problems" % (pages, full, len(bad)))
for b in bad[:10]:
    print("  " + b)
PY
)
expect_match "plan follows GB/T 9704 (block, 28 characters, 22-line grid, page numbers)" "^[0-9]+ pages, [1-9][0-9]* full lines checked, 0 problems" "$g"
