# t_alloc.sh: allocation failure. REFORMGEN_FAIL_ALLOC=N makes the N-th
# allocation fail (util.c); swept over a full render of a sample (every
# template, one worker) from N = 1, through every stage, to beyond the last
# allocation. Every run must exit 0 or 1 (never a signal, never a sanitizer
# report); a run that exits 1 says "reformgen: out of memory", or, when the
# allocation failed while the county was rendered, names the county and its
# limit ("S: error: out of memory while rendering this county ..."); the runs that
# fail are exactly those with N below some total (the failure is not lost or
# deferred); every PDF under a final name is whole (qpdf --check). Leak
# detection is off here: exiting on out-of-memory abandons what was allocated
# on purpose (the complete runs of the other tests are checked for leaks).
# checks: 5
. "$TOP/tests/lib.sh"
S=$TOP/samples/xinzheng.json
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

"$REFORMGEN" -q -j 1 -o "$T/ref" "$S" 2>/dev/null; st=$?
expect_eq "alloc: reference render" 0 $st
nref=$(find "$T/ref" -name '*.pdf' | wc -l)

# the points: every N up to 30, then a factor of 1.5 up to 3,000,000, then 10^9
points=$(awk 'BEGIN { for (n = 1; n <= 30; n++) print n;
                      for (n = 30; n < 3000000; n = int(n * 1.5)) print int(n * 1.5);
                      print 1000000000 }')
bad="" last_fail=0 first_ok=0 runs=0
for n in $points; do
  runs=$((runs + 1))
  rm -rf "$T/o"
  REFORMGEN_FAIL_ALLOC=$n "$REFORMGEN" -q -j 1 -o "$T/o" "$S" >/dev/null 2>"$T/err"; st=$?
  if [ $st -ne 0 ] && [ $st -ne 1 ]; then bad="$bad N=$n:status-$st"; fi
  if grep -qE 'Sanitizer|runtime error|Segmentation|Aborted' "$T/err"; then bad="$bad N=$n:sanitizer"; fi
  if [ $st -eq 1 ]; then
    grep -q -e '^reformgen: out of memory$' \
      -e "^$S: error: out of memory while rendering this county (its limit: [0-9]* MB; --memory-limit sets it)\$" \
      "$T/err" || bad="$bad N=$n:no-message"
    last_fail=$n
    [ $first_ok -ne 0 ] && bad="$bad N=$n:fails-after-N=$first_ok-succeeded"
  elif [ $st -eq 0 ]; then
    [ $first_ok -eq 0 ] && first_ok=$n
    grep -q 'out of memory' "$T/err" && bad="$bad N=$n:oom-but-exit-0"
    [ "$(find "$T/o" -name '*.pdf' | wc -l)" -eq "$nref" ] || bad="$bad N=$n:missing-pdf"
  fi
  for p in $(find "$T/o" -name '*.pdf' 2>/dev/null); do
    qpdf --check "$p" >/dev/null 2>&1 || bad="$bad N=$n:bad-pdf-$(basename "$p")"
  done
done
expect_eq "alloc: $runs runs, each 0 or 1 with the message, PDFs whole" "" "$bad"
# the sample's render makes about 93,000 allocations, its first PDF write
# starting at about 57,000 (after the template expansion stopped copying names)
check "alloc: failures reach the PDF stage (last failing N=$last_fail)" test "$last_fail" -ge 57000
check "alloc: beyond the last allocation the render completes (first N=$first_ok)" test "$first_ok" -gt 0
if [ $first_ok -gt 0 ]; then
  check "alloc: and gives the same files" diff -r -x manifest.json "$T/ref" "$T/o"
fi
