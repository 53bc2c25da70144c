"""The insight questions on an ``OrgGraph`` (the embedded backend; Neo4j answers the same in
Cypher, ``queries.insights.cypher``). What each answer means is defined on its type in
``graph_model.insights``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from graph_model.errors import NotFound
from graph_model.insights import (
    BranchCoverageChange,
    CompletenessGap,
    CoveringPoint,
    DataCompleteness,
    EntityCount,
    LeaderPeriod,
    LeaderSeat,
    LeaderWorkload,
    MissedPoint,
    NamedCount,
    NearMiss,
    NearMissRelation,
    PointFacts,
    UncoveredExplanation,
    YearFigures,
    check_period,
    missed_order,
    period_order,
    year_bounds,
)
from graph_model.kinds import (
    COVERAGE_ORDER,
    LEADER_ROLES,
    CoverageKind,
    LiaisonKind,
    NodeKind,
    OrgKind,
    RelType,
    SeatRole,
)
from graph_model.timeline import valid_on
from queries.coverage.memory import (
    _coverage,
    _reaching,
    branch_coverage,
    branches_under,
    counts_on,
    counts_remembered,
    covering_from,
    require,
)
from queries.embedded.orggraph import OrgGraph
from queries.embedded.part import MemoryPart

# -- explain a negative --------------------------------------------------------------------------


def leader_periods(graph: OrgGraph, person: str) -> tuple[LeaderPeriod, ...]:
    """Every period in which ``person`` was a leader, seat by seat (see ``LeaderPeriod``)."""
    found = []
    for org, seat in graph.out(person, RelType.HOLDS):
        props = graph.props(org)
        if SeatRole(seat["role"]) not in LEADER_ROLES or props["kind"] != OrgKind.COMMITTEE.value:
            continue
        dissolved = props.get("dissolvedOn")
        last = dissolved - timedelta(days=1) if dissolved else None
        start = _latest(seat.get("from"), props.get("establishedOn"))
        end = _earliest(seat.get("to"), last)
        if start is None or end is None or start <= end:
            found.append(LeaderPeriod(graph.ref(org), seat["role"], start, end))
    return tuple(sorted(found, key=period_order))


def _latest(a: date | None, b: date | None) -> date | None:
    return a if b is None else b if a is None else max(a, b)


def _earliest(a: date | None, b: date | None) -> date | None:
    return a if b is None else b if a is None else min(a, b)


def point_facts(graph: OrgGraph, lp: str) -> PointFacts:
    props = graph.props(lp)
    leader = graph.into(lp, RelType.ESTABLISHED)[0][0]
    target = graph.one_out(lp, RelType.AT)
    assert target is not None
    lifetime = graph.props(target) if graph.kind(target) is NodeKind.PARTY_ORG else {}
    return PointFacts(
        start=props.get("from"),
        end=props.get("to"),
        leader_periods=leader_periods(graph, leader),
        target_established=lifetime.get("establishedOn"),
        target_dissolved=lifetime.get("dissolvedOn"),
    )


def explain_uncovered(graph: OrgGraph, branch: str, day: date) -> UncoveredExplanation:
    require(graph, branch, NodeKind.PARTY_ORG, "branch")
    props = graph.props(branch)
    exists = graph.org_exists(branch, day)
    missed = []
    for lp, kind, walk in _reaching(graph, branch):
        reasons = point_facts(graph, lp).reasons_on(day)
        if reasons or not exists:
            link = RelType.PART_OF if kind is CoverageKind.VIA_UNIT else RelType.REPORTS_TO
            evidence = _coverage(graph, lp, kind, walk, link).evidence
            lp_props = graph.props(lp)
            missed.append(
                MissedPoint(
                    liaison_point=graph.ref(lp),
                    leader=evidence.nodes[0],
                    kind=kind,
                    target=evidence.nodes[2],
                    start=lp_props.get("from"),
                    end=lp_props.get("to"),
                    reasons=reasons,
                    evidence=evidence,
                )
            )
    coverage = branch_coverage(graph, branch, day)
    return UncoveredExplanation(
        branch=graph.ref(branch),
        as_of=day,
        exists=exists,
        established_on=props.get("establishedOn"),
        dissolved_on=props.get("dissolvedOn"),
        covered=bool(coverage),
        coverage=coverage,
        candidates=tuple(sorted(missed, key=missed_order)),
        near_misses=near_misses(graph, branch, day),
    )


def near_misses(graph: OrgGraph, branch: str, day: date) -> tuple[NearMiss, ...]:
    """Liaison points at the branch's neighbours (``NearMissRelation``), by point id."""
    targets: list[tuple[str, NearMissRelation]] = []
    unit = graph.one_out(branch, RelType.ATTACHED_TO)
    if unit is not None:
        parent_unit = graph.one_out(unit, RelType.PART_OF)
        if parent_unit is not None:
            targets += [
                (u, NearMissRelation.SIBLING_UNIT)
                for u, _ in graph.into(parent_unit, RelType.PART_OF)
                if u != unit
            ]
        targets += [
            (u, NearMissRelation.UNIT_BELOW)
            for u, _ in graph.descendants(unit, RelType.PART_OF)
            if u != unit
        ]
    parent_org = graph.one_out(branch, RelType.REPORTS_TO)
    if parent_org is not None:
        targets += [
            (o, NearMissRelation.SIBLING_ORG)
            for o, _ in graph.into(parent_org, RelType.REPORTS_TO)
            if o != branch
        ]
    found = [
        NearMiss(
            liaison_point=graph.ref(lp),
            leader=graph.ref(graph.into(lp, RelType.ESTABLISHED)[0][0]),
            kind=LiaisonKind(graph.props(lp)["kind"]),
            target=graph.ref(target),
            relation=relation,
            counts=counts_on(graph, lp, day),
        )
        for target, relation in targets
        for lp, _ in graph.into(target, RelType.AT)
    ]
    return tuple(sorted(found, key=lambda m: m.liaison_point.id))


# -- what changed --------------------------------------------------------------------------------


def _units_under(graph: OrgGraph, under_unit: str | None) -> set[str] | None:
    """The unit and every unit below it, or None (everywhere) when no unit is given."""
    if under_unit is None:
        return None
    require(graph, under_unit, NodeKind.UNIT, "unit")
    return {u for u, _ in graph.descendants(under_unit, RelType.PART_OF)}


def _attached_within(graph: OrgGraph, node: str, rel: RelType, units: set[str] | None) -> bool:
    return units is None or any(u in units for u, _ in graph.out(node, rel))


def coverage_diff(
    graph: OrgGraph, day_from: date, day_to: date, under_unit: str | None
) -> tuple[BranchCoverageChange, ...]:
    if under_unit is None:
        branches: Iterable[str] = graph.branches()
    else:  # only the branches there, in the same order
        require(graph, under_unit, NodeKind.UNIT, "unit")
        branches = sorted(b for b in branches_under(graph, under_unit) if graph.is_branch(b))
    counting: tuple[dict[str, bool], dict[str, bool]] = ({}, {})  # each point asked once a day
    found = []
    for branch in branches:
        before, after = (
            _covering_points(graph, branch, day, memo)
            for day, memo in zip((day_from, day_to), counting, strict=True)
        )
        change = BranchCoverageChange.between(
            graph.ref(branch),
            before,
            after,
            graph.org_exists(branch, day_from),
            graph.org_exists(branch, day_to),
        )
        if change is not None:
            found.append(change)
    return tuple(found)


def _covering_points(
    graph: OrgGraph, branch: str, day: date, counting: dict[str, bool]
) -> list[CoveringPoint]:
    """``branch_coverage``'s answer as covering points, without building its evidence."""
    if not graph.org_exists(branch, day):
        return []
    found = []
    for lp, kind, _ in _reaching(graph, branch):
        if counts_remembered(graph, lp, day, counting):
            leader = graph.into(lp, RelType.ESTABLISHED)[0][0]
            found.append((COVERAGE_ORDER[kind], leader, lp, kind))
    found.sort(key=lambda c: c[:3])
    return [CoveringPoint(graph.ref(leader), graph.ref(lp), kind) for _, leader, lp, kind in found]


# -- workload and completeness -------------------------------------------------------------------


def _seen(entity_id: str, visible: frozenset[str] | None) -> bool:
    """Whether an entity counts for a caller who sees only ``visible`` (None: everything)."""
    return visible is None or entity_id in visible


def leader_workload(
    graph: OrgGraph,
    day: date,
    visits_from: date,
    visits_to: date,
    under_unit: str | None,
    visible: frozenset[str] | None = None,
) -> tuple[LeaderWorkload, ...]:
    check_period(visits_from, visits_to)
    units = _units_under(graph, under_unit)
    found = []
    for person, seats in graph.leaders(day):
        if not any(_attached_within(graph, c, RelType.ATTACHED_TO, units) for c, _ in seats):
            continue
        points = [
            lp
            for lp, _ in graph.out(person, RelType.ESTABLISHED)
            if _seen(lp, visible) and counts_on(graph, lp, day)
        ]
        kinds = [graph.props(lp)["kind"] for lp in points]
        covered = {
            c.branch.id
            for lp in points
            for c in covering_from(graph, lp, day)
            if _seen(c.branch.id, visible)
        }
        dates = [v["date"] for lp, v in graph.out(person, RelType.VISITED) if _seen(lp, visible)]
        found.append(
            LeaderWorkload(
                leader=graph.ref(person),
                seats=tuple(LeaderSeat(graph.ref(c), role) for c, role in sorted(set(seats))),
                party_building_points=kinds.count(LiaisonKind.PARTY_BUILDING.value),
                branch_points=kinds.count(LiaisonKind.BRANCH.value),
                branches_covered=len(covered),
                visits=sum(1 for d in dates if visits_from <= d <= visits_to),
                last_visit=max((d for d in dates if d <= day), default=None),
            )
        )
    return tuple(found)


def data_completeness(graph: OrgGraph, day: date, under_unit: str | None) -> DataCompleteness:
    units = _units_under(graph, under_unit)
    branches = [
        b
        for b in graph.nodes_of(NodeKind.PARTY_ORG)
        if graph.is_branch(b)
        and graph.org_exists(b, day)
        and _attached_within(graph, b, RelType.ATTACHED_TO, units)
    ]
    teams = [
        t
        for t in graph.nodes_of(NodeKind.TEAM)
        if _attached_within(graph, t, RelType.BELONGS_TO, units)
    ]
    people = [p for p in graph.nodes_of(NodeKind.PERSON) if _person_within(graph, p, day, units)]
    return DataCompleteness(
        branches_without_secretary=_gap(
            graph, branches, lambda b: bool(graph.holders(b, SeatRole.SECRETARY, day))
        ),
        teams_without_leader=_gap(graph, teams, lambda t: bool(graph.into(t, RelType.LEADS))),
        people_without_unit=_gap(graph, people, lambda p: bool(graph.out(p, RelType.WORKS_IN))),
    )


def _person_within(graph: OrgGraph, person: str, day: date, units: set[str] | None) -> bool:
    """A person is within a unit's subtree by the unit they work in, the unit of their team,
    or the unit of a party org they hold a seat in on ``day``."""
    if units is None:
        return True
    return (
        _attached_within(graph, person, RelType.WORKS_IN, units)
        or any(
            _attached_within(graph, team, RelType.BELONGS_TO, units)
            for team, _ in graph.out(person, RelType.IN_TEAM)
        )
        or any(
            _attached_within(graph, org, RelType.ATTACHED_TO, units)
            for org, seat in graph.out(person, RelType.HOLDS)
            if valid_on(seat.get("from"), seat.get("to"), day)
        )
    )


def _gap(graph: OrgGraph, checked: list[str], has: Callable[[str], bool]) -> CompletenessGap:
    return CompletenessGap(len(checked), tuple(graph.ref(n) for n in checked if not has(n)))


# -- the source's figures ------------------------------------------------------------------------


def year_figures(
    graph: OrgGraph, year: int, committee: str, day: date, visible: frozenset[str] | None = None
) -> YearFigures:
    first, last = year_bounds(year)
    if graph.kind(committee) is not NodeKind.PARTY_ORG or (
        graph.props(committee)["kind"] != OrgKind.COMMITTEE.value
    ):
        raise NotFound(committee, ["committee"])
    points = []
    for lp in graph.nodes_of(NodeKind.LIAISON_POINT):
        start = graph.props(lp).get("from")
        if start is None or not first <= start <= last or not _seen(lp, visible):
            continue
        leader = graph.into(lp, RelType.ESTABLISHED)[0][0]
        if any(org == committee for org, _ in graph.leader_seats(leader, start)):
            points.append(lp)
    kinds = [graph.props(lp)["kind"] for lp in points]
    visits = sum(
        1
        for lp in points
        for _, visit in graph.into(lp, RelType.VISITED)
        if first <= visit["date"] <= last
    )
    benchmarks = sorted(
        {
            org
            for org, _ in graph.descendants(committee, RelType.REPORTS_TO)
            if graph.is_branch(org)
            and graph.org_exists(org, day)
            and graph.props(org).get("benchmarkCategory")
            and _seen(org, visible)
        }
    )
    categories: dict[str, int] = {}
    domains: dict[str, int] = {}
    for b in benchmarks:
        props = graph.props(b)
        categories[props["benchmarkCategory"]] = categories.get(props["benchmarkCategory"], 0) + 1
        if domain := props.get("benchmarkDomainId"):
            domains[domain] = domains.get(domain, 0) + 1
    return YearFigures(
        committee=graph.ref(committee),
        year=year,
        liaison_points=tuple(graph.ref(lp) for lp in points),
        party_building_points=kinds.count(LiaisonKind.PARTY_BUILDING.value),
        branch_points=kinds.count(LiaisonKind.BRANCH.value),
        visits=visits,
        benchmark_branches=tuple(graph.ref(b) for b in benchmarks),
        benchmark_categories=tuple(NamedCount(n, c) for n, c in sorted(categories.items())),
        benchmark_domains=tuple(
            EntityCount(graph.ref(d), c) for d, c in sorted(domains.items()) if graph.kind(d)
        ),
    )


# -- the embedded backend's part ---------------------------------------------------------------


class InsightsOnMemory(MemoryPart):
    """``Backend``'s insight questions (``InsightQuestions``) on the embedded graph, each
    answered by the function of its name above."""

    def explain_uncovered(self, branch_id: str, as_of: date) -> UncoveredExplanation:
        return explain_uncovered(self._graph, branch_id, as_of)

    def coverage_diff(
        self, day_from: date, day_to: date, under_unit_id: str | None = None
    ) -> tuple[BranchCoverageChange, ...]:
        return coverage_diff(self._graph, day_from, day_to, under_unit_id)

    def leader_workload(
        self,
        as_of: date,
        visits_from: date,
        visits_to: date,
        under_unit_id: str | None = None,
        visible: frozenset[str] | None = None,
    ) -> tuple[LeaderWorkload, ...]:
        return leader_workload(self._graph, as_of, visits_from, visits_to, under_unit_id, visible)

    def data_completeness(self, as_of: date, under_unit_id: str | None = None) -> DataCompleteness:
        return data_completeness(self._graph, as_of, under_unit_id)

    def year_figures(
        self, year: int, committee_id: str, as_of: date, visible: frozenset[str] | None = None
    ) -> YearFigures:
        return year_figures(self._graph, year, committee_id, as_of, visible)
