#!/usr/bin/env python3
"""corpus.py: writes reformgen's bad-input corpus into a folder.

    corpus.py OUTDIR

Every case is a county file built from one small good county by a single
change (or a hostile file written from scratch), so that what is wrong with
it is exactly what the case is about. Big and hostile inputs (a 1 MB unit
name, 100,000 cadres, entity bombs, deep nesting) are made here, at test
time, never committed. Besides the files, OUTDIR/cases.tsv lists one case a
line:

    FILE <TAB> KIND <TAB> CODE <TAB> REGEX

KIND is
    bad    the county must fail: no output for it, and an error line that
           starts with the file name and matches REGEX (the place and what was
           expected);
    warn   the county must render, with a warning line matching REGEX;
    name   the county must render into a folder whose name matches REGEX
           (a name made safe for every file system);
    ok     the county must render;
    name|bad  either of the two (REGEX holds both alternatives), for a case
           the input stage may yet choose to refuse.
CODE is the county code the file carries ("-" when it has none), so that the
test can tell that nothing was written for it.
Python 3 standard library only; the same run writes the same bytes.
"""
import copy
import json
import os
import sys


def base(code, name):
    """A small good county: every required field, one unit, two cadres."""
    return {
        "version": 1,
        "county": {"code": code, "name": name, "kind": "县",
                   "league_committee": "共青团" + name + "委员会"},
        "period": {"year": 2021, "reference_date": "2021-12-31",
                   "report_date": "2022-09-16", "stage": "终期评估"},
        "indicators": [
            {"id": "county_staff", "name": "县级团委机关各类工作力量", "unit": "人",
             "before": 7, "after": 17},
        ],
        "units": [
            {"id": "u1", "name": "团县委", "level": "county",
             "posts": {"secretary": 1, "deputy": 2}},
        ],
        "cadres": [
            {"name": "李青", "gender": "女", "birth": "1996-05", "political": "共青团员",
             "unit": "u1", "post": "副书记", "mode": "兼职", "establishment": "编制外"},
            {"name": "王强", "gender": "男", "birth": "1990-01-15", "political": "中共党员",
             "unit": "u1", "post": "书记", "mode": "专职", "establishment": "编制内"},
        ],
    }


def to_xml(d):
    """The XML form of a county dictionary (elements only; see input-format.md)."""
    items = {"indicators": "indicator", "units": "unit", "cadres": "cadre"}

    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def val(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        return esc(str(v))

    def emit(name, v, out, ind):
        pad = "  " * ind
        if isinstance(v, dict):
            out.append(f"{pad}<{name}>")
            for k, x in v.items():
                emit(k, x, out, ind + 1)
            out.append(f"{pad}</{name}>")
        elif isinstance(v, list):
            out.append(f"{pad}<{name}>")
            for x in v:
                emit(items.get(name, "item"), x, out, ind + 1)
            out.append(f"{pad}</{name}>")
        elif v is not None:
            out.append(f"{pad}<{name}>{val(v)}</{name}>")

    out = ['<?xml version="1.0" encoding="UTF-8"?>', '<county-report version="1">']
    for k, x in d.items():
        if k != "version":
            emit(k, x, out, 1)
    out.append("</county-report>")
    return "\n".join(out) + "\n"


CASES = []   # (file, bytes, kind, regex, code or "-")
_code = [410200]


def code():
    _code[0] += 1
    return str(_code[0])


def case(file, data, kind, regex):
    if isinstance(data, str):
        data = data.encode("utf-8")
    CASES.append((file, data, kind, regex, str(_code[0]) if str(_code[0]).encode() in data else "-"))


def jcase(file, mutate, kind, regex, name="测试县"):
    """A JSON case: the base county changed by mutate(d) (which may return
    text to use instead of the dictionary)."""
    d = base(code(), name)
    r = mutate(d)
    text = r if isinstance(r, (str, bytes)) else json.dumps(d, ensure_ascii=False, indent=1)
    case(file, text, kind, regex)


def xcase(file, mutate, kind, regex, name="测试县"):
    d = base(code(), name)
    r = mutate(d)
    case(file, r if isinstance(r, (str, bytes)) else to_xml(d), kind, regex)


def setp(path, value):
    """mutate function: sets d[path...] = value ('-' deletes)."""
    def f(d):
        o = d
        for k in path[:-1]:
            o = o[k]
        if value == "-":
            del o[path[-1]]
        else:
            o[path[-1]] = value
    return f


def build():
    # -- malformed JSON -----------------------------------------------------
    jcase("j-truncated.json", lambda d: '{"version": 1, "county": {"code": "410201", ', "bad",
          r":1:[0-9]+: error: .*(end|expected)")
    jcase("j-trailing-comma.json",
          lambda d: json.dumps(d, ensure_ascii=False, indent=1)[:-2] + ',\n}', "bad", r":[0-9]+:[0-9]+: error: ")
    jcase("j-trailing-garbage.json",
          lambda d: json.dumps(d, ensure_ascii=False) + ' {"x": 1}', "bad", r":1:[0-9]+: error: ")
    jcase("j-unquoted-key.json",
          lambda d: json.dumps(d, ensure_ascii=False, indent=1).replace('"version"', "version", 1),
          "bad", r":2:[0-9]+: error: ")
    jcase("j-single-quotes.json",
          lambda d: json.dumps(d, ensure_ascii=False, indent=1).replace('"410', "'410", 1), "bad",
          r":[0-9]+:[0-9]+: error: ")
    case("j-empty.json", b"", "bad", r"error: .*(empty|end|expected)")
    case("j-root-array.json", b"[1, 2, 3]\n", "bad", r"error: .*object")
    jcase("j-duplicate-key.json",
          lambda d: json.dumps(d, ensure_ascii=False, indent=1).replace(
              '"version": 1', '"version": 1,\n "version": 1', 1), "bad", r":/: error: duplicate key 'version'.*expected each key once")
    # -- malformed XML ------------------------------------------------------
    xcase("x-unclosed.xml", lambda d: to_xml(d).replace("</county-report>\n", ""), "bad",
          r"\.xml:[0-9]+(:[0-9]+)?: error: ")
    xcase("x-mismatched.xml", lambda d: to_xml(d).replace("</period>", "</perio>", 1), "bad",
          r"\.xml:[0-9]+(:[0-9]+)?: error: .*(perio|mismatch|match)")
    xcase("x-wrong-root.xml", lambda d: to_xml(d).replace("county-report", "county-data"), "bad",
          r"error: .*county-report")
    xcase("x-two-roots.xml", lambda d: to_xml(d) + "<county-report/>\n", "bad",
          r"\.xml:[0-9]+(:[0-9]+)?: error: ")
    xcase("x-undefined-entity.xml", lambda d: to_xml(d).replace("团县委", "&unknown;", 1), "bad",
          r"\.xml:[0-9]+(:[0-9]+)?: error: .*(unknown|entity)")
    xcase("x-bad-charref.xml", lambda d: to_xml(d).replace("团县委", "&#1;", 1), "bad",
          r"\.xml:[0-9]+(:[0-9]+)?: error: ")
    # -- DTDs, external entities, entity bombs ----------------------------------
    xcase("x-dtd.xml", lambda d: to_xml(d).replace(
        '<county-report', '<!DOCTYPE county-report [<!ELEMENT county-report ANY>]>\n<county-report', 1),
        "bad", r":2:1: error: .*DOCTYPE.*expected none")
    xcase("x-external-entity.xml", lambda d: to_xml(d).replace(
        '<county-report', '<!DOCTYPE county-report [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<county-report', 1)
        .replace("团县委", "&x;", 1), "bad", r"error: .*(DTD|DOCTYPE|entit)")
    bomb = ['<!DOCTYPE county-report [', ' <!ENTITY a0 "lollollollollollollollollollol">']
    for i in range(1, 10):
        bomb.append(f' <!ENTITY a{i} "' + f"&a{i-1};" * 10 + '">')
    bomb.append("]>")
    xcase("x-entity-bomb.xml", lambda d: to_xml(d).replace(
        '<county-report', "\n".join(bomb) + '\n<county-report', 1).replace("团县委", "&a9;", 1),
        "bad", r"error: .*(DTD|DOCTYPE|entit)")
    xcase("x-parameter-entity.xml", lambda d: to_xml(d).replace(
        '<county-report', '<!DOCTYPE county-report [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]>\n<county-report', 1),
        "bad", r"error: .*(DTD|DOCTYPE|entit)")
    # -- deep nesting -------------------------------------------------------
    case("j-deep.json", ('{"version": 1, "narrative": ' + "[" * 5000 + "]" * 5000 + "}").encode(), "bad",
         r"error: .*(deep|nest|depth)")
    case("x-deep.xml", ('<county-report version="1"><narrative>' + "<a>" * 5000 + "</a>" * 5000 +
                        "</narrative></county-report>").encode(), "bad", r"error: .*(deep|nest|depth)")
    # -- wrong types --------------------------------------------------------
    jcase("j-county-array.json", setp(["county"], ["410201"]), "bad", r":/county: error: .*object")
    jcase("j-cadres-object.json", setp(["cadres"], {"name": "x"}), "bad", r":/cadres: error: .*array")
    jcase("j-year-bool.json", setp(["period", "year"], True), "bad", r":/period/year: error: .*(number|integer|year)")
    jcase("j-name-object.json", setp(["county", "name"], {"zh": "测试县"}), "bad",
          r":/county/name: error: found an object; expected")
    jcase("j-version-2.json", setp(["version"], 2), "bad", r":/: error: version '2' is not supported; expected 1")
    # -- missing required fields ----------------------------------------------
    jcase("j-no-county.json", setp(["county"], "-"), "bad", r"error: .*county")
    jcase("j-no-code.json", setp(["county", "code"], "-"), "bad", r"/county.*error: .*code")
    jcase("j-no-report-date.json", setp(["period", "report_date"], "-"), "bad", r"/period.*error: .*report_date")
    xcase("x-no-cadre-name.xml", lambda d: d["cadres"][0].pop("name") and None, "bad",
          r"\.xml:[0-9]+:/county-report/cadres/cadre\[1\].*error: .*name")
    # -- numbers --------------------------------------------------------------
    jcase("j-negative-count.json", setp(["indicators", 0, "before"], -7), "bad",
          r":/indicators/0/before: error: .*(negative|>= ?0|not be)")
    jcase("j-nan.json", lambda d: json.dumps(d, ensure_ascii=False, indent=1).replace('"before": 7', '"before": NaN'),
          "bad", r":[0-9]+:[0-9]+: error: ")
    jcase("j-infinity.json", lambda d: json.dumps(d, ensure_ascii=False, indent=1).replace('"before": 7', '"before": Infinity'),
          "bad", r":[0-9]+:[0-9]+: error: ")
    jcase("j-1e308.json", setp(["indicators", 0, "after"], 1e308), "bad", r":/indicators/0/after: error: ")
    jcase("j-1e999.json", lambda d: json.dumps(d, ensure_ascii=False, indent=1).replace('"after": 17', '"after": 1e999'),
          "bad", r"/indicators/0/after.*error: ")
    jcase("j-number-as-string.json", setp(["indicators", 0, "after"], "17"), "bad",
          r":/indicators/0/after: error: .*number")
    xcase("x-number-junk.xml", setp(["indicators", 0, "after"], "12abc"), "bad",
          r"\.xml:[0-9]+:/county-report/indicators/indicator(\[1\])?/after: error: .*12abc.*expected a number")
    xcase("x-number-nan.xml", setp(["indicators", 0, "before"], "NaN"), "bad",
          r"/county-report/indicators/indicator(\[1\])?/before: error: .*NaN.*expected a number")
    xcase("x-number-hex.xml", setp(["units", 0, "posts", "deputy"], "0x10"), "bad",
          r"/county-report/units/unit(\[1\])?/posts/deputy: error: .*0x10.*expected a whole number")
    # -- dates ------------------------------------------------------------------
    jcase("j-feb-30.json", setp(["period", "reference_date"], "2023-02-30"), "bad",
          r":/period/reference_date: error: .*2023-02-30.*date")
    jcase("j-month-13.json", setp(["cadres", 0, "birth"], "1999-13-01"), "bad",
          r":/cadres/0/birth: error: .*1999-13-01.*date")
    xcase("x-date-format.xml", setp(["period", "report_date"], "2022/9/16"), "bad",
          r"/county-report/period/report_date: error: .*2022/9/16.*date")
    jcase("j-date-junk.json", setp(["period", "report_date"], "2022-09-16x"), "bad",
          r":/period/report_date: error: .*date")
    # -- semantic checks ------------------------------------------------------
    jcase("j-unknown-unit.json", setp(["cadres", 1, "unit"], "nowhere"), "bad",
          r":/cadres/1/unit: error: .*nowhere")
    jcase("j-bad-gender.json", setp(["cadres", 0, "gender"], "F"), "bad", r":/cadres/0/gender: error: .*男")
    # -- empty arrays, where an item is required --------------------------------
    jcase("j-empty-arrays-ok.json", lambda d: d.update(indicators=[], units=[], cadres=[]), "ok", r"")
    # -- encodings ----------------------------------------------------------------
    jcase("j-invalid-utf8.json", lambda d: json.dumps(d, ensure_ascii=False, indent=1).encode()
          .replace("测试县".encode(), b"\xe6\xb5\x8b\xff\xfe", 1), "bad", r"error: .*UTF-8.*byte")
    xcase("x-invalid-utf8.xml", lambda d: to_xml(d).encode().replace("团县委".encode(), b"\xc3\x28", 1),
          "bad", r"error: .*UTF-8")
    jcase("j-nul.json", lambda d: json.dumps(d, ensure_ascii=False, indent=1).encode()
          .replace(b'"u1"', b'"u\x001"', 1), "bad", r"error: ")
    jcase("j-escaped-nul.json", setp(["cadres", 0, "name"], "李\u0000青"), "bad",
          r":[0-9]+:[0-9]+: error: .*u0000.*expected text without NUL")
    jcase("j-raw-control.json", lambda d: json.dumps(d, ensure_ascii=False, indent=1).encode()
          .replace("李青".encode(), "李\x07青".encode(), 1), "bad", r"error: .*(control|U\+0007)")
    jcase("j-escaped-control.json", setp(["cadres", 0, "name"], "李\u001b青"), "bad",
          r":[0-9]+:[0-9]+: error: .*control character.*expected text without control")
    xcase("x-utf16.xml", lambda d: to_xml(d).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"),
          "bad", r"error: .*UTF-8")
    # -- sizes ----------------------------------------------------------------------
    jcase("j-1mb-unit-name.json", setp(["units", 0, "name"], "团" * 350000), "bad",
          r":[0-9]+:[0-9]+: error: a string of [0-9]+ bytes; expected at most 65536")
    # -- characters no font has: a warning naming the character, still rendered ---
    jcase("j-emoji.json", setp(["county", "league_committee"], "共青团测试县委员会😀"), "warn",
          r"warning: .*U\+1F600", name="表情县")
    jcase("j-ext-g.json", setp(["county", "league_committee"], "共青团𰻞县委员会"), "warn",
          r"warning: .*U\+30EDE", name="𰻞县")
    jcase("j-mongolian.json", setp(["county", "league_committee"], "共青团测试旗委员会ᠮᠣᠩᠭᠣᠯ"), "warn",
          r"warning: character U\+182E .*in none of the configured fonts", name="蒙文旗")
    jcase("j-name-ext-b.json", lambda d: None, "name", r"^410[0-9]{3}-𠀀县$", name="𠀀县")
    jcase("j-name-yi.json", lambda d: None, "name", r"^410[0-9]{3}-一丁万县$", name="一丁万县")
    # -- county names that are not file names ------------------------------------
    jcase("j-name-slash.json", setp(["county", "name"], "新/郑市"), "name", r"^410[0-9]{3}-新_郑市$")
    jcase("j-name-dotdot.json", setp(["county", "name"], "../../etc"), "name", r"^410[0-9]{3}-etc$")
    jcase("j-name-dots-only.json", setp(["county", "name"], ".."), "name", r"^410[0-9]{3}$")
    jcase("j-name-200.json", setp(["county", "name"], "长" * 200), "name", r"^410[0-9]{3}-(长){1,39}$")
    jcase("j-name-reserved.json", setp(["county", "name"], "CON"), "name", r"^410[0-9]{3}-CON_?$")
    # a newline in a name: refused at its place, or (as now) made safe in the name
    jcase("j-name-newline.json", setp(["county", "name"], "新郑\n市"), "name|bad",
          r"^410[0-9]{3}-新郑_市$|:/county/name: error: .*expected")
    jcase("j-name-windows.json", setp(["county", "name"], 'a\\b:c*d?e"f<g>h|i'), "name",
          r"^410[0-9]{3}-a_b_c_d_e_f_g_h_i$")


def big_cases():
    """100,000 cadres (compact records, about 16 MB) must still be accepted."""
    d = base(code(), "十万县")
    c = d["cadres"][0]
    d["cadres"] = [dict(c, name="团员%d" % i) for i in range(100000)]
    case("j-100000-cadres.json", json.dumps(d, ensure_ascii=False, separators=(",", ":")), "ok", r"")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    build()
    big_cases()
    with open(os.path.join(out, "cases.tsv"), "w", encoding="utf-8") as t:
        for f, data, kind, rx, c in CASES:
            with open(os.path.join(out, f), "wb") as o:
                o.write(data)
            t.write(f"{f}\t{kind}\t{c}\t{rx}\n")


if __name__ == "__main__":
    main()
