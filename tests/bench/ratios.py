#!/usr/bin/env python3
"""Ratios of reformgen against the fastest peer, from a peers' results folder
(bench/peers/run.sh OUT): one document (hyperfine median), batch seconds per
document (median), PDF size of the one document.

ratios.py RESULTS [SAME_PER_DOC [COUNTY_PER_DOC]]: files holding reformgen's
own batch mode, seconds per document, on documents of the peers' kind and on
the synthetic counties, compared with the fastest peer's batch."""
import json, os, statistics, sys

out = sys.argv[1]
rows = {}
for tool in sorted(os.listdir(out)):
    d = os.path.join(out, tool)
    hf = os.path.join(d, "hyperfine.json")
    if not os.path.isfile(hf):
        continue
    one = json.load(open(hf))["results"][0]["median"]
    batch = [float(l.split("\t")[1]) for l in open(os.path.join(d, "batch.tsv")) if l.strip()]
    pdf = os.path.join(out, "one", tool + ".pdf")
    rows[tool] = (one, statistics.median(batch), os.path.getsize(pdf) if os.path.exists(pdf) else 0)
if "reformgen" not in rows or len(rows) < 2:
    print("no reformgen or no peer results in", out)
    sys.exit(0)
rg = rows.pop("reformgen")
best_one = min(rows.items(), key=lambda kv: kv[1][0])
best_batch = min(rows.items(), key=lambda kv: kv[1][1])
small = min(rows.items(), key=lambda kv: kv[1][2] or 1e18)
print()
print("| measure | reformgen | best peer | ratio |")
print("| --- | --- | --- | --- |")
print("| one document, s | %.4f | %.3f (%s) | %.1f × faster |" % (rg[0], best_one[1][0], best_one[0], best_one[1][0] / rg[0]))
print("| batch, one process per document (run.sh), s per document | %.4f | %.3f (%s) | %.1f × faster |" % (rg[1], best_batch[1][1], best_batch[0], best_batch[1][1] / rg[1]))
for arg, what in ((2, "batch mode (-j 2), the peers' kind of document, s per document"),
                  (3, "batch mode (-j 2), the synthetic counties' documents, s per document")):
    if len(sys.argv) > arg and os.path.exists(sys.argv[arg]):
        v = float(open(sys.argv[arg]).read())
        print("| %s | %.4f | %.3f (%s) | %.0f × lower |" % (what, v, best_batch[1][1], best_batch[0], best_batch[1][1] / v))
print("| PDF size, KiB | %d | %d (%s) | %.2f |" % (rg[2] // 1024, small[1][2] // 1024, small[0], rg[2] / small[1][2]))
