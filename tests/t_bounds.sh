# t_bounds.sh: a template whose variables double a string forty times (2^43
# bytes if followed) is stopped by the bound on one value, at its line, with
# nothing written, long before memory runs out.
# checks: 3
. "$TOP/tests/lib.sh"
# a memory ceiling as a safety net (not under ASan, which reserves terabytes of shadow)
(case $BUILD in *asan*) ;; *) ulimit -v 2000000 2>/dev/null ;; esac
 "$REFORMGEN" -q -t "$TOP/tests/robust/templates/string-doubling.xml" -o "$T/o" "$TOP/tests/cli/min.json" 2>"$T/err")
st=$?
expect_eq "doubling strings: exit 1" 1 $st
expect_match "doubling strings: stopped at the variable's line, with the bound" \
  "string-doubling.xml:[0-9]+: error: the value of 'concat\(\\\$v[0-9]+, \\\$v[0-9]+\)' is longer than [0-9]+ bytes; stopped" "$(cat "$T/err")"
check "doubling strings: nothing written" test -z "$(find "$T/o" -name '*.pdf' 2>/dev/null)"
