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


# -- questions over a scope: everywhere, or a unit and the units below it -----------------------
# Each comes in two variants, chosen by the caller, so that neither scans what the other needs.
_EVERYWHERE: LiteralString = "WITH true AS found, null AS under "
_UNDER: LiteralString = (
    "OPTIONAL MATCH (under:Unit {id: $underUnitId}) WITH under IS NOT NULL AS found, under "
)


def _below(end: LiteralString) -> LiteralString:
    """``under`` (bound), every unit below it, and what ``end`` attaches to one of them."""
    return "MATCH (under)<-[:PART_OF*0.." + DEPTH + "]-(:Unit)<-" + end + " "


_ALL_BRANCHES: LiteralString = "MATCH (b:PartyOrg {kind: 'branch'}) "
_BRANCHES_UNDER: LiteralString = (
    _below("[:ATTACHED_TO]-(b:PartyOrg)") + "WHERE b.kind = 'branch' WITH DISTINCT b "
)
_ALL_COMMITTEES: LiteralString = "MATCH (c:PartyOrg {kind: 'committee'}) "
_COMMITTEES_UNDER: LiteralString = (
    _below("[:ATTACHED_TO]-(c:PartyOrg)") + "WHERE c.kind = 'committee' WITH DISTINCT c "
)
_ALL_TEAMS: LiteralString = "MATCH (t:Team) "
_TEAMS_UNDER: LiteralString = _below("[:BELONGS_TO]-(t:Team)") + "WITH DISTINCT t "
_ALL_PEOPLE: LiteralString = "MATCH (p:Person) "
# People known within the scope by their unit, their team's unit or a seat held that day.
_PEOPLE_UNDER: LiteralString = (
    "MATCH (under)<-[:PART_OF*0.." + DEPTH + "]-(u:Unit) "
    "CALL (u) { "
    "  MATCH (p:Person)-[:WORKS_IN]->(u) RETURN p "
    "  UNION "
    "  MATCH (p:Person)-[:IN_TEAM]->(:Team)-[:BELONGS_TO]->(u) RETURN p "
    "  UNION "
    "  MATCH (p:Person)-[s:HOLDS]->(:PartyOrg)-[:ATTACHED_TO]->(u) "
    "  WHERE " + valid("s") + " RETURN p "
    "} "
    "WITH DISTINCT p "
)


def _coverage_diff(scope: LiteralString, branches: LiteralString) -> LiteralString:
    return (
        scope + "CALL (under) { " + branches + " "
        "  WITH b, "
        + _covering_on("$dayFrom")
        + " AS before, "
        + _covering_on("$dayTo")
        + " AS after "
        "  WHERE before <> after "
        "  WITH b, before, after ORDER BY b.id "
        "  RETURN collect({branch: " + ref("b") + ", before: before, after: after, "
        "    existsOnFrom: " + org_exists("b", "$dayFrom") + ", "
        "    existsOnTo: " + org_exists("b", "$dayTo") + "}) AS rows "
        "} "
        "RETURN found, rows"
    )


COVERAGE_DIFF: LiteralString = _coverage_diff(_EVERYWHERE, _ALL_BRANCHES)
COVERAGE_DIFF_UNDER: LiteralString = _coverage_diff(_UNDER, _BRANCHES_UNDER)


def _leader_workload(scope: LiteralString, committees: LiteralString) -> LiteralString:
    return (
        scope + "CALL (under) { " + committees + " "
        "  MATCH (leader:Person)-[seat:HOLDS]->(c) WHERE " + leader_seat("seat", "c") + " "
        "  WITH DISTINCT leader "
        "  WITH leader, "
        "    COLLECT { MATCH (leader)-[seat:HOLDS]->(c:PartyOrg {kind: 'committee'}) "
        "      WHERE " + leader_seat("seat", "c") + " "
        "      WITH DISTINCT c, seat.role AS role ORDER BY c.id, role "
        "      RETURN {committee: " + ref("c") + ", role: role} } AS seats, "
        "    COLLECT { MATCH (leader)-[:ESTABLISHED]->(lp:LiaisonPoint)-[:AT]->(target) "
        "      WHERE " + COUNTS + " AND " + seen("lp") + " RETURN lp } AS points, "
        "    COLLECT { MATCH (leader)-[v:VISITED]->(visited) WHERE " + seen("visited") + " "
        "      RETURN v.date } AS dates "
        "  WITH leader, seats, points, dates, "
        "    size(COLLECT { UNWIND points AS lp CALL (leader, lp) { " + PATHS_FROM_POINT + " } "
        "      WITH last(nodes(p)) AS b WHERE " + org_exists("b") + " AND " + seen("b") + " "
        "      RETURN DISTINCT b }) "
        "    AS branches "
        "  ORDER BY leader.id "
        "  RETURN collect({leader: " + ref("leader") + ", seats: seats, "
        "    partyBuildingPoints: size([lp IN points WHERE lp.kind = 'party_building']), "
        "    branchPoints: size([lp IN points WHERE lp.kind = 'branch']), "
        "    branchesCovered: branches, "
        "    visits: size([d IN dates WHERE $visitsFrom <= d <= $visitsTo]), "
        "    lastVisit: reduce(latest = null, d IN dates | CASE WHEN d <= $asOf "
        "      AND (latest IS NULL OR latest < d) THEN d ELSE latest END)}) AS rows "
        "} "
        "RETURN found, rows"
    )


LEADER_WORKLOAD: LiteralString = _leader_workload(_EVERYWHERE, _ALL_COMMITTEES)
LEADER_WORKLOAD_UNDER: LiteralString = _leader_workload(_UNDER, _COMMITTEES_UNDER)


def _data_completeness(
    scope: LiteralString, branches: LiteralString, teams: LiteralString, people: LiteralString
) -> LiteralString:
    return (
        scope + "CALL (under) { " + branches + " "
        "  WITH b WHERE " + org_exists("b") + " "
        "  WITH b ORDER BY b.id "
        "  RETURN count(b) AS branches, "
        "    collect(CASE WHEN NOT EXISTS { MATCH ()-[s:HOLDS {role: 'secretary'}]->(b) "
        "      WHERE " + valid("s") + " } THEN " + ref("b") + " END) AS noSecretary "
        "} "
        "CALL (under) { " + teams + " "
        "  WITH t ORDER BY t.id "
        "  RETURN count(t) AS teams, "
        "    collect(CASE WHEN NOT EXISTS { ()-[:LEADS]->(t) } THEN " + ref("t") + " END) "
        "    AS noLeader "
        "} "
        "CALL (under) { " + people + " "
        "  WITH p ORDER BY p.id "
        "  RETURN count(p) AS people, "
        "    collect(CASE WHEN NOT EXISTS { (p)-[:WORKS_IN]->() } THEN " + ref("p") + " END) "
        "    AS noUnit "
        "} "
        "RETURN found, branches, noSecretary, teams, noLeader, people, noUnit"
    )


DATA_COMPLETENESS: LiteralString = _data_completeness(
    _EVERYWHERE, _ALL_BRANCHES, _ALL_TEAMS, _ALL_PEOPLE
)
DATA_COMPLETENESS_UNDER: LiteralString = _data_completeness(
    _UNDER, _BRANCHES_UNDER, _TEAMS_UNDER, _PEOPLE_UNDER
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
