# t_wording.sh: the text of every sample document read as a reviewer would
# (pdftotext): no doubled punctuation where items are joined, no clause said
# twice in a row, no "（市、区）"-style placeholder where the county's own kind
# belongs, the plan's 成文日期 consistent with its 文号 and phases (computed
# here from the sample's data), draft and final plans in their two modes,
# rates changing in 百分点, the office sentence whole; and a county file of the
# old shape (office as a body's name) still rendered, with a note.
# checks: 63
. "$TOP/tests/lib.sh"
S=$TOP/samples
"$REFORMGEN" -q -j 2 -o "$T/o" "$S/xinzheng.json" "$S/dongwu.json" "$S/fuyun.json" 2>"$T/err"
expect_eq "samples render" 0 $?
python3 - "$T/o" "$S" <<'PY'
import json, os, re, subprocess, sys
out, samples = sys.argv[1], sys.argv[2]

def text(path):
    t = subprocess.run(["pdftotext", "-enc", "UTF-8", "-raw", path, "-"], capture_output=True,
                       text=True).stdout
    # page numbers and the watermark's characters are no part of the sentences
    t = re.sub(r"— \d+ —", "", t)
    return re.sub(r"\s+", "", t)

def result(name, ok, why=""):
    print(("PASS %s" % name) if ok else ("FAIL %s: %s" % (name, why)))

doubled = re.compile(r"[。；，、：][。；，、]|[；，、][：]")
counties = {"xinzheng": "410184-新郑市", "dongwu": "152525-东乌珠穆沁旗", "fuyun": "654322-富蕴县"}
docs = ["report", "plan", "staffing"]
texts = {}
for key, folder in counties.items():
    for d in docs:
        texts[(key, d)] = text(os.path.join(out, folder, d + ".pdf"))
texts[("batch", "rollup")] = text(os.path.join(out, "rollup.pdf"))

for (key, d), t in texts.items():
    m = doubled.search(t)
    result("%s %s: no doubled punctuation" % (key, d), not m,
           m and t[max(0, m.start() - 15):m.end() + 5])
for (key, d), t in texts.items():
    clauses = [c for c in re.split(r"[。；！？]", t) if len(c) >= 6]
    rep = [a for a, b in zip(clauses, clauses[1:]) if a == b]
    result("%s %s: no clause repeated" % (key, d), not rep, rep[:1])
for key in counties:
    for d in docs:
        t = texts[(key, d)]
        # the county's own text may speak of other counties ("31个县（市、区）");
        # the documents' own sentences about this county may not
        m = re.search(r"[全本我该]县（市、区）|[全本我该]（县、市、区）|[全本我该]县（市）|[全本我该]旗（县）", t)
        result("%s %s: no county-kind placeholder" % (key, d), not m,
               m and t[max(0, m.start() - 15):m.end() + 5])

for key, folder in counties.items():
    data = json.load(open(os.path.join(samples, key + ".json")))
    plan = data["plan"]
    t = texts[(key, "plan")]
    y, mo, da = (int(x) for x in plan["date"].split("-"))
    shown = "%d年%d月%d日" % (y, mo, da)
    num_year = int(re.search(r"〔(\d{4})〕", plan["doc_number"]).group(1))
    first_end = plan["phases"][0]["end"]
    ok = (num_year == y and plan["date"] <= first_end and shown in t
          and data["period"]["report_date"] != plan["date"])
    result("%s plan: 成文日期 %s matches the 文号's year %d and precedes the end of phase 1 (%s)"
           % (key, shown, num_year, first_end), ok, "%s in text: %s" % (shown, shown in t))
    if plan.get("draft"):
        ok = "（征求意见稿）" in t and plan["doc_number"] not in t and not re.search(r"办公室(\d+年\d+月\d+日|[　 ]*年[　 ]*月[　 ]*日)印发", t) and "文件" not in t[:40]
        result("%s plan: a draft (征求意见稿, no 版头, 文号 or 印发)" % key, ok, t[:80])
    else:
        ok = ("（征求意见稿）" not in t and t.startswith(data["county"]["league_committee"] + "文件")
              and plan["doc_number"] in t and shown + "印发" in t)
        result("%s plan: final (版头, 文号, 印发 with the plan's date)" % key, ok, t[:80])
    sentence = "领导小组下设办公室，办公室设在%s，%s任办公室主任，负责日常工作。" % (
        plan["office_host"], plan["office_head"])
    result("%s plan: the office sentence is whole" % key, sentence in t, sentence)
    r = texts[(key, "report")]
    result("%s report: no 年度年度" % key, "年度年度" not in r and "年度年度" not in texts[(key, "staffing")])
    # the roster's count of branch secretaries beside the indicators' count of
    # all of them: every mention of the roster's is named as the roster's
    listed = sum(1 for c in data["cadres"] if c.get("post") == "团支部书记")
    loose = [r[max(0, m.start() - 14):m.end()] for m in re.finditer(r"团支部书记%d名" % listed, r)
             if "花名册所列" not in r[max(0, m.start() - 14):m.start()]]
    rd = data["period"]["report_date"].split("-")
    date = "%d年%d月%d日" % tuple(int(x) for x in rd)
    result("%s report: the roster's %d branch secretaries named as the roster's; 成文日期 %s in Arabic numerals"
           % (key, listed, date), listed > 0 and not loose and r.endswith(data["county"]["league_committee"] + date),
           "%s; ends %s" % (loose[:2], r[-30:]))

# 富蕴's 配备率 86.5 -> 100 is a change of 13.5 个百分点, with no growth percentage
r = texts[("fuyun", "report")]
result("fuyun report: a rate changes in 百分点", re.search(r"配备率%86\.5100\+13\.5个百分点—", r) is not None,
       re.search(r"配备率.{0,40}", r) and re.search(r"配备率.{0,40}", r).group(0))
p = texts[("dongwu", "plan")]
result("dongwu plan: a 旗's units are 苏木镇, never 乡镇（街道）",
       "苏木镇团委委员中" in p and "乡镇（街道）团委" not in p and "结合我旗实际" in p)
PY

# a county file of the old shape: `office` names a body
python3 - "$S/dongwu.json" "$T/old.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["plan"]
del p["office_host"], p["office_head"], p["date"]
p["office"] = "共青团东乌珠穆沁旗委员会"
p["goals"][0] = "每个苏木镇配备1~2名专职副书记。"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$REFORMGEN" -t plan -o "$T/old.pdf" "$T/old.json" >/dev/null 2>"$T/old.err"
expect_eq "old-shape county renders" 0 $?
o=$(pdftotext -enc UTF-8 -raw "$T/old.pdf" - | tr -d ' \n\f')
expect_match "old office used as where the office sits" "领导小组下设办公室，办公室设在共青团东乌珠穆沁旗委员会，负责日常工作。" "$o"
expect_match "old office: a note suggests office_host and office_head" "/plan/office: note: .*office_host.*office_head" "$(cat "$T/old.err")"
expect_match "final plan without plan.date: warned, date line left blank" "/plan: warning: the plan has no date" "$(cat "$T/old.err")"
expect_match "final plan without plan.date: blank date line and 印发 line" "共青团东乌珠穆沁旗委员会[　 ]*年[　 ]*月[　 ]*日.*办公室[　 ]*年[　 ]*月[　 ]*日印发" "$(pdftotext -enc UTF-8 -raw "$T/old.pdf" - | tr -d ' \n\f')"
expect_match "a '~' in the county's text: warned at its place" "/plan/goals/0: warning: a half-width '~'" "$(cat "$T/old.err")"
expect_match "a '~' in the county's text: kept as given" "每个苏木镇配备1~2名专职副书记。" "$o"
n=$(cat "$TOP"/samples/*.json "$TOP"/samples/*.xml "$TOP"/templates/*.xml "$TOP"/templates/include/*.xml | grep -c '~')
expect_eq "no '~' in the samples and templates (1—2名, 1至2名)" 0 "$n"

# a plan with nothing but its title: sections without data say nothing, or a
# whole sentence of stock text; never "如下：" over nothing, never an empty 附件1
cat > "$T/bare.json" <<'EOF'
{ "version": 1,
  "county": { "code": "152525", "name": "东乌珠穆沁旗", "kind": "旗", "league_committee": "共青团东乌珠穆沁旗委员会" },
  "period": { "year": 2023, "reference_date": "2023-12-31", "report_date": "2024-01-02" },
  "plan": { "title": "东乌珠穆沁旗团干部选配实施方案", "doc_number": "团东乌旗委〔2023〕1号" } }
EOF
"$REFORMGEN" -t plan -o "$T/bare.pdf" "$T/bare.json" >/dev/null 2>&1
expect_eq "a plan with only a title renders" 0 $?
b=$(pdftotext -enc UTF-8 -raw "$T/bare.pdf" - | tr -d ' \n\f')
if printf '%s' "$b" | grep -Eq '如下：[一二三四五六七八九（]|程序：[一二三四五六七八九（]|以下零个阶段|指导思想二'; then
  fail "bare plan: no list announced over nothing" "$b"
else pass "bare plan: no list announced over nothing"; fi
expect_match "bare plan: stock 运行机制 and 保障措施 in the county's words, one attachment" "运行机制（一）例会制度。苏木镇团委.*保障措施（一）加强组织领导。.*20,000元.*附件：竞职候选人报名表" "$b"

# an old `office` that is a whole sentence is printed as it is, without a note
python3 - "$TOP/samples/dongwu.json" "$T" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["plan"]
del p["office_host"], p["office_head"]
p["office"] = "领导小组下设办公室，办公室主任由王伟兼任，负责做好各项日常工作。"
json.dump(d, open(sys.argv[2] + "/sentence.json", "w"), ensure_ascii=False)
# 成文日期 against the 文号 (〔2022〕) and phase 1 (ends 2022-06-30)
p["date"] = "2023-01-05"
json.dump(d, open(sys.argv[2] + "/late.json", "w"), ensure_ascii=False)
PY
"$REFORMGEN" -t plan -o "$T/sentence.pdf" "$T/sentence.json" >/dev/null 2>"$T/sentence.err"
s=$(pdftotext -enc UTF-8 -raw "$T/sentence.pdf" - | tr -d ' \n\f')
expect_match "old office sentence printed as given" "成员如下：.*）领导小组下设办公室，办公室主任由王伟兼任，负责做好各项日常工作。(—[0-9]+—)?四、" "$s"
expect_eq "old office sentence: no note" 0 "$(grep -c 'plan/office' "$T/sentence.err")"
w=$("$REFORMGEN" --check "$T/late.json" 2>&1)
expect_match "plan.date of another year than the 文号: warned with both" "/plan/date: warning: plan.date 2023-01-05 is in 2023, but the 文号 团东乌旗委〔2022〕5号 is of 2022" "$w"
expect_match "plan.date after the first phase: warned with both dates" "/plan/date: warning: plan.date 2023-01-05 is after the end \(2022-06-30\) of the first phase “精心选”" "$w"
expect_eq "the samples' plan dates give no date warning" 0 "$("$REFORMGEN" --check "$TOP"/samples/*.json 2>&1 | grep -c 'plan.date\|no date')"
