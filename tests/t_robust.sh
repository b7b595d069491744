# t_robust.sh: the bad-input corpus (tests/robust/corpus.py, made at test time:
# malformed JSON and XML, wrong types, missing fields, bad numbers and dates,
# invalid UTF-8 and control characters, DTDs and entity bombs, deep nesting, a
# 1 MB string, 100,000 cadres, characters no font has, hostile county names)
# rendered in ONE batch with good counties. Every bad file: exit status 1, an
# error naming the file, the place and what was expected, no output. Every good
# one: written, and the good counties byte-identical to a batch without the
# bad files (tests/robust/check.py judges).
# checks: 81
. "$TOP/tests/lib.sh"
C=$TOP/tests/cli
python3 "$TOP/tests/robust/corpus.py" "$T/in" || fail "robust corpus" "corpus.py failed"
mkdir -p "$T/good"
cp "$C/min.json" "$T/good/good-a.json"
sed -e 's/410184/410185/' -e 's/新郑市/新密市/g' "$C/min.xml" > "$T/good/good-b.xml"
cp "$T/good/"* "$T/in/"
n=$(wc -l < "$T/in/cases.tsv")
check "robust: at least 40 cases" test "$n" -ge 40

"$REFORMGEN" -j 2 -t "$C/hello.xml" -o "$T/o" "$T/in" 2>"$T/err"; st=$?
expect_eq "robust: mixed batch exits 1" 1 $st
"$REFORMGEN" -q -j 2 -t "$C/hello.xml" -o "$T/g" "$T/good" 2>/dev/null; st=$?
expect_eq "robust: good counties alone exit 0" 0 $st
if [ -s "$T/o/manifest.json" ]; then
  python3 "$TOP/tests/robust/check.py" "$T/in" "$T/o" "$T/err" "$T/g"
else
  fail "robust: manifest" "no manifest written"
fi
# nothing escaped the output folder (../ in a name) and nothing sanitizer-like was said
check "robust: nothing written beside the output folder" test -z "$(ls "$T" | grep -v -x -e in -e good -e o -e g -e err)"
check "robust: no crash report" test -z "$(grep -E 'Sanitizer|runtime error|Segmentation|Aborted' "$T/err")"

# two files for one county (same code and name, different data) in one batch:
# whichever is on disk, the manifest lists only the input whose document it is
mkdir -p "$T/dup"
cp "$C/min.json" "$T/dup/a.json"
sed 's/"year": 2021/"year": 2020/' "$C/min.json" > "$T/dup/b.json"
cp "$C/min.xml" "$T/dup/c.xml"     # the same data as a.json: the same bytes
"$REFORMGEN" -q -j 2 -t "$C/hello.xml" -o "$T/d" "$T/dup" 2>"$T/derr"; st=$?
expect_eq "robust: one county twice: exit 1" 1 $st
r=$(python3 - "$T/d/manifest.json" <<'PY'
import hashlib, json, sys
m = json.load(open(sys.argv[1]))
st = {i["input"].rsplit("/", 1)[1]: i["status"] for i in m["inputs"]}
true = all(hashlib.sha256(open(o["path"], "rb").read()).hexdigest() == o["sha256"]
           for i in m["inputs"] for o in i["outputs"])
print(sorted(st.items()), true)
PY
)
case $r in
  *"('a.json', 'ok')"*"('b.json', 'failed')"*"('c.xml', 'ok')"*True) pass "robust: one county twice: the manifest tells which document is there" ;;
  *"('a.json', 'failed')"*"('b.json', 'ok')"*"('c.xml', 'failed')"*True) pass "robust: one county twice: the manifest tells which document is there" ;;
  *) fail "robust: one county twice: the manifest tells which document is there" "$r" ;;
esac
expect_match "robust: one county twice: said" "error: .*hello.pdf is also written by .*(the same county code and name)" "$(cat "$T/derr")"

# the JSON and the XML form of each sample in one folder: each county counts
# once in the roll-up (the same roll-up as from the JSON files alone)
mkdir -p "$T/both" "$T/one"
cp "$TOP"/samples/*.json "$TOP"/samples/*.xml "$T/both/"
cp "$TOP"/samples/*.json "$T/one/"
"$REFORMGEN" -q -j 2 -t rollup -o "$T/rb" "$T/both" 2>/dev/null; st=$?
expect_eq "robust: both forms of each county: exit 0" 0 $st
"$REFORMGEN" -q -j 2 -t rollup -o "$T/ro" "$T/one" 2>/dev/null
check "robust: both forms of each county: each counted once in the roll-up" cmp "$T/rb/rollup.pdf" "$T/ro/rollup.pdf"
