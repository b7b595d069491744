# readers/ofd_js.sh: every sample OFD opened by a reader reformgen did not
# write, ofd.js 0.2.6 (npm; installed by tests/deps.sh from
# tests/readers/package-lock.json), in Debian's headless Chromium: it opens
# without error, has the PDF's page count, each page's text is the PDF's
# (pdftotext; the characters, modulo whitespace), and every word pdftotext
# -bbox finds in the PDF starts where ofd.js placed a glyph of its first
# character (within 1 pt, on a baseline inside the word's box; the rotated
# watermark aside). ofd.js draws with the system's fonts, not the embedded
# subsets, so pictures are not compared here; page 1 of the report is kept
# as build/ofd_js-report-1.png to look at.
# checks: 41
. "$TOP/tests/lib.sh"
R="$TOP/tests/readers"
why=""
command -v chromium >/dev/null 2>&1 || why="no chromium (READERS=1 sh tests/deps.sh installs it)"
[ -f "$R/node_modules/ofd.js/lib/ofd.umd.min.js" ] || why="${why:-no ofd.js in tests/readers/node_modules (READERS=1 sh tests/deps.sh)}"
if [ -n "$why" ]; then
  i=0; while [ $i -lt 41 ]; do skip "ofd.js check $i" "$why"; i=$((i + 1)); done
  exit 0
fi
"$REFORMGEN" -q --format=pdf,ofd -o "$T/o" "$TOP"/samples/*.json 2>"$T/err" || fail "ofd.js render" "$(cat "$T/err")"

# chromium PAGE.html [--screenshot=FILE.png]: the page after its scripts ran
chrome() {
  html=$1; shift
  rm -rf "$T/profile"; mkdir -p "$T/profile"
  timeout 180 chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$T/profile" --virtual-time-budget=30000 \
    "$@" "file://$html" 2>/dev/null
}
page_html() {   # OFD WIDTH -> $R/_check.html (beside node_modules, which it loads)
  python3 - "$1" "$2" "$R/ofd_js.html.in" "$R/_check.html" <<'PY'
import base64, sys
ofd, width, tin, tout = sys.argv[1:5]
s = open(tin, encoding="utf-8").read()
s = s.replace("@OFD@", base64.b64encode(open(ofd, "rb").read()).decode()).replace("@WIDTH@", width)
open(tout, "w", encoding="utf-8").write(s)
PY
}
trap 'rm -rf "$T"; rm -f "$R/_check.html"' EXIT

for f in $(cd "$T/o" && find . -name '*.ofd' | LC_ALL=C sort); do
  page_html "$T/o/$f" 794
  chrome "$R/_check.html" --dump-dom > "$T/dom.html"
  python3 - "ofd.js $f" "$T/dom.html" "$T/o/${f%.ofd}.pdf" <<'PY'
import html, json, re, subprocess, sys
label, dom, pdf = sys.argv[1:4]
m = re.search(r'<pre id="out">(.*?)</pre>', open(dom, encoding="utf-8").read(), re.S)
r = json.loads(html.unescape(m.group(1))) if m and m.group(1).startswith("{") else {"error": "no result"}
def out(name, ok, why=""):
    print(("PASS " if ok else "FAIL ") + label + " " + name + ("" if ok else ": " + why))
out("opens", "error" not in r, str(r.get("error")))
n = int(re.search(r"^Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout, re.M).group(1))
out("pages", r.get("pages") == n, "ofd.js %s pages, PDF %d" % (r.get("pages"), n))
bad = []
for k, t in enumerate(r.get("texts", [])):
    p = subprocess.run(["pdftotext", "-f", str(k + 1), "-l", str(k + 1), pdf, "-"], capture_output=True, text=True).stdout
    if sorted(re.sub(r"\s+", "", t)) != sorted(re.sub(r"\s+", "", p)): bad.append(k + 1)
out("text", "texts" in r and not bad, "pages differing: %s" % bad)
# positions: px to pt by the ratio of the PDF page's width to ofd.js's page
sizes = [float(w) for w in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x", subprocess.run(
    ["pdfinfo", "-f", "1", "-l", str(n), pdf], capture_output=True, text=True).stdout, re.M)]
miss, words = [], 0
for k, pl in enumerate(r.get("places", [])):
    f = sizes[k] / pl["width"] if k < len(sizes) and pl["width"] else 0
    g = [(c, x * f, y * f) for c, x, y in pl["glyphs"]]
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", str(k + 1), "-l", str(k + 1), pdf, "-"],
                          capture_output=True, text=True).stdout
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox):
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        w = html.unescape(m.group(5))
        if any(w in t for t in pl["rotated"]): continue
        words += 1
        if not any(c == w[0] and abs(x - x0) < 1 and y0 - 1 <= y <= y1 + 1 for c, x, y in g):
            miss.append("page %d %s at %.1f,%.1f" % (k + 1, w, x0, y0))
out("positions", words > 0 and len(r.get("places", [])) == n and not miss,
    "%d of %d words unmatched: %s" % (len(miss), words, "; ".join(miss[:4])))
PY
done

rep=$(cd "$T/o" && find . -name report.ofd | LC_ALL=C sort | head -1)
page_html "$T/o/$rep" 794
chrome "$R/_check.html" --screenshot="$T/shot.png" --window-size=794,1123 >/dev/null
if [ -s "$T/shot.png" ]; then cp "$T/shot.png" "${BUILD:-$TOP/build}/ofd_js-report-1.png" 2>/dev/null; pass "ofd.js screenshot of a page"
else fail "ofd.js screenshot of a page" "no PNG"; fi
