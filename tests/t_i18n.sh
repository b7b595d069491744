# t_i18n.sh: messages in the user's language (gettext, generator/po/): Chinese
# under a zh_CN locale, with the same FILE:PLACE as the English ones; English
# in the C locale or with LC_MESSAGES=C; the catalogue complete.
# checks: 19
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
  (cd "$TOP" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=usage_error:1 \
     -o "$T/now.pot" generator/*.c) 2>/dev/null
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
else
  for n in "zh: help in Chinese" "zh: help options in Chinese" "zh: help exit" "zh: error in Chinese" \
           "zh: a date in Chinese" "zh: a choice in Chinese" "zh: the same FILE:PLACE list as in English" "zh: the same exit status" \
           "zh: usage error in Chinese" "zh: usage error exit" "zh with LC_MESSAGES=C: English" \
           "zh: required data missing in Chinese" "zh: progress line in Chinese" \
           "zh without a catalogue (REFORMGEN_LOCALEDIR): English"; do
    skip "$n" "no zh_CN.UTF-8 locale (make deps generates it)"
  done
fi
