#!/bin/sh
# Runs every test of the suite against one build and prints one line per test
# ("PASS name" / "FAIL name: why"), then "N passed, N failed".
#   usage: tests/run.sh BUILD_DIR REFORMGEN_BINARY
# Unit tests are the binaries BUILD_DIR/tests/*; shell tests are tests/t_*.sh.
# A program that exits non-zero without reporting a FAIL line (a crash, a
# sanitizer report) counts as one failure of its own.
build=$1
bin=$2
top=$(cd "$(dirname "$0")/.." && pwd)
export REFORMGEN="$top/${bin#./}"
case $bin in /*) export REFORMGEN="$bin" ;; esac
export TOP="$top" BUILD="$top/$build"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

run_one() {  # name, command...
  name=$1; shift
  out=$("$@" 2>&1); st=$?
  printf '%s\n' "$out" | grep -E '^(PASS|FAIL) ' >> "$log"
  printf '%s\n' "$out" | grep -E '^(PASS|FAIL) '
  if [ $st -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^FAIL '; then
    echo "FAIL $name: exited with status $st" | tee -a "$log"
    printf '%s\n' "$out" | tail -20 | sed 's/^/    /'
  elif printf '%s\n' "$out" | grep -q '^FAIL '; then
    printf '%s\n' "$out" | grep -v -E '^(PASS|FAIL) ' | tail -20 | sed 's/^/    /'
  fi
}

for t in "$top/$build"/tests/*; do
  [ -x "$t" ] && [ -f "$t" ] || continue
  case $t in *.d) continue ;; esac
  (cd "$top" && run_one "$(basename "$t")" "$t")
done
for t in "$top"/tests/t_*.sh; do
  [ -f "$t" ] || continue
  (cd "$top" && run_one "$(basename "$t" .sh)" sh "$t")
done
p=$(grep -c '^PASS ' "$log"); f=$(grep -c '^FAIL ' "$log")
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
