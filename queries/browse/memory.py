"""Browsing an ``OrgGraph`` (graph_model.browse): the embedded backend's batch look-ups.

Every answer is ordered as ``graph_model.browse`` defines, the order the Neo4j backend gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from graph_model.browse import (
    Bucket,
    Direction,
    GroupBy,
    Neighbour,
    NodeFilter,
    Sort,
    UnitCoverage,
    bucket_key,
    check_filter,
    check_group,
    check_page,
    matches,
    neighbour_key,
    node_key,
    stored,
)
from graph_model.elements import Node
from graph_model.kinds import NodeKind, RelType
from queries.coverage.memory import branches_under, is_covered, require
from queries.embedded.orggraph import OrgGraph
from queries.embedded.part import MemoryPart

#: The relationship from a node of a kind to its unit (``GroupBy.UNIT``).
_UNIT_OF = {
    NodeKind.UNIT: RelType.PART_OF,
    NodeKind.PERSON: RelType.WORKS_IN,
    NodeKind.PARTY_ORG: RelType.ATTACHED_TO,
    NodeKind.TEAM: RelType.BELONGS_TO,
    NodeKind.PROJECT: RelType.OWNED_BY,
}


def node(graph: OrgGraph, node_id: str) -> Node | None:
    kind = graph.kind(node_id)
    return Node(node_id, kind, stored(graph.props(node_id))) if kind else None


def nodes(graph: OrgGraph, ids: Sequence[str]) -> list[Node | None]:
    return [node(graph, i) for i in ids]


def neighbours(
    graph: OrgGraph, ids: Sequence[str], rel: RelType, direction: Direction
) -> dict[str, tuple[Neighbour, ...]]:
    follow = graph.out if direction is Direction.OUT else graph.into
    found = {}
    for i in dict.fromkeys(ids):
        edges = follow(i, rel) if graph.kind(i) else []
        reached = [
            Neighbour(n, stored(props)) for other, props in edges if (n := node(graph, other))
        ]
        found[i] = tuple(sorted(reached, key=neighbour_key))
    return found


def find(
    graph: OrgGraph, kind: NodeKind, node_filter: NodeFilter, sort: Sort, offset: int, limit: int
) -> tuple[int, tuple[Node, ...]]:
    check_filter(kind, node_filter)
    check_page(offset, limit)
    found = _matching(graph, kind, node_filter)
    found.sort(key=node_key(sort), reverse=sort.descending)
    return len(found), tuple(found[offset : offset + limit])


def count_by(
    graph: OrgGraph, kind: NodeKind, node_filter: NodeFilter, group: GroupBy
) -> tuple[Bucket, ...]:
    check_filter(kind, node_filter)
    check_group(kind, group)
    counts: Counter[str | None] = Counter()
    for n in _matching(graph, kind, node_filter):
        keys: set[str | None] = set(_group_keys(graph, n, group))
        counts.update(keys or {None})
    return tuple(sorted((Bucket(k, c) for k, c in counts.items()), key=bucket_key))


def unit_coverage(
    graph: OrgGraph, unit_ids: Sequence[str], day: date
) -> dict[str, UnitCoverage | None]:
    counting: dict[str, bool] = {}  # each point asked once, whatever the units share
    found: dict[str, UnitCoverage | None] = {}
    for unit in dict.fromkeys(unit_ids):
        if graph.kind(unit) is not NodeKind.UNIT:
            found[unit] = None
            continue
        branches = [
            org
            for org in branches_under(graph, unit)
            if graph.is_branch(org) and graph.org_exists(org, day)
        ]
        covered = sum(1 for b in branches if is_covered(graph, b, day, counting))
        found[unit] = UnitCoverage(unit, day, len(branches), covered)
    return found


# -- internals ---------------------------------------------------------------------------------


def _matching(graph: OrgGraph, kind: NodeKind, node_filter: NodeFilter) -> list[Node]:
    inside: set[str] | None = None
    if node_filter.under_unit_id is not None:
        require(graph, node_filter.under_unit_id, NodeKind.UNIT, "unit")
        inside = {u for u, _ in graph.descendants(node_filter.under_unit_id, RelType.PART_OF)}
    if node_filter.domain_id is not None:
        require(graph, node_filter.domain_id, NodeKind.DOMAIN, "domain")
    found = []
    candidates = graph.nodes_of(kind) if inside is None else _homed_in(graph, inside, kind)
    for n in nodes(graph, candidates):
        if n is None or n.kind is not kind or not matches(n, node_filter):
            continue
        if inside is not None and _home(graph, n) not in inside:
            continue
        if node_filter.domain_id is not None and node_filter.domain_id not in _domains(graph, n):
            continue
        found.append(n)
    return found


def _homed_in(graph: OrgGraph, units: set[str], kind: NodeKind) -> list[str]:
    """The nodes of ``kind`` whose ``_home`` may be one of ``units``, found from the units (the
    caller still checks each home): a unit itself; a node linked to its unit; a party group
    under an org attached to one; a point at one or at an org attached to one."""
    if kind is NodeKind.UNIT:
        return sorted(units)
    if kind in _UNIT_OF:
        return [n for u in units for n, _ in graph.into(u, _UNIT_OF[kind])]
    attached = [o for u in units for o, _ in graph.into(u, RelType.ATTACHED_TO)]
    if kind is NodeKind.PARTY_GROUP:
        return list(dict.fromkeys(g for o in attached for g, _ in graph.into(o, RelType.UNDER)))
    if kind is NodeKind.LIAISON_POINT:
        targets = [*units, *attached]
        return list(dict.fromkeys(p for t in targets for p, _ in graph.into(t, RelType.AT)))
    return []  # a domain has no unit


def _unit(graph: OrgGraph, n: Node) -> str | None:
    """The node's unit, as ``GroupBy.UNIT`` defines it."""
    if n.kind is NodeKind.PARTY_GROUP:
        branch = graph.one_out(n.id, RelType.UNDER)
        return graph.one_out(branch, RelType.ATTACHED_TO) if branch else None
    if n.kind is NodeKind.LIAISON_POINT:
        target = graph.one_out(n.id, RelType.AT)
        if target is None or graph.kind(target) is NodeKind.UNIT:
            return target
        return graph.one_out(target, RelType.ATTACHED_TO)
    rel = _UNIT_OF.get(n.kind)
    return graph.one_out(n.id, rel) if rel else None


def _home(graph: OrgGraph, n: Node) -> str | None:
    """The unit whose subtree holds the node: a unit itself, else its unit."""
    return n.id if n.kind is NodeKind.UNIT else _unit(graph, n)


def _domains(graph: OrgGraph, n: Node) -> list[str]:
    holder = graph.one_out(n.id, RelType.ATTACHED_TO) if n.kind is NodeKind.PARTY_ORG else n.id
    return [d for d, _ in graph.out(holder, RelType.IN_DOMAIN)] if holder else []


def _group_keys(graph: OrgGraph, n: Node, group: GroupBy) -> Iterable[str]:
    if group is GroupBy.UNIT:
        unit = _unit(graph, n)
        return [unit] if unit else []
    if group is GroupBy.DOMAIN:
        return _domains(graph, n)
    prop = {GroupBy.KIND: "kind", GroupBy.BRANCH_KIND: "branchKind"}.get(group, "partyStatus")
    value = n.props.get(prop)
    return [str(value)] if value is not None else []


# -- the embedded backend's part ---------------------------------------------------------------


class BrowseOnMemory(MemoryPart):
    """``Backend``'s browse look-ups (``BrowseQuestions``) on the embedded graph, each answered
    by the function of its name above."""

    def nodes(self, ids: Sequence[str]) -> list[Node | None]:
        return nodes(self._graph, ids)

    def neighbours(
        self, ids: Sequence[str], rel: RelType, direction: Direction
    ) -> dict[str, tuple[Neighbour, ...]]:
        return neighbours(self._graph, ids, rel, direction)

    def find(
        self, kind: NodeKind, node_filter: NodeFilter, sort: Sort, offset: int, limit: int
    ) -> tuple[int, tuple[Node, ...]]:
        return find(self._graph, kind, node_filter, sort, offset, limit)

    def count_by(
        self, kind: NodeKind, node_filter: NodeFilter, group: GroupBy
    ) -> tuple[Bucket, ...]:
        return count_by(self._graph, kind, node_filter, group)

    def unit_coverage(self, unit_ids: Sequence[str], as_of: date) -> dict[str, UnitCoverage | None]:
        return unit_coverage(self._graph, unit_ids, as_of)
