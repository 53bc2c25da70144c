"""GraphQL types of the insight questions: ``graph_model.insights`` as the API shows them."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from api.schema.context import Context
from api.schema.texts import reason_message
from api.schema.types import Coverage, CoverageKind, Entity, Evidence, describe_enum
from graph_model import insights

UncoveredReasonCode = insights.UncoveredReasonCode
describe_enum(
    UncoveredReasonCode,
    "Why a liaison point does not count on the day asked.",
    NOT_YET_VALID="The point starts later; day: its first valid day.",
    EXPIRED="The point has ended; day: its last valid day.",
    LEADER_NOT_A_LEADER="Its leader holds no secretary, deputy secretary or committee-member "
    "seat on an existing committee that day; day: the last day as a leader before, else the "
    "first after.",
    TARGET_NOT_EXISTING="The party org it is at does not exist that day; day: the org's "
    "establishment when still to come, else its dissolution (its first day gone).",
)
NearMissRelation = insights.NearMissRelation
describe_enum(
    NearMissRelation,
    "Where a near miss sits relative to the branch.",
    SIBLING_UNIT="At a unit under the same parent unit as the branch's unit.",
    UNIT_BELOW="At a unit below the branch's unit.",
    SIBLING_ORG="At a party org reporting to the same party org as the branch.",
)
CoverageChangeKind = insights.CoverageChangeKind
describe_enum(
    CoverageChangeKind,
    "How a branch's coverage changed between two days.",
    GAINED="Uncovered on the first day, covered on the second.",
    LOST="Covered on the first day, uncovered on the second.",
    CHANGED="Covered on both days, by different liaison points.",
)


@strawberry.type(description="Days on which one seat made a person a leader.")
class LeaderPeriod:
    committee: Entity = strawberry.field(description="The committee of the seat.")
    role: str = strawberry.field(description="secretary, deputy_secretary or committee_member.")
    start: date | None = strawberry.field(
        name="from", description="First day (the later of the seat's start and the committee's)."
    )
    end: date | None = strawberry.field(
        name="to", description="Last day (the earlier of the seat's end and the committee's)."
    )


@strawberry.type(description="One reason a liaison point does not count, with its day.")
class UncoveredReason:
    code: UncoveredReasonCode = strawberry.field(description="What fails.")
    day: date | None = strawberry.field(description="The day it turns on (see the code).")
    leader_periods: list[LeaderPeriod] = strawberry.field(
        description="For LEADER_NOT_A_LEADER: every period the person was a leader."
    )

    @strawberry.field(
        description="What fails and its day, in words, in the caller's language (Chinese unless "
        "Accept-Language prefers English)."
    )
    def message(self, info: Info[Context, None]) -> str:
        return reason_message(self.code, self.day, info.context.lang)

    @classmethod
    def of(cls, r: insights.Reason) -> UncoveredReason:
        return cls(
            code=r.code,
            day=r.day,
            leader_periods=[
                LeaderPeriod(
                    committee=Entity.of(p.committee), role=p.role, start=p.start, end=p.end
                )
                for p in r.leader_periods
            ],
        )


@strawberry.type(description="A liaison point that would cover the branch, and why it does not.")
class MissedLiaisonPoint:
    liaison_point: Entity = strawberry.field(description="The liaison point.")
    leader: Entity = strawberry.field(description="The leader who set it up.")
    kind: CoverageKind = strawberry.field(description="How it would cover the branch.")
    target: Entity = strawberry.field(description="The unit or party org it is at.")
    start: date | None = strawberry.field(name="from", description="Its first valid day.")
    end: date | None = strawberry.field(name="to", description="Its last valid day.")
    reasons: list[UncoveredReason] = strawberry.field(
        description="Why it does not count; empty when only the branch itself is missing."
    )
    evidence: Evidence = strawberry.field(description="From the leader to the branch.")

    @classmethod
    def of(cls, m: insights.MissedPoint) -> MissedLiaisonPoint:
        return cls(
            liaison_point=Entity.of(m.liaison_point),
            leader=Entity.of(m.leader),
            kind=m.kind,
            target=Entity.of(m.target),
            start=m.start,
            end=m.end,
            reasons=[UncoveredReason.of(r) for r in m.reasons],
            evidence=Evidence.of(m.evidence),
        )


@strawberry.type(description="A liaison point next to the branch, outside its chain.")
class NearMiss:
    liaison_point: Entity = strawberry.field(description="The liaison point.")
    leader: Entity = strawberry.field(description="The leader who set it up.")
    kind: str = strawberry.field(description="party_building or branch.")
    target: Entity = strawberry.field(description="The unit or party org it is at.")
    relation: NearMissRelation = strawberry.field(description="Where it is, seen from the branch.")
    counts: bool = strawberry.field(description="Whether it counts that day at its own target.")

    @classmethod
    def of(cls, n: insights.NearMiss) -> NearMiss:
        return cls(
            liaison_point=Entity.of(n.liaison_point),
            leader=Entity.of(n.leader),
            kind=n.kind.value,
            target=Entity.of(n.target),
            relation=n.relation,
            counts=n.counts,
        )


@strawberry.type(description="Why a branch has, or has no, liaison coverage on a day.")
class UncoveredExplanation:
    branch: Entity = strawberry.field(description="The branch.")
    as_of: date = strawberry.field(description="The day explained.")
    exists: bool = strawberry.field(description="Whether the branch exists that day.")
    established_on: date | None = strawberry.field(description="When it was set up, if known.")
    dissolved_on: date | None = strawberry.field(description="Its first day gone, if dissolved.")
    covered: bool = strawberry.field(description="Whether any liaison point covers it that day.")
    coverage: list[Coverage] = strawberry.field(description="The coverage, as branchCoverage.")
    candidates: list[MissedLiaisonPoint] = strawberry.field(
        description="Points reaching the branch as coverage does that do not cover it that day, "
        "by kind, leader, point."
    )
    near_misses: list[NearMiss] = strawberry.field(
        description="Points at the branch's neighbours, which cannot cover it, by point id."
    )

    @classmethod
    def of(cls, e: insights.UncoveredExplanation) -> UncoveredExplanation:
        return cls(
            branch=Entity.of(e.branch),
            as_of=e.as_of,
            exists=e.exists,
            established_on=e.established_on,
            dissolved_on=e.dissolved_on,
            covered=e.covered,
            coverage=[Coverage.of(c) for c in e.coverage],
            candidates=[MissedLiaisonPoint.of(m) for m in e.candidates],
            near_misses=[NearMiss.of(n) for n in e.near_misses],
        )


@strawberry.type(description="A leader covering a branch through one liaison point.")
class CoveringPoint:
    leader: Entity = strawberry.field(description="The covering leader.")
    liaison_point: Entity = strawberry.field(description="The liaison point.")
    kind: CoverageKind = strawberry.field(description="How it covers.")

    @classmethod
    def of(cls, c: insights.CoveringPoint) -> CoveringPoint:
        return cls(
            leader=Entity.of(c.leader), liaison_point=Entity.of(c.liaison_point), kind=c.kind
        )


@strawberry.type(description="A branch whose covering points differ between two days.")
class BranchCoverageChange:
    branch: Entity = strawberry.field(description="The branch.")
    change: CoverageChangeKind = strawberry.field(description="Gained, lost or changed.")
    added: list[CoveringPoint] = strawberry.field(
        description="Covering on the second day only, by kind, leader, point."
    )
    removed: list[CoveringPoint] = strawberry.field(
        description="Covering on the first day only, by kind, leader, point."
    )
    exists_on_from: bool = strawberry.field(description="Whether it exists on the first day.")
    exists_on_to: bool = strawberry.field(description="Whether it exists on the second day.")

    @classmethod
    def of(cls, c: insights.BranchCoverageChange) -> BranchCoverageChange:
        return cls(
            branch=Entity.of(c.branch),
            change=c.change,
            added=[CoveringPoint.of(p) for p in c.added],
            removed=[CoveringPoint.of(p) for p in c.removed],
            exists_on_from=c.exists_on_from,
            exists_on_to=c.exists_on_to,
        )


@strawberry.type(description="A seat that makes its holder a leader.")
class LeaderSeat:
    committee: Entity = strawberry.field(description="The committee.")
    role: str = strawberry.field(description="secretary, deputy_secretary or committee_member.")


@strawberry.type(description="One leader's liaison work on a day.")
class LeaderWorkload:
    leader: Entity = strawberry.field(description="The leader.")
    seats: list[LeaderSeat] = strawberry.field(
        description="The leader seats held that day, by committee and role."
    )
    party_building_points: int = strawberry.field(
        description="Party-building liaison points that count that day."
    )
    branch_points: int = strawberry.field(description="Branch liaison points that count that day.")
    branches_covered: int = strawberry.field(description="Distinct branches covered that day.")
    visits: int = strawberry.field(description="Visits dated within the period asked.")
    last_visit: date | None = strawberry.field(
        description="The latest visit on or before the day, to any of the leader's points."
    )

    @classmethod
    def of(cls, w: insights.LeaderWorkload) -> LeaderWorkload:
        return cls(
            leader=Entity.of(w.leader),
            seats=[LeaderSeat(committee=Entity.of(s.committee), role=s.role) for s in w.seats],
            party_building_points=w.party_building_points,
            branch_points=w.branch_points,
            branches_covered=w.branches_covered,
            visits=w.visits,
            last_visit=w.last_visit,
        )


@strawberry.type(description="How many entities were checked for one thing, and which lack it.")
class CompletenessGap:
    checked: int = strawberry.field(description="Entities checked.")
    count: int = strawberry.field(description="Entities lacking it.")
    missing: list[Entity] = strawberry.field(description="Entities lacking it, by id.")

    @classmethod
    def of(cls, g: insights.CompletenessGap) -> CompletenessGap:
        return cls(
            checked=g.checked, count=len(g.missing), missing=[Entity.of(e) for e in g.missing]
        )


@strawberry.type(description="Completeness of the data itself, as counts and lists.")
class DataCompleteness:
    branches_without_secretary: CompletenessGap = strawberry.field(
        description="Branches existing that day with no secretary recorded that day."
    )
    teams_without_leader: CompletenessGap = strawberry.field(
        description="Teams with no team leader recorded."
    )
    people_without_unit: CompletenessGap = strawberry.field(
        description="People with no unit recorded; within a unit, those known there by their "
        "team or by a seat held that day."
    )

    @classmethod
    def of(cls, d: insights.DataCompleteness) -> DataCompleteness:
        return cls(
            branches_without_secretary=CompletenessGap.of(d.branches_without_secretary),
            teams_without_leader=CompletenessGap.of(d.teams_without_leader),
            people_without_unit=CompletenessGap.of(d.people_without_unit),
        )


@strawberry.type(description="A name and how many entities carry it.")
class NamedCount:
    name: str = strawberry.field(description="The name.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="An entity and how many entities refer to it.")
class EntityCount:
    entity: Entity = strawberry.field(description="The entity.")
    count: int = strawberry.field(description="How many.")


@strawberry.type(description="A committee's figures for a year, as the source article reports.")
class YearFigures:
    committee: Entity = strawberry.field(description="The committee.")
    year: int = strawberry.field(description="The year.")
    liaison_points: list[Entity] = strawberry.field(
        description="Liaison points set up that year by leaders seated on the committee the "
        "day each started, by id."
    )
    party_building_points: int = strawberry.field(description="Of those, party-building points.")
    branch_points: int = strawberry.field(description="Of those, branch liaison points.")
    visits: int = strawberry.field(description="Visits that year to those points.")
    benchmark_branches: list[Entity] = strawberry.field(
        description="Benchmark branches below the committee existing on the day asked, by id."
    )
    benchmark_categories: list[NamedCount] = strawberry.field(
        description="Their categories with how many branches each, by name."
    )
    benchmark_domains: list[EntityCount] = strawberry.field(
        description="Their domains with how many branches each, by id."
    )

    @classmethod
    def of(cls, f: insights.YearFigures) -> YearFigures:
        return cls(
            committee=Entity.of(f.committee),
            year=f.year,
            liaison_points=[Entity.of(p) for p in f.liaison_points],
            party_building_points=f.party_building_points,
            branch_points=f.branch_points,
            visits=f.visits,
            benchmark_branches=[Entity.of(b) for b in f.benchmark_branches],
            benchmark_categories=[
                NamedCount(name=c.name, count=c.count) for c in f.benchmark_categories
            ],
            benchmark_domains=[
                EntityCount(entity=Entity.of(d.entity), count=d.count) for d in f.benchmark_domains
            ],
        )
