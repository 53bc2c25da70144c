"""Cypher text of the browse look-ups (``graph_model.browse``), one round trip each.

As in ``queries.neo4j.fragments``: module constants built at import time from literal fragments,
``$parameters`` only, every list ordered. What varies by node kind (its label, how it reaches its
unit and domains, which dates make it valid) or by relationship type and direction is a
whitelisted part: the queries are dictionaries keyed by ``NodeKind`` or ``(RelType,
Direction)``. Stored strings sort by code point, as the embedded backend sorts them.
"""

from __future__ import annotations

from typing import LiteralString

from graph_model.browse import Direction
from graph_model.kinds import NodeKind, RelType
from queries.neo4j.fragments import COVERED, DEPTH, org_exists, project_runs, valid

REL_TYPES: tuple[LiteralString, ...] = (
    "PART_OF",
    "IN_DOMAIN",
    "REPORTS_TO",
    "ATTACHED_TO",
    "FOR_PROJECT",
    "OWNED_BY",
    "UNDER",
    "BUILT_ON",
    "BELONGS_TO",
    "ASSIGNED_TO",
    "WORKS_IN",
    "IN_TEAM",
    "LEADS",
    "IN_GROUP",
    "HOLDS",
    "IN_CHARGE_OF",
    "ESTABLISHED",
    "AT",
    "VISITED",
)
assert set(REL_TYPES) == {r.value for r in RelType}

_NODE_ROW: LiteralString = "{labels: labels(n), props: properties(n)}"

NODES: LiteralString = (
    "UNWIND $ids AS id MATCH (n:Entity {id: id}) "
    "RETURN n.id AS id, " + _NODE_ROW + " AS node ORDER BY id"
)


def _neighbours(rel: LiteralString, out: bool) -> LiteralString:
    arrow: LiteralString = "-[r:" + rel + "]->" if out else "<-[r:" + rel + "]-"
    return (
        "UNWIND $ids AS id MATCH (:Entity {id: id})" + arrow + "(n:Entity) "
        "WITH id, n, r ORDER BY id, n.id "
        "RETURN id, collect({node: " + _NODE_ROW + ", rel: properties(r)}) AS found ORDER BY id"
    )


NEIGHBOURS: dict[tuple[RelType, Direction], LiteralString] = {
    **{(RelType(rel), Direction.OUT): _neighbours(rel, True) for rel in REL_TYPES},
    **{(RelType(rel), Direction.IN): _neighbours(rel, False) for rel in REL_TYPES},
}

# -- what a node of each kind reaches ------------------------------------------------------------
# Its unit's id (GroupBy.UNIT: a unit's parent), or null.
_UNIT: dict[NodeKind, LiteralString] = {
    NodeKind.UNIT: "[(n)-[:PART_OF]->(u:Unit) | u.id][0]",
    NodeKind.DOMAIN: "null",
    NodeKind.PERSON: "[(n)-[:WORKS_IN]->(u:Unit) | u.id][0]",
    NodeKind.PARTY_ORG: "[(n)-[:ATTACHED_TO]->(u:Unit) | u.id][0]",
    NodeKind.PARTY_GROUP: "[(n)-[:UNDER]->(:PartyOrg)-[:ATTACHED_TO]->(u:Unit) | u.id][0]",
    NodeKind.TEAM: "[(n)-[:BELONGS_TO]->(u:Unit) | u.id][0]",
    NodeKind.PROJECT: "[(n)-[:OWNED_BY]->(u:Unit) | u.id][0]",
    NodeKind.LIAISON_POINT: "([(n)-[:AT]->(u:Unit) | u.id] "
    "+ [(n)-[:AT]->(:PartyOrg)-[:ATTACHED_TO]->(u:Unit) | u.id])[0]",
}
# The unit whose subtree holds it: a unit itself, else its unit.
_HOME: dict[NodeKind, LiteralString] = {**_UNIT, NodeKind.UNIT: "n.id"}
# The ids of its domains.
_DOMAINS: dict[NodeKind, LiteralString] = {
    kind: "[(n)-[:IN_DOMAIN]->(d:Domain) | d.id]"
    for kind in (NodeKind.UNIT, NodeKind.TEAM, NodeKind.PROJECT)
}
_DOMAINS[NodeKind.PARTY_ORG] = "[(n)-[:ATTACHED_TO]->(:Unit)-[:IN_DOMAIN]->(d:Domain) | d.id]"


# What makes a node of each kind valid on $validOn; the other kinds always are.
_VALID: dict[NodeKind, LiteralString] = {
    NodeKind.PARTY_ORG: org_exists("n", "$validOn"),
    NodeKind.PROJECT: project_runs("n", "$validOn"),
    NodeKind.LIAISON_POINT: valid("n", "$validOn"),
}

_PROPERTIES: LiteralString = (
    "(size($kinds) = 0 OR n.kind IN $kinds) "
    "AND (size($branchKinds) = 0 OR n.branchKind IN $branchKinds) "
    "AND (size($partyStatuses) = 0 OR n.partyStatus IN $partyStatuses) "
    "AND ($nameContains IS NULL OR n.name CONTAINS $nameContains) "
)

# The subtree of $underUnitId and the domain $domainId, each null when not given or not there.
_SCOPE: LiteralString = (
    "OPTIONAL MATCH (under:Unit {id: $underUnitId}) "
    "OPTIONAL MATCH (domain:Domain {id: $domainId}) "
    "WITH under, domain, "
    "  COLLECT { MATCH (x:Unit)-[:PART_OF*0.." + DEPTH + "]->(under) RETURN DISTINCT x.id } "
    "  AS inside "
)
_FOUND: LiteralString = (
    "($underUnitId IS NULL OR under IS NOT NULL) AS underFound, "
    "($domainId IS NULL OR domain IS NOT NULL) AS domainFound"
)


def _matching(kind: NodeKind, label: LiteralString) -> LiteralString:
    """``n``: each node with ``label`` passing the filter parameters."""
    return (
        "MATCH (n:" + label + ") "
        "WHERE " + _PROPERTIES + "AND ($validOn IS NULL OR " + _VALID.get(kind, "true") + ") "
        "AND ($underUnitId IS NULL OR " + _HOME[kind] + " IN inside) "
        "AND ($domainId IS NULL OR $domainId IN " + _DOMAINS.get(kind, "[]") + ") "
    )


def _find(kind: NodeKind, label: LiteralString) -> LiteralString:
    return (
        _SCOPE + "CALL (inside) { " + _matching(kind, label) + " "
        "  WITH n ORDER BY CASE WHEN $byName THEN n.name END, n.id "
        "  RETURN collect(n) AS matched "
        "} "
        "RETURN " + _FOUND + ", size(matched) AS total, "
        "  [n IN (CASE WHEN $descending THEN reverse(matched) ELSE matched END)"
        "[$offset..$offset + $limit] | " + _NODE_ROW + "] AS rows"
    )


def _count_by(kind: NodeKind, label: LiteralString) -> LiteralString:
    return (
        _SCOPE + "CALL (inside) { " + _matching(kind, label) + " "
        "  WITH n, CASE $group "
        "    WHEN 'unit' THEN [" + _UNIT[kind] + "] "
        "    WHEN 'domain' THEN " + _DOMAINS.get(kind, "[]") + " "
        "    WHEN 'kind' THEN [n.kind] "
        "    WHEN 'branch_kind' THEN [n.branchKind] "
        "    ELSE [n.partyStatus] END AS keys "
        "  UNWIND CASE WHEN size(keys) = 0 THEN [null] ELSE keys END AS key "
        "  WITH key, count(DISTINCT n) AS count ORDER BY key "
        "  RETURN collect({key: key, count: count}) AS buckets "
        "} "
        "RETURN " + _FOUND + ", buckets"
    )


_LABELS: dict[NodeKind, LiteralString] = {
    NodeKind.UNIT: "Unit",
    NodeKind.DOMAIN: "Domain",
    NodeKind.PERSON: "Person",
    NodeKind.PARTY_ORG: "PartyOrg",
    NodeKind.PARTY_GROUP: "PartyGroup",
    NodeKind.TEAM: "Team",
    NodeKind.PROJECT: "Project",
    NodeKind.LIAISON_POINT: "LiaisonPoint",
}
assert all(kind.value == label for kind, label in _LABELS.items())

FIND: dict[NodeKind, LiteralString] = {k: _find(k, label) for k, label in _LABELS.items()}
COUNT_BY: dict[NodeKind, LiteralString] = {k: _count_by(k, lb) for k, lb in _LABELS.items()}

# Existing branches of each unit's subtree on $asOf, and how many of them are covered.
UNIT_COVERAGE: LiteralString = (
    "UNWIND $unitIds AS unitId "
    "OPTIONAL MATCH (u:Unit {id: unitId}) "
    "CALL (u) { "
    "  MATCH (b:PartyOrg {kind: 'branch'})-[:ATTACHED_TO]->(:Unit)"
    "-[:PART_OF*0.." + DEPTH + "]->(u) "
    "  WHERE " + org_exists("b") + " "
    "  WITH DISTINCT b "
    "  WITH b, " + COVERED + " AS covered "
    "  RETURN count(b) AS branches, count(CASE WHEN covered THEN b END) AS covered "
    "} "
    "RETURN unitId, u IS NOT NULL AS found, branches, covered ORDER BY unitId"
)
