"""Cypher text of the responsibility chain: the sub-graph a chain can touch, in one round trip."""

from __future__ import annotations

from typing import LiteralString

from queries.neo4j.fragments import DEPTH

# The sub-graph a responsibility chain can touch, in one round trip: the start and its groups,
# teams and projects; their units and every unit above; the party orgs given or attached there
# and every org above; domains, liaison points at those units and orgs, and the people who lead,
# hold seats, are in charge or established the points, with the committees they sit on.
# ``queries.chain.walk`` then walks it exactly as the embedded backend walks the whole graph.
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
