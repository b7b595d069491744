# t_template.sh: templates through the whole program. A document that no C code
# knows about (tests/templates/notice.xml, written from templates/README.md)
# renders to a one-page PDF from a county file; template errors reach the user
# as TEMPLATE:LINE: error: lines; --strict turns an empty placeholder into one.
# checks: 22
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
