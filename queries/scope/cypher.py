"""Cypher of ``Backend.visible_ids``: what a caller scoped to one unit may see, one round trip.

The rule is ``queries.scope.memory``'s: the unit's subtree; the party orgs, teams and projects
attached to, belonging to or owned by its units; the groups under those orgs; the liaison
points at those units and orgs; the people who work in those units or are linked to those
teams, groups, orgs or points; and every domain. Everything but the domains hangs off the given
unit: it seeks the unit by its id and expands from there; the one label it scans is Domain.
"""

from __future__ import annotations

from typing import LiteralString

from queries.neo4j.fragments import DEPTH

# The ids come back as one list, repeats and all: a set is the answer, so no order to keep, and a
# DISTINCT here would carry both lists along as keys of every row (quadratic in the subtree).
VISIBLE_IDS: LiteralString = (
    "MATCH (top:Unit {id: $unitId}) "
    "WITH COLLECT { MATCH (u:Unit)-[:PART_OF*0.." + DEPTH + "]->(top) RETURN DISTINCT u } "
    "  AS units "
    "WITH units, COLLECT { UNWIND units AS u MATCH (o:PartyOrg)-[:ATTACHED_TO]->(u) RETURN o } "
    "  AS orgs "
    "WITH units, orgs, "
    "  COLLECT { UNWIND units AS u MATCH (t:Team)-[:BELONGS_TO]->(u) RETURN t } AS teams, "
    "  COLLECT { UNWIND units AS u MATCH (p:Project)-[:OWNED_BY]->(u) RETURN p } AS projects, "
    "  COLLECT { UNWIND orgs AS o MATCH (g:PartyGroup)-[:UNDER]->(o) RETURN g } AS groups, "
    "  COLLECT { UNWIND units + orgs AS x MATCH (lp:LiaisonPoint)-[:AT]->(x) RETURN lp } "
    "  AS points "
    "WITH units + orgs + teams + projects + groups + points AS found, units, "
    "  teams + groups + orgs AS places, points "
    "WITH found, "
    "  COLLECT { UNWIND units AS u MATCH (p:Person)-[:WORKS_IN]->(u) RETURN p } "
    "  + COLLECT { UNWIND points AS lp MATCH (p:Person)-[:ESTABLISHED]->(lp) RETURN p } "
    "  + COLLECT { UNWIND places AS x "
    "      MATCH (p:Person)-[:IN_TEAM|IN_GROUP|LEADS|HOLDS]->(x) RETURN p } AS people "
    "RETURN [n IN found + people | n.id] + COLLECT { MATCH (d:Domain) RETURN d.id } AS ids"
)
