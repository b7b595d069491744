#!/usr/bin/env python3
"""Writes a county file's cadres, units and indicators as the spreadsheets a
county office keeps (tests/t_import.sh, tests/readers/import_lo.sh), and the
county file without them, for `reformgen import` to fill in again.

    county_to_roster.py COUNTY.json OUTDIR [--encoding gbk|utf-8-sig|utf-8] [--tab] [--number-cells]

writes OUTDIR/roster.csv, units.csv, indicators.csv and rest.json. Values are
spelt the many ways clerks type them (1995.03, 1995年3月, 19950312, 党员, 团员,
√, 在编 ...), cycling through the forms row by row, and each cadre gets a
身份证号 made here with its own GB 11643 check digit, so that a round trip
through import checks the readers against an independent writer."""
import csv, json, sys

NUMBER_CELLS = False   # --number-cells: the CSV goes into a spreadsheet that makes numbers of 1995.03
LEVEL = {"county": "县级", "township": "乡镇", "subdistrict": "街道", "village": "村", "community": "社区",
         "school": "学校", "vocational_school": "中职学校", "enterprise": "企业", "social_org": "社会组织",
         "industry": "行业系统", "government": "机关"}


def id_number(code, birth, seq, male):
    ymd = birth.replace("-", "") + ("15" if len(birth) == 7 else "")
    order = seq % 500 * 2 + (1 if male else 0)
    body = code + ymd + "%03d" % order
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(d) * k for d, k in zip(body, w)) % 11]


def date_forms(d, i):
    y, m = int(d[:4]), int(d[5:7])
    if len(d) == 7:
        if NUMBER_CELLS and m % 10 == 0 and i % 4 < 2:
            return "%d年%d月" % (y, m)   # a number cell would keep 1995.10 as 1995.1
        return ["%d.%02d" % (y, m), "%d.%d" % (y, m), "%d年%d月" % (y, m), "%d%02d" % (y, m)][i % 4]
    dd = int(d[8:10])
    return ["%s" % d, "%d%02d%02d" % (y, m, dd), "%d年%d月%d日" % (y, m, dd), "%d/%d/%d" % (y, m, dd),
            "%d.%02d.%02d" % (y, m, dd)][i % 5]


def yes(v, i):
    return ("是" if i % 2 else "√") if v else "否"


def main(argv):
    src, out = argv[1], argv[2]
    global NUMBER_CELLS
    NUMBER_CELLS = "--number-cells" in argv
    enc = argv[argv.index("--encoding") + 1] if "--encoding" in argv else "gbk"
    delim = "\t" if "--tab" in argv else ","
    data = json.load(open(src, encoding="utf-8"))
    code = data["county"]["code"]
    names = {u["id"]: u["name"] for u in data.get("units", [])}

    def write(name, header, rows):
        with open("%s/%s" % (out, name), "w", encoding=enc, newline="") as f:
            w = csv.writer(f, delimiter=delim, lineterminator="\r\n")
            w.writerow(header)
            w.writerows(rows)

    header = ["序号", "姓名", "性别", "出生年月", "民族", "政治面貌", "学历", "所在单位", "职务", "专兼挂",
              "编制情况", "来源", "是否在岗", "是否进入“两委”", "任职时间", "年度考核", "身份证号码", "联系电话"]
    rows = []
    for i, c in enumerate(data.get("cadres", [])):
        pol = c["political"]
        if i % 3 == 1:
            pol = {"中共党员": "党员", "共青团员": "团员"}.get(pol, pol)
        mode = c["mode"] if i % 4 else c["mode"][0]
        est = c["establishment"] if i % 5 else {"编制内": "在编", "编制外": "不在编"}[c["establishment"]]
        rows.append([i + 1, c["name"], c["gender"], date_forms(c["birth"], i), c.get("ethnicity", ""), pol,
                     c.get("education", ""), names[c["unit"]], c["post"], mode, est, c.get("source", ""),
                     "" if "on_duty" not in c else yes(c["on_duty"], i),
                     "" if "two_committees" not in c else yes(c["two_committees"], i),
                     date_forms(c["appointed"], i + 1) if "appointed" in c else "",
                     "；".join("%d年%s" % (a["year"], a["grade"]) for a in c.get("assessment", [])),
                     id_number(code, c["birth"], i, c["gender"] == "男"), "1380000%04d" % i])
    write("roster.csv", header, rows)

    header = ["单位编码", "单位名称", "上级单位", "层级", "书记职数", "副书记职数", "委员职数", "干事职数",
              "青年人数", "工作经费（元）"]
    rows = []
    for u in data.get("units", []):
        p = u.get("posts", {})
        rows.append([u["id"], u["name"], names.get(u.get("parent"), ""), LEVEL[u["level"]]] +
                    [p.get(k, "") for k in ("secretary", "deputy", "member", "staff")] +
                    [u.get("youth_population", ""), u.get("funding", "")])
    write("units.csv", header, rows)

    header = ["指标编码", "指标名称", "计量单位", "改革前", "改革后", "目标值", "越高越好", "类别", "备注"]
    rows = []
    for k, d in enumerate(data.get("indicators", [])):
        def num(v):
            if v is None:
                return ""
            s = str(v) if not isinstance(v, float) or v != int(v) else str(int(v))
            return "{:,}".format(v) if k % 2 and isinstance(v, int) else s
        rows.append([d["id"], d["name"], d.get("unit", ""), num(d["before"]), num(d["after"]), num(d.get("target")),
                     "" if "higher_is_better" not in d else yes(d["higher_is_better"], k),
                     d.get("category", ""), d.get("note", "")])
    write("indicators.csv", header, rows)

    for k in ("cadres", "units", "indicators"):
        data.pop(k, None)
    with open("%s/rest.json" % out, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv)
