# t_template.sh: templates through the whole program. A document that no C code
# knows about (tests/templates/notice.xml, written from templates/README.md)
# renders to a one-page PDF from a county file; template errors reach the user
# as TEMPLATE:LINE: error: lines; --strict turns an empty placeholder into one.
# checks: 36
. "$TOP/tests/lib.sh"
D=$TOP/tests/templates

# render_notice NAME INPUT: renders the notice, checks exit, file, one page and
# title; leaves the PDF's text (spaces and line ends removed) in $text.
render_notice() {
  "$REFORMGEN" -q -t "$D/notice.xml" -o "$T/$1" "$2" 2>"$T/err-$1.txt"; st=$?
  expect_eq "template $1: render exit" 0 $st
  pdf="$T/$1/410184-新郑市/notice.pdf"
  check "template $1: pdf written" test -s "$pdf"
  text=$(pdftotext -enc UTF-8 "$pdf" - 2>/dev/null | tr -d ' \n\f')
  expect_eq "template $1: one page" "1" "$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')"
  expect_match "template $1: title" "关于新郑市团干部配备进展情况的通报" "$text"
}

render_notice notice "$D/notice.input.json"
expect_match "template notice: counts" "全市共有各类团干部3名，其中专职2名、兼职1名" "$text"
expect_match "template notice: growth 7 to 17" "由7人增加到17人，增幅142\.9%" "$text"
expect_match "template notice: grouped number" "基层常态化工作力量达1,744人" "$text"
expect_match "template notice: no growth from zero" "—" "$text"
expect_match "template notice: month in numerals" "于九月底前" "$text"
expect_match "template notice: signature date" "2022年9月16日" "$text"

# the same notice from the 新郑市 sample, with the figures seed 002 publishes
# (7 -> 17 county committee staff, 142.9 %; work force 1,744)
render_notice sample "$TOP/samples/xinzheng.json"
expect_match "template sample: growth" "由7人增加到17人，增幅142\.9%" "$text"
expect_match "template sample: grouped" "达1,744人" "$text"

# a template error stops before any county, naming the template and line
cat > "$T/bad.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="bad">
  <p>{county/name}</p>
  <p>{rg:percentage(1, 2)}</p>
</document>
XML
err=$("$REFORMGEN" -q -t "$T/bad.xml" -o "$T/b" "$D/notice.input.json" 2>&1); st=$?
check "template error: non-zero exit" test $st -ne 0
expect_match "template error: file and line" "^$T/bad.xml:4: error: unknown function rg:percentage\(\)" "$err"
check "template error: no pdf" test -z "$(find "$T/b" -name '*.pdf' 2>/dev/null)"

# --strict: an empty placeholder is an error with the template line; without it, ""
cat > "$T/empty.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="empty">
  <p>{county/name}</p>
  <p>[{county/no_such_field}]</p>
</document>
XML
"$REFORMGEN" -q -t "$T/empty.xml" -o "$T/e1" "$D/notice.input.json" 2>"$T/e1.txt"; st=$?
expect_eq "template lenient: exit" 0 $st
err=$("$REFORMGEN" -q --strict -t "$T/empty.xml" -o "$T/e2" "$D/notice.input.json" 2>&1); st=$?
check "template strict: non-zero exit" test $st -ne 0
expect_match "template strict: names the line" "$T/empty.xml:4: error: placeholder \{county/no_such_field\} yields nothing" "$err"

# A template's mistakes are reported at its own lines: an attribute of a
# start tag that runs over several lines at the attribute's line (libxml2
# gives only the line where the tag ends: 19 here), not the tag's.
cat > "$T/attr.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="lines"
  paper="A4"
  orientation="portrait"
  margin-top="37mm"
  margin-bottom="35mm"
  margin-left="28mm"
  margin-right="26mm"
  title="{county/name}"
  author="共青团"
  subject="测试"
  keywords="a,b"
  creator="reformgen"
  created="2022-09-16"
  page-number="dash"
  watermark="{rg:no-such-function(county/name)}"
  page-number-position="outer"
  page-number-font="song"
  bookmarks="yes">
  <p>{county/name}</p>
</document>
XML
err=$("$REFORMGEN" -q -t "$T/attr.xml" -o "$T/a" "$D/notice.input.json" 2>&1); st=$?
check "template attribute line: non-zero exit" test $st -ne 0
expect_eq "template attribute line: the attribute's line 16" \
  "$T/attr.xml:16: error: unknown function rg:no-such-function() in 'rg:no-such-function(county/name)'" "$err"

# the same in a control element, and at expansion (--strict, a placeholder
# that finds nothing), each in an attribute above the line where its tag ends
cat > "$T/attr2.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="lines">
  <for-each
    sort="rg:no-such-key(.)"
    select="cadres/cadre">
    <p>{name}</p>
  </for-each>
</document>
XML
err=$("$REFORMGEN" -q -t "$T/attr2.xml" -o "$T/a2" "$D/notice.input.json" 2>&1)
expect_eq "template attribute line: control element" \
  "$T/attr2.xml:4: error: unknown function rg:no-such-key() in 'rg:no-such-key(.)'" "$err"
cat > "$T/attr3.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="lines">
  <p color="{county/no_such_colour}"
     bold="yes">text</p>
</document>
XML
err=$("$REFORMGEN" -q --strict -t "$T/attr3.xml" -o "$T/a3" "$D/notice.input.json" 2>&1)
expect_eq "template attribute line: at expansion" \
  "$T/attr3.xml:3: error: placeholder {county/no_such_colour} yields nothing" "$err"

# A missing image is the template's mistake, at its line (layout, which
# knows only the document tree, placed it at DATA.json:0:/document/image);
# an image beside the template is found there.
cat > "$T/img.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="img">
  <p>{county/name}</p>
  <image width="20mm"
         src="no-such-image.png"/>
  <image src="images/{county/code}.png"/>
</document>
XML
err=$("$REFORMGEN" -q -t "$T/img.xml" -o "$T/i" "$D/notice.input.json" 2>&1); st=$?
check "template image: non-zero exit" test $st -ne 0
expect_eq "template image: both at the template's lines" \
  "$T/img.xml:5: error: cannot read image no-such-image.png: No such file or directory
$T/img.xml:6: error: cannot read image images/410184.png: No such file or directory" "$err"
mkdir -p "$T/beside/images"
cp "$TOP/tests/layout/logo.png" "$T/beside/images/410184.png"
cat > "$T/beside/img.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="img">
  <p>{county/name}</p>
  <image src="images/{county/code}.png" width="20mm"/>
</document>
XML
(cd "$T" && "$REFORMGEN" -q -t "$T/beside/img.xml" -o "$T/i2" "$D/notice.input.json" >/dev/null 2>"$T/i2.txt"); st=$?
expect_eq "template image beside the template: renders" "0 " "$st $(cat "$T/i2.txt")"

# A size or length layout cannot read: a warning at the template's line, and
# the value is left out (layout would ignore it); an error under --strict.
cat > "$T/size.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="size">
  <p size="huge">{county/name}</p>
  <p bold="no"
     size="{county/name}"
     indent="{'2em'}">text</p>
</document>
XML
"$REFORMGEN" --dump-tree -t "$T/size.xml" -o "$T/s" "$D/notice.input.json" >/dev/null 2>"$T/s.txt"; st=$?
expect_eq "template size: renders" 0 $st
expect_eq "template size: warnings at the template's lines" \
  "$T/size.xml:3: warning: size=\"huge\" on <p> is not a font size in pt (2 to 400); ignored
$T/size.xml:5: warning: size=\"新郑市\" on <p> is not a font size in pt (2 to 400); ignored" \
  "$(grep -F "$T/size.xml" "$T/s.txt")"
check "template size: nothing placed in the data" sh -c "! grep -q ':0:/document' '$T/s.txt'"
expect_eq "template size: the values left out" "  p bold=\"no\" indent=\"2em\"" \
  "$(grep '^  p ' "$T/s/410184-新郑市/size.tree.txt")"
err=$("$REFORMGEN" -q --strict -t "$T/size.xml" -o "$T/s2" "$D/notice.input.json" 2>&1); st=$?
check "template size strict: non-zero exit" test $st -ne 0
expect_match "template size strict: an error at line 3" "^$T/size.xml:3: error: size=\"huge\" on <p> is not a font size" "$err"

# rg:distinct: one node per string value, the first of each in data order
# (the expected list computed from the JSON by python)
cat > "$T/distinct.xml" <<'X'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="t"><p>{rg:join(rg:distinct(cadres/cadre/unit), '|')}</p></document>
X
want=$(python3 -c "
import json, sys
seen = []
for c in json.load(open(sys.argv[1]))['cadres']:
    if c['unit'] not in seen: seen.append(c['unit'])
print('|'.join(seen))" "$TOP/samples/xinzheng.json")
"$REFORMGEN" -q -t "$T/distinct.xml" --dump-tree -o "$T/dist" "$TOP/samples/xinzheng.json" 2>/dev/null
got=$(find "$T/dist" -name '*.tree.txt' -exec sed -n 's/^ *"\(.*\)"$/\1/p' {} + 2>/dev/null | head -n 1)
expect_eq "rg:distinct: the first unit of each value, in data order" "$want" "$got"
