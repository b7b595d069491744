#!/usr/bin/python3
"""otf2ttf.py: converts an OpenType/CFF font to TrueType outlines for reformgen.

    otf2ttf.py IN.otf|IN.ttc OUT.ttf [--face-name TEXT] [--keep RANGES]

reformgen embeds TrueType outlines only (CIDFontType2), so the CFF faces Debian
ships (the Fandol fonts in texlive-lang-chinese, Noto CJK) are converted once,
at `make deps` time, with fontTools (python3-fonttools): every cubic curve
becomes quadratic ones within 1 unit (cu2qu), the CFF table is replaced by
glyf/loca, maxp becomes version 1.0, post format 3 (no glyph names).

--face-name picks the face of a collection whose full name contains TEXT.
--keep RANGES (e.g. 0020-007E,3000-303F,4E00-9FFF) first subsets the face to
those code points (fontTools.subset), for large faces used for a few roles.

The result is deterministic: head.modified is kept from the source (no time
stamp of the conversion), so the same Debian package gives the same file.
"""
import argparse
import sys

from fontTools.ttLib import TTFont, TTCollection, newTable
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen


def parse_ranges(text):
    cps = set()
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        lo = int(lo, 16)
        hi = int(hi, 16) if hi else lo
        cps.update(range(lo, hi + 1))
    return cps


def open_face(path, face_name):
    if face_name is None:
        return TTFont(path, recalcTimestamp=False, lazy=False)
    coll = TTCollection(path)
    for i, f in enumerate(coll.fonts):
        if face_name in f["name"].getDebugName(4):
            return TTFont(path, fontNumber=i, recalcTimestamp=False, lazy=False)
    sys.exit("otf2ttf: no face named like %r in %s" % (face_name, path))


def to_truetype(font):
    if "CFF " not in font:
        sys.exit("otf2ttf: not a CFF font")
    order = font.getGlyphOrder()
    glyphset = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        glyphset[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements",
                 "maxComponentDepth"):
        setattr(maxp, attr, 0)
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None
    font.sfntVersion = "\000\001\000\000"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--face-name")
    ap.add_argument("--keep")
    a = ap.parse_args()
    font = open_face(a.src, a.face_name)
    if a.keep:
        from fontTools import subset
        opts = subset.Options()
        opts.layout_features = []
        opts.name_IDs = ["*"]
        opts.notdef_outline = True
        opts.recalc_timestamp = False
        sub = subset.Subsetter(opts)
        sub.populate(unicodes=parse_ranges(a.keep))
        sub.subset(font)
    to_truetype(font)
    font.save(a.dst)


if __name__ == "__main__":
    main()
