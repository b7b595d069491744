# t_signals.sh: SIGINT and SIGTERM in the middle of a batch (the document
# being written is finished, nothing further is started, the manifest says
# what was done, running again completes the rest); the same signal sent to
# the whole process group (kill -- -PGID, timeout): the workers ignore it, the
# parent decides; a county still in progress after the grace stopped and
# listed as failed, its files removed; the per-county time limit.
# REFORMGEN_TEST_HOLD holds a worker half-way through a file (faults_common.sh).
# checks: 36
. "$TOP/tests/faults_common.sh"

# --- SIGINT and SIGTERM in the middle of a batch --------------------------------
# the worker is held half-way through county 5's PDF: that document is
# finished, nothing further is started
for s in INT:2 TERM:15; do
  sig=${s%:*}; d=$T/s$sig
  h=$(hold 410105-); env "$h" "$REFORMGEN" -q -j 1 -t "$H" -o "$d" "$T/in"/*.json 2>"$d.err" & a=$!
  wait_for 'test -s "$T/hold.held"'
  kill -$sig $a
  sleep 0.2
  rm "$T/hold"
  wait $a; st=$?
  expect_eq "faults: SIG$sig ends the run by the signal" $((128 + ${s#*:})) $st
  expect_match "faults: SIG$sig said" "interrupted by signal .*: 5 of 8 inputs finished; run again" "$(cat "$d.err")"
  expect_eq "faults: SIG$sig manifest: 5 done, 3 not started" "5 3 3 True" "$(manifest_says "$d/manifest.json")"
  check "faults: SIG$sig no partial file" whole "$d"
  check "faults: SIG$sig lock released" test ! -e "$d/.manifest.json.lock"
  "$REFORMGEN" -q -j 2 -t "$H" -o "$d" "$T/in" 2>/dev/null; st=$?
  expect_eq "faults: SIG$sig run again: exit 0" 0 $st
  expect_eq "faults: SIG$sig run again: manifest complete" "8 0 0 True" "$(manifest_says "$d/manifest.json")"
  check "faults: SIG$sig run again: same files" diff -r -x manifest.json "$T/ref" "$d"
done

# --- the signal sent to the whole process group ---------------------------------
# (kill -- -PGID, as systemd and a terminal do): the workers ignore it
d=$T/grp
h=$(hold 410105-); env "$h" setsid -w "$REFORMGEN" -q -j 2 -t "$H" -o "$d" "$T/in"/*.json 2>"$d.err" & a=$!
wait_for 'test -s "$T/hold.held"'
w=$(cat "$T/hold.held")   # the worker, in the run's process group
pg=$(sed 's/.*) //' /proc/$w/stat | awk '{print $3}')
/bin/kill -TERM -- -"$pg"   # (the procps kill: a process group)
sleep 0.3
rm "$T/hold"
wait $a; st=$?
expect_eq "faults: group SIGTERM: the run ends by the signal" 143 $st
check "faults: group SIGTERM: the worker finished the document it was writing" \
  test "$(status_of "$d/manifest.json" c5.json)" = ok
check "faults: group SIGTERM: the PDFs on disk are those listed" consistent "$d" "$d/manifest.json"
check "faults: group SIGTERM: no temporary file" whole "$d"

# timeout sends SIGTERM to its process group too; county 5 stays held, and
# is stopped after the grace: listed as failed, nothing of it on disk
d=$T/to
t0=$(date +%s)
h=$(hold 410105-); env "$h" timeout -s TERM 3 "$REFORMGEN" -q -j 2 --grace=1 -t "$H" -o "$d" "$T/in"/*.json 2>"$d.err"; st=$?
t1=$(date +%s)
rm -f "$T/hold"
expect_eq "faults: timeout: the run timed out" 124 $st
check "faults: timeout: stopped within the grace (took $((t1 - t0)) s)" test $((t1 - t0)) -le 12
expect_match "faults: timeout: county 5 stopped after the grace, said" \
  "c5.json: error: not finished: the batch was interrupted, and the county was still in progress after the grace" "$(cat "$d.err")"
check "faults: timeout: the PDFs on disk are those listed" consistent "$d" "$d/manifest.json"
check "faults: timeout: county 5 absent, no temporary file" test ! -e "$d/410105-新郑市/hello.pdf" -a -z "$(find "$d" -name '.*.tmp-*')"

# a first signal stops at the next document: of a county's two documents the
# one being written is finished and listed, the next one is not written; the
# county is listed as failed
d=$T/doc2
cp "$H" "$T/hello2.xml"
h=$(hold 410105-新郑市/hello.pdf); env "$h" "$REFORMGEN" -q -j 1 -t "$H" -t "$T/hello2.xml" -o "$d" "$T/in"/*.json 2>"$d.err" & a=$!
wait_for 'test -s "$T/hold.held"'
kill -TERM $a
sleep 0.2
rm "$T/hold"
wait $a; st=$?
expect_eq "faults: next document: the run ends by the signal" 143 $st
expect_match "faults: next document: the unwritten document said" \
  "hello2.pdf not written: the run was interrupted" "$(cat "$d.err")"
check "faults: next document: the PDFs on disk are those listed" consistent "$d" "$d/manifest.json"
expect_eq "faults: next document: county 5 failed, its first document listed, the second absent" "failed hello.pdf" \
  "$(status_of "$d/manifest.json" c5.json) $(ls "$d/410105-新郑市" 2>/dev/null | tr '\n' ' ' | sed 's/ $//')"

# --- the time limit per county ----------------------------------------------------
d=$T/tl
h=$(hold 410103-); env "$h" "$REFORMGEN" -q -j 2 --time-limit=1 -t "$H" -o "$d" "$T/in" 2>"$d.err"; st=$?
rm -f "$T/hold"
expect_eq "faults: time limit: exit 1" 1 $st
expect_match "faults: time limit: county 3 said" "c3.json: error: not finished within the time limit per county \(--time-limit\)" "$(cat "$d.err")"
expect_eq "faults: time limit: manifest: 7 done, 1 failed" "7 1 0 True" "$(manifest_says "$d/manifest.json")"
check "faults: time limit: no temporary file" test -z "$(find "$d" -name '.*.tmp-*')"
check "faults: time limit: the PDFs on disk are those listed" consistent "$d" "$d/manifest.json"
out=$("$REFORMGEN" --time-limit=x "$T/in" 2>&1); st=$?
expect_eq "faults: --time-limit=x is a usage error" "2 reformgen: --time-limit needs a number of seconds from 0 to 1000000, not x" "$st $(echo "$out" | head -1)"

