"""Liaison coverage on an ``OrgGraph`` (docs/domain.md "Coverage"), with the evidence path of each.

A liaison point counts on a day when it is valid, its leader is a leader and its target exists.
A branch point covers its branch (direct); a party-building point at a unit covers the branches
attached to that unit or below it (via_unit); one at a party org covers that org and the branches
below it (via_party_org).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import pairwise

from graph_model.errors import NotFound
from graph_model.kinds import COVERAGE_ORDER, CoverageKind, LiaisonKind, NodeKind, RelType
from graph_model.results import Coverage, EntityRef, Evidence, PathRel
from graph_model.timeline import valid_on
from queries.embedded.orggraph import OrgGraph
from queries.embedded.part import MemoryPart


def counts_on(graph: OrgGraph, lp: str, day: date) -> bool:
    """Whether liaison point ``lp`` counts on ``day``."""
    props = graph.props(lp)
    leader = graph.into(lp, RelType.ESTABLISHED)
    target = graph.one_out(lp, RelType.AT)
    return (
        valid_on(props.get("from"), props.get("to"), day)
        and bool(leader)
        and graph.is_leader(leader[0][0], day)
        and target is not None
        and graph.target_exists(target, day)
    )


def counts_remembered(graph: OrgGraph, lp: str, day: date, counting: dict[str, bool]) -> bool:
    """``counts_on``, asked once per point: ``counting`` keeps the answers for ``day``."""
    known = counting.get(lp)
    if known is None:
        known = counting[lp] = counts_on(graph, lp, day)
    return known


def _coverage(
    graph: OrgGraph, lp: str, kind: CoverageKind, down: list[str], link: RelType
) -> Coverage:
    """Build a coverage from liaison point ``lp`` whose target is ``down[0]`` and whose branch
    is reached by walking ``down`` (each step a ``link`` relationship from child to parent)."""
    leader = graph.into(lp, RelType.ESTABLISHED)[0][0]
    nodes = [leader, lp, *down]
    rels = [PathRel(RelType.ESTABLISHED, leader, lp), PathRel(RelType.AT, lp, down[0])]
    rels += [PathRel(link, child, parent) for parent, child in pairwise(down)]
    branch = down[-1]
    if kind is CoverageKind.VIA_UNIT:  # the last step is the branch attached to the unit
        rels[-1] = PathRel(RelType.ATTACHED_TO, branch, down[-2])
    return Coverage(
        leader=graph.ref(leader),
        branch=graph.ref(branch),
        kind=kind,
        liaison_point=graph.ref(lp),
        evidence=Evidence(tuple(graph.ref(n) for n in nodes), tuple(rels)),
    )


def covering_from(graph: OrgGraph, lp: str, day: date) -> Iterator[Coverage]:
    """Every branch existing on ``day`` that ``lp`` covers (assumes ``lp`` counts)."""
    props = graph.props(lp)
    target = graph.one_out(lp, RelType.AT)
    assert target is not None
    if props["kind"] == LiaisonKind.BRANCH.value:
        if graph.is_branch(target):
            yield _coverage(graph, lp, CoverageKind.DIRECT, [target], RelType.AT)
    elif graph.kind(target) is NodeKind.UNIT:
        for unit, path in graph.descendants(target, RelType.PART_OF):
            for org, _ in graph.into(unit, RelType.ATTACHED_TO):
                if graph.is_branch(org) and graph.org_exists(org, day):
                    yield _coverage(graph, lp, CoverageKind.VIA_UNIT, [*path, org], RelType.PART_OF)
    else:
        for org, path in graph.descendants(target, RelType.REPORTS_TO):
            if graph.is_branch(org) and graph.org_exists(org, day):
                yield _coverage(graph, lp, CoverageKind.VIA_PARTY_ORG, path, RelType.REPORTS_TO)


def _reaching(graph: OrgGraph, branch: str) -> Iterator[tuple[str, CoverageKind, list[str]]]:
    """Liaison points that could cover ``branch``, with kind and the walk from target down."""
    for lp, _ in graph.into(branch, RelType.AT):
        if graph.props(lp)["kind"] == LiaisonKind.BRANCH.value:
            yield lp, CoverageKind.DIRECT, [branch]
    unit = graph.one_out(branch, RelType.ATTACHED_TO)
    units = graph.ancestors(unit, RelType.PART_OF) if unit else []
    for depth, target in enumerate(units):
        for lp, _ in graph.into(target, RelType.AT):
            if graph.props(lp)["kind"] == LiaisonKind.PARTY_BUILDING.value:
                yield lp, CoverageKind.VIA_UNIT, [*reversed(units[: depth + 1]), branch]
    orgs = graph.ancestors(branch, RelType.REPORTS_TO)
    for depth, target in enumerate(orgs):
        for lp, _ in graph.into(target, RelType.AT):
            if graph.props(lp)["kind"] == LiaisonKind.PARTY_BUILDING.value:
                yield lp, CoverageKind.VIA_PARTY_ORG, list(reversed(orgs[: depth + 1]))


def _by_kind_leader_point(c: Coverage) -> tuple[int, str, str]:
    return COVERAGE_ORDER[c.kind], c.leader.id, c.liaison_point.id


def _by_branch_kind_point(c: Coverage) -> tuple[str, int, str]:
    return c.branch.id, COVERAGE_ORDER[c.kind], c.liaison_point.id


def require(graph: OrgGraph, node_id: str, kind: NodeKind, word: str) -> None:
    if graph.kind(node_id) is not kind or (word == "branch" and not graph.is_branch(node_id)):
        raise NotFound(node_id, [word])


def branch_coverage(graph: OrgGraph, branch: str, day: date) -> tuple[Coverage, ...]:
    require(graph, branch, NodeKind.PARTY_ORG, "branch")
    if not graph.org_exists(branch, day):
        return ()
    found = [
        _coverage(
            graph,
            lp,
            kind,
            walk,
            RelType.PART_OF if kind is CoverageKind.VIA_UNIT else RelType.REPORTS_TO,
        )
        for lp, kind, walk in _reaching(graph, branch)
        if counts_on(graph, lp, day)
    ]
    return tuple(sorted(found, key=_by_kind_leader_point))


def leader_coverage(graph: OrgGraph, leader: str, day: date) -> tuple[Coverage, ...]:
    require(graph, leader, NodeKind.PERSON, "person")
    found = [
        coverage
        for lp, _ in graph.out(leader, RelType.ESTABLISHED)
        if counts_on(graph, lp, day)
        for coverage in covering_from(graph, lp, day)
    ]
    return tuple(sorted(found, key=_by_branch_kind_point))


def covered_branches(graph: OrgGraph, day: date) -> set[str]:
    """The ids of every branch some counting point covers on ``day`` (as ``covering_from``
    reaches them), each subtree walked once however many points look after it."""
    direct, units, orgs = set(), [], []
    for lp in graph.nodes_of(NodeKind.LIAISON_POINT):
        if not counts_on(graph, lp, day):
            continue
        target = graph.one_out(lp, RelType.AT)
        assert target is not None  # a point that counts has a target
        if graph.props(lp)["kind"] == LiaisonKind.BRANCH.value:
            if graph.is_branch(target):
                direct.add(target)
        elif graph.kind(target) is NodeKind.UNIT:
            units.append(target)
        else:
            orgs.append(target)
    attached = (
        org
        for unit in graph.below(units, RelType.PART_OF)
        for org, _ in graph.into(unit, RelType.ATTACHED_TO)
    )
    return direct | {
        org
        for org in (*attached, *graph.below(orgs, RelType.REPORTS_TO))
        if graph.is_branch(org) and graph.org_exists(org, day)
    }


def is_covered(graph: OrgGraph, branch: str, day: date, counting: dict[str, bool]) -> bool:
    """Whether a counting point covers ``branch`` (existing on ``day``), looking only at the
    points that could (``counting`` remembers each point's answer across calls)."""
    return any(counts_remembered(graph, lp, day, counting) for lp, _, _ in _reaching(graph, branch))


def branches_under(graph: OrgGraph, unit: str) -> set[str]:
    """Every party org attached to ``unit`` or a unit below it (branches or not)."""
    return {
        org
        for u, _ in graph.descendants(unit, RelType.PART_OF)
        for org, _ in graph.into(u, RelType.ATTACHED_TO)
    }


def uncovered_branches(graph: OrgGraph, day: date, under_unit: str | None) -> tuple[EntityRef, ...]:
    """Under a unit, each branch there asks the points that could cover it; everywhere, the
    covered set is found once from the points (both cost what the branches asked about do)."""
    if under_unit is not None:
        require(graph, under_unit, NodeKind.UNIT, "unit")
        counting: dict[str, bool] = {}
        found = (
            b
            for b in sorted(branches_under(graph, under_unit))
            if graph.is_branch(b) and graph.org_exists(b, day)
        )
        return tuple(graph.ref(b) for b in found if not is_covered(graph, b, day, counting))
    covered = covered_branches(graph, day)
    return tuple(
        graph.ref(b) for b in graph.branches() if b not in covered and graph.org_exists(b, day)
    )


# -- the embedded backend's part ---------------------------------------------------------------
class CoverageOnMemory(MemoryPart):
    """``Backend``'s coverage questions (``CoverageQuestions``) on the embedded graph, each
    answered by the function of its name above."""

    def branch_coverage(self, branch_id: str, as_of: date) -> tuple[Coverage, ...]:
        return branch_coverage(self._graph, branch_id, as_of)

    def leader_coverage(self, leader_id: str, as_of: date) -> tuple[Coverage, ...]:
        return leader_coverage(self._graph, leader_id, as_of)

    def uncovered_branches(
        self, as_of: date, under_unit_id: str | None = None
    ) -> tuple[EntityRef, ...]:
        return uncovered_branches(self._graph, as_of, under_unit_id)
