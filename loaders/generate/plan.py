"""The generator's working state: mutable plans of units, teams, party orgs, projects and
leaders that the steps fill in, the records made so far, and the random helpers they share.

Plans are turned into frozen records at the end (``loaders.generate.assemble``); people, seats,
domain charges, party groups, liaison points and visits are final when made and are made as
records straight away. Every choice goes through ``Draft.rng`` in a fixed order over lists,
never over sets, so a seed gives the same organisation on every run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from random import Random
from types import MappingProxyType
from typing import TypeVar

from graph_model import records as r
from graph_model.kinds import BranchKind, OrgKind, PartyStatus, SeatRole, UnitKind
from loaders.generate.vocabulary import GIVEN, PLACE_FIRST, PLACE_SECOND, SURNAMES, TeamType

T = TypeVar("T")

#: The day the organisation is drawn as of: the planted gaps are audit findings on this day.
AS_OF = date(2026, 11, 30)
#: The liaison-point mechanism starts here (the article reports on 2020).
LIAISON_START = date(2019, 3, 1)
#: Shared by every record: generated records carry no extra columns unless they say so.
NO_EXTRA: Mapping[str, str] = MappingProxyType({})

FORMAL, PROBATIONARY, NO_PARTY = PartyStatus.FORMAL, PartyStatus.PROBATIONARY, PartyStatus.NONE

_EPOCH = date(1985, 1, 1)
_DAYS = tuple(_EPOCH + timedelta(days=n) for n in range((date(2035, 1, 1) - _EPOCH).days))
_EPOCH_ORDINAL = _EPOCH.toordinal()


def shift(day: date, days: int) -> date:
    """``day`` moved by ``days``; the date objects are shared, which keeps big bundles lean."""
    return _DAYS[day.toordinal() - _EPOCH_ORDINAL + days]


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class Role(Enum):
    """What a unit is, finer than its ``UnitKind``: it decides size, staff and party share."""

    COMPANY = "company"
    PROVINCE = "province"
    BUREAU = "bureau"
    DEPARTMENT = "department"
    SUPPORT = "support"
    SUPPORT_STATION = "support_station"
    BUREAU_STATION = "bureau_station"
    COUNTY = "county"
    SUPPLY_STATION = "supply_station"
    SUBSTATION = "substation"


#: Units that have a party committee and a leadership team.
COMMITTEE_ROLES = (Role.COMPANY, Role.PROVINCE, Role.BUREAU)
#: Stations of a county company: without three formal members they join a joint branch.
COUNTY_STATIONS = (Role.SUPPLY_STATION, Role.SUBSTATION)


@dataclass(slots=True, eq=False)
class TeamPlan:
    id: str
    name: str
    unit: UnitPlan
    domain_id: str | None
    members: list[r.Person] = field(default_factory=list)
    party: list[r.Person] = field(default_factory=list)  # formal and probationary members
    formal: int = 0
    leader: r.Person | None = None
    project_id: str | None = None


@dataclass(slots=True, eq=False)
class LeaderPlan:
    """A seat on a committee's leadership team, current (``end`` empty) or former."""

    person: r.Person
    role: SeatRole
    start: date
    end: date | None = None
    no_branch_point: bool = False  # planted gap of R01
    no_dual_life: bool = False  # planted gap of R14


@dataclass(slots=True, eq=False)
class UnitPlan:
    id: str
    code: str  # the id without ``u-``: other ids are built on it
    name: str
    kind: UnitKind
    role: Role
    parent: UnitPlan | None
    domain_ids: tuple[str, ...] = ()
    team_types: tuple[TeamType, ...] = ()
    place: str = ""
    weight: float = 0.0  # planned headcount before it is scaled to the people asked for
    floor: int = 1  # fewest people (leaders apart) it may be given
    leaders_wanted: int = 0
    party_rate: float = 0.3  # share of party members among its staff
    teamed: float = 0.0  # share of its staff (leaders apart) working in teams
    oversize: bool = False  # planted gap of R10: one branch for more than 50 members
    headcount: int = 0  # people working in it directly, leaders included
    children: list[UnitPlan] = field(default_factory=list)
    staff: list[r.Person] = field(default_factory=list)  # people in no team, leaders apart
    teams: list[TeamPlan] = field(default_factory=list)
    leaders: list[LeaderPlan] = field(default_factory=list)  # current and former
    branches: list[OrgPlan] = field(default_factory=list)  # attached here
    committee: OrgPlan | None = None
    general: OrgPlan | None = None  # general branch attached here
    scope: Scope | None = None  # the committee whose area the unit is in

    def subtree(self) -> list[UnitPlan]:
        """This unit and every unit below it, parents first."""
        found, stack = [], [self]
        while stack:
            unit = stack.pop()
            found.append(unit)
            stack.extend(reversed(unit.children))
        return found


@dataclass(slots=True, eq=False)
class OrgPlan:
    id: str
    name: str
    kind: OrgKind
    unit: UnitPlan
    parent: OrgPlan | None = None
    branch_kind: BranchKind | None = None
    project: ProjectPlan | None = None
    established_on: date | None = None
    dissolved_on: date | None = None
    elected_on: date | None = None
    benchmark_domain_id: str | None = None
    benchmark_category: str | None = None
    loose: list[r.Person] = field(default_factory=list)  # party members in no team of it
    teams: list[TeamPlan] = field(default_factory=list)  # teams whose party members are in it
    leaders: list[LeaderPlan] = field(default_factory=list)  # leaders living branch life here
    officers: list[r.Person] = field(default_factory=list)
    no_secretary: bool = False  # planted gap of R11
    small_committee: bool = False  # planted gap of R11
    overdue: bool = False  # planted gap of R12

    def members(self) -> list[r.Person]:
        """Party members seated in it: leaders, people in no team, then by team."""
        seated = [lp.person for lp in self.leaders if not lp.no_dual_life]
        return seated + self.loose + [p for team in self.teams for p in team.party]

    def formal(self) -> int:
        return sum(1 for p in self.members() if p.party_status is FORMAL)


@dataclass(slots=True, eq=False)
class ProjectPlan:
    id: str
    code: str
    name: str
    unit: UnitPlan
    domain_id: str
    major: bool
    start_on: date
    end_on: date | None
    teams: list[TeamPlan] = field(default_factory=list)
    branch: OrgPlan | None = None


@dataclass(slots=True, eq=False)
class Scope:
    """A party committee and the area its leaders look after with their liaison points."""

    committee: OrgPlan
    unit: UnitPlan
    leaders: list[LeaderPlan] = field(default_factory=list)  # current ones
    former: list[LeaderPlan] = field(default_factory=list)
    pb_targets: list[str] = field(default_factory=list)  # units or general branches
    direct: list[OrgPlan] = field(default_factory=list)  # branches only branch points cover
    spare_units: list[str] = field(default_factory=list)  # covered already: extra points
    spare_branches: list[OrgPlan] = field(default_factory=list)
    ended_branches: list[OrgPlan] = field(default_factory=list)  # dissolved temporary ones


@dataclass(slots=True, eq=False)
class PointPlan:
    """A liaison point being made; its visits are drawn once all points are known."""

    point: r.LiaisonPoint
    counts: bool  # counts on AS_OF: open, its leader a leader, its target existing
    stale: bool = False  # planted gap of R02


class Names:
    """People's and places' names, drawn from small lists and shared between records."""

    def __init__(self, rng: Random) -> None:
        people = []
        for _ in range(20_000):
            given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
            people.append(rng.choice(SURNAMES) + given)
        self.people: tuple[str, ...] = tuple(people)
        self.places: tuple[str, ...] = tuple(a + b for a in PLACE_FIRST for b in PLACE_SECOND)

    def person(self, rng: Random) -> str:
        return self.people[int(rng.random() * len(self.people))]

    def place(self, rng: Random, taken: dict[str, None]) -> str:
        """A place name not in ``taken`` (as long as there are some left), then taken."""
        for _ in range(50):
            name = self.places[int(rng.random() * len(self.places))]
            if name not in taken:
                break
        taken[name] = None
        return name


@dataclass(slots=True, eq=False)
class Draft:
    """Everything made so far, and the random source every step draws from in turn."""

    rng: Random
    people_wanted: int
    names: Names
    units: list[UnitPlan] = field(default_factory=list)
    people: list[r.Person] = field(default_factory=list)
    teams: list[TeamPlan] = field(default_factory=list)
    orgs: list[OrgPlan] = field(default_factory=list)
    scopes: list[Scope] = field(default_factory=list)
    projects: list[ProjectPlan] = field(default_factory=list)
    seats: list[r.Seat] = field(default_factory=list)
    charges: list[r.DomainCharge] = field(default_factory=list)
    groups: list[r.PartyGroup] = field(default_factory=list)
    points: list[PointPlan] = field(default_factory=list)
    visits: list[r.Visit] = field(default_factory=list)
    uncharged_domain: str = ""

    # -- random helpers ------------------------------------------------------------------
    def day(self, first: date, last: date) -> date:
        """A day from ``first`` to ``last``, both included (``first`` if they cross)."""
        a, b = first.toordinal() - _EPOCH_ORDINAL, last.toordinal() - _EPOCH_ORDINAL
        return _DAYS[a + int(self.rng.random() * (b - a + 1))] if b > a else first

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.rng.random() * len(items))]

    def status(self, party_rate: float) -> PartyStatus:
        x = self.rng.random()
        if x >= party_rate:
            return NO_PARTY
        return PROBATIONARY if x >= party_rate * 0.95 else FORMAL

    def plant(self, candidates: Sequence[T], rate: float, population: int | None = None) -> list[T]:
        """The candidates that get a planted gap: ``rate`` of the population (the candidates
        unless given), at least one when there is a candidate, in candidate order."""
        if not candidates:
            return []
        wanted = max(1, round(rate * (len(candidates) if population is None else population)))
        chosen = {id(c) for c in self.rng.sample(list(candidates), min(wanted, len(candidates)))}
        return [c for c in candidates if id(c) in chosen]

    # -- makers --------------------------------------------------------------------------
    def person(self, unit: UnitPlan, team_id: str | None, status: PartyStatus) -> r.Person:
        person = r.Person(
            f"p-{len(self.people) + 1:07d}",
            self.names.person(self.rng),
            status,
            unit.id,
            team_id,
            NO_EXTRA,
        )
        self.people.append(person)
        return person

    def org(self, org: OrgPlan) -> OrgPlan:
        self.orgs.append(org)
        return org

    def seat(
        self, person: r.Person, org: OrgPlan, role: SeatRole, start: date | None, end: date | None
    ) -> None:
        self.seats.append(r.Seat(person.id, org.id, role, start, end, NO_EXTRA))
