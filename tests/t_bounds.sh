# t_bounds.sh: the operation budget of one document (templates/README.md,
# "Limits"): templates that would run for minutes or exhaust memory stop
# within seconds with an error naming the template's line, the budget, the
# document and the county (its input file), and nothing is written for that
# document; the budget grows with the data above its floor; the county's
# other documents are still written and listed.
# - a template whose variables double a string forty times (2^43 bytes if
#   followed);
# - two and three nested loops over every node of the data with an empty body
#   (25.7 s and more than 11 minutes before the budget);
# - an expression that takes the string value of the whole county for every
#   node of the data, for every node (XPath's string functions, whose work
#   libxml2 does not count, count as the bytes they read and make).
# checks: 24
. "$TOP/tests/lib.sh"
# a memory ceiling as a safety net (not under ASan, which reserves terabytes of shadow)
(case $BUILD in *asan*) ;; *) ulimit -v 2000000 2>/dev/null ;; esac
 "$REFORMGEN" -q -t "$TOP/tests/robust/templates/string-doubling.xml" -o "$T/o" "$TOP/tests/cli/min.json" 2>"$T/err")
st=$?
expect_eq "doubling strings: exit 1" 1 $st
expect_match "doubling strings: stopped at a variable's line, with the budget, the document and the county" \
  "string-doubling.xml:[0-9]+: error: the operation budget of 4000000 is spent \(100 per data node, [0-9]+ nodes, at least 4000000\); the t document of $TOP/tests/cli/min.json is not made" \
  "$(cat "$T/err")"
check "doubling strings: nothing written" test -z "$(find "$T/o" -name '*.pdf' 2>/dev/null)"

# loops DEPTH: a template of DEPTH nested for-each over //node(), empty body
loops() {
  f=$T/loops$1.xml
  { echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<document kind="loops">'
    echo '  <p>{county/name}</p>'
    i=0; while [ $i -lt "$1" ]; do printf '<for-each select="//node()">'; i=$((i + 1)); done; echo
    i=0; while [ $i -lt "$1" ]; do printf '</for-each>'; i=$((i + 1)); done; echo
    echo '</document>'; } > "$f"
}

# run NAME TEMPLATE INPUT: renders, records exit status ($st), processor
# seconds ($cpu) and messages
run() {
  timed timeout 120 "$REFORMGEN" -q -t "$2" -o "$T/o-$1" "$3" 2>"$T/err-$1"
}

cp "$TOP/samples/xinzheng.json" "$T/xinzheng.json"
for depth in 2 3; do
  loops $depth
  run loops$depth "$T/loops$depth.xml" "$T/xinzheng.json"
  expect_eq "$depth nested loops over //node(): exit 1" 1 $st
  expect_match "$depth nested loops over //node(): the template's line, the budget, the document, the county" \
    "^$T/loops$depth.xml:4: error: the operation budget of 4000000 is spent \(100 per data node, [0-9]+ nodes, at least 4000000\); the loops document of $T/xinzheng.json is not made$" \
    "$(grep ': error: ' "$T/err-loops$depth")"
  check "$depth nested loops over //node(): stopped within 10 s of processor time" test $cpu -le 10
  check "$depth nested loops over //node(): nothing written" test -z "$(find "$T/o-loops$depth" -name '*.pdf' 2>/dev/null)"
done

# string work inside one expression
cat > "$T/strings.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<document kind="strings">
  <p>{county/name}</p>
  <p>{count(//node()[count(//node()[string-length(string(/)) &gt; 0]) &gt; 0])}</p>
</document>
EOF
run strings "$T/strings.xml" "$T/xinzheng.json"
expect_eq "string values inside an expression: exit 1" 1 $st
expect_match "string values inside an expression: the line, the budget, the document, the county" \
  "^$T/strings.xml:4: error: the operation budget of 4000000 is spent \(.*\); the strings document of $T/xinzheng.json is not made$" \
  "$(grep ': error: ' "$T/err-strings")"
check "string values inside an expression: stopped within 10 s of processor time" test $cpu -le 10
check "string values inside an expression: nothing written" test -z "$(find "$T/o-strings" -name '*.pdf' 2>/dev/null)"

# above the floor the budget is 100 operations per node of the data: a county
# of 2,000 cadres (about 130,000 nodes)
python3 "$TOP/tests/synth_county.py" synth --cadres 2000 > "$T/big.json"
run big "$T/loops2.xml" "$T/big.json"
expect_eq "2 nested loops, 2,000 cadres: exit 1" 1 $st
m=$(sed -n 's/.*the operation budget of \([0-9]*\) is spent (100 per data node, \([0-9]*\) nodes, at least 4000000); the loops document of .*big.json is not made$/\1 \2/p' "$T/err-big")
expect_eq "2 nested loops, 2,000 cadres: the budget is 100 per data node, above the floor" "yes" \
  "$(echo "$m" | awk 'NF == 2 && $1 == 100 * $2 && $1 > 4000000 { print "yes" }')"
check "2 nested loops, 2,000 cadres: stopped within 20 s of processor time" test $cpu -le 20

# one document's failure leaves the county's others written and listed
timeout 120 "$REFORMGEN" -q -t "$TOP/templates/report.xml" -t "$T/loops2.xml" -o "$T/o-degrade" "$T/xinzheng.json" \
  2>"$T/err-degrade"; st=$?
expect_eq "a failed document among two: exit 1" 1 $st
expect_match "a failed document among two: its error" \
  "^$T/loops2.xml:4: error: the operation budget of [0-9]+ is spent .*; the loops document of $T/xinzheng.json is not made$" \
  "$(grep ': error: ' "$T/err-degrade")"
expect_eq "a failed document among two: the other one written, this one not" "report.pdf" \
  "$(find "$T/o-degrade" -name '*.pdf' -exec basename {} \;)"
m=$(python3 -c "
import json, sys
m = json.load(open(sys.argv[1]))
i = m['inputs'][0]
print(i['status'], [o['document'] for o in i['outputs']], len(i['errors']))" "$T/o-degrade/manifest.json" 2>&1)
expect_eq "a failed document among two: the manifest lists the county failed, the report written, one error" \
  "failed ['report'] 1" "$m"
check "a failed document among two: the report is a PDF" \
  sh -c "head -c 5 \"\$(find '$T/o-degrade' -name report.pdf)\" | grep -q '%PDF-'"
check "no sanitizer report" test -z "$(cat "$T"/err-* | grep -E 'Sanitizer|runtime error')"
