"""A synthetic organisation of any size, shaped like the sample: a company, bureaus, stations
with a branch each, teams with party groups, leaders with liaison points and visits."""

from __future__ import annotations

import random
from datetime import date, timedelta

from graph_model import records as r
from graph_model.kinds import (
    BranchKind,
    LiaisonKind,
    OrgKind,
    PartyStatus,
    SeatRole,
    UnitKind,
)

START = date(2020, 1, 1)


def organisation(bureaus: int, stations: int = 8, teams: int = 3, seed: int = 7) -> r.Bundle:
    """``bureaus`` × ``stations`` branches, each station with ``teams`` teams of 8 people."""
    rng = random.Random(seed)
    domains = tuple(r.Domain(f"d{i}", f"Domain {i}") for i in range(6))
    units = [r.Unit("u-co", "Company", UnitKind.COMPANY)]
    orgs = [r.PartyOrg("po-co", "Company committee", OrgKind.COMMITTEE, unit_id="u-co")]
    people: list[r.Person] = []
    seats: list[r.Seat] = []
    team_rows: list[r.Team] = []
    groups: list[r.PartyGroup] = []
    points: list[r.LiaisonPoint] = []

    def person(unit: str, team: str | None = None) -> str:
        pid = f"p{len(people)}"
        people.append(r.Person(pid, pid, PartyStatus.FORMAL, unit, team))
        return pid

    leaders = [person("u-co") for _ in range(9)]
    seats += [r.Seat(p, "po-co", SeatRole.COMMITTEE_MEMBER, START) for p in leaders]
    charges = tuple(r.DomainCharge(leaders[i], d.id, START) for i, d in enumerate(domains))
    for b in range(bureaus):
        bureau, committee = f"u-b{b}", f"po-b{b}"
        units.append(r.Unit(bureau, bureau, UnitKind.BUREAU, "u-co", (f"d{b % 6}",)))
        orgs.append(r.PartyOrg(committee, committee, OrgKind.COMMITTEE, "po-co", bureau))
        bureau_leader = person(bureau)
        seats.append(r.Seat(bureau_leader, committee, SeatRole.SECRETARY, START))
        for s in range(stations):
            station, branch = f"u-b{b}-s{s}", f"br-b{b}-s{s}"
            units.append(r.Unit(station, station, UnitKind.STATION, bureau))
            orgs.append(
                r.PartyOrg(
                    branch, branch, OrgKind.BRANCH, committee, station, BranchKind.GRASSROOTS
                )
            )
            secretary = person(station)
            seats.append(r.Seat(secretary, branch, SeatRole.SECRETARY, START))
            for t in range(teams):
                team = f"t-b{b}-s{s}-{t}"
                members = [person(station, team) for _ in range(8)]
                team_rows.append(r.Team(team, team, station, members[0], f"d{t % 6}"))
                groups.append(
                    r.PartyGroup(f"g-{team}", team, branch, team, members[0], tuple(members))
                )
            if rng.random() < 0.3:
                points.append(
                    r.LiaisonPoint(f"lp-{branch}", bureau_leader, LiaisonKind.BRANCH, branch, START)
                )
        if rng.random() < 0.5:
            points.append(
                r.LiaisonPoint(
                    f"lp-{bureau}", rng.choice(leaders), LiaisonKind.PARTY_BUILDING, bureau, START
                )
            )
    visits = tuple(
        r.Visit(lp.id, START + timedelta(days=rng.randrange(0, 2000)))
        for lp in points
        for _ in range(3)
    )
    return r.Bundle(
        domains=domains,
        units=tuple(units),
        people=tuple(people),
        party_orgs=tuple(orgs),
        seats=tuple(seats),
        domain_charges=charges,
        teams=tuple(team_rows),
        party_groups=tuple(groups),
        liaison_points=tuple(points),
        visits=visits,
    )
