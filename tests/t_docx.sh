#!/bin/sh
# DOCX and XLSX written from the document tree (issue 19): every sample's
# packages unzip and every XML part is well-formed; python3-docx reads back
# the styles, fonts per style, the 22-line grid, the page and the properties
# of the plan; python3-openpyxl reads every cadre row of the staffing
# workbook, and its subtotal and total formulas, evaluated here, equal the
# counts made here from the input (tests/docx_check.py); the manifest lists
# each file with its SHA-256; a second run gives the same bytes; -o FILE.docx
# picks the format; a format a document lacks is skipped with a note; a
# draft plan carries Word's watermark shape in every header, a final one
# none; a template's sections are the DOCX's sections, page for page as the
# PDF's; no workbook holds a number as text; every document's DOCX (plan,
# report, staffing, roll-up) has the 公文 styles with their fonts, a section
# per run of the PDF's page sizes, and its page numbers as PAGE fields in the
# size and position its template asks for.
# checks: 21
. "$TOP/tests/lib.sh"
S="$TOP/samples"
PY=/usr/bin/python3

if "$REFORMGEN" -q --format=pdf,docx,xlsx -o "$T/a" "$S"/*.json 2>"$T/a.err"; then
  pass "docx render all samples"
else
  fail "docx render all samples" "$(head -3 "$T/a.err")"
fi
files=$(find "$T/a" -name '*.docx' -o -name '*.xlsx' | sort)
# 3 counties × (plan, report, staffing) + roll-up as DOCX; staffing × 3 + roll-up as XLSX
expect_eq "docx and xlsx files" "14" "$(printf '%s\n' "$files" | grep -c .)"

bad=""
for f in $files; do unzip -tqq "$f" >/dev/null 2>&1 || bad="$bad $f"; done
expect_eq "docx xlsx unzip cleanly" "" "$bad"

bad=""
for f in $files; do
  d="$T/x/$(basename "$(dirname "$f")")-$(basename "$f")"
  mkdir -p "$d" && unzip -qq -o "$f" -d "$d" 2>/dev/null
  parts=$(find "$d" -name '*.xml' -o -name '*.rels')
  # one xmllint for the package's parts; each part again to name a bad one
  xmllint --noout $parts 2>/dev/null ||
    for x in $parts; do xmllint --noout "$x" 2>/dev/null || bad="$bad $x"; done
  [ -n "$parts" ] || bad="$bad $f(no parts)"
done
expect_eq "docx xlsx parts well-formed" "" "$bad"

# the python-docx and openpyxl checks, one a line, read by one docx_check.py
# (each file read once); problems KEY: the problems of the check KEY, or that
# that some did not run
: > "$T/checks"
add() { printf '%s\t' "$@" | sed 's/\t$//' >> "$T/checks"; echo >> "$T/checks"; }
problems() {
  if [ "$(grep -c "^$1	checked\$" "$T/checks.out")" = "$(grep -c "^$1	" "$T/checks")" ]; then sed -n "s/^$1	//p" "$T/checks.out" | grep -v '^checked$'
  else echo "$1 not checked: $(tail -3 "$T/checks.err")"; fi
}
if $PY -c 'import importlib.util as u, sys; sys.exit(not (u.find_spec("docx") and u.find_spec("openpyxl")))' 2>/dev/null; then readers=yes; else readers=""; fi

for s in xinzheng dongwu fuyun; do
  code=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['county']['code'])" "$S/$s.json")
  dir=$(ls -d "$T/a/$code"-* 2>/dev/null | head -1)
  add "docx-$s" docx "$dir/plan.docx" "$S/$s.json"
  add "xlsx-$s" xlsx "$dir/staffing.xlsx" "$S/$s.json"
  # xinzheng and fuyun are drafts (plan.draft), dongwu is final
  case $s in dongwu) wm="" ;; *) wm=征求意见稿 ;; esac
  add watermark watermark "$dir/plan.docx" "$wm"
done
# vocabulary.xml: an A3 landscape section, then a portrait one, a header line
(cd "$TOP/tests/templates" && "$REFORMGEN" -q -t vocabulary.xml --format=pdf,docx -o "$T/sec" "$S/xinzheng.json" 2>/dev/null)
d=$(ls -d "$T/sec"/*/ 2>/dev/null | head -1)
add sections sections "${d}vocabulary.docx" "${d}vocabulary.pdf" "新郑市 内部"
for f in $(find "$T/a" -name '*.docx' | sort); do
  add pages pages "$f" "${f%.docx}.pdf" "$TOP/templates/$(basename "$f" .docx).xml"
done
for f in $(find "$T/a" -name '*.xlsx' | sort); do add numbers numbers "$f" -; done
[ -n "$readers" ] && $PY "$TOP/tests/docx_check.py" many < "$T/checks" > "$T/checks.out" 2> "$T/checks.err"

for s in xinzheng dongwu fuyun; do
  if [ -z "$readers" ]; then
    skip "docx $s styles grid fonts" "python3-docx or python3-openpyxl missing"
    skip "xlsx $s cadres subtotals totals" "python3-docx or python3-openpyxl missing"
    continue
  fi
  expect_eq "docx $s styles grid fonts" "" "$(problems "docx-$s")"
  expect_eq "xlsx $s cadres subtotals totals" "" "$(problems "xlsx-$s")"
done

if [ -n "$readers" ]; then
  expect_eq "docx draft watermark in every header, none when final" "" "$(problems watermark)"
  expect_eq "docx sections as the pdf's pages" "" "$(problems sections)"
  expect_eq "docx every document's styles, pages and page numbers" "" "$(problems pages)"
  expect_eq "xlsx numbers as numbers in every sheet" "" "$(problems numbers)"
else
  skip "docx every document's styles, pages and page numbers" "python3-docx missing"
  skip "xlsx numbers as numbers in every sheet" "python3-openpyxl missing"
  skip "docx draft watermark in every header, none when final" "python3-docx missing"
  skip "docx sections as the pdf's pages" "python3-docx missing"
fi

# the manifest: every DOCX and XLSX with the SHA-256 of its bytes
bad=$($PY - "$T/a/manifest.json" <<'PYEOF'
import hashlib, json, sys
m = json.load(open(sys.argv[1]))
outs = [o for i in m['inputs'] for o in i['outputs']] + m.get('rollup', [])
n = 0
for o in outs:
    if o['path'].endswith(('.docx', '.xlsx')):
        n += 1
        if hashlib.sha256(open(o['path'], 'rb').read()).hexdigest() != o['sha256']:
            print('sha256 differs:', o['path'])
if n != 14:
    print('manifest lists', n, 'docx/xlsx outputs')
PYEOF
)
expect_eq "docx xlsx manifest sha256" "" "$bad"

"$REFORMGEN" -q --format=docx,xlsx -o "$T/b" "$S"/*.json 2>/dev/null
same=yes
for f in $files; do
  g="$T/b/${f#"$T/a/"}"
  cmp -s "$f" "$g" || same="no: $f"
done
expect_eq "docx xlsx identical bytes on a second run" "yes" "$same"

"$REFORMGEN" -q -t plan -o "$T/one/plan.docx" "$S/xinzheng.json" 2>/dev/null
check "docx -o FILE.docx writes only that" sh -c "unzip -tqq '$T/one/plan.docx' && [ \$(ls '$T/one' | wc -l) = 1 ]"
if "$REFORMGEN" -q -t plan -o "$T/one/plan.xlsx" "$S/xinzheng.json" 2>"$T/one.err"; then
  fail "xlsx -o of a document without a workbook fails" "exit 0"
else
  expect_match "xlsx -o of a document without a workbook fails" "plan has no xlsx form" "$(cat "$T/one.err")"
fi
"$REFORMGEN" -t plan --format=pdf,xlsx -o "$T/c" "$S/xinzheng.json" >/dev/null 2>"$T/c.err"
st=$?
expect_eq "xlsx skipped with a note" "0 1 0" "$st $(grep -c 'note: plan has no xlsx form; skipped' "$T/c.err") $(find "$T/c" -name '*.xlsx' | wc -l)"
"$REFORMGEN" --format=odt -o "$T/d" "$S/xinzheng.json" >/dev/null 2>&1
expect_eq "unknown --format is a usage error" "2" "$?"
# a picture: the seal of the official fixture, embedded byte for byte
(cd "$TOP/tests/layout" && "$REFORMGEN" -q -t official.xml --format=docx -o "$T/img" "$S/xinzheng.json" 2>/dev/null)
f=$(find "$T/img" -name '*.docx' | head -1)
if [ -n "$f" ] && unzip -p "$f" word/media/image1.png > "$T/img.png" 2>/dev/null; then
  check "docx embeds a picture as it is" cmp "$T/img.png" "$TOP/tests/layout/seal.png"
else
  fail "docx embeds a picture as it is" "no word/media/image1.png in ${f:-(no docx)}"
fi
