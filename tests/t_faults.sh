# t_faults.sh: output faults. Two runs writing the same batch at once (the
# second is refused, naming the first; shards of one batch do not exclude each
# other); SIGINT and SIGTERM in the middle of a batch (what is in progress
# finishes, the manifest says what was done, running again completes the
# rest); a second signal and SIGKILL of the whole run (no partial PDF under a
# final name, the lock does not outlive the run); a worker killed (its county
# reported, running again completes it; one killed while idle replaced); a full disk (a small tmpfs) and a
# read-only one. A county file that is a named pipe (named on the command
# line) holds a worker at a known point, so that nothing here depends on timing.
# checks: 55
. "$TOP/tests/lib.sh"
C=$TOP/tests/cli
H=$C/hello.xml
mk() {  # mk DIR NAME CODE: a minimal county file
  sed -e "s/410184/$3/" "$C/min.json" > "$1/$2.json"
}
mkdir -p "$T/in"
for i in 1 2 3 4 5 6 7 8; do mk "$T/in" "c$i" "41010$i"; done

# wait_for SHELL-CONDITION: up to 30 s for it to hold
wait_for() { i=0; while ! eval "$1"; do i=$((i + 1)); [ $i -gt 300 ] && return 1; sleep 0.1; done; }
pdfs() { find "$1" -name hello.pdf 2>/dev/null | wc -l; }
# whole DIR: every PDF under DIR passes qpdf --check and no temporary file is left
whole() {
  for p in $(find "$1" -name '*.pdf'); do qpdf --check "$p" >/dev/null 2>&1 || return 1; done
  test -z "$(find "$1" -name '.*.tmp-*')"
}
# manifest_says FILE: "OK FAILED INTERRUPTED CHECKSUMS-GOOD"
manifest_says() {
  python3 - "$1" <<'PY'
import hashlib, json, os, sys
m = json.load(open(sys.argv[1]))
ok = [i for i in m["inputs"] if i["status"] == "ok"]
bad = [i for i in m["inputs"] if i["status"] != "ok"]
intr = [i for i in bad if any("interrupted" in e for e in i["errors"])]
good = all(os.path.exists(o["path"]) and
           hashlib.sha256(open(o["path"], "rb").read()).hexdigest() == o["sha256"]
           for i in ok for o in i["outputs"])
print(len(ok), len(bad), len(intr), good)
PY
}

# a clean run: what every later run must end up with
"$REFORMGEN" -q -j 2 -t "$H" -o "$T/ref" "$T/in" 2>/dev/null
expect_eq "faults: reference run" 8 "$(find "$T/ref" -name hello.pdf | wc -l)"

# --- two runs on one batch ---------------------------------------------------
cp -r "$T/in" "$T/in2"; rm "$T/in2/c5.json"; mkfifo "$T/in2/c5.json"
"$REFORMGEN" -q -j 1 -t "$H" -o "$T/o" "$T/in2"/*.json 2>"$T/a.err" & a=$!
wait_for 'test -e "$T/o/.manifest.json.lock"' || fail "faults: first run took the lock" "no lock file"
err=$("$REFORMGEN" -q -t "$H" -o "$T/o" "$T/in" 2>&1); st=$?
expect_eq "faults: second run on the same batch exits 1" 1 $st
expect_match "faults: second run says who holds the batch" \
  "^$T/o: error: another reformgen run \(process $a\) is writing this batch" "$err"
# shards of one batch write different manifests into one folder: no conflict
"$REFORMGEN" -q --shard 1/2 -t "$H" -o "$T/o" "$T/in" 2>/dev/null; st=$?
expect_eq "faults: a shard beside a running batch is not refused" 0 $st
rm -f "$T/o/manifest-1-of-2.json"
mk "$T" c5 410105; cat "$T/c5.json" > "$T/in2/c5.json"
wait $a; st=$?
expect_eq "faults: first run finishes" 0 $st
expect_eq "faults: first run's manifest intact" "8 0 0 True" "$(manifest_says "$T/o/manifest.json")"
check "faults: lock released" test ! -e "$T/o/.manifest.json.lock"
"$REFORMGEN" -q -t "$H" -o "$T/o" "$T/in" 2>/dev/null; st=$?
expect_eq "faults: the second run succeeds afterwards" 0 $st

# --- SIGINT and SIGTERM in the middle of a batch --------------------------------
for s in INT:2 TERM:15; do
  sig=${s%:*}; d=$T/s$sig; rm -rf "$T/in2"; cp -r "$T/in" "$T/in2"; rm "$T/in2/c5.json"; mkfifo "$T/in2/c5.json"
  "$REFORMGEN" -q -j 1 -t "$H" -o "$d" "$T/in2"/*.json 2>"$d.err" & a=$!
  wait_for '[ $(pdfs "$d") -ge 4 ]'
  sleep 0.2   # the worker is now blocked on the fifo (county 5)
  kill -$sig $a
  cat "$T/c5.json" > "$T/in2/c5.json"   # county 5, in progress, finishes
  wait $a; st=$?
  expect_eq "faults: SIG$sig ends the run by the signal" $((128 + ${s#*:})) $st
  expect_match "faults: SIG$sig said" "interrupted by signal .*: 5 of 8 inputs finished; run again" "$(cat "$d.err")"
  expect_eq "faults: SIG$sig manifest: 5 done, 3 not started" "5 3 3 True" "$(manifest_says "$d/manifest.json")"
  check "faults: SIG$sig no partial file" whole "$d"
  check "faults: SIG$sig lock released" test ! -e "$d/.manifest.json.lock"
  "$REFORMGEN" -q -j 2 -t "$H" -o "$d" "$T/in" 2>/dev/null; st=$?
  expect_eq "faults: SIG$sig run again: exit 0" 0 $st
  expect_eq "faults: SIG$sig run again: manifest complete" "8 0 0 True" "$(manifest_says "$d/manifest.json")"
  check "faults: SIG$sig run again: same files as an uninterrupted run" diff -r -x manifest.json "$T/ref" "$d"
done

# --- a second signal, and SIGKILL of the whole run ------------------------------
for how in twice kill; do
  d=$T/k$how; rm -rf "$T/in2"; cp -r "$T/in" "$T/in2"; rm "$T/in2/c5.json"; mkfifo "$T/in2/c5.json"
  "$REFORMGEN" -q -j 1 -t "$H" -o "$d" "$T/in2"/*.json 2>/dev/null & a=$!
  wait_for '[ $(pdfs "$d") -ge 4 ]'
  sleep 0.2
  if [ $how = twice ]; then kill -INT $a; sleep 0.2; kill -INT $a; else kill -KILL $a; fi
  wait $a; st=$?
  check "faults: $how: the run ended by a signal" test $st -gt 128
  cat "$T/c5.json" > "$T/in2/c5.json"   # the orphaned worker finishes county 5
  wait_for 'test -e "$d/410105-新郑市/hello.pdf"' || true
  sleep 0.3
  check "faults: $how: no partial file" whole "$d"
  "$REFORMGEN" -q -j 2 -t "$H" -o "$d" "$T/in" 2>"$d.err"; st=$?
  expect_eq "faults: $how: run again (the lock does not outlive the run)" 0 $st
  check "faults: $how: run again: same files" diff -r -x manifest.json -x '.*.lock' "$T/ref" "$d"
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

# --- a worker killed while idle: another one is started -------------------------
# (the run is stopped while its worker finishes county 1 and waits for the next)
rm -rf "$T/in2"; cp -r "$T/in" "$T/in2"; rm "$T/in2/c1.json"; mkfifo "$T/in2/c1.json"
d=$T/idle
"$REFORMGEN" -q -j 1 -t "$H" -o "$d" "$T/in2"/*.json 2>"$d.err" & a=$!
# stopped only once its worker has county 1 and waits for the pipe's writer
worker_on_fifo() {
  w=$(cat /proc/$a/task/$a/children 2>/dev/null | tr -d ' ')
  [ -n "$w" ] && [ "$(cat /proc/$w/wchan 2>/dev/null)" = wait_for_partner ]
}
wait_for worker_on_fifo
kill -STOP $a
cat "$T/in/c1.json" > "$T/in2/c1.json"
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
  # the manifest itself on the full disk (filled to the last block)
  dd if=/dev/zero of="$T/disk/fill" bs=4k 2>/dev/null
  "$REFORMGEN" -q -j 2 -t "$H" -o "$T/disk/o" "$T/in" 2>"$T/full2.err"; st=$?
  expect_eq "faults: full disk, manifest there too: exit 1" 1 $st
  expect_match "faults: full disk: manifest failure said" "manifest.json: error: cannot (write|create).*No space left on device" "$(cat "$T/full2.err")"
  check "faults: full disk: no partial manifest" test ! -e "$T/disk/o/manifest.json"
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
  # the thirteen checks of the branch above
  for c in 1 2 3 4 5 6 7 8 9 10 11 12 13; do
    skip "faults: full disk ($c of 13)" "cannot mount a tmpfs here (not root?)"
  done
fi
