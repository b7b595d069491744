#!/bin/sh
# PDF/A-2b (--pdfa) checked independently of the writer: every sample county
# in every template and the roll-up read with qpdf --json by
# tests/pdfa_check.py (pdfaid 2/B, Info equal to the XMP, an sRGB output
# intent with its ICC profile, fonts embedded, trailer /ID, no encryption, no
# features PDF/A-2 forbids, version 1.7) and the XMP well-formed (xmllint);
# a title with & and < escaped; the archival 保管期限 and 密级 from the options
# and the county file, 密级 absent by default; identical bytes on a second run.
# checks: 105
. "$TOP/tests/lib.sh"

"$REFORMGEN" -q --pdfa -o "$T/a" "$TOP"/samples/*.json 2>"$T/err" || fail "pdfa render" "$(cat "$T/err")"
# a county whose name needs escaping in XML, its 保管期限 in the file
python3 - "$TOP/samples/dongwu.json" "$T/amp.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["county"]["name"] = "东&<武区"
d["county"]["code"] = "999999"
d["archive"] = {"retention": "定期10年"}
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$REFORMGEN" -q --pdfa --retention=定期30年 --classification=机密 -t report -o "$T/b" "$T/amp.json" 2>"$T/err2" ||
  fail "pdfa render escaped" "$(cat "$T/err2")"

xmp_of() {   # the XMP of $1 into $2 (from qpdf's JSON $3)
  python3 -c '
import base64, json, sys
o = json.load(open(sys.argv[1], encoding="utf-8"))["qpdf"][1]
root = o["obj:" + o["trailer"]["value"]["/Root"]]["value"]
sys.stdout.buffer.write(base64.b64decode(o["obj:" + root["/Metadata"]]["stream"]["data"]))' "$1" > "$2"
}

for f in $(cd "$T" && find a b -name '*.pdf' | LC_ALL=C sort); do
  qpdf --json --json-stream-data=inline "$T/$f" > "$T/q.json" 2>/dev/null
  xmp_of "$T/q.json" "$T/x.xml" 2>/dev/null
  check "pdfa $f xmp well-formed" xmllint --noout "$T/x.xml"
  python3 "$TOP/tests/pdfa_check.py" "pdfa $f" "$T/$f" "$T/q.json"
  [ "$f" = "$(cd "$T" && find b -name '*.pdf')" ] && cp "$T/x.xml" "$T/amp.xml"
done
count=$(cd "$T" && find a b -name '*.pdf' | grep -c .)
expect_eq "pdfa documents checked" 11 "$count"

title=$(xmllint --xpath 'string(//*[local-name()="title"]//*[local-name()="li"])' "$T/amp.xml" 2>/dev/null)
expect_match "pdfa title escaped and kept" '^东&<武区' "$title"
rp=$(xmllint --xpath 'string(//*[local-name()="RetentionPeriod"])' "$T/amp.xml" 2>/dev/null)
expect_eq "pdfa retention from the county file" "定期10年" "$rp"
sc=$(xmllint --xpath 'string(//*[local-name()="SecurityClassification"])' "$T/amp.xml" 2>/dev/null)
expect_eq "pdfa classification from the option" "机密" "$sc"
qpdf --json --json-stream-data=inline "$(find "$T/a" -name report.pdf | head -1)" > "$T/q.json" 2>/dev/null
xmp_of "$T/q.json" "$T/r.xml"
n=$(grep -c 'SecurityClassification>' "$T/r.xml")
rp=$(xmllint --xpath 'string(//*[local-name()="RetentionPeriod"])' "$T/r.xml" 2>/dev/null)
expect_eq "pdfa no classification invented, retention default" "0 永久" "$n $rp"

"$REFORMGEN" -q --pdfa -o "$T/a2" "$TOP"/samples/*.json 2>/dev/null
same=yes
for f in $(cd "$T/a" && find . -name '*.pdf'); do cmp -s "$T/a/$f" "$T/a2/$f" || same="no: $f"; done
expect_eq "pdfa identical bytes on a second run" yes "$same"
