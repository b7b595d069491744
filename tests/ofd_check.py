#!/usr/bin/env python3
"""Checks one OFD package against the PDF rendered from the same pages,
reading the OFD with Python's zipfile and ElementTree (not reformgen's code)
and the PDF with poppler (pdfinfo, pdftotext, pdftotext -bbox). Prints one
PASS/FAIL line per check (4): xml (every XML part well-formed, by xmllint),
pages (page count equal), text (each page's text equal modulo whitespace),
positions (every word pdftotext finds starts where an OFD glyph starts,
within 0.5 pt, on a baseline inside the word's box).
usage: ofd_check.py LABEL FILE.ofd FILE.pdf SCRATCHDIR"""
import os, re, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

label, ofd, pdf, tmp = sys.argv[1:5]
NS = {"ofd": "http://www.ofdspec.org/2016"}
PT = 72 / 25.4
def out(name, ok, why=""):
    print(("PASS " if ok else "FAIL ") + label + " " + name + ("" if ok else ": " + why))

z = zipfile.ZipFile(ofd)
bad = []
for n in z.namelist():
    if n.endswith(".xml"):
        p = os.path.join(tmp, "part.xml")
        open(p, "wb").write(z.read(n))
        if subprocess.run(["xmllint", "--noout", p], capture_output=True).returncode != 0: bad.append(n)
out("xml", not bad and "OFD.xml" in z.namelist(), "malformed: %s" % bad)

root = ET.fromstring(z.read("OFD.xml"))
docroot = root.find(".//ofd:DocRoot", NS).text
base = os.path.dirname(docroot)
doc = ET.fromstring(z.read(docroot))
pages = [os.path.join(base, p.get("BaseLoc")) for p in doc.findall("./ofd:Pages/ofd:Page", NS)]
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
npdf = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
out("pages", len(pages) == npdf, "OFD %d pages, PDF %d" % (len(pages), npdf))

def deltas(s, n):
    """DeltaX as a list of n-1 numbers (the g form expanded)."""
    if not s: return [0.0] * (n - 1)
    t, v, i = s.split(), [], 0
    while i < len(t):
        if t[i] == "g": v += [float(t[i + 2])] * int(t[i + 1]); i += 3
        else: v.append(float(t[i])); i += 1
    return v

text_bad, pos_bad, words_all = [], [], 0
for k, p in enumerate(pages):
    page = ET.fromstring(z.read(p))
    runs, glyphs, rotated = [], [], []
    for to in page.iter("{%s}TextObject" % NS["ofd"]):
        for tc in to.findall("ofd:TextCode", NS):
            s = tc.text or ""
            runs.append(s)
            if to.get("CTM"): rotated.append(s); continue   # rotated (the watermark): no box corner to match
            x, y = float(tc.get("X")), float(tc.get("Y"))
            d = deltas(tc.get("DeltaX"), len(s))
            for i, ch in enumerate(s):
                glyphs.append((x * PT, y * PT))
                if i < len(d): x += d[i]
    ptext = subprocess.run(["pdftotext", "-f", str(k + 1), "-l", str(k + 1), pdf, "-"],
                           capture_output=True, text=True).stdout
    a, b = re.sub(r"\s+", "", "".join(runs)), re.sub(r"\s+", "", ptext)
    if sorted(a) != sorted(b): text_bad.append("page %d: %d vs %d characters" % (k + 1, len(a), len(b)))
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", str(k + 1), "-l", str(k + 1), pdf, "-"],
                          capture_output=True, text=True).stdout
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', bbox):
        x0, y0, x1, y1 = map(float, m.groups()[:4])
        if any(m.group(5) in r for r in rotated): continue
        words_all += 1
        if not any(abs(gx - x0) < 0.5 and y0 - 0.5 <= gy <= y1 + 0.5 for gx, gy in glyphs):
            pos_bad.append("page %d word at %.1f,%.1f" % (k + 1, x0, y0))
out("text", not text_bad, "; ".join(text_bad[:3]))
out("positions", words_all > 0 and not pos_bad,
    "%d of %d words unmatched: %s" % (len(pos_bad), words_all, "; ".join(pos_bad[:4])))
