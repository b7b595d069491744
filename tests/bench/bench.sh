#!/bin/sh
# make bench: how fast reformgen renders, and against the tools a committee would
# otherwise use. Not part of make check. Prints a report and writes it to
# build/bench/report.md.
#   (1) one county's three documents, as a whole process (hyperfine)
#   (2) a batch of BATCH synthetic counties of realistic size, 1 and 2 workers
#   (3) one very large county (BIG cadres), time and peak memory
#   (4) the peers' benchmark document (../shared/bench/peers) through its
#       REFORMGEN_CMD hook, in the same run as the peers (PEERS, default the two
#       fastest), and the ratios
#   (5) the peers' 12-page document as PDF, OFD, both and PDF/A: time and size
#       (PEERS_DIR: the peers' folder, default ../shared/bench/peers)
# env: BATCH=1000 BIG=20000 RUNS=20 REPEAT=5 PEER_RUNS=20 PEERS="wkhtmltopdf typst" SKIP_PEERS=1
# (REPEAT: runs of each batch, the median reported; PEER_RUNS: hyperfine runs of
# each tool on the peers' document. This shared VM moves one command by up to
# 40 % between runs: more runs steady the medians, for every tool alike.)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
W=$top/build/bench
BATCH=${BATCH:-1000} BIG=${BIG:-20000} RUNS=${RUNS:-20} REPEAT=${REPEAT:-5} PEER_RUNS=${PEER_RUNS:-20}
PEERS=${PEERS:-wkhtmltopdf typst}
RG=$top/build/reformgen
PY=/usr/bin/python3
rm -rf "$W/out" "$W/batch" "$W/big"; mkdir -p "$W"
report=$W/report.md
: > "$report"
say() { printf '%s\n' "$*" | tee -a "$report"; }
pages_of() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/{print $2}'; }
kib_of() { echo $(( $(stat -c %s "$1") / 1024 )); }

say "# reformgen benchmark"
say ""
say "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r); reformgen $($RG --version | awk '{print $2}')"
say ""

# (1) one county, three documents, one process
sample=samples/xinzheng.json
hyperfine -N --style basic --warmup 3 --runs "$RUNS" --export-json "$W/one.json" \
  "$RG -q -j 1 -o $W/out $sample" > "$W/one.txt" 2>&1
docs=$(find "$W/out" -name '*.pdf' | wc -l)
one=$($PY -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print('%.4f %.4f %.4f' % (r['median'], r['min'], r['max']))" "$W/one.json")
set -- $one
say "## (1) one county ($sample), $docs documents, whole process"
say ""
say "median $(printf '%.1f' "$(echo "$1 * 1000" | bc -l)") ms (min $(printf '%.1f' "$(echo "$2 * 1000" | bc -l)"), max $(printf '%.1f' "$(echo "$3 * 1000" | bc -l)")) for $docs documents: $(printf '%.1f' "$(echo "$1 * 1000 / $docs" | bc -l)") ms per document"
/usr/bin/time -f "%M" -o "$W/one.rss" "$RG" -q -j 1 -o "$W/out" "$sample"
say "peak RSS $(( $(cat "$W/one.rss") / 1024 )) MiB (largest process)"
say ""
say "| document | pages | KiB |"
say "| --- | --- | --- |"
for f in $(find "$W/out" -name '*.pdf' | sort); do
  say "| $(basename "$f" .pdf) | $(pages_of "$f") | $(kib_of "$f") |"
done
say ""

# (1b) the same county's documents as DOCX and XLSX (issue 19), beside PDF
rm -rf "$W/fmt"
hyperfine -N --style basic --warmup 2 --runs "$RUNS" --export-json "$W/formats.json" \
  -n pdf "$RG -q -j 1 --format=pdf -o $W/fmt $sample" \
  -n docx "$RG -q -j 1 --format=docx -o $W/fmt $sample" \
  -n xlsx "$RG -q -j 1 --format=xlsx -o $W/fmt $sample" \
  -n pdf,docx,xlsx "$RG -q -j 1 --format=pdf,docx,xlsx -o $W/fmt $sample" > "$W/formats.txt" 2>&1
say "## (1b) one county by format ($sample, whole process: load, derive, expand, write)"
say ""
say "| format | documents | median ms | min ms | max ms | ms per document | CPU ms (user + sys, mean) |"
say "| --- | --- | --- | --- | --- | --- | --- |"
# the documents each format makes, counted in what the runs wrote (xlsx: the
# staffing table only; the other templates have no workbook form). The CPU
# time beside the wall time: on this shared machine the wall time waits for
# the other workers, the CPU time much less.
$PY - "$W/formats.json" "$W/fmt" <<'PY' | tee -a "$report"
import json, os, sys
n = {}
for d, _, fs in os.walk(sys.argv[2]):
    for f in fs:
        ext = f.rsplit('.', 1)[-1]
        n[ext] = n.get(ext, 0) + 1
for r in json.load(open(sys.argv[1]))['results']:
    docs = sum(n.get(f, 0) for f in r['command'].split(','))
    print('| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f |' % (
        r['command'], docs, r['median'] * 1000, r['min'] * 1000, r['max'] * 1000,
        r['median'] * 1000 / max(docs, 1), (r['user'] + r['system']) * 1000))
PY
say ""

# (2) a batch of synthetic counties
# BATCH synthetic counties of realistic size (120-400 cadres), one process
mkdir -p "$W/batch/in"
$PY - "$W/batch/in" "$BATCH" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location("synth", "tests/synth_county.py")
m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
out, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    code = "%06d" % (500000 + i)
    data = m.synth(120 + (i * 37) % 281, 1000 + i, code)
    data["plan"]["doc_number"] = "团合成委〔2023〕%d号" % (i + 1)   # a final plan needs its 文号
    open("%s/%s.json" % (out, code), "w", encoding="utf-8").write(m.dump_json(data))
PY
# REPEAT runs of each, alternating, so that a drift of the machine's speed hits
# both; the median wall time is reported
for r in $(seq "$REPEAT"); do
  for j in 1 2; do
    rm -rf "$W/batch/out$j"
    /usr/bin/time -f "%e %M" -o "$W/batch/time$j.$r" "$RG" -q -j $j --no-progress -o "$W/batch/out$j" "$W/batch/in"
  done
done
med() { cat "$@" | awk '{print $1}' | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
spread() { cat "$@" | awk '{print $1}' | sort -n | awk 'NR==1{lo=$1} {hi=$1} END{printf "%s–%s", lo, hi}'; }
printf '%s\n' "$(med "$W"/batch/time1.*)" > "$W/batch/time1"
printf '%s\n' "$(med "$W"/batch/time2.*)" > "$W/batch/time2"
# a worker's peak memory: the per-county documents only (the parent alone
# renders the roll-up at the end, measured by itself below)
rm -rf "$W/batch/outw"
/usr/bin/time -f "%M" -o "$W/batch/rssw" "$RG" -q -j 2 --no-progress -t report -t plan -t staffing -o "$W/batch/outw" "$W/batch/in"
rm -rf "$W/batch/outr"
/usr/bin/time -f "%e %M" -o "$W/batch/timer" "$RG" -q -j 2 --no-progress -t rollup -o "$W/batch/outr" "$W/batch/in"
n=$(find "$W/batch/out1" -name '*.pdf' | wc -l)
rssw=$(cat "$W/batch/rssw")
set -- $(cat "$W/batch/time1") $(cat "$W/batch/time2") $(cat "$W/batch/timer")
say "## (2) batch of $BATCH synthetic counties, $n documents (three per county and the roll-up)"
say ""
say "| workers | wall s, median of $REPEAT (range) | documents/s | ms per document |"
say "| --- | --- | --- | --- |"
say "| 1 | $1 ($(spread "$W"/batch/time1.*)) | $(printf '%.0f' "$(echo "$n / $1" | bc -l)") | $(printf '%.2f' "$(echo "$1 * 1000 / $n" | bc -l)") |"
say "| 2 | $2 ($(spread "$W"/batch/time2.*)) | $(printf '%.0f' "$(echo "$n / $2" | bc -l)") | $(printf '%.2f' "$(echo "$2 * 1000 / $n" | bc -l)") |"
say ""
say "scaling, 2 workers over 1: $(printf '%.2f' "$(echo "$1 / $2" | bc -l)") ×"
echo "$(echo "$2 / $n" | bc -l)" > "$W/batch/per_doc"
say ""
rssmax=$(cat "$W"/batch/time2.* | awk '$2 > m {m = $2} END {print m}')
say "peak RSS of a worker (per-county documents): $(( rssw / 1024 )) MiB; largest process of the whole batch, the parent rendering the roll-up: $(( rssmax / 1024 )) MiB"
say "the roll-up alone (loading and deriving all $BATCH counties, one $(pages_of "$W/batch/outr/rollup.pdf")-page document): $3 s, $(( $4 / 1024 )) MiB"
say ""

# (3) one very large county
mkdir -p "$W/big/in"
$PY tests/synth_county.py synth --cadres "$BIG" --seed 11 --code 599999 > "$W/big/in/big.json"
/usr/bin/time -f "%e %M" -o "$W/big/time" "$RG" -q -j 1 -o "$W/big/out" "$W/big/in"
set -- $(cat "$W/big/time")
say "## (3) one county with $BIG cadres"
say ""
say "wall $1 s, peak RSS $(( $2 / 1024 )) MiB"
for f in $(find "$W/big/out" -name '*.pdf' | sort); do
  say "- $(basename "$f" .pdf): $(pages_of "$f") pages, $(kib_of "$f") KiB"
done
say ""

# (4) the peers' document, in the same run as the peers
peers_dir=${PEERS_DIR:-$top/../shared/bench/peers}
if [ ! -f "$peers_dir/run.sh" ]; then
  say "## (4) and (5): skipped: no peers' benchmark at $peers_dir (set PEERS_DIR)"
  SKIP_PEERS=1
fi
if [ "${SKIP_PEERS:-}" != 1 ]; then
  rm -rf "$W/peers"; cp -r "$peers_dir" "$W/peers"
  (cd "$W/peers" && npm install --no-audit --no-fund >/dev/null 2>&1) || true
  cc -std=c11 -D_DEFAULT_SOURCE -O2 $(pkg-config --cflags libcjson) -o "$W/peer_adapter" \
    tests/bench/peer_adapter.c $(pkg-config --libs libcjson)
  REFORMGEN="$RG" REFORMGEN_PEERS_TEMPLATE="$top/tests/bench/peers.xml" REFORMGEN_CMD="$W/peer_adapter" REFORMGEN_VERSION="$($RG --version | awk '{print $2}')" \
    TOOLS="$PEERS" RUNS="$PEER_RUNS" BATCH=20 OUT="$W/peers/results" "$W/peers/run.sh" > "$W/peers.txt" 2>&1 || true
  say "## (4) the peers' document (12-page report, 300-row table), same run"
  say ""
  cat "$W/peers/results/results.md" >> "$report" 2>/dev/null || say "(peers' run failed: see $W/peers.txt)"
  # reformgen's own batch on documents of the peers' kind: the peers' 20 batch
  # data sets, 50 times each under distinct codes, in one run with 2 workers
  rm -rf "$W/same"; mkdir -p "$W/same/in"
  k=0
  for r in $(seq 50); do
    for f in "$W"/peers/results/data/b*.json; do
      "$W/peer_adapter" --convert "$f" "$W/same/in/$((600000 + k)).json" "$((600000 + k))"; k=$((k + 1))
    done
  done
  for r in $(seq "$REPEAT"); do
    rm -rf "$W/same/out"
    /usr/bin/time -f "%e %M" -o "$W/same/time.$r" "$RG" -q -j 2 --no-progress -t "$top/tests/bench/peers.xml" -o "$W/same/out" "$W/same/in"
  done
  ns=$(find "$W/same/out" -name '*.pdf' | wc -l)
  ts=$(med "$W"/same/time.*)
  echo "$(echo "$ts / $ns" | bc -l)" > "$W/same/per_doc"
  say ""
  say "reformgen's batch mode on the peers' kind of document: $ns documents (the 20 batch data sets, 50 times each) with 2 workers in $ts s, median of $REPEAT ($(spread "$W"/same/time.*)): $(printf '%.2f' "$(echo "$ts * 1000 / $ns" | bc -l)") ms per document"
  $PY tests/bench/ratios.py "$W/peers/results" "$W/same/per_doc" "$W/batch/per_doc" | tee -a "$report"
fi
# (5) OFD beside PDF: the peers' 12-page document written as PDF, OFD, both,
# and PDF/A, whole process each (hyperfine), with the files' sizes
if [ -f "$peers_dir/make_data.py" ]; then
  rm -rf "$W/ofd"; mkdir -p "$W/ofd"
  $PY "$peers_dir/make_data.py" -o "$W/ofd/data.json" >/dev/null
  [ -x "$W/peer_adapter" ] || cc -std=c11 -D_DEFAULT_SOURCE -O2 $(pkg-config --cflags libcjson) -o "$W/peer_adapter" \
    tests/bench/peer_adapter.c $(pkg-config --libs libcjson)
  "$W/peer_adapter" --convert "$W/ofd/data.json" "$W/ofd/county.json" 600000
  pt="$top/tests/bench/peers.xml"
  hyperfine -N --style basic --warmup 3 --runs "$RUNS" --export-json "$W/ofd/times.json" \
    -n pdf "$RG -q -t $pt -o $W/ofd/pdf/doc.pdf $W/ofd/county.json" \
    -n ofd "$RG -q --format=ofd -t $pt -o $W/ofd/ofd/doc.pdf $W/ofd/county.json" \
    -n pdf,ofd "$RG -q --format=pdf,ofd -t $pt -o $W/ofd/both/doc.pdf $W/ofd/county.json" \
    -n pdfa "$RG -q --pdfa -t $pt -o $W/ofd/pdfa/doc.pdf $W/ofd/county.json" > "$W/ofd/times.txt" 2>&1
  say "## (5) OFD beside PDF: the peers' 12-page document ($(pages_of "$W/ofd/pdf/doc.pdf") pages), whole process"
  say ""
  say "| output | median ms (min, max) | file KiB |"
  say "| --- | --- | --- |"
  $PY - "$W/ofd/times.json" "$W/ofd" <<'PY' | tee -a "$report"
import json, os, sys
res = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
files = {"pdf": ["pdf/doc.pdf"], "ofd": ["ofd/doc.ofd"], "pdf,ofd": ["both/doc.pdf", "both/doc.ofd"], "pdfa": ["pdfa/doc.pdf"]}
for name, fs in files.items():
    r = res[name]
    kib = " + ".join("%d" % (os.path.getsize(os.path.join(sys.argv[2], f)) // 1024) for f in fs)
    print("| %s | %.1f (%.1f, %.1f) | %s |" % (name, r["median"] * 1000, r["min"] * 1000, r["max"] * 1000, kib))
PY
  say ""
fi
echo "report: $report"
