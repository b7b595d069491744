# t_validate_lines.sh: names and issuing bodies go into titles, signatures and
# file names: a line break or tab in one is an error at its place, in either form.
# checks: 4
. "$TOP/tests/lib.sh"
sed 's/"name": "新郑市"/"name": "新郑\\n市"/' "$TOP/tests/cli/min.json" > "$T/nl.json"
err=$("$REFORMGEN" --check "$T/nl.json" 2>&1); st=$?
expect_eq "line break in a name: exit 1" 1 $st
expect_match "line break in a name: place and wording" "nl.json:/county/name: error: <name> contains a line break or tab; expected one line of text" "$err"
sed 's/league_committee="共青团新郑市委员会"/league_committee="共青团新郑市\&#9;委员会"/' "$TOP/tests/cli/min.xml" > "$T/tab.xml"
err=$("$REFORMGEN" --check "$T/tab.xml" 2>&1); st=$?
expect_eq "tab in the issuing body (XML): exit 1" 1 $st
expect_match "tab in the issuing body (XML): place" "tab.xml:[0-9]+:/county-report/county/league_committee: error: <league_committee> contains a line break or tab" "$err"
