# t_faults.sh: output faults. Two runs writing the same batch at once (the
# second is refused, naming the first; shards of one batch do not exclude each
# other); a second signal and SIGKILL of the whole run (no partial PDF under a
# final name, the lock does not outlive the run, the workers die with it, the
# temporary files of the dead run removed by the next one); a worker killed
# (its county reported, running again completes it; one killed while idle
# replaced); a named pipe in an input folder; a full disk (a small tmpfs) and a
# read-only one. The signals in the middle of a batch are t_signals.sh.
# REFORMGEN_TEST_HOLD=TEXT:FILE holds a worker half-way through writing a file
# whose path holds TEXT while FILE exists (output.c), so that nothing here
# depends on timing.
# checks: 56
. "$TOP/tests/faults_common.sh"

# --- two runs on one batch ---------------------------------------------------
h=$(hold 410105-); env "$h" "$REFORMGEN" -q -j 1 -t "$H" -o "$T/o" "$T/in"/*.json 2>"$T/a.err" & a=$!
wait_for 'test -s "$T/hold.held"' || fail "faults: first run took the lock" "the worker never reached county 5"
check "faults: first run took the lock" test -e "$T/o/.manifest.json.lock"
err=$("$REFORMGEN" -q -t "$H" -o "$T/o" "$T/in" 2>&1); st=$?
expect_eq "faults: second run on the same batch exits 1" 1 $st
expect_match "faults: second run says who holds the batch" \
  "^$T/o: error: another reformgen run \(process $a\) is writing this batch" "$err"
# shards of one batch write different manifests into one folder: no conflict,
# and the temporary file of the running batch's worker is not taken for stale
"$REFORMGEN" -q --shard 1/2 -t "$H" -o "$T/o" "$T/in" 2>/dev/null; st=$?
expect_eq "faults: a shard beside a running batch is not refused" 0 $st
check "faults: a shard leaves the running batch's temporary file alone" \
  test -n "$(find "$T/o" -name '.hello.pdf.tmp-*')"
rm -f "$T/o/manifest-1-of-2.json"
rm "$T/hold"
wait $a; st=$?
expect_eq "faults: first run finishes" 0 $st
expect_eq "faults: first run's manifest intact" "8 0 0 True" "$(manifest_says "$T/o/manifest.json")"
check "faults: lock released" test ! -e "$T/o/.manifest.json.lock"
"$REFORMGEN" -q -t "$H" -o "$T/o" "$T/in" 2>/dev/null; st=$?
expect_eq "faults: the second run succeeds afterwards" 0 $st

# --- a second signal, and SIGKILL of the whole run ------------------------------
for how in twice kill; do
  d=$T/k$how
  h=$(hold 410105-); env "$h" "$REFORMGEN" -q -j 1 -t "$H" -o "$d" "$T/in"/*.json 2>"$d.err" & a=$!
  wait_for 'test -s "$T/hold.held"'
  w=$(cat /proc/$a/task/$a/children | tr -d ' ')
  # (the same signal from the same sender within a second counts once: timeout
  # sends it to the run and then to its group)
  if [ $how = twice ]; then kill -INT $a; sleep 1.2; kill -INT $a; else kill -KILL $a; fi
  wait $a; st=$?
  check "faults: $how: the run ended by a signal" test $st -gt 128
  wait_for '[ ! -e /proc/$w ] || [ "$(awk "{print \$3}" /proc/$w/stat 2>/dev/null)" = Z ]'; st=$?
  expect_eq "faults: $how: the worker ended with the run" 0 $st
  rm -f "$T/hold"
  for p in $(find "$d" -name '*.pdf'); do qpdf --check "$p" >/dev/null 2>&1 || echo "$p"; done > "$d.bad"
  check "faults: $how: no partial file under a final name" test ! -s "$d.bad"
  if [ $how = twice ]; then
    expect_match "faults: twice: county 5 stopped, said" "c5.json: error: not finished: the batch was interrupted by a second signal" "$(cat "$d.err")"
    check "faults: twice: the PDFs on disk are those listed, no temporary file" whole "$d"
    check "faults: twice: consistent" consistent "$d" "$d/manifest.json"
  else
    # the worker died half-way through a file: its temporary file is left,
    # for the next run to remove
    check "faults: kill: a temporary file left by the dead run" test -n "$(find "$d" -name '.*.tmp-*')"
  fi
  "$REFORMGEN" -q -j 2 -t "$H" -o "$d" "$T/in" 2>"$d.err"; st=$?
  expect_eq "faults: $how: run again (the lock does not outlive the run)" 0 $st
  check "faults: $how: run again: same files, the temporary files removed" diff -r -x manifest.json -x '.*.lock' "$T/ref" "$d"
done

# --- a worker killed while writing: reported; running again completes it ------
d=$T/w
REFORMGEN_TEST_KILL=410103-新郑市 "$REFORMGEN" -q -j 2 -t "$H" -o "$d" "$T/in" 2>"$d.err"; st=$?
expect_eq "faults: killed worker: exit 1" 1 $st
expect_match "faults: killed worker: said, with the county" "c3.json: error: the worker rendering it was killed by signal 9" "$(cat "$d.err")"
expect_eq "faults: killed worker: manifest: 7 done, 1 failed" "7 1 0 True" "$(manifest_says "$d/manifest.json")"
check "faults: killed worker: no partial file" whole "$d"
"$REFORMGEN" -q -j 2 -t "$H" -o "$d" "$T/in" 2>/dev/null; st=$?
expect_eq "faults: killed worker: run again: exit 0" 0 $st
check "faults: killed worker: run again: same files" diff -r -x manifest.json "$T/ref" "$d"

# --- stale temporary files -------------------------------------------------------
# one of a process that no longer runs is removed, one of a running process
# (another shard writing here) stays
d=$T/st; mkdir -p "$d/410101-新郑市"
dead=$(sh -c 'echo $$'); live=$$
echo x > "$d/410101-新郑市/.hello.pdf.tmp-$dead-00000a"
echo x > "$d/.manifest.json.tmp-$dead-00000b"
echo x > "$d/410101-新郑市/.hello.pdf.tmp-$live-00000c"
"$REFORMGEN" -q -j 2 -t "$H" -o "$d" "$T/in" 2>/dev/null; st=$?
expect_eq "faults: stale temporary files: exit 0" 0 $st
check "faults: stale temporary files of a dead process removed" \
  test ! -e "$d/410101-新郑市/.hello.pdf.tmp-$dead-00000a" -a ! -e "$d/.manifest.json.tmp-$dead-00000b"
check "faults: a running process's temporary file kept" test -e "$d/410101-新郑市/.hello.pdf.tmp-$live-00000c"

# --- a worker killed while idle: another one is started -------------------------
# (the run is stopped while its worker finishes county 1 and waits for the next)
d=$T/idle
h=$(hold 410101-); env "$h" "$REFORMGEN" -q -j 1 -t "$H" -o "$d" "$T/in"/*.json 2>"$d.err" & a=$!
wait_for 'test -s "$T/hold.held"'
kill -STOP $a
rm "$T/hold"
wait_for 'test -e "$d/410101-新郑市/hello.pdf"'
w=$(cat /proc/$a/task/$a/children | tr -d ' ')
# idle: blocked in the same system call (reading its next job) three times running
blocked() {
  s1=$(cat /proc/$w/syscall 2>/dev/null); sleep 0.1; s2=$(cat /proc/$w/syscall 2>/dev/null)
  sleep 0.1; s3=$(cat /proc/$w/syscall 2>/dev/null)
  [ -n "$s1" ] && [ "$s1" != running ] && [ "$s1" = "$s2" ] && [ "$s2" = "$s3" ]
}
wait_for blocked
[ -n "$w" ] && kill -KILL $w
# dead (a zombie: its pipes closed) before the run goes on
wait_for '[ "$(awk "{print \$3}" /proc/$w/stat 2>/dev/null)" = Z ]'
kill -CONT $a
wait $a; st=$?
expect_eq "faults: idle worker killed: exit 0" 0 $st
expect_eq "faults: idle worker killed: all written" "8 0 0 True" "$(manifest_says "$d/manifest.json")"

# --- a named pipe in an input folder is refused, not waited for -----------------
mkfifo "$T/in/zz-pipe.json"
err=$(timeout 120 "$REFORMGEN" -q -t "$H" -o "$T/p" "$T/in" 2>&1); st=$?
expect_eq "faults: pipe in a folder: exit 1" 1 $st
expect_match "faults: pipe in a folder: said" "zz-pipe.json: error: not a regular file" "$err"
expect_eq "faults: pipe in a folder: the others written" 8 "$(pdfs "$T/p")"
rm -f "$T/in/zz-pipe.json"

# --- a full disk, and a read-only one ------------------------------------------
mkdir -p "$T/disk"
if mount -t tmpfs -o size=64k tmpfs "$T/disk" 2>/dev/null; then
  trap 'umount "$T/disk" 2>/dev/null; rm -rf "$T"' EXIT
  "$REFORMGEN" -q -j 2 -t "$H" -o "$T/disk/o" --manifest="$T/full.json" "$T/in" 2>"$T/full.err"; st=$?
  expect_eq "faults: full disk: exit 1" 1 $st
  expect_match "faults: full disk: said, with the file" "410[0-9]+-新郑市.*No space left on device" "$(cat "$T/full.err")"
  r=$(manifest_says "$T/full.json")
  expect_match "faults: full disk: manifest tells what was finished" "^[1-7] [1-7] 0 True$" "$r"
  n=$(find "$T/disk/o" -name hello.pdf | wc -l)
  expect_eq "faults: full disk: the PDFs present are the ones listed" "${r%% *}" "$n"
  check "faults: full disk: no partial file" whole "$T/disk/o"
  # the manifest on the disk the documents fill: its room was taken first
  rm -rf "$T/disk/o"
  "$REFORMGEN" -q -j 2 -t "$H" -o "$T/disk/o" "$T/in" 2>"$T/full3.err"; st=$?
  expect_eq "faults: full disk, manifest there: exit 1" 1 $st
  r=$(manifest_says "$T/disk/o/manifest.json")
  expect_match "faults: full disk, manifest there: written, tells what was finished" "^[1-7] [1-7] 0 True$" "$r"
  check "faults: full disk, manifest there: the PDFs on disk are those listed" consistent "$T/disk/o" "$T/disk/o/manifest.json"
  # ... in its compact form when the whole one does not fit: counties with
  # a hundred errors each beside one good county
  rm -rf "$T/disk/o" "$T/many"; mkdir -p "$T/many"; cp "$T/in/c1.json" "$T/many/"
  for i in 2 3 4 5 6 7 8; do
    python3 - "$C/min.json" "$T/many/b$i.json" "41020$i" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["county"]["code"] = sys.argv[3]
d["units"] = [{"id": "c", "name": "团市委", "level": "county"}]
d["cadres"] = [{"name": "甲%d" % i, "gender": "女", "birth": "1999-13-%02d" % (i % 28 + 1), "political": "中共党员",
                "unit": "c", "post": "书记", "mode": "专职", "establishment": "编制内"} for i in range(150)]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
  done
  "$REFORMGEN" -q -j 2 -t "$H" -o "$T/disk/o" "$T/many" 2>/dev/null; st=$?
  expect_eq "faults: full disk, compact manifest: exit 1" 1 $st
  expect_eq "faults: full disk, compact manifest: written, compact, tells what was done" "True 1 7" \
    "$(python3 -c 'import json, sys; m = json.load(open(sys.argv[1])); print("compact" in m, m["summary"]["ok"], m["summary"]["failed"])' "$T/disk/o/manifest.json" 2>&1)"
  check "faults: full disk, compact manifest: the PDFs on disk are those listed" consistent "$T/disk/o" "$T/disk/o/manifest.json"
  # no room even for the manifest (the disk filled to the last block): nothing
  # is started, the manifest of the run before stays as it was
  cp "$T/disk/o/manifest.json" "$T/manifest.before"
  dd if=/dev/zero of="$T/disk/fill" bs=4k 2>/dev/null
  "$REFORMGEN" -q -j 2 -t "$H" -o "$T/disk/o" "$T/in" 2>"$T/full2.err"; st=$?
  expect_eq "faults: full disk, no room for the manifest: exit 1" 1 $st
  expect_match "faults: full disk, no room for the manifest: said" "manifest.json: error: cannot reserve room for .*manifest.json: No space left on device; nothing was rendered" "$(cat "$T/full2.err")"
  check "faults: full disk, no room for the manifest: the one before intact" cmp "$T/manifest.before" "$T/disk/o/manifest.json"
  rm -rf "$T/disk/o"/4102*
  # room again: running again completes the rest
  rm -f "$T/disk/fill"
  mount -o remount,size=4m "$T/disk"
  "$REFORMGEN" -q -j 2 -t "$H" -o "$T/disk/o" "$T/in" 2>/dev/null; st=$?
  expect_eq "faults: full disk, room again: exit 0" 0 $st
  check "faults: full disk, room again: same files" diff -r -x manifest.json "$T/ref" "$T/disk/o"
  mount -o remount,ro "$T/disk"
  err=$("$REFORMGEN" -q -t "$H" -o "$T/disk/o2" "$T/in" 2>&1); st=$?
  expect_eq "faults: read-only disk: exit 1" 1 $st
  expect_match "faults: read-only disk: said" "^$T/disk/o2: error: cannot create output folder: Read-only file system" "$err"
  umount "$T/disk"
else
  # the nineteen checks of the branch above
  for c in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19; do
    skip "faults: full disk ($c of 19)" "cannot mount a tmpfs here (not root?)"
  done
fi
