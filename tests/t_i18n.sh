# t_i18n.sh: messages in the user's language (gettext, generator/po/): Chinese
# under a zh_CN locale, with the same FILE:PLACE as the English ones; English
# in the C locale or with LC_MESSAGES=C; the catalogue complete.
# checks: 35
. "$TOP/tests/lib.sh"
C=$TOP/tests/cli
ZH=zh_CN.UTF-8
have_zh=1
locale -a 2>/dev/null | grep -qix 'zh_CN\.utf-\?8' || have_zh=0

# the catalogue: every message the sources mark is translated, none fuzzy
if command -v msgfmt >/dev/null 2>&1 && command -v xgettext >/dev/null 2>&1; then
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$TOP/generator/po/zh_CN.po" 2>&1); st=$?
  expect_eq "po: msgfmt --check" 0 $st
  expect_match "po: all translated, none fuzzy or untranslated" '^[0-9]+ translated messages\.$' "$stats"
  # the same extraction as make po: _, N_ and the formats of the diagnostic functions
  (cd "$TOP" && xgettext --from-code=UTF-8 $(cat generator/po/xgettext-options) \
     -x generator/po/exclude.pot -o "$T/now.pot" generator/*.c) 2>/dev/null
  out=$(LC_ALL=C msgcmp "$TOP/generator/po/zh_CN.po" "$T/now.pot" 2>&1); st=$?
  expect_eq "po: every message marked in the sources has its translation" 0 $st
  [ $st = 0 ] || printf '%s\n' "$out" | head -5 | sed 's/^/    /'
else
  for n in "po: msgfmt --check" "po: all translated, none fuzzy or untranslated" \
           "po: every message marked in the sources has its translation"; do
    skip "$n" "gettext tools not installed (make deps)"
  done
fi

# a county file with errors of several kinds (a code, a missing field, a date)
python3 - "$TOP/samples/xinzheng.json" "$T/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
d['county']['code'] = '12345'
d['county'].pop('league_committee')
d['cadres'][0]['birth'] = '1993年11月'
d['cadres'][1]['gender'] = '男性'
json.dump(d, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
PY
# one diagnostic of each stage: a template error, a layout warning, an import
# error, a consistency warning, a main error (a folder without county files),
# a batch error (one county twice), an error quoting strerror
printf '<document kind="x"><p>{nosuch(}</p><bogus/></document>\n' > "$T/badtpl.xml"
sed 's/paper="A4"/paper="{county\/code}"/' "$C/hello.xml" > "$T/paper.xml"
printf '姓名,性别\n张三,M\n' > "$T/roster.csv"
python3 - "$TOP/samples/xinzheng.json" "$T/cons.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
d['indicators'][0]['part_of'] = 'no_such_indicator'
json.dump(d, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
PY
mkdir -p "$T/nocounty" "$T/twice"
cp "$C/min.json" "$T/twice/a.json"
sed 's/"year": 2021/"year": 2020/' "$C/min.json" > "$T/twice/b.json"
# each stage's messages in the locale $1, in $T/st-$1-STAGE
stages() {
  LANG=$1 LC_ALL= "$REFORMGEN" -q -t "$T/badtpl.xml" -o "$T/o-$1" "$C/min.json" > "$T/st-$1-template" 2>&1
  LANG=$1 LC_ALL= "$REFORMGEN" -t "$T/paper.xml" -o "$T/o-$1" "$C/min.json" > "$T/st-$1-layout" 2>&1
  (cd "$T" && LANG=$1 LC_ALL= "$REFORMGEN" import -o "c-$1.json" roster.csv) > "$T/st-$1-import" 2>&1
  LANG=$1 LC_ALL= "$REFORMGEN" --check "$T/cons.json" > "$T/st-$1-consistency" 2>&1
  LANG=$1 LC_ALL= "$REFORMGEN" -o "$T/o-$1" "$T/nocounty" > "$T/st-$1-main" 2>&1
  LANG=$1 LC_ALL= "$REFORMGEN" -q -j 1 -t "$C/hello.xml" -o "$T/o2-$1" "$T/twice" > "$T/st-$1-batch" 2>&1
  LANG=$1 LC_ALL= "$REFORMGEN" -o "$T/o-$1" "$T/no-such.json" > "$T/st-$1-strerror" 2>&1
}
stages C
expect_match "C: English template error" "^$T/badtpl.xml:1: error: unbalanced parentheses in 'nosuch\\('$" "$(cat "$T/st-C-template")"
expect_match "C: English layout warning" "^$C/min.json:0:/document: warning: paper='410184' is not A4 or A3; A4 used$" "$(cat "$T/st-C-layout")"
expect_match "C: English import error" "^roster.csv:2:性别: error: found 'M'; expected 男 or 女$" "$(cat "$T/st-C-import")"
expect_match "C: English consistency warning" "^$T/cons.json:/indicators/0/part_of: warning: consistency: indicator county_staff is part_of 'no_such_indicator', which is no indicator of this county$" "$(cat "$T/st-C-consistency")"
expect_match "C: English main error" "^$T/nocounty: error: no county files in this folder; expected .json or .xml files$" "$(cat "$T/st-C-main")"
expect_match "C: English batch error" "^$T/twice/[ab].json: error: .*/hello.pdf is also written by $T/twice/[ab].json \\(the same county code and name\\); it holds" "$(cat "$T/st-C-batch")"

en=$(LANG=C LC_ALL= "$REFORMGEN" --check "$T/bad.json" 2>&1); st_en=$?
expect_match "C: English error" "^$T/bad.json:/county/code: error: '12345' is not a division code; expected a six-digit division code$" "$en"
out=$(LANG=C LC_ALL= "$REFORMGEN" --help)
expect_match "C: English help" '^Usage: reformgen \[OPTION\]' "$out"

if [ $have_zh = 1 ]; then
  out=$(LANG=$ZH LC_ALL= "$REFORMGEN" --help); st=$?
  expect_match "zh: help in Chinese" '^用法：reformgen \[选项\]\.\.\. 输入\.\.\.$' "$out"
  expect_match "zh: help options in Chinese" '^  -h, --help              显示此帮助并退出$' "$out"
  expect_eq "zh: help exit" 0 $st
  zh=$(LANG=$ZH LC_ALL= "$REFORMGEN" --check "$T/bad.json" 2>&1); st_zh=$?
  expect_match "zh: error in Chinese" "^$T/bad.json:/county/code: 错误：“12345”不是行政区划代码；应为六位行政区划代码$" "$zh"
  expect_match "zh: a date in Chinese" "^$T/bad.json:/cadres/0/birth: 错误：“1993年11月”不是日期；应为日期（YYYY-MM-DD 或 YYYY-MM）$" "$zh"
  expect_match "zh: a choice in Chinese" "^$T/bad.json:/cadres/1/gender: 错误：“男性”不是可用的值；应为以下之一：男、女$" "$zh"
  places() { printf '%s\n' "$1" | sed -E 's/^([^ ]*) .*/\1/'; }
  expect_eq "zh: the same FILE:PLACE list as in English" "$(places "$en")" "$(places "$zh")"
  expect_eq "zh: the same exit status" "$st_en" "$st_zh"
  err=$(LANG=$ZH LC_ALL= "$REFORMGEN" --no-such-option x.json 2>&1); st=$?
  expect_match "zh: usage error in Chinese" '^reformgen: 未知选项：--no-such-option$' "$err"
  expect_eq "zh: usage error exit" 2 $st
  out=$(LANG=$ZH LC_MESSAGES=C LC_ALL= "$REFORMGEN" --check "$T/bad.json" 2>&1)
  expect_eq "zh with LC_MESSAGES=C: English" "$en" "$out"
  err=$(LANG=$ZH LC_ALL= "$REFORMGEN" -t plan -o "$T/o1" "$C/min.json" 2>&1)
  expect_match "zh: required data missing in Chinese" \
    "^$C/min.json: 警告：已跳过文档“plan”：缺少必需数据：方案标题（plan/title）、文号（plan/doc_number）$" "$err"
  err=$(LANG=$ZH LC_ALL= "$REFORMGEN" --progress -q -t hello --templates "$C" -o "$T/o2" "$C/min.json" 2>&1)
  expect_match "zh: progress line in Chinese" '1/1，用时 [0-9]+\.[0-9] 秒' "$err"
  out=$(LANG=$ZH LC_ALL= REFORMGEN_LOCALEDIR="$T/none" "$REFORMGEN" --check "$T/bad.json" 2>&1)
  expect_eq "zh without a catalogue (REFORMGEN_LOCALEDIR): English" "$en" "$out"
  stages $ZH
  expect_match "zh: template error in Chinese" "^$T/badtpl.xml:1: 错误：圆括号不配对（在“nosuch\\(”中）$" "$(cat "$T/st-$ZH-template")"
  expect_match "zh: template element error in Chinese" "^$T/badtpl.xml:1: 错误：未知元素 <bogus>$" "$(cat "$T/st-$ZH-template")"
  expect_match "zh: layout warning in Chinese" "^$C/min.json:0:/document: 警告：paper='410184' 不是 A4 或 A3；已改用 A4$" "$(cat "$T/st-$ZH-layout")"
  expect_match "zh: import error in Chinese" "^roster.csv:2:性别: 错误：此处为“M”；应为男或女$" "$(cat "$T/st-$ZH-import")"
  expect_match "zh: import summary in Chinese" "^reformgen import: [0-9]+ 个错误；未写入 c-$ZH.json$" "$(cat "$T/st-$ZH-import")"
  expect_match "zh: consistency warning in Chinese" "^$T/cons.json:/indicators/0/part_of: 警告：一致性：指标 county_staff 的 part_of 为“no_such_indicator”，但本县没有该指标$" "$(cat "$T/st-$ZH-consistency")"
  expect_match "zh: main error in Chinese" "^$T/nocounty: 错误：此文件夹中没有县数据文件；应有 .json 或 .xml 文件$" "$(cat "$T/st-$ZH-main")"
  expect_match "zh: batch error in Chinese" "^$T/twice/[ab].json: 错误：.*/hello.pdf 也由 $T/twice/[ab].json 写出（县代码和县名相同）；" "$(cat "$T/st-$ZH-batch")"
  expect_match "zh: strerror quoted in UTF-8, not as question marks" "^$T/no-such.json: 错误：无法读取输入：[^?]+$" "$(cat "$T/st-$ZH-strerror")"
  # no English level word or English diagnostic is left in any of them
  left=$(cat "$T"/st-$ZH-* | grep -E ': (error|warning|note):|expected|[a-z]+ [a-z]+ [a-z]+ ' | grep -v 'nosuch(')
  expect_eq "zh: every stage's lines in Chinese" "" "$left"
else
  for n in "zh: help in Chinese" "zh: help options in Chinese" "zh: help exit" "zh: error in Chinese" \
           "zh: a date in Chinese" "zh: a choice in Chinese" "zh: the same FILE:PLACE list as in English" "zh: the same exit status" \
           "zh: usage error in Chinese" "zh: usage error exit" "zh with LC_MESSAGES=C: English" \
           "zh: required data missing in Chinese" "zh: progress line in Chinese" \
           "zh without a catalogue (REFORMGEN_LOCALEDIR): English" \
           "zh: template error in Chinese" "zh: template element error in Chinese" "zh: layout warning in Chinese" \
           "zh: import error in Chinese" "zh: import summary in Chinese" "zh: consistency warning in Chinese" \
           "zh: main error in Chinese" "zh: batch error in Chinese" \
           "zh: strerror quoted in UTF-8, not as question marks" "zh: every stage's lines in Chinese"; do
    skip "$n" "no zh_CN.UTF-8 locale (make deps generates it)"
  done
fi
