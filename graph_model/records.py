"""Typed records of an organisation, one class per table of the import bundle (docs/format.md).

Records are plain frozen values: loaders build them from a validated bundle and backends store
them. ``extra`` keeps columns the contract does not name, as the contract asks. A list of ids
names each id once, in the order given (a cell may repeat one: it means one link), as a change's
lists do (queries.changes.check.normalised), so every store holds and gives back the same.

>>> PartyGroup("pg-1", "Group", "br-1", member_ids=("p-1", "p-2", "p-1")).member_ids
('p-1', 'p-2')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from graph_model.kinds import (
    BranchKind,
    LiaisonKind,
    OrgKind,
    PartyStatus,
    SeatRole,
    UnitKind,
    VisitKind,
)


def _each_once(record: object, name: str) -> None:
    ids: tuple[str, ...] = getattr(record, name)
    if len(set(ids)) != len(ids):  # rare: the common case allocates nothing
        object.__setattr__(record, name, tuple(dict.fromkeys(ids)))


@dataclass(frozen=True, slots=True)
class Domain:
    id: str
    name: str
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    name: str
    kind: UnitKind
    parent_id: str | None = None
    domain_ids: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        _each_once(self, "domain_ids")


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    party_status: PartyStatus
    unit_id: str | None = None
    team_id: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class PartyOrg:
    id: str
    name: str
    kind: OrgKind
    parent_id: str | None = None
    unit_id: str | None = None
    branch_kind: BranchKind | None = None
    project_id: str | None = None
    established_on: date | None = None
    dissolved_on: date | None = None
    elected_on: date | None = None
    benchmark_domain_id: str | None = None
    benchmark_category: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Seat:
    """A row of ``party_roles.csv``: a person's role in a party org over a period."""

    person_id: str
    org_id: str
    role: SeatRole
    start: date | None = None
    end: date | None = None
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class DomainCharge:
    """A row of ``leader_domains.csv``: a leader in charge of a domain over a period."""

    person_id: str
    domain_id: str
    start: date | None = None
    end: date | None = None
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    unit_id: str
    leader_id: str | None = None
    domain_id: str | None = None
    project_id: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class PartyGroup:
    id: str
    name: str
    branch_id: str
    team_id: str | None = None
    leader_id: str | None = None
    member_ids: tuple[str, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        _each_once(self, "member_ids")


@dataclass(frozen=True, slots=True)
class Project:
    id: str
    name: str
    unit_id: str
    domain_id: str | None = None
    major: bool = False
    start_on: date | None = None
    end_on: date | None = None
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class LiaisonPoint:
    id: str
    leader_id: str
    kind: LiaisonKind
    target_id: str
    start: date | None = None
    end: date | None = None
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Visit:
    liaison_point_id: str
    date: date
    kind: VisitKind | None = None
    note: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class Bundle:
    """A whole, validated organisation: what a backend stores."""

    domains: tuple[Domain, ...] = ()
    units: tuple[Unit, ...] = ()
    people: tuple[Person, ...] = ()
    party_orgs: tuple[PartyOrg, ...] = ()
    seats: tuple[Seat, ...] = ()
    domain_charges: tuple[DomainCharge, ...] = ()
    teams: tuple[Team, ...] = ()
    party_groups: tuple[PartyGroup, ...] = ()
    projects: tuple[Project, ...] = ()
    liaison_points: tuple[LiaisonPoint, ...] = ()
    visits: tuple[Visit, ...] = ()

    def counts(self) -> dict[str, int]:
        """Rows per table, for load reports."""
        return {name: len(getattr(self, name)) for name in self.__dataclass_fields__}
