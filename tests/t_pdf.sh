#!/bin/sh
# PDF checks on the layout fixtures, rendered by the layout test program:
# fonts embedded (pdffonts), text extractable (pdftotext), structure clean
# (qpdf --check), "共 M 页" equal to the page count, bookmarks equal to the
# fixture's headings, identical bytes on a second run, compressed streams, and
# ink in every character cell of test lines in each font (pdftoppm -gray):
# a text round-trip alone does not catch glyphs drawn invisibly.
# checks: 28
. "$TOP/tests/lib.sh"
R="$BUILD/tests/test_layout"
F="$TOP/tests/layout"

for doc in report official charts; do
  if ! "$R" --render "$F/$doc.xml" "$T/$doc.pdf" "$T/$doc.txt" 2>"$T/$doc.err"; then
    fail "pdf $doc renders" "$(cat "$T/$doc.err")"
    continue
  fi
  pass "pdf $doc renders"
  check "pdf $doc qpdf check" qpdf --check "$T/$doc.pdf"
  fonts=$(pdffonts "$T/$doc.pdf" 2>/dev/null | tail -n +3)
  total=$(printf '%s\n' "$fonts" | grep -c .)
  embedded=$(printf '%s\n' "$fonts" | awk '$(NF-4) == "yes" && $(NF-3) == "yes"' | grep -c .)
  if [ "$total" -gt 0 ] && [ "$total" = "$embedded" ]; then pass "pdf $doc fonts embedded"; else fail "pdf $doc fonts embedded" "$fonts"; fi
  expect_match "pdf $doc CID fonts" "CID TrueType +Identity-H" "$fonts"
  if LC_ALL=C grep -a -q "/FlateDecode" "$T/$doc.pdf"; then pass "pdf $doc compressed"; else fail "pdf $doc compressed" "no FlateDecode stream"; fi
done

# text round trip and document information
txt=$(pdftotext "$T/report.pdf" - 2>/dev/null | tr -d ' \n')
expect_match "pdf text extracts" "增幅142\.9%，基层常态化工作力量达1,744人" "$txt"
info=$(pdfinfo "$T/report.pdf" 2>/dev/null)
expect_match "pdf info title" "^Title: +新郑市县域共青团基层组织改革终期评估报告" "$info"
expect_match "pdf info author is the issuing body" "^Author: +共青团新郑市委员会" "$info"
expect_match "pdf info creator with version" "^Creator: +reformgen [0-9]+\.[0-9]+\.[0-9]+" "$info"
expect_match "pdf info creation date from the data" "^CreationDate: +Fri Sep 16 00:00:00 2022" "$info"

# 共 M 页 equals the page count
pages=$(printf '%s\n' "$info" | awk '/^Pages:/ {print $2}')
last=$(pdftotext -f "$pages" -l "$pages" "$T/report.pdf" - 2>/dev/null | tr -d ' ' | grep -o '共[0-9]*页' | head -1)
expect_eq "pdf 共 M 页 equals the page count" "共${pages}页" "$last"
roster_pages=$("$R" --render "$F/roster.xml" "$T/roster.pdf" 2>/dev/null && pdfinfo "$T/roster.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
roster_last=$(pdftotext -f "$roster_pages" -l "$roster_pages" "$T/roster.pdf" - 2>/dev/null | tr -d ' ' | grep -o '共[0-9]*页' | head -1)
expect_eq "pdf roster 共 M 页 equals the page count" "共${roster_pages}页" "$roster_last"

# bookmarks: the headings of the fixture, number and text, in order, nested by level
want=$(python3 - "$F/official.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
for h in ET.parse(sys.argv[1]).getroot().iter('heading'):
    print('%s%s%s' % ('  ' * (int(h.get('level', '1')) - 1), h.get('number', ''), ''.join(h.itertext()).strip()))
PY
)
got=$(qpdf --json --json-key=outlines "$T/official.pdf" | python3 -c '
import json, sys
def walk(items, depth):
    for o in items:
        print("  " * depth + o["title"])
        walk(o.get("kids", []), depth + 1)
walk(json.load(sys.stdin)["outlines"], 0)')
expect_eq "pdf bookmarks match the headings" "$want" "$got"

# identical input, identical bytes
"$R" --render "$F/official.xml" "$T/again.pdf" 2>/dev/null
check "pdf byte-identical output" cmp "$T/official.pdf" "$T/again.pdf"
stray=$(ls "$T" | grep -v -E '\.(pdf|txt|err)$')
expect_eq "pdf no temporary files left" "" "$stray"

# ink: every character cell of one line per font has dark pixels; the margin has none
ink() {  # name, pdf, dump
  python3 - "$2" "$3" "$T" <<'PY'
import re, subprocess, sys
pdf, dump, tmp = sys.argv[1:4]
page = 0; items = []
for line in open(dump, encoding='utf-8'):
    if line.startswith('page '):
        page = int(line.split()[1]); block = [float(v) for v in re.search(r'block=([\d.,]+)', line).group(1).split(',')]
    m = re.match(r'  text font=(\d+) size=([\d.]+) x=([\d.]+) y=([\d.]+) w=[\d.]+ cs=(-?[\d.]+) color=\w+( bold)?( rotated)? "(.*)"$', line)
    if m and not m.group(7):
        t = m.group(8)
        if len(t) >= 4 and all(0x3000 <= ord(ch) <= 0x9FFF or 0xFF01 <= ord(ch) <= 0xFF5E for ch in t):
            items.append((int(m.group(1)), page, float(m.group(2)), float(m.group(3)), float(m.group(4)), float(m.group(5)), t, block))
chosen = {}
for it in items:
    chosen.setdefault(it[0], it)
cache = {}
def raster(p):
    if p not in cache:
        base = '%s/ink-%d' % (tmp, p)
        subprocess.run(['pdftoppm', '-r', '100', '-gray', '-f', str(p), '-l', str(p), '-singlefile', pdf, base], check=True, stderr=subprocess.DEVNULL)
        data = open(base + '.pgm', 'rb').read()
        parts = data.split(b'\n', 3)
        w, h = map(int, parts[1].split()); cache[p] = (w, h, parts[3])
    return cache[p]
def dark(p, x0, y0, x1, y1):
    w, h, px = raster(p); s = 100 / 72.0
    return min(px[yy * w + xx] for yy in range(int(y0 * s), int(y1 * s)) for xx in range(int(x0 * s), int(x1 * s)))
bad = 0
for font, p, size, x, y, cs, t, block in chosen.values():
    for i, ch in enumerate(t):
        if not 0x4E00 <= ord(ch) <= 0x9FFF:
            continue
        cx = x + i * (size + cs)
        if dark(p, cx + size * 0.1, y - size * 0.8, cx + size * 0.9, y + size * 0.05) > 128:
            bad += 1; print('no ink: font %d page %d character %s' % (font, p, ch))
    if dark(p, 5, block[1], block[0] - 5, block[1] + block[3]) < 200:
        bad += 1; print('ink in the left margin of page %d' % p)
print('fonts checked: %d' % len(chosen))
sys.exit(1 if bad or len(chosen) < 3 else 0)
PY
}
if out=$(ink report "$T/report.pdf" "$T/report.txt"); then pass "pdf ink in every character cell (report: $(echo "$out" | tail -1))"; else fail "pdf ink in every character cell (report)" "$out"; fi
if out=$(ink official "$T/official.pdf" "$T/official.txt"); then pass "pdf ink in every character cell (official)"; else fail "pdf ink in every character cell (official)" "$out"; fi

# a character no font has is reported, with its code point and place, not dropped
expect_match "pdf missing character reported" "charts.xml:[0-9]+:/document/p: warning: character U\+2603" "$(cat "$T/charts.err")"
