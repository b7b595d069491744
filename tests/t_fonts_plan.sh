#!/bin/sh
# The implementation plan's typefaces: its body in a real 仿宋 (FandolFang) and
# its banner and titles in the 小标宋 substitute, both converted by make deps
# (pdffonts names them in every sample plan); a name character GB2312 lacks
# (喆) set in a 楷 face, never a 黑, and reported naming that face; and with
# the converted files absent, 仿宋 set in 楷体 and 小标宋 in 宋体, said once.
# checks: 12
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3
CONF="$TOP/fonts/fonts.conf"
FANG=$(awk '$1 == "fangsong" && $2 ~ /^\// { print $2; exit }' "$CONF")
XBS=$(awk '$1 == "xbs" && $2 ~ /^\// { print $2; exit }' "$CONF")
if [ ! -s "$FANG" ] || [ ! -s "$XBS" ]; then
  for i in $(seq 12); do echo "SKIP fonts plan $i: $FANG or $XBS not converted yet (make deps)"; done
  exit 0
fi
# PostScript names of the two faces, read by fontTools
names=$($PY -c 'import sys
from fontTools.ttLib import TTFont
print(" ".join(TTFont(f, lazy=True)["name"].getDebugName(6) for f in sys.argv[1:]))' "$FANG" "$XBS")
fang_ps=${names% *}
xbs_ps=${names#* }

# every sample plan: body 仿宋, title 小标宋
for s in "$TOP"/samples/*.json "$TOP"/samples/*.xml; do
  b=$(basename "$s")
  rm -rf "$T/p"
  "$REFORMGEN" -t plan -o "$T/p" "$s" >/dev/null 2>&1
  f=$(pdffonts "$(ls "$T"/p/*/plan.pdf | head -n 1)" 2>&1)
  if printf '%s\n' "$f" | grep -q "+$fang_ps " && printf '%s\n' "$f" | grep -q "+$xbs_ps "; then
    pass "fonts plan $b: pdffonts names $fang_ps and $xbs_ps"
  else
    fail "fonts plan $b: pdffonts names $fang_ps and $xbs_ps" "$f"
  fi
done

# 喆 (not in GB2312) in a leading group member's name, in the 仿宋 table of 附件1
$PY - "$TOP/samples/xinzheng.json" "$T/zhe.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
lg = d["plan"]["leading_group"]
(lg["member"] if isinstance(lg, dict) else lg)[0]["name"] = "王喆"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=1)
EOF
"$REFORMGEN" -t plan -o "$T/z" "$T/zhe.json" >/dev/null 2>"$T/zhe.err"
pdf=$(ls "$T"/z/*/plan.pdf | head -n 1)
expect_match "fonts plan: 喆 reported, naming the 楷 face that sets it" \
  "zhe\.json:[^ ]*: warning: character U\+5586 '喆' in \"[^\"]*王喆[^\"]*\" is in none of the 仿宋 fonts; set in LXGW WenKai \(楷体\)" \
  "$(cat "$T/zhe.err")"
# which embedded font's ToUnicode holds 喆 (qpdf and the PDF's own maps)
who=$($PY - "$pdf" "$TOP/tests" <<'EOF'
import sys
sys.path.insert(0, sys.argv[2])
from pdf_fonts import objects, value, data, to_unicode
objs = objects(sys.argv[1])
for ref, o in objs.items():
    v = o.get("value")
    if isinstance(v, dict) and v.get("/Subtype") == "/Type0":
        if "\u5586" in to_unicode(data(objs, v["/ToUnicode"]).decode("ascii")).values():
            print(v["/BaseFont"][8:])
EOF
)
expect_eq "fonts plan: 喆 is set in LXGW WenKai, not a 黑 face" "LXGWWenKai-Regular" "$who"
expect_match "fonts plan: 王喆 comes back" "王喆" "$(pdftotext "$pdf" - 2>/dev/null | tr -d ' ')"

# the converted faces absent: 仿宋 in 楷体, 小标宋 in 宋体, each said once
sed -e "s|$FANG|/nonexistent/FandolFang-Regular.ttf|" -e "s|$XBS|/nonexistent/xbs.ttf|" "$CONF" > "$T/absent.conf"
"$REFORMGEN" --fonts="$T/absent.conf" -t plan -o "$T/a" "$TOP/samples/xinzheng.json" >/dev/null 2>"$T/absent.err"
st=$?
pdf=$(ls "$T"/a/*/plan.pdf 2>/dev/null | head -n 1)
f=$(pdffonts "$pdf" 2>&1)
if [ $st -eq 0 ] && printf '%s\n' "$f" | grep -q '+LXGWWenKai-Regular ' && ! printf '%s\n' "$f" | grep -q "+$fang_ps "; then
  pass "fonts plan: without the converted faces 仿宋 is set in 楷体"
else
  fail "fonts plan: without the converted faces 仿宋 is set in 楷体" "status $st; $f"
fi
notes=$(grep -c 'note: .* is set in .*: /nonexistent/.* is not installed (make deps converts it)' "$T/absent.err")
expect_eq "fonts plan: the two substitutes said once each, naming the missing files" "2" "$notes"
expect_match "fonts plan: the substituted plan's title still comes back" "实施方案" "$(pdftotext "$pdf" - 2>/dev/null | tr -d ' \n')"
