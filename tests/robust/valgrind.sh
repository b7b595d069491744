#!/bin/sh
# valgrind.sh: reformgen under valgrind's memcheck on every sample (each on
# its own, then all as one batch of two workers), the bad-input corpus and a
# template fault (children are followed across fork), with --error-exitcode:
# zero errors and zero definite or indirect leaks required (VALGRIND=1 sh
# tests/deps.sh installs valgrind). Not part of make check (the suite already
# runs under ASan, UBSan and LeakSanitizer; valgrind is the independent second
# opinion and takes minutes): run by hand, or from a check-valgrind target, as
#   sh tests/robust/valgrind.sh [REFORMGEN]
# It prints PASS/FAIL lines like the tests and exits non-zero on a failure.
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/reformgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/rgvg.XXXXXX")
trap 'rm -rf "$T"' EXIT
bad=0
runs=0
vg() {  # vg NAME EXPECTED-STATUS ARGS...
  name=$1; want=$2; shift 2
  start=$(date +%s)
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect "$bin" "$@" >/dev/null 2>"$T/log"; st=$?
  runs=$((runs + 1))
  # valgrind's own reports start with ==PID==; a count of them is the figure
  errs=$(grep -c '^==[0-9]*== ' "$T/log")
  if [ $st -eq "$want" ] && [ "$errs" -eq 0 ]; then echo "PASS valgrind $name ($(($(date +%s) - start)) s)"
  else echo "FAIL valgrind $name: status $st, $errs lines of valgrind reports"; grep '^==' "$T/log" | head -30; bad=1; fi
}
# every sample, each on its own (all templates), then all of them as one batch
for s in "$top"/samples/*.json "$top"/samples/*.xml; do
  vg "$(basename "$s"), every template" 0 -q -j 1 -o "$T/s-$(basename "$s")" "$s"
done
vg "batch of every sample with the roll-up, two workers" 0 -q -j 2 -o "$T/b" "$top"/samples/*.json "$top"/samples/*.xml
python3 "$top/tests/robust/corpus.py" "$T/in" && rm -f "$T/in/j-100000-cadres.json"
vg "the bad-input corpus" 1 -q -j 2 -t "$top/tests/cli/hello.xml" -o "$T/c" "$T/in"
vg "a template fault" 1 -q -t "$top/tests/robust/templates/runaway.xml" -o "$T/d" "$top/tests/cli/min.json"
echo "NOTE valgrind: $runs runs, $([ $bad = 0 ] && echo 'zero errors, zero leaks' || echo 'errors found')"
exit $bad
