#!/usr/bin/env python3
"""Generate the sample import bundle ``loaders/samples/guangxi/`` (bundle format version 1).

What it models
--------------
An invented provincial power-grid company, 桂海电网公司 (unit ``u-gx``), shaped after the source
article about Guangxi Power Grid's party committee. Every person, unit and party org name is
invented; only the 昆柳龙直流工程 project name comes from the article.

* 8 domains (``d-safety`` 安全生产, ``d-build`` 电网建设, ``d-market`` 市场营销, ``d-finance``,
  ``d-hr``, ``d-party``, ``d-digital``, ``d-audit``).
* The company committee ``po-gx`` (secretary ``p-0001``) and its leadership team: 9 seated leaders
  ``p-0001``..``p-0009``, each in charge of 1-2 domains, plus the former leader ``p-0010`` whose
  seat and domain charge ended on 2021-06-30.
* 12 HQ departments ``u-d01``..``u-d12`` with organ branches ``br-d01``..``br-d12``; two
  business-support units ``u-s01`` (construction) and ``u-s02`` (ICT), each with a general branch
  (``gb-s01``, ``gb-s02``) over the branches of its centres (``br-s01-1`` ...).
* 14 prefecture bureaus ``u-b01``..``u-b14``, each with a committee ``po-bNN`` (secretary plus 1-2
  committee members), an organ branch ``br-bNN-jg``, 1-2 county companies ``u-bNN-cK`` with their
  供电所 ``u-bNN-cK-sJ``, and 1-2 stations ``u-bNN-sK`` directly under the bureau. The branch of
  a department, centre, county or station is the unit's id with ``br-`` for ``u-``. Bureaus b03,
  b08 and b11 put a general branch ``gb-bNN-cK`` over each county's branches; b14 has a joint
  branch ``br-b14-lh`` (attached to ``u-b14-j1``) for two small 供电所 ``u-b14-j1``, ``u-b14-j2``.
* Teams ``t-<unit>-N`` with members and leaders; a party group ``g-<unit>-N`` on each team with
  3+ formal members. Temporary branches have their own groups, not built on a team (``g-kll``,
  ``g-qs``).
* Projects: ``pj-kll`` 昆柳龙直流工程 (major, 2018-11-15..2020-12-27, owned by ``u-s01``) with the
  temporary branch ``br-kll`` (2019-03-01, dissolved 2021-03-31); ``pj-qs`` (major, running) with
  the active temporary branch ``br-qs`` and the assigned teams ``t-b01-s1-1`` and ``t-b01-s1-2``;
  ``pj-hs`` (major, running, no temporary branch; teams ``t-s01-2-1``, ``t-s01-2-2``); ``pj-pw``
  (not major, started 2026-08-01, team ``t-s02-1-1``). Members of a temporary branch keep their
  seat in their home branch, so they hold seats in two branches at once.
* 33 benchmark branches in 10 categories over the domains d-safety, d-build and d-market.
* The 2020 figures of the article: the company leadership team set up 18 party-building liaison
  points ``lp-pb-01``..``lp-pb-18`` and 15 branch liaison points ``lp-br-01``..``lp-br-15``, all
  from 2020, and visited them 179 times in 2020. Bureau leaders' liaison points ``lp-bNN-K`` and
  all their visits date from 2021 on. "Today" is 2026-11-23.

Deliberate gaps (each an audit finding as of 2026-11-23)
--------------------------------------------------------
* Branches covered by no liaison point: ``br-d11`` (never covered) and ``br-b09-s1`` (covered only
  by the branch liaison point ``lp-b09-1``, which expired on 2022-09-30).
* Liaison point never visited: ``lp-b13-2``. Visited, but not within the last 12 months:
  ``lp-pb-08``, ``lp-br-11``, ``lp-b04-2``, ``lp-b10-3``.
* Team with 3+ formal party members and no party group: ``t-b05-s1-1``.
* Team whose formal-member leader does not lead the team's group: ``t-b06-s1-1``.
* Branch with no secretary (it has committee members): ``br-b13-s1``.
* Branch with more than 50 members: ``br-b02-s1``.
* Committee elected more than 5 years ago: ``po-b12`` (elected_on 2019-04-18).
* Person without a unit: ``p-0011`` (seconded; a member of ``br-d02``).
* Domain without a leader in charge: ``d-digital`` (never had one).
* Major project running without a temporary branch: ``pj-hs``.
* Leaders with no dual organisational life (no ordinary branch membership): ``p-0008`` and
  ``p-0009`` (company committee) and the secretary of ``po-b07`` (``p-0027``).

Side effects worth knowing (not gaps of their own)
--------------------------------------------------
* Liaison points that exist but do not count today: ``lp-pb-17`` and ``lp-br-12`` (their leader
  ``p-0010`` left on 2021-06-30; the points stay open), ``lp-br-06`` (its target ``br-kll`` was
  dissolved on 2021-03-31), ``lp-b09-1`` (expired).
* The company leaders work at ``u-gx`` itself, which has no branch attached (rule 9 may flag it);
  their branch lives are in departmental organ branches.
* Officers hold one seat per org (secretary or committee_member, no extra member row).

Run ``python scripts/make_sample.py``: it rewrites the CSV files and then checks the generated rows
(the article's figures, the gaps above, referential integrity) and fails loudly on a regression.
The output is byte-identical from run to run.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from pathlib import Path

# --------------------------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------------------------

SEED = 2020
TODAY = date(2026, 11, 23)
RECENT_FROM = date(2025, 12, 1)  # a visit on or after this day is "within the last 12 months"
STALE_UNTIL = date(2025, 6, 30)  # stale liaison points were last visited on or before this day
OUT_DIR = Path(__file__).resolve().parents[1] / "loaders" / "samples" / "guangxi"

COLUMNS: dict[str, tuple[str, ...]] = {
    "domains": ("id", "name"),
    "units": ("id", "name", "kind", "parent_id", "domain_ids"),
    "people": ("id", "name", "party_status", "unit_id", "team_id"),
    "party_orgs": (
        "id",
        "name",
        "kind",
        "parent_id",
        "unit_id",
        "branch_kind",
        "project_id",
        "established_on",
        "dissolved_on",
        "elected_on",
        "benchmark_domain_id",
        "benchmark_category",
    ),
    "party_roles": ("person_id", "org_id", "role", "from", "to"),
    "leader_domains": ("person_id", "domain_id", "from", "to"),
    "teams": ("id", "name", "unit_id", "leader_id", "domain_id", "project_id"),
    "party_groups": ("id", "name", "branch_id", "team_id", "leader_id", "member_ids"),
    "projects": ("id", "name", "unit_id", "domain_id", "major", "start_on", "end_on"),
    "liaison_points": ("id", "leader_id", "kind", "target_id", "from", "to"),
    "visits": ("liaison_point_id", "date", "kind", "note"),
}

DOMAINS = (
    ("d-safety", "安全生产"),
    ("d-build", "电网建设"),
    ("d-market", "市场营销"),
    ("d-finance", "财务管理"),
    ("d-hr", "人力资源"),
    ("d-party", "党的建设"),
    ("d-digital", "数字化"),
    ("d-audit", "审计监督"),
)

COMPANY_UNIT = ("u-gx", "桂海电网公司")
COMPANY_COMMITTEE = ("po-gx", "桂海电网公司党委", "2022-06-15")
COMMITTEE_ID = COMPANY_COMMITTEE[0]
LEADERS_FROM = "2019-01-01"

# id, role on po-gx, domains in charge, branch of dual organisational life (None: a gap)
COMPANY_LEADERS = (
    ("p-0001", "secretary", ("d-party", "d-audit"), "br-d02"),
    ("p-0002", "deputy_secretary", ("d-safety", "d-finance"), "br-d07"),
    ("p-0003", "deputy_secretary", ("d-party", "d-hr"), "br-d03"),
    ("p-0004", "committee_member", ("d-safety",), "br-d08"),
    ("p-0005", "committee_member", ("d-build",), "br-d06"),
    ("p-0006", "committee_member", ("d-market",), "br-d09"),
    ("p-0007", "committee_member", ("d-finance",), "br-d04"),
    ("p-0008", "committee_member", ("d-hr", "d-audit"), None),
    ("p-0009", "committee_member", ("d-build", "d-market"), None),
)
FORMER_LEADER = ("p-0010", "d-market", "2021-06-30", "u-d05")  # id, domain, seat end, later unit
PERSON_WITHOUT_UNIT = ("p-0011", "br-d02", "2024-03-01")  # id, branch, member from

# suffix, name, domains
DEPARTMENTS = (
    ("d01", "办公室", ()),
    ("d02", "党建工作部", ("d-party",)),
    ("d03", "人力资源部", ("d-hr",)),
    ("d04", "财务部", ("d-finance",)),
    ("d05", "计划发展部", ("d-build",)),
    ("d06", "基建部", ("d-build",)),
    ("d07", "生产技术部", ("d-safety",)),
    ("d08", "安全监管部", ("d-safety",)),
    ("d09", "市场营销部", ("d-market",)),
    ("d10", "数字化部", ("d-digital",)),
    ("d11", "审计部", ("d-audit",)),
    ("d12", "系统运行部", ("d-safety",)),
)

# suffix, name, domains, centres (suffix, name), team labels of the centres
SUPPORT_UNITS = (
    (
        "s01",
        "桂海电网建设分公司",
        ("d-build",),
        (("1", "第一项目部"), ("2", "第二项目部"), ("3", "安全质量中心")),
        ("土建施工班", "电气安装班", "调试班"),
    ),
    (
        "s02",
        "桂海信息通信分公司",
        ("d-digital",),
        (("1", "通信运维中心"), ("2", "数据运营中心")),
        ("通信运维班", "信息运维班", "网络安全班"),
    ),
)

BUREAUS = (
    ("b01", "青山"),
    ("b02", "白石"),
    ("b03", "云岭"),
    ("b04", "清江"),
    ("b05", "金田"),
    ("b06", "翠峰"),
    ("b07", "银滩"),
    ("b08", "龙潭"),
    ("b09", "松岗"),
    ("b10", "明湖"),
    ("b11", "丹岩"),
    ("b12", "望川"),
    ("b13", "桂屏"),
    ("b14", "望海"),
)
GENERAL_BRANCH_BUREAUS = ("b03", "b08", "b11")
JOINT_BUREAU = "b14"

# name suffix, domains, team labels
STATION_TYPES = {
    "bd": (
        "变电管理所",
        ("d-safety",),
        ("变电运维一班", "变电运维二班", "变电运维三班", "变电检修班", "继电保护班", "高压试验班"),
    ),
    "sd": (
        "输电管理所",
        ("d-safety",),
        ("线路运维一班", "线路运维二班", "带电作业班", "线路检修班"),
    ),
    "kf": ("客户服务中心", ("d-market",), ("营业班", "计量班", "客户经理班", "用电检查班")),
    "pd": (
        "配电运维中心",
        ("d-safety", "d-market"),
        ("配电运维班", "抢修一班", "抢修二班", "配网自动化班"),
    ),
    "jj": (
        "建设项目管理中心",
        ("d-build",),
        ("项目管理一班", "项目管理二班", "安全质量班", "技经管理班"),
    ),
}
STATION_TYPE_FORCED = {"u-b01-s1": "jj", "u-b02-s1": "bd", "u-b07-s1": "jj"}
TOWN_STATION = ("供电所", ("d-market", "d-safety"), ("营业班", "配电运维班", "抢修班"))
COUNTY = ("县供电公司", ("d-safety", "d-market"), ("调控运行班", "运维检修班", "市场营销班"))
BUREAU_TEAMS = ("电力调度控制班", "综合事务班")
DEPARTMENT_TEAMS = ("综合管理班", "专业管理班")

# team count range, team size range, P(formal), P(probationary)
PROFILES = {
    "department": ((1, 2), (5, 8), 0.80, 0.04),
    "bureau": ((1, 2), (5, 8), 0.78, 0.04),
    "centre": ((2, 3), (6, 9), 0.65, 0.05),
    "county": ((2, 3), (5, 9), 0.60, 0.05),
    "station": ((2, 4), (5, 9), 0.58, 0.05),
    "first_station": ((3, 4), (6, 9), 0.62, 0.05),
    "town": ((2, 3), (4, 8), 0.55, 0.05),
    "big": ((6, 6), (10, 12), 0.88, 0.03),
    "joint": ((1, 2), (4, 6), 0.55, 0.05),
    "joint_tiny": ((1, 1), (4, 4), 0.0, 0.0),
}

# id, name, owning unit, domain, major, start_on, end_on
PROJECTS = (
    ("pj-kll", "昆柳龙直流工程", "u-s01", "d-build", True, "2018-11-15", "2020-12-27"),
    ("pj-qs", "青山500千伏输变电工程", "u-b01", "d-build", True, "2024-05-10", ""),
    ("pj-hs", "银滩海上风电送出工程", "u-s01", "d-build", True, "2025-03-01", ""),
    ("pj-pw", "配网数字化主站升级项目", "u-s02", "d-digital", False, "2026-08-01", ""),
)
PROJECT_TEAMS = {
    "pj-qs": ("t-b01-s1-1", "t-b01-s1-2"),
    "pj-hs": ("t-s01-2-1", "t-s01-2-2"),
    "pj-pw": ("t-s02-1-1",),
}
# id, name, project, parent org, unit, established_on, dissolved_on, members from (unit or project)
TEMPORARY_BRANCHES = (
    (
        "br-kll",
        "昆柳龙直流工程临时党支部",
        "pj-kll",
        "gb-s01",
        "u-s01",
        "2019-03-01",
        "2021-03-31",
        "u-s01-1",
    ),
    (
        "br-qs",
        "青山500千伏输变电工程临时党支部",
        "pj-qs",
        "po-b01",
        "u-b01",
        "2024-06-01",
        "",
        "pj-qs",
    ),
)

# The company leadership team's liaison points, all set up in 2020 (ids lp-pb-NN / lp-br-NN).
COMPANY_PB_LPS = (
    ("p-0001", "po-b01"),
    ("p-0001", "u-d02"),
    ("p-0002", "u-b02"),
    ("p-0002", "u-d07"),
    ("p-0003", "po-b03"),
    ("p-0003", "u-d03"),
    ("p-0004", "u-b04"),
    ("p-0004", "u-d08"),
    ("p-0005", "u-s01"),
    ("p-0005", "u-b05"),
    ("p-0006", "po-b06"),
    ("p-0006", "u-d09"),
    ("p-0007", "u-b07"),
    ("p-0008", "po-b08"),
    ("p-0009", "u-b10"),
    ("p-0009", "u-d06"),
    ("p-0010", "u-b11"),
    ("p-0007", "gb-s02"),
)
COMPANY_BR_LPS = (
    ("p-0001", "br-d01"),
    ("p-0002", "br-b12-s1"),
    ("p-0003", "br-d05"),
    ("p-0004", "br-b13-s1"),
    ("p-0005", "br-b01-s1"),
    ("p-0005", "br-kll"),
    ("p-0006", "br-b14-lh"),
    ("p-0007", "br-d04"),
    ("p-0008", "br-d10"),
    ("p-0008", "br-b12-jg"),
    ("p-0009", "br-b13-jg"),
    ("p-0010", "br-b14-s1"),
    ("p-0002", "br-d12"),
    ("p-0006", "br-b12-c1"),
    ("p-0004", "br-b13-c1"),
)
COMPANY_LP_FROM = (date(2020, 1, 6), date(2020, 5, 29))
BUREAU_LP_FROM = (date(2021, 1, 4), date(2025, 6, 30))
VISITS_IN_2020 = 179

# Deliberate gaps (see the module docstring).
UNCOVERED_BRANCHES = ("br-d11", "br-b09-s1")
EXPIRED_LP = ("lp-b09-1", "br-b09-s1", "2022-09-30")  # id, target, to
NEVER_VISITED_LP = "lp-b13-2"
STALE_LPS = ("lp-pb-08", "lp-br-11", "lp-b04-2", "lp-b10-3")
TEAM_WITHOUT_GROUP = "t-b05-s1-1"
TEAM_LEADER_NOT_GROUP_LEADER = "t-b06-s1-1"
BRANCH_WITHOUT_SECRETARY = "br-b13-s1"
OVERSIZED_BRANCH = "br-b02-s1"
OVERDUE_COMMITTEE = ("po-b12", "2019-04-18")
DOMAIN_WITHOUT_LEADER = "d-digital"
MAJOR_PROJECT_WITHOUT_BRANCH = "pj-hs"
BUREAU_SECRETARY_WITHOUT_DUAL_LIFE = "po-b07"  # the secretary of this committee

BENCHMARKS = {  # domain: (category, number of branches)
    "d-build": (("支部建在项目上", 3), ("党建促基建", 3), ("党员突击队", 2)),
    "d-market": (("党员服务示范岗", 4), ("党员服务队", 4), ("党员零投诉", 3)),
    "d-safety": (
        ("党员安全责任区", 4),
        ("党员安全示范岗", 4),
        ("党员无违章", 3),
        ("保供电先锋", 3),
    ),
}

VISIT_NOTES = {
    "research": (
        "调研深度融合工作推进情况",
        "调研班组建设与党小组建设",
        "调研安全生产责任落实",
        "调研优质服务与营商环境",
    ),
    "guidance": (
        "指导支部标准化规范化建设",
        "指导“书记项目”落实",
        "指导专题组织生活会",
        "指导“一区两岗两队”建设",
    ),
    "dual_life": ("以普通党员身份参加主题党日", "参加支部组织生活会", "参加党小组学习"),
}

SURNAMES = (
    "黄韦覃蒙莫陆梁李王张刘陈杨赵周吴徐孙朱马胡林何高罗郑谢宋唐许"
    "邓冯韩曹曾彭蔡潘田董袁余叶蒋杜苏魏程吕丁沈姚卢钟谭廖范农"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰红文斌"
    "辉建国海峰志宏鹏飞凯琳婷雪梅春燕晓东亮波宁俊毅慧佳欣怡雯丹宇航浩睿哲源嘉"
)
PLACE_HEADS = "东西南北上下大新古长安平和石金云凤黄白青桥泉马"
PLACE_TAILS = "岭坪坡岸洲坝圩塘岩湾源冲垌寨溪陂"

LEADER_ROLES = ("secretary", "deputy_secretary", "committee_member")

# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def iso(day: date) -> str:
    return day.isoformat()


def day_of(text: str) -> date:
    return date.fromisoformat(text)


def random_day(rng: random.Random, lo: date, hi: date) -> date:
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def days_between(lo: date, hi: date) -> list[date]:
    return [lo + timedelta(days=n) for n in range((hi - lo).days + 1)]


def row(table: str, **values: object) -> dict[str, str]:
    """A row of ``table`` with every column present (missing ones empty)."""
    unknown = set(values) - set(COLUMNS[table])
    assert not unknown, f"{table}: unknown columns {unknown}"
    out = {}
    for column in COLUMNS[table]:
        value = values.get(column, "")
        out[column] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return out


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


class SampleBuilder:
    """Builds the tables in memory; ``tables`` maps a file name to its rows."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.tables: dict[str, list[dict[str, str]]] = {name: [] for name in COLUMNS}
        self.units: dict[str, dict[str, str]] = {}
        self.orgs: dict[str, dict[str, str]] = {}
        self.people: dict[str, dict[str, str]] = {}
        self.teams: dict[str, dict[str, str]] = {}
        self.unit_profile: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.unit_branch: dict[str, str] = {}  # unit -> the branch its party members belong to
        self.team_members: dict[str, list[str]] = defaultdict(list)
        self.member_from: dict[str, date] = {}  # person -> day joined the home branch
        self.groups_of_branch: dict[str, list[dict[str, str]]] = defaultdict(list)
        self.bureau_leaders: dict[str, list[str]] = {}
        self.bureau_units: dict[str, dict[str, list[str]]] = {}
        self.seat_start: dict[str, date] = {}  # bureau leader -> first day of the seat
        self.seat_end: dict[str, date] = {}  # leader -> last day of the committee seat
        self.names: set[str] = set()
        self.places = self._place_names()
        self.next_person = 1

    # ---- primitive adders -----------------------------------------------------------------

    def add(self, table: str, **values: object) -> dict[str, str]:
        new = row(table, **values)
        self.tables[table].append(new)
        return new

    def add_unit(
        self,
        uid: str,
        name: str,
        kind: str,
        parent: str,
        domains: Iterable[str],
        profile: str | None = None,
        labels: tuple[str, ...] = (),
    ) -> None:
        self.units[uid] = self.add(
            "units", id=uid, name=name, kind=kind, parent_id=parent, domain_ids=";".join(domains)
        )
        if profile:
            self.unit_profile[uid] = (profile, labels)

    def add_org(
        self, oid: str, name: str, kind: str, parent: str, unit: str, **extra: object
    ) -> None:
        self.orgs[oid] = self.add(
            "party_orgs", id=oid, name=name, kind=kind, parent_id=parent, unit_id=unit, **extra
        )

    def add_branch(
        self, oid: str, name: str, parent: str, unit: str, branch_kind: str, **extra: object
    ) -> None:
        elected = extra.pop("elected_on", None)
        if elected is None and branch_kind != "temporary":
            elected = iso(random_day(self.rng, date(2024, 1, 1), date(2026, 6, 30)))
        self.add_org(
            oid,
            name,
            "branch",
            parent,
            unit,
            branch_kind=branch_kind,
            elected_on=elected or "",
            **extra,
        )
        if branch_kind != "temporary":
            self.unit_branch.setdefault(unit, oid)

    def add_person(self, status: str, unit: str = "", team: str = "") -> str:
        pid = f"p-{self.next_person:04d}"
        self.next_person += 1
        self.people[pid] = self.add(
            "people",
            id=pid,
            name=self._person_name(),
            party_status=status,
            unit_id=unit,
            team_id=team,
        )
        if team:
            self.team_members[team].append(pid)
        return pid

    def add_role(self, person: str, org: str, role: str, start: str, end: str = "") -> None:
        self.add("party_roles", person_id=person, org_id=org, role=role, **{"from": start}, to=end)

    def _person_name(self) -> str:
        while True:
            given = "".join(self.rng.choice(GIVEN_CHARS) for _ in range(self.rng.choice((1, 2, 2))))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.names:
                self.names.add(name)
                return name

    def _place_names(self) -> list[str]:
        pairs = [h + t for h in PLACE_HEADS for t in PLACE_TAILS]
        self.rng.shuffle(pairs)
        return pairs

    # ---- structure ------------------------------------------------------------------------

    def build_domains(self) -> None:
        for did, name in DOMAINS:
            self.add("domains", id=did, name=name)

    def build_company(self) -> None:
        uid, name = COMPANY_UNIT
        oid, oname, elected = COMPANY_COMMITTEE
        self.add_unit(uid, name, "company", "", ())
        self.add_org(oid, oname, "committee", "", uid, elected_on=elected)
        for suffix, dname, domains in DEPARTMENTS:
            self.add_unit(
                f"u-{suffix}",
                dname,
                "department",
                uid,
                domains,
                "department",
                tuple(dname + label for label in DEPARTMENT_TEAMS),
            )
            self.add_branch(f"br-{suffix}", f"{dname}党支部", oid, f"u-{suffix}", "organ")
        for suffix, sname, domains, centres, labels in SUPPORT_UNITS:
            self.build_support_unit(suffix, sname, domains, centres, labels)

    def build_support_unit(
        self,
        suffix: str,
        name: str,
        domains: tuple[str, ...],
        centres: tuple[tuple[str, str], ...],
        labels: tuple[str, ...],
    ) -> None:
        uid, gid = f"u-{suffix}", f"gb-{suffix}"
        self.add_unit(uid, name, "support", COMPANY_UNIT[0], domains)
        self.add_org(
            gid,
            f"{name}党总支",
            "general_branch",
            COMPANY_COMMITTEE[0],
            uid,
            elected_on=iso(random_day(self.rng, date(2023, 1, 1), date(2025, 12, 31))),
        )
        short = name.removeprefix("桂海")
        for csuffix, cname in centres:
            cid = f"{uid}-{csuffix}"
            full = f"{short}{cname}"
            self.add_unit(
                cid,
                full,
                "station",
                uid,
                domains,
                "centre",
                tuple(full + label for label in labels),
            )
            self.add_branch(f"br-{suffix}-{csuffix}", f"{full}党支部", gid, cid, "grassroots")

    def build_bureaus(self) -> None:
        for code, name in BUREAUS:
            self.build_bureau(code, name)

    def build_bureau(self, code: str, name: str) -> None:
        uid, oid, bname = f"u-{code}", f"po-{code}", f"{name}供电局"
        elected = (
            OVERDUE_COMMITTEE[1]
            if oid == OVERDUE_COMMITTEE[0]
            else iso(random_day(self.rng, date(2022, 1, 1), date(2025, 12, 31)))
        )
        self.add_unit(
            uid,
            bname,
            "bureau",
            COMPANY_UNIT[0],
            (),
            "bureau",
            tuple(bname + label for label in BUREAU_TEAMS),
        )
        self.add_org(oid, f"{bname}党委", "committee", COMMITTEE_ID, uid, elected_on=elected)
        self.add_branch(f"br-{code}-jg", f"{bname}机关党支部", oid, uid, "organ")
        joint = code == JOINT_BUREAU
        n_counties = 1 if joint else self.rng.randint(1, 2)
        n_stations = 1 if joint else self.rng.randint(1, 2)
        parts: dict[str, list[str]] = {"counties": [], "stations": []}
        for k in range(1, n_counties + 1):
            parts["counties"].append(self.build_county(code, k))
        types = list(STATION_TYPES)
        self.rng.shuffle(types)
        for k in range(1, n_stations + 1):
            sid = f"u-{code}-s{k}"
            stype = STATION_TYPE_FORCED.get(sid) or types[0]
            types.remove(stype)
            suffix_name, domains, labels = STATION_TYPES[stype]
            sname = f"{name}{suffix_name}"
            profile = (
                "big"
                if f"br-{code}-s{k}" == OVERSIZED_BRANCH
                else ("first_station" if k == 1 else "station")
            )
            self.add_unit(
                sid,
                sname,
                "station",
                uid,
                domains,
                profile,
                tuple(sname + label for label in labels),
            )
            self.add_branch(f"br-{code}-s{k}", f"{sname}党支部", oid, sid, "grassroots")
            parts["stations"].append(sid)
        if joint:
            self.build_joint_branch(code, name)
        self.bureau_units[code] = parts

    def build_county(self, code: str, k: int) -> str:
        cid = f"u-{code}-c{k}"
        place = self.places.pop()
        cname = f"{place}{COUNTY[0]}"
        self.add_unit(
            cid,
            cname,
            "county",
            f"u-{code}",
            COUNTY[1],
            "county",
            tuple(cname + label for label in COUNTY[2]),
        )
        parent = f"po-{code}"
        if code in GENERAL_BRANCH_BUREAUS:
            parent = f"gb-{code}-c{k}"
            self.add_org(
                parent,
                f"{cname}党总支",
                "general_branch",
                f"po-{code}",
                cid,
                elected_on=iso(random_day(self.rng, date(2024, 1, 1), date(2026, 3, 31))),
            )
        self.add_branch(f"br-{code}-c{k}", f"{cname}党支部", parent, cid, "grassroots")
        for j in range(1, self.rng.randint(1, 3) + 1):
            tid = f"{cid}-s{j}"
            tname = f"{self.places.pop()}{TOWN_STATION[0]}"
            self.add_unit(
                tid,
                tname,
                "station",
                cid,
                TOWN_STATION[1],
                "town",
                tuple(tname + label for label in TOWN_STATION[2]),
            )
            self.add_branch(f"br-{code}-c{k}-s{j}", f"{tname}党支部", parent, tid, "grassroots")
        return cid

    def build_joint_branch(self, code: str, name: str) -> None:
        first, second = f"u-{code}-j1", f"u-{code}-j2"
        for uid, place, profile in ((first, "港区", "joint"), (second, "岛区", "joint_tiny")):
            uname = f"{name}{place}{TOWN_STATION[0]}"
            self.add_unit(
                uid,
                uname,
                "station",
                f"u-{code}",
                TOWN_STATION[1],
                profile,
                tuple(uname + label for label in TOWN_STATION[2]),
            )
        self.add_branch(f"br-{code}-lh", f"{name}港岛联合党支部", f"po-{code}", first, "joint")
        self.unit_branch[second] = f"br-{code}-lh"

    def build_projects(self) -> None:
        for pid, name, unit, domain, major, start, end in PROJECTS:
            self.add(
                "projects",
                id=pid,
                name=name,
                unit_id=unit,
                domain_id=domain,
                major=major,
                start_on=start,
                end_on=end,
            )
        for bid, name, project, parent, unit, est, dis, _source in TEMPORARY_BRANCHES:
            self.add_branch(
                bid,
                name,
                parent,
                unit,
                "temporary",
                project_id=project,
                established_on=est,
                dissolved_on=dis,
            )

    # ---- people, teams and groups -------------------------------------------------------------

    def build_company_leaders(self) -> None:
        committee = COMMITTEE_ID
        for pid, role, domains, _dual in COMPANY_LEADERS:
            assert self.add_person("formal", COMPANY_UNIT[0]) == pid
            self.add_role(pid, committee, role, LEADERS_FROM)
            for domain in domains:
                self.add(
                    "leader_domains", person_id=pid, domain_id=domain, **{"from": LEADERS_FROM}
                )
        pid, domain, end, later_unit = FORMER_LEADER
        assert self.add_person("formal", later_unit) == pid
        self.add_role(pid, committee, "committee_member", LEADERS_FROM, end)
        self.add(
            "leader_domains", person_id=pid, domain_id=domain, **{"from": LEADERS_FROM}, to=end
        )
        self.seat_end[pid] = day_of(end)
        pid, _branch, _start = PERSON_WITHOUT_UNIT
        assert self.add_person("formal") == pid

    def build_bureau_leaders(self) -> None:
        """Secretary plus two committee members in odd-numbered bureaus, one in even ones."""
        for index, (code, _name) in enumerate(BUREAUS, start=1):
            oid = f"po-{code}"
            start = (
                OVERDUE_COMMITTEE[1]
                if oid == OVERDUE_COMMITTEE[0]
                else iso(random_day(self.rng, date(2019, 1, 1), date(2020, 12, 31)))
            )
            roles = ["secretary"] + ["committee_member"] * (2 if index % 2 else 1)
            leaders = []
            for role in roles:
                pid = self.add_person("formal", f"u-{code}")
                self.add_role(pid, oid, role, start)
                self.seat_start[pid] = day_of(start)
                leaders.append(pid)
            self.bureau_leaders[code] = leaders

    def build_staff(self) -> None:
        for uid, (profile, labels) in self.unit_profile.items():
            (tmin, tmax), (smin, smax), p_formal, p_prob = PROFILES[profile]
            for n in range(1, min(len(labels), self.rng.randint(tmin, tmax)) + 1):
                tid = f"t-{uid.removeprefix('u-')}-{n}"
                for _ in range(self.rng.randint(smin, smax)):
                    self.add_person(self._status(p_formal, p_prob), uid, tid)
                self._force_statuses(uid, tid, n)
                self._add_team(tid, labels[n - 1], uid)

    def _status(self, p_formal: float, p_prob: float) -> str:
        draw = self.rng.random()
        if draw < p_formal:
            return "formal"
        return "probationary" if draw < p_formal + p_prob else "none"

    def _force_statuses(self, uid: str, tid: str, n: int) -> None:
        """Give each unit's first team 3+ formal members, so that every branch has a group
        to place its officers in (the second team too where the first is the no-group gap)."""
        members = self.team_members[tid]
        if self.unit_profile[uid][0] == "joint_tiny":  # too small for a branch or a group
            for k, pid in enumerate(members):
                self.people[pid]["party_status"] = "formal" if k < 2 else "none"
            return
        gap_unit = self.teams.get(TEAM_WITHOUT_GROUP, {}).get("unit_id")
        if n == 1 or (n == 2 and uid == gap_unit):
            for pid in members:
                if sum(self.people[p]["party_status"] == "formal" for p in members) >= 3:
                    break
                self.people[pid]["party_status"] = "formal"

    def _add_team(self, tid: str, name: str, uid: str) -> None:
        members = self.team_members[tid]
        formal = [p for p in members if self.people[p]["party_status"] == "formal"]
        leader = self.rng.choice(formal if tid == TEAM_LEADER_NOT_GROUP_LEADER else members)
        domains = self.units[uid]["domain_ids"]
        project = next((pj for pj, teams in PROJECT_TEAMS.items() if tid in teams), "")
        self.teams[tid] = self.add(
            "teams",
            id=tid,
            name=name,
            unit_id=uid,
            leader_id=leader,
            domain_id=domains.split(";")[0] if domains else "",
            project_id=project,
        )

    def build_groups(self) -> None:
        for tid, team in self.teams.items():
            members = self.team_members[tid]
            party = [p for p in members if self.people[p]["party_status"] != "none"]
            formal = [p for p in party if self.people[p]["party_status"] == "formal"]
            if len(formal) < 3 or tid == TEAM_WITHOUT_GROUP:
                continue
            leader = team["leader_id"]
            if leader not in formal or tid == TEAM_LEADER_NOT_GROUP_LEADER:
                leader = self.rng.choice([p for p in formal if p != team["leader_id"]])
            branch = self.unit_branch[team["unit_id"]]
            self._add_group(
                f"g-{tid.removeprefix('t-')}", f"{team['name']}党小组", branch, tid, leader, party
            )

    def _add_group(
        self, gid: str, name: str, branch: str, team: str, leader: str, members: list[str]
    ) -> None:
        group = self.add(
            "party_groups",
            id=gid,
            name=name,
            branch_id=branch,
            team_id=team,
            leader_id=leader,
            member_ids=";".join(sorted(members)),
        )
        self.groups_of_branch[branch].append(group)

    # ---- party roles ----------------------------------------------------------------------

    def build_memberships(self) -> None:
        """Home-branch roles of the staff, officers picked from the branch's group members."""
        staff: dict[str, list[str]] = defaultdict(list)
        for pid, person in self.people.items():
            if person["team_id"] and person["party_status"] != "none":
                staff[self.unit_branch[person["unit_id"]]].append(pid)
                self.member_from[pid] = self._joined(person["party_status"])
        extra = self._extra_members()
        for oid, org in self.orgs.items():
            if org["kind"] == "branch" and org["branch_kind"] != "temporary":
                self._branch_roles(oid, org, staff[oid], extra[oid])
        for oid, org in self.orgs.items():
            if org["kind"] == "general_branch":
                self._general_branch_officers(oid, org)

    def _joined(self, status: str) -> date:
        if status == "probationary":
            return random_day(self.rng, date(2025, 12, 1), date(2026, 10, 31))
        return random_day(self.rng, date(2006, 1, 1), date(2024, 12, 31))

    def _branch_roles(
        self, oid: str, org: dict[str, str], members: list[str], extra: list[tuple[str, str]]
    ) -> None:
        """Officers (from the branch's group members), then ordinary members."""
        in_groups = {p for g in self.groups_of_branch[oid] for p in g["member_ids"].split(";")}
        formal = [p for p in members if self.people[p]["party_status"] == "formal"]
        candidates = [p for p in formal if p in in_groups]
        n_formal = len(formal) + len(extra)  # everyone extra is a formal member
        size = self.rng.randint(3, min(5, len(candidates))) if n_formal >= 7 else 1
        officers = self.rng.sample(candidates, size)
        roles = ["secretary"] + ["committee_member"] * (size - 1)
        if oid == BRANCH_WITHOUT_SECRETARY:
            roles = ["committee_member"] * size
        for pid, role in zip(officers, roles, strict=True):
            self.add_role(pid, oid, role, org["elected_on"])
        for pid in members:
            if pid not in officers:
                self.add_role(pid, oid, "member", iso(self.member_from[pid]))
        for pid, start in extra:
            self.add_role(pid, oid, "member", start)

    def _extra_members(self) -> dict[str, list[tuple[str, str]]]:
        """Branch -> (person, from) of members without a team there: leaders' dual
        organisational life, the former leader, the person without a unit."""
        extra: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for pid, _role, _domains, branch in COMPANY_LEADERS:
            if branch:
                extra[branch].append((pid, LEADERS_FROM))
        pid, _domain, end, later_unit = FORMER_LEADER
        extra[self.unit_branch[later_unit]].append((pid, iso(day_of(end) + timedelta(days=1))))
        pid, branch, start = PERSON_WITHOUT_UNIT
        extra[branch].append((pid, start))
        for code, leaders in self.bureau_leaders.items():
            for k, pid in enumerate(leaders):
                if not (k == 0 and f"po-{code}" == BUREAU_SECRETARY_WITHOUT_DUAL_LIFE):
                    extra[f"br-{code}-jg"].append((pid, iso(self.seat_start[pid])))
        return extra

    def _general_branch_officers(self, oid: str, org: dict[str, str]) -> None:
        below = {b for b, o in self.orgs.items() if o["parent_id"] == oid}
        pool = sorted(
            p
            for p, person in self.people.items()
            if person["party_status"] == "formal"
            and person["team_id"]
            and self.unit_branch.get(person["unit_id"]) in below
        )
        officers = self.rng.sample(pool, 3)
        for pid, role in zip(
            officers, ("secretary", "committee_member", "committee_member"), strict=True
        ):
            self.add_role(pid, oid, role, org["elected_on"])

    def build_temporary_branches(self) -> None:
        for bid, name, _project, _parent, _unit, est, dis, source in TEMPORARY_BRANCHES:
            teams = PROJECT_TEAMS.get(source) or [
                t for t, r in self.teams.items() if r["unit_id"] == source
            ]
            start, last = day_of(est), (day_of(dis) - timedelta(days=1)) if dis else None
            members = [
                p
                for t in teams
                for p in self.team_members[t]
                if p in self.member_from
                and (last is None or self.member_from[p] <= last)
                and (last is None or self.people[p]["party_status"] == "formal")
            ]
            formal = [p for p in members if self.people[p]["party_status"] == "formal"]
            size = 3 if len(formal) >= 7 else 1
            officers = self.rng.sample(formal, size)
            end = iso(last) if last else ""
            for pid in members:
                role = (
                    "secretary"
                    if pid == officers[0]
                    else "committee_member"
                    if pid in officers
                    else "member"
                )
                self.add_role(pid, bid, role, iso(max(start, self.member_from[pid])), end)
            self._add_group(
                f"g-{bid.removeprefix('br-')}", f"{name}第一党小组", bid, "", officers[-1], members
            )

    # ---- benchmarks -----------------------------------------------------------------------

    def build_benchmarks(self) -> None:
        excluded = {*UNCOVERED_BRANCHES, BRANCH_WITHOUT_SECRETARY, OVERSIZED_BRANCH}
        chosen: set[str] = set()
        for domain, categories in BENCHMARKS.items():
            eligible = [
                oid
                for oid, org in self.orgs.items()
                if org["kind"] == "branch"
                and org["branch_kind"] != "temporary"
                and oid not in excluded
                and oid not in chosen
                and domain in self.units[org["unit_id"]]["domain_ids"].split(";")
            ]
            needed = sum(n for _, n in categories)
            assert len(eligible) >= needed, f"only {len(eligible)} branches eligible in {domain}"
            picked = self.rng.sample(eligible, needed)
            for category, n in categories:
                for oid in sorted(picked[:n]):
                    self.orgs[oid]["benchmark_domain_id"] = domain
                    self.orgs[oid]["benchmark_category"] = category
                    chosen.add(oid)
                picked = picked[n:]

    # ---- liaison points and visits -------------------------------------------------------------

    def build_company_liaison_points(self) -> None:
        for prefix, kind, specs in (
            ("lp-pb", "party_building", COMPANY_PB_LPS),
            ("lp-br", "branch", COMPANY_BR_LPS),
        ):
            for n, (leader, target) in enumerate(specs, start=1):
                start = random_day(self.rng, *COMPANY_LP_FROM)
                self.add(
                    "liaison_points",
                    id=f"{prefix}-{n:02d}",
                    leader_id=leader,
                    kind=kind,
                    target_id=target,
                    **{"from": iso(start)},
                )

    def build_bureau_liaison_points(self) -> None:
        for code, leaders in self.bureau_leaders.items():
            items = self._bureau_lp_items(code)
            plan: dict[str, list[tuple[str, str]]] = {pid: [] for pid in leaders}
            for k, item in enumerate(items):
                plan[leaders[k % len(leaders)]].append(item)
            for pid in leaders:  # everyone has at least one of each kind
                kinds = {kind for kind, _ in plan[pid]}
                if "party_building" not in kinds:
                    plan[pid].append(("party_building", f"u-{code}-c1"))
                if "branch" not in kinds:
                    plan[pid].append(("branch", f"br-{code}-c1"))
            n = 0
            if code == EXPIRED_LP[0].split("-")[1]:
                n += 1
                lo = random_day(self.rng, date(2021, 1, 4), date(2021, 6, 30))
                self.add(
                    "liaison_points",
                    id=EXPIRED_LP[0],
                    leader_id=leaders[0],
                    kind="branch",
                    target_id=EXPIRED_LP[1],
                    **{"from": iso(lo)},
                    to=EXPIRED_LP[2],
                )
            for k in range(max(len(v) for v in plan.values())):
                for pid in leaders:
                    if k < len(plan[pid]):
                        n += 1
                        kind, target = plan[pid][k]
                        self._add_bureau_lp(f"lp-{code}-{n}", pid, kind, target)

    def _bureau_lp_items(self, code: str) -> list[tuple[str, str]]:
        items = [("branch", f"br-{code}-jg")]
        for cid in self.bureau_units[code]["counties"]:
            gb = cid.replace("u-", "gb-")
            items.append(("party_building", gb if gb in self.orgs else cid))
        for sid in self.bureau_units[code]["stations"]:
            bid = sid.replace("u-", "br-")
            if bid != EXPIRED_LP[1]:
                items.append(("branch", bid))
        items += [
            ("branch", oid)
            for oid, org in self.orgs.items()
            if org["kind"] == "branch"
            and org["parent_id"] == f"po-{code}"
            and org["branch_kind"] in ("joint", "temporary")
        ]
        return items

    def _add_bureau_lp(self, lid: str, leader: str, kind: str, target: str) -> None:
        lo = max(
            BUREAU_LP_FROM[0],
            day_of(self.orgs.get(target, {}).get("established_on") or "2000-01-01"),
        )
        self.add(
            "liaison_points",
            id=lid,
            leader_id=leader,
            kind=kind,
            target_id=target,
            **{"from": iso(random_day(self.rng, lo, BUREAU_LP_FROM[1]))},
        )

    def _visit_window(self, lp: dict[str, str]) -> tuple[date, date]:
        """First and last day the point can be visited: valid, leader seated, target there."""
        target = self.orgs.get(lp["target_id"], {})
        lo = max(day_of(lp["from"]), day_of(target.get("established_on") or lp["from"]))
        ends = [TODAY, self.seat_end.get(lp["leader_id"], TODAY)]
        if lp["to"]:
            ends.append(day_of(lp["to"]))
        if target.get("dissolved_on"):
            ends.append(day_of(target["dissolved_on"]) - timedelta(days=1))
        return lo, min(ends)

    def build_visits(self) -> None:
        visits: dict[str, set[date]] = defaultdict(set)
        self._visits_2020(visits)
        for lp in self.tables["liaison_points"]:
            if lp["id"] != NEVER_VISITED_LP:
                self._visits_later(lp, visits[lp["id"]])
        for lp in self.tables["liaison_points"]:
            for day in sorted(visits[lp["id"]]):
                kind = self._visit_kind(lp["kind"])
                self.add(
                    "visits",
                    liaison_point_id=lp["id"],
                    date=iso(day),
                    kind=kind,
                    note=self.rng.choice(VISIT_NOTES[kind]),
                )

    def _visits_2020(self, visits: dict[str, set[date]]) -> None:
        company = [lp for lp in self.tables["liaison_points"] if lp["from"].startswith("2020")]
        counts = {lp["id"]: 2 for lp in company}
        for _ in range(VISITS_IN_2020 - sum(counts.values())):
            counts[self.rng.choice(company)["id"]] += 1
        for lp in company:
            lo, hi = self._visit_window(lp)
            days = days_between(lo, min(hi, date(2020, 12, 31)))
            visits[lp["id"]].update(self.rng.sample(days, counts[lp["id"]]))

    def _visits_later(self, lp: dict[str, str], days: set[date]) -> None:
        lo, hi = self._visit_window(lp)
        if lp["id"] in STALE_LPS:
            hi = min(hi, STALE_UNTIL)
        per_year = (1, 4) if lp["from"].startswith("2020") else (1, 3)
        for year in range(2021, TODAY.year + 1):
            window = days_between(max(lo, date(year, 1, 1)), min(hi, date(year, 12, 31)))
            if window:
                days.update(self.rng.sample(window, min(len(window), self.rng.randint(*per_year))))
        if hi == TODAY and lp["id"] not in STALE_LPS and max(days, default=lo) < RECENT_FROM:
            days.add(random_day(self.rng, max(lo, RECENT_FROM), hi))

    def _visit_kind(self, lp_kind: str) -> str:
        kinds = (
            ("research", "guidance", "dual_life")
            if lp_kind == "branch"
            else ("research", "guidance")
        )
        weights = (4, 4, 3) if lp_kind == "branch" else (5, 4)
        return self.rng.choices(kinds, weights)[0]

    # ---- all together ---------------------------------------------------------------------

    def build(self) -> dict[str, list[dict[str, str]]]:
        self.build_domains()
        self.build_company()
        self.build_bureaus()
        self.build_projects()
        self.build_company_leaders()
        self.build_bureau_leaders()
        self.build_staff()
        self.build_groups()
        self.build_memberships()
        self.build_temporary_branches()
        self.build_benchmarks()
        self.build_company_liaison_points()
        self.build_bureau_liaison_points()
        self.build_visits()
        return self.tables


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------


def write_bundle(tables: dict[str, list[dict[str, str]]], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, columns in COLUMNS.items():
        with open(out_dir / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([r[c] for c in columns] for r in tables[name])


# --------------------------------------------------------------------------------------------
# Self-check: works on the generated rows only, as a loader would see them
# --------------------------------------------------------------------------------------------

ENUMS = {
    ("units", "kind"): {"company", "bureau", "county", "department", "support", "station"},
    ("people", "party_status"): {"formal", "probationary", "none"},
    ("party_orgs", "kind"): {"committee", "general_branch", "branch"},
    ("party_orgs", "branch_kind"): {"", "organ", "grassroots", "temporary", "joint"},
    ("party_roles", "role"): {"member", *LEADER_ROLES},
    ("projects", "major"): {"true", "false"},
    ("liaison_points", "kind"): {"party_building", "branch"},
    ("visits", "kind"): {"", "research", "guidance", "dual_life"},
}
DATE_COLUMNS = {
    "established_on",
    "dissolved_on",
    "elected_on",
    "from",
    "to",
    "start_on",
    "end_on",
    "date",
}
ID_TABLES = (
    "domains",
    "units",
    "people",
    "party_orgs",
    "teams",
    "party_groups",
    "projects",
    "liaison_points",
)


class Bundle:
    """Indexes over the generated tables for the checks."""

    def __init__(self, tables: dict[str, list[dict[str, str]]]) -> None:
        self.t = tables
        self.by_id = {name: {r["id"]: r for r in tables[name]} for name in ID_TABLES}
        self.units, self.orgs = self.by_id["units"], self.by_id["party_orgs"]
        self._leaders: dict[date, set[str]] = {}

    def ancestors(self, table: str, node: str) -> Iterator[str]:
        rows = self.by_id[table]
        seen = set()
        while node:
            assert node not in seen, f"{table}: parent cycle at {node}"
            seen.add(node)
            yield node
            node = rows[node]["parent_id"]

    def exists(self, oid: str, day: date) -> bool:
        org = self.orgs[oid]
        return (not org["established_on"] or day_of(org["established_on"]) <= day) and (
            not org["dissolved_on"] or day_of(org["dissolved_on"]) > day
        )

    def leaders_on(self, day: date) -> set[str]:
        if day not in self._leaders:
            self._leaders[day] = {
                r["person_id"]
                for r in self.t["party_roles"]
                if r["role"] in LEADER_ROLES
                and self.orgs[r["org_id"]]["kind"] == "committee"
                and valid_on(r, day)
                and self.exists(r["org_id"], day)
            }
        return self._leaders[day]

    def branches_on(self, day: date) -> set[str]:
        return {o for o, r in self.orgs.items() if r["kind"] == "branch" and self.exists(o, day)}

    def covering(self, day: date) -> dict[str, set[str]]:
        """Branch -> the liaison points covering it on ``day`` (direct, via unit or party org)."""
        leaders = self.leaders_on(day)
        cover: dict[str, set[str]] = defaultdict(set)
        for branch in self.branches_on(day):
            up_units = set(self.ancestors("units", self.orgs[branch]["unit_id"]))
            up_orgs = set(self.ancestors("party_orgs", branch)) - {branch}
            for lp in self.t["liaison_points"]:
                target = lp["target_id"]
                if not (valid_on(lp, day) and lp["leader_id"] in leaders):
                    continue
                if target in self.orgs and not self.exists(target, day):
                    continue
                if (
                    target == branch
                    if lp["kind"] == "branch"
                    else target in up_units or target in up_orgs
                ):
                    cover[branch].add(lp["id"])
        return cover


def valid_on(r: dict[str, str], day: date) -> bool:
    return day_of(r["from"]) <= day and (not r["to"] or day <= day_of(r["to"]))


def check_shapes(b: Bundle) -> None:
    ids = [r["id"] for name in ID_TABLES for r in b.t[name]]
    assert len(ids) == len(set(ids)), "ids repeat across the bundle"
    for (table, column), allowed in ENUMS.items():
        bad = {r[column] for r in b.t[table]} - allowed
        assert not bad, f"{table}.{column}: {bad}"
    for name, rows in b.t.items():
        for r in rows:
            for column in DATE_COLUMNS & set(r):
                if r[column]:
                    day_of(r[column])
            for lo, hi in (
                ("from", "to"),
                ("start_on", "end_on"),
                ("established_on", "dissolved_on"),
            ):
                if r.get(lo) and r.get(hi):
                    assert r[lo] <= r[hi], f"{name}: {hi} before {lo} in {r}"
    for table in ("units", "party_orgs"):
        for node in b.by_id[table]:
            list(b.ancestors(table, node))


def check_references(b: Bundle) -> None:
    ids = b.by_id

    def ref(value: str, *tables: str, optional: bool = True) -> None:
        if not value and optional:
            return
        assert any(value in ids[t] for t in tables), f"{value!r} is not in {tables}"

    for r in b.t["units"]:
        ref(r["parent_id"], "units")
        for d in filter(None, r["domain_ids"].split(";")):
            ref(d, "domains", optional=False)
    for r in b.t["people"]:
        ref(r["unit_id"], "units")
        ref(r["team_id"], "teams")
        if r["team_id"]:
            assert ids["teams"][r["team_id"]]["unit_id"] == r["unit_id"], r
    for r in b.t["party_orgs"]:
        ref(r["parent_id"], "party_orgs")
        ref(r["unit_id"], "units")
        ref(r["project_id"], "projects")
        ref(r["benchmark_domain_id"], "domains")
        assert bool(r["branch_kind"]) == (r["kind"] == "branch"), r
    for r in b.t["party_roles"]:
        ref(r["person_id"], "people", optional=False)
        ref(r["org_id"], "party_orgs", optional=False)
    for r in b.t["leader_domains"]:
        ref(r["person_id"], "people", optional=False)
        ref(r["domain_id"], "domains", optional=False)
    for r in b.t["teams"]:
        ref(r["unit_id"], "units", optional=False)
        ref(r["leader_id"], "people")
        ref(r["domain_id"], "domains")
        ref(r["project_id"], "projects")
        assert ids["people"][r["leader_id"]]["team_id"] == r["id"], r
    for r in b.t["party_groups"]:
        assert b.orgs[r["branch_id"]]["kind"] == "branch", r
        ref(r["team_id"], "teams")
        ref(r["leader_id"], "people")
        for p in r["member_ids"].split(";"):
            ref(p, "people", optional=False)
    for r in b.t["projects"]:
        ref(r["unit_id"], "units", optional=False)
        ref(r["domain_id"], "domains")
    for r in b.t["liaison_points"]:
        ref(r["leader_id"], "people", optional=False)
        if r["kind"] == "branch":
            assert b.orgs[r["target_id"]]["kind"] == "branch", r
        else:
            ref(r["target_id"], "units", "party_orgs", optional=False)
            assert r["target_id"] not in (COMPANY_UNIT[0], COMMITTEE_ID), r
    for r in b.t["visits"]:
        ref(r["liaison_point_id"], "liaison_points", optional=False)


def check_article_figures(b: Bundle) -> None:
    company = {
        r["person_id"]
        for r in b.t["party_roles"]
        if r["org_id"] == COMMITTEE_ID and r["role"] in LEADER_ROLES
    }
    lps_2020 = [lp for lp in b.t["liaison_points"] if lp["from"].startswith("2020")]
    assert all(lp["leader_id"] in company for lp in lps_2020)
    assert all(
        lp["from"].startswith("2020") for lp in b.t["liaison_points"] if lp["leader_id"] in company
    ), "company points outside 2020"
    kinds = [lp["kind"] for lp in lps_2020]
    assert (kinds.count("party_building"), kinds.count("branch")) == (18, 15), kinds
    ids_2020 = {lp["id"] for lp in lps_2020}
    visits_2020 = [v for v in b.t["visits"] if v["date"].startswith("2020")]
    assert len(visits_2020) == 179, len(visits_2020)
    assert all(v["liaison_point_id"] in ids_2020 for v in visits_2020)
    assert all(v["date"] >= "2021" for v in b.t["visits"] if v["liaison_point_id"] not in ids_2020)
    benchmarks = [o for o in b.t["party_orgs"] if o["benchmark_domain_id"]]
    assert len(benchmarks) == 33, len(benchmarks)
    assert len({o["benchmark_category"] for o in benchmarks}) == 10
    assert {o["benchmark_domain_id"] for o in benchmarks} == {"d-safety", "d-build", "d-market"}
    assert sum(u["kind"] == "bureau" for u in b.t["units"]) == 14
    assert sum(u["kind"] == "department" for u in b.t["units"]) == 12


def check_visits(b: Bundle) -> None:
    lps = b.by_id["liaison_points"]
    seen: dict[str, list[str]] = defaultdict(list)
    for v in b.t["visits"]:
        lp = lps[v["liaison_point_id"]]
        day = day_of(v["date"])
        assert valid_on(lp, day) and day <= TODAY, v
        assert lp["leader_id"] in b.leaders_on(day), v
        seen[lp["id"]].append(v["date"])
    assert NEVER_VISITED_LP not in seen
    counting = set().union(*b.covering(TODAY).values())
    stale = {lid for lid in counting if lid in seen and max(seen[lid]) < iso(RECENT_FROM)}
    assert stale == set(STALE_LPS), stale
    assert max(seen[EXPIRED_LP[0]]) <= EXPIRED_LP[2]


def party_members(b: Bundle, branch: str, day: date) -> set[str]:
    return {
        r["person_id"] for r in b.t["party_roles"] if r["org_id"] == branch and valid_on(r, day)
    }


def check_gaps(b: Bundle) -> None:
    cover = b.covering(TODAY)
    uncovered = b.branches_on(TODAY) - set(cover)
    assert uncovered == set(UNCOVERED_BRANCHES), uncovered
    assert b.covering(date(2022, 6, 30))[EXPIRED_LP[1]] == {EXPIRED_LP[0]}
    assert not {
        lp["id"]
        for lp in b.t["liaison_points"]
        if lp["target_id"] in {"br-d11", "u-d11", *COMPANY_UNIT[:1], COMMITTEE_ID}
    }
    check_team_gaps(b)
    check_branch_gaps(b)
    people = b.by_id["people"]
    assert not people[PERSON_WITHOUT_UNIT[0]]["unit_id"]
    assert all(p["unit_id"] for p in b.t["people"] if p["id"] != PERSON_WITHOUT_UNIT[0])
    assert b.orgs[OVERDUE_COMMITTEE[0]]["elected_on"] == OVERDUE_COMMITTEE[1]
    assert all(
        o["elected_on"] >= "2022"
        for o in b.t["party_orgs"]
        if o["id"] != OVERDUE_COMMITTEE[0] and o["elected_on"]
    )
    in_charge = {r["domain_id"] for r in b.t["leader_domains"]}
    assert {d for d, _ in DOMAINS} - in_charge == {DOMAIN_WITHOUT_LEADER}
    temp_projects = {o["project_id"] for o in b.t["party_orgs"] if o["project_id"]}
    running = {p["id"] for p in b.t["projects"] if p["major"] == "true" and not p["end_on"]}
    assert running - temp_projects == {MAJOR_PROJECT_WITHOUT_BRANCH}
    check_leader_gaps(b)


def check_team_gaps(b: Bundle) -> None:
    groups = {g["team_id"]: g for g in b.t["party_groups"] if g["team_id"]}
    people = b.by_id["people"]
    members: dict[str, list[str]] = defaultdict(list)
    for p in b.t["people"]:
        if p["team_id"] and p["party_status"] == "formal":
            members[p["team_id"]].append(p["id"])
    no_group = {t for t, m in members.items() if len(m) >= 3 and t not in groups}
    assert no_group == {TEAM_WITHOUT_GROUP}, no_group
    not_leading = {
        t["id"]
        for t in b.t["teams"]
        if t["id"] in groups
        and people[t["leader_id"]]["party_status"] == "formal"
        and groups[t["id"]]["leader_id"] != t["leader_id"]
    }
    assert not_leading == {TEAM_LEADER_NOT_GROUP_LEADER}, not_leading
    assert b.by_id["teams"]["t-b01-s1-1"]["project_id"] == "pj-qs"


def check_branch_gaps(b: Bundle) -> None:
    roles: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in b.t["party_roles"]:
        if valid_on(r, TODAY):
            roles[r["org_id"]].append(r)
    in_groups: dict[str, set[str]] = defaultdict(set)
    for g in b.t["party_groups"]:
        in_groups[g["branch_id"]].update(g["member_ids"].split(";"))
    people = b.by_id["people"]
    branches = sorted(b.branches_on(TODAY))
    assert 100 <= len(branches) <= 160, len(branches)
    for branch in branches:
        held = roles[branch]
        officers = [r["person_id"] for r in held if r["role"] != "member"]
        formal = {
            p for p in (r["person_id"] for r in held) if people[p]["party_status"] == "formal"
        }
        has_secretary = any(r["role"] == "secretary" for r in held)
        assert has_secretary == (branch != BRANCH_WITHOUT_SECRETARY), branch
        assert (len(held) > 50) == (branch == OVERSIZED_BRANCH), (branch, len(held))
        assert len(officers) == (1 if len(formal) < 7 else len(officers)), branch
        assert len(formal) < 7 or 3 <= len(officers) <= 5, branch
        assert set(officers) <= in_groups[branch], f"officer of {branch} outside its groups"


def check_leader_gaps(b: Bundle) -> None:
    leaders = b.leaders_on(TODAY)
    members = {
        r["person_id"] for r in b.t["party_roles"] if r["role"] == "member" and valid_on(r, TODAY)
    }
    grouped = {p for g in b.t["party_groups"] for p in g["member_ids"].split(";")}
    secretary = next(
        r["person_id"]
        for r in b.t["party_roles"]
        if r["org_id"] == BUREAU_SECRETARY_WITHOUT_DUAL_LIFE and r["role"] == "secretary"
    )
    assert leaders - members - grouped == {"p-0008", "p-0009", secretary}
    lps = [lp for lp in b.t["liaison_points"] if valid_on(lp, TODAY)]
    for leader in leaders:
        kinds = {lp["kind"] for lp in lps if lp["leader_id"] == leader}
        assert kinds == {"party_building", "branch"}, leader
    assert len(b.t["people"]) in range(1000, 2501), len(b.t["people"])


def self_check(tables: dict[str, list[dict[str, str]]]) -> None:
    bundle = Bundle(tables)
    check_shapes(bundle)
    check_references(bundle)
    check_article_figures(bundle)
    check_visits(bundle)
    check_gaps(bundle)


def main() -> None:
    tables = SampleBuilder(random.Random(SEED)).build()
    write_bundle(tables, OUT_DIR)
    self_check(tables)
    for name in COLUMNS:
        print(f"{name + '.csv':<20} {len(tables[name]):>5} rows")


if __name__ == "__main__":
    main()
