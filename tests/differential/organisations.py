"""A hypothesis strategy for random valid organisations: deep and wide unit trees, party orgs
that come and go, overlapping liaison points and dated seats.

Dates come from a short grid so that boundaries (a seat ending the day a point starts, an org
dissolved the day asked about) are hit often.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from graph_model import records as r
from graph_model.kinds import (
    BranchKind,
    LiaisonKind,
    OrgKind,
    PartyStatus,
    SeatRole,
    UnitKind,
)

DAYS = [date(2020, 1, 1) + timedelta(days=90 * k) for k in range(8)]
days = st.sampled_from(DAYS)
maybe_day = st.none() | days


@st.composite
def periods(draw: st.DrawFn) -> tuple[date | None, date | None]:
    """A from/to pair with ``to`` never before ``from``."""
    start, end = draw(maybe_day), draw(maybe_day)
    if start and end and end < start:
        start, end = end, start
    return start, end


@st.composite
def organisations(draw: st.DrawFn) -> r.Bundle:
    domains = tuple(r.Domain(f"d{i}", f"Domain {i}") for i in range(draw(st.integers(1, 3))))
    domain_ids = [d.id for d in domains]

    unit_count = draw(st.integers(1, 10))
    units = []
    for i in range(unit_count):
        # Parents come from earlier units (no cycles); low indexes make deep chains likely.
        parent = f"u{draw(st.integers(max(0, i - 3), i - 1))}" if i else None
        in_domains = tuple(draw(st.lists(st.sampled_from(domain_ids), max_size=1)))
        units.append(r.Unit(f"u{i}", f"Unit {i}", UnitKind.STATION, parent, in_domains))
    unit_ids = [u.id for u in units]

    orgs: list[r.PartyOrg] = []
    for i in range(draw(st.integers(1, 3))):
        parent = (
            orgs[draw(st.integers(0, len(orgs) - 1))].id if orgs and draw(st.booleans()) else None
        )
        orgs.append(
            r.PartyOrg(
                f"c{i}",
                f"Committee {i}",
                OrgKind.COMMITTEE,
                parent,
                draw(st.sampled_from(unit_ids)),
            )
        )
    for i in range(draw(st.integers(1, 8))):
        parent = draw(st.sampled_from([o.id for o in orgs if o.kind is not OrgKind.BRANCH]))
        kind = draw(st.sampled_from([OrgKind.BRANCH, OrgKind.BRANCH, OrgKind.GENERAL_BRANCH]))
        established, dissolved = draw(periods())
        if established and dissolved and established == dissolved:
            dissolved = None
        orgs.append(
            r.PartyOrg(
                f"o{i}",
                f"Org {i}",
                kind,
                parent,
                draw(st.none() | st.sampled_from(unit_ids)),
                draw(st.sampled_from(list(BranchKind))) if kind is OrgKind.BRANCH else None,
                established_on=established,
                dissolved_on=dissolved,
            )
        )
    org_ids = [o.id for o in orgs]
    branch_ids = [o.id for o in orgs if o.kind is OrgKind.BRANCH] or [None]

    people = tuple(
        r.Person(f"p{i}", f"Person {i}", PartyStatus.FORMAL, draw(st.sampled_from(unit_ids)))
        for i in range(draw(st.integers(1, 6)))
    )
    person_ids = [p.id for p in people]

    committees = [o.id for o in orgs if o.kind is OrgKind.COMMITTEE]
    leader_roles = [SeatRole.SECRETARY, SeatRole.DEPUTY_SECRETARY, SeatRole.COMMITTEE_MEMBER]
    # Leaders' seats first (so that liaison points usually count), then any seat at all.
    leaders = draw(st.lists(st.sampled_from(person_ids), min_size=1, max_size=4))
    seats = tuple(
        r.Seat(
            person,
            draw(st.sampled_from(committees)),
            draw(st.sampled_from(leader_roles)),
            *draw(periods()),
        )
        for person in leaders
    ) + tuple(
        r.Seat(
            draw(st.sampled_from(person_ids)),
            draw(st.sampled_from(org_ids)),
            draw(st.sampled_from(list(SeatRole))),
            *draw(periods()),
        )
        for _ in range(draw(st.integers(0, 6)))
    )
    charges = tuple(
        r.DomainCharge(
            draw(st.sampled_from(person_ids)), draw(st.sampled_from(domain_ids)), *draw(periods())
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    points = []
    for i in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(list(LiaisonKind)))
        if kind is LiaisonKind.BRANCH and branch_ids != [None]:
            target = draw(st.sampled_from(branch_ids))
        else:
            kind = LiaisonKind.PARTY_BUILDING
            target = draw(st.sampled_from(unit_ids + org_ids))
        leader = draw(st.sampled_from(leaders) | st.sampled_from(person_ids))
        points.append(r.LiaisonPoint(f"lp{i}", leader, kind, target, *draw(periods())))

    projects = tuple(
        r.Project(
            f"pj{i}",
            f"Project {i}",
            draw(st.sampled_from(unit_ids)),
            draw(st.none() | st.sampled_from(domain_ids)),
            True,
            *draw(periods()),
        )
        for i in range(draw(st.integers(0, 2)))
    )
    if projects:  # a temporary branch for some project, sometimes
        for index, org in enumerate(orgs):
            if org.branch_kind is BranchKind.TEMPORARY and draw(st.booleans()):
                project = draw(st.sampled_from(projects)).id
                orgs[index] = r.PartyOrg(**{**_fields(org), "project_id": project})

    teams = tuple(
        r.Team(
            f"t{i}",
            f"Team {i}",
            draw(st.sampled_from(unit_ids)),
            draw(st.none() | st.sampled_from(person_ids)),
            draw(st.none() | st.sampled_from(domain_ids)),
        )
        for i in range(draw(st.integers(0, 4)))
    )
    groups = tuple(
        r.PartyGroup(
            f"g{i}",
            f"Group {i}",
            branch,
            draw(st.none() | st.sampled_from([t.id for t in teams] or [None])),
            draw(st.none() | st.sampled_from(person_ids)),
        )
        for i, branch in enumerate(
            draw(st.lists(st.sampled_from(branch_ids), max_size=3)) if branch_ids != [None] else []
        )
    )
    visits = tuple(
        r.Visit(draw(st.sampled_from(points)).id, draw(days))
        for _ in range(draw(st.integers(0, 6)) if points else 0)
    )
    benchmarks = {o.id for o in orgs if o.kind is OrgKind.BRANCH and draw(st.booleans())}
    orgs = [
        r.PartyOrg(
            **{
                **_fields(o),
                "benchmark_domain_id": domain_ids[0],
                "benchmark_category": f"category {len(o.id) % 2}",
            }
        )
        if o.id in benchmarks
        else o
        for o in orgs
    ]
    return r.Bundle(
        domains=domains,
        units=tuple(units),
        people=people,
        party_orgs=tuple(orgs),
        seats=seats,
        domain_charges=charges,
        teams=teams,
        party_groups=groups,
        projects=projects,
        liaison_points=tuple(points),
        visits=visits,
    )


def _fields(record: object) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}  # type: ignore[attr-defined]
