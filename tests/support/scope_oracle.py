"""What a caller scoped to a unit may see, computed straight from a bundle's records: the
oracle the scope tests hold both backends and the API to (README "Authentication and scope")."""

from __future__ import annotations

from graph_model.records import Bundle


def visible(bundle: Bundle, unit_id: str) -> frozenset[str]:
    """Every id a caller scoped to ``unit_id`` may see, domains included."""
    units = {unit_id}
    while grown := {u.id for u in bundle.units if u.parent_id in units} - units:
        units |= grown
    orgs = {o.id for o in bundle.party_orgs if o.unit_id in units}
    teams = {t.id for t in bundle.teams if t.unit_id in units}
    projects = {p.id for p in bundle.projects if p.unit_id in units}
    groups = {g.id for g in bundle.party_groups if g.branch_id in orgs}
    points = {lp.id for lp in bundle.liaison_points if lp.target_id in units | orgs}
    people = {p.id for p in bundle.people if p.unit_id in units or p.team_id in teams}
    people |= {lp.leader_id for lp in bundle.liaison_points if lp.id in points}
    people |= {s.person_id for s in bundle.seats if s.org_id in orgs}
    people |= {t.leader_id for t in bundle.teams if t.id in teams and t.leader_id}
    for g in bundle.party_groups:
        if g.id in groups:
            people |= set(g.member_ids) | ({g.leader_id} if g.leader_id else set())
    domains = {d.id for d in bundle.domains}
    return frozenset(units | orgs | teams | projects | groups | points | people | domains)


def every_id(bundle: Bundle) -> frozenset[str]:
    """Every id the bundle holds."""
    tables = (
        bundle.units,
        bundle.domains,
        bundle.people,
        bundle.party_orgs,
        bundle.teams,
        bundle.party_groups,
        bundle.projects,
        bundle.liaison_points,
    )
    return frozenset(row.id for table in tables for row in table)
