"""The store's own Cypher: the schema (constraints and indexes), the graph's state (which
generation is live, which load holds it), the statements a load writes with, and the lookup of
one entity by id.
"""

from __future__ import annotations

from typing import LiteralString

from graph_model.kinds import NodeKind, RelType

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

# Ids are unique within a generation (queries.neo4j.generations), so the two generations of a
# load may hold the same id: the per-generation constraints are what a question's anchor seeks.
# The indexes by kind and ``:Entity`` (not unique) keep a query text seeking its anchor without
# a generation label too; the kind index serves ``{kind: …}`` lookups in either generation.
CONSTRAINTS: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT g0_id IF NOT EXISTS FOR (n:G0) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT g1_id IF NOT EXISTS FOR (n:G1) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT graph_state_name IF NOT EXISTS FOR (n:GraphState) REQUIRE n.name IS UNIQUE",
    "CREATE CONSTRAINT load_lane IF NOT EXISTS FOR (n:LoadLane) REQUIRE n.lane IS UNIQUE",
    "CREATE INDEX entity_by_id IF NOT EXISTS FOR (n:Entity) ON (n.id)",
    "CREATE INDEX unit_by_id IF NOT EXISTS FOR (n:Unit) ON (n.id)",
    "CREATE INDEX domain_by_id IF NOT EXISTS FOR (n:Domain) ON (n.id)",
    "CREATE INDEX person_by_id IF NOT EXISTS FOR (n:Person) ON (n.id)",
    "CREATE INDEX party_org_by_id IF NOT EXISTS FOR (n:PartyOrg) ON (n.id)",
    "CREATE INDEX party_group_by_id IF NOT EXISTS FOR (n:PartyGroup) ON (n.id)",
    "CREATE INDEX team_by_id IF NOT EXISTS FOR (n:Team) ON (n.id)",
    "CREATE INDEX project_by_id IF NOT EXISTS FOR (n:Project) ON (n.id)",
    "CREATE INDEX liaison_point_by_id IF NOT EXISTS FOR (n:LiaisonPoint) ON (n.id)",
    "CREATE INDEX branch_kind IF NOT EXISTS FOR (n:PartyOrg) ON (n.kind)",
)
# The constraints of the store before generations: an id unique per kind (and per ``:Entity``)
# would forbid the staged generation to repeat the live one's ids.
RETIRED_CONSTRAINTS: tuple[LiteralString, ...] = (
    "DROP CONSTRAINT entity_id IF EXISTS",
    "DROP CONSTRAINT unit_id IF EXISTS",
    "DROP CONSTRAINT domain_id IF EXISTS",
    "DROP CONSTRAINT person_id IF EXISTS",
    "DROP CONSTRAINT party_org_id IF EXISTS",
    "DROP CONSTRAINT party_group_id IF EXISTS",
    "DROP CONSTRAINT team_id IF EXISTS",
    "DROP CONSTRAINT project_id IF EXISTS",
    "DROP CONSTRAINT liaison_point_id IF EXISTS",
)

# -- the graph's state: which generation is live, and the load that holds the graph --------------
# One ``:GraphState`` node. ``live`` is the generation questions read; a load sets ``loadToken``,
# ``loadPhase`` ('staging', then 'retiring' once switched) and beats ``loadBeat`` while it writes:
# a load whose beat is older than ``$staleAfter`` seconds died, and holds nothing any more.
# Statements that decide on the state take its write lock first (``SET s.lockedAt``), so what
# they read cannot change before they commit.
LIVE_GENERATION: LiteralString = (
    "OPTIONAL MATCH (s:GraphState {name: 'graph'}) RETURN coalesce(s.live, 0) AS live"
)
_FRESH: LiteralString = (
    "coalesce(s.loadBeat >= datetime() - duration({seconds: $staleAfter}), false)"
)
_LOCKED_STATE: LiteralString = (
    "MERGE (s:GraphState {name: 'graph'}) ON CREATE SET s.live = 0 "
    "SET s.lockedAt = datetime() WITH s "
)
GRAPH_STATE: LiteralString = (
    "OPTIONAL MATCH (s:GraphState {name: 'graph'}) "
    "RETURN s IS NOT NULL AS found, coalesce(s.live, 0) AS live, s.loadPhase AS phase, "
    "  s.loadToken IS NOT NULL AND " + _FRESH + " AS busy, toString(s.loadBeat) AS beat"
)
# A load writes its batches from several transactions at once (``$lanes``), each holding its
# own ``:LoadLane`` node's lock instead of the state node's, which would put them one after
# another. Taking the graph writes the token on every lane too (waiting for their running
# batches), so the batches of a load that was taken over refuse to write.
BEGIN_LOAD: LiteralString = (
    _LOCKED_STATE + "WITH s, s.loadToken IS NOT NULL AND " + _FRESH + " AS busy "
    "FOREACH (_ IN CASE WHEN busy THEN [] ELSE [1] END | "
    "  SET s.loadToken = $token, s.loadPhase = 'staging', s.loadBeat = datetime() "
    "  FOREACH (lane IN $lanes | MERGE (:LoadLane {lane: lane}))) "
    "WITH s, busy CALL { WITH busy MATCH (l:LoadLane) WHERE NOT busy SET l.loadToken = $token } "
    "RETURN busy, s.live AS live, s.loadPhase AS phase, toString(s.loadBeat) AS beat"
)
BEAT: LiteralString = (
    _LOCKED_STATE + "WITH s WHERE s.loadToken = $token SET s.loadBeat = datetime() "
    "RETURN count(s) AS held"
)
#: What a lane's batch runs first: whether its load still holds the graph, under its lane's lock.
#: It marks the lane with the batch's own ``$mark``, committed with the batch or not at all.
LANE_HELD: LiteralString = (
    "MATCH (l:LoadLane {lane: $lane}) SET l.lockedAt = datetime(), l.mark = $mark "
    "WITH l WHERE l.loadToken = $token RETURN count(l) AS held"
)
#: Whether the batch that marked the lane ``$mark`` was committed (its COMMIT's answer lost).
LANE_MARKED: LiteralString = (
    "MATCH (l:LoadLane {lane: $lane}) RETURN l.loadToken = $token AND l.mark = $mark AS marked"
)
SWITCH: LiteralString = (
    _LOCKED_STATE + "WITH s WHERE s.loadToken = $token "
    "SET s.live = $staged, s.loadPhase = 'retiring', s.loadBeat = datetime(), "
    "  s.switchedAt = datetime() "
    "RETURN count(s) AS held"
)
END_LOAD: LiteralString = (
    _LOCKED_STATE + "WITH s WHERE s.loadToken = $token "
    "REMOVE s.loadToken, s.loadPhase, s.loadBeat RETURN count(s) AS held"
)
# What a change reads first, in its own transaction: the live generation, and whether a load is
# staging the next graph (then the change would be lost at the switch, so it is refused).
STATE_FOR_CHANGE: LiteralString = (
    _LOCKED_STATE + "RETURN s.live AS live, "
    "  coalesce(s.loadPhase = 'staging', false) AND " + _FRESH + " AS loading, "
    "  toString(s.loadBeat) AS beat"
)

# The trail's newest change (0 before the first): a load planned against it refuses to switch
# when a change has come since (``GraphChanged``).
LAST_CHANGE: LiteralString = (
    "OPTIONAL MATCH (log:ChangeLog {name: 'trail'}) RETURN coalesce(log.last, 0) AS last"
)


def _delete_batch(label: LiteralString) -> LiteralString:
    # Deleting what it finds, each batch starts where the last one ended: at most $links of
    # the first $batch nodes' relationships, then those of the nodes left with none. DETACH
    # DELETE would take all of a node's relationships in one transaction, and a node of an L
    # organisation may have 100,000 (a domain's IN_DOMAIN): over the server's memory cap.
    return (
        "MATCH (n:" + label + ") WITH n LIMIT $batch WITH collect(n) AS front "
        "CALL (front) { UNWIND front AS n MATCH (n)-[r]-() WITH DISTINCT r LIMIT $links "
        "DELETE r RETURN count(r) AS links } "
        "CALL (front) { UNWIND front AS n WITH n WHERE NOT EXISTS { (n)--() } "
        "DELETE n RETURN count(n) AS nodes } "
        "RETURN nodes, links"
    )


DELETE_BATCH: dict[int, LiteralString] = {0: _delete_batch("G0"), 1: _delete_batch("G1")}

# A store written before generations: its nodes become generation 0, the live one.
ENSURE_STATE: LiteralString = "MERGE (s:GraphState {name: 'graph'}) ON CREATE SET s.live = 0"
ADOPT_BATCH: LiteralString = (
    "MATCH (n:Entity) WHERE NOT n:G0 AND NOT n:G1 WITH n LIMIT $batch SET n:G0 "
    "RETURN count(*) AS adopted"
)

# -- writes ------------------------------------------------------------------------------------
# Written without generation labels, like the questions: a load runs them in the staged
# generation, a change in the live one (``queries.neo4j.generations.in_generation``).


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


def _create_node(label: LiteralString) -> LiteralString:
    # A load writes into a generation it has just emptied, so it creates (no lock, no lookup
    # first); the generation's unique id refuses a node written twice. A row is the node's
    # properties, its id among them. It answers each node's element id beside its id (two
    # lists collected from the same rows, so in step) for the links to find their ends by.
    return (
        "UNWIND $rows AS props CREATE (n:" + label + ":Entity) SET n = props "
        "RETURN collect(props.id) AS ids, collect(elementId(n)) AS elements"
    )


CREATE_NODES: dict[NodeKind, LiteralString] = {
    NodeKind.UNIT: _create_node("Unit"),
    NodeKind.DOMAIN: _create_node("Domain"),
    NodeKind.PERSON: _create_node("Person"),
    NodeKind.PARTY_ORG: _create_node("PartyOrg"),
    NodeKind.PARTY_GROUP: _create_node("PartyGroup"),
    NodeKind.TEAM: _create_node("Team"),
    NodeKind.PROJECT: _create_node("Project"),
    NodeKind.LIAISON_POINT: _create_node("LiaisonPoint"),
}
assert set(CREATE_NODES) == set(NodeKind)


# The two ends of each row's relationship (a map: ``start``, ``end``, ``props``), by ``:Entity``,
# which a change runs in the live generation.
_CHANGE_ENDS: LiteralString = (
    "UNWIND $rows AS row MATCH (a:Entity {id: row.start}) MATCH (b:Entity {id: row.end}) "
)


def _merge_rel(ends: LiteralString, rel: LiteralString) -> LiteralString:
    return ends + "MERGE (a)-[:" + rel + "]->(b)"


def _create_rel(ends: LiteralString, rel: LiteralString, props: LiteralString) -> LiteralString:
    return ends + "CREATE (a)-[r:" + rel + "]->(b) SET r = " + props


_TYPE_NAMES: dict[RelType, LiteralString] = {
    RelType.PART_OF: "PART_OF",
    RelType.IN_DOMAIN: "IN_DOMAIN",
    RelType.REPORTS_TO: "REPORTS_TO",
    RelType.ATTACHED_TO: "ATTACHED_TO",
    RelType.FOR_PROJECT: "FOR_PROJECT",
    RelType.OWNED_BY: "OWNED_BY",
    RelType.UNDER: "UNDER",
    RelType.BUILT_ON: "BUILT_ON",
    RelType.BELONGS_TO: "BELONGS_TO",
    RelType.ASSIGNED_TO: "ASSIGNED_TO",
    RelType.WORKS_IN: "WORKS_IN",
    RelType.IN_TEAM: "IN_TEAM",
    RelType.LEADS: "LEADS",
    RelType.IN_GROUP: "IN_GROUP",
    RelType.ESTABLISHED: "ESTABLISHED",
    RelType.AT: "AT",
    RelType.HOLDS: "HOLDS",
    RelType.IN_CHARGE_OF: "IN_CHARGE_OF",
    RelType.VISITED: "VISITED",
}
assert all(name == rel.value for rel, name in _TYPE_NAMES.items())
assert set(_TYPE_NAMES) == set(RelType)

#: Periods and visits may repeat between the same two nodes, and MERGE cannot match on null
#: dates: a change creates them (in its one transaction), and merges any other link.
_REPEATABLE = {RelType.HOLDS, RelType.IN_CHARGE_OF, RelType.VISITED}

#: What a change writes relationships with, in the live generation.
WRITE_RELS: dict[RelType, LiteralString] = {
    rel: _create_rel(_CHANGE_ENDS, name, "row.props")
    if rel in _REPEATABLE
    else _merge_rel(_CHANGE_ENDS, name)
    for rel, name in _TYPE_NAMES.items()
}


def _load_rel(rel: LiteralString) -> LiteralString:
    # A load writes into a generation it has just emptied, each link of the bundle once (a
    # record's id lists name each id once, graph_model/records.py), so it creates them all:
    # MERGE would first read the relationships between the two ends, a cost that grows with a
    # node's degree (the write at M: 10.9-12.3 s, against 13.9-14.9 s merging). Its ends are
    # sought by the element ids their nodes' batches answered (``CREATE_NODES``), a seek by the
    # store's own address where the generation's id index was a tree's (the links of M: 3.9-4.3
    # s against 5.3 s; of L: 40 s against 72 s). Each batch is written once, in its own
    # transaction (a retried batch is one whose transaction rolled back). Its rows are lists,
    # which the driver encodes and the server decodes faster than maps with their keys (the
    # write at M: client CPU 5.2 s against 6.3 s).
    return (
        "UNWIND $rows AS row "
        "MATCH (a) WHERE elementId(a) = row[0] MATCH (b) WHERE elementId(b) = row[1] "
        "CREATE (a)-[r:" + rel + "]->(b) SET r = row[2]"
    )


#: What a load writes relationships with: ends by element id, in the generation it stages.
LOAD_RELS: dict[RelType, LiteralString] = {
    rel: _load_rel(name) for rel, name in _TYPE_NAMES.items()
}


#: A load's nodes' element ids by their ids (run in the generation it stages): for a batch of
#: them whose COMMIT's answer was lost, though it was applied.
ELEMENTS_OF: LiteralString = (
    "UNWIND $ids AS id MATCH (n:Entity {id: id}) "
    "RETURN collect(n.id) AS ids, collect(elementId(n)) AS elements"
)


ENTITY: LiteralString = (
    "MATCH (n:Entity {id: $id}) RETURN n.id AS id, labels(n) AS labels, n.name AS name"
)
