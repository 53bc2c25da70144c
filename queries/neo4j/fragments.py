"""The one module of Cypher fragments the questions share: time predicates, what makes a
leader, when a liaison point counts, and the paths of coverage.

Fragments are joined at import time, so every query is still a literal. Every variable-length
pattern is bounded by ``DEPTH`` (the loader refuses deeper trees).
"""

from __future__ import annotations

from typing import LiteralString

# The loader refuses trees deeper than this (loaders.schema.MAX_TREE_DEPTH); kept literal here
# so the query text stays a LiteralString. A unit test checks the two agree.
DEPTH: LiteralString = "32"


# -- predicates on $asOf -----------------------------------------------------------------------
def org_exists(org: LiteralString) -> LiteralString:
    return (
        "("
        + org
        + ".establishedOn IS NULL OR "
        + org
        + ".establishedOn <= $asOf) AND ("
        + org
        + ".dissolvedOn IS NULL OR $asOf < "
        + org
        + ".dissolvedOn)"
    )


def valid(item: LiteralString) -> LiteralString:
    return (
        "("
        + item
        + ".`from` IS NULL OR "
        + item
        + ".`from` <= $asOf) AND ("
        + item
        + ".`to` IS NULL OR $asOf <= "
        + item
        + ".`to`)"
    )


def is_leader(person: LiteralString) -> LiteralString:
    return (
        "EXISTS { MATCH (" + person + ")-[seat:HOLDS]->(committee:PartyOrg {kind: 'committee'}) "
        "WHERE seat.role IN ['secretary', 'deputy_secretary', 'committee_member'] AND "
        + valid("seat")
        + " AND "
        + org_exists("committee")
        + " }"
    )


COUNTS: LiteralString = valid("lp") + " AND " + is_leader("leader")

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
    "-[:AT]->(target:PartyOrg)<-[:REPORTS_TO*0.." + DEPTH + "]-(b) "
    "WHERE " + org_exists("target") + " "
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
    "MATCH p = (leader)-[:ESTABLISHED]->(lp)-[:AT]->(target:PartyOrg)"
    "<-[:REPORTS_TO*0.." + DEPTH + "]-(b:PartyOrg {kind: 'branch'}) "
    "WHERE lp.kind = 'party_building' AND " + org_exists("target") + " "
    "RETURN 2 AS rank, 'via_party_org' AS kind, p"
)

PATH_ROW: LiteralString = (
    "{kind: kind, "
    "nodes: [n IN nodes(p) | {id: n.id, labels: labels(n), name: n.name}], "
    "rels: [r IN relationships(p) | {type: type(r), start: startNode(r).id, end: endNode(r).id}]}"
)

COVERED: LiteralString = (
    "EXISTS { CALL (b) { " + PATHS_TO_BRANCH + " } "
    "WITH nodes(p)[0] AS leader, nodes(p)[1] AS lp WHERE " + COUNTS + " }"
)
