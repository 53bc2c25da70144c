"""The one module of Cypher fragments the questions share: the domain's predicates (docs/domain.md
"Time"), the paths of coverage, and how a row names a node, a relationship or a path.

Each predicate takes the day it tests as a fragment, ``$asOf`` unless told otherwise
(``$dayFrom``, ``$validOn``, ``lp.`from```…), so one question can ask about two days. Fragments
are joined at import time, so every query is still a literal. Every variable-length pattern is
bounded by ``DEPTH`` (the loader refuses deeper trees).
"""

from __future__ import annotations

from typing import LiteralString

from graph_model import kinds

# The loader refuses trees deeper than this (loaders.schema.MAX_TREE_DEPTH); kept literal here
# so the query text stays a LiteralString. A unit test checks the two agree.
DEPTH: LiteralString = "32"


# -- the domain's predicates on a day ------------------------------------------------------------
def in_period(start: LiteralString, end: LiteralString, day: LiteralString) -> LiteralString:
    """``day`` lies in the inclusive period from ``start`` to ``end``; an empty end is open."""
    return (
        "(" + start + " IS NULL OR " + start + " <= " + day + ") AND "
        "(" + end + " IS NULL OR " + day + " <= " + end + ")"
    )


def valid(item: LiteralString, day: LiteralString = "$asOf") -> LiteralString:
    """``item``'s ``from``/``to`` period (a seat, a charge, a liaison point) holds on ``day``."""
    return in_period(item + ".`from`", item + ".`to`", day)


def project_runs(project: LiteralString, day: LiteralString = "$asOf") -> LiteralString:
    """``project`` runs on ``day``: between its ``startOn`` and ``endOn``, both included."""
    return in_period(project + ".startOn", project + ".endOn", day)


def org_exists(org: LiteralString, day: LiteralString = "$asOf") -> LiteralString:
    """``org`` exists on ``day``: established by then, its dissolution day still to come."""
    return (
        "(" + org + ".establishedOn IS NULL OR " + org + ".establishedOn <= " + day + ") AND "
        "(" + org + ".dissolvedOn IS NULL OR " + day + " < " + org + ".dissolvedOn)"
    )


def group_counts(group: LiteralString, day: LiteralString = "$asOf") -> LiteralString:
    """Party group ``group`` counts on ``day``: the branch it is under exists."""
    return (
        "EXISTS { MATCH ("
        + group
        + ")-[:UNDER]->(gb:PartyOrg) WHERE "
        + org_exists("gb", day)
        + " }"
    )


# The seats that make a leader, as a Cypher list; the assert keeps it graph_model's set.
LEADER_ROLES: LiteralString = "['secretary', 'deputy_secretary', 'committee_member']"
_KINDS_LEADER_ROLES = ", ".join(f"'{r}'" for r in kinds.SeatRole if r in kinds.LEADER_ROLES)
assert LEADER_ROLES == "[" + _KINDS_LEADER_ROLES + "]", "LEADER_ROLES drifted from graph_model"


def leader_seat(
    seat: LiteralString, committee: LiteralString, day: LiteralString = "$asOf"
) -> LiteralString:
    """``seat`` (a ``HOLDS`` on ``committee``) makes its holder a leader on ``day``."""
    return (
        seat
        + ".role IN "
        + LEADER_ROLES
        + " AND "
        + valid(seat, day)
        + " AND "
        + org_exists(committee, day)
    )


def is_leader(person: LiteralString, day: LiteralString = "$asOf") -> LiteralString:
    """``person`` is a leader on ``day``."""
    return (
        "EXISTS { MATCH (" + person + ")-[seat:HOLDS]->(committee:PartyOrg {kind: 'committee'}) "
        "WHERE " + leader_seat("seat", "committee", day) + " }"
    )


def target_exists(target: LiteralString, day: LiteralString = "$asOf") -> LiteralString:
    """A liaison point's ``target`` exists on ``day``: a unit always does, a party org must."""
    return "(NOT " + target + ":PartyOrg OR " + org_exists(target, day) + ")"


def point_counts(day: LiteralString = "$asOf") -> LiteralString:
    """Liaison point ``lp`` of ``leader``, at ``target`` (all three bound), counts on ``day``."""
    return (
        valid("lp", day)
        + " AND "
        + is_leader("leader", day)
        + " AND "
        + target_exists("target", day)
    )


COUNTS: LiteralString = point_counts()

# -- the paths of coverage -------------------------------------------------------------------------
# They follow the topology only: whether a path's liaison point counts on a day is the caller's
# test (``point_counts`` on the ``PATH_POINT`` of the path), so the insights can also name the
# points that reach a branch without counting.

# Paths from a leader, through a liaison point, to branch ``b`` (bound by the caller), in the
# order docs/domain.md lists the kinds of coverage.
PATHS_TO_BRANCH: LiteralString = (
    "MATCH p = (leader:Person)-[:ESTABLISHED]->(lp:LiaisonPoint {kind: 'branch'})-[:AT]->(b) "
    "RETURN 0 AS rank, 'direct' AS kind, p "
    "UNION ALL "
    "MATCH p = (leader:Person)-[:ESTABLISHED]->(lp:LiaisonPoint {kind: 'party_building'})"
    "-[:AT]->(:Unit)<-[:PART_OF*0.." + DEPTH + "]-(:Unit)<-[:ATTACHED_TO]-(b) "
    "RETURN 1 AS rank, 'via_unit' AS kind, p "
    "UNION ALL "
    "MATCH p = (leader:Person)-[:ESTABLISHED]->(lp:LiaisonPoint {kind: 'party_building'})"
    "-[:AT]->(:PartyOrg)<-[:REPORTS_TO*0.." + DEPTH + "]-(b) "
    "RETURN 2 AS rank, 'via_party_org' AS kind, p"
)

# Paths from ``leader`` through its liaison point ``lp`` (both bound) to the branches it reaches.
PATHS_FROM_POINT: LiteralString = (
    "MATCH p = (leader)-[:ESTABLISHED]->(lp)-[:AT]->(b:PartyOrg {kind: 'branch'}) "
    "WHERE lp.kind = 'branch' "
    "RETURN 0 AS rank, 'direct' AS kind, p "
    "UNION ALL "
    "MATCH p = (leader)-[:ESTABLISHED]->(lp)-[:AT]->(:Unit)<-[:PART_OF*0.." + DEPTH + "]-(:Unit)"
    "<-[:ATTACHED_TO]-(b:PartyOrg {kind: 'branch'}) "
    "WHERE lp.kind = 'party_building' "
    "RETURN 1 AS rank, 'via_unit' AS kind, p "
    "UNION ALL "
    "MATCH p = (leader)-[:ESTABLISHED]->(lp)-[:AT]->(:PartyOrg)"
    "<-[:REPORTS_TO*0.." + DEPTH + "]-(b:PartyOrg {kind: 'branch'}) "
    "WHERE lp.kind = 'party_building' "
    "RETURN 2 AS rank, 'via_party_org' AS kind, p"
)

# The leader, liaison point and target of coverage path ``p``: what ``point_counts`` tests.
PATH_POINT: LiteralString = "nodes(p)[0] AS leader, nodes(p)[1] AS lp, nodes(p)[2] AS target"

# Branch ``b`` (bound) is covered on $asOf.
COVERED: LiteralString = (
    "EXISTS { CALL (b) { " + PATHS_TO_BRANCH + " } WITH " + PATH_POINT + " WHERE " + COUNTS + " }"
)


# -- a big question in pages ---------------------------------------------------------------------
def keyset_page(label: LiteralString, node: LiteralString, rows: LiteralString) -> LiteralString:
    """One keyset page of the nodes with ``label``: at most ``$chunkRows`` of them, by id, after
    ``$after`` (``queries.neo4j.pinned.PinnedRead.pages`` reads them all, one transaction each).

    Returns the page's ``size`` and ``last`` id, and ``rows``: the ``row`` values subquery
    ``rows`` returns (it ends in ``RETURN … AS row``) with ``node`` bound to each node of the
    page in turn. A ``CALL``, not a ``COLLECT { … }``: in the latter the page would be a grouping
    key of every aggregation ``rows`` makes, and its memory counted once per group.
    """
    return (
        "MATCH (" + node + ":" + label + ") WHERE " + node + ".id > $after "
        "WITH " + node + " ORDER BY " + node + ".id LIMIT $chunkRows "
        "WITH collect(" + node + ") AS page "
        "CALL (page) { "
        "  CALL (page) { UNWIND page AS " + node + " " + rows + " } "
        "  RETURN collect(row) AS rows "
        "} "
        "RETURN size(page) AS size, last(page).id AS last, rows"
    )


def in_unit_tree(start: LiteralString, unit: LiteralString = "$underUnitId") -> LiteralString:
    """``start`` (a path's beginning, ending in a relationship to a unit) reaches unit ``unit``
    or a unit below it: ``in_unit_tree("(b)-[:ATTACHED_TO]->")``. A filter on what a page
    holds, walked up from it, not a walk down from the unit."""
    return (
        "EXISTS { MATCH " + start + "(:Unit)-[:PART_OF*0.." + DEPTH + "]->(top:Unit) "
        "WHERE top.id = " + unit + " }"
    )


# -- how a row names what it found -----------------------------------------------------------------
def ref(node: LiteralString) -> LiteralString:
    """``node`` as a row names it: id, labels, name."""
    return "{id: " + node + ".id, labels: labels(" + node + "), name: " + node + ".name}"


def rel_ref(rel: LiteralString) -> LiteralString:
    """Relationship ``rel`` as a row names it: type and the ids of its two ends."""
    return (
        "{type: type(" + rel + "), start: startNode(" + rel + ").id, end: endNode(" + rel + ").id}"
    )


# The fields of coverage path ``p`` of ``kind`` as a row: its nodes and relationships in order.
PATH_FIELDS: LiteralString = (
    "kind: kind, "
    "nodes: [n IN nodes(p) | " + ref("n") + "], "
    "rels: [r IN relationships(p) | " + rel_ref("r") + "]"
)
PATH_ROW: LiteralString = "{" + PATH_FIELDS + "}"


def seen(node: LiteralString) -> LiteralString:
    """``node`` counts for the caller: ``$visible`` is null (everything) or lists its id, for
    the questions a scoped caller gets recounted (``queries/scope/adapter.py``)."""
    return "($visible IS NULL OR " + node + ".id IN $visible)"
