#!/usr/bin/python3
"""pdf_fonts.py PDF... FONTFILE...: checks the font objects reformgen writes
against the font files themselves (fontTools), not against reformgen.

For every Type0 font of each PDF, for every CID its ToUnicode CMap names:
  - the glyph the CIDToGIDMap gives, in the embedded subset, has the outline
    and the advance of the glyph the original font maps the character to;
  - the /W width (or /DW) is that advance in 1/1000 em;
and every CID drawn in a page's content is one the ToUnicode CMap names.
For each PDF (the arguments ending in .pdf) prints lines "PDF: problem" and
"PDF: ok N" (characters checked) or "PDF: N problems"; exits 1 on any
problem. The original font is found among FONTFILEs by PostScript name; the
font files are read once for all the PDFs."""
import base64
import io
import json
import re
import subprocess
import sys

from fontTools.ttLib import TTCollection, TTFont


def objects(pdf):
    out = subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", "--json-stream-data=inline",
                          "--decode-level=generalized", pdf], capture_output=True, check=True).stdout
    objs = json.loads(out)["qpdf"][1]
    return {k[4:]: v for k, v in objs.items() if k.startswith("obj:")}


def value(objs, ref):
    o = objs[ref]
    return o["stream"]["dict"] if "stream" in o else o["value"]


def data(objs, ref):
    return base64.b64decode(objs[ref]["stream"]["data"])


def originals(files):
    by_name = {}
    for f in files:
        fonts = TTCollection(f, lazy=True).fonts if f.endswith(".ttc") else [TTFont(f, lazy=True)]
        for font in fonts:
            by_name[font["name"].getDebugName(6)] = font
    return by_name


def widths(w):
    out, i = {}, 0
    while i < len(w):
        first = w[i]
        if isinstance(w[i + 1], list):
            for k, v in enumerate(w[i + 1]):
                out[first + k] = v
            i += 2
        else:
            for c in range(first, w[i + 1] + 1):
                out[c] = w[i + 2]
            i += 3
    return out


def to_unicode(text):
    m = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for cid, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            m[int(cid, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    return m


def outline(font, name):
    glyf = font["glyf"]
    coords, ends, _ = glyf[name].getCoordinates(glyf)
    return coords.array, list(ends)


orig_outlines = {}   # (original font, glyph name): its outline, read once for all the PDFs
def orig_outline(base, font, name):
    if (base, name) not in orig_outlines:
        orig_outlines[(base, name)] = outline(font, name)
    return orig_outlines[(base, name)]


def check(pdf, files, orig):
    objs = objects(pdf)
    problems, checked = [], 0
    names = {}   # Type0 object -> ToUnicode map
    for ref, o in objs.items():
        v = o.get("value")
        if not isinstance(v, dict) or v.get("/Subtype") != "/Type0":
            continue
        base = v["/BaseFont"][1:]
        if not re.match(r"^[A-Z]{6}\+", base):
            problems.append("%s: BaseFont without a subset tag" % base)
        cidfont = value(objs, v["/DescendantFonts"][0])
        desc = value(objs, cidfont["/FontDescriptor"])
        sub = TTFont(io.BytesIO(data(objs, desc["/FontFile2"])))
        c2g = data(objs, cidfont["/CIDToGIDMap"])
        tu = to_unicode(data(objs, v["/ToUnicode"]).decode("ascii"))
        names[ref] = tu
        w = widths(cidfont.get("/W", []))
        dw = cidfont.get("/DW", 1000)
        src = orig.get(base[7:])
        if src is None:
            problems.append("%s: no original font among %s" % (base, files))
            continue
        s_order, s_upem = sub.getGlyphOrder(), sub["head"].unitsPerEm
        o_cmap, o_upem = src.getBestCmap(), src["head"].unitsPerEm
        for cid, ch in sorted(tu.items()):
            gid = int.from_bytes(c2g[2 * cid:2 * cid + 2], "big")
            oname = o_cmap.get(ord(ch))
            if oname is None:
                problems.append("%s: U+%04X is not in the original font" % (base, ord(ch)))
                continue
            sname = s_order[gid]
            adv = src["hmtx"][oname][0] * 1000 // o_upem
            if sub["hmtx"][sname][0] * 1000 // s_upem != adv:
                problems.append("%s: U+%04X advance differs from the original" % (base, ord(ch)))
            if w.get(cid, dw) != adv:
                problems.append("%s: U+%04X /W %s, the font says %d" % (base, ord(ch), w.get(cid, dw), adv))
            if outline(sub, sname) != orig_outline(base[7:], src, oname):
                problems.append("%s: U+%04X (CID %d, glyph %d) is not the original's outline" % (base, ord(ch), cid, gid))
            checked += 1
    # every CID drawn is named by the ToUnicode map of the font in use
    for ref, o in objs.items():
        v = o.get("value")
        if not isinstance(v, dict) or v.get("/Type") != "/Page":
            continue
        fonts = value(objs, v["/Resources"]).get("/Font", {}) if isinstance(v["/Resources"], str) else v["/Resources"].get("/Font", {})
        content = data(objs, v["/Contents"]).decode("latin-1")
        current = None
        for tok in re.finditer(r"/(\w+) [-\d.]+ Tf|<([0-9A-F]*)> Tj", content):
            if tok.group(1):
                current = names.get(fonts.get("/" + tok.group(1)))
                if current is None:
                    problems.append("page %s: font /%s is not a Type0 font of the document" % (ref, tok.group(1)))
                continue
            hexs = tok.group(2)
            for k in range(0, len(hexs), 4):
                cid = int(hexs[k:k + 4], 16)
                if current is not None and cid not in current:
                    problems.append("page %s: CID %d drawn but not in the ToUnicode map" % (ref, cid))
    for p in problems[:20]:
        print("%s: %s" % (pdf, p))
    print("%s: %s" % (pdf, "ok %d" % checked if not problems else "%d problems" % len(problems)))
    return 1 if problems else 0


def main():
    pdfs = [a for a in sys.argv[1:] if a.endswith(".pdf")]
    files = [a for a in sys.argv[1:] if not a.endswith(".pdf")]
    orig = originals(files)
    st = 0
    for pdf in pdfs:
        try:
            st |= check(pdf, files, orig)
        except Exception as e:   # a PDF that cannot be read: its problem, then the next
            print("%s: %s: %s" % (pdf, type(e).__name__, e))
            print("%s: 1 problems" % pdf)
            st = 1
    return st


if __name__ == "__main__":
    sys.exit(main())
