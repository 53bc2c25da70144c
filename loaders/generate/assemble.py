"""The last step: the plans and records of a draft as one ``Bundle``."""

from __future__ import annotations

from types import MappingProxyType

from graph_model import records as r
from loaders.generate.plan import NO_EXTRA, Draft
from loaders.generate.vocabulary import DOMAINS


def assemble(d: Draft) -> r.Bundle:
    return r.Bundle(
        domains=tuple(
            r.Domain(domain, name, MappingProxyType({"name_en": english}))
            for domain, name, english in DOMAINS
        ),
        units=tuple(
            r.Unit(u.id, u.name, u.kind, u.parent.id if u.parent else None, u.domain_ids, NO_EXTRA)
            for u in d.units
        ),
        people=tuple(d.people),
        party_orgs=tuple(
            r.PartyOrg(
                o.id,
                o.name,
                o.kind,
                o.parent.id if o.parent else None,
                o.unit.id,
                o.branch_kind,
                o.project.id if o.project else None,
                o.established_on,
                o.dissolved_on,
                o.elected_on,
                o.benchmark_domain_id,
                o.benchmark_category,
                NO_EXTRA,
            )
            for o in d.orgs
        ),
        seats=tuple(d.seats),
        domain_charges=tuple(d.charges),
        teams=tuple(
            r.Team(
                t.id,
                t.name,
                t.unit.id,
                t.leader.id if t.leader else None,
                t.domain_id,
                t.project_id,
                NO_EXTRA,
            )
            for t in d.teams
        ),
        party_groups=tuple(d.groups),
        projects=tuple(
            r.Project(p.id, p.name, p.unit.id, p.domain_id, p.major, p.start_on, p.end_on, NO_EXTRA)
            for p in d.projects
        ),
        liaison_points=tuple(p.point for p in d.points),
        visits=tuple(d.visits),
    )
