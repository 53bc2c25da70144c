"""Cypher of changes and their audit trail: module constants with ``$parameters`` only.

A change runs in one write transaction (``queries.changes.neo4j``): ``NEXT_CHANGE_ID`` first,
which takes the write lock of the one ``:ChangeLog`` node, so changes run one at a time and
what the facts queries read stays true until the transaction commits; then the facts, the
change itself (the load's own ``MERGE_NODES``/``WRITE_RELS`` for what is created, the updates
below for what is changed) and its ``:Change`` node. ``:Change`` and ``:ChangeLog`` nodes are
not ``:Entity`` nodes and have no ``id`` (a change's number is its ``seq``): a load leaves them
alone, so the trail outlives a reload.
"""

from __future__ import annotations

from typing import LiteralString

CONSTRAINTS: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT change_seq IF NOT EXISTS FOR (n:Change) REQUIRE n.seq IS UNIQUE",
    "CREATE CONSTRAINT change_log_name IF NOT EXISTS FOR (n:ChangeLog) REQUIRE n.name IS UNIQUE",
)

# -- one change at a time ----------------------------------------------------------------------
NEXT_CHANGE_ID: LiteralString = (
    "MERGE (log:ChangeLog {name: 'trail'}) ON CREATE SET log.last = 0 "
    "SET log.last = log.last + 1 RETURN log.last AS id"
)

# -- facts (queries.changes.check.Wanted) ----------------------------------------------------------
FACT_NODES: LiteralString = (
    "UNWIND $ids AS id MATCH (n:Entity {id: id}) "
    "RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id"
)
FACT_LIAISON: LiteralString = (
    "MATCH (lp:LiaisonPoint {id: $id}) "
    "OPTIONAL MATCH (leader:Entity)-[:ESTABLISHED]->(lp) "
    "OPTIONAL MATCH (lp)-[:AT]->(target:Entity) "
    "RETURN leader.id AS leader, target.id AS target ORDER BY leader, target LIMIT 1"
)
FACT_SEATS: LiteralString = (
    "MATCH (:Entity {id: $personId})-[s:HOLDS]->(:Entity {id: $orgId}) "
    "RETURN elementId(s) AS handle, properties(s) AS props ORDER BY handle"
)
FACT_TEAM_UNIT: LiteralString = (
    "MATCH (:Team {id: $teamId})-[:BELONGS_TO]->(u:Entity) RETURN u.id AS unit "
    "ORDER BY unit LIMIT 1"
)

# -- changing what is there ----------------------------------------------------------------------
END_LIAISON_POINT: LiteralString = "MATCH (lp:LiaisonPoint {id: $id}) SET lp.to = $on"
END_SEATS: LiteralString = (
    "MATCH (:Entity {id: $personId})-[s:HOLDS]->(:Entity {id: $orgId}) "
    "WHERE elementId(s) IN $handles SET s.to = $on"
)
MOVE_TEAM: LiteralString = (
    "MATCH (t:Team {id: $teamId}) MATCH (u:Unit {id: $unitId}) "
    "CALL (t) { MATCH (t)-[old:BELONGS_TO]->() DELETE old } "
    "CREATE (t)-[:BELONGS_TO]->(u)"
)

# -- the trail -----------------------------------------------------------------------------------
CREATE_CHANGE: LiteralString = (
    "CREATE (:Change {seq: $id, actor: $actor, at: $at, command: $command, entityId: $entityId, "
    "entityIds: $entityIds, before: $before, after: $after})"
)
TRAIL_PAGE: LiteralString = (
    "CALL () { MATCH (c:Change) WHERE $entityId IS NULL OR $entityId IN c.entityIds "
    "  RETURN count(c) AS total } "
    "CALL () { MATCH (c:Change) WHERE $entityId IS NULL OR $entityId IN c.entityIds "
    "  WITH c ORDER BY CASE WHEN $oldestFirst THEN c.seq ELSE -c.seq END "
    "  SKIP $offset LIMIT $limit "
    "  RETURN collect(properties(c)) AS rows } "
    "RETURN total, rows"
)

__all__ = [
    "CONSTRAINTS",
    "CREATE_CHANGE",
    "END_LIAISON_POINT",
    "END_SEATS",
    "FACT_LIAISON",
    "FACT_NODES",
    "FACT_SEATS",
    "FACT_TEAM_UNIT",
    "MOVE_TEAM",
    "NEXT_CHANGE_ID",
    "TRAIL_PAGE",
]
