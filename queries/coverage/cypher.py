"""Cypher text of the coverage questions: who covers a branch, what a leader covers, which
branches nobody covers. One round trip each for a branch or a leader; the uncovered branches of
the whole organisation in keyset pages, one transaction each. Rows ordered as the embedded
backend orders them.
"""

from __future__ import annotations

from typing import LiteralString

from queries.neo4j.fragments import (
    COUNTS,
    COVERED,
    PATH_POINT,
    PATH_ROW,
    PATHS_FROM_POINT,
    PATHS_TO_BRANCH,
    in_unit_tree,
    keyset_page,
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

# The existing branches nobody covers on $asOf, in a keyset page of party orgs (the whole
# organisation in bounded pieces, ``queries.neo4j.pinned``); within $underUnitId's tree if given.
UNCOVERED_BRANCHES: LiteralString = keyset_page(
    "PartyOrg",
    "b",
    "WITH b WHERE b.kind = 'branch' AND " + org_exists("b") + " "
    "  AND ($underUnitId IS NULL OR " + in_unit_tree("(b)-[:ATTACHED_TO]->") + ") "
    "  AND NOT " + COVERED + " "
    "WITH b ORDER BY b.id RETURN " + ref("b") + " AS row",
)
