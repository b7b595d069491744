# t_rollup.sh: the roll-up of a batch (the three sample counties and four
# synthetic ones): county averages before and after (县均) for every indicator,
# the average score and the grade distribution, each computed here
# independently from the inputs (exact decimals, half up), found in the roll-up;
# counties of different years or stages in separate groups, ranked and
# averaged within their group only; averages grouped with one decimal (1,085.0).
# checks: 5
. "$TOP/tests/lib.sh"
mkdir -p "$T/in"
cp "$TOP"/samples/*.json "$T/in/"
for i in 1 2 3 4; do
  /usr/bin/python3 "$TOP/tests/synth_county.py" synth --cadres $((60 * i)) --seed $((20 + i)) --code "65000$i" > "$T/in/s$i.json"
done
"$REFORMGEN" -q -j 2 -t rollup --dump-tree -o "$T/o" "$T/in" 2>"$T/err"
expect_eq "roll-up of seven counties" 0 $?
check "roll-up written" test -s "$T/o/rollup.pdf"
out=$(/usr/bin/python3 - "$T/in" "$T/o/rollup.tree.txt" <<'PY'
import glob, json, re, sys
from decimal import Decimal, ROUND_HALF_UP
def r1(x): return str(x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
def g1(x): return "{:,}".format(x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
def key(c): return (c["period"]["year"], c["period"].get("stage", ""))
counties = [json.load(open(f, encoding="utf-8")) for f in sorted(glob.glob(sys.argv[1] + "/*.json"))]
cells = [m.group(1) for m in re.finditer(r'^\s*"(.*)"$', open(sys.argv[2], encoding="utf-8").read(), re.M)]
text = "".join(cells)
bad, checked = [], 0
# county averages per group and indicator id, over the group's counties that report it
seen = {}
for c in counties:
    for ind in c.get("indicators", []):
        seen.setdefault((key(c), ind["id"]), []).append(ind)
for iid, inds in seen.items():
    n = len(inds)
    b = g1(sum(Decimal(str(i["before"])) for i in inds) / n)
    a = g1(sum(Decimal(str(i["after"])) for i in inds) / n)
    row = [inds[0]["name"], inds[0].get("unit", ""), str(n), b, a]
    # the row's cells in order somewhere in the dump
    ok = any(cells[k:k + 5] == row for k in range(len(cells)))
    checked += 1
    if not ok: bad.append("average row %s" % row)
# weighted scores: Σ weight × score, one decimal half up; grades 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60
scores, keys = [], []
for c in counties:
    a = c.get("assessment", {})
    if "weights" in a and "scores" in a:
        s = sum(Decimal(str(a["weights"][k])) * Decimal(str(a["scores"][k])) for k in a["weights"])
        scores.append(Decimal(r1(s)))
        keys.append(key(c))
ngroups = len(set(key(c) for c in counties))
if ngroups == 1:
    avg = r1(sum(scores) / len(scores))
    if "平均得分%s分" % avg not in text: bad.append("average score %s" % avg)
elif "分属%d个不同的评估年度或阶段，得分不作统一排名和平均" % ngroups not in text:
    bad.append("mixed batch of %d groups not said" % ngroups)
grades = {"优秀": 0, "良好": 0, "合格": 0, "不合格": 0}
for s in scores:
    g = "优秀" if s >= 90 else "良好" if s >= 80 else "合格" if s >= 60 else "不合格"
    grades[g] += 1
for g, k in grades.items():
    if not any(cells[i:i + 2] == [g, str(k)] for i in range(len(cells))): bad.append("grade %s %d" % (g, k))
# ranks: 1 + the number of counties of the same group with a strictly higher score,
# next to each county's code
for c, s, k in zip([c for c in counties if "weights" in c.get("assessment", {})], scores, keys):
    rank = 1 + sum(1 for t, tk in zip(scores, keys) if t > s and tk == k)
    if not any(cells[i:i + 2] == [str(rank), c["county"]["code"]] for i in range(len(cells))):
        bad.append("rank %d of %s" % (rank, c["county"]["code"]))
print("%d averages, %d scores and ranks checked, %d problems" % (checked, len(scores), len(bad)))
for b in bad[:8]: print("  " + b)
PY
)

expect_match "roll-up averages, score, grades and ranks match hand-worked figures" "^[1-9][0-9]* averages, 7 scores and ranks checked, 0 problems" "$out"
txt=$(pdftotext -enc UTF-8 -raw "$T/o/rollup.pdf" - 2>/dev/null | tr -d ' \n')
expect_match "the roll-up PDF names every county" "新郑市.*|东乌珠穆沁旗" "$txt"
expect_match "roll-up counts the batch" "共7个县（市、区）" "$txt"
