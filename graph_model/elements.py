"""The graph a bundle becomes (docs/domain.md "The graph"): one mapping, used by both backends.

Nodes carry camelCase properties; relationships run start → end as docs/domain.md draws them.
Both the Neo4j writer and the in-memory graph are built from ``graph_elements(bundle)``, so
the two stores cannot disagree on the shape of the data.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graph_model.kinds import NodeKind, RelType
from graph_model.records import Bundle

Props = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: NodeKind
    props: Props


@dataclass(frozen=True, slots=True)
class Rel:
    type: RelType
    start: str
    end: str
    props: Props


def _node(label: NodeKind, record: Any, extra: Mapping[str, str], **props: Any) -> Node:
    # Extra columns first, so a contract column of the same name always wins.
    return Node(record.id, label, {**extra, "id": record.id, "name": record.name, **props})


def _rel(type_: RelType, start: str | None, end: str | None, **props: Any) -> Iterator[Rel]:
    if start is not None and end is not None:
        yield Rel(type_, start, end, props)


def graph_nodes(bundle: Bundle) -> Iterator[Node]:
    """Every node of the bundle's graph, by kind in bundle order."""
    for d in bundle.domains:
        yield _node(NodeKind.DOMAIN, d, d.extra)
    for u in bundle.units:
        yield _node(NodeKind.UNIT, u, u.extra, kind=u.kind.value)
    for p in bundle.people:
        yield _node(NodeKind.PERSON, p, p.extra, partyStatus=p.party_status.value)
    for o in bundle.party_orgs:
        yield _node(
            NodeKind.PARTY_ORG,
            o,
            o.extra,
            kind=o.kind.value,
            branchKind=o.branch_kind.value if o.branch_kind else None,
            establishedOn=o.established_on,
            dissolvedOn=o.dissolved_on,
            electedOn=o.elected_on,
            benchmarkDomainId=o.benchmark_domain_id,
            benchmarkCategory=o.benchmark_category,
        )
    for t in bundle.teams:
        yield _node(NodeKind.TEAM, t, t.extra)
    for g in bundle.party_groups:
        yield _node(NodeKind.PARTY_GROUP, g, g.extra)
    for pr in bundle.projects:
        yield _node(
            NodeKind.PROJECT, pr, pr.extra, major=pr.major, startOn=pr.start_on, endOn=pr.end_on
        )
    for lp in bundle.liaison_points:
        yield Node(
            lp.id,
            NodeKind.LIAISON_POINT,
            {
                **lp.extra,
                "id": lp.id,
                "name": lp.id,
                "kind": lp.kind.value,
                "from": lp.start,
                "to": lp.end,
            },
        )


def graph_rels(bundle: Bundle) -> Iterator[Rel]:
    """Every relationship of the bundle's graph. Only seats, domain charges and visits may
    repeat between the same two nodes (each row is one); any other link is given once (a
    record's lists name each id once: graph_model.records)."""
    for u in bundle.units:
        yield from _rel(RelType.PART_OF, u.id, u.parent_id)
        for d in u.domain_ids:
            yield from _rel(RelType.IN_DOMAIN, u.id, d)
    for p in bundle.people:
        yield from _rel(RelType.WORKS_IN, p.id, p.unit_id)
        yield from _rel(RelType.IN_TEAM, p.id, p.team_id)
    for o in bundle.party_orgs:
        yield from _rel(RelType.REPORTS_TO, o.id, o.parent_id)
        yield from _rel(RelType.ATTACHED_TO, o.id, o.unit_id)
        yield from _rel(RelType.FOR_PROJECT, o.id, o.project_id)
    for s in bundle.seats:
        yield Rel(
            RelType.HOLDS,
            s.person_id,
            s.org_id,
            {"role": s.role.value, "from": s.start, "to": s.end},
        )
    for c in bundle.domain_charges:
        yield Rel(RelType.IN_CHARGE_OF, c.person_id, c.domain_id, {"from": c.start, "to": c.end})
    for t in bundle.teams:
        yield from _rel(RelType.BELONGS_TO, t.id, t.unit_id)
        yield from _rel(RelType.LEADS, t.leader_id, t.id)
        yield from _rel(RelType.IN_DOMAIN, t.id, t.domain_id)
        yield from _rel(RelType.ASSIGNED_TO, t.id, t.project_id)
    for g in bundle.party_groups:
        yield from _rel(RelType.UNDER, g.id, g.branch_id)
        yield from _rel(RelType.BUILT_ON, g.id, g.team_id)
        yield from _rel(RelType.LEADS, g.leader_id, g.id)
        for m in g.member_ids:
            yield from _rel(RelType.IN_GROUP, m, g.id)
    for pr in bundle.projects:
        yield from _rel(RelType.OWNED_BY, pr.id, pr.unit_id)
        yield from _rel(RelType.IN_DOMAIN, pr.id, pr.domain_id)
    for lp in bundle.liaison_points:
        yield from _rel(RelType.ESTABLISHED, lp.leader_id, lp.id)
        yield from _rel(RelType.AT, lp.id, lp.target_id)
    leader_of = {lp.id: lp.leader_id for lp in bundle.liaison_points}
    for v in bundle.visits:
        yield Rel(
            RelType.VISITED,
            leader_of[v.liaison_point_id],
            v.liaison_point_id,
            {"date": v.date, "kind": v.kind.value if v.kind else None, "note": v.note},
        )
