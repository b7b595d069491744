# t_diag.sh: diagnostics reach stderr, -q and the manifest as records, never
# read back from printed text: an input whose name looks like a level
# ("x: error: y.json") with one warning is not an error anywhere, and the
# manifest's errors and warnings, with their counts, are what stderr printed,
# in a batch whose results cross the worker-to-parent frames.
# checks: 8
. "$TOP/tests/lib.sh"
C=$TOP/tests/cli
mkdir -p "$T/in"
# one unknown field: a warning, nothing else
python3 - "$C/min.json" "$T/in/x: error: y.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["bogus_field"] = 1
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$REFORMGEN" -q -t "$C/hello.xml" -o "$T/q" "$T/in/x: error: y.json" 2>"$T/qerr"; st=$?
expect_eq "a warning only: exit 0" 0 $st
expect_eq "a warning only: nothing on stderr under -q" "" "$(cat "$T/qerr")"
got=$(python3 -c "
import json, sys
i = json.load(open(sys.argv[1], encoding='utf-8'))['inputs'][0]
print(i['status'], len(i['errors']), i['error_count'], len(i['warnings']), i['warning_count'],
      'bogus_field' in i['warnings'][0])" "$T/q/manifest.json" 2>&1)
expect_eq "a warning only: the manifest lists it under warnings, none under errors" "ok 0 0 1 1 True" "$got"

# a batch of three: the warning, a syntax error in a file named like a
# warning, a clean county; two workers
sed -e "s/410184/410102/" -e "s/新郑市/乙县/g" "$C/min.json" > "$T/in/b.json"
printf '{"county": ' > "$T/in/w: warning: z.json"
"$REFORMGEN" -j 2 --no-progress -t "$C/hello.xml" -o "$T/b" "$T/in" 2>"$T/err" >/dev/null; st=$?
expect_eq "batch with a broken input: exit 1" 1 $st
"$REFORMGEN" -q -j 2 -t "$C/hello.xml" -o "$T/bq" "$T/in" 2>"$T/errq" >/dev/null
# the expected lines are made here from the manifest's records, field by field
cmp_out=$(python3 - "$T/b/manifest.json" "$T/err" "$T/errq" "$T/in" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
err = open(sys.argv[2], encoding="utf-8").read().splitlines()
errq = open(sys.argv[3], encoding="utf-8").read().splitlines()
inputs = sys.argv[4]
def line(r):
    where = r["file"] + (":" + r["place"] if r["place"] is not None else "")
    return "%s: %s: %s" % (where, r["level"], r["message"])
probs = []
recs = [r for i in m["inputs"] for r in i["diagnostics"]]
printed = [l for l in err if l.startswith(inputs)]   # not the setup's notes about fonts
if sorted(printed) != sorted(line(r) for r in recs):
    probs.append("stderr %r vs records %r" % (printed, [line(r) for r in recs]))
for i in m["inputs"]:
    e = [line(r) for r in i["diagnostics"] if r["level"] == "error"]
    w = [line(r) for r in i["diagnostics"] if r["level"] == "warning"]
    if i["errors"] != e or i["warnings"] != w:
        probs.append("%s: lists %r %r vs records %r %r" % (i["input"], i["errors"], i["warnings"], e, w))
    if i["error_count"] != len(e) or i["warning_count"] != len(w):
        probs.append("%s: counts %d %d" % (i["input"], i["error_count"], i["warning_count"]))
    if (i["status"] == "ok") != (len(e) == 0):
        probs.append("%s: status %s with %d errors" % (i["input"], i["status"], len(e)))
byname = {i["input"].rsplit("/", 1)[1]: i for i in m["inputs"]}
shape = (len(byname["x: error: y.json"]["errors"]), len(byname["x: error: y.json"]["warnings"]),
         len(byname["w: warning: z.json"]["errors"]) > 0, len(byname["w: warning: z.json"]["warnings"]),
         byname["b.json"]["diagnostics"])
if shape != (0, 1, True, 0, []):
    probs.append("shape %r" % (shape,))
quiet = [line(r) for r in recs if r["level"] == "error"]
qprinted = [l for l in errq if l.startswith(inputs)]
print(len(probs), "problems;", len(recs), "records;",
      "quiet ok" if sorted(qprinted) == sorted(quiet) and len(quiet) > 0 and len(qprinted) == len(errq)
      else "quiet %r vs %r" % (errq, quiet))
for p in probs[:5]: print(" ", p)
PY
)
expect_match "batch: stderr, the errors and warnings lists and their counts come from the same records" "^0 problems; [1-9][0-9]* records;" "$cmp_out"
expect_match "batch: -q prints exactly the errors, nothing else" "; quiet ok$" "$cmp_out"
# --merge reads the records back: the same lists and counts
"$REFORMGEN" -q -j 2 --shard 1/2 -t "$C/hello.xml" -o "$T/s" "$T/in" 2>/dev/null
"$REFORMGEN" -q -j 2 --shard 2/2 -t "$C/hello.xml" -o "$T/s" "$T/in" 2>/dev/null
"$REFORMGEN" -q --merge -t "$C/hello.xml" -o "$T/s" "$T/s"/manifest-*-of-2.json 2>/dev/null
diags() { python3 -c "
import json, sys
for i in json.load(open(sys.argv[1], encoding='utf-8'))['inputs']:
    print(i['input'], i['errors'], i['warnings'], i['error_count'], i['warning_count'], i['diagnostics'])" "$1" 2>&1; }
expect_eq "merged manifest: the same diagnostics as one run" "$(diags "$T/b/manifest.json")" "$(diags "$T/s/manifest.json")"
got=$(python3 -c "
import json, sys
print([(i['status'], i['error_count']) for i in json.load(open(sys.argv[1], encoding='utf-8'))['inputs']
       if i['input'].endswith('x: error: y.json')])" "$T/s/manifest.json" 2>&1)
expect_eq "merged manifest: the warning's input is ok with no errors" "[('ok', 0)]" "$got"
