# faults_common.sh: what t_faults.sh and t_signals.sh share (sourced): eight
# minimal counties, the reference run and the helpers below.
. "$TOP/tests/lib.sh"
C=$TOP/tests/cli
H=$C/hello.xml
mk() {  # mk DIR NAME CODE: a minimal county file
  sed -e "s/410184/$3/" "$C/min.json" > "$1/$2.json"
}
mkdir -p "$T/in"
for i in 1 2 3 4 5 6 7 8; do mk "$T/in" "c$i" "41010$i"; done

# consistent DIR MANIFEST: the PDFs under DIR are exactly those the manifest
# lists (a failed county lists the documents it did write), each with its
# checksum
consistent() {
  python3 - "$1" "$2" <<'PY'
import hashlib, json, os, sys
m = json.load(open(sys.argv[2]))
listed = {o["path"]: o["sha256"] for i in m["inputs"] for o in i["outputs"]}
found = set()
for dp, dn, fn in os.walk(sys.argv[1]):
    found |= {os.path.join(dp, f) for f in fn if f.endswith(".pdf")}
ok = found == {os.path.normpath(p) for p in listed} and all(
    hashlib.sha256(open(p, "rb").read()).hexdigest() == h for p, h in listed.items())
sys.exit(0 if ok else 1)
PY
}
# status_of MANIFEST NAME: the status of the input whose path ends in NAME
status_of() {
  python3 -c 'import json, sys
print(*[i["status"] for i in json.load(open(sys.argv[1]))["inputs"] if i["input"].endswith(sys.argv[2])])' "$1" "$2"
}
# hold TEXT: the environment setting that holds a worker at a file whose path
# holds TEXT while $T/hold exists
hold() { touch "$T/hold"; rm -f "$T/hold.held"; echo "REFORMGEN_TEST_HOLD=$1:$T/hold"; }
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

