"""Cypher of a snapshot: the live graph read back as a bundle, a page of nodes at a time.

Each kind's page is the next ``$batch`` nodes by id after ``$after`` (through the kind's id
index, so a page costs the same wherever it starts), each with its properties, the ids at the
other end of the relationships that are columns of its table (``links``, lists) and, for people
and liaison points, the relationships that are rows of the link tables (``rels``: seats and
charges start at a person, visits end at a point). A page's memory is bounded by ``$batch``, not
by the graph. Written without generation labels, like every query: the snapshot runs them in
the generation it reads (``queries.neo4j.generations``).
"""

from __future__ import annotations

from typing import LiteralString

from graph_model.kinds import NodeKind


def _page(label: LiteralString, links: LiteralString, rels: LiteralString) -> LiteralString:
    return (
        "MATCH (n:" + label + ") WHERE n.id > $after WITH n ORDER BY n.id LIMIT $batch "
        "RETURN properties(n) AS props, " + _map(links) + " AS links, " + _map(rels) + " AS rels"
    )


def _map(entries: LiteralString) -> LiteralString:
    """A map of ``entries``; null for none (the reader takes it for an empty map)."""
    return "{" + entries + "}" if entries else "null"


def _out(column: LiteralString, rel: LiteralString) -> LiteralString:
    return column + ": [(n)-[:" + rel + "]->(x) | x.id]"


def _in(column: LiteralString, rel: LiteralString) -> LiteralString:
    return column + ": [(x)-[:" + rel + "]->(n) | x.id]"


def _rows(table: LiteralString, pattern: LiteralString) -> LiteralString:
    return table + ": [" + pattern + " | {id: x.id, props: properties(r)}]"


PAGES: dict[NodeKind, LiteralString] = {
    NodeKind.DOMAIN: _page("Domain", "", ""),
    NodeKind.UNIT: _page(
        "Unit", _out("parent_id", "PART_OF") + ", " + _out("domain_ids", "IN_DOMAIN"), ""
    ),
    NodeKind.PERSON: _page(
        "Person",
        _out("unit_id", "WORKS_IN") + ", " + _out("team_id", "IN_TEAM"),
        _rows("party_roles", "(n)-[r:HOLDS]->(x)")
        + ", "
        + _rows("leader_domains", "(n)-[r:IN_CHARGE_OF]->(x)"),
    ),
    NodeKind.PARTY_ORG: _page(
        "PartyOrg",
        _out("parent_id", "REPORTS_TO")
        + ", "
        + _out("unit_id", "ATTACHED_TO")
        + ", "
        + _out("project_id", "FOR_PROJECT"),
        "",
    ),
    NodeKind.TEAM: _page(
        "Team",
        _out("unit_id", "BELONGS_TO")
        + ", "
        + _in("leader_id", "LEADS")
        + ", "
        + _out("domain_id", "IN_DOMAIN")
        + ", "
        + _out("project_id", "ASSIGNED_TO"),
        "",
    ),
    NodeKind.PARTY_GROUP: _page(
        "PartyGroup",
        _out("branch_id", "UNDER")
        + ", "
        + _out("team_id", "BUILT_ON")
        + ", "
        + _in("leader_id", "LEADS")
        + ", "
        + _in("member_ids", "IN_GROUP"),
        "",
    ),
    NodeKind.PROJECT: _page(
        "Project", _out("unit_id", "OWNED_BY") + ", " + _out("domain_id", "IN_DOMAIN"), ""
    ),
    NodeKind.LIAISON_POINT: _page(
        "LiaisonPoint",
        _in("leader_id", "ESTABLISHED") + ", " + _out("target_id", "AT"),
        _rows("visits", "(x)-[r:VISITED]->(n)"),
    ),
}
assert set(PAGES) == set(NodeKind)

#: What says the graph has not moved while a snapshot read it: the live generation, the last
#: switch of a load, and the trail's newest change (every change counts one).
VERSION: LiteralString = (
    "OPTIONAL MATCH (s:GraphState {name: 'graph'}) "
    "OPTIONAL MATCH (log:ChangeLog {name: 'trail'}) "
    "RETURN coalesce(s.live, 0) AS live, toString(s.switchedAt) AS switched, "
    "  coalesce(log.last, 0) AS last"
)

__all__ = ["PAGES", "VERSION"]
