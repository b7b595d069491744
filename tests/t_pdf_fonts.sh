#!/bin/sh
# The font objects reformgen writes, checked against the font files with
# fontTools (tests/pdf_fonts.py): for every character, the embedded subset's
# glyph (through the CIDToGIDMap) has the original's outline and advance, /W
# states that advance, and every CID drawn is in the ToUnicode map. Also: poppler
# reads every ToUnicode CMap without a warning, and the text comes back.
# checks: 9
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3
files=$(sed 's/#.*//' "$TOP/fonts/fonts.conf" | grep -o '/[^ ]*\.tt[fc]' | sort -u | while read -r f; do [ -f "$f" ] && echo "$f"; done)
"$REFORMGEN" -q -o "$T/out" "$TOP/samples/xinzheng.json" "$TOP/samples/dongwu.json" >/dev/null 2>&1
pdfs="$(echo "$T"/out/410184-*/report.pdf "$T"/out/410184-*/staffing.pdf "$T"/out/152525-*/plan.pdf "$T"/out/rollup.pdf)"
# the font files read once for the four PDFs; each PDF's lines start "PDF: "
$PY "$TOP/tests/pdf_fonts.py" $pdfs $files > "$T/fonts.out" 2>/dev/null
for pdf in $pdfs; do
  name=$(basename "$(dirname "$pdf")")/$(basename "$pdf" .pdf)
  [ -f "$pdf" ] || { fail "fonts $name rendered" "no $pdf"; continue; }
  out=$(grep -F "$pdf: " "$T/fonts.out" | sed "s|^$pdf: ||")
  expect_match "fonts $name: glyphs, widths and ToUnicode agree with the font files" "^ok [0-9]+$" "$out"
  warn=$(pdftotext "$pdf" /dev/null 2>&1)
  expect_eq "fonts $name: poppler reads it without warnings" "" "$warn"
done
txt=$(pdftotext "$T"/out/410184-*/report.pdf - 2>/dev/null | tr -d ' \n')
expect_match "fonts: the report's text comes back" "142\.9" "$txt"

