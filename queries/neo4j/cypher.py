"""Cypher text of the Neo4j backend: module constants with ``$parameters`` only.

Fragments are joined at import time, so every query is still a literal. Every variable-length
pattern is bounded by ``MAX_TREE_DEPTH`` (the loader refuses deeper trees) and every query that
returns rows orders them.
"""

from __future__ import annotations

from typing import LiteralString

from graph_model.kinds import NodeKind, RelType

# The loader refuses trees deeper than this (loaders.schema.MAX_TREE_DEPTH); kept literal here
# so the query text stays a LiteralString. A unit test checks the two agree.
DEPTH: LiteralString = "32"

LABELS: tuple[LiteralString, ...] = (
    "Unit",
    "Domain",
    "Person",
    "PartyOrg",
    "PartyGroup",
    "Team",
    "Project",
    "LiaisonPoint",
)
assert set(LABELS) == {k.value for k in NodeKind}

CONSTRAINTS: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT unit_id IF NOT EXISTS FOR (n:Unit) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT domain_id IF NOT EXISTS FOR (n:Domain) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT party_org_id IF NOT EXISTS FOR (n:PartyOrg) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT party_group_id IF NOT EXISTS FOR (n:PartyGroup) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT team_id IF NOT EXISTS FOR (n:Team) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT project_id IF NOT EXISTS FOR (n:Project) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT liaison_point_id IF NOT EXISTS FOR (n:LiaisonPoint) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX branch_kind IF NOT EXISTS FOR (n:PartyOrg) ON (n.kind)",
)

# -- writes ------------------------------------------------------------------------------------
# A load replaces the graph by difference, not by deleting everything first: deleting a node
# and merging the same id again in one transaction makes every index seek consult the
# transaction's removals, which measured 10x slower (55 s instead of 5 s for 14,000 nodes).
DELETE_STALE_NODES: LiteralString = "MATCH (n:Entity) WHERE NOT n.id IN $ids DETACH DELETE n"
DELETE_RELABELLED_NODES: LiteralString = (
    "UNWIND $rows AS row MATCH (n:Entity {id: row.id}) WHERE NOT row.label IN labels(n) "
    "DETACH DELETE n"
)
DELETE_RELATIONSHIPS: LiteralString = "MATCH (:Entity)-[r]->(:Entity) DELETE r"


def _merge_node(label: LiteralString) -> LiteralString:
    return "UNWIND $rows AS row MERGE (n:" + label + ":Entity {id: row.id}) SET n = row.props"


MERGE_NODES: dict[NodeKind, LiteralString] = {
    NodeKind.UNIT: _merge_node("Unit"),
    NodeKind.DOMAIN: _merge_node("Domain"),
    NodeKind.PERSON: _merge_node("Person"),
    NodeKind.PARTY_ORG: _merge_node("PartyOrg"),
    NodeKind.PARTY_GROUP: _merge_node("PartyGroup"),
    NodeKind.TEAM: _merge_node("Team"),
    NodeKind.PROJECT: _merge_node("Project"),
    NodeKind.LIAISON_POINT: _merge_node("LiaisonPoint"),
}
assert set(MERGE_NODES) == set(NodeKind)

_MATCH_ENDS: LiteralString = (
    "UNWIND $rows AS row MATCH (a:Entity {id: row.start}) MATCH (b:Entity {id: row.end}) "
)


def _merge_rel(rel: LiteralString) -> LiteralString:
    return _MATCH_ENDS + "MERGE (a)-[:" + rel + "]->(b)"


def _create_rel(rel: LiteralString) -> LiteralString:
    # Periods and visits may repeat between the same two nodes, and MERGE cannot match on
    # null dates; these run right after DELETE_RELATIONSHIPS in the same transaction, so a
    # retried transaction still writes each once.
    return _MATCH_ENDS + "CREATE (a)-[r:" + rel + "]->(b) SET r = row.props"


WRITE_RELS: dict[RelType, LiteralString] = {
    RelType.PART_OF: _merge_rel("PART_OF"),
    RelType.IN_DOMAIN: _merge_rel("IN_DOMAIN"),
    RelType.REPORTS_TO: _merge_rel("REPORTS_TO"),
    RelType.ATTACHED_TO: _merge_rel("ATTACHED_TO"),
    RelType.FOR_PROJECT: _merge_rel("FOR_PROJECT"),
    RelType.OWNED_BY: _merge_rel("OWNED_BY"),
    RelType.UNDER: _merge_rel("UNDER"),
    RelType.BUILT_ON: _merge_rel("BUILT_ON"),
    RelType.BELONGS_TO: _merge_rel("BELONGS_TO"),
    RelType.ASSIGNED_TO: _merge_rel("ASSIGNED_TO"),
    RelType.WORKS_IN: _merge_rel("WORKS_IN"),
    RelType.IN_TEAM: _merge_rel("IN_TEAM"),
    RelType.LEADS: _merge_rel("LEADS"),
    RelType.IN_GROUP: _merge_rel("IN_GROUP"),
    RelType.ESTABLISHED: _merge_rel("ESTABLISHED"),
    RelType.AT: _merge_rel("AT"),
    RelType.HOLDS: _create_rel("HOLDS"),
    RelType.IN_CHARGE_OF: _create_rel("IN_CHARGE_OF"),
    RelType.VISITED: _create_rel("VISITED"),
}
assert set(WRITE_RELS) == set(RelType)


# -- predicates on $asOf -----------------------------------------------------------------------
def _org_exists(org: LiteralString) -> LiteralString:
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


def _valid(item: LiteralString) -> LiteralString:
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


def _is_leader(person: LiteralString) -> LiteralString:
    return (
        "EXISTS { MATCH (" + person + ")-[seat:HOLDS]->(committee:PartyOrg {kind: 'committee'}) "
        "WHERE seat.role IN ['secretary', 'deputy_secretary', 'committee_member'] AND "
        + _valid("seat")
        + " AND "
        + _org_exists("committee")
        + " }"
    )


_COUNTS: LiteralString = _valid("lp") + " AND " + _is_leader("leader")

# Paths from a leader, through a liaison point, to branch ``b`` (bound by the caller), in the
# order DOMAIN.md lists the kinds of coverage.
_PATHS_TO_BRANCH: LiteralString = (
    "MATCH p = (leader:Person)-[:ESTABLISHED]->(lp:LiaisonPoint {kind: 'branch'})-[:AT]->(b) "
    "RETURN 0 AS rank, 'direct' AS kind, p "
    "UNION ALL "
    "MATCH p = (leader:Person)-[:ESTABLISHED]->(lp:LiaisonPoint {kind: 'party_building'})"
    "-[:AT]->(:Unit)<-[:PART_OF*0.." + DEPTH + "]-(:Unit)<-[:ATTACHED_TO]-(b) "
    "RETURN 1 AS rank, 'via_unit' AS kind, p "
    "UNION ALL "
    "MATCH p = (leader:Person)-[:ESTABLISHED]->(lp:LiaisonPoint {kind: 'party_building'})"
    "-[:AT]->(target:PartyOrg)<-[:REPORTS_TO*0.." + DEPTH + "]-(b) "
    "WHERE " + _org_exists("target") + " "
    "RETURN 2 AS rank, 'via_party_org' AS kind, p"
)

# Paths from ``leader`` through its liaison point ``lp`` (both bound) to the branches it reaches.
_PATHS_FROM_POINT: LiteralString = (
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
    "WHERE lp.kind = 'party_building' AND " + _org_exists("target") + " "
    "RETURN 2 AS rank, 'via_party_org' AS kind, p"
)

_PATH_ROW: LiteralString = (
    "{kind: kind, "
    "nodes: [n IN nodes(p) | {id: n.id, labels: labels(n), name: n.name}], "
    "rels: [r IN relationships(p) | {type: type(r), start: startNode(r).id, end: endNode(r).id}]}"
)

# -- questions -------------------------------------------------------------------------------
BRANCH_COVERAGE: LiteralString = (
    "OPTIONAL MATCH (b:PartyOrg {id: $branchId}) WHERE b.kind = 'branch' "
    "CALL (b) { "
    "  WITH b WHERE b IS NOT NULL AND " + _org_exists("b") + " "
    "  CALL (b) { " + _PATHS_TO_BRANCH + " } "
    "  WITH rank, kind, p, nodes(p)[0] AS leader, nodes(p)[1] AS lp "
    "  WHERE " + _COUNTS + " "
    "  WITH rank, kind, p, leader, lp ORDER BY rank, leader.id, lp.id "
    "  RETURN collect(" + _PATH_ROW + ") AS rows "
    "} "
    "RETURN b IS NOT NULL AS found, rows"
)

LEADER_COVERAGE: LiteralString = (
    "OPTIONAL MATCH (leader:Person {id: $leaderId}) "
    "CALL (leader) { "
    "  MATCH (leader)-[:ESTABLISHED]->(lp:LiaisonPoint) "
    "  WHERE " + _COUNTS + " "
    "  CALL (leader, lp) { " + _PATHS_FROM_POINT + " } "
    "  WITH rank, kind, p, lp, last(nodes(p)) AS b WHERE " + _org_exists("b") + " "
    "  WITH rank, kind, p, lp, b ORDER BY b.id, rank, lp.id "
    "  RETURN collect(" + _PATH_ROW + ") AS rows "
    "} "
    "RETURN leader IS NOT NULL AS found, rows"
)

_COVERED: LiteralString = (
    "EXISTS { CALL (b) { " + _PATHS_TO_BRANCH + " } "
    "WITH nodes(p)[0] AS leader, nodes(p)[1] AS lp WHERE " + _COUNTS + " }"
)

UNCOVERED_BRANCHES: LiteralString = (
    "OPTIONAL MATCH (under:Unit {id: $underUnitId}) "
    "CALL (under) { "
    "  MATCH (b:PartyOrg {kind: 'branch'}) "
    "  WHERE ($underUnitId IS NULL OR EXISTS { "
    "    MATCH (b)-[:ATTACHED_TO]->(:Unit)-[:PART_OF*0.." + DEPTH + "]->(under) }) "
    "    AND " + _org_exists("b") + " AND NOT " + _COVERED + " "
    "  WITH b ORDER BY b.id "
    "  RETURN collect({id: b.id, labels: labels(b), name: b.name}) AS rows "
    "} "
    "RETURN $underUnitId IS NULL OR under IS NOT NULL AS found, rows"
)

# The sub-graph a responsibility chain can touch, in one round trip: the start and its groups,
# teams and projects; their units and every unit above; the party orgs given or attached there
# and every org above; domains, liaison points at those units and orgs, and the people who lead,
# hold seats, are in charge or established the points, with the committees they sit on.
# ``queries.chain`` then walks it exactly as the embedded backend walks the whole graph.
CHAIN_SUBGRAPH: LiteralString = (
    "MATCH (s:Entity {id: $fromId}) "
    "WITH s, "
    "  CASE WHEN s:PartyGroup THEN [s] ELSE [] END "
    "    + COLLECT { MATCH (s)<-[:BUILT_ON]-(g:PartyGroup) RETURN g } AS groups, "
    "  CASE WHEN s:Project THEN [s] ELSE [] END AS projects "
    "WITH s, groups, projects, "
    "  CASE WHEN s:Team THEN [s] ELSE [] END "
    "    + COLLECT { UNWIND groups AS g MATCH (g)-[:BUILT_ON]->(t:Team) RETURN t } AS teams, "
    "  CASE WHEN s:PartyOrg THEN [s] ELSE [] END "
    "    + COLLECT { UNWIND groups AS g MATCH (g)-[:UNDER]->(o:PartyOrg) RETURN o } "
    "    + COLLECT { UNWIND projects AS p MATCH (o:PartyOrg)-[:FOR_PROJECT]->(p) RETURN o } "
    "    AS given "
    "WITH s, groups, projects, teams, given, "
    "  COLLECT { UNWIND teams AS t MATCH (t)-[:BELONGS_TO]->(u:Unit) RETURN u } "
    "    + COLLECT { UNWIND projects AS p MATCH (p)-[:OWNED_BY]->(u:Unit) RETURN u } "
    "    + COLLECT { UNWIND given AS o MATCH (o)-[:ATTACHED_TO]->(u:Unit) RETURN u } AS homes "
    "WITH s, groups, projects, teams, given, "
    "  COLLECT { UNWIND homes AS h MATCH (h)-[:PART_OF*0.." + DEPTH + "]->(u:Unit) "
    "    RETURN DISTINCT u } AS units "
    "WITH s, groups, projects, teams, units, given "
    "  + COLLECT { UNWIND units AS u MATCH (o:PartyOrg)-[:ATTACHED_TO]->(u) RETURN o } AS near "
    "WITH s, groups, projects, teams, units, "
    "  COLLECT { UNWIND near AS n MATCH (n)-[:REPORTS_TO*0.." + DEPTH + "]->(o:PartyOrg) "
    "    RETURN DISTINCT o } AS orgs "
    "WITH s, groups, projects, teams, units, orgs, "
    "  COLLECT { UNWIND teams + projects + units AS x MATCH (x)-[:IN_DOMAIN]->(d:Domain) "
    "    RETURN DISTINCT d } AS domains, "
    "  COLLECT { UNWIND units + orgs AS x MATCH (lp:LiaisonPoint)-[:AT]->(x) "
    "    RETURN DISTINCT lp } AS points "
    "WITH [s] + groups + projects + teams + units + orgs + domains + points AS found, "
    "  COLLECT { UNWIND points AS lp MATCH (p:Person)-[:ESTABLISHED]->(lp) RETURN p } "
    "    + COLLECT { UNWIND orgs AS o MATCH (p:Person)-[:HOLDS]->(o) RETURN p } "
    "    + COLLECT { UNWIND domains AS d MATCH (p:Person)-[:IN_CHARGE_OF]->(d) RETURN p } "
    "    + COLLECT { UNWIND teams + groups AS x MATCH (p:Person)-[:LEADS]->(x) RETURN p } "
    "    AS people "
    "WITH found + people "
    "  + COLLECT { UNWIND people AS p MATCH (p)-[:HOLDS]->(c:PartyOrg {kind: 'committee'}) "
    "    RETURN c } AS everything "
    "UNWIND everything AS n "
    "WITH collect(DISTINCT n) AS nodes "
    "RETURN "
    "  [n IN nodes | {labels: labels(n), props: properties(n)}] AS nodes, "
    "  COLLECT { UNWIND nodes AS a "
    "    MATCH (a)-[r:PART_OF|IN_DOMAIN|REPORTS_TO|ATTACHED_TO|FOR_PROJECT|OWNED_BY|UNDER"
    "|BUILT_ON|BELONGS_TO|LEADS|HOLDS|IN_CHARGE_OF|ESTABLISHED|AT]->(b) WHERE b IN nodes "
    "    RETURN {type: type(r), start: a.id, end: b.id, props: properties(r)} } AS rels"
)

ENTITY: LiteralString = (
    "MATCH (n:Entity {id: $id}) RETURN n.id AS id, labels(n) AS labels, n.name AS name"
)
