# t_consistency.sh: the consistency checker on hand-made counties. One county
# where every figure agrees gives no consistency warning; each variant breaks
# one thing and gives exactly the expected warning, naming both places and
# both values; --strict-consistency makes it an error; the warning is in
# --check's output and in the manifest; the text is never changed.
# checks: 30
. "$TOP/tests/lib.sh"
python3 - "$T" <<'PY'
import copy, json, sys
out = sys.argv[1]
base = {
    "version": 1,
    "county": {"code": "410184", "name": "新郑市", "kind": "县级市", "league_committee": "共青团新郑市委员会"},
    "period": {"year": 2023, "reference_date": "2023-12-31", "report_date": "2024-01-10", "stage": "年度评估"},
    "indicators": [
        {"id": "cadres_total", "name": "各级团干部", "unit": "人", "before": 3, "after": 10},
        {"id": "roster_cadres", "name": "花名册所列团干部", "unit": "人", "before": 3, "after": 5},
        {"id": "county_staff", "name": "团市委机关工作力量", "unit": "人", "before": 1, "after": 2},
        {"id": "village_secretaries", "name": "村团支部书记", "unit": "人", "before": 1, "after": 1},
        {"id": "secretaries_in_two_committees", "name": "进入两委的团支部书记", "unit": "人", "before": 0, "after": 1},
        {"id": "staffing_rate", "name": "团干部配备率", "unit": "%", "before": 60, "after": 100},
        {"id": "new_members", "name": "当年发展团员", "unit": "人", "before": 25, "after": 30},
        {"id": "new_members_school", "name": "学校发展团员", "unit": "人", "before": 15, "after": 20,
         "part_of": "new_members"},
        {"id": "new_members_social", "name": "社会领域发展团员", "unit": "人", "before": 10, "after": 10,
         "part_of": "new_members"},
    ],
    "units": [
        {"id": "c", "name": "共青团新郑市委员会", "level": "county", "posts": {"secretary": 1, "deputy": 1}},
        {"id": "v1", "name": "东村团支部", "parent": "c", "level": "village", "posts": {"secretary": 1, "member": 2}},
    ],
    "cadres": [
        {"name": "甲", "gender": "男", "birth": "1990-01-01", "political": "中共党员", "unit": "c", "post": "书记",
         "mode": "专职", "establishment": "编制内"},
        {"name": "乙", "gender": "女", "birth": "1995-01-01", "political": "共青团员", "unit": "c", "post": "副书记",
         "mode": "兼职", "establishment": "编制外"},
        {"name": "丙", "gender": "男", "birth": "1996-01-01", "political": "共青团员", "unit": "v1",
         "post": "团支部书记", "mode": "兼职", "establishment": "编制外", "two_committees": True},
        {"name": "丁", "gender": "女", "birth": "1997-01-01", "political": "共青团员", "unit": "v1",
         "post": "团支部委员", "mode": "兼职", "establishment": "编制外"},
        {"name": "戊", "gender": "男", "birth": "1998-01-01", "political": "共青团员", "unit": "v1",
         "post": "团支部委员", "mode": "兼职", "establishment": "编制外"},
    ],
    "narrative": {"background": ["改革以来，各级团干部总数达到10名，当年发展团员30名。",
                                 # every form the checker reads, agreeing; and counts of some, not all
                                 "全市共有团干部10名，新郑市10名团干部中，1名村团支部书记进入“两委”，"
                                 "20名学校发展团员；覆盖40名团干部，基层团干部96人参加培训。"]},
}
def ind(d, id):
    return next(i for i in d["indicators"] if i["id"] == id)
variants = {}
def variant(name, change):
    d = copy.deepcopy(base)
    change(d)
    variants[name] = d
variant("agree", lambda d: None)
def below(d):   # the narrative follows the indicator, so that only the roster disagrees
    ind(d, "cadres_total").update(after=4)
    d["narrative"]["background"] = ["改革以来，各级团干部总数达到4名，当年发展团员30名。"]
variant("total-below-roster", below)
variant("listed-not-roster", lambda d: ind(d, "roster_cadres").update(after=6))
variant("rate-not-posts", lambda d: ind(d, "staffing_rate").update(after=90))
variant("parts-over-total", lambda d: ind(d, "new_members_social").update(after=15))
variant("narrative-figure", lambda d: d["narrative"].update(background=["改革以来，各级团干部总数达到12名，当年发展团员30名。"]))
# issue 15: the count of all cadres in the common word, the number after it or before it
variant("term-after", lambda d: d["narrative"].update(background=["全市共有团干部12名，当年发展团员30名。"]))
variant("term-before", lambda d: d["narrative"].update(background=["全市12名团干部全部在岗。"]))
variant("secretaries-term", lambda d: d["narrative"].update(background=["全市团支部书记共2名。"]))
variant("name-before", lambda d: d["narrative"].update(background=["改革以来，25名学校发展团员入团。"]))
def term_roster(d):   # no indicator of all cadres: the roster's 5 is the least
    d["indicators"] = [i for i in d["indicators"] if i["id"] != "cadres_total"]
    d["narrative"]["background"] = ["全市共有团干部4名，当年发展团员30名。"]
variant("term-roster", term_roster)
for name, d in variants.items():
    json.dump(d, open("%s/%s.json" % (out, name), "w"), ensure_ascii=False, indent=1)
PY
cw() { "$REFORMGEN" --check "$T/$1.json" 2>&1 | grep 'consistency:'; }
n=$(cw agree | wc -l)
expect_eq "all figures agree: no consistency warning" 0 "$n"
w=$(cw total-below-roster)
expect_eq "cadres_total below the roster: one warning" 1 "$(printf '%s\n' "$w" | grep -c .)"
expect_match "  names the indicator and the roster, 4 and 5" "/indicators/0/after: warning: consistency: indicator cadres_total .* gives 4 .* fewer than the 5 cadres the roster lists \(/cadres\)" "$w"
w=$(cw listed-not-roster)
expect_eq "roster_cadres unlike the roster: one warning" 1 "$(printf '%s\n' "$w" | grep -c .)"
expect_match "  names both, 6 and 5" "/indicators/1/after: .*roster_cadres .* gives 6 .* but the 5 cadres the roster lists" "$w"
w=$(cw rate-not-posts)
expect_eq "配备率 unlike the posts: one warning" 1 "$(printf '%s\n' "$w" | grep -c .)"
# the roster fills 5 of 5 planned posts: 100.0 %
expect_match "  names both, 90% and 100.0% (5 of 5)" "/indicators/5/after: .*staffing_rate .* gives 90%, but the roster's 配备率 .* is 100\.0% \(5 of 5\)" "$w"
w=$(cw parts-over-total)
expect_eq "parts over their total: one warning" 1 "$(printf '%s\n' "$w" | grep -c .)"
# 20 + 15 = 35 > 30
expect_match "  names the parts and the total, 35 and 30" "/indicators/6/after: .*parts of indicator new_members \(new_members_school \+ new_members_social\) add up to 35 after, more than its after 30" "$w"
for v in term-after term-before secretaries-term name-before term-roster; do
  w=$(cw $v)
  expect_eq "$v: one warning" 1 "$(printf '%s\n' "$w" | grep -c .)"
  case $v in
  term-after) re="/narrative/background/0: .*states 12 in “团干部12名”, but indicator cadres_total at /indicators/0 gives 3 before and 10 after" ;;
  term-before) re="/narrative/background/0: .*states 12 in “12名团干部”, but indicator cadres_total at /indicators/0 gives 3 before and 10 after" ;;
  secretaries-term) re="states 2 in “团支部书记共2名”, but indicator village_secretaries at /indicators/3 gives 1 before and 1 after" ;;
  name-before) re="states 25 for “学校发展团员”, but indicator new_members_school at /indicators/7 gives 15 before and 20 after" ;;
  term-roster) re="/narrative/background/0: .*states 4 in “团干部4名”, fewer than the 5 cadres the roster lists \(/cadres\)" ;;
  esac
  expect_match "  $v: names the words, both figures and the place" "$re" "$w"
done
w=$(cw narrative-figure)
expect_eq "narrative figure unlike the data: one warning" 1 "$(printf '%s\n' "$w" | grep -c .)"
expect_match "  names the paragraph and the indicator, 12 and 3/10" "/narrative/background/0: .*states 12 for “各级团干部”, but indicator cadres_total at /indicators/0 gives 3 before and 10 after" "$w"

# the XML form names its places as XPaths, with the same figures
python3 "$TOP/tests/synth_county.py" to-xml "$T/total-below-roster.json" > "$T/total-below-roster.xml"
expect_match "XML form: the same warning" "indicator\[1\]/after: warning: consistency: indicator cadres_total .* gives 4 .* fewer than the 5" "$("$REFORMGEN" --check "$T/total-below-roster.xml" 2>&1)"

# warnings by default: the county renders; --strict-consistency: an error
"$REFORMGEN" -q -o "$T/o1" "$T/narrative-figure.json" >/dev/null 2>&1
expect_eq "a disagreement is a warning: the county renders" 0 $?
"$REFORMGEN" --strict-consistency -o "$T/o2" "$T/narrative-figure.json" >/dev/null 2>"$T/strict.err"
expect_eq "--strict-consistency: the county fails" 1 $?
expect_match "--strict-consistency: reported as an error" "error: consistency: the narrative states 12" "$(cat "$T/strict.err")"
"$REFORMGEN" --strict-consistency --check "$T/agree.json" >/dev/null 2>&1
expect_eq "--strict-consistency passes a county that agrees" 0 $?
"$REFORMGEN" --strict-consistency --check "$T/rate-not-posts.json" >/dev/null 2>&1
expect_eq "--strict-consistency --check fails a disagreement" 1 $?

# the manifest carries the warning; the text is not changed
"$REFORMGEN" -q -o "$T/o3" "$T/narrative-figure.json" >/dev/null 2>&1
expect_match "the manifest carries the warning" "consistency: the narrative states 12" "$(cat "$T/o3/manifest.json")"
r=$(pdftotext -enc UTF-8 -raw "$T/o3/410184-新郑市/report.pdf" - | tr -d ' \n\f')
expect_match "the narrative is printed as given" "各级团干部总数达到12名" "$r"
n=$("$REFORMGEN" --check "$TOP/samples/fuyun.json" "$TOP/samples/xinzheng.json" "$TOP/samples/dongwu.json" 2>&1 | grep -c 'consistency:')
expect_eq "the samples give the consistency warnings samples/README.md lists (none)" 0 "$n"
