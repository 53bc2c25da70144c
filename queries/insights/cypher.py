"""Cypher text of the insight questions (``graph_model.insights``), one round trip each.

As in ``queries.neo4j.fragments``, whose predicates and coverage paths they share: module
constants built at import time from literal fragments, ``$parameters`` only, variable-length
patterns bounded by ``DEPTH``, every list ordered. A question about two days passes each day to
the predicates (``$dayFrom``, ``$dayTo``). A question given an id starts from ``{id: $x}``.
"""

from __future__ import annotations

from typing import LiteralString

from queries.neo4j.fragments import (
    COUNTS,
    DEPTH,
    LEADER_ROLES,
    PATH_FIELDS,
    PATH_POINT,
    PATHS_FROM_POINT,
    PATHS_TO_BRANCH,
    in_unit_tree,
    keyset_page,
    leader_seat,
    org_exists,
    point_counts,
    ref,
    seen,
    valid,
)

# What decides whether ``lp`` of ``leader`` at ``target`` counts (graph_model PointFacts): the
# leader's periods are each leader seat clipped to its committee's lifetime.
_FACTS: LiteralString = (
    "{start: lp.`from`, end: lp.`to`, "
    "targetEstablished: CASE WHEN target:PartyOrg THEN target.establishedOn END, "
    "targetDissolved: CASE WHEN target:PartyOrg THEN target.dissolvedOn END, "
    "periods: COLLECT { "
    "  MATCH (leader)-[seat:HOLDS]->(c:PartyOrg {kind: 'committee'}) "
    "  WHERE seat.role IN " + LEADER_ROLES + " "
    "  WITH c, seat.role AS role, "
    "    CASE WHEN c.establishedOn IS NULL "
    "      OR (seat.`from` IS NOT NULL AND seat.`from` >= c.establishedOn) "
    "      THEN seat.`from` ELSE c.establishedOn END AS start, "
    "    CASE WHEN c.dissolvedOn IS NULL THEN seat.`to` "
    "      WHEN seat.`to` IS NOT NULL AND seat.`to` < c.dissolvedOn THEN seat.`to` "
    "      ELSE c.dissolvedOn - duration('P1D') END AS end "
    "  WHERE start IS NULL OR end IS NULL OR start <= end "
    "  WITH c, role, start, end "
    "  ORDER BY start IS NOT NULL, start, c.id, role, end IS NULL, end "
    "  RETURN {committee: " + ref("c") + ", role: role, start: start, end: end} }}"
)

_PATH_ROW: LiteralString = "{" + PATH_FIELDS + ", facts: " + _FACTS + "}"

# Units and party orgs next to branch ``b`` (bound) from which coverage does not flow to it.
_NEIGHBOURS: LiteralString = (
    "MATCH (b)-[:ATTACHED_TO]->(u:Unit)-[:PART_OF]->(:Unit)<-[:PART_OF]-(t:Unit) WHERE t <> u "
    "RETURN t, 'sibling_unit' AS relation "
    "UNION ALL "
    "MATCH (b)-[:ATTACHED_TO]->(:Unit)<-[:PART_OF*1.." + DEPTH + "]-(t:Unit) "
    "RETURN t, 'unit_below' AS relation "
    "UNION ALL "
    "MATCH (b)-[:REPORTS_TO]->(:PartyOrg)<-[:REPORTS_TO]-(t:PartyOrg) WHERE t <> b "
    "RETURN t, 'sibling_org' AS relation"
)

EXPLAIN_UNCOVERED: LiteralString = (
    "OPTIONAL MATCH (b:PartyOrg {id: $branchId}) WHERE b.kind = 'branch' "
    "CALL (b) { "
    "  WITH b WHERE b IS NOT NULL "
    "  CALL (b) { " + PATHS_TO_BRANCH + " } WITH rank, kind, p, " + PATH_POINT + " "
    "  ORDER BY rank, leader.id, lp.id "
    "  RETURN collect(" + _PATH_ROW + ") AS reaching "
    "} "
    "CALL (b) { "
    "  WITH b WHERE b IS NOT NULL "
    "  CALL (b) { " + _NEIGHBOURS + " } "
    "  MATCH (leader:Person)-[:ESTABLISHED]->(lp:LiaisonPoint)-[:AT]->(t) "
    "  WITH leader, lp, t AS target, relation ORDER BY lp.id "
    "  RETURN collect({liaisonPoint: " + ref("lp") + ", leader: " + ref("leader") + ", "
    "    kind: lp.kind, target: " + ref("target") + ", relation: relation, "
    "    facts: " + _FACTS + "}) AS nearMisses "
    "} "
    "RETURN b IS NOT NULL AS found, "
    "  {id: b.id, labels: labels(b), name: b.name, "
    "   establishedOn: b.establishedOn, dissolvedOn: b.dissolvedOn} AS branch, "
    "  reaching, nearMisses"
)


def _covering_on(day: LiteralString) -> LiteralString:
    """The points covering branch ``b`` (bound) on ``day``, by kind, leader, point."""
    return (
        "COLLECT { CALL (b) { " + PATHS_TO_BRANCH + " } WITH rank, kind, p, " + PATH_POINT + " "
        "WHERE " + org_exists("b", day) + " AND " + point_counts(day) + " "
        "WITH rank, kind, leader, lp ORDER BY rank, leader.id, lp.id "
        "RETURN {kind: kind, leader: " + ref("leader") + ", liaisonPoint: " + ref("lp") + "} }"
    )


# -- questions over the whole organisation, or a unit and the units below it ------------------
# Each is read in keyset pages (``keyset_page``), one transaction each, so that no transaction
# holds the organisation; ``$underUnitId`` (null: everywhere) keeps what a unit's tree holds.
def _in_scope(start: LiteralString) -> LiteralString:
    """What ``start`` (a path to a unit) reaches is within the scope."""
    return "($underUnitId IS NULL OR " + in_unit_tree(start) + ")"


COVERAGE_DIFF: LiteralString = keyset_page(
    "PartyOrg",
    "b",
    "WITH b WHERE b.kind = 'branch' AND " + _in_scope("(b)-[:ATTACHED_TO]->") + " "
    "WITH b, " + _covering_on("$dayFrom") + " AS before, " + _covering_on("$dayTo") + " AS after "
    "WHERE before <> after "
    "WITH b, before, after ORDER BY b.id "
    "RETURN {branch: " + ref("b") + ", before: before, after: after, "
    "  existsOnFrom: " + org_exists("b", "$dayFrom") + ", "
    "  existsOnTo: " + org_exists("b", "$dayTo") + "} AS row",
)

# The leaders (people with a leader's seat on a committee in the scope) whose first such
# committee, by id, is in a page of party orgs: each leader once, found from the few committees
# rather than from every person. Ordered by leader within the page only: the caller sorts.
_SEATED_IN_SCOPE: LiteralString = (
    "MATCH (leader)-[seat:HOLDS]->(c:PartyOrg {kind: 'committee'}) "
    "WHERE " + leader_seat("seat", "c") + " AND " + _in_scope("(c)-[:ATTACHED_TO]->") + " "
)
LEADER_WORKLOAD: LiteralString = keyset_page(
    "PartyOrg",
    "first",
    "WITH first WHERE first.kind = 'committee' "
    "MATCH (leader:Person)-[:HOLDS]->(first) "
    "WITH DISTINCT leader, first "
    "CALL (leader) { " + _SEATED_IN_SCOPE + "RETURN min(c.id) AS firstId } "
    "WITH leader WHERE firstId = first.id "
    "WITH leader, "
    "  COLLECT { MATCH (leader)-[seat:HOLDS]->(c:PartyOrg {kind: 'committee'}) "
    "    WHERE " + leader_seat("seat", "c") + " "
    "    WITH DISTINCT c, seat.role AS role ORDER BY c.id, role "
    "    RETURN {committee: " + ref("c") + ", role: role} } AS seats, "
    "  COLLECT { MATCH (leader)-[:ESTABLISHED]->(lp:LiaisonPoint)-[:AT]->(target) "
    "    WHERE " + COUNTS + " AND " + seen("lp") + " RETURN lp } AS points, "
    "  COLLECT { MATCH (leader)-[v:VISITED]->(visited) WHERE " + seen("visited") + " "
    "    RETURN v.date } AS dates "
    "WITH leader, seats, points, dates, "
    "  size(COLLECT { UNWIND points AS lp CALL (leader, lp) { " + PATHS_FROM_POINT + " } "
    "    WITH last(nodes(p)) AS b WHERE " + org_exists("b") + " AND " + seen("b") + " "
    "    RETURN DISTINCT b }) "
    "  AS branches "
    "ORDER BY leader.id "
    "RETURN {leader: " + ref("leader") + ", seats: seats, "
    "  partyBuildingPoints: size([lp IN points WHERE lp.kind = 'party_building']), "
    "  branchPoints: size([lp IN points WHERE lp.kind = 'branch']), "
    "  branchesCovered: branches, "
    "  visits: size([d IN dates WHERE $visitsFrom <= d <= $visitsTo]), "
    "  lastVisit: reduce(latest = null, d IN dates | CASE WHEN d <= $asOf "
    "    AND (latest IS NULL OR latest < d) THEN d ELSE latest END)} AS row",
)


# The data completeness checks, each over pages of the entities it checks: a page's one row
# is ``{checked, missing}``, how many it checked and, by id, those that lack what they should
# have.
def _gap(node: LiteralString, lacks: LiteralString) -> LiteralString:
    """The row of a page's ``node`` (the entities in the scope): how many, and which ``lacks``."""
    return (
        "WITH " + node + " ORDER BY " + node + ".id "
        "RETURN {checked: count(" + node + "), "
        "  missing: collect(CASE WHEN " + lacks + " THEN " + ref(node) + " END)} AS row"
    )


COMPLETENESS_BRANCHES: LiteralString = keyset_page(
    "PartyOrg",
    "b",
    "WITH b WHERE b.kind = 'branch' AND " + org_exists("b") + " "
    "  AND "
    + _in_scope("(b)-[:ATTACHED_TO]->")
    + " "
    + _gap(
        "b",
        "NOT EXISTS { MATCH ()-[s:HOLDS {role: 'secretary'}]->(b) WHERE " + valid("s") + " }",
    ),
)
COMPLETENESS_TEAMS: LiteralString = keyset_page(
    "Team",
    "t",
    "WITH t WHERE "
    + _in_scope("(t)-[:BELONGS_TO]->")
    + " "
    + _gap("t", "NOT EXISTS { ()-[:LEADS]->(t) }"),
)
# People known within the scope by their unit, their team's unit or a seat held that day.
COMPLETENESS_PEOPLE: LiteralString = keyset_page(
    "Person",
    "p",
    "WITH p WHERE $underUnitId IS NULL "
    "  OR " + in_unit_tree("(p)-[:WORKS_IN]->") + " "
    "  OR " + in_unit_tree("(p)-[:IN_TEAM]->(:Team)-[:BELONGS_TO]->") + " "
    "  OR EXISTS { MATCH (p)-[s:HOLDS]->(:PartyOrg)-[:ATTACHED_TO]->(:Unit)"
    "-[:PART_OF*0.."
    + DEPTH
    + "]->(top:Unit) WHERE top.id = $underUnitId AND "
    + valid("s")
    + " } "
    + _gap("p", "NOT EXISTS { (p)-[:WORKS_IN]->() }"),
)

YEAR_FIGURES: LiteralString = (
    "OPTIONAL MATCH (c:PartyOrg {id: $committeeId}) WHERE c.kind = 'committee' "
    "CALL (c) { "
    "  WITH c WHERE c IS NOT NULL "
    "  MATCH (c)<-[seat:HOLDS]-(:Person)-[:ESTABLISHED]->(lp:LiaisonPoint) "
    "  WHERE $yearStart <= lp.`from` <= $yearEnd AND " + seen("lp") + " "
    "    AND " + leader_seat("seat", "c", "lp.`from`") + " "
    "  WITH DISTINCT lp ORDER BY lp.id "
    "  RETURN collect(" + ref("lp") + ") AS points, "
    "    size([k IN collect(lp.kind) WHERE k = 'party_building']) AS partyBuilding, "
    "    size([k IN collect(lp.kind) WHERE k = 'branch']) AS branch, "
    "    sum(COUNT { MATCH ()-[v:VISITED]->(lp) WHERE $yearStart <= v.date <= $yearEnd }) "
    "    AS visits "
    "} "
    "CALL (c) { "
    "  WITH c WHERE c IS NOT NULL "
    "  MATCH (c)<-[:REPORTS_TO*1.." + DEPTH + "]-(b:PartyOrg {kind: 'branch'}) "
    "  WHERE b.benchmarkCategory IS NOT NULL AND b.benchmarkCategory <> '' "
    "    AND " + org_exists("b") + " AND " + seen("b") + " "
    "  WITH DISTINCT b ORDER BY b.id "
    "  WITH collect(b) AS benchmarks "
    "  RETURN [b IN benchmarks | " + ref("b") + "] AS benchmarks, "
    "    COLLECT { UNWIND benchmarks AS b "
    "      WITH b.benchmarkCategory AS name, count(*) AS n ORDER BY name "
    "      RETURN {name: name, count: n} } AS categories, "
    "    COLLECT { UNWIND benchmarks AS b MATCH (d:Domain {id: b.benchmarkDomainId}) "
    "      WITH d, count(*) AS n ORDER BY d.id "
    "      RETURN {domain: " + ref("d") + ", count: n} } AS domains "
    "} "
    "RETURN c IS NOT NULL AS found, " + ref("c") + " AS committee, points, partyBuilding, "
    "  branch, visits, benchmarks, categories, domains"
)
