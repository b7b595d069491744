#!/bin/sh
# valgrind.sh: a few representative runs of reformgen under valgrind
# (memcheck, children followed across fork), zero errors and zero definite or
# indirect leaks required (VALGRIND=1 sh tests/deps.sh installs valgrind).
# Not part of make check (the suite already runs under ASan, UBSan and
# LeakSanitizer; valgrind is the independent second opinion and takes a
# minute): run by hand, or from a check-valgrind target, as
#   sh tests/robust/valgrind.sh [REFORMGEN]
# It prints PASS/FAIL lines like the tests and exits non-zero on a failure.
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$top/build/reformgen}
T=$(mktemp -d "${TMPDIR:-/tmp}/rgvg.XXXXXX")
trap 'rm -rf "$T"' EXIT
bad=0
vg() {  # vg NAME EXPECTED-STATUS ARGS...
  name=$1; want=$2; shift 2
  valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect "$bin" "$@" >/dev/null 2>"$T/log"; st=$?
  if [ $st -eq "$want" ]; then echo "PASS valgrind $name"
  else echo "FAIL valgrind $name: status $st"; grep '^==' "$T/log" | head -30; bad=1; fi
}
vg "one county, every template" 0 -q -j 1 -o "$T/a" "$top/samples/xinzheng.json"
vg "batch of two with the roll-up" 0 -q -j 2 -o "$T/b" "$top/samples/fuyun.xml" "$top/samples/dongwu.json"
python3 "$top/tests/robust/corpus.py" "$T/in" && rm -f "$T/in/j-100000-cadres.json"
vg "the bad-input corpus" 1 -q -j 2 -t "$top/tests/cli/hello.xml" -o "$T/c" "$T/in"
vg "a template fault" 1 -q -t "$top/tests/robust/templates/runaway.xml" -o "$T/d" "$top/tests/cli/min.json"
exit $bad
