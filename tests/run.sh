#!/bin/sh
# Runs a test suite against one build, the test files in parallel, and prints
# each file's result lines in a fixed order, then one summary line:
#   expected E, ran R, passed P, failed F, skipped S
#   usage: tests/run.sh BUILD_DIR REFORMGEN_BINARY [check|readers|heavy]
# "check" (the default) is the unit binaries (BUILD_DIR/tests/NAME from
# tests/unit/NAME.c) and the shell tests tests/t_*.sh; "readers" is
# tests/readers/*.sh (outside readers such as LibreOffice and Chromium),
# "heavy" tests/heavy/*.sh (huge inputs, memory limits).
#
# Every test file declares how many checks it prints, in a line
#   # checks: N        (shell)      /* checks: N */      (C)
# and may declare another number for the sanitized build (checks-asan: N).
# Each check prints one line: "PASS name", "FAIL name: why" or
# "SKIP name: why it did not run". A SKIP counts as not run. A line
# "NOTE ..." is a figure worth showing (a time, a peak of memory), not a check. A file fails when
# it exits non-zero without a FAIL line (a crash, a sanitizer report), when its
# binary is missing, or when it prints fewer or more checks than it declares;
# the run fails when anything failed or fewer checks ran than expected.
build=$1
bin=$2
kind=${3:-check}
top=$(cd "$(dirname "$0")/.." && pwd)
export REFORMGEN="$top/${bin#./}"
case $bin in /*) export REFORMGEN="$bin" ;; esac
export TOP="$top" BUILD="$top/$build"
jobs=${TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
work=$(mktemp -d "${TMPDIR:-/tmp}/rgrun.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# The list: one line per test file, "SOURCE COMMAND...".
list=$work/list
: > "$list"
if [ "$kind" != check ]; then
  for t in "$top/tests/$kind"/*.sh; do
    [ -f "$t" ] && echo "$t sh $t" >> "$list"
  done
else
  for s in "$top"/tests/unit/*.c; do
    [ -f "$s" ] && echo "$s $BUILD/tests/$(basename "$s" .c)" >> "$list"
  done
  for t in "$top"/tests/t_*.sh; do
    [ -f "$t" ] && echo "$t sh $t" >> "$list"
  done
fi

declared() {  # SOURCE -> the number of checks it declares for this build
  n=""
  case $build in *asan*) n=$(sed -n -E 's%^(#|/\*) *checks-asan: *([0-9]+).*%\2%p' "$1" | head -n 1) ;; esac
  [ -n "$n" ] || n=$(sed -n -E 's%^(#|/\*) *checks: *([0-9]+).*%\2%p' "$1" | head -n 1)
  echo "${n:-}"
}

i=0
while read -r src cmd; do
  i=$((i + 1))
  echo "$i $src $cmd"
done < "$list" > "$work/jobs"
# The longest files first, so that no long file starts last and leaves the
# other cores idle at the end: by the times of the last run in this build
# folder ($BUILD/times-KIND.txt), else by those of tests/times-KIND.txt (a run
# on a 2-core machine, for a fresh checkout); a file without a time first of
# all. The report keeps the list's order.
prev=$BUILD/times-$kind.txt
[ -s "$prev" ] || prev=$top/tests/times-$kind.txt
[ -s "$prev" ] || prev=/dev/null
awk -v top="$top/" -v prev="$prev" 'FILENAME == prev { ms[$2] = $1; next }
  { n = substr($2, length(top) + 1); print (n in ms ? ms[n] : 999999999), $0 }' "$prev" "$work/jobs" |
  sort -k1,1nr -k2,2n | cut -d' ' -f2- > "$work/order"
# One test file per job: its output in $work/N.out, its exit status and time
# in milliseconds in $work/N.st.
export work top
# shellcheck disable=SC2016
xargs -P "$jobs" -L 1 sh -c '
  i=$1; src=$2; shift 2
  start=$(date +%s%N)
  if [ "$1" != sh ] && [ ! -x "$1" ]; then
    echo "missing test binary $1" > "$work/$i.out"; st=127
  else
    (cd "$top" && "$@") > "$work/$i.out" 2>&1 < /dev/null; st=$?
  fi
  end=$(date +%s%N)
  echo "$st $(( (end - start) / 1000000 ))" > "$work/$i.st"
' run < "$work/order"

E=0; P=0; F=0; S=0
: > "$work/skips"
while read -r i src cmd; do
  name=${src#"$top"/}
  out=$work/$i.out
  set -- $(cat "$work/$i.st" 2>/dev/null || echo "255 0")
  st=$1; ms=$2
  grep -E '^(PASS|FAIL|SKIP|NOTE) ' "$out"
  p=$(grep -c '^PASS ' "$out"); f=$(grep -c '^FAIL ' "$out"); s=$(grep -c '^SKIP ' "$out")
  grep '^SKIP ' "$out" | sed "s|^SKIP |  $name: |" >> "$work/skips"
  want=$(declared "$src")
  bad=""
  if [ -z "$want" ]; then
    bad="declares no number of checks (a '# checks: N' line)"; want=0
  elif [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
    bad="exited with status $st"
  elif [ $((p + f + s)) -ne "$want" ]; then
    bad="declares $want checks, printed $((p + f + s))"
  fi
  if [ -n "$bad" ]; then
    echo "FAIL $name: $bad"
    f=$((f + 1))
  fi
  if [ "$f" -gt 0 ]; then
    grep -v -E '^(PASS|FAIL|SKIP) ' "$out" | tail -20 | sed 's/^/    /'
  fi
  echo "$ms $name" >> "$work/times"
  E=$((E + want)); P=$((P + p)); F=$((F + f)); S=$((S + s))
done < "$work/jobs"
R=$((P + F))
if [ -s "$work/skips" ]; then
  echo "skipped (not run):"
  cat "$work/skips"
fi
echo "slowest files (ms):"
sort -rn "$work/times" > "$BUILD/times-$kind.txt"
head -n 5 "$BUILD/times-$kind.txt" | sed "s/^/  /"
echo "expected $E, ran $R, passed $P, failed $F, skipped $S"
[ "$F" -eq 0 ] && [ "$R" -ge "$E" ]
