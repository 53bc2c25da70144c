"""Answers to the insight questions: why a branch is uncovered, what changed between two days,
each leader's workload, how complete the data is, and the source's yearly figures.

Like ``graph_model.results`` these are plain frozen values, ordered, comparable across backends.
The few rules that turn stored facts into an answer (why a liaison point does not count, which
points a branch gained or lost) are pure functions here, so both backends share them:

>>> from datetime import date
>>> facts = PointFacts(start=date(2020, 1, 1), end=date(2022, 9, 30))
>>> [r.code.value for r in facts.reasons_on(date(2026, 11, 23))]
['expired', 'leader_not_a_leader']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from graph_model.errors import InvalidRequest
from graph_model.kinds import COVERAGE_ORDER, CoverageKind, LiaisonKind
from graph_model.results import Coverage, EntityRef, Evidence
from graph_model.timeline import exists_on, valid_on

# -- explain a negative --------------------------------------------------------------------------


class UncoveredReasonCode(StrEnum):
    """Why a liaison point does not count on a day (docs/domain.md "Time"), in the order listed."""

    NOT_YET_VALID = "not_yet_valid"  # day: the point's ``from``, its first valid day
    EXPIRED = "expired"  # day: the point's ``to``, its last valid day
    LEADER_NOT_A_LEADER = "leader_not_a_leader"  # no leader seat on an existing committee
    TARGET_NOT_EXISTING = "target_not_existing"  # day: the target's establishment or dissolution


@dataclass(frozen=True, slots=True)
class LeaderPeriod:
    """Days on which one seat made its holder a leader: a secretary, deputy secretary or
    committee-member seat, its period clipped to the committee's lifetime (both ends inclusive,
    an empty end open)."""

    committee: EntityRef
    role: str
    start: date | None
    end: date | None

    def holds_on(self, day: date) -> bool:
        return valid_on(self.start, self.end, day)


def period_order(p: LeaderPeriod) -> tuple[bool, date, str, str, bool, date]:
    """Chronological: open starts first, then by committee, role, end (open ends last)."""
    return (
        p.start is not None,
        p.start or date.min,
        p.committee.id,
        p.role,
        p.end is None,
        p.end or date.min,
    )


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason a liaison point does not count, with the day it turns on.

    ``day`` is the point's first valid day (NOT_YET_VALID), its last valid day (EXPIRED), the
    target's ``establishedOn`` when that is still to come, else its ``dissolvedOn``, its first day
    gone (TARGET_NOT_EXISTING); for LEADER_NOT_A_LEADER the last day the person was a leader
    before the asked day, else the first day after it, else none (never a leader), and
    ``leader_periods`` lists every period in which the person was a leader.
    """

    code: UncoveredReasonCode
    day: date | None
    leader_periods: tuple[LeaderPeriod, ...] = ()


@dataclass(frozen=True, slots=True)
class PointFacts:
    """What decides whether a liaison point counts on a day: its period, its leader's leader
    periods, and its target's lifetime (both ``None`` for a unit, which always exists)."""

    start: date | None = None
    end: date | None = None
    leader_periods: tuple[LeaderPeriod, ...] = ()
    target_established: date | None = None
    target_dissolved: date | None = None

    def reasons_on(self, day: date) -> tuple[Reason, ...]:
        """Every reason the point does not count on ``day``; empty when it counts."""
        found: list[Reason] = []
        if self.start is not None and day < self.start:
            found.append(Reason(UncoveredReasonCode.NOT_YET_VALID, self.start))
        if self.end is not None and self.end < day:
            found.append(Reason(UncoveredReasonCode.EXPIRED, self.end))
        if not any(p.holds_on(day) for p in self.leader_periods):
            found.append(
                Reason(
                    UncoveredReasonCode.LEADER_NOT_A_LEADER,
                    _nearest_leader_day(self.leader_periods, day),
                    self.leader_periods,
                )
            )
        if not exists_on(self.target_established, self.target_dissolved, day):
            came = self.target_established is not None and day < self.target_established
            found.append(
                Reason(
                    UncoveredReasonCode.TARGET_NOT_EXISTING,
                    self.target_established if came else self.target_dissolved,
                )
            )
        return tuple(found)


def _nearest_leader_day(periods: Sequence[LeaderPeriod], day: date) -> date | None:
    """The last day of leadership before ``day``, else the first one after it, else None."""
    before = [p.end for p in periods if p.end is not None and p.end < day]
    if before:
        return max(before)
    after = [p.start for p in periods if p.start is not None and day < p.start]
    return min(after) if after else None


@dataclass(frozen=True, slots=True)
class MissedPoint:
    """A liaison point that reaches the branch through the structure but does not cover it on
    the day, with every reason (none when it counts and only the branch is missing)."""

    liaison_point: EntityRef
    leader: EntityRef
    kind: CoverageKind
    target: EntityRef
    start: date | None
    end: date | None
    reasons: tuple[Reason, ...]
    evidence: Evidence


def missed_order(m: MissedPoint) -> tuple[int, str, str]:
    """As coverage of a branch: by kind, leader, liaison point."""
    return COVERAGE_ORDER[m.kind], m.leader.id, m.liaison_point.id


class NearMissRelation(StrEnum):
    """Where a near miss sits relative to the branch; none of these reach it."""

    SIBLING_UNIT = "sibling_unit"  # a unit under the same parent unit as the branch's unit
    UNIT_BELOW = "unit_below"  # a unit below the branch's unit
    SIBLING_ORG = "sibling_org"  # a party org reporting to the branch's parent org


@dataclass(frozen=True, slots=True)
class NearMiss:
    """A liaison point next to the branch, outside its chain: it cannot cover the branch."""

    liaison_point: EntityRef
    leader: EntityRef
    kind: LiaisonKind
    target: EntityRef
    relation: NearMissRelation
    counts: bool  # whether the point counts on the day, at its own target


@dataclass(frozen=True, slots=True)
class UncoveredExplanation:
    """Why a branch has (or has no) liaison coverage on a day.

    ``covered`` is true when the branch exists and some liaison point covers it (``coverage``,
    as ``branch_coverage`` answers). ``candidates`` are the points that reach the branch as
    coverage does (a branch point at it; a party-building point at its unit or a unit above,
    or at the branch or a party org above) but do not cover it that day, by kind, leader,
    point. ``near_misses`` are the points at its neighbours (``NearMissRelation``), by id.
    """

    branch: EntityRef
    as_of: date
    exists: bool
    established_on: date | None
    dissolved_on: date | None
    covered: bool
    coverage: tuple[Coverage, ...]
    candidates: tuple[MissedPoint, ...]
    near_misses: tuple[NearMiss, ...]


# -- what changed --------------------------------------------------------------------------------


class CoverageChangeKind(StrEnum):
    GAINED = "gained"  # uncovered on the first day, covered on the second
    LOST = "lost"  # covered on the first day, uncovered on the second
    CHANGED = "changed"  # covered on both days, by different points


@dataclass(frozen=True, slots=True, order=True)
class CoveringPoint:
    """A leader covering a branch through a liaison point, in one way."""

    leader: EntityRef
    liaison_point: EntityRef
    kind: CoverageKind


def covering_order(c: CoveringPoint) -> tuple[int, str, str]:
    return COVERAGE_ORDER[c.kind], c.leader.id, c.liaison_point.id


@dataclass(frozen=True, slots=True)
class BranchCoverageChange:
    """A branch whose covering points differ between two days."""

    branch: EntityRef
    change: CoverageChangeKind
    added: tuple[CoveringPoint, ...]  # covering on the second day only
    removed: tuple[CoveringPoint, ...]  # covering on the first day only
    exists_on_from: bool
    exists_on_to: bool

    @classmethod
    def between(
        cls,
        branch: EntityRef,
        before: Sequence[CoveringPoint],
        after: Sequence[CoveringPoint],
        exists_on_from: bool,
        exists_on_to: bool,
    ) -> BranchCoverageChange | None:
        """The change from ``before`` to ``after`` (each ordered by kind, leader, point), or
        None when the two are the same."""
        added = tuple(c for c in after if c not in before)
        removed = tuple(c for c in before if c not in after)
        if not added and not removed:
            return None
        if not before:
            change = CoverageChangeKind.GAINED
        elif not after:
            change = CoverageChangeKind.LOST
        else:
            change = CoverageChangeKind.CHANGED
        return cls(branch, change, added, removed, exists_on_from, exists_on_to)


# -- workload and completeness -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LeaderSeat:
    committee: EntityRef
    role: str


@dataclass(frozen=True, slots=True)
class LeaderWorkload:
    """One leader's load on a day: the points that count, the branches they cover, visits."""

    leader: EntityRef
    seats: tuple[LeaderSeat, ...]  # the leader seats held that day, by committee, role
    party_building_points: int
    branch_points: int
    branches_covered: int  # distinct branches covered that day
    visits: int  # visits dated within the period asked
    last_visit: date | None  # the latest visit on or before the day


@dataclass(frozen=True, slots=True)
class CompletenessGap:
    """How many entities were checked for one thing, and those that lack it, by id."""

    checked: int
    missing: tuple[EntityRef, ...]


@dataclass(frozen=True, slots=True)
class DataCompleteness:
    branches_without_secretary: CompletenessGap
    teams_without_leader: CompletenessGap
    people_without_unit: CompletenessGap


# -- the source's figures ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NamedCount:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class EntityCount:
    entity: EntityRef
    count: int


@dataclass(frozen=True, slots=True)
class YearFigures:
    """A committee's figures for a year, as the source article reports them."""

    committee: EntityRef
    year: int
    liaison_points: tuple[EntityRef, ...]  # set up that year by its leadership team, by id
    party_building_points: int
    branch_points: int
    visits: int  # visits that year to those points
    benchmark_branches: tuple[EntityRef, ...]  # below the committee, existing on the day, by id
    benchmark_categories: tuple[NamedCount, ...]  # by name
    benchmark_domains: tuple[EntityCount, ...]  # by domain id


def year_bounds(year: int) -> tuple[date, date]:
    """The first and last day of ``year``.

    >>> year_bounds(2020)
    (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    """
    if not date.min.year <= year <= date.max.year:
        raise InvalidRequest(f"year {year} is out of range")
    return date(year, 1, 1), date(year, 12, 31)


def check_period(start: date, end: date) -> None:
    """Refuse a period that ends before it starts."""
    if end < start:
        raise InvalidRequest(f"the period ends ({end}) before it starts ({start})")
