"""The audit on an ``OrgGraph``: each rule of docs/domain.md "Audit rules" as one small function.

Each function yields the raw findings of its rule on ``day``; ``queries.audit.report`` turns
them into the report. Where docs/domain.md leaves room, the docstrings say how a rule is read, and
``queries.audit.cypher`` reads it the same way. Every rule looks only at what exists or
holds on ``day`` (docs/domain.md "Time"); "formal" is a person's ``partyStatus``; a party group is
there when the org it is ``UNDER`` exists. The unit a finding belongs to is the entity's own:
a person's ``WORKS_IN``, a team's ``BELONGS_TO``, a project's ``OWNED_BY``, a party org's
``ATTACHED_TO``, a unit itself, and for a liaison point the unit of its target (the place
the point looks after: the unit, or the unit the target org is attached to).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import pairwise
from typing import Any

from graph_model.audit import AuditReport, RuleSet
from graph_model.kinds import NodeKind, RelType, SeatRole
from graph_model.results import PathRel
from graph_model.timeline import valid_on
from queries.audit.report import RawFinding, assemble
from queries.audit.rules import add_months, parameters
from queries.coverage.memory import counts_on, require, uncovered_branches
from queries.embedded.orggraph import OrgGraph
from queries.embedded.part import MemoryPart

Params = dict[str, Any]
Found = Iterator[RawFinding]
R = RelType

_UNIT_LINK = {
    NodeKind.PERSON: R.WORKS_IN,
    NodeKind.TEAM: R.BELONGS_TO,
    NodeKind.PROJECT: R.OWNED_BY,
    NodeKind.PARTY_ORG: R.ATTACHED_TO,
}


def unit_of(g: OrgGraph, node: str) -> str | None:
    """The unit ``node`` belongs to, as the module docstring defines it."""
    kind = g.kind(node)
    if kind is NodeKind.UNIT:
        return node
    if kind is NodeKind.LIAISON_POINT:
        target = g.one_out(node, R.AT)
        return unit_of(g, target) if target else None
    return g.one_out(node, _UNIT_LINK[kind]) if kind in _UNIT_LINK else None


def _raw(
    g: OrgGraph,
    rule: str,
    check: str,
    entity: str,
    nodes: Iterable[str] = (),
    rels: Iterable[tuple[RelType, str, str]] = (),
    **facts: Any,
) -> RawFinding:
    return RawFinding(
        rule,
        check,
        g.ref(entity),
        unit_of(g, entity),
        tuple(g.ref(n) for n in nodes),
        tuple(PathRel(t, start, end) for t, start, end in rels),
        facts,
    )


# -- small questions several rules ask -------------------------------------------------------
def _formal(g: OrgGraph, person: str) -> bool:
    return g.props(person).get("partyStatus") == "formal"


def _seats(g: OrgGraph, org: str, day: date) -> list[tuple[str, str]]:
    """(person, role) of every seat in ``org`` valid on ``day``."""
    return [
        (person, seat["role"])
        for person, seat in g.into(org, R.HOLDS)
        if valid_on(seat.get("from"), seat.get("to"), day)
    ]


def _branches(g: OrgGraph, day: date) -> list[str]:
    return [o for o in g.branches() if g.org_exists(o, day)]


def _leaders(g: OrgGraph, day: date) -> Iterator[tuple[str, str]]:
    """(person, the first committee by id on which they are a leader) for each leader."""
    for person, seats in g.leaders(day):
        yield person, min(org for org, _ in seats)


def _running(g: OrgGraph, project: str, day: date) -> bool:
    props = g.props(project)
    return valid_on(props.get("startOn"), props.get("endOn"), day)


def _long(g: OrgGraph, project: str, months: int) -> bool:
    """Planned to run ``months`` or more; an open end counts as long."""
    start, end = g.props(project).get("startOn"), g.props(project).get("endOn")
    return start is None or end is None or add_months(start, months) <= end


def _project_has_branch(g: OrgGraph, project: str, day: date) -> bool:
    return any(g.is_branch(b) and g.org_exists(b, day) for b, _ in g.into(project, R.FOR_PROJECT))


# -- the rules ---------------------------------------------------------------------------------
def r01(g: OrgGraph, day: date, p: Params) -> Found:
    """Each leader has a counting party-building point and a counting branch point (one
    finding per missing kind); the evidence is the seat that makes the person a leader."""
    for person, committee in _leaders(g, day):
        kinds = {
            g.props(lp)["kind"] for lp, _ in g.out(person, R.ESTABLISHED) if counts_on(g, lp, day)
        }
        for kind, check in (
            ("party_building", "no_party_building_point"),
            ("branch", "no_branch_point"),
        ):
            if kind not in kinds:
                yield _raw(
                    g,
                    "R01",
                    check,
                    person,
                    [committee],
                    [(R.HOLDS, person, committee)],
                    committee=committee,
                )


def r02(g: OrgGraph, day: date, p: Params) -> Found:
    """Each liaison point that counts on ``day`` has a visit dated from ``visitedSince``
    (``months`` before ``day``) to ``day``; visits after ``day`` are not known yet."""
    for lp in g.nodes_of(NodeKind.LIAISON_POINT):
        if not counts_on(g, lp, day):
            continue
        leader, target = g.into(lp, R.ESTABLISHED)[0][0], g.one_out(lp, R.AT)
        assert target is not None  # a point that counts has a target
        last = max((v["date"] for _, v in g.into(lp, R.VISITED) if v["date"] <= day), default=None)
        if last is None or last < p["visitedSince"]:
            yield _raw(
                g,
                "R02",
                "never_visited" if last is None else "not_visited_recently",
                lp,
                [leader, target],
                [(R.ESTABLISHED, leader, lp), (R.AT, lp, target)],
                leader=leader,
                target=target,
                last_visit=last,
            )


def r03(g: OrgGraph, day: date, p: Params) -> Found:
    """Each branch existing on ``day`` is covered (as ``uncoveredBranches`` answers)."""
    for branch in uncovered_branches(g, day, None):
        unit = [u for u, _ in g.out(branch.id, R.ATTACHED_TO)]
        yield _raw(
            g, "R03", "uncovered", branch.id, unit, [(R.ATTACHED_TO, branch.id, u) for u in unit]
        )


def r04(g: OrgGraph, day: date, p: Params) -> Found:
    """A team whose formal members (``IN_TEAM``) reach ``min_formal_members`` has a party
    group built on it."""
    for team in g.nodes_of(NodeKind.TEAM):
        formal = [q for q, _ in g.into(team, R.IN_TEAM) if _formal(g, q)]
        if len(formal) >= p["teamMinFormal"] and not g.team_groups(team, day):
            yield _raw(
                g,
                "R04",
                "no_party_group",
                team,
                formal,
                [(R.IN_TEAM, q, team) for q in formal],
                formal=len(formal),
            )


def r05(g: OrgGraph, day: date, p: Params) -> Found:
    """Where a team has a party group, its formal-member leader leads one of its groups."""
    for team in g.nodes_of(NodeKind.TEAM):
        groups = g.team_groups(team, day)
        heads = [(h, grp) for grp in groups for h, _ in g.into(grp, R.LEADS)]
        for leader, _ in g.into(team, R.LEADS):
            if groups and _formal(g, leader) and leader not in {h for h, _ in heads}:
                yield _raw(
                    g,
                    "R05",
                    "leader_not_group_leader",
                    team,
                    [leader, *groups, *(h for h, _ in heads)],
                    [
                        (R.LEADS, leader, team),
                        *((R.BUILT_ON, grp, team) for grp in groups),
                        *((R.LEADS, h, grp) for h, grp in heads),
                    ],
                    leader=leader,
                    groups=groups,
                )


def r06(g: OrgGraph, day: date, p: Params) -> Found:
    """Each officer (secretary, deputy secretary, committee member) of a branch is in, or
    leads, a party group under that branch."""
    for branch in _branches(g, day):
        roles: dict[str, set[str]] = {}
        for person, role in _seats(g, branch, day):
            if role != SeatRole.MEMBER.value:
                roles.setdefault(person, set()).add(role)
        for person, held in roles.items():
            groups = [grp for rel in (R.IN_GROUP, R.LEADS) for grp, _ in g.out(person, rel)]
            if not any(g.one_out(grp, R.UNDER) == branch for grp in groups):
                yield _raw(
                    g,
                    "R06",
                    "not_in_group",
                    person,
                    [branch],
                    [(R.HOLDS, person, branch)],
                    branch=branch,
                    roles=sorted(held),
                )


def r07(g: OrgGraph, day: date, p: Params) -> Found:
    """A major project running on ``day`` (``startOn`` ≤ day ≤ ``endOn``, open ends) has a
    branch existing that day ``FOR_PROJECT`` it."""
    for project in g.nodes_of(NodeKind.PROJECT):
        major = g.props(project).get("major")
        if major and _running(g, project, day) and not _project_has_branch(g, project, day):
            yield _raw(g, "R07", "no_temporary_branch", project)


def r08(g: OrgGraph, day: date, p: Params) -> Found:
    """Each domain has a charge valid on ``day`` held by a person who is a leader that day."""
    for domain in g.nodes_of(NodeKind.DOMAIN):
        if not any(
            valid_on(c.get("from"), c.get("to"), day) and g.is_leader(person, day)
            for person, c in g.into(domain, R.IN_CHARGE_OF)
        ):
            yield _raw(g, "R08", "no_leader_in_charge", domain)


def r09(g: OrgGraph, day: date, p: Params) -> Found:
    """A unit with ``min_formal_members`` formal members working in it directly has a branch
    attached to it; so has a project running on ``day`` and planned for ``project_min_months``
    or more (open ends count as long) with that many formal members in its assigned teams."""
    yield from _units_without_branch(g, day, p)
    yield from _projects_without_branch(g, day, p)


def _units_without_branch(g: OrgGraph, day: date, p: Params) -> Found:
    for unit in g.nodes_of(NodeKind.UNIT):
        formal = [q for q, _ in g.into(unit, R.WORKS_IN) if _formal(g, q)]
        has_branch = any(
            g.is_branch(o) and g.org_exists(o, day) for o, _ in g.into(unit, R.ATTACHED_TO)
        )
        if len(formal) >= p["unitMinFormal"] and not has_branch:
            rels = [(R.WORKS_IN, q, unit) for q in formal]
            yield _raw(g, "R09", "unit_without_branch", unit, formal, rels, formal=len(formal))


def _projects_without_branch(g: OrgGraph, day: date, p: Params) -> Found:
    for project in g.nodes_of(NodeKind.PROJECT):
        if not (_running(g, project, day) and _long(g, project, p["projectMinMonths"])):
            continue
        pairs = [
            (q, t)
            for t, _ in g.into(project, R.ASSIGNED_TO)
            for q, _ in g.into(t, R.IN_TEAM)
            if _formal(g, q)
        ]
        formal = len({q for q, _ in pairs})
        if formal >= p["unitMinFormal"] and not _project_has_branch(g, project, day):
            nodes = [n for pair in pairs for n in pair]
            rels = [r for q, t in pairs for r in ((R.IN_TEAM, q, t), (R.ASSIGNED_TO, t, project))]
            yield _raw(g, "R09", "project_without_branch", project, nodes, rels, formal=formal)


def r10(g: OrgGraph, day: date, p: Params) -> Found:
    """Members of a branch or general branch: distinct people with a seat valid on ``day`` in
    it or in an org below it that exists that day. A branch above ``branch_max_members``, or
    a general branch at ``committee_min_members`` or more, is a finding."""
    limits = {"branch": p["branchMaxMembers"] + 1, "general_branch": p["committeeMinMembers"]}
    for org in g.nodes_of(NodeKind.PARTY_ORG):
        kind = g.props(org)["kind"]
        if kind not in limits or not g.org_exists(org, day):
            continue
        nodes: list[str] = []
        rels: list[tuple[RelType, str, str]] = []
        people: set[str] = set()
        for below, path in g.descendants(org, R.REPORTS_TO):
            seats = _seats(g, below, day) if g.org_exists(below, day) else []
            if seats:
                people.update(q for q, _ in seats)
                nodes += [*path, *(q for q, _ in seats)]
                rels += [(R.REPORTS_TO, child, parent) for parent, child in pairwise(path)]
                rels += [(R.HOLDS, q, below) for q, _ in seats]
        members = len(people)
        if members >= limits[kind]:
            expected = "committee" if members >= p["committeeMinMembers"] else "general_branch"
            yield _raw(
                g,
                "R10",
                "too_large",
                org,
                nodes,
                rels,
                kind=kind,
                members=members,
                expected=expected,
            )


def r11(g: OrgGraph, day: date, p: Params) -> Found:
    """Seats valid on ``day``: every branch has a secretary; with ``committee_from_formal_
    members`` formal members or more its officers number ``committee_min`` to
    ``committee_max``; with fewer, no ``committee_member`` seat (a secretary, perhaps a
    deputy). One finding per failed check."""
    for branch in _branches(g, day):
        seats = _seats(g, branch, day)
        roles = {role for _, role in seats}
        formal = len({q for q, _ in seats if _formal(g, q)})
        officers = sorted({q for q, role in seats if role != SeatRole.MEMBER.value})
        big = formal >= p["committeeFromFormal"]
        checks = [
            check
            for check, failed in (
                ("no_secretary", SeatRole.SECRETARY.value not in roles),
                (
                    "committee_size",
                    big and not p["committeeMin"] <= len(officers) <= p["committeeMax"],
                ),
                ("committee_not_expected", not big and SeatRole.COMMITTEE_MEMBER.value in roles),
            )
            if failed
        ]
        for check in checks:
            yield _raw(
                g,
                "R11",
                check,
                branch,
                officers,
                [(R.HOLDS, q, branch) for q in officers],
                formal=formal,
                officers=len(officers),
            )


def r12(g: OrgGraph, day: date, p: Params) -> Found:
    """An org existing on ``day`` whose ``electedOn`` is before ``day`` minus its kind's
    ``term_years`` (i.e. ``electedOn`` + term < ``day``) is overdue for re-election."""
    for org in g.nodes_of(NodeKind.PARTY_ORG):
        props = g.props(org)
        elected, cutoff = props.get("electedOn"), p["termCutoffs"].get(props["kind"])
        if elected and cutoff and elected < cutoff and g.org_exists(org, day):
            yield _raw(
                g,
                "R12",
                "term_overdue",
                org,
                elected_on=elected,
                years=p["termYears"][props["kind"]],
                cutoff=cutoff,
            )


def r13(g: OrgGraph, day: date, p: Params) -> Found:
    """A branch ``FOR_PROJECT`` still existing on ``day`` although the project's ``endOn``
    is before ``day`` minus ``grace_days``."""
    for branch in _branches(g, day):
        for project, _ in g.out(branch, R.FOR_PROJECT):
            end = g.props(project).get("endOn")
            if end is not None and end < p["projectEndedBefore"]:
                yield _raw(
                    g,
                    "R13",
                    "not_dissolved",
                    branch,
                    [project],
                    [(R.FOR_PROJECT, branch, project)],
                    project=project,
                    end_on=end,
                )


def r14(g: OrgGraph, day: date, p: Params) -> Found:
    """Each leader holds a ``member`` seat valid on ``day`` in an existing branch, or is in
    a party group under an existing org."""
    for person, committee in _leaders(g, day):
        member = any(
            seat["role"] == SeatRole.MEMBER.value
            and valid_on(seat.get("from"), seat.get("to"), day)
            and g.is_branch(org)
            and g.org_exists(org, day)
            for org, seat in g.out(person, R.HOLDS)
        )
        grouped = any(g.group_counts(grp, day) for grp, _ in g.out(person, R.IN_GROUP))
        if not member and not grouped:
            yield _raw(
                g,
                "R14",
                "no_dual_life",
                person,
                [committee],
                [(R.HOLDS, person, committee)],
                committee=committee,
            )


RULES: dict[str, Callable[[OrgGraph, date, Params], Found]] = {
    "R01": r01,
    "R02": r02,
    "R03": r03,
    "R04": r04,
    "R05": r05,
    "R06": r06,
    "R07": r07,
    "R08": r08,
    "R09": r09,
    "R10": r10,
    "R11": r11,
    "R12": r12,
    "R13": r13,
    "R14": r14,
}


def audit(g: OrgGraph, day: date, rules: RuleSet, under_unit_id: str | None) -> AuditReport:
    """Run the enabled rules over the whole graph; keep the findings under ``under_unit_id``."""
    if under_unit_id is not None:
        require(g, under_unit_id, NodeKind.UNIT, "unit")
    params = parameters(rules, day)
    raw = [found for rule in rules.enabled() for found in RULES[rule.id](g, day, params)]
    units = dict.fromkeys(f.unit_id for f in raw if f.unit_id)
    paths = {unit: tuple(g.ref(u) for u in g.ancestors(unit, R.PART_OF)) for unit in units}
    under = g.ref(under_unit_id) if under_unit_id else None
    return assemble(rules, params, raw, paths, under)


# -- the embedded backend's part ---------------------------------------------------------------
class AuditOnMemory(MemoryPart):
    """``Backend``'s audit (``AuditQuestions``) on the embedded graph: ``audit`` above."""

    def audit(self, as_of: date, rules: RuleSet, under_unit_id: str | None = None) -> AuditReport:
        return audit(self._graph, as_of, rules, under_unit_id)
