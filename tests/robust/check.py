#!/usr/bin/env python3
"""check.py: judges a batch run over the bad-input corpus (corpus.py).

    check.py INDIR OUTDIR STDERR GOODDIR

INDIR holds the corpus and cases.tsv, OUTDIR is where the mixed batch wrote,
STDERR its standard error, GOODDIR a run of the good counties alone. Prints
one "PASS name" / "FAIL name: why" line per check (tests/lib.sh style).
"""
import json
import os
import re
import subprocess
import sys

indir, outdir, errfile, gooddir = sys.argv[1:5]
err = open(errfile, encoding="utf-8", errors="replace").read().splitlines()
man = json.load(open(os.path.join(outdir, "manifest.json"), encoding="utf-8"))
by_input = {os.path.basename(i["input"]): i for i in man["inputs"]}
folders = sorted(e for e in os.listdir(outdir) if os.path.isdir(os.path.join(outdir, e)))


def result(name, ok, why=""):
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}")


def lines_of(f):
    prefix = os.path.join(indir, f) + ":"
    return [l for l in err if l.startswith(prefix)]


def qpdf_ok(path):
    return subprocess.run(["qpdf", "--check", path], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode in (0, 3)


expected_folders = set()
nbad = 0
for row in open(os.path.join(indir, "cases.tsv"), encoding="utf-8"):
    f, kind, code, rx = row.rstrip("\n").split("\t")
    ls = lines_of(f)
    entry = by_input.get(f)
    name = f"robust {f}"
    if entry is None:
        result(name, False, "not in the manifest")
        continue
    if kind == "name|bad":
        kind = "bad" if entry["status"] == "failed" else "name"
    if kind == "bad":
        nbad += 1
        errs = [l for l in ls if ": error: " in l]
        why = []
        if entry["status"] != "failed":
            why.append("status " + entry["status"])
        if not errs:
            why.append("no error line naming the file")
        elif not any(re.search(rx, l) for l in errs):
            why.append(f"no error matches /{rx}/: {errs[0][:200]}")
        # every error line: FILE:PLACE: error: ...expected...
        prefix = os.path.join(indir, f)
        for l in errs:
            if not re.match(re.escape(prefix) + r"(:[^ ]+)?: error: .*expected", l):
                why.append("error line without place or expectation: " + l[:200])
        if entry["outputs"]:
            why.append("outputs listed")
        if code != "-" and any(x.startswith(code) for x in folders):
            why.append("an output folder for " + code)
        result(name, not why, "; ".join(why))
    else:
        why = []
        if entry["status"] != "ok":
            why.append("status %s: %s" % (entry["status"], " | ".join(entry["errors"])[:300]))
        outs = entry["outputs"]
        if not outs:
            why.append("no output")
        for o in outs:
            p = o["path"]
            if not os.path.isfile(p) or not qpdf_ok(p):
                why.append("bad pdf " + p)
            folder = os.path.basename(os.path.dirname(p))
            expected_folders.add(folder)
            if os.path.realpath(os.path.dirname(os.path.dirname(p))) != os.path.realpath(outdir):
                why.append("written outside the output folder: " + p)
            if kind == "name" and not re.search(rx, folder):
                why.append(f"folder {folder!r} does not match /{rx}/")
        if kind == "warn":
            if not any(re.search(rx, l) for l in ls if ": warning: " in l):
                why.append(f"no warning matches /{rx}/")
            # drawn as a visible replacement, not dropped
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", outs[0]["path"], "-"],
                                  capture_output=True).stdout.decode("utf-8", "replace") if outs else ""
            if "\u3013" not in text:
                why.append("no 〓 in the PDF's text")
        result(name, not why, "; ".join(why))

# the good counties: written, and byte for byte what a batch of them alone gives
good = sorted(e for e in os.listdir(gooddir) if os.path.isdir(os.path.join(gooddir, e)))
expected_folders |= set(good)
result("robust: good counties written", bool(good) and all(g in folders for g in good),
       f"{good} not all in {folders}")
same = True
for g in good:
    for pdf in os.listdir(os.path.join(gooddir, g)):
        a = open(os.path.join(gooddir, g, pdf), "rb").read()
        p = os.path.join(outdir, g, pdf)
        if not os.path.exists(p) or open(p, "rb").read() != a:
            same = False
result("robust: good counties identical to a run without the bad ones", same, "PDFs differ")
result("robust: no folder for any bad county", set(folders) == expected_folders,
       f"unexpected {sorted(set(folders) - expected_folders)}")
result("robust: manifest counts the failures", man["summary"]["failed"] == nbad,
       f"{man['summary']['failed']} failed, expected {nbad}")
temps = [os.path.join(r, x) for r, _, fs in os.walk(outdir) for x in fs if ".tmp-" in x]
result("robust: no temporary file left", not temps, str(temps[:3]))
