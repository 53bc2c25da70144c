"""Step 2: the people of each unit and the work teams of stations and county companies.

A unit's headcount is its leaders (company, provincial company, bureau), the people in its teams
(5 to 15 each, with a team leader who is a party member more often than not) and staff in no
team (a station chief, say). Party status is drawn by the unit's party share.
"""

from __future__ import annotations

from loaders.generate.plan import FORMAL, NO_PARTY, Draft, TeamPlan, UnitPlan
from loaders.generate.vocabulary import cn_number

TEAM_MIN, TEAM_MAX = 5, 15
#: Party members an oversized station (a planted gap of R10) has at least.
OVERSIZE_PARTY = 56
#: How often a team's leader is picked among its formal party members, when it has some.
LEADER_IS_FORMAL = 0.6


def staff_units(d: Draft) -> None:
    for unit in d.units:
        _staff(d, unit)


def _staff(d: Draft, unit: UnitPlan) -> None:
    rng = d.rng
    for _ in range(unit.leaders_wanted):
        # Leaders' seats are made with the committees; their people are made here.
        unit.staff.append(d.person(unit, None, FORMAL))
    rest = unit.headcount - unit.leaders_wanted
    statuses = [d.status(unit.party_rate) for _ in range(rest)]
    if unit.oversize:  # planted for R10: sure to have more than 50 party members
        party = sum(s is not NO_PARTY for s in statuses)
        for i in rng.sample(range(rest), rest):
            if party >= OVERSIZE_PARTY:
                break
            if statuses[i] is NO_PARTY:
                statuses[i], party = FORMAL, party + 1
    drawn = iter(statuses)
    sizes = team_sizes(d, round(rest * unit.teamed)) if unit.team_types else []
    for _ in range(rest - sum(sizes)):
        unit.staff.append(d.person(unit, None, next(drawn)))
    if not sizes:
        return
    types = unit.team_types
    order = [types[i % len(types)] for i in range(len(sizes))]
    uses = {t.name: order.count(t) for t in types}
    seen: dict[str, int] = {}
    for number, (size, kind) in enumerate(zip(sizes, order, strict=True), start=1):
        seen[kind.name] = seen.get(kind.name, 0) + 1
        ordinal = cn_number(seen[kind.name]) if uses[kind.name] > 1 else ""
        team = TeamPlan(
            f"t-{unit.code}-{number:02d}",
            f"{unit.name}{kind.name}{ordinal}班",
            unit,
            kind.domain_id,
        )
        team.members = [d.person(unit, team.id, next(drawn)) for _ in range(size)]
        team.party = [p for p in team.members if p.party_status is not NO_PARTY]
        formal = [p for p in team.party if p.party_status is FORMAL]
        team.formal = len(formal)
        team.leader = d.pick(formal if formal and rng.random() < LEADER_IS_FORMAL else team.members)
        unit.teams.append(team)
        d.teams.append(team)


def team_sizes(d: Draft, people: int) -> list[int]:
    """``people`` cut into teams of 5 to 15; fewer than 5 are left in no team."""
    sizes, left = [], people
    while left >= TEAM_MIN:
        size = d.rng.randint(TEAM_MIN, TEAM_MAX)
        if left - size < TEAM_MIN:
            size = left if left <= TEAM_MAX else left - TEAM_MIN
        sizes.append(size)
        left -= size
    return sizes
