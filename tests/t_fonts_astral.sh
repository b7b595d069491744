#!/bin/sh
# Characters beyond U+FFFF (CJK Extension B) in a county name and a cadre
# name are set in a font that has them (HanaMin B, the configuration's last
# fallback), come back from pdftotext (surrogate pairs in ToUnicode), and are
# embedded in the subset: read back with mutool and fontTools, not with
# reformgen's code. A character no configured font has (𰻞, Extension G) is
# drawn as 〓 and reported with the input's name and place.
# checks: 10
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3
HANAMIN=/usr/share/fonts/truetype/hanazono/HanaMinB.ttf
if [ ! -f "$HANAMIN" ] || ! command -v mutool >/dev/null 2>&1; then
  for i in 1 2 3 4 5 6 7 8 9 10; do echo "SKIP fonts astral $i: fonts-hanazono or mupdf-tools missing (make deps)"; done
  exit 0
fi
$PY - "$TOP/samples/xinzheng.json" "$T/astral.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["county"]["name"] = "新\U00020000市"          # 新𠀀市
d["cadres"][0]["name"] = "孙\U0002A6A5"         # 孙𪚥
d["cadres"][1]["name"] = "李\U00030EDE"         # 李𰻞, in no font
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
"$REFORMGEN" -t staffing -o "$T/out" "$T/astral.json" >/dev/null 2>"$T/err"
pdf=$(ls "$T"/out/*/staffing.pdf 2>/dev/null | head -n 1)
check "fonts astral: staffing table rendered" test -s "$pdf"
pdftotext "$pdf" "$T/text.txt" 2>/dev/null
txt=$(tr -d ' \n' < "$T/text.txt")
expect_match "fonts astral: the county name 新𠀀市 comes back" "新𠀀市" "$txt"
expect_match "fonts astral: the cadre name 孙𪚥 comes back" "孙𪚥" "$txt"
expect_eq "fonts astral: only 𰻞 is drawn as 〓" "李〓" "$(grep -o '.〓' "$T/text.txt" | tr -d '\n')"
expect_match "fonts astral: 𰻞 reported as a warning with the input and place" \
  "astral\.json:[^ ]*: warning: character U\+30EDE '𰻞' in \"李𰻞\" is in none of the configured fonts" "$(cat "$T/err")"
expect_eq "fonts astral: 𠀀 and 𪚥 are not reported missing" "" "$(grep -E "U\+(20000|2A6A5) .* none of the configured fonts" "$T/err")"
pdffonts "$pdf" > "$T/fonts.txt" 2>&1
expect_match "fonts astral: HanaMin B embedded as a subset" "^[A-Z]{6}\+HanaMinB +CID TrueType +Identity-H +yes +yes +yes" "$(cat "$T/fonts.txt")"
# the embedded subsets, as mutool extracts them, read by fontTools
mkdir -p "$T/ex"
(cd "$T/ex" && mutool extract "$pdf" >/dev/null 2>&1)
got=$($PY - "$T"/ex/font-*.ttf <<'EOF'
import sys
from fontTools.ttLib import TTFont
found = set()
for path in sys.argv[1:]:
    f = TTFont(path)
    cmap = f.getBestCmap() or {}
    glyf = f["glyf"] if "glyf" in f else None
    for cp in (0x20000, 0x2A6A5):
        if cp in cmap and glyf is not None and glyf[cmap[cp]].numberOfContours > 0:
            found.add("U+%X" % cp)
print(" ".join(sorted(found)))
EOF
)
expect_eq "fonts astral: the subset holds outlines for U+20000 and U+2A6A5" "U+20000 U+2A6A5" "$got"
files=$(sed 's/#.*//' "$TOP/fonts/fonts.conf" | grep -o '/[^ ]*\.tt[fc]' | sort -u | while read -r f; do [ -f "$f" ] && echo "$f"; done)
out=$($PY "$TOP/tests/pdf_fonts.py" "$pdf" $files 2>&1 | tail -n 3 | sed "s|^$pdf: ||")
expect_match "fonts astral: glyphs, widths and ToUnicode agree with the font files" "^ok [0-9]+$" "$out"
"$REFORMGEN" -t staffing -o "$T/out2" "$T/astral.json" >/dev/null 2>&1
check "fonts astral: the same bytes twice" cmp "$pdf" "$(ls "$T"/out2/*/staffing.pdf | head -n 1)"
