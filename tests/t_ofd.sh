#!/bin/sh
# OFD (--format=pdf,ofd) against the PDF of the same pages, for every sample
# county in every template and the roll-up, by tests/ofd_check.py (zipfile,
# ElementTree, poppler): XML parts well-formed (xmllint), page count, each
# page's text (its characters modulo whitespace), the place of every word
# pdftotext -bbox finds; and by tests/ofd_glyphs.py (fontTools) every
# character's glyph in the embedded subset (CGTransform) against the glyph the
# font file's cmap gives it; the OFD's font files the PDF's embedded font
# programs, byte for byte. Then: DocType OFD-A with --pdfa and OFD without,
# archival CustomData, identical bytes on a second run, the manifest's
# SHA-256 of each OFD equal to the file's; an image (no sample has one): its
# ImageObject where the PDF draws it (qpdf's uncompressed content stream) and
# its file the PNG itself.
# checks: 62
. "$TOP/tests/lib.sh"

"$REFORMGEN" -q --format=pdf,ofd -o "$T/a" "$TOP"/samples/*.json 2>"$T/err" || fail "ofd render" "$(cat "$T/err")"
mkdir -p "$T/s"
set --
for f in $(cd "$T/a" && find . -name '*.ofd' | LC_ALL=C sort); do set -- "$@" "ofd $f" "$T/a/$f" "$T/a/${f%.ofd}.pdf"; done
python3 "$TOP/tests/ofd_check.py" "$T/s" "$@"
# characters beyond U+FFFF (a county and a cadre named with CJK Extension B):
# in the OFD's text and drawn with the glyphs the font file maps them to
/usr/bin/python3 - "$TOP/samples/xinzheng.json" "$T/astral.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["county"]["name"] = "新\U00020000市"
d["cadres"][0]["name"] = "孙\U0002A6A5"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$REFORMGEN" -q --format=pdf,ofd -t staffing -o "$T/astral" "$T/astral.json" 2>/dev/null
o=$(find "$T/astral" -name '*.ofd' | head -1)
said=$(python3 -c 'import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
t = "".join(z.read(n).decode() for n in z.namelist() if n.endswith("Content.xml"))
print(("\U00020000" in t) and ("\U0002A6A5" in t))' "$o" 2>/dev/null)
expect_eq "ofd text holds characters beyond U+FFFF (𠀀, 𪚥)" True "$said"

# the glyphs of every package (and of the one beyond U+FFFF), the font files read once
set --
for f in $(cd "$T/a" && find . -name '*.ofd' | LC_ALL=C sort); do set -- "$@" "ofd $f" "$T/a/$f"; done
/usr/bin/python3 "$TOP/tests/ofd_glyphs.py" "$TOP/fonts/fonts.conf" "$@" "ofd beyond U+FFFF" "$o" 2>/dev/null
same=$(python3 - "$T/a" <<'PY'
import base64, glob, hashlib, json, os, subprocess, sys, zipfile
bad = []
for ofd in sorted(glob.glob(sys.argv[1] + "/**/*.ofd", recursive=True)):
    q = json.loads(subprocess.run(["qpdf", "--json", "--json-stream-data=inline", ofd[:-4] + ".pdf"],
                                  capture_output=True).stdout)["qpdf"][1]
    pdf = sorted(hashlib.sha256(base64.b64decode(o["stream"]["data"])).hexdigest() for o in q.values()
                 if "stream" in o and "/FontFile2" not in o["stream"]["dict"] and "/Length1" in o["stream"]["dict"])
    z = zipfile.ZipFile(ofd)
    mine = sorted(hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if n.endswith(".ttf"))
    if not pdf or pdf != mine: bad.append(os.path.basename(os.path.dirname(ofd)) + "/" + os.path.basename(ofd))
print("no: " + " ".join(bad) if bad else "yes")
PY
)
expect_eq "ofd font files are the PDF's embedded fonts, byte for byte" yes "$same"
count=$(cd "$T/a" && find . -name '*.ofd' | grep -c .)
expect_eq "ofd one package per PDF" "$(cd "$T/a" && find . -name '*.pdf' | grep -c .)" "$count"

doctype() { python3 -c '
import sys, zipfile, xml.etree.ElementTree as ET
print(ET.fromstring(zipfile.ZipFile(sys.argv[1]).read("OFD.xml")).get("DocType"))' "$1"; }
one=$(find "$T/a" -name report.ofd | LC_ALL=C sort | head -1)
expect_eq "ofd DocType without --pdfa" OFD "$(doctype "$one")"
"$REFORMGEN" -q --format=ofd --pdfa -t report -o "$T/b" "$TOP/samples/xinzheng.json" 2>/dev/null
b=$(find "$T/b" -name report.ofd | head -1)
expect_eq "ofd DocType with --pdfa" OFD-A "$(doctype "$b")"
expect_eq "ofd --format=ofd writes no PDF" 0 "$(find "$T/b" -name '*.pdf' | grep -c .)"
custom=$(python3 -c '
import sys, zipfile, xml.etree.ElementTree as ET
r = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read("OFD.xml"))
print(" ".join(c.get("Name") + "=" + c.text for c in r.iter("{http://www.ofdspec.org/2016}CustomData")))' "$b")
expect_match "ofd archival CustomData" "^题名=新郑市.* 责任者=共青团新郑市委员会 日期=2022-09-16 机构=共青团新郑市委员会 保管期限=永久$" "$custom"

"$REFORMGEN" -q --format=pdf,ofd -o "$T/a2" "$TOP"/samples/*.json 2>/dev/null
same=yes
for f in $(cd "$T/a" && find . -name '*.ofd'); do cmp -s "$T/a/$f" "$T/a2/$f" || same="no: $f"; done
expect_eq "ofd identical bytes on a second run" yes "$same"
sums=$(python3 -c '
import hashlib, json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
bad = [o["path"] for i in m["inputs"] for o in i["outputs"] if o.get("format") == "ofd"
       and hashlib.sha256(open(o["path"], "rb").read()).hexdigest() != o["sha256"]]
n = sum(1 for i in m["inputs"] for o in i["outputs"] if o.get("format") == "ofd")
print(n, "bad" if bad else "ok")' "$T/a/manifest.json")
expect_eq "ofd manifest SHA-256 of every county OFD" "9 ok" "$sums"

# an image: a template drawing the county's PNG (tests/png/mkpng.py)
mkdir -p "$T/img"
python3 "$TOP/tests/png/mkpng.py" "$T/img" >/dev/null
cp "$T/img/good_rgb.png" "$T/img/410184.png"
cat > "$T/img/img.xml" <<'EOT'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="report" paper="A4" title="{county/name}" font="song" size="16">
  <title>{county/name}</title>
  <image src="{county/code}.png" width="20mm"/>
</document>
EOT
(cd "$T/img" && "$REFORMGEN" -q --format=pdf,ofd -t img.xml -o "$T/img/o.pdf" "$TOP/samples/xinzheng.json") 2>/dev/null
img=$(python3 - "$T/img/o.ofd" "$T/img/o.pdf" "$T/img/410184.png" "$T/img" <<'PY'
import os, re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET
ofd, pdf, png, tmp = sys.argv[1:5]
N = "{http://www.ofdspec.org/2016}"
PT = 72 / 25.4
try:
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, tmp + "/q.pdf"], check=True)
    a, d, e, f = map(float, re.search(rb"q ([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm /\w+ Do Q",
                                       open(tmp + "/q.pdf", "rb").read()).groups())
    h = float(re.search(r"Page size:\s+[\d.]+ x ([\d.]+)",
                        subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout).group(1))
    want = (e / PT, (h - f - d) / PT, a / PT, d / PT)   # the PDF's box in mm from the top left
    z = zipfile.ZipFile(ofd)
    io = [o for n in z.namelist() if n.endswith("Content.xml") for o in ET.fromstring(z.read(n)).iter(N + "ImageObject")]
    got = tuple(map(float, io[0].get("Boundary").split()))
    place = "ok" if len(io) == 1 and all(abs(x - y) < 0.01 for x, y in zip(got, want)) else "at %s, PDF %s" % (got, want)
    res = ET.fromstring(z.read("Doc_0/DocumentRes.xml"))
    mm = [m for m in res.iter(N + "MultiMedia") if m.get("ID") == io[0].get("ResourceID")]
    file = os.path.join("Doc_0", res.get("BaseLoc"), mm[0].find(N + "MediaFile").text)
    same = "ok" if z.read(file) == open(png, "rb").read() else "differs"
except Exception as x:
    place, same = "error %s" % x, "error"
print(place + "|" + same)
PY
)
expect_eq "ofd image object where the PDF draws the image" ok "${img%%|*}"
expect_eq "ofd image file is the PNG itself" ok "${img#*|}"
