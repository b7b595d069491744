# t_batch.sh: batches: parallel workers, failure isolation, the manifest,
# sharding, a worker killed mid-batch, an interrupted batch.
# checks: 13
. "$TOP/tests/lib.sh"
C=$TOP/tests/cli
mk() {  # mk NAME CODE COUNTY: a minimal county file
  sed -e "s/410184/$2/" -e "s/新郑市/$3/g" "$C/min.json" > "$T/in/$1.json"
}
mkdir -p "$T/in"
mk a 410101 甲县; mk b 410102 乙县; mk c 410103 丙县; mk d 410104 丁县; mk e 410105 戊县
printf '{"county": ' > "$T/in/zbad.json"     # broken JSON, sorted last

"$REFORMGEN" -q -j 2 -t "$C/hello.xml" -o "$T/o" "$T/in" 2>"$T/err"; st=$?
expect_eq "batch with one bad input exits 1" 1 $st
expect_match "bad input reported with its place" "zbad.json:1:[0-9]+: error:" "$(cat "$T/err")"
n=$(find "$T/o" -name hello.pdf | wc -l)
expect_eq "the five good counties are written" 5 "$n"
check "manifest written" test -s "$T/o/manifest.json"
if [ -s "$T/o/manifest.json" ]; then
  m=$(python3 - "$T/o/manifest.json" "$T/o" <<'PY'
import hashlib, json, sys, os
m = json.load(open(sys.argv[1]))
ok = [i for i in m["inputs"] if i["status"] == "ok"]
bad = [i for i in m["inputs"] if i["status"] != "ok"]
good = all(hashlib.sha256(open(o["path"], "rb").read()).hexdigest() == o["sha256"]
           and os.path.getsize(o["path"]) == o["bytes"] and o["pages"] >= 1
           for i in ok for o in i["outputs"])
print(len(m["inputs"]), len(ok), len(bad), good, bool(bad and bad[0]["errors"]),
      m["summary"]["failed"])
PY
)
  expect_eq "manifest: inputs, ok, failed, checksums, errors" "6 5 1 True True 1" "$m"
fi

# the same batch with 1 worker gives the same bytes
"$REFORMGEN" -q -j 1 -t "$C/hello.xml" -o "$T/o1" "$T/in" 2>/dev/null
check "one worker and two give the same files" diff -r -x manifest.json "$T/o" "$T/o1"

# shards: 1/2 and 2/2 together are the whole batch, without overlap
"$REFORMGEN" -q --shard 1/2 -t "$C/hello.xml" -o "$T/s" "$T/in" 2>/dev/null
"$REFORMGEN" -q --shard 2/2 -t "$C/hello.xml" -o "$T/s" "$T/in" 2>/dev/null
check "shard manifests written" test -s "$T/s/manifest-1-of-2.json" -a -s "$T/s/manifest-2-of-2.json"
expect_eq "shards cover the batch" 5 "$(find "$T/s" -name hello.pdf | wc -l)"
a=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['inputs']))" "$T/s/manifest-1-of-2.json" 2>/dev/null)
b=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['inputs']))" "$T/s/manifest-2-of-2.json" 2>/dev/null)
expect_eq "shards split 3 + 3" "3 3" "$a $b"

# a worker killed by a signal: its county is reported, the others are written
REFORMGEN_TEST_KILL=410103-丙县 "$REFORMGEN" -q -j 2 -t "$C/hello.xml" -o "$T/k" "$T/in" 2>"$T/kerr"; st=$?
expect_eq "killed worker: exit 1" 1 $st
expect_match "killed worker reported" "killed by signal 9" "$(cat "$T/kerr")"
expect_eq "killed worker: the other four written" 4 "$(find "$T/k" -name hello.pdf | wc -l)"
check "killed worker: no partial or temporary file" test -z "$(find "$T/k" -name '.*tmp*')"
