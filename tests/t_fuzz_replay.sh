# t_fuzz_replay.sh: replays every fuzz corpus (tests/fuzz/corpus/NAME) through
# its target, built with an ordinary main, so that what fuzzing once found
# stays fixed. Under the sanitized build a crash or leak fails the test.
. "$TOP/tests/lib.sh"
for bin in "$BUILD"/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  case $bin in *.d) continue ;; esac
  name=$(basename "$bin"); corpus="$TOP/tests/fuzz/corpus/${name#fuzz_}"
  out=$("$bin" "$corpus" 2>&1); st=$?
  if [ $st -eq 0 ]; then pass "fuzz replay ${name#fuzz_}"; else fail "fuzz replay ${name#fuzz_}" "$(printf '%s' "$out" | tail -5)"; fi
done
