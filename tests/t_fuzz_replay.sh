# t_fuzz_replay.sh: replays every fuzz corpus (tests/fuzz/corpus/NAME) through
# its target, built with an ordinary main, so that what fuzzing once found
# stays fixed. Under the sanitized build a crash or leak fails the test. A
# target whose replay binary was not built is a SKIP, an empty corpus a FAIL.
# checks: 6
. "$TOP/tests/lib.sh"
for src in "$TOP"/tests/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c); bin="$BUILD/fuzz/$name"; corpus="$TOP/tests/fuzz/corpus/${name#fuzz_}"
  if [ ! -x "$bin" ]; then skip "fuzz replay ${name#fuzz_}" "no replay binary $bin (make units builds it)"; continue; fi
  if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus")" ]; then fail "fuzz replay ${name#fuzz_}" "empty corpus $corpus"; continue; fi
  out=$("$bin" "$corpus" 2>&1); st=$?
  if [ $st -eq 0 ]; then pass "fuzz replay ${name#fuzz_}"; else fail "fuzz replay ${name#fuzz_}" "$(printf '%s' "$out" | tail -5)"; fi
done
