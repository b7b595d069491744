#!/usr/bin/env python3
"""Writes county input files (input-format.md) for samples, tests and benchmarks.

  synth_county.py sample NAME            the sample county NAME (xinzheng, dongwu,
                                         fuyun) as JSON on standard output
  synth_county.py synth --cadres N [--seed S] [--code CODE]
                                         a synthetic county of about N cadres
                                         (up to 100,000) as JSON
  synth_county.py to-xml FILE.json       the same data in the XML form, so that a
                                         JSON/XML pair always carries the same data
  synth_county.py --count N --out DIR [--seed S] [--cadres C] [--xml]
                                         N synthetic counties as DIR/CODE.json (and
                                         .xml with --xml), codes 900001, 900002 ...;
                                         each of C cadres, or of 100 to 400 when C is
                                         not given (a batch for benchmarks)

The samples carry every figure their seed publishes (seeds 002, 000, 001); names,
birth dates and unit lists the seeds do not give are invented, and each sample's
`note` says so. Everything is deterministic: the same arguments give the same
bytes. Python 3 standard library only.
"""
import datetime
import decimal
import json
import random
import sys
from xml.sax.saxutils import escape, quoteattr

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢"
            "蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红玲芬燕彬鑫浩宇轩然博文晨阳欣怡"
         "涵婷佳琪萱远振嘉鸣凯璐瑶晗昊睿航帆楠悦倩")
MONGOL = ["巴特尔", "乌日娜", "其木格", "额尔敦", "苏日娜", "那仁", "宝音", "图雅", "阿拉坦", "斯琴",
          "格日勒", "乌云", "布和", "敖登", "萨仁", "朝鲁", "哈斯", "达来", "呼和", "娜仁花"]
MONGOL_F = {"乌日娜", "其木格", "苏日娜", "图雅", "斯琴", "乌云", "敖登", "萨仁", "娜仁花"}
KAZAKH = [("阿依古丽", "女"), ("努尔兰", "男"), ("热合曼", "男"), ("叶尔兰", "男"), ("古丽娜尔", "女"),
          ("别克", "男"), ("阿力木", "男"), ("哈那提", "男"), ("加娜尔", "女"), ("木拉提", "男"),
          ("阿依达娜", "女"), ("叶尔波拉提", "男")]


class People:
    """Invents names, birth dates and cadre records, deterministically."""

    def __init__(self, seed, ref, style="han"):
        self.rng = random.Random(seed)
        self.ref = ref
        self.style = style
        self.used = set()

    def person(self):
        r = self.rng
        for _ in range(50):
            if self.style == "mongol" and r.random() < 0.45:
                name = r.choice(MONGOL)
                name = r.choice(SURNAMES[:20]) + name if len(name) < 3 and r.random() < 0.3 else name
                gender = "女" if name.lstrip(SURNAMES) in MONGOL_F or name in MONGOL_F else "男"
                eth = "蒙古族"
            elif self.style == "kazakh" and r.random() < 0.45:
                name, gender = r.choice(KAZAKH)
                name = name + "·" + r.choice(["买买提", "努尔", "哈力", "托合提", "别克"])
                eth = "哈萨克族"
            else:
                gender = "女" if r.random() < 0.38 else "男"
                name = r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))
                eth = "汉族"
            if name not in self.used:
                self.used.add(name)
                return name, gender, eth
        return name, gender, eth

    def birth(self, age_lo, age_hi, month_only=False):
        r = self.rng
        age = r.randint(age_lo, age_hi)
        y = self.ref.year - age
        m = r.randint(1, 12)
        d = r.randint(1, 28)
        return "%04d-%02d" % (y, m) if month_only else "%04d-%02d-%02d" % (y, m, d)

    def cadre(self, unit, post, mode, est, political, age, source=None, **extra):
        name, gender, eth = self.person()
        if "gender" in extra:
            gender = extra.pop("gender")
        c = {"name": name, "gender": gender, "birth": self.birth(*age, month_only=extra.pop("month_only", False)),
             "ethnicity": eth, "political": political,
             "education": self.rng.choice(["大学本科", "大学本科", "大学专科", "硕士研究生", "高中"]),
             "unit": unit, "post": post, "mode": mode, "establishment": est}
        if source:
            c["source"] = source
        c.update(extra)
        return c


def township_committee(p, uid, size, deputies=2, outside=None, party=None, off_duty=0, old=()):
    """A township committee: 1 secretary, `deputies` deputies, the rest members."""
    r = p.rng
    out = [p.cadre(uid, "书记", "兼职", "编制内", "中共党员", (30, 39), "党政机关", appointed="2021-03")]
    for i in range(deputies):
        if i == 0:
            out.append(p.cadre(uid, "副书记", "专职", "编制内", "中共党员", (25, 33), "党政机关"))
        else:
            out.append(p.cadre(uid, "副书记", "挂职", "编制外", "共青团员", (21, 26),
                               r.choice(["大学生村官", "西部计划志愿者", "在校大学生"])))
    for _ in range(size - 1 - deputies):
        out.append(p.cadre(uid, "委员", "兼职", "编制外",
                           r.choice(["共青团员", "共青团员", "中共党员", "群众"]), (20, 34),
                           r.choice(["中学", "非公企业", "返乡大学毕业生", "村（社区）", "卫生院"])))
    if outside is not None:   # force the number of members outside the establishment
        for c in out:
            c["establishment"] = "编制内"
        for c in out[len(out) - outside:]:
            c["establishment"] = "编制外"
    if party is not None:     # force the number of party members
        for c in out:
            if c["political"] in ("中共党员", "中共预备党员"):
                c["political"] = "共青团员"
        for c in out[:party]:
            c["political"] = "中共党员"
    for c in out[len(out) - off_duty:] if off_duty else []:
        c["on_duty"] = False
    for i, (age, mode) in enumerate(old):
        c = out[1 + i]
        c["mode"] = mode
        c["birth"] = "%04d-%02d-%02d" % (p.ref.year - age, 11, 3)   # `age` full years on 12-31
    return out


def village(p, uid, two_committees=True, month_only=False):
    r = p.rng
    sec = p.cadre(uid, "团支部书记", "兼职", "编制外", r.choice(["中共党员", "共青团员", "共青团员"]),
                  (22, 34), r.choice(["村（社区）", "返乡大学毕业生", "大学生村官"]),
                  two_committees=two_committees, month_only=month_only)
    mem = [p.cadre(uid, "团支部委员", "兼职", "编制外", r.choice(["共青团员", "共青团员", "群众"]),
                   (19, 30), "村（社区）", month_only=month_only and r.random() < 0.5) for _ in range(2)]
    return [sec] + mem


def build_units(p, county_uid, county_name, townships, villages_per, posts_t, two_share,
                county_funding, fund, month_every=0, special=None, two_count=None):
    """Units and cadres of the townships and their villages (communities).
    villages_per is a number or a list (one number per township); two_count,
    when given, is exactly how many branch secretaries sit in the "两委"."""
    units, cadres = [], []
    special = special or {}
    per = villages_per if isinstance(villages_per, list) else [villages_per] * len(townships)
    in_two = set(p.rng.sample(range(sum(per)), two_count)) if two_count is not None else None
    vnames = "东西南北前后上下大小新老"
    vtails = ["庄", "营", "沟", "岗", "湾", "寨", "河", "店", "坡", "桥"]
    count_v = 0
    used_names = set()
    for i, (tname, level) in enumerate(townships):
        tid = "t%02d" % (i + 1)
        suffix = "团工委" if level == "subdistrict" else "团委"
        u = {"id": tid, "name": tname + suffix, "parent": county_uid, "level": level,
             "posts": dict(posts_t), "funding": fund(i)}
        units.append(u)
        opts = special.get(tname, {})
        cadres += township_committee(p, tid, opts.get("size", 9 + (i % 3)), **{k: v for k, v in opts.items() if k != "size"})
        for j in range(per[i]):
            count_v += 1
            vid = "%sv%02d" % (tid, j + 1)
            is_comm = level == "subdistrict"
            vname = (tname[:2] if len(tname) > 2 else tname) + p.rng.choice(vnames) + \
                    (p.rng.choice(["苑", "园", "里"]) + "社区" if is_comm else p.rng.choice(vtails) + "村")
            base, kind = vname, ("社区" if is_comm else "村")
            # a name taken already gets a numeral (喀拉南寨二村): a roster names units by name
            k = 1
            while vname in used_names:
                k += 1
                vname = base[:-len(kind)] + ("一二三四五六七八九十"[k - 1] if k <= 10 else str(k)) + kind
            used_names.add(vname)
            units.append({"id": vid, "name": vname + "团支部", "parent": tid,
                          "level": "community" if is_comm else "village",
                          "posts": {"secretary": 1, "member": 2}})
            two = (count_v - 1) in in_two if in_two is not None else p.rng.random() < two_share
            cadres += village(p, vid, two, month_only=bool(month_every) and count_v % month_every == 0)
    return units, cadres


def county_unit(p, uid, name, funding, staff):
    """The county committee itself: `staff` is a list of (post, mode, est, political, age, source)."""
    u = {"id": uid, "name": name, "level": "county",
         "posts": {"secretary": 1, "deputy": sum(1 for s in staff if s[0] == "副书记"),
                   "staff": sum(1 for s in staff if s[0] == "干事")},
         "funding": funding}
    cs = [p.cadre(uid, post, mode, est, pol, age, src) for post, mode, est, pol, age, src in staff]
    return u, cs


def phases(year, spans):
    return [{"name": n, "start": s, "end": e, "tasks": t} for n, s, e, t in spans]


# ---- the three sample counties ------------------------------------------------

def xinzheng():
    ref = datetime.date(2021, 12, 31)
    p = People(410184, ref)
    townships = [("新建路街道", "subdistrict"), ("新华路街道", "subdistrict"), ("新烟街道", "subdistrict"),
                 ("和庄镇", "township"), ("薛店镇", "township"), ("孟庄镇", "township"),
                 ("郭店镇", "township"), ("龙湖镇", "township"), ("梨河镇", "township"),
                 ("辛店镇", "township"), ("观音寺镇", "township"), ("城关乡", "township"),
                 ("八千乡", "township"), ("龙王乡", "township"), ("新村镇", "township")]
    staff = ([("书记", "专职", "编制内", "中共党员", (32, 35), "党政机关")] +
             [("副书记", "专职", "编制内", "中共党员", (28, 34), "党政机关")] * 2 +
             [("副书记", "挂职", "编制外", "中共党员", (26, 33), "党政机关"),
              ("副书记", "兼职", "编制外", "共青团员", (24, 30), "非公企业"),
              ("副书记", "兼职", "编制外", "共青团员", (21, 23), "在校大学生")] +
             [("干事", "专职", "编制内", "共青团员", (23, 30), "党政机关")] * 3 +
             [("干事", "挂职", "编制外", "共青团员", (23, 28), "西部计划志愿者")] * 2 +
             [("干事", "兼职", "编制外", "共青团员", (22, 30), "返乡大学毕业生")] * 6)
    cu, ccs = county_unit(p, "xz", "共青团新郑市委员会", 820000, staff)
    special = {"龙王乡": {"size": 7, "deputies": 1},                     # committee-size finding
               "城关乡": {"size": 9, "deputies": 2},                     # exactly one third: passes
               "新烟街道": {"size": 10, "off_duty": 2},                   # on-duty 80 %
               "孟庄镇": {"size": 10, "old": [(37, "专职")]}}             # age finding
    # 47 villages with 34 secretaries in the "两委": 72.3 %, the seed's 214 of 296
    units, cadres = build_units(p, "xz", "新郑市", townships, [4, 4] + [3] * 13,
                                {"secretary": 1, "deputy": 2, "member": 7}, 0.72, 820000,
                                lambda i: 20000 + 2000 * (i % 4), month_every=11, special=special, two_count=34)
    units.insert(0, cu)
    cadres = ccs + cadres
    return {
        "version": 1,
        "note": ("样例数据：各项指标、推优入党、党建带团建等数字取自《新郑市在全国县域共青团基层组织改革试点工作中"
                 "获评优秀》（新郑时报，2022年9月16日）；团干部姓名、出生日期、乡镇以下团组织名单、预算金额、"
                 "考核分数和实施方案细节为虚构。全市296个村（社区）团支部只收录了47个，其中34个书记在村“两委”，比例与全市214/296相同（72.3%）。"),
        "county": {"code": "410184", "name": "新郑市", "kind": "县级市", "province": "河南省",
                   "prefecture": "郑州市", "league_committee": "共青团新郑市委员会",
                   "league_committee_short": "团新郑市委", "party_committee": "中共新郑市委员会",
                   "youth_population": 238000, "social_youth_population": 172600,
                   "registered_6_35": 261000},
        "period": {"year": 2021, "baseline_year": 2020, "reference_date": "2021-12-31",
                   "report_date": "2022-09-16", "stage": "终期评估"},
        # the plan's own standard, 1名书记、1—2名副书记、7—9名委员: 9 to 12 in all
        "rules": {"committee_size_min": 9, "committee_size_max": 12},
        "indicators": [
            {"id": "county_staff", "name": "团市委机关专、挂、兼职干部及其他工作力量", "unit": "人",
             "before": 7, "after": 17, "target": 15, "category": "工作力量"},
            {"id": "grassroots_force", "name": "基层团组织经常性工作力量", "unit": "人",
             "before": 1011, "after": 1744, "target": 1500, "category": "工作力量"},
            {"id": "social_force_per_10k", "name": "社会领域每万名14至35岁常住青年对应的团的经常性工作力量",
             "unit": "人", "before": 59, "after": 101, "category": "工作力量"},
            {"id": "village_secretaries", "name": "村（社区）团支部书记", "unit": "人",
             "before": 281, "after": 296, "category": "基层组织"},
            {"id": "village_members", "name": "村（社区）团支部委员", "unit": "人",
             "before": 512, "after": 594, "category": "基层组织"},
            {"id": "secretaries_in_two_committees", "name": "在村“两委”班子兼职的团支部书记", "unit": "人",
             "before": 153, "after": 214, "target": 296, "category": "基层组织",
             "note": "改革前数字为虚构"},
            {"id": "youth_societies", "name": "有效联系指导青年社团（社会组织）", "unit": "个",
             "before": 1, "after": 36, "category": "组织覆盖"},
            {"id": "youth_homes", "name": "青年之家", "unit": "个", "before": 6, "after": 18,
             "category": "服务阵地", "note": "改革前数字为虚构"},
            {"id": "brand_projects", "name": "品牌项目", "unit": "个", "before": 2, "after": 9,
             "category": "服务阵地", "note": "改革前数字为虚构"},
            {"id": "league_schools", "name": "建立中学团校的中学和中职学校", "unit": "个",
             "before": 21, "after": 39, "target": 39, "category": "团员教育",
             "note": "36所中学和3所中职学校，覆盖率100%；改革前数字为虚构"},
            {"id": "new_members", "name": "当年发展团员", "unit": "人", "before": 2480, "after": 2220,
             "higher_is_better": False, "category": "团员发展",
             "note": "初中1360名、高中680名、中职110名、社会领域70名；控制发展规模，改革前数字为虚构"},
            {"id": "party_building_share", "name": "党建带团建在党建考核中的占比", "unit": "%",
             "before": 1, "after": 3, "category": "党建带团建"},
        ],
        "units": units,
        "cadres": cadres,
        "assessment": {
            "weights": {"party_gov": 0.3, "league": 0.3, "youth": 0.2, "society": 0.2},
            "scores": {"party_gov": 93.5, "league": 92, "youth": 90, "society": 91},
            "items": [
                {"category": "基础工作", "name": "团干部配备与在岗", "max": 30, "score": 28},
                {"category": "重点工作", "name": "推优入党与团员发展", "max": 30, "score": 29},
                {"category": "特色工作", "name": "“用脚步丈量青情”", "max": 20, "score": 18},
                {"category": "X", "name": "温暖冬天系列活动", "max": 20, "score": 19}],
            "units": [{"unit": "t%02d" % i, "org_grade": g, "secretary_grade": s}
                      for i, g, s in [(1, "优秀", "优秀"), (4, "合格", "合格"), (5, "优秀", "合格"),
                                      (14, "基本合格", "不合格"), (15, "合格", "优秀")]]},
        "party_building": {"standing_committee_sessions": 3, "reports": 5, "secretary_instructions": 5,
                           "deputy_instructions": 3, "assessment_share": 0.03,
                           "new_party_members_under_28": 70, "recommended_by_league": 51},
        "plan": {
            "title": "新郑市县域共青团基层组织改革试点工作实施方案",
            "doc_number": "团新郑市委〔2021〕12号",
            "addressees": "各乡镇（街道、管委会）团（工）委，市直各单位团组织：",
            "guiding_idea": ("以习近平新时代中国特色社会主义思想为指导，深入贯彻团中央关于县域共青团基层组织改革"
                             "的部署要求，坚持党建带团建，聚焦完善工作力量选配机制，破解团干部队伍建设薄弱难题，"
                             "不断增强团组织的政治性、先进性、群众性。"),
            "goals": ["按照1名书记、1—2名副书记、7—9名委员标准配齐配强乡镇（街道、管委会）团（工）委领导班子。",
                      "按照每村（社区）1名团支部书记、2名团支部委员标准，选优配强村（社区）团支部。",
                      "团市委机关干部配备率达到100%，基层团组织经常性工作力量明显增加。"],
            "deadline": "2021-12-31",
            "date": "2021-06-10",
            "office_host": "共青团新郑市委员会",
            "office_head": "团市委书记",
            "draft": True,
            "cc": ["中共新郑市委组织部", "共青团郑州市委员会"],
            "leading_group": [
                {"role": "组长", "name": "王建国", "title": "中共新郑市委副书记"},
                {"role": "副组长", "name": "刘慧敏", "title": "中共新郑市委组织部副部长"},
                {"role": "副组长", "name": cadres[0]["name"], "title": "共青团新郑市委员会书记"},
                {"role": "成员", "name": "赵志强", "title": "新郑市教育局副局长"},
                {"role": "成员", "name": "孙丽娟", "title": "新郑市财政局副局长"},
                {"role": "成员", "name": "陈浩", "title": "新郑市人力资源和社会保障局副局长"}],
            "positions": [{"unit": "t%02d" % i, "post": "委员", "count": n}
                          for i, n in [(14, 2), (12, 3), (7, 1)]] +
                         [{"unit": "xz", "post": "兼职副书记", "count": 12}],
            "procedure": [{"name": "发布公告", "days": 15, "note": "通过报刊、网络、短信等媒介公开选配岗位和条件"},
                          {"name": "个人报名", "days": 5}, {"name": "资格审查", "days": 3},
                          {"name": "竞岗演讲", "days": 1, "note": "差额竞岗，候选人多于岗位数20%以上"},
                          {"name": "组织考察", "days": 5}, {"name": "任前公示", "days": 7},
                          {"name": "正式任命", "days": 1}],
            "phases": phases(2021, [
                ("动员部署阶段", "2021-06-15", "2021-07-15", ["成立改革工作领导小组，制定实施方案。", "召开动员部署会。"]),
                ("组织实施阶段", "2021-07-16", "2021-11-15", ["完成乡镇（街道、管委会）团（工）委班子选配。",
                                                          "完成村（社区）团支部选配。"]),
                ("总结评估阶段", "2021-11-16", "2021-12-31", ["开展自查评估，总结改革经验。"])]),
            "mechanisms": ["（一）推荐使用机制。建立县级团委向党组织推荐团的优秀基层工作骨干机制，对表现突出的团干部优先推荐使用。",
                           "（二）考核监督机制。印发《新郑市团干部考核工作细则》，分领域分层次对团干部进行考核监督，考核结果作为评先评优和选拔使用的重要依据。",
                           "（三）联席会议机制。完善青年工作联席会议机制，实行市委副书记、市政府副市长双召集人制度，每半年至少召开一次会议，研究解决团的建设重大问题。",
                           "（四）例会汇报机制。乡镇（街道、管委会）团（工）委每三个月至少召开一次全体委员会议，每年至少向同级党组织专题汇报一次团的工作。"],
            "guarantees": ["（一）经费保障。落实乡镇（街道、管委会）团（工）委每年工作经费不少于2万元的制度性安排；"
                           "各乡镇（街道、管委会）按照辖区6至35周岁户籍人口每人每年不低于3元的标准安排共青团和青年工作经费，"
                           "列入同级年度财政预算。",
                           "（二）组织保障。党建带团建、队建纳入党委巡察监督和党建年度考核，各级党组织主要负责同志亲自过问团干部选配工作。",
                           "（三）阵地保障。依托党群服务中心建设青年之家，做到有场所、有设施、有标志、有制度。"]},
        "narrative": {
            "background": ["2021年6月，团中央部署开展了县域共青团基层组织改革扩大试点工作。河南省共推荐31个县（市、区）参与前期改革试点。",
                           "工作开展以来，试点地方县级团委机关各类工作力量由县均5.9人增加至13.8人，社会领域团组织由县均514个增加至697个。"],
            "practices": [
                {"title": "多维度充实各级团组织队伍力量",
                 "paragraphs": ["团市委机关专、挂、兼职干部及其他工作力量总数达17人，较改革前增加10人，团市委机关干部配备率达100%，直属事业单位干部配备率200%。",
                                "2021年，按照每村（社区）1名团支部书记、2名团支部委员标准，选出村（社区）团支部书记296名、委员594名，其中35岁以下285人、女性85人、在村“两委”班子兼职214人。",
                                "选派15名优秀大学生任乡镇（街道、管委会）团（工）委兼职副书记，为296个村（社区）团支部配备大学生兼职团干部。"]},
                {"title": "以服务品牌助推组织运行更加高效",
                 "paragraphs": ["各基层团干部开展“用脚步丈量青情”330余次，发现问题256个，现场解决171个，持续解决85个，搜集意见建议42条。",
                                "2021年新增社会领域团组织439个、青工委12个，建立联合团支部3个，成立行业团工委5个。"]},
                {"title": "聚焦完善团员发展和教育管理机制",
                 "paragraphs": ["2021年共发展团员2220名，其中初中1360名、高中680名、中职110名、社会领域70名，新发展团员电子档案建档率100%，毕业学生团员组织关系“学社衔接率”100%。",
                                "县域内36所中学和3所中职学校全部建立中学团校，覆盖率100%。"]}],
            "results": [
                {"title": "工作力量显著增强",
                 "paragraphs": ["基层团组织经常性工作力量总数达到1744名，比改革前增加733名。社会领域每万名14至35岁常住青年人口对应的团的经常性工作力量为101名，比改革前增加42名。"]},
                {"title": "推优入党成为主渠道",
                 "paragraphs": ["2021年，新郑市28周岁以下入党人数70人，经过团组织推优51人，占28岁以下新发展党员的比例达72.9%。"]}],
            "problems": [
                {"title": "部分乡镇团委班子尚未配齐",
                 "paragraphs": ["个别乡镇团委委员人数未达到9名的下限，部分村（社区）团支部书记尚未进入村“两委”班子。"]}],
            "next_steps": [
                {"title": "巩固改革成果",
                 "paragraphs": ["持续推进村（社区）团支部书记进入村“两委”班子，健全团干部考核评价和激励机制。"]}]},
    }


def dongwu():
    ref = datetime.date(2023, 12, 31)
    p = People(152525, ref, "mongol")
    townships = [("乌里雅斯太镇", "township"), ("道特淖尔镇", "township"), ("嘎达布其镇", "township"),
                 ("满都胡宝拉格镇", "township"), ("额吉淖尔镇", "township"), ("呼热图淖尔苏木", "township"),
                 ("萨麦苏木", "township"), ("阿拉坦合力苏木", "township"), ("嘎海乐苏木", "township")]
    staff = ([("书记", "专职", "编制内", "中共党员", (31, 35), "党政机关")] +
             [("副书记", "专职", "编制内", "中共党员", (27, 33), "党政机关")] +
             [("干事", "专职", "编制内", "共青团员", (24, 30), "党政机关")] * 3 +
             [("副书记", "挂职", "编制外", "中共党员", (27, 34), "党政机关"),
              ("副书记", "兼职", "编制外", "中共党员", (26, 33), "中学"),
              ("副书记", "兼职", "编制外", "共青团员", (24, 30), "嘎查"),
              ("副书记", "兼职", "编制外", "共青团员", (25, 31), "苏木镇"),
              ("副书记", "兼职", "编制外", "共青团员", (26, 33), "非公企业"),
              ("副书记", "挂职", "编制外", "中共党员", (28, 34), "党政机关")] +
             [("干事", "兼职", "编制外", "共青团员", (23, 27), "返乡大学毕业生")] * 2 +
             [("干事", "兼职", "编制外", "共青团员", (24, 29), "社区民生志愿者")])
    cu, ccs = county_unit(p, "dw", "共青团东乌珠穆沁旗委员会", 260000, staff)
    special = {"萨麦苏木": {"size": 9, "party": 2},                 # party-members finding
               "嘎海乐苏木": {"size": 10, "outside": 4},             # outside-share finding
               "阿拉坦合力苏木": {"size": 16, "deputies": 2, "old": [(41, "兼职")]}}  # size and age findings
    units, cadres = build_units(p, "dw", "东乌珠穆沁旗", townships, 8, {"secretary": 1, "deputy": 2, "member": 7},
                                1.0, 260000, lambda i: 15000 if i == 8 else 25000, special=special)
    # 78 gacha (communities): the sample keeps 72 of them; average age of branch secretaries about 27
    units.insert(0, cu)
    cadres = ccs + cadres
    # "团干部不合格不评优，连续不合格动态调整"
    t3 = [c for c in cadres if c["unit"] == "t03"]
    t3[3]["assessment"] = [{"year": 2022, "grade": "不合格"}, {"year": 2023, "grade": "不合格"}]
    t3[4]["assessment"] = [{"year": 2022, "grade": "优秀"}, {"year": 2023, "grade": "合格"}]
    cadres[0]["assessment"] = [{"year": 2022, "grade": "优秀"}, {"year": 2023, "grade": "优秀"}]
    return {
        "version": 1,
        "note": ("样例数据：团干部人数增加347人（增幅47%）、旗团委专职团干部由2名增至5名、6名挂兼职副书记、"
                 "78个嘎查村（社区）团支部书记100%进入“两委”、91名在校大学生兼任副书记、在岗率90%以上、"
                 "推优入党41人等数字取自《凝聚精兵强将 激发队伍活力 东乌珠穆沁旗创新改革团干部选拔管理机制》"
                 "（2024年1月2日）；团干部姓名、出生日期、苏木镇以下团组织名单、考核分数为虚构，"
                 "嘎查村（社区）团支部只收录了72个。"),
        "county": {"code": "152525", "name": "东乌珠穆沁旗", "kind": "旗", "province": "内蒙古自治区",
                   "prefecture": "锡林郭勒盟", "league_committee": "共青团东乌珠穆沁旗委员会",
                   "league_committee_short": "团东乌旗委", "party_committee": "中共东乌珠穆沁旗委员会",
                   "youth_population": 31500, "registered_6_35": 36800},
        "period": {"year": 2023, "baseline_year": 2021, "reference_date": "2023-12-31",
                   "report_date": "2024-01-02", "stage": "中期评估"},
        "rules": {"on_duty_min": 0.9, "publicity_days_min": 10},
        "indicators": [
            {"id": "cadres_total", "name": "各级团干部", "unit": "人", "before": 738, "after": 1085,
             "category": "工作力量", "note": "增加347人，增幅47%；改革前后总数为按增幅推算"},
            {"id": "banner_full_time", "name": "旗团委专职团干部", "unit": "人", "before": 2, "after": 5,
             "target": 5, "category": "工作力量"},
            {"id": "banner_part_time_deputies", "name": "旗团委挂兼职副书记", "unit": "人", "before": 0,
             "after": 6, "category": "工作力量"},
            {"id": "student_deputies", "name": "兼任苏木乡镇、行业系统团（工）委副书记的在校大学生",
             "unit": "人", "before": 0, "after": 91, "category": "工作力量"},
            {"id": "secretaries_in_two_committees", "name": "进入“两委”班子的嘎查村（社区）团支部书记",
             "unit": "人", "before": 41, "after": 78, "target": 78, "category": "基层组织",
             "note": "改革前数字为虚构"},
            {"id": "recommended_into_party", "name": "团干部被推优入党", "unit": "人", "before": 0, "after": 41,
             "category": "激励"},
            {"id": "lectures", "name": "专题宣讲和主题学习活动", "unit": "场", "before": 12, "after": 97,
             "category": "引领力", "note": "覆盖青少年3万余人；改革前数字为虚构"},
            {"id": "chat_secretaries", "name": "“塔群小秘书”", "unit": "人", "before": 0, "after": 261,
             "category": "服务力"},
            {"id": "volunteers", "name": "储备青年志愿者", "unit": "人", "before": 120, "after": 500,
             "category": "贡献度", "note": "500余人；改革前数字为虚构"}],
        "units": units,
        "cadres": cadres,
        "assessment": {
            "weights": {"party_gov": 0.25, "league": 0.25, "youth": 0.25, "society": 0.25},
            "scores": {"party_gov": 90.5, "league": 89.3, "youth": 90.2, "society": 89.8},
            "items": [
                {"category": "基础工作", "name": "月度报账、季度晒帐", "max": 40, "score": 37},
                {"category": "重点工作", "name": "嘎查村（社区）团组织换届", "max": 30, "score": 29},
                {"category": "特色工作", "name": "“双网双线”微信塔群", "max": 20, "score": 18},
                {"category": "X", "name": "“东乌青年说”宣传宣讲", "max": 10, "score": 9}],
            "grades": [{"name": "优秀", "min": 90}, {"name": "良好", "min": 80}, {"name": "合格", "min": 60},
                       {"name": "不合格", "min": 0}],
            "units": [{"unit": "t%02d" % i, "org_grade": g, "secretary_grade": s}
                      for i, g, s in [(1, "优秀", "优秀"), (2, "合格", "合格"), (3, "合格", "不合格"),
                                      (6, "优秀", "不合格"), (9, "不合格", "合格")]]},
        "party_building": {"reports": 4, "assessment_share": 0.03},
        "plan": {
            "title": "东乌珠穆沁旗团干部选拔管理机制改革实施方案",
            "doc_number": "团东乌旗委〔2022〕5号",
            "addressees": "各苏木镇团委，各行业系统团（工）委，各中学（中职）团委：",
            "guiding_idea": ("坚持党管干部原则，拓宽团干部来源渠道、建立团干部任期目标、构建激励体系，推动团干部选用机制由"
                             "“体制化选”向“社会化选”转变，形成团干部选拔管理机制改革的工作闭环。"),
            "goals": ["配齐旗团委机关工作力量，专职团干部由2名增加至5名，选配6名挂兼职副书记。",
                      "苏木镇党委委员、组织委员兼任团委书记，苏木镇团委副书记专岗专设专用。",
                      "嘎查村（社区）团支部书记100%进入“两委”班子并兼任青年委员。"],
            "deadline": "2022-12-31",
            "date": "2022-02-25",
            "office_host": "共青团东乌珠穆沁旗委员会",
            "office_head": "旗团委书记",
            "draft": False,
            "cc": ["中共东乌珠穆沁旗委组织部", "共青团锡林郭勒盟委员会"],
            "leading_group": [
                {"role": "组长", "name": "额尔敦", "title": "中共东乌珠穆沁旗委副书记"},
                {"role": "副组长", "name": "张志刚", "title": "中共东乌珠穆沁旗委组织部部长"},
                {"role": "成员", "name": "其木格", "title": "东乌珠穆沁旗人力资源和社会保障局局长"},
                {"role": "成员", "name": cadres[0]["name"], "title": "共青团东乌珠穆沁旗委员会书记"}],
            "positions": [{"unit": "t%02d" % i, "post": "副书记", "count": 1} for i in range(1, 10)] +
                         [{"unit": "dw", "post": "兼职副书记", "count": 6}],
            "procedure": [{"name": "发布公告", "days": 10}, {"name": "个人报名", "days": 7},
                          {"name": "资格审查", "days": 3}, {"name": "竞岗演讲", "days": 1},
                          {"name": "组织考察", "days": 5}, {"name": "任前公示", "days": 5,
                                                          "note": "在人选所在单位进行公示"},
                          {"name": "正式任命", "days": 1}],
            "phases": phases(2022, [
                ("精心选", "2022-03-01", "2022-06-30", ["拓宽团干部来源渠道，“五湖四海”选干部。"]),
                ("用心管", "2022-07-01", "2022-10-31", ["推行“3+X”目标责任清单，开展“双评”。"]),
                ("细心育", "2022-11-01", "2022-12-31", ["完善薪酬、身份、发展激励。"])]),
            "mechanisms": ["（一）目标管理。以“3+X”目标责任清单为核心考评内容，分级分类分指标对团干部进行考核，任期目标年初制定、年中检查、年末考评。",
                           "（二）“双评”考核。通过“党政评、团内考、青年评、社会议”四位一体考评方式，开展团组织实绩考核和团干部履职评价。",
                           "（三）结果运用。实行“书记不合格、团组织不评优；团组织不合格、书记不评优”结果运用机制，连续两年考核不合格的，按程序调整岗位。"],
            "guarantees": ["（一）薪酬保障。团组织书记兼任嘎查村（社区）“两委”的青年委员，享受“两委”委员薪酬待遇。",
                           "（二）发展激励。优秀团干部优先推优入党、推优上岗，符合条件的纳入嘎查村（社区）“一肩挑”后备人选。",
                           "（三）组织保障。苏木镇党委明确一名党委委员分管团的工作，苏木镇团委副书记专岗专设专用。"]},
        "narrative": {
            "background": ["东乌旗通过“拓宽团干部来源渠道、建立团干部任期目标、构建激励体系”三个方面，探索团干部选用机制由“体制化选”向“社会化选”转变。",
                           "据统计，改革以来东乌旗各级团干部人数增加了347人，增幅为47%。"],
            "practices": [
                {"title": "精心选，推动团干部选用机制“体制化选”向“社会化选”转变",
                 "paragraphs": ["配齐东乌旗团委机关工作力量，专职团干部由之前的2名增加至5名，选配6名挂兼职副书记，聘用返乡大学毕业生2名，配备社区民生志愿者1名，新增群团事业保障中心中有3名工作人员由东乌旗团委调配。",
                                "78个嘎查村（社区）推选出平均年龄在27岁左右的团支部书记，100%进入“两委”班子并兼任青年委员；选拔91名东乌旗籍在校大学生兼任苏木乡镇、行业系统团（工）委副书记。"]},
                {"title": "用心管，构建团干部任期目标全流程管理机制",
                 "paragraphs": ["以“3+X”目标责任清单为核心考评内容，对苏木乡镇团委、行业团工委、中职中学团委进行“团组织实绩考核+团干部履职评价”双评。"]},
                {"title": "细心育，建立完善团干部分类激励体系",
                 "paragraphs": ["改革以来，4名专职团干部被推荐提拔为副科级领导岗位，3名兼职团干部被纳入嘎查（社区）“一肩挑”后备人选；各级团干部被推优入党41人、当选旗级党代表和人大代表5人、当选苏木镇级党代表和人大代表16人。"]}],
            "results": [
                {"title": "提升引领力和组织力",
                 "paragraphs": ["开展专题宣讲和主题学习活动97场，累计覆盖青少年3万余人；团干部在岗率保证90%并基本稳定。",
                                "261名“塔群小秘书”常态化参与联系服务团员工作；储备青年志愿者500余人。"]}],
            "problems": [
                {"title": "个别苏木团委班子结构有待优化",
                 "paragraphs": ["个别苏木团委委员中党员不足3名，编制外委员比例偏低。"]}],
            "next_steps": [
                {"title": "深化团的工作力量选用机制",
                 "paragraphs": ["压实全旗各级团组织的任期目标管理责任，有效运用团干部任期目标管理及结果，持续完善团干部激励体系。"]}]},
    }


def fuyun():
    ref = datetime.date(2023, 12, 31)
    p = People(654322, ref, "kazakh")
    townships = [("库额尔齐斯镇", "township"), ("可可托海镇", "township"), ("恰库尔图镇", "township"),
                 ("喀拉通克镇", "township"), ("杜热镇", "township"), ("吐尔洪乡", "township"),
                 ("库尔特乡", "township"), ("铁买克乡", "township"), ("喀拉布勒根乡", "township"),
                 ("城区街道", "subdistrict")]
    staff = ([("书记", "专职", "编制内", "中共党员", (31, 35), "党政机关"),
              ("副书记", "专职", "编制内", "中共党员", (27, 33), "党政机关"),
              ("副书记", "挂职", "编制外", "中共党员", (26, 32), "党政机关"),
              ("副书记", "挂职", "编制外", "中共党员", (26, 32), "党政机关")] +
             [("干事", "专职", "编制内", "共青团员", (24, 30), "党政机关")] * 2)
    cu, ccs = county_unit(p, "fy", "共青团富蕴县委员会", 180000, staff)
    special = {"吐尔洪乡": {"size": 8, "deputies": 2}}
    units, cadres = build_units(p, "fy", "富蕴县", townships, 8, {"secretary": 1, "deputy": 2, "member": 7},
                                1.0, 180000, lambda i: 20000, special=special)
    # 10 西部计划 volunteers as part-time township deputies
    n = 0
    for c in cadres:
        if c["post"] == "副书记" and c["mode"] == "挂职" and n < 10:
            c.update(mode="兼职", source="西部计划志愿者")
            n += 1
    units.insert(0, cu)
    cadres = ccs + cadres
    return {
        "version": 1,
        "note": ("样例数据：75个村、11个社区配备率和在岗率100%、2名挂职副书记、10名西部计划志愿者任乡镇团委兼职副书记、"
                 "540名团干部参加练兵、96人参加培训、2023年发展团员303名、活动214场覆盖288个团组织5187名团员等数字"
                 "取自《共青团改革－阿勒泰地区富蕴县：强基固本笃行不怠 聚力赋能踔厉奋发》；"
                 "团干部姓名、出生日期、乡镇以下团组织名单、考核分数为虚构，村（社区）团支部只收录了80个。"),
        "county": {"code": "654322", "name": "富蕴县", "kind": "县", "province": "新疆维吾尔自治区",
                   "prefecture": "阿勒泰地区", "league_committee": "共青团富蕴县委员会",
                   "league_committee_short": "团富蕴县委", "party_committee": "中共富蕴县委员会",
                   "youth_population": 29800, "registered_6_35": 33500},
        "period": {"year": 2023, "baseline_year": 2022, "reference_date": "2023-12-31",
                   "report_date": "2024-01-15", "stage": "年度评估"},
        "indicators": [
            {"id": "village_staffing_rate", "name": "村（社区）团干部配备率", "unit": "%", "before": 86.5,
             "after": 100, "target": 100, "category": "工作力量", "note": "75个村、11个社区；改革前数字为虚构"},
            {"id": "village_on_duty_rate", "name": "村（社区）团干部在岗率", "unit": "%", "before": 91.2,
             "after": 100, "target": 100, "category": "工作力量", "note": "改革前数字为虚构"},
            {"id": "county_seconded_deputies", "name": "县团委挂职副书记", "unit": "人", "before": 0,
             "after": 2, "category": "工作力量"},
            {"id": "volunteer_deputies", "name": "任乡镇团委兼职副书记的西部计划志愿者", "unit": "人",
             "before": 0, "after": 10, "category": "工作力量"},
            {"id": "training_campaign", "name": "参加“岗位大练兵能力大提升”的团干部", "unit": "人",
             "before": 0, "after": 540, "category": "能力提升"},
            {"id": "training_sessions", "name": "参加基础团务和“青马工程”培训的基层团干部", "unit": "人",
             "before": 40, "after": 96, "category": "能力提升", "note": "培训2场次；改革前数字为虚构"},
            {"id": "new_members", "name": "当年发展团员", "unit": "人", "before": 280, "after": 303,
             "category": "团员发展", "note": "改革前数字为虚构"},
            {"id": "activities", "name": "主题团日、离队入团、红色研学等活动", "unit": "场", "before": 150,
             "after": 214, "category": "团员教育", "note": "覆盖288个团组织、5187名团员；改革前数字为虚构"}],
        "units": units,
        "cadres": cadres,
        "assessment": {
            "weights": {"party_gov": 0.4, "league": 0.3, "youth": 0.2, "society": 0.1},
            "scores": {"party_gov": 88, "league": 86, "youth": 85, "society": 90},
            "items": [
                {"category": "基础工作", "name": "团员发展与教育管理", "max": 40, "score": 35},
                {"category": "重点工作", "name": "“三轴”队伍建设", "max": 30, "score": 26},
                {"category": "特色工作", "name": "红色教育基地研学", "max": 20, "score": 17},
                {"category": "X", "name": "“青马工程”培训", "max": 10, "score": 9}],
            "units": [{"unit": "t%02d" % i, "org_grade": g, "secretary_grade": s}
                      for i, g, s in [(1, "优秀", "优秀"), (2, "优秀", "合格"), (6, "合格", "合格")]]},
        "plan": {
            "title": "富蕴县共青团基层组织改革实施方案",
            "doc_number": "团富蕴县委〔2023〕3号",
            "addressees": "各乡镇团委，城区街道团工委，县直各单位团组织：",
            "guiding_idea": ("紧紧围绕团中央关于县域共青团基层组织改革工作重要要求，始终坚持把引领力、组织力、服务力贯穿改革全过程，"
                             "紧扣以不断保持和增强政治性、先进性、群众性的目标方向。"),
            "goals": ["完成全县75个村、11个社区书记班子配备率、团干部配备率、在岗率100%的目标。",
                      "选配两名优秀青年干部担任团委挂职副书记，争取10名西部计划志愿者担任各乡镇团委兼职副书记。"],
            "deadline": "2023-12-31",
            "date": "2023-02-10",
            "office_host": "共青团富蕴县委员会",
            "office_head": "团县委书记",
            "draft": True,
            "cc": ["中共富蕴县委组织部", "共青团阿勒泰地区委员会"],
            "leading_group": [
                {"role": "组长", "name": "李建华", "title": "中共富蕴县委书记"},
                {"role": "副组长", "name": "努尔兰", "title": "富蕴县人民政府副县长"},
                {"role": "成员", "name": cadres[0]["name"], "title": "共青团富蕴县委员会书记"},
                {"role": "成员", "name": "马晓燕", "title": "富蕴县教育局副局长"}],
            "positions": [{"unit": "t%02d" % i, "post": "兼职副书记", "count": 1} for i in range(1, 10)] +
                         [{"unit": "fy", "post": "挂职副书记", "count": 2}],
            "procedure": [{"name": "发布公告", "days": 15}, {"name": "个人报名", "days": 5},
                          {"name": "资格审查", "days": 3}, {"name": "组织考察", "days": 5},
                          {"name": "任前公示", "days": 7}, {"name": "正式任命", "days": 1}],
            "phases": phases(2023, [
                ("动员部署", "2023-02-01", "2023-03-31", ["印发实施方案，成立改革工作领导小组。"]),
                ("全面推进", "2023-04-01", "2023-10-31", ["推进“选用”“培育”“管理”三轴建设。"]),
                ("总结提升", "2023-11-01", "2023-12-31", ["召开青年工作联席会议，总结改革成效。"])]),
            "mechanisms": ["（一）述职评议。健全团干部综合考核工作机制，落实团组织书记述职评议制度，每年向同级党组织和上级团组织述职。",
                           "（二）排名通报。定期对各项团工作开展情况进行排名通报，纳入年度考核制度之中。",
                           "（三）例会制度。乡镇团委每三个月至少召开一次全体委员会议，研究部署团的工作。"],
            "guarantees": ["（一）组织保障。将团建纳入县委党建工作部署和年度考核，各级党组织把团干部选配纳入干部工作总体安排。",
                           "（二）协调保障。各成员单位分模块牵头推进改革，形成多部门齐抓共管的改革协调工作体系。",
                           "（三）经费保障。乡镇团委每年工作经费不少于2万元，列入同级年度财政预算。"]},
        "narrative": {
            "background": ["自县域共青团基层组织改革工作开展以来，共青团富蕴县委员会抓住改革机遇，积极推动县域共青团改革工作取得良好成效。"],
            "practices": [
                {"title": "搭建选人用人“X轴”，扩充团干部力量",
                 "paragraphs": ["选配两名优秀青年干部担任团委挂职副书记，积极协调争取10名西部计划志愿者担任各乡镇团委兼职副书记。目前已完成全县75个村、11个社区书记班子配备率、团干部配备率、在岗率100%的目标。"]},
                {"title": "树立能力提升“Y轴”，锻造团干部本领",
                 "paragraphs": ["开展团干部“岗位大练兵能力大提升”活动，覆盖540名团干部；召开“3214”共青团系统基础团务培训会、“青马工程”培训2场次，覆盖基层团干部96人。"]},
                {"title": "打造考核激励“Z轴”，激发团干部活力",
                 "paragraphs": ["健全团干部综合考核工作机制，落实团组织书记述职评议制度，积极推动团干部有效履职。"]}],
            "results": [
                {"title": "团员教育扎实开展",
                 "paragraphs": ["2023年共发展团员303名。开展主题团日、离队入团、红色研学等活动214场，覆盖全县288个团组织，5187名团员。"]}],
            "problems": [
                {"title": "基层团组织建设仍有薄弱环节",
                 "paragraphs": ["个别乡镇团委委员人数未达到下限，部分团干部履职能力有待提升。"]}],
            "next_steps": [
                {"title": "抓好实施方案落地执行",
                 "paragraphs": ["抓好《富蕴县共青团基层组织改革实施方案》落地执行，深入查找基层团组织建设方面存在的突出问题和薄弱环节。"]}]},
    }


SAMPLES = {"xinzheng": xinzheng, "dongwu": dongwu, "fuyun": fuyun}


# ---- synthetic counties ---------------------------------------------------------

def synth(ncadres, seed, code, name="合成县"):
    ref = datetime.date(2023, 12, 31)
    p = People(seed, ref)
    ncadres = max(30, min(int(ncadres), 100000))
    ntown = max(1, ncadres // 300)
    per_town = (ncadres - 6 - ntown * 10) // 3 // ntown
    townships = [("合成%d镇" % (i + 1), "subdistrict" if i % 7 == 6 else "township") for i in range(ntown)]
    staff = ([("书记", "专职", "编制内", "中共党员", (31, 35), "党政机关")] +
             [("副书记", "兼职", "编制外", "共青团员", (24, 30), "非公企业")] * 2 +
             [("干事", "专职", "编制内", "共青团员", (24, 30), "党政机关")] * 3)
    cu, ccs = county_unit(p, "c", "共青团%s委员会" % name, 500000, staff)
    units, cadres = build_units(p, "c", name, townships, max(0, per_town),
                                {"secretary": 1, "deputy": 2, "member": 7}, 0.9, 500000,
                                lambda i: 20000 + 1000 * (i % 5), month_every=13)
    units.insert(0, cu)
    return {
        "version": 1,
        "note": "合成数据：用于测试和性能评估，全部为虚构。",
        "county": {"code": code, "name": name, "kind": "县", "league_committee": "共青团%s委员会" % name,
                   "league_committee_short": "团%s委" % name, "registered_6_35": ncadres * 100},
        "period": {"year": 2023, "baseline_year": 2022, "reference_date": "2023-12-31",
                   "report_date": "2024-01-10", "stage": "年度评估"},
        "indicators": [{"id": "cadres", "name": "团干部", "unit": "人", "before": len(cadres) // 2,
                        "after": len(cadres) + len(ccs)}],
        "units": units,
        "cadres": ccs + cadres,
        "assessment": {"weights": {"party_gov": 0.3, "league": 0.3, "youth": 0.2, "society": 0.2},
                       "scores": {"party_gov": 85, "league": 82, "youth": 80, "society": 78}},
        "plan": {"title": "%s共青团基层组织改革实施方案" % name,
                 "procedure": [{"name": "发布公告", "days": 15}, {"name": "任前公示", "days": 7}],
                 "phases": phases(2023, [("部署", "2023-01-01", "2023-03-31", []),
                                         ("实施", "2023-04-01", "2023-12-31", [])])},
    }


# ---- XML form -------------------------------------------------------------------

ITEM = {"indicators": "indicator", "units": "unit", "cadres": "cadre", "items": "item",
        "grades": "grade", "assessment": "result", "goals": "p", "mechanisms": "p",
        "guarantees": "p", "cc": "p", "tasks": "p", "background": "p", "paragraphs": "p",
        "leading_group": "member", "positions": "position", "procedure": "step", "phases": "phase",
        "practices": "section", "results": "section", "problems": "section", "next_steps": "section"}


def scalar_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def write_xml(name, value, out, indent, attr_ok=True):
    pad = "  " * indent
    if isinstance(value, dict):
        attrs, kids = [], []
        for k, v in value.items():
            if v is None:
                continue
            short = not isinstance(v, (dict, list)) and len(scalar_text(v)) <= 40
            (attrs if attr_ok and short else kids).append((k, v))
        a = "".join(" %s=%s" % (k, quoteattr(scalar_text(v))) for k, v in attrs)
        if not kids:
            out.append("%s<%s%s/>" % (pad, name, a))
            return
        out.append("%s<%s%s>" % (pad, name, a))
        for k, v in kids:
            write_xml(k, v, out, indent + 1)
        out.append("%s</%s>" % (pad, name))
    elif isinstance(value, list):
        out.append("%s<%s>" % (pad, name))
        for v in value:
            write_xml(ITEM.get(name, "item"), v, out, indent + 1)
        out.append("%s</%s>" % (pad, name))
    else:
        out.append("%s<%s>%s</%s>" % (pad, name, escape(scalar_text(value)), name))


def to_xml(data):
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    body = dict(data)
    version = body.pop("version", 1)
    out.append('<county-report version=%s>' % quoteattr(scalar_text(version)))
    for k, v in body.items():
        if v is not None:
            write_xml(k, v, out, 1, attr_ok=k != "note")
    out.append("</county-report>")
    return "\n".join(out) + "\n"


def dump_json(data):
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def options(argv, known):
    """--name value pairs into a dict; flags (known[name] is None) become True."""
    opts, i = {}, 0
    while i < len(argv):
        name = argv[i][2:] if argv[i].startswith("--") else None
        if name not in known:
            raise SystemExit("synth_county.py: unknown option %s (see --help)" % argv[i])
        if known[name] is None:
            opts[name] = True
            i += 1
        else:
            if i + 1 >= len(argv):
                raise SystemExit("synth_county.py: %s needs a value" % argv[i])
            opts[name] = known[name](argv[i + 1])
            i += 2
    return opts


def batch(opts):
    import os
    out = opts["out"]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(opts.get("seed", 1))
    for k in range(opts.get("count", 1)):
        code = "%06d" % (900001 + k)
        n = opts.get("cadres") or rng.randint(100, 400)
        data = synth(n, rng.randrange(1 << 30), code, "合成%d县" % (k + 1))
        with open(os.path.join(out, code + ".json"), "w", encoding="utf-8") as f:
            f.write(dump_json(data))
        if opts.get("xml"):
            with open(os.path.join(out, code + ".xml"), "w", encoding="utf-8") as f:
                f.write(to_xml(json.loads(dump_json(data), parse_float=decimal.Decimal)))
        print(os.path.join(out, code + ".json"))


def main(argv):
    if argv and argv[0] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        return 0
    if argv and argv[0].startswith("--") and argv[0] != "--help":
        opts = options(argv, {"count": int, "out": str, "seed": int, "cadres": int, "xml": None})
        if "out" not in opts:
            raise SystemExit("synth_county.py: --count needs --out DIR")
        batch(opts)
        return 0
    if len(argv) >= 2 and argv[0] == "sample" and argv[1] in SAMPLES:
        sys.stdout.write(dump_json(SAMPLES[argv[1]]()))
    elif argv and argv[0] == "synth":
        opts = options(argv[1:], {"cadres": int, "seed": int, "code": str})
        sys.stdout.write(dump_json(synth(opts.get("cadres", 1000), opts.get("seed", 1), opts.get("code", "990001"))))
    elif len(argv) == 2 and argv[0] == "to-xml":
        with open(argv[1], encoding="utf-8") as f:
            data = json.load(f, parse_float=decimal.Decimal)
        sys.stdout.write(to_xml(data))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
