"""Cypher text of the coverage questions: who covers a branch, what a leader covers, which
branches nobody covers. One round trip each; rows ordered as the embedded backend orders them.
"""

from __future__ import annotations

from typing import LiteralString

from queries.neo4j.fragments import (
    COUNTS,
    COVERED,
    DEPTH,
    PATH_POINT,
    PATH_ROW,
    PATHS_FROM_POINT,
    PATHS_TO_BRANCH,
    org_exists,
    ref,
)

# -- questions -------------------------------------------------------------------------------
BRANCH_COVERAGE: LiteralString = (
    "OPTIONAL MATCH (b:PartyOrg {id: $branchId}) WHERE b.kind = 'branch' "
    "CALL (b) { "
    "  WITH b WHERE b IS NOT NULL AND " + org_exists("b") + " "
    "  CALL (b) { " + PATHS_TO_BRANCH + " } "
    "  WITH rank, kind, p, " + PATH_POINT + " "
    "  WHERE " + COUNTS + " "
    "  WITH rank, kind, p, leader, lp ORDER BY rank, leader.id, lp.id "
    "  RETURN collect(" + PATH_ROW + ") AS rows "
    "} "
    "RETURN b IS NOT NULL AS found, rows"
)

LEADER_COVERAGE: LiteralString = (
    "OPTIONAL MATCH (leader:Person {id: $leaderId}) "
    "CALL (leader) { "
    "  MATCH (leader)-[:ESTABLISHED]->(lp:LiaisonPoint)-[:AT]->(target) "
    "  WHERE " + COUNTS + " "
    "  CALL (leader, lp) { " + PATHS_FROM_POINT + " } "
    "  WITH rank, kind, p, lp, last(nodes(p)) AS b WHERE " + org_exists("b") + " "
    "  WITH rank, kind, p, lp, b ORDER BY b.id, rank, lp.id "
    "  RETURN collect(" + PATH_ROW + ") AS rows "
    "} "
    "RETURN leader IS NOT NULL AS found, rows"
)

UNCOVERED_BRANCHES: LiteralString = (
    "OPTIONAL MATCH (under:Unit {id: $underUnitId}) "
    "CALL (under) { "
    "  MATCH (b:PartyOrg {kind: 'branch'}) "
    "  WHERE ($underUnitId IS NULL OR EXISTS { "
    "    MATCH (b)-[:ATTACHED_TO]->(:Unit)-[:PART_OF*0.." + DEPTH + "]->(under) }) "
    "    AND " + org_exists("b") + " AND NOT " + COVERED + " "
    "  WITH b ORDER BY b.id "
    "  RETURN collect(" + ref("b") + ") AS rows "
    "} "
    "RETURN $underUnitId IS NULL OR under IS NOT NULL AS found, rows"
)
