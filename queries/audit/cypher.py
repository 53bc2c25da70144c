"""Cypher text of the audit: each rule as a query returning uniform ``row`` maps, and the same
query over one keyset page of the entities the rule examines (``RULE_PAGES``), so that no
transaction holds the whole organisation.

Each rule reads docs/domain.md exactly as its function in ``queries.audit.memory`` does (see the
docstrings there); thresholds arrive as the parameters ``queries.audit.rules.parameters``
computes. A row is ``{rule, check, entity, unit, nodes, rels, facts}``: ``unit`` is the id of
the unit the entity belongs to, ``nodes``/``rels`` its evidence in any order (the report sorts
them). The whole audit in one transaction would need more than the server's memory cap allows
a large organisation: the backend (``queries.audit.neo4j``) reads ``RULE_PAGES``, then
``UNIT_PATHS`` in batches.
"""

from __future__ import annotations

from typing import LiteralString

from queries.neo4j.fragments import (
    COUNTS,
    COVERED,
    DEPTH,
    group_counts,
    is_leader,
    keyset_page,
    leader_seat,
    org_exists,
    project_runs,
    ref,
    rel_ref,
    target_exists,
    valid,
)


def _rel(type_: LiteralString, start: LiteralString, end: LiteralString) -> LiteralString:
    return "{type: '" + type_ + "', start: " + start + ".id, end: " + end + ".id}"


def _unit(node: LiteralString, rel: LiteralString) -> LiteralString:
    return "head([(" + node + ")-[:" + rel + "]->(home:Unit) | home.id])"


def _row(
    rule: LiteralString,
    check: LiteralString,
    entity: LiteralString,
    unit: LiteralString,
    nodes: LiteralString = "[]",
    rels: LiteralString = "[]",
    facts: LiteralString = "{}",
) -> LiteralString:
    return (
        "RETURN {rule: '" + rule + "', check: " + check + ", entity: " + ref(entity) + ", "
        "unit: " + unit + ", nodes: " + nodes + ", rels: " + rels + ", facts: " + facts + "}"
    )


# -- fragments several rules share -----------------------------------------------------------
# Each leader with the first committee (by id) on which they hold a leader's seat.
_LEADERS: LiteralString = (
    "MATCH (person:Person)-[held:HOLDS]->(c:PartyOrg {kind: 'committee'}) "
    "WHERE " + leader_seat("held", "c") + " "
    "WITH person, min(c.id) AS first MATCH (c:PartyOrg {id: first}) "
)
# The same, for the committee ``seated`` (bound): the leaders whose first committee it is. An
# audit in pages reads committees, not every person, to find the few leaders among them.
_LEADERS_FIRST_ON: LiteralString = (
    "WITH seated WHERE seated.kind = 'committee' MATCH (person:Person)-[:HOLDS]->(seated) "
    "WITH DISTINCT person, seated "
    "MATCH (person)-[held:HOLDS]->(c:PartyOrg {kind: 'committee'}) "
    "WHERE " + leader_seat("held", "c") + " "
    "WITH person, seated, min(c.id) AS first WHERE first = seated.id "
    "WITH person, seated AS c "
)
# The party groups built on ``team`` (bound) that count.
_TEAM_GROUPS: LiteralString = (
    "COLLECT { MATCH (grp:PartyGroup)-[:BUILT_ON]->(team) WHERE " + group_counts("grp") + " "
    "RETURN grp }"
)
_PROJECT_HAS_BRANCH: LiteralString = (
    "EXISTS { MATCH (tb:PartyOrg {kind: 'branch'})-[:FOR_PROJECT]->(pj) WHERE "
    + org_exists("tb")
    + " }"
)


# -- the rules -----------------------------------------------------------------------------
_R01_AFTER_LEADERS: LiteralString = (
    "UNWIND [['party_building', 'no_party_building_point'], "
    "['branch', 'no_branch_point']] AS want "
    "WITH person, c, want WHERE NOT EXISTS { "
    "  MATCH (person)-[:ESTABLISHED]->(lp:LiaisonPoint {kind: want[0]})-[:AT]->(t) "
    "  WHERE "
    + valid("lp")
    + " AND "
    + target_exists("t")
    + " } "
    + _row(
        "R01",
        "want[1]",
        "person",
        _unit("person", "WORKS_IN"),
        "[" + ref("c") + "]",
        "[" + _rel("HOLDS", "person", "c") + "]",
        "{committee: c.id}",
    )
)

R01: LiteralString = _LEADERS + _R01_AFTER_LEADERS

R02: LiteralString = (
    "MATCH (leader:Person)-[:ESTABLISHED]->(lp:LiaisonPoint)-[:AT]->(target) "
    "WHERE " + COUNTS + " "
    "CALL (lp) { OPTIONAL MATCH ()-[v:VISITED]->(lp) WHERE v.date <= $asOf "
    "  RETURN max(v.date) AS last } "
    "WITH leader, lp, target, last WHERE last IS NULL OR last < $visitedSince "
    + _row(
        "R02",
        "CASE WHEN last IS NULL THEN 'never_visited' ELSE 'not_visited_recently' END",
        "lp",
        "CASE WHEN target:Unit THEN target.id ELSE " + _unit("target", "ATTACHED_TO") + " END",
        "[" + ref("leader") + ", " + ref("target") + "]",
        "[" + _rel("ESTABLISHED", "leader", "lp") + ", " + _rel("AT", "lp", "target") + "]",
        "{leader: leader.id, target: target.id, last_visit: last}",
    )
)

R03: LiteralString = (
    "MATCH (b:PartyOrg {kind: 'branch'}) WHERE "
    + org_exists("b")
    + " AND NOT "
    + COVERED
    + " "
    + _row(
        "R03",
        "'uncovered'",
        "b",
        _unit("b", "ATTACHED_TO"),
        "[(b)-[:ATTACHED_TO]->(home:Unit) | " + ref("home") + "]",
        "[(b)-[:ATTACHED_TO]->(home:Unit) | " + _rel("ATTACHED_TO", "b", "home") + "]",
    )
)

R04: LiteralString = (
    "MATCH (team:Team) "
    "WITH team, [(q:Person {partyStatus: 'formal'})-[:IN_TEAM]->(team) | q] AS formal "
    "WHERE size(formal) >= $teamMinFormal AND size("
    + _TEAM_GROUPS
    + ") = 0 "
    + _row(
        "R04",
        "'no_party_group'",
        "team",
        _unit("team", "BELONGS_TO"),
        "[q IN formal | " + ref("q") + "]",
        "[q IN formal | " + _rel("IN_TEAM", "q", "team") + "]",
        "{formal: size(formal)}",
    )
)

R05: LiteralString = (
    "MATCH (leader:Person {partyStatus: 'formal'})-[:LEADS]->(team:Team) "
    "WITH leader, team, " + _TEAM_GROUPS + " AS groups "
    "WITH leader, team, groups, "
    "  COLLECT { UNWIND groups AS grp MATCH (h:Person)-[:LEADS]->(grp) RETURN [h, grp] } AS heads "
    "WHERE size(groups) > 0 AND NONE(x IN heads WHERE x[0] = leader) "
    + _row(
        "R05",
        "'leader_not_group_leader'",
        "team",
        _unit("team", "BELONGS_TO"),
        "[" + ref("leader") + "] + [grp IN groups | " + ref("grp") + "] "
        "+ [x IN heads | " + ref("x[0]") + "]",
        "[" + _rel("LEADS", "leader", "team") + "] "
        "+ [grp IN groups | " + _rel("BUILT_ON", "grp", "team") + "] "
        "+ [x IN heads | " + _rel("LEADS", "x[0]", "x[1]") + "]",
        "{leader: leader.id, groups: [grp IN groups | grp.id]}",
    )
)

R06: LiteralString = (
    "MATCH (person:Person)-[s:HOLDS]->(b:PartyOrg {kind: 'branch'}) "
    "WHERE s.role <> 'member' AND " + valid("s") + " AND " + org_exists("b") + " "
    # The groups are looked for once the officers are found: the planner would otherwise walk
    # them for every member's seat first.
    "WITH person, b, collect(DISTINCT s.role) AS roles "
    "WHERE NOT EXISTS { MATCH (person)-[:IN_GROUP|LEADS]->(:PartyGroup)-[:UNDER]->(b) } "
    + _row(
        "R06",
        "'not_in_group'",
        "person",
        _unit("person", "WORKS_IN"),
        "[" + ref("b") + "]",
        "[" + _rel("HOLDS", "person", "b") + "]",
        "{branch: b.id, roles: roles}",
    )
)

R07: LiteralString = (
    "MATCH (pj:Project {major: true}) WHERE "
    + project_runs("pj")
    + " AND NOT "
    + _PROJECT_HAS_BRANCH
    + " "
    + _row("R07", "'no_temporary_branch'", "pj", _unit("pj", "OWNED_BY"))
)

R08: LiteralString = (
    "MATCH (d:Domain) WHERE NOT EXISTS { "
    "  MATCH (leader:Person)-[charge:IN_CHARGE_OF]->(d) "
    "  WHERE "
    + valid("charge")
    + " AND "
    + is_leader("leader")
    + " } "
    + _row("R08", "'no_leader_in_charge'", "d", "null")
)

R09_UNITS: LiteralString = (
    "MATCH (u:Unit) "
    "WITH u, [(q:Person {partyStatus: 'formal'})-[:WORKS_IN]->(u) | q] AS formal "
    "WHERE size(formal) >= $unitMinFormal AND NOT EXISTS { "
    "  MATCH (ub:PartyOrg {kind: 'branch'})-[:ATTACHED_TO]->(u) WHERE "
    + org_exists("ub")
    + " } "
    + _row(
        "R09",
        "'unit_without_branch'",
        "u",
        "u.id",
        "[q IN formal | " + ref("q") + "]",
        "[q IN formal | " + _rel("WORKS_IN", "q", "u") + "]",
        "{formal: size(formal)}",
    )
)

R09_PROJECTS: LiteralString = (
    "MATCH (pj:Project) WHERE "
    + project_runs("pj")
    + " AND (pj.startOn IS NULL OR pj.endOn IS NULL "
    "  OR pj.startOn + duration({months: $projectMinMonths}) <= pj.endOn) "
    "WITH pj, [(q:Person {partyStatus: 'formal'})-[:IN_TEAM]->(t:Team)-[:ASSIGNED_TO]->(pj) "
    "  | [q, t]] AS pairs "
    "WITH pj, pairs, size(COLLECT { UNWIND pairs AS x RETURN DISTINCT x[0] AS q }) AS formal "
    "WHERE formal >= $unitMinFormal AND NOT "
    + _PROJECT_HAS_BRANCH
    + " "
    + _row(
        "R09",
        "'project_without_branch'",
        "pj",
        _unit("pj", "OWNED_BY"),
        "[x IN pairs | " + ref("x[0]") + "] + [x IN pairs | " + ref("x[1]") + "]",
        "[x IN pairs | " + _rel("IN_TEAM", "x[0]", "x[1]") + "] "
        "+ [x IN pairs | " + _rel("ASSIGNED_TO", "x[1]", "pj") + "]",
        "{formal: formal}",
    )
)

# The people holding a seat in org ``o`` (bound) or an org below it, each as ``q``.
_MEMBERS_BELOW: LiteralString = (
    "(o)<-[:REPORTS_TO*0.." + DEPTH + "]-(below:PartyOrg)<-[s:HOLDS]-(q:Person) "
    "WHERE " + org_exists("below") + " AND " + valid("s") + " "
)

# Members are counted first; the paths to them, the evidence, are read only for a finding.
R10: LiteralString = (
    "MATCH (o:PartyOrg) WHERE o.kind IN ['branch', 'general_branch'] AND " + org_exists("o") + " "
    "CALL (o) { MATCH " + _MEMBERS_BELOW + "RETURN count(DISTINCT q) AS members } "
    "WITH o, members "
    "WHERE (o.kind = 'branch' AND members > $branchMaxMembers) "
    "  OR (o.kind = 'general_branch' AND members >= $committeeMinMembers) "
    "CALL (o) { MATCH path = "
    + _MEMBERS_BELOW
    + "RETURN collect(path) AS paths } "
    + _row(
        "R10",
        "'too_large'",
        "o",
        _unit("o", "ATTACHED_TO"),
        "reduce(acc = [], path IN paths | acc + [n IN nodes(path) | " + ref("n") + "])",
        "reduce(acc = [], path IN paths | acc + [r IN relationships(path) | " + rel_ref("r") + "])",
        "{kind: o.kind, members: members, expected: CASE WHEN members >= $committeeMinMembers "
        "THEN 'committee' ELSE 'general_branch' END}",
    )
)

R11: LiteralString = (
    "MATCH (b:PartyOrg {kind: 'branch'}) WHERE " + org_exists("b") + " "
    "CALL (b) { "
    "  OPTIONAL MATCH (q:Person)-[s:HOLDS]->(b) WHERE " + valid("s") + " "
    "  RETURN collect(s.role) AS roles, "
    "    count(DISTINCT CASE WHEN q.partyStatus = 'formal' THEN q END) AS formal, "
    "    collect(DISTINCT CASE WHEN s.role <> 'member' THEN q END) AS officers } "
    "WITH b, formal, officers, [failed IN ["
    "  CASE WHEN NOT 'secretary' IN roles THEN 'no_secretary' END, "
    "  CASE WHEN formal >= $committeeFromFormal AND NOT ($committeeMin <= size(officers) "
    "    AND size(officers) <= $committeeMax) THEN 'committee_size' END, "
    "  CASE WHEN formal < $committeeFromFormal AND 'committee_member' IN roles "
    "    THEN 'committee_not_expected' END] WHERE failed IS NOT NULL] AS checks "
    "UNWIND checks AS failed "
    + _row(
        "R11",
        "failed",
        "b",
        _unit("b", "ATTACHED_TO"),
        "[q IN officers | " + ref("q") + "]",
        "[q IN officers | " + _rel("HOLDS", "q", "b") + "]",
        "{formal: formal, officers: size(officers)}",
    )
)

R12: LiteralString = (
    "MATCH (o:PartyOrg) WHERE o.electedOn < $termCutoffs[o.kind] AND "
    + org_exists("o")
    + " "
    + _row(
        "R12",
        "'term_overdue'",
        "o",
        _unit("o", "ATTACHED_TO"),
        facts="{elected_on: o.electedOn, years: $termYears[o.kind], cutoff: $termCutoffs[o.kind]}",
    )
)

R13: LiteralString = (
    "MATCH (b:PartyOrg {kind: 'branch'})-[:FOR_PROJECT]->(pj:Project) "
    "WHERE "
    + org_exists("b")
    + " AND pj.endOn < $projectEndedBefore "
    + _row(
        "R13",
        "'not_dissolved'",
        "b",
        _unit("b", "ATTACHED_TO"),
        "[" + ref("pj") + "]",
        "[" + _rel("FOR_PROJECT", "b", "pj") + "]",
        "{project: pj.id, end_on: pj.endOn}",
    )
)

_R14_AFTER_LEADERS: LiteralString = (
    "WHERE NOT EXISTS { "
    "  MATCH (person)-[m:HOLDS {role: 'member'}]->(mb:PartyOrg {kind: 'branch'}) "
    "  WHERE " + valid("m") + " AND " + org_exists("mb") + " } "
    "AND NOT EXISTS { MATCH (person)-[:IN_GROUP]->(grp:PartyGroup) WHERE "
    + group_counts("grp")
    + " } "
    + _row(
        "R14",
        "'no_dual_life'",
        "person",
        _unit("person", "WORKS_IN"),
        "[" + ref("c") + "]",
        "[" + _rel("HOLDS", "person", "c") + "]",
        "{committee: c.id}",
    )
)

R14: LiteralString = _LEADERS + _R14_AFTER_LEADERS

RULE_QUERIES: dict[str, tuple[LiteralString, ...]] = {
    "R01": (R01,),
    "R02": (R02,),
    "R03": (R03,),
    "R04": (R04,),
    "R05": (R05,),
    "R06": (R06,),
    "R07": (R07,),
    "R08": (R08,),
    "R09": (R09_UNITS, R09_PROJECTS),
    "R10": (R10,),
    "R11": (R11,),
    "R12": (R12,),
    "R13": (R13,),
    "R14": (R14,),
}

# -- the audit in pages: each rule over one keyset page of the entities it examines ---------
# Each rule's query (each part of ``RULE_QUERIES``) over a page of the nodes it examines: their
# label, the variable the query binds each to, and the query, which then only filters it.
_EXAMINED: dict[str, tuple[tuple[LiteralString, LiteralString, LiteralString], ...]] = {
    "R01": (("PartyOrg", "seated", _LEADERS_FIRST_ON + _R01_AFTER_LEADERS),),
    "R02": (("LiaisonPoint", "lp", R02),),
    "R03": (("PartyOrg", "b", R03),),
    "R04": (("Team", "team", R04),),
    "R05": (("Team", "team", R05),),
    "R06": (("PartyOrg", "b", R06),),
    "R07": (("Project", "pj", R07),),
    "R08": (("Domain", "d", R08),),
    "R09": (("Unit", "u", R09_UNITS), ("Project", "pj", R09_PROJECTS)),
    "R10": (("PartyOrg", "o", R10),),
    "R11": (("PartyOrg", "b", R11),),
    "R12": (("PartyOrg", "o", R12),),
    "R13": (("PartyOrg", "b", R13),),
    "R14": (("PartyOrg", "seated", _LEADERS_FIRST_ON + _R14_AFTER_LEADERS),),
}
assert _EXAMINED.keys() == RULE_QUERIES.keys()

#: Each rule as keyset pages (``queries.neo4j.pinned.PinnedRead.pages``), one query per part.
RULE_PAGES: dict[str, tuple[LiteralString, ...]] = {
    rule: tuple(keyset_page(label, node, query + " AS row") for label, node, query in parts)
    for rule, parts in _EXAMINED.items()
}

# The path from each unit of ``$unitIds`` to the top of the unit tree, nearest first.
UNIT_PATHS: LiteralString = (
    "UNWIND $unitIds AS uid "
    "MATCH path = (:Unit {id: uid})-[:PART_OF*0.." + DEPTH + "]->(top:Unit) "
    "WHERE NOT EXISTS { (top)-[:PART_OF]->() } "
    "RETURN uid AS id, [n IN nodes(path) | " + ref("n") + "] AS path"
)
