#!/usr/bin/env python3
"""An independent PDF/A-2b check of one PDF, reading qpdf's JSON (qpdf --json
--json-stream-data=inline), not reformgen's own structures. Prints one
PASS/FAIL line per check (8), named after the label given:
pdfaid, info-xmp, output-intent, fonts, trailer-id, encryption, forbidden, version.
usage: pdfa_check.py LABEL FILE.pdf QPDF.json"""
import base64, json, re, sys
import xml.etree.ElementTree as ET

label, pdf, js = sys.argv[1:4]
j = json.load(open(js, encoding="utf-8"))["qpdf"]
objs = j[1]
def res(v):
    if isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
        o = objs.get("obj:" + v, {})
        return o.get("value", o.get("stream"))
    return v
def text(v):
    v = res(v)
    if isinstance(v, str) and v.startswith("u:"): return v[2:]
    if isinstance(v, str) and v.startswith("b:"): return bytes.fromhex(v[2:]).decode("latin-1")
    return v
def out(name, ok, why=""):
    print(("PASS " if ok else "FAIL ") + label + " " + name + ("" if ok else ": " + why))

trailer = objs["trailer"]["value"]
root = res(trailer["/Root"])
info = res(trailer.get("/Info")) or {}
NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "pdf": "http://ns.adobe.com/pdf/1.3/", "xmp": "http://ns.adobe.com/xap/1.0/",
      "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
xmp = None
try:
    md = objs["obj:" + root["/Metadata"]]["stream"]
    xmp = ET.fromstring(base64.b64decode(md["data"]))
except Exception as e:
    err = str(e)
def xv(path):
    if xmp is None: return None
    n = xmp.find(".//" + path, NS)
    return n.text if n is not None else None

out("pdfaid", xv("pdfaid:part") == "2" and xv("pdfaid:conformance") == "B",
    "part %s conformance %s" % (xv("pdfaid:part"), xv("pdfaid:conformance")))

def pdf_to_xmp_date(d):
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)?(\d\d)?(\d\d)?(Z|[+-]\d\d'\d\d'?)?", d or "")
    if not m: return None
    y, mo, da, h, mi, s, z = m.groups()
    t = "%s-%s-%sT%s:%s:%s" % (y, mo, da, h or "00", mi or "00", s or "00")
    if z == "Z": t += "Z"
    elif z: t += z[:3] + ":" + z[4:6]
    return t
pairs = [("/Title", "dc:title/rdf:Alt/rdf:li"), ("/Author", "dc:creator/rdf:Seq/rdf:li"),
         ("/Subject", "dc:description/rdf:Alt/rdf:li"), ("/Keywords", "pdf:Keywords"),
         ("/Creator", "xmp:CreatorTool"), ("/Producer", "pdf:Producer")]
bad = []
for k, p in pairs:
    a, b = text(info.get(k)), xv(p)
    if a != b: bad.append("%s=%r xmp=%r" % (k, a, b))
if pdf_to_xmp_date(text(info.get("/CreationDate"))) != xv("xmp:CreateDate"):
    bad.append("CreationDate %r xmp %r" % (text(info.get("/CreationDate")), xv("xmp:CreateDate")))
if not text(info.get("/Title")): bad.append("no /Title")
out("info-xmp", xmp is not None and not bad, "; ".join(bad) or "no XMP")

ok, why = False, "no /OutputIntents"
for oi in res(root.get("/OutputIntents")) or []:
    oi = res(oi)
    prof = objs.get("obj:" + oi.get("/DestOutputProfile", ""), {}).get("stream")
    if oi.get("/S") == "/GTS_PDFA1" and prof:
        data = base64.b64decode(prof["data"])
        ok = data[36:40] == b"acsp" and data[16:20] == b"RGB " and prof["dict"].get("/N") == 3
        why = "profile is not an RGB ICC profile with /N 3"
out("output-intent", ok, why)

fonts, unembedded = 0, []
for k, o in objs.items():
    v = o.get("value")
    if isinstance(v, dict) and v.get("/Type") == "/FontDescriptor":
        fonts += 1
        if not any(f in v for f in ("/FontFile", "/FontFile2", "/FontFile3")): unembedded.append(v.get("/FontName"))
out("fonts", fonts > 0 and not unembedded, "%d descriptors, not embedded: %s" % (fonts, unembedded))

idv = trailer.get("/ID")
out("trailer-id", isinstance(idv, list) and len(idv) == 2 and all(re.fullmatch(r"b:[0-9a-f]{32}", x) for x in idv),
    "ID %r" % (idv,))
out("encryption", "/Encrypt" not in trailer, "trailer has /Encrypt")

forbidden = []
BM_OK = {"/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken", "/Lighten", "/ColorDodge",
         "/ColorBurn", "/HardLight", "/SoftLight", "/Difference", "/Exclusion", "/Hue", "/Saturation", "/Color",
         "/Luminosity"}
for k, o in objs.items():
    v = o.get("value") if "value" in o else (o.get("stream") or {}).get("dict")
    if not isinstance(v, dict): continue
    for key in ("/JavaScript", "/JS", "/AA", "/XFA", "/EmbeddedFiles", "/OPI", "/Alternates", "/PS"):
        if key in v: forbidden.append(k + " " + key)
    if v.get("/S") in ("/Launch", "/JavaScript", "/ImportData", "/ResetForm", "/Sound", "/Movie"):
        forbidden.append(k + " action " + v["/S"])
    if v.get("/Interpolate") is True: forbidden.append(k + " /Interpolate")
    f = v.get("/Filter")
    if f == "/LZWDecode" or (isinstance(f, list) and "/LZWDecode" in f): forbidden.append(k + " LZW")
    if v.get("/Type") == "/ExtGState":
        if "/TR" in v or v.get("/TR2", "/Default") != "/Default": forbidden.append(k + " transfer function")
        bm = v.get("/BM")
        if bm is not None and (bm if isinstance(bm, list) else [bm])[0] not in BM_OK: forbidden.append(k + " BM " + str(bm))
out("forbidden", not forbidden, ", ".join(forbidden[:5]))

head = open(pdf, "rb").read(16)
m = re.match(rb"%PDF-(\d\.\d)\r?\n%[\x80-\xff]{4}", head)
out("version", bool(m) and m.group(1) == b"1.7", "header %r" % head)
