"""The audit (docs/domain.md "Audit rules"), one small graph per rule, on every backend.

Expected findings are worked out by hand from the rule's docstring in
``queries/audit/memory.py``: (rule, entity id, unit id, check), in report order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from graph_model.audit import AuditReport, AuditSeverity
from graph_model.errors import NotFound
from graph_model.kinds import RelType
from graph_model.protocol import Backend
from graph_model.records import Bundle
from graph_model.results import Evidence, PathRel
from queries.audit.rules import load_rules
from tests.conformance.builders import Org

Load = Callable[[Bundle], Backend]
Row = tuple[str, str, str | None, str]

DAY = date(2024, 6, 15)
RULES = load_rules()


def audit(backend: Backend, *rule_ids: str, rules_file: Path | None = None) -> AuditReport:
    """Run only ``rule_ids`` on DAY, with the shipped rules or a user's rules file."""
    rules = load_rules(rules_file) if rules_file else RULES
    return backend.audit(DAY, rules.only(rule_ids))


def rows(report: AuditReport) -> list[Row]:
    return [
        (f.rule_id, f.entity.id, f.unit.id if f.unit else None, f.check) for f in report.findings
    ]


def rules_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "my-rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def evidence(org: Org, nodes: Iterable[str], rels: Iterable[tuple[str, str, str]]) -> Evidence:
    return Evidence(
        tuple(org.ref(n) for n in nodes), tuple(PathRel(RelType(t), s, e) for t, s, e in rels)
    )


def company() -> Org:
    """u-hq > u-ops; committee po-hq with Li (working at u-hq) seated as a leader, and the
    grassroots branch br-ops at u-ops."""
    return (
        Org()
        .unit("u-hq", kind="company")
        .unit("u-ops", parent="u-hq")
        .committee("po-hq", unit="u-hq")
        .branch("br-ops", "u-ops", "po-hq")
        .person("p-li", unit="u-hq")
        .seat("p-li", "po-hq", "committee_member")
    )


def members(org: Org, branch: str, people: Iterable[str], role: str = "member") -> Org:
    for person in people:
        org = org.seat(person, branch, role)
    return org


# -- R01 -----------------------------------------------------------------------------------------
def test_r01_a_leader_needs_a_counting_point_of_each_kind(load: Load) -> None:
    org = (
        company()
        .branch("br-old", "u-ops", "po-hq", dissolved=date(2024, 1, 1))
        .person("p-wang", unit="u-ops")
        .seat("p-wang", "po-hq", "secretary")
        .person("p-zhao", unit="u-ops")
        .seat("p-zhao", "po-hq", "deputy_secretary")
        .seat("p-ex", "po-hq", "committee_member", end=date(2024, 1, 1))  # no longer a leader
        .seat("p-sec", "br-ops", "secretary")  # a branch secretary is not a leader
        .lp("lp-li", "p-li", "party_building", "u-ops")
        .lp("lp-wang-pb", "p-wang", "party_building", "po-hq")
        .lp("lp-wang-br", "p-wang", "branch", "br-ops")
        .lp("lp-zhao-br", "p-zhao", "branch", "br-old")  # its branch is dissolved
        .lp("lp-zhao-pb", "p-zhao", "party_building", "u-hq", end=date(2024, 6, 14))
    )
    report = audit(load(org.bundle()), "R01")
    assert rows(report) == [
        ("R01", "p-li", "u-hq", "no_branch_point"),
        ("R01", "p-zhao", "u-ops", "no_branch_point"),
        ("R01", "p-zhao", "u-ops", "no_party_building_point"),
    ]
    li = report.findings[0]
    assert li.severity is AuditSeverity.ERROR
    assert li.evidence == evidence(org, ["p-li", "po-hq"], [("HOLDS", "p-li", "po-hq")])
    assert li.missing == "(p-li)-[:ESTABLISHED]->(:LiaisonPoint kind=branch) counting on 2024-06-15"
    assert li.message == "sits on po-hq with no branch liaison point that counts"


# -- R02 -----------------------------------------------------------------------------------------
def visited() -> Org:
    """Li's points, last visited on either side of 2023-06-15 (12 months before DAY)."""
    return (
        company()
        .lp("lp-fresh", "p-li", "party_building", "u-ops")
        .visit("lp-fresh", date(2023, 6, 15))
        .lp("lp-stale", "p-li", "party_building", "po-hq")
        .visit("lp-stale", date(2022, 1, 1))
        .visit("lp-stale", date(2023, 6, 14))
        .lp("lp-never", "p-li", "branch", "br-ops")
        .lp("lp-future", "p-li", "party_building", "u-ops")
        .visit("lp-future", date(2024, 6, 16))  # after the audit day: not known yet
        .lp("lp-ended", "p-li", "branch", "br-ops", end=date(2024, 1, 1))  # does not count
    )


def test_r02_a_counting_point_needs_a_visit_within_twelve_months(load: Load) -> None:
    report = audit(load(visited().bundle()), "R02")
    assert rows(report) == [
        ("R02", "lp-future", "u-ops", "never_visited"),
        ("R02", "lp-never", "u-ops", "never_visited"),
        ("R02", "lp-stale", "u-hq", "not_visited_recently"),
    ]
    stale = report.findings[-1]
    assert stale.message == "last visited on 2023-06-14, before 2023-06-15 (leader p-li, at po-hq)"
    assert [n.id for n in stale.evidence.nodes] == ["lp-stale", "p-li", "po-hq"]


def test_r02_months_come_from_the_users_rules_file(load: Load, tmp_path: Path) -> None:
    six = rules_file(tmp_path, "[R02]\nmonths = 6\n")
    report = audit(load(visited().bundle()), "R02", rules_file=six)
    assert [r[1] for r in rows(report)] == ["lp-fresh", "lp-future", "lp-never", "lp-stale"]
    assert report.rules[0].thresholds == {"months": 6}


# -- R03 -----------------------------------------------------------------------------------------
def test_r03_every_existing_branch_is_covered(load: Load) -> None:
    org = (
        company()
        .unit("u-far", parent="u-hq")
        .branch("br-far", "u-far", "po-hq")
        .branch("br-gone", "u-far", "po-hq", dissolved=DAY)
        .lp("lp-ops", "p-li", "party_building", "u-ops")
    )
    report = audit(load(org.bundle()), "R03")
    assert rows(report) == [("R03", "br-far", "u-far", "uncovered")]
    assert report.findings[0].evidence == evidence(
        org, ["br-far", "u-far"], [("ATTACHED_TO", "br-far", "u-far")]
    )


# -- R04 and R05 ---------------------------------------------------------------------------------
def teams() -> Org:
    """Teams at u-ops; ``f`` people are formal, ``y`` probationary."""
    org = company().branch("br-gone", "u-ops", "po-hq", dissolved=date(2024, 1, 1))
    for team, statuses in {
        "t-big": "fff",
        "t-grouped": "fff",
        "t-small": "ffy",
        "t-dead": "fff",
    }.items():
        for n, status in enumerate(statuses):
            kind = "formal" if status == "f" else "probationary"
            org = org.person(f"{team}-{n}", kind, unit="u-ops", team=team)
        org = org.team(team, "u-ops", leader=f"{team}-0")
    return (
        org.group("g-grouped", "br-ops", team="t-grouped", leader="t-grouped-0").group(
            "g-dead", "br-gone", team="t-dead", leader="t-dead-0"
        )  # its branch is gone
    )


def test_r04_a_team_with_three_formal_members_has_a_party_group(load: Load) -> None:
    org = teams()
    report = audit(load(org.bundle()), "R04")
    assert rows(report) == [
        ("R04", "t-big", "u-ops", "no_party_group"),
        ("R04", "t-dead", "u-ops", "no_party_group"),
    ]
    assert report.findings[0].evidence == evidence(
        org,
        ["t-big", "t-big-0", "t-big-1", "t-big-2"],
        [("IN_TEAM", f"t-big-{n}", "t-big") for n in range(3)],
    )
    assert report.findings[0].message == (
        "3 formal party members and no party group built on the team"
    )


def test_r04_the_threshold_comes_from_the_rules_file(load: Load, tmp_path: Path) -> None:
    four = rules_file(tmp_path, "[R04]\nmin_formal_members = 4\n")
    assert rows(audit(load(teams().bundle()), "R04", rules_file=four)) == []


def test_r05_a_formal_team_leader_leads_the_teams_party_group(load: Load) -> None:
    org = (
        company()
        .person("p-a", unit="u-ops")
        .person("p-b", unit="u-ops")
        .person("p-c", "probationary", unit="u-ops")
        .team("t-a", "u-ops", leader="p-a")
        .group("g-a", "br-ops", team="t-a", leader="p-b")
        .team("t-b", "u-ops", leader="p-b")
        .group("g-b", "br-ops", team="t-b", leader="p-b")
        .team("t-c", "u-ops", leader="p-c")  # not a formal member
        .group("g-c", "br-ops", team="t-c", leader="p-b")
        .team("t-d", "u-ops", leader="p-a")  # no group: R04's business
    )
    report = audit(load(org.bundle()), "R05")
    assert rows(report) == [("R05", "t-a", "u-ops", "leader_not_group_leader")]
    assert report.findings[0].evidence == evidence(
        org,
        ["t-a", "g-a", "p-a", "p-b"],
        [("BUILT_ON", "g-a", "t-a"), ("LEADS", "p-a", "t-a"), ("LEADS", "p-b", "g-a")],
    )
    assert report.findings[0].missing == "(p-a)-[:LEADS]->(g-a)"


# -- R06 -----------------------------------------------------------------------------------------
def test_r06_branch_officers_sit_in_one_of_the_branchs_groups(load: Load) -> None:
    org = (
        company()
        .branch("br-west", "u-ops", "po-hq")
        .person("p-s", unit="u-ops")
        .person("p-c", unit="u-ops")
        .person("p-l", unit="u-ops")
        .person("p-m", unit="u-ops")
        .seat("p-s", "br-ops", "secretary")
        .seat("p-c", "br-ops", "committee_member")
        .seat("p-l", "br-ops", "deputy_secretary")
        .seat("p-x", "br-ops", "committee_member")  # p-x works nowhere
        .seat("p-m", "br-ops", "member")  # not an officer
        .seat("p-old", "br-ops", "committee_member", end=date(2024, 6, 14))
        .group("g-1", "br-ops", leader="p-l", members=["p-s"])  # leading counts
        .group("g-west", "br-west", members=["p-x"])  # another branch's group
    )
    report = audit(load(org.bundle()), "R06")
    assert rows(report) == [
        ("R06", "p-c", "u-ops", "not_in_group"),
        ("R06", "p-x", None, "not_in_group"),
    ]
    assert (
        report.findings[0].message == "committee_member of br-ops but in none of its party groups"
    )


# -- R07 -----------------------------------------------------------------------------------------
def test_r07_a_running_major_project_has_a_temporary_branch(load: Load) -> None:
    org = (
        company()
        .project("pj-run", "u-ops", start=date(2024, 1, 1))
        .project("pj-last", "u-hq", start=date(2024, 1, 1), end=DAY)  # its last day
        .project("pj-done", "u-ops", start=date(2024, 1, 1), end=date(2024, 6, 14))
        .project("pj-soon", "u-ops", start=date(2024, 6, 16))
        .project("pj-minor", "u-ops", major=False)
        .project("pj-covered", "u-ops")
        .branch("br-covered", "u-ops", "po-hq", kind="temporary", project="pj-covered")
        .project("pj-dissolved", "u-ops")
        .branch("br-dissolved", "u-ops", "po-hq", kind="temporary", project="pj-dissolved",
                dissolved=DAY)
    )  # fmt: skip
    assert rows(audit(load(org.bundle()), "R07")) == [
        ("R07", "pj-dissolved", "u-ops", "no_temporary_branch"),
        ("R07", "pj-last", "u-hq", "no_temporary_branch"),
        ("R07", "pj-run", "u-ops", "no_temporary_branch"),
    ]


# -- R08 -----------------------------------------------------------------------------------------
def test_r08_every_domain_has_a_leader_in_charge(load: Load) -> None:
    org = (
        company()
        .domain("d-digital")
        .charge("p-li", "d-safety")
        .seat("p-ex", "po-hq", "committee_member", end=date(2024, 1, 1))
        .charge("p-ex", "d-build")  # no longer a leader
        .charge("p-li", "d-market", end=date(2024, 6, 14))
    )
    report = audit(load(org.bundle()), "R08")
    assert rows(report) == [
        ("R08", "d-build", None, "no_leader_in_charge"),
        ("R08", "d-digital", None, "no_leader_in_charge"),
        ("R08", "d-market", None, "no_leader_in_charge"),
    ]
    assert report.by_unit == ()


# -- R09 -----------------------------------------------------------------------------------------
def staffed(org: Org, unit: str, statuses: str, team: str | None = None) -> Org:
    for n, status in enumerate(statuses):
        kind = "formal" if status == "f" else "probationary"
        org = org.person(f"p-{team or unit}-{n}", kind, unit=unit, team=team)
    return org


def test_r09_units_and_long_projects_with_three_formal_members_have_a_branch(load: Load) -> None:
    org = company()
    for unit in ("u-lab", "u-tiny", "u-gen"):
        org = org.unit(unit, parent="u-hq")
    org = org.general_branch("gb-gen", "u-gen", parent="po-hq")  # not a branch
    org = staffed(staffed(staffed(org, "u-lab", "fff"), "u-tiny", "ffy"), "u-gen", "fff")
    org = staffed(org, "u-ops", "fff")
    projects = {
        "pj-long": (date(2024, 1, 1), None),
        "pj-six": (date(2024, 5, 1), date(2024, 11, 1)),  # six months to the day
        "pj-short": (date(2024, 5, 1), date(2024, 10, 31)),
        "pj-clamp": (date(2023, 12, 31), date(2024, 6, 30)),  # + 6 months is June 30
        "pj-covered": (None, None),
    }
    for project, (start, end) in projects.items():
        team = project.replace("pj-", "t-")
        org = org.project(project, "u-ops", major=False, start=start, end=end)
        org = staffed(org, "u-ops", "fff", team=team).team(team, "u-ops", project=project)
    org = org.branch("br-pj", "u-ops", "po-hq", kind="temporary", project="pj-covered")
    assert rows(audit(load(org.bundle()), "R09")) == [
        ("R09", "pj-clamp", "u-ops", "project_without_branch"),
        ("R09", "pj-long", "u-ops", "project_without_branch"),
        ("R09", "pj-six", "u-ops", "project_without_branch"),
        ("R09", "u-gen", "u-gen", "unit_without_branch"),
        ("R09", "u-lab", "u-lab", "unit_without_branch"),
    ]


# -- R10 -----------------------------------------------------------------------------------------
def test_r10_a_branch_has_at_most_fifty_members(load: Load) -> None:
    org = company().branch("br-full", "u-ops", "po-hq").branch("br-over", "u-ops", "po-hq")
    org = members(org, "br-full", [f"p-full-{n}" for n in range(50)])
    org = members(org, "br-over", [f"p-over-{n}" for n in range(51)])
    report = audit(load(org.bundle()), "R10")
    assert rows(report) == [("R10", "br-over", "u-ops", "too_large")]
    assert report.findings[0].message == "branch with 51 members: normally a general_branch"
    assert len(report.findings[0].evidence.relationships) == 51


def test_r10_a_general_branch_counts_the_members_below_it(load: Load, tmp_path: Path) -> None:
    org = (
        company()
        .general_branch("gb", "u-ops", parent="po-hq")
        .branch("br-a", "u-ops", "gb")
        .branch("br-b", "u-ops", "gb")
        .seat("p-1", "br-a").seat("p-2", "br-a").seat("p-3", "br-a")
        .seat("p-3", "br-b").seat("p-4", "br-b")  # p-3 counts once
        .seat("p-5", "br-b", end=date(2024, 6, 14))  # no longer a member
        .seat("p-6", "gb", "secretary")
    )  # fmt: skip
    small = rules_file(tmp_path, "[R10]\nbranch_max_members = 2\ncommittee_min_members = 5\n")
    report = audit(load(org.bundle()), "R10", rules_file=small)
    assert rows(report) == [
        ("R10", "br-a", "u-ops", "too_large"),
        ("R10", "gb", "u-ops", "too_large"),
    ]
    assert report.findings[1].message == "general_branch with 5 members: normally a committee"
    assert report.findings[1].evidence == evidence(
        org,
        ["gb", "br-a", "br-b", "p-1", "p-2", "p-3", "p-4", "p-6"],
        [("HOLDS", p, "br-a") for p in ("p-1", "p-2", "p-3")]
        + [("HOLDS", p, "br-b") for p in ("p-3", "p-4")]
        + [("HOLDS", "p-6", "gb"), ("REPORTS_TO", "br-a", "gb"), ("REPORTS_TO", "br-b", "gb")],
    )


# -- R11 -----------------------------------------------------------------------------------------
def test_r11_branch_committee_and_secretary(load: Load) -> None:
    org = company()
    seats = {  # branch: roles of its formal members (s secretary, c committee member, m member)
        "br-none": "",
        "br-solo": "smmm",
        "br-cm-small": "scmmm",
        "br-big-nocomm": "smmmmmmm",
        "br-big-ok": "sccmmmmm",
        "br-nosec": "ccmmmmmm",
    }
    role = {"s": "secretary", "c": "committee_member", "m": "member"}
    for branch, roles in seats.items():
        org = org.branch(branch, "u-ops", "po-hq")
        for n, r in enumerate(roles):
            org = org.seat(f"{branch}-{n}", branch, role[r])
    org = org.person("br-solo-x", "probationary").seat("br-solo-x", "br-solo", "member")
    report = audit(load(org.bundle()), "R11")
    assert rows(report) == [
        ("R11", "br-big-nocomm", "u-ops", "committee_size"),
        ("R11", "br-cm-small", "u-ops", "committee_not_expected"),
        ("R11", "br-none", "u-ops", "no_secretary"),
        ("R11", "br-nosec", "u-ops", "committee_size"),
        ("R11", "br-nosec", "u-ops", "no_secretary"),
        ("R11", "br-ops", "u-ops", "no_secretary"),
    ]
    assert report.findings[0].message == "8 formal members and a committee of 1: expected 3 to 7"


# -- R12 -----------------------------------------------------------------------------------------
def elected(bundle: Bundle, days: dict[str, date]) -> Bundle:
    """The bundle with these orgs' ``elected_on`` set (the builder has no such argument)."""
    orgs = tuple(replace(o, elected_on=days.get(o.id, o.elected_on)) for o in bundle.party_orgs)
    return replace(bundle, party_orgs=orgs)


def elections() -> Bundle:
    org = (
        company()
        .committee("po-old", unit="u-ops", parent="po-hq")
        .committee("po-gone", unit="u-ops", dissolved=date(2024, 1, 1))
    )
    return elected(
        org.bundle(),
        {
            "po-hq": date(2019, 6, 15),  # the term ends on DAY itself
            "po-old": date(2019, 6, 14),
            "po-gone": date(2010, 1, 1),
            "br-ops": date(2021, 6, 14),
        },
    )


def test_r12_a_committee_is_re_elected_within_five_years(load: Load) -> None:
    report = audit(load(elections()), "R12")
    assert rows(report) == [("R12", "po-old", "u-ops", "term_overdue")]
    assert report.findings[0].message == "elected on 2019-06-14: the 5-year term is over"
    assert report.findings[0].missing == "electedOn on or after 2019-06-15"


def test_r12_branches_under_the_older_three_year_rule(load: Load, tmp_path: Path) -> None:
    older = rules_file(tmp_path, "[R12]\nterm_years = { branch = 3 }\n")
    report = audit(load(elections()), "R12", rules_file=older)
    assert rows(report) == [
        ("R12", "br-ops", "u-ops", "term_overdue"),
        ("R12", "po-old", "u-ops", "term_overdue"),
    ]
    assert report.rules[0].thresholds["term_years"] == {
        "committee": 5,
        "general_branch": 5,
        "branch": 3,
    }


# -- R13 -----------------------------------------------------------------------------------------
def projects_ending() -> Org:
    return (
        company()
        .project("pj-ended", "u-ops", start=date(2023, 1, 1), end=date(2024, 6, 14))
        .branch("br-tmp", "u-ops", "po-hq", kind="temporary", project="pj-ended")
        .project("pj-today", "u-ops", start=date(2023, 1, 1), end=DAY)
        .branch("br-today", "u-ops", "po-hq", kind="temporary", project="pj-today")
        .branch("br-gone", "u-ops", "po-hq", kind="temporary", project="pj-ended", dissolved=DAY)
    )


def test_r13_a_temporary_branch_is_dissolved_when_its_project_ends(load: Load) -> None:
    report = audit(load(projects_ending().bundle()), "R13")
    assert rows(report) == [("R13", "br-tmp", "u-ops", "not_dissolved")]
    assert report.findings[0].message == "still exists; its project pj-ended ended on 2024-06-14"


def test_r13_grace_days_from_the_rules_file(load: Load, tmp_path: Path) -> None:
    grace = rules_file(tmp_path, "[R13]\ngrace_days = 1\n")
    assert rows(audit(load(projects_ending().bundle()), "R13", rules_file=grace)) == []


# -- R14 -----------------------------------------------------------------------------------------
def test_r14_a_leader_is_an_ordinary_member_of_a_branch_or_group(load: Load) -> None:
    org = company().general_branch("gb", "u-ops", parent="po-hq")
    org = org.branch("br-gone", "u-ops", "po-hq", dissolved=date(2024, 1, 1))
    for person in ("p-wang", "p-zhao", "p-sun", "p-qian"):
        org = org.person(person, unit="u-ops").seat(person, "po-hq", "committee_member")
    org = (
        org.seat("p-li", "br-ops")  # a member: fine
        .group("g-1", "br-ops", members=["p-wang"])  # in a group: fine
        .seat("p-zhao", "br-gone")  # the branch is gone
        .seat("p-sun", "br-ops", "secretary")  # an officer, not an ordinary member
        .seat("p-qian", "gb")  # a general branch is not a branch
    )
    report = audit(load(org.bundle()), "R14")
    assert rows(report) == [
        ("R14", "p-qian", "u-ops", "no_dual_life"),
        ("R14", "p-sun", "u-ops", "no_dual_life"),
        ("R14", "p-zhao", "u-ops", "no_dual_life"),
    ]


# -- the report ------------------------------------------------------------------------------------
def two_places() -> Org:
    """Two uncovered branches under u-hq (one under u-ops, one under u-far > u-far-1) and a
    domain nobody is in charge of; Li has no liaison point at all."""
    return (
        company()
        .unit("u-far", parent="u-hq")
        .unit("u-far-1", parent="u-far")
        .branch("br-far", "u-far-1", "po-hq")
        .domain("d-safety")
    )


def test_findings_are_ordered_by_rule_then_entity_and_counted(load: Load) -> None:
    report = load(two_places().bundle()).audit(DAY, RULES)
    assert rows(report) == [
        ("R01", "p-li", "u-hq", "no_branch_point"),
        ("R01", "p-li", "u-hq", "no_party_building_point"),
        ("R03", "br-far", "u-far-1", "uncovered"),
        ("R03", "br-ops", "u-ops", "uncovered"),
        ("R08", "d-safety", None, "no_leader_in_charge"),
        ("R11", "br-far", "u-far-1", "no_secretary"),
        ("R11", "br-ops", "u-ops", "no_secretary"),
        ("R14", "p-li", "u-hq", "no_dual_life"),
    ]
    counts = dict(report.by_rule)
    assert (counts["R01"], counts["R03"], counts["R08"], counts["R14"], counts["R02"]) == (
        2, 2, 1, 1, 0,
    )  # fmt: skip
    assert dict(report.by_severity) == {
        AuditSeverity.ERROR: 7,
        AuditSeverity.WARNING: 1,
        AuditSeverity.INFO: 0,
    }
    assert [(u.id, n) for u, n in report.by_unit] == [
        ("u-far", 2),
        ("u-far-1", 2),
        ("u-hq", 7),
        ("u-ops", 2),
    ]


def test_under_a_unit_keeps_the_findings_of_its_subtree(load: Load) -> None:
    report = load(two_places().bundle()).audit(DAY, RULES, "u-far")
    assert rows(report) == [
        ("R03", "br-far", "u-far-1", "uncovered"),
        ("R11", "br-far", "u-far-1", "no_secretary"),
    ]
    assert report.under_unit == two_places().ref("u-far")
    assert [(u.id, n) for u, n in report.by_unit] == [("u-far", 2), ("u-far-1", 2)]


@pytest.mark.parametrize("unit", ["u-nowhere", "br-ops"])
def test_under_something_that_is_not_a_unit_is_not_found(load: Load, unit: str) -> None:
    with pytest.raises(NotFound):
        load(two_places().bundle()).audit(DAY, RULES, unit)


def test_a_disabled_rule_does_not_run_unless_named(load: Load, tmp_path: Path) -> None:
    backend = load(two_places().bundle())
    quiet = load_rules(rules_file(tmp_path, "[R03]\nenabled = false\n"))
    assert "R03" not in {f.rule_id for f in backend.audit(DAY, quiet).findings}
    named = backend.audit(DAY, quiet.only(["R03"]))
    assert {f.rule_id for f in named.findings} == {"R03"}
    assert [r.id for r in named.rules] == ["R03"]


def test_a_rules_file_can_change_a_severity(load: Load, tmp_path: Path) -> None:
    info = load_rules(rules_file(tmp_path, '[R08]\nseverity = "info"\n'))
    report = load(two_places().bundle()).audit(DAY, info.only(["R08"]))
    assert [f.severity for f in report.findings] == [AuditSeverity.INFO]
