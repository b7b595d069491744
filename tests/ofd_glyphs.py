#!/usr/bin/env python3
"""Checks that an OFD package's text draws the right glyphs: for every
TextObject, each character's glyph in the embedded font (the CGTransform's
glyph id in the package's TrueType subset) has the same outline as the glyph
the font file of fonts.conf maps that character to (its cmap), read with
fontTools, not with reformgen's code. Prints one PASS/FAIL line per package;
the font files are read once for all of them.
usage: ofd_glyphs.py fonts.conf LABEL FILE.ofd [LABEL FILE.ofd ...]"""
import io, os, re, sys, zipfile
import xml.etree.ElementTree as ET
from fontTools.ttLib import TTFont

conf, pairs = sys.argv[1], sys.argv[2:]
NS = {"ofd": "http://www.ofdspec.org/2016"}

# the faces of fonts.conf by PostScript name
faces = {}
for line in open(conf, encoding="utf-8"):
    f = line.split("#")[0].split()
    if len(f) >= 2 and f[1].startswith("/") and os.path.exists(f[1]):
        idx = int(f[2]) if len(f) > 2 and f[2].isdigit() else 0
        t = TTFont(f[1], fontNumber=idx, lazy=True)
        faces.setdefault(t["name"].getDebugName(6), t)

def outline(font, gname):
    g = font["glyf"]
    c, ends, flags = g[gname].getCoordinates(g)
    return c.array, list(ends)

face_outlines = {}   # (face, glyph name): its outline, read once for all packages
def face_outline(name, font, gname):
    if (name, gname) not in face_outlines: face_outlines[(name, gname)] = outline(font, gname)
    return face_outlines[(name, gname)]

def check(label, ofd):
    z = zipfile.ZipFile(ofd)
    doc = ET.fromstring(z.read("Doc_0/PublicRes.xml"))
    fonts, checked, bad = {}, 0, []
    for f in doc.iter("{%s}Font" % NS["ofd"]):
        sub = TTFont(io.BytesIO(z.read("Doc_0/Res/" + f.find("ofd:FontFile", NS).text)), lazy=True)
        fonts[f.get("ID")] = (sub, faces.get(f.get("FontName")), f.get("FontName"))
    seen = set()
    for n in sorted(z.namelist()):
        if not re.fullmatch(r"Doc_0/Pages/Page_\d+/Content.xml", n): continue
        for to in ET.fromstring(z.read(n)).iter("{%s}TextObject" % NS["ofd"]):
            sub, orig, name = fonts[to.get("Font")]
            if orig is None: bad.append("no face %s in fonts.conf" % name); continue
            gids = [int(x) for x in to.find("ofd:CGTransform/ofd:Glyphs", NS).text.split()]
            text = "".join(tc.text or "" for tc in to.findall("ofd:TextCode", NS))
            if len(gids) != len(text): bad.append("%d glyphs for %d characters" % (len(gids), len(text))); continue
            cmap = orig.getBestCmap()
            for ch, gid in zip(text, gids):
                key = (name, ch)
                if key in seen or ch.isspace(): continue
                seen.add(key)
                checked += 1
                if ord(ch) not in cmap: bad.append("%s lacks %r" % (name, ch)); continue
                if outline(sub, sub.getGlyphName(gid)) != face_outline(name, orig, cmap[ord(ch)]):
                    bad.append("%r in %s: glyph %d is not the face's" % (ch, name, gid))
    print(("PASS " if checked and not bad else "FAIL ") + label + " glyphs" +
          ("" if checked and not bad else ": %d checked, %s" % (checked, "; ".join(bad[:4]))))

for k in range(0, len(pairs) - 1, 2):
    check(pairs[k], pairs[k + 1])
