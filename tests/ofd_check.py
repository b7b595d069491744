#!/usr/bin/env python3
"""Checks OFD packages against the PDFs rendered from the same pages,
reading each OFD with Python's zipfile and ElementTree (not reformgen's code)
and each PDF with poppler (pdfinfo, pdftotext, pdftotext -bbox). Prints one
PASS/FAIL line per check (4 per package): xml (every XML part well-formed,
by xmllint), pages (page count equal), text (each page's text equal modulo
whitespace), positions (every word pdftotext finds starts where an OFD glyph
starts, within 0.5 pt, on a baseline inside the word's box).
usage: ofd_check.py SCRATCHDIR LABEL FILE.ofd FILE.pdf [LABEL FILE.ofd FILE.pdf ...]"""
import html, os, re, shutil, subprocess, sys, zipfile
import xml.etree.ElementTree as ET

tmp, triples = sys.argv[1], sys.argv[2:]
NS = {"ofd": "http://www.ofdspec.org/2016"}
PT = 72 / 25.4


def deltas(s, n):
    """DeltaX as a list of n-1 numbers (the g form expanded)."""
    if not s: return [0.0] * (n - 1)
    t, v, i = s.split(), [], 0
    while i < len(t):
        if t[i] == "g": v += [float(t[i + 2])] * int(t[i + 1]); i += 3
        else: v.append(float(t[i])); i += 1
    return v


def xml_bad(z, d):
    """The XML parts of z that xmllint finds malformed (one xmllint for all)."""
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    parts = {}
    for k, n in enumerate(n for n in z.namelist() if n.endswith(".xml")):
        p = os.path.join(d, "%d.xml" % k)
        open(p, "wb").write(z.read(n))
        parts[p] = n
    if not parts or subprocess.run(["xmllint", "--noout"] + list(parts), capture_output=True).returncode == 0:
        return []
    return [n for p, n in parts.items()
            if subprocess.run(["xmllint", "--noout", p], capture_output=True).returncode != 0]


def pdf_words(pdf):
    """Per page, the words of pdftotext -bbox: (xMin, yMin, xMax, yMax, text)."""
    bbox = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    pages = []
    for pg in re.split(r"<page ", bbox)[1:]:
        pages.append([tuple(map(float, m.groups()[:4])) + (html.unescape(m.group(5)),) for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', pg)])
    return pages


CHECKS = ("xml", "pages", "text", "positions")


def check(label, ofd, pdf, scratch, done):
    def out(name, ok, why=""):
        print(("PASS " if ok else "FAIL ") + label + " " + name + ("" if ok else ": " + why))
        done.append(name)
    z = zipfile.ZipFile(ofd)
    bad = xml_bad(z, scratch)
    out("xml", not bad and "OFD.xml" in z.namelist(), "malformed: %s" % bad)

    root = ET.fromstring(z.read("OFD.xml"))
    docroot = root.find(".//ofd:DocRoot", NS).text
    base = os.path.dirname(docroot)
    doc = ET.fromstring(z.read(docroot))
    pages = [os.path.join(base, p.get("BaseLoc")) for p in doc.findall("./ofd:Pages/ofd:Page", NS)]
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    npdf = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    out("pages", len(pages) == npdf, "OFD %d pages, PDF %d" % (len(pages), npdf))

    # the whole PDF's text once: pdftotext ends every page with a form feed
    ptexts = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout.split("\f")
    pwords = pdf_words(pdf)
    text_bad, pos_bad, words_all = [], [], 0
    for k, p in enumerate(pages):
        page = ET.fromstring(z.read(p))
        runs, rotated = [], []
        starts = {}   # glyph origins by x in half points: the neighbours of a word's corner
        for to in page.iter("{%s}TextObject" % NS["ofd"]):
            for tc in to.findall("ofd:TextCode", NS):
                s = tc.text or ""
                runs.append(s)
                if to.get("CTM"): rotated.append(s); continue   # rotated (the watermark): no box corner to match
                x, y = float(tc.get("X")), float(tc.get("Y"))
                d = deltas(tc.get("DeltaX"), len(s))
                for i, ch in enumerate(s):
                    starts.setdefault(int((x * PT) // 0.5), []).append((x * PT, y * PT))
                    if i < len(d): x += d[i]
        a = re.sub(r"\s+", "", "".join(runs))
        b = re.sub(r"\s+", "", ptexts[k] if k < len(ptexts) else "")
        if sorted(a) != sorted(b): text_bad.append("page %d: %d vs %d characters" % (k + 1, len(a), len(b)))
        for x0, y0, x1, y1, w in (pwords[k] if k < len(pwords) else []):
            if any(w in r for r in rotated): continue
            words_all += 1
            cell = int(x0 // 0.5)
            near = [g for c in (cell - 1, cell, cell + 1) for g in starts.get(c, ())]
            if not any(abs(gx - x0) < 0.5 and y0 - 0.5 <= gy <= y1 + 0.5 for gx, gy in near):
                pos_bad.append("page %d word at %.1f,%.1f" % (k + 1, x0, y0))
    out("text", not text_bad, "; ".join(text_bad[:3]))
    out("positions", words_all > 0 and not pos_bad,
        "%d of %d words unmatched: %s" % (len(pos_bad), words_all, "; ".join(pos_bad[:4])))


for k in range(0, len(triples) - 2, 3):
    done = []
    try:
        check(triples[k], triples[k + 1], triples[k + 2], os.path.join(tmp, "parts"), done)
    except Exception as e:   # a package that cannot be read: its remaining checks fail
        for name in CHECKS[len(done):]:
            print("FAIL %s %s: %s: %s" % (triples[k], name, type(e).__name__, e))
