#!/usr/bin/env python3
"""Writes, part by part with zipfile, an XLSX workbook holding what Excel and
WPS rosters have and a library writer would not make by itself: the 1904
date system, a title row merged across the sheet, two header rows with
任职方式 merged over tick columns 专职 / 挂职 / 兼职, headers merged down over
both rows, a unit name merged down over two cadres, shared strings with rich
text runs and phonetic runs (rPh, left out), inline strings, boolean cells, a
date serial with a date style and a 1996.05 number cell; and a second sheet
of notes that import must pass over.

    make_xlsx.py OUT.xlsx

The cadres it holds, as import must read them, are printed as JSON."""
import datetime, json, sys, zipfile

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
shared = ["姓名", "性别", "出生年月", "政治面貌", "单位", "职务", "任职方式", "专职", "挂职", "兼职", "编制",
          "是否进入两委", "张一", "女", "中共党员", "新建路街道团工委", "书记", "√", "编制内", "张二", "男",
          "团员", "副书记", "编制外"]


def si(s):
    if s == "新建路街道团工委":   # rich text runs, with a phonetic run to leave out
        return '<si><r><t>新建路</t></r><r><rPr><b/></rPr><t>街道团工委</t></r><rPh sb="0" eb="1"><t>xin</t></rPh></si>'
    return "<si><t>%s</t></si>" % s


def cell(ref, v):
    if isinstance(v, bool):
        return '<c r="%s" t="b"><v>%d</v></c>' % (ref, v)
    if isinstance(v, tuple):      # (number, style)
        return '<c r="%s" s="%d"><v>%s</v></c>' % (ref, v[1], v[0])
    if v.startswith("inline:"):
        return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, v[7:])
    return '<c r="%s" t="s"><v>%d</v></c>' % (ref, shared.index(v))


def row(n, cells):
    return '<row r="%d">%s</row>' % (n, "".join(cell("%s%d" % (c, n), v) for c, v in cells))


def main(out):
    serial = (datetime.date(1995, 3, 12) - datetime.date(1904, 1, 1)).days
    rows = [
        row(1, [("A", "inline:某县团干部花名册")]),
        row(2, [("A", "姓名"), ("B", "性别"), ("C", "出生年月"), ("D", "政治面貌"), ("E", "单位"), ("F", "职务"),
                ("G", "任职方式"), ("J", "编制"), ("K", "是否进入两委")]),
        row(3, [("G", "专职"), ("H", "挂职"), ("I", "兼职")]),
        row(4, [("A", "张一"), ("B", "女"), ("C", (serial, 1)), ("D", "中共党员"), ("E", "新建路街道团工委"),
                ("F", "书记"), ("G", "√"), ("J", "编制内"), ("K", True)]),
        row(5, [("A", "张二"), ("B", "男"), ("C", ("1996.05", 0)), ("D", "团员"), ("F", "副书记"), ("I", "√"),
                ("J", "编制外"), ("K", False)]),
    ]
    merges = ["A1:K1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:I2", "J2:J3", "K2:K3", "E4:E5"]
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s><sheetData>%s</sheetData>'
             '<mergeCells count="%d">%s</mergeCells></worksheet>'
             % (NS, "".join(rows), len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges)))
    notes = ('<?xml version="1.0" encoding="UTF-8"?>\n<worksheet %s><sheetData>%s</sheetData></worksheet>'
             % (NS, row(1, [("A", "inline:填表说明：每行一名团干部。")])))
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?>\n<workbook %s %s><workbookPr date1904="1"/><sheets>'
        '<sheet name="说明" sheetId="2" r:id="rId2"/><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>' % (NS, RNS),
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
        "xl/sharedStrings.xml": '<?xml version="1.0" encoding="UTF-8"?>\n<sst %s count="%d" uniqueCount="%d">%s</sst>'
        % (NS, len(shared), len(shared), "".join(si(s) for s in shared)),
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet %s><numFmts count="1">'
        '<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"/></cellXfs></styleSheet>' % NS,
        "xl/worksheets/sheet1.xml": sheet,
        "xl/worksheets/sheet2.xml": notes,
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)
    print(json.dumps([
        {"name": "张一", "gender": "女", "birth": "1995-03-12", "political": "中共党员", "unit": "t01",
         "post": "书记", "mode": "专职", "establishment": "编制内", "two_committees": True},
        {"name": "张二", "gender": "男", "birth": "1996-05", "political": "共青团员", "unit": "t01",
         "post": "副书记", "mode": "兼职", "establishment": "编制外", "two_committees": False},
    ], ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
