# Helpers for the shell tests (tests/t_*.sh). Each test prints "PASS name" or
# "FAIL name: why"; $REFORMGEN is the binary under test, $TOP the source tree.
# Each test script gets its own scratch folder in $T, removed at exit.
: "${REFORMGEN:=$TOP/reformgen}"
T=$(mktemp -d "${TMPDIR:-/tmp}/rgtest.XXXXXX")
trap 'rm -rf "$T"' EXIT
# python3 is Debian's, for which tests/deps.sh installs fontTools, python-docx
# and openpyxl: not a python3 earlier on PATH (a pyenv shim, a virtualenv) that
# may lack them and starts through a wrapper of its own, for the tests and for
# the scripts they start
if [ -x /usr/bin/python3 ]; then
  mkdir "$T/.bin" && ln -s /usr/bin/python3 "$T/.bin/python3" && PATH=$T/.bin:$PATH && export PATH
fi
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
# check NAME CONDITION-COMMAND... : PASS if the command succeeds
check() { n=$1; shift; if "$@" >/dev/null 2>&1; then pass "$n"; else fail "$n" "$*"; fi; }
# expect_eq NAME EXPECTED ACTUAL
expect_eq() { if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected [$2], got [$3]"; fi; }
# expect_match NAME REGEX TEXT
expect_match() { if printf '%s\n' "$3" | grep -Eq -- "$2"; then pass "$1"; else fail "$1" "[$3] does not match /$2/"; fi; }
# skip NAME REASON : a check that could not run here (counts as not run)
skip() { echo "SKIP $1: $2"; }
# timed CMD...: runs CMD; sets st to its exit status and cpu to the processor
# seconds (user and system, rounded up) it and its children took: a bound on
# work that the load of a shared machine does not stretch, as wall time is
timed() {
  python3 -c 'import resource, subprocess, sys
st = subprocess.call(sys.argv[2:])
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write("%d %d\n" % (st, int(r.ru_utime + r.ru_stime + 0.999)))' "$T/.timed" "$@"
  read -r st cpu < "$T/.timed"
}
