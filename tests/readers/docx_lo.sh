#!/bin/sh
# LibreOffice reads reformgen's DOCX and XLSX (issue 19): every sample's
# plan, report and staffing DOCX converts to PDF (soffice --headless
# --convert-to pdf) and has every heading, paragraph and table cell of the
# document tree that reformgen's own PDF has (tests/readers/docx_lo_compare.py);
# the staffing XLSX converts to CSV sheet by sheet, and LibreOffice's values of
# the roster (one row per cadre, every 小计 and 合计 formula evaluated) equal
# the counts made from the input (LibreOffice sets the text in the faces of
# reformgen's fonts/fonts.conf, given to it under the office's font names);
# LibreOffice reads a draft plan's watermark
# as its own (a Fontwork shape named PowerPlusWaterMarkObject in the page
# style's header, with the text), and lays out vocabulary.xml's sections on
# pages of the sizes of reformgen's PDF, in the same order. Slow (LibreOffice
# starts for each file set), so it runs in make check-readers.
# checks: 12
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
  echo "SKIP docx_lo watermark: needs LibreOffice"
  echo "SKIP docx_lo sections: needs LibreOffice"
  exit 0
fi
# LibreOffice keeps its profile under HOME: a scratch one
export HOME="$T/home"
mkdir -p "$HOME/.config/fontconfig"
# An office's fonts, as this machine has them: the DOCX names 仿宋_GB2312, 黑体,
# 楷体_GB2312, 宋体, 方正小标宋简体; fontconfig (LibreOffice asks it for a face it
# lacks) is told to take the first face of each role in reformgen's
# fonts/fonts.conf, so that LibreOffice sets the text in the PDF's faces
fc_face() {   # the family of ROLE's first file
  f=$(awk -v r="$1" '$1 == r && $2 ~ /^\// { print $2; exit }' "$TOP/fonts/fonts.conf")
  [ -f "$f" ] && fc-scan --format '%{family[0]}\n' "$f" 2>/dev/null | head -1
}
{
  echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
  echo '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
  for m in fangsong:仿宋_GB2312 fangsong:仿宋 kai:楷体_GB2312 kai:楷体 hei:黑体 song:宋体 xbs:方正小标宋简体; do
    face=$(fc_face "${m%%:*}")
    [ -n "$face" ] || continue
    printf '<match target="pattern"><test name="family"><string>%s</string></test>' "${m#*:}"
    printf '<edit name="family" mode="assign" binding="strong"><string>%s</string></edit></match>\n' "$face"
  done
  echo '</fontconfig>'
} > "$HOME/.config/fontconfig/fonts.conf"
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

# the watermark as LibreOffice reads it: xinzheng's plan is a draft, dongwu's final
lo="$T/lo-wm"
mkdir -p "$lo/x" "$lo/y"
for s in xinzheng dongwu; do
  code=$($PY -c "import json,sys; print(json.load(open(sys.argv[1]))['county']['code'])" "$S/$s.json")
  cp "$(ls -d "$T/out/$code"-*)/plan.docx" "$lo/$s.docx"
done
(cd "$lo" && timeout 600 "$SOFFICE" --headless --convert-to odt xinzheng.docx dongwu.docx >"$lo/log" 2>&1)
(cd "$lo/x" && unzip -qq -o ../xinzheng.odt styles.xml 2>/dev/null)
(cd "$lo/y" && unzip -qq -o ../dongwu.odt styles.xml 2>/dev/null)
wm=$($PY - "$lo/x/styles.xml" "$lo/y/styles.xml" <<'PYEOF'
import re, sys
def shapes(path):
    try:
        s = open(path, encoding='utf-8').read()
    except OSError:
        return None
    out = []
    for m in re.finditer(r'<draw:custom-shape[^>]*draw:name="PowerPlusWaterMarkObject[^"]*"[^>]*>(.*?)</draw:custom-shape>', s, re.S):
        text = ''.join(re.findall(r'<text:p[^>]*>([^<]*)', m[1]))
        kind = re.search(r'draw:type="([^"]*)"', m[1])
        out.append((text, kind[1] if kind else None))
    return out
x, y = shapes(sys.argv[1]), shapes(sys.argv[2])
ok = x and all(t == ('征求意见稿', 'fontwork-plain-text') for t in x) and y == []
print('ok' if ok else 'draft %r final %r' % (x, y))
PYEOF
)
expect_eq "docx_lo watermark read as LibreOffice's own, none when final" "ok" "$wm"

# sections: vocabulary.xml (an A3 landscape section, then portrait ones)
lo="$T/lo-sec"
mkdir -p "$lo"
(cd "$TOP/tests/templates" && "$REFORMGEN" -q -t vocabulary.xml --format=pdf,docx -o "$lo/out" "$S/xinzheng.json" 2>/dev/null)
d=$(ls -d "$lo/out"/*/ 2>/dev/null | head -1)
(cd "$lo" && timeout 600 "$SOFFICE" --headless --convert-to pdf --outdir "$lo" "${d}vocabulary.docx" >"$lo/log" 2>&1)
runs() { pdfinfo -l 100000 "$1" 2>/dev/null | awk '/^Page +[0-9]+ size:/ { s = sprintf("%.0fx%.0f", $4, $6); if (s != last) printf "%s ", s; last = s }'; }
expect_eq "docx_lo sections on pages of the pdf's sizes" "$(runs "${d}vocabulary.pdf")" "$(runs "$lo/vocabulary.pdf")"
