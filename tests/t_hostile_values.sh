# t_hostile_values.sh: values and encodings a careless clerk sends, each told
# in one message that names the file, the place and what was expected, in
# both forms. A county file saved as UTF-16 or UTF-32 (with or without a byte
# order mark) is named for what it is, once, not as a wall of invalid UTF-8
# bytes; a number beyond what is read (1e309, 1e-400) is one error at its JSON
# pointer or XML line, not two; a count above 10,000,000 (10^15) is refused
# at its place and 10,000,000 itself accepted, and so is an indicator's
# figure in 人 (people) above it; a value the JSON loader has
# already refused (a boolean for a number, 1.) gets no second error from the
# validator. Every file is made here.
# checks: 28
. "$TOP/tests/lib.sh"

cat > "$T/ok.json" <<'EOF'
{
  "version": 1,
  "county": { "code": "410184", "name": "新郑市", "league_committee": "共青团新郑市委员会",
              "youth_population": 10000000 },
  "period": { "year": 2021, "reference_date": "2021-12-31", "report_date": "2022-09-16" },
  "indicators": [ { "id": "staff", "name": "工作力量", "before": 7, "after": 17 } ]
}
EOF
cat > "$T/ok.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<county-report version="1">
  <county code="410184" name="新郑市" league_committee="共青团新郑市委员会" youth_population="10000000"/>
  <period year="2021" reference_date="2021-12-31" report_date="2022-09-16"/>
  <indicators>
    <indicator id="staff" name="工作力量" before="7" after="17"/>
  </indicators>
</county-report>
EOF

# run FILE: sets st and err (standard error of --check, warnings left out)
run() {
  err=$("$REFORMGEN" --check "$1" 2>&1 | grep -v ': warning: '); st=$("$REFORMGEN" --check "$1" >/dev/null 2>&1; echo $?)
}
for f in ok.json ok.xml; do
  run "$T/$f"
  expect_eq "values: the base $f is valid (10,000,000 people accepted)" "0 " "$st $err"
done

# --- encodings ---------------------------------------------------------------------
# enc NAME SOURCE CODEC BOM WORDS: the file re-encoded by Python, one error expected
enc() {
  python3 -c 'import sys
text = open(sys.argv[1], encoding="utf-8").read()
if sys.argv[1].endswith(".xml"): text = text.replace("encoding=\"UTF-8\"", "encoding=\"%s\"" % sys.argv[3][:6].upper())
data = text.encode(sys.argv[3])
if sys.argv[4] == "bom": data = "\ufeff".encode(sys.argv[3]) + data
open(sys.argv[2], "wb").write(data)' "$T/$2" "$T/$1" "$3" "$4"
  run "$T/$1"
  expect_eq "values: $1: exit 1" 1 "$st"
  expect_eq "values: $1: one message naming the file and the encoding" \
    "$T/$1: error: the file is in $5; expected UTF-8 (save it as UTF-8 and try again)" "$err"
}
enc u16le-bom.json ok.json utf-16-le bom "UTF-16 (little-endian, with a byte order mark)"
enc u16be-bom.json ok.json utf-16-be bom "UTF-16 (big-endian, with a byte order mark)"
enc u16le.json ok.json utf-16-le none "UTF-16 (little-endian)"
enc u16be.xml ok.xml utf-16-be none "UTF-16 (big-endian)"
enc u16le-bom.xml ok.xml utf-16-le bom "UTF-16 (little-endian, with a byte order mark)"
enc u32le-bom.json ok.json utf-32-le bom "UTF-32 (little-endian, with a byte order mark)"
enc u32be.xml ok.xml utf-32-be none "UTF-32 (big-endian)"

# --- numbers -------------------------------------------------------------------------
# val NAME BASE FROM TO EXPECTED-ERROR: BASE with FROM replaced by TO; exactly that error
val() {
  sed -e "s/$3/$4/" "$T/$2" > "$T/$1"
  run "$T/$1"
  expect_eq "values: $1: exit 1, exactly one error: $5" "1 $T/$1$5" "$st $err"
}
range="is out of range; expected a number (at most 128 digits, an exponent from -40 to 40)"
val big.json ok.json '"after": 17' '"after": 1e309' ":/indicators/0/after: error: the number '1e309' $range"
val big.xml ok.xml 'after="17"' 'after="1e309"' ":6:/county-report/indicators/indicator/after: error: the number '1e309' $range"
val tiny.json ok.json '"before": 7' '"before": 1e-400' ":/indicators/0/before: error: the number '1e-400' $range"
val count15.json ok.json '"youth_population": 10000000' '"youth_population": 1000000000000000' \
  ":/county/youth_population: error: '1000000000000000' is too large; expected a whole number from 0 to 10000000"
val count15.xml ok.xml 'youth_population="10000000"' 'youth_population="1000000000000000"' \
  ":3:/county-report/county/youth_population: error: '1000000000000000' is too large; expected a whole number from 0 to 10000000"
val count-next.json ok.json '"youth_population": 10000000' '"youth_population": 10000001' \
  ":/county/youth_population: error: '10000001' is too large; expected a whole number from 0 to 10000000"
val people15.json ok.json '"after": 17' '"unit": "人", "after": 1000000000000000' \
  ":/indicators/0/after: error: '1000000000000000' is too large; expected a whole number from 0 to 10000000 for a figure in 人"
val people15.xml ok.xml 'after="17"' 'unit="人" after="1000000000000000"' \
  ":6:/county-report/indicators/indicator/after: error: '1000000000000000' is too large; expected a whole number from 0 to 10000000 for a figure in 人"
val bool.json ok.json '"after": 17' '"after": true' ":/indicators/0/after: error: found a boolean; expected a number"
val point.json ok.json '"after": 17' '"after": 17.' \
  ":/indicators/0/after: error: '17.' is not a JSON number; expected digits, an optional fraction and exponent"
val object.json ok.json '"youth_population": 10000000' '"youth_population": {}' \
  ":/county/youth_population: error: found an object; expected a whole number >= 0"
digits=$(printf '%0200d' 7 | tr 0 1)
val long.xml ok.xml 'after="17"' "after=\"$digits\"" \
  ":6:/county-report/indicators/indicator/after: error: the number '$(printf '%.40s' "$digits")...' $range"
