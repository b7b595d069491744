#!/usr/bin/python3
"""Fills the workbook `reformgen blank` writes with a county's cadres, units and
indicators the way a clerk would in Excel, with openpyxl (python3-openpyxl):
full dates as date cells (Excel serials), month-only dates as text such as
1995.03, counts as numbers, levels from the dropdown's Chinese labels.

    fill_blank.py BLANK.xlsx COUNTY.json OUT.xlsx"""
import datetime, json, sys

import openpyxl

sys.path.insert(0, sys.path[0])
from county_to_roster import LEVEL, id_number  # noqa: E402


def main(blank, src, out):
    data = json.load(open(src, encoding="utf-8"))
    wb = openpyxl.load_workbook(blank)
    names = {u["id"]: u["name"] for u in data.get("units", [])}

    def fill(ws, rows):
        cols = {c.value: c.column for c in ws[1]}
        for r, row in enumerate(rows, start=2):
            for k, v in row.items():
                if v is not None and v != "":
                    ws.cell(row=r, column=cols[k], value=v)

    def date(d):
        if len(d) == 7:
            return d.replace("-", ".")
        return datetime.datetime.strptime(d, "%Y-%m-%d")

    def yn(v):
        return None if v is None else ("是" if v else "否")

    code = data["county"]["code"]
    fill(wb["团干部花名册"], [{
        "序号": i + 1, "姓名": c["name"], "性别": c["gender"], "出生年月": date(c["birth"]),
        "民族": c.get("ethnicity"), "政治面貌": c["political"], "学历": c.get("education"),
        "单位": names[c["unit"]], "职务": c["post"], "任职方式": c["mode"], "编制": c["establishment"],
        "来源": c.get("source"), "是否在岗": yn(c.get("on_duty")), "是否进入“两委”": yn(c.get("two_committees")),
        "任职时间": date(c["appointed"]) if "appointed" in c else None,
        "年度考核": "；".join("%d年%s" % (a["year"], a["grade"]) for a in c.get("assessment", [])),
        "身份证号": id_number(code, c["birth"], i, c["gender"] == "男"),
    } for i, c in enumerate(data.get("cadres", []))])
    fill(wb["团组织"], [{
        "单位编码": u["id"], "单位名称": u["name"], "上级单位": names.get(u.get("parent")),
        "层级": LEVEL[u["level"]], "书记职数": u.get("posts", {}).get("secretary"),
        "副书记职数": u.get("posts", {}).get("deputy"), "委员职数": u.get("posts", {}).get("member"),
        "干事职数": u.get("posts", {}).get("staff"), "青年人数": u.get("youth_population"),
        "工作经费": u.get("funding"),
    } for u in data.get("units", [])])
    fill(wb["改革指标"], [{
        "指标编码": d["id"], "指标名称": d["name"], "计量单位": d.get("unit"), "改革前": d["before"],
        "改革后": d["after"], "目标值": d.get("target"), "越高越好": yn(d.get("higher_is_better")),
        "类别": d.get("category"), "备注": d.get("note"),
    } for d in data.get("indicators", [])])
    wb.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:4])
