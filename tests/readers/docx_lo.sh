#!/bin/sh
# LibreOffice reads reformgen's DOCX and XLSX (issue 19): every sample's
# plan, report and staffing DOCX converts to PDF (soffice --headless
# --convert-to pdf) and has every heading, paragraph and table cell of the
# document tree that reformgen's own PDF has (tests/readers/docx_lo_compare.py);
# the staffing XLSX converts to CSV sheet by sheet, and LibreOffice's values of
# the roster (one row per cadre, every 小计 and 合计 formula evaluated) equal
# the counts made from the input. Slow (LibreOffice starts for each file set),
# so it runs in make check-readers.
# checks: 10
. "$TOP/tests/lib.sh"
S="$TOP/samples"
PY=/usr/bin/python3
SOFFICE=$(command -v soffice || command -v libreoffice)
CMP="$TOP/tests/readers/docx_lo_compare.py"
if [ -z "$SOFFICE" ]; then
  for s in xinzheng dongwu fuyun; do
    for c in "docx converts" "docx text" "xlsx csv figures"; do echo "SKIP docx_lo $s $c: needs LibreOffice (libreoffice-writer-nogui, libreoffice-calc-nogui)"; done
  done
  echo "SKIP docx_lo rollup converts: needs LibreOffice"
  exit 0
fi
# LibreOffice keeps its profile under HOME: a scratch one
export HOME="$T/home"
mkdir -p "$HOME"
"$REFORMGEN" -q --dump-tree --format=pdf,docx,xlsx -o "$T/out" "$S"/xinzheng.json "$S"/dongwu.json "$S"/fuyun.json 2>"$T/err"

for s in xinzheng dongwu fuyun; do
  code=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['county']['code'])" "$S/$s.json")
  dir=$(ls -d "$T/out/$code"-* 2>/dev/null | head -1)
  lo="$T/lo-$s"
  mkdir -p "$lo"
  (cd "$dir" && timeout 600 "$SOFFICE" --headless --convert-to pdf --outdir "$lo" plan.docx report.docx staffing.docx >"$lo/log" 2>&1)
  n=$(ls "$lo"/*.pdf 2>/dev/null | wc -l)
  expect_eq "docx_lo $s docx converts to pdf" "3" "$n"
  bad=""
  for d in plan report staffing; do
    if [ -f "$lo/$d.pdf" ]; then
      bad="$bad$($PY "$CMP" text "$dir/$d.tree.txt" "$dir/$d.pdf" "$lo/$d.pdf")"
    else
      bad="$bad no $d.pdf;"
    fi
  done
  expect_eq "docx_lo $s docx text equals the pdf" "" "$bad"
  (cd "$dir" && timeout 600 "$SOFFICE" --headless \
     --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
     --outdir "$lo" staffing.xlsx >>"$lo/log" 2>&1)
  sheet=$(grep -l '^序号,姓名' "$lo"/staffing-*.csv 2>/dev/null | head -1)   # the roster
  if [ -n "$sheet" ]; then
    expect_eq "docx_lo $s xlsx csv figures" "" "$($PY "$CMP" csv "$S/$s.json" "$sheet")"
  else
    fail "docx_lo $s xlsx csv figures" "no CSV: $(tail -2 "$lo/log")"
  fi
done
lo="$T/lo-rollup"
mkdir -p "$lo"
(cd "$T/out" && timeout 600 "$SOFFICE" --headless --convert-to pdf --outdir "$lo" rollup.docx >"$lo/log" 2>&1)
bad=""
[ -f "$lo/rollup.pdf" ] && bad=$($PY "$CMP" text "$T/out/rollup.tree.txt" "$T/out/rollup.pdf" "$lo/rollup.pdf") || bad="no rollup.pdf"
expect_eq "docx_lo rollup converts with the pdf's text" "" "$bad"
