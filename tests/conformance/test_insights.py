"""The insight questions (graph_model.insights), one small graph per rule, on every backend.

Expected answers are written out by hand from the definitions: why a branch is uncovered (each
reason with its day), what changed between two days, each leader's workload, the completeness
of the data, and a committee's figures for a year.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date

import pytest

from graph_model.errors import InvalidRequest, NotFound
from graph_model.insights import (
    BranchCoverageChange,
    CompletenessGap,
    CoverageChangeKind,
    CoveringPoint,
    DataCompleteness,
    EntityCount,
    LeaderPeriod,
    LeaderSeat,
    LeaderWorkload,
    MissedPoint,
    NamedCount,
    NearMiss,
    NearMissRelation,
    Reason,
    UncoveredReasonCode,
    YearFigures,
)
from graph_model.kinds import CoverageKind, LiaisonKind, RelType
from graph_model.protocol import Backend
from graph_model.records import Bundle
from graph_model.results import Evidence, PathRel
from tests.conformance.builders import Org

Load = Callable[[Bundle], Backend]

DAY = date(2024, 6, 15)
EVE = date(2024, 6, 14)


def company() -> Org:
    """u-hq with its committee po-hq, on which Li sits: Li is a leader; u-ops below u-hq with
    the branch br-ops."""
    return (
        Org()
        .unit("u-hq", kind="company")
        .committee("po-hq", unit="u-hq")
        .seat("p-li", "po-hq", "committee_member")
        .unit("u-ops", parent="u-hq")
        .branch("br-ops", "u-ops", "po-hq")
    )


def evidence(org: Org, nodes: list[str], rels: list[tuple[str, str, str]]) -> Evidence:
    return Evidence(
        tuple(org.ref(n) for n in nodes),
        tuple(PathRel(RelType(t), start, end) for t, start, end in rels),
    )


DIRECT_LI = [("ESTABLISHED", "p-li", "lp-1"), ("AT", "lp-1", "br-ops")]


def missed_direct(org: Org, start: date | None, end: date | None, *reasons: Reason) -> MissedPoint:
    """Li's branch point lp-1 at br-ops, not covering it for ``reasons``."""
    return MissedPoint(
        liaison_point=org.ref("lp-1"),
        leader=org.ref("p-li"),
        kind=CoverageKind.DIRECT,
        target=org.ref("br-ops"),
        start=start,
        end=end,
        reasons=reasons,
        evidence=evidence(org, ["p-li", "lp-1", "br-ops"], DIRECT_LI),
    )


# -- explain a negative --------------------------------------------------------------------------
def test_a_covered_branch_is_explained_as_covered_with_its_coverage(load: Load) -> None:
    org = company().lp("lp-1", "p-li", "branch", "br-ops")
    backend = load(org.bundle())
    answer = backend.explain_uncovered("br-ops", DAY)
    assert answer.covered
    assert answer.exists
    assert answer.coverage == backend.branch_coverage("br-ops", DAY)
    assert answer.candidates == ()
    assert answer.near_misses == ()
    assert (answer.branch, answer.as_of) == (org.ref("br-ops"), DAY)


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        pytest.param(
            None, EVE, Reason(UncoveredReasonCode.EXPIRED, EVE), id="expired the day before"
        ),
        pytest.param(
            date(2024, 6, 16),
            None,
            Reason(UncoveredReasonCode.NOT_YET_VALID, date(2024, 6, 16)),
            id="valid from the day after",
        ),
    ],
)
def test_a_point_out_of_its_period_is_named_with_the_day_it_turns_on(
    load: Load, start: date | None, end: date | None, reason: Reason
) -> None:
    org = company().lp("lp-1", "p-li", "branch", "br-ops", start=start, end=end)
    answer = load(org.bundle()).explain_uncovered("br-ops", DAY)
    assert not answer.covered
    assert answer.coverage == ()
    assert answer.candidates == (missed_direct(org, start, end, reason),)


def test_a_leader_whose_seat_ended_is_named_with_the_last_day_and_the_periods(load: Load) -> None:
    org = (
        Org()
        .unit("u-hq", kind="company")
        .committee("po-hq", unit="u-hq", established=date(2021, 1, 1))
        .seat("p-li", "po-hq", "committee_member", start=date(2020, 1, 1), end=date(2023, 12, 31))
        .seat("p-li", "po-hq", "member")  # an ordinary seat never makes a leader
        .unit("u-ops", parent="u-hq")
        .branch("br-ops", "u-ops", "po-hq")
        .seat("p-li", "br-ops", "secretary")  # nor does a branch seat
        .lp("lp-1", "p-li", "branch", "br-ops")
    )
    answer = load(org.bundle()).explain_uncovered("br-ops", DAY)
    # The seat began before the committee did: the period starts with the committee.
    period = LeaderPeriod(
        org.ref("po-hq"), "committee_member", date(2021, 1, 1), date(2023, 12, 31)
    )
    reason = Reason(UncoveredReasonCode.LEADER_NOT_A_LEADER, date(2023, 12, 31), (period,))
    assert answer.candidates == (missed_direct(org, None, None, reason),)


def test_a_dissolved_committee_ends_its_seats_the_day_before_its_dissolution(load: Load) -> None:
    org = (
        Org()
        .unit("u-hq", kind="company")
        .committee("po-old", unit="u-hq", dissolved=date(2024, 3, 1))
        .committee("po-new", unit="u-hq", established=date(2024, 9, 1))
        .seat("p-li", "po-old", "secretary")
        .seat("p-li", "po-new", "deputy_secretary")
        .unit("u-ops", parent="u-hq")
        .branch("br-ops", "u-ops", "po-old")
        .lp("lp-1", "p-li", "branch", "br-ops")
    )
    answer = load(org.bundle()).explain_uncovered("br-ops", DAY)
    periods = (
        LeaderPeriod(org.ref("po-old"), "secretary", None, date(2024, 2, 29)),
        LeaderPeriod(org.ref("po-new"), "deputy_secretary", date(2024, 9, 1), None),
    )
    reason = Reason(UncoveredReasonCode.LEADER_NOT_A_LEADER, date(2024, 2, 29), periods)
    assert answer.candidates == (missed_direct(org, None, None, reason),)


@pytest.mark.parametrize(
    ("seats", "day", "periods"),
    [
        pytest.param([], None, (), id="never a leader"),
        pytest.param(
            [date(2024, 9, 1)],
            date(2024, 9, 1),
            ((date(2024, 9, 1), None),),
            id="a leader only later: the first day",
        ),
    ],
)
def test_a_leader_not_yet_or_never_a_leader_is_named(
    load: Load,
    seats: list[date],
    day: date | None,
    periods: tuple[tuple[date | None, date | None], ...],
) -> None:
    org = (
        Org()
        .unit("u-hq", kind="company")
        .committee("po-hq", unit="u-hq")
        .unit("u-ops", parent="u-hq")
        .branch("br-ops", "u-ops", "po-hq")
        .lp("lp-1", "p-li", "branch", "br-ops")
    )
    for start in seats:
        org.seat("p-li", "po-hq", "committee_member", start=start)
    answer = load(org.bundle()).explain_uncovered("br-ops", DAY)
    expected_periods = tuple(
        LeaderPeriod(org.ref("po-hq"), "committee_member", s, e) for s, e in periods
    )
    reason = Reason(UncoveredReasonCode.LEADER_NOT_A_LEADER, day, expected_periods)
    assert answer.candidates == (missed_direct(org, None, None, reason),)


@pytest.mark.parametrize(
    ("established", "dissolved", "day"),
    [
        pytest.param(None, date(2024, 6, 1), date(2024, 6, 1), id="dissolved: its first day gone"),
        pytest.param(date(2024, 7, 1), None, date(2024, 7, 1), id="not yet established"),
    ],
)
def test_a_point_at_a_party_org_that_does_not_exist_is_named_with_the_org_day(
    load: Load, established: date | None, dissolved: date | None, day: date
) -> None:
    org = (
        company()
        .general_branch(
            "gb-ops", "u-ops", parent="po-hq", established=established, dissolved=dissolved
        )
        .branch("br-st", "u-ops", "gb-ops")
        .lp("lp-1", "p-li", "party_building", "gb-ops")
    )
    answer = load(org.bundle()).explain_uncovered("br-st", DAY)
    assert answer.candidates == (
        MissedPoint(
            liaison_point=org.ref("lp-1"),
            leader=org.ref("p-li"),
            kind=CoverageKind.VIA_PARTY_ORG,
            target=org.ref("gb-ops"),
            start=None,
            end=None,
            reasons=(Reason(UncoveredReasonCode.TARGET_NOT_EXISTING, day),),
            evidence=evidence(
                org,
                ["p-li", "lp-1", "gb-ops", "br-st"],
                [
                    ("ESTABLISHED", "p-li", "lp-1"),
                    ("AT", "lp-1", "gb-ops"),
                    ("REPORTS_TO", "br-st", "gb-ops"),
                ],
            ),
        ),
    )


def test_every_failing_condition_is_a_reason_in_order(load: Load) -> None:
    org = (
        Org()
        .unit("u-hq", kind="company")
        .committee("po-hq", unit="u-hq")
        .unit("u-ops", parent="u-hq")
        .branch("br-ops", "u-ops", "po-hq")
        .lp("lp-1", "p-li", "branch", "br-ops", start=date(2020, 1, 1), end=date(2022, 9, 30))
    )
    answer = load(org.bundle()).explain_uncovered("br-ops", DAY)
    assert [(r.code, r.day) for r in answer.candidates[0].reasons] == [
        (UncoveredReasonCode.EXPIRED, date(2022, 9, 30)),
        (UncoveredReasonCode.LEADER_NOT_A_LEADER, None),
    ]


def test_candidates_come_by_kind_leader_point_and_counting_ones_are_coverage(load: Load) -> None:
    org = (
        company()
        .seat("p-an", "po-hq", "secretary")
        .lp("lp-4", "p-li", "party_building", "po-hq", end=EVE)
        .lp("lp-3", "p-li", "party_building", "u-hq", end=EVE)
        .lp("lp-2", "p-li", "branch", "br-ops", end=EVE)
        .lp("lp-1", "p-an", "branch", "br-ops", end=EVE)
        .lp("lp-0", "p-an", "party_building", "u-ops")  # counts
    )
    answer = load(org.bundle()).explain_uncovered("br-ops", DAY)
    assert answer.covered
    assert [(c.liaison_point.id, c.kind) for c in answer.coverage] == [
        ("lp-0", CoverageKind.VIA_UNIT)
    ]
    assert [(m.liaison_point.id, m.kind, m.target.id) for m in answer.candidates] == [
        ("lp-1", CoverageKind.DIRECT, "br-ops"),
        ("lp-2", CoverageKind.DIRECT, "br-ops"),
        ("lp-3", CoverageKind.VIA_UNIT, "u-hq"),
        ("lp-4", CoverageKind.VIA_PARTY_ORG, "po-hq"),
    ]
    assert answer.candidates[2].evidence == evidence(
        org,
        ["p-li", "lp-3", "u-hq", "u-ops", "br-ops"],
        [
            ("ESTABLISHED", "p-li", "lp-3"),
            ("AT", "lp-3", "u-hq"),
            ("PART_OF", "u-ops", "u-hq"),
            ("ATTACHED_TO", "br-ops", "u-ops"),
        ],
    )


def test_a_branch_that_does_not_exist_lists_points_that_would_count_without_reasons(
    load: Load,
) -> None:
    org = (
        Org()
        .unit("u-hq", kind="company")
        .committee("po-hq", unit="u-hq")
        .seat("p-li", "po-hq", "committee_member")
        .unit("u-ops", parent="u-hq")
        .branch("br-ops", "u-ops", "po-hq", established=date(2024, 7, 1))
        .lp("lp-1", "p-li", "branch", "br-ops")
        .lp("lp-2", "p-li", "party_building", "u-ops")
    )
    answer = load(org.bundle()).explain_uncovered("br-ops", DAY)
    assert (answer.exists, answer.established_on, answer.dissolved_on) == (
        False,
        date(2024, 7, 1),
        None,
    )
    assert not answer.covered
    assert [(m.liaison_point.id, m.reasons) for m in answer.candidates] == [
        ("lp-1", (Reason(UncoveredReasonCode.TARGET_NOT_EXISTING, date(2024, 7, 1)),)),
        ("lp-2", ()),
    ]


def test_points_next_to_the_branch_are_near_misses(load: Load) -> None:
    org = (
        company()
        .seat("p-an", "po-hq", "secretary", end=EVE)
        .unit("u-west", parent="u-hq")
        .unit("u-ops-1", parent="u-ops")
        .unit("u-ops-1-a", parent="u-ops-1")
        .branch("br-west", "u-west", "po-hq")
        .lp("lp-1", "p-li", "party_building", "u-west")
        .lp("lp-2", "p-an", "party_building", "u-ops-1-a")
        .lp("lp-3", "p-li", "branch", "br-west")
        .lp("lp-4", "p-li", "party_building", "u-hq", end=EVE)  # reaches: a candidate
    )
    answer = load(org.bundle()).explain_uncovered("br-ops", DAY)
    assert [m.liaison_point.id for m in answer.candidates] == ["lp-4"]
    assert answer.near_misses == (
        NearMiss(
            org.ref("lp-1"),
            org.ref("p-li"),
            LiaisonKind.PARTY_BUILDING,
            org.ref("u-west"),
            NearMissRelation.SIBLING_UNIT,
            True,
        ),
        NearMiss(
            org.ref("lp-2"),
            org.ref("p-an"),
            LiaisonKind.PARTY_BUILDING,
            org.ref("u-ops-1-a"),
            NearMissRelation.UNIT_BELOW,
            False,
        ),
        NearMiss(
            org.ref("lp-3"),
            org.ref("p-li"),
            LiaisonKind.BRANCH,
            org.ref("br-west"),
            NearMissRelation.SIBLING_ORG,
            True,
        ),
    )


@pytest.mark.parametrize("wrong", ["nobody", "po-hq", "u-ops"])
def test_explaining_what_is_not_a_branch_is_not_found(load: Load, wrong: str) -> None:
    backend = load(company().bundle())
    with pytest.raises(NotFound):
        backend.explain_uncovered(wrong, DAY)


# -- what changed --------------------------------------------------------------------------------
FIRST = date(2024, 2, 1)


def changing() -> Org:
    """Under u-hq: u-a with br-a (lost), br-b (gained), br-c (changed), br-d (unchanged);
    u-e with br-e (set up between the two days, gained); Wang's seat ends between the days."""
    return (
        company()
        .seat("p-wang", "po-hq", "committee_member", end=date(2024, 4, 30))
        .unit("u-a", parent="u-hq")
        .unit("u-e", parent="u-hq")
        .branch("br-a", "u-a", "po-hq")
        .branch("br-b", "u-a", "po-hq")
        .branch("br-c", "u-a", "po-hq")
        .branch("br-d", "u-a", "po-hq")
        .branch("br-e", "u-e", "po-hq", established=date(2024, 4, 1))
        .lp("lp-a", "p-li", "branch", "br-a", end=date(2024, 3, 31))
        .lp("lp-b", "p-li", "branch", "br-b", start=date(2024, 5, 1))
        .lp("lp-c1", "p-li", "branch", "br-c")
        .lp("lp-c2", "p-li", "party_building", "br-c", start=date(2024, 5, 1))
        .lp("lp-c3", "p-wang", "branch", "br-c")
        .lp("lp-d", "p-li", "branch", "br-d")
        .lp("lp-e", "p-li", "party_building", "u-e")
    )


def point(org: Org, leader: str, lp: str, kind: CoverageKind) -> CoveringPoint:
    return CoveringPoint(org.ref(leader), org.ref(lp), kind)


def test_a_diff_reports_branches_that_gained_lost_or_changed_coverage(load: Load) -> None:
    org = changing()
    backend = load(org.bundle())
    direct, via_org, via_unit = (
        CoverageKind.DIRECT,
        CoverageKind.VIA_PARTY_ORG,
        CoverageKind.VIA_UNIT,
    )
    assert backend.coverage_diff(FIRST, DAY) == (
        BranchCoverageChange(
            org.ref("br-a"),
            CoverageChangeKind.LOST,
            (),
            (point(org, "p-li", "lp-a", direct),),
            True,
            True,
        ),
        BranchCoverageChange(
            org.ref("br-b"),
            CoverageChangeKind.GAINED,
            (point(org, "p-li", "lp-b", direct),),
            (),
            True,
            True,
        ),
        BranchCoverageChange(
            org.ref("br-c"),
            CoverageChangeKind.CHANGED,
            (point(org, "p-li", "lp-c2", via_org),),
            (point(org, "p-wang", "lp-c3", direct),),
            True,
            True,
        ),
        BranchCoverageChange(
            org.ref("br-e"),
            CoverageChangeKind.GAINED,
            (point(org, "p-li", "lp-e", via_unit),),
            (),
            False,
            True,
        ),
    )


def test_a_diff_read_backwards_swaps_gains_and_losses(load: Load) -> None:
    backend = load(changing().bundle())
    assert [(c.branch.id, c.change) for c in backend.coverage_diff(DAY, FIRST)] == [
        ("br-a", CoverageChangeKind.GAINED),
        ("br-b", CoverageChangeKind.LOST),
        ("br-c", CoverageChangeKind.CHANGED),
        ("br-e", CoverageChangeKind.LOST),
    ]


def test_a_diff_within_a_unit_and_between_a_day_and_itself(load: Load) -> None:
    backend = load(changing().bundle())
    assert [c.branch.id for c in backend.coverage_diff(FIRST, DAY, "u-e")] == ["br-e"]
    assert backend.coverage_diff(FIRST, DAY, "u-ops") == ()
    assert backend.coverage_diff(DAY, DAY) == ()
    with pytest.raises(NotFound):
        backend.coverage_diff(FIRST, DAY, "br-a")


# -- workload ------------------------------------------------------------------------------------
def leaders() -> Org:
    """Li on the company committee; Zhang secretary of the bureau committee po-b1 and a member
    of the company's; Old left in 2023. Li's points: one at the bureau unit (covering br-b1-jg
    and br-b1-s), one at br-b1-s, one expired."""
    return (
        company()
        .seat("p-old", "po-hq", "committee_member", end=date(2023, 12, 31))
        .unit("u-b1", parent="u-hq", kind="bureau")
        .unit("u-b1-s", parent="u-b1")
        .committee("po-b1", unit="u-b1", parent="po-hq")
        .seat("p-zhang", "po-b1", "secretary")
        .seat("p-zhang", "po-hq", "committee_member")
        .branch("br-b1-jg", "u-b1", "po-b1", kind="organ")
        .branch("br-b1-s", "u-b1-s", "po-b1")
        .lp("lp-1", "p-li", "party_building", "u-b1")
        .lp("lp-2", "p-li", "branch", "br-b1-s")
        .lp("lp-3", "p-li", "branch", "br-ops", end=date(2023, 12, 31))
        .lp("lp-9", "p-old", "branch", "br-ops")
        .visit("lp-1", date(2024, 1, 10))
        .visit("lp-1", date(2024, 5, 1))
        .visit("lp-3", date(2023, 12, 1))
        .visit("lp-2", date(2024, 7, 1))
        .visit("lp-9", date(2024, 2, 1))
    )


def test_each_leader_has_points_by_kind_branches_covered_and_visits(load: Load) -> None:
    org = leaders()
    backend = load(org.bundle())
    assert backend.leader_workload(DAY, date(2024, 1, 1), DAY) == (
        LeaderWorkload(
            leader=org.ref("p-li"),
            seats=(LeaderSeat(org.ref("po-hq"), "committee_member"),),
            party_building_points=1,
            branch_points=1,
            branches_covered=2,
            visits=2,
            last_visit=date(2024, 5, 1),
        ),
        LeaderWorkload(
            leader=org.ref("p-zhang"),
            seats=(
                LeaderSeat(org.ref("po-b1"), "secretary"),
                LeaderSeat(org.ref("po-hq"), "committee_member"),
            ),
            party_building_points=0,
            branch_points=0,
            branches_covered=0,
            visits=0,
            last_visit=None,
        ),
    )


def test_workload_visits_count_within_the_period_inclusive(load: Load) -> None:
    backend = load(leaders().bundle())
    li = backend.leader_workload(DAY, date(2023, 12, 1), date(2024, 7, 1))[0]
    assert (li.leader.id, li.visits, li.last_visit) == ("p-li", 4, date(2024, 5, 1))


def test_workload_within_a_unit_lists_the_leaders_of_committees_there(load: Load) -> None:
    backend = load(leaders().bundle())
    assert [w.leader.id for w in backend.leader_workload(DAY, DAY, DAY, "u-b1")] == ["p-zhang"]
    assert [w.leader.id for w in backend.leader_workload(DAY, DAY, DAY, "u-hq")] == [
        "p-li",
        "p-zhang",
    ]
    assert backend.leader_workload(DAY, DAY, DAY, "u-b1-s") == ()
    with pytest.raises(NotFound):
        backend.leader_workload(DAY, DAY, DAY, "po-b1")
    with pytest.raises(InvalidRequest):
        backend.leader_workload(DAY, DAY, EVE)


# -- completeness --------------------------------------------------------------------------------
def incomplete() -> Org:
    """u-hq > u-a, u-b. br-a has a secretary; br-b's secretary left the day before; br-gone is
    dissolved; t-b has no leader; Xu (team t-b), Yu (a seat in br-a) and Zhu have no unit."""
    return (
        Org()
        .unit("u-hq", kind="company")
        .unit("u-a", parent="u-hq")
        .unit("u-b", parent="u-hq")
        .person("p-sa", unit="u-a")
        .person("p-sb", unit="u-b")
        .person("p-ta", unit="u-a")
        .committee("po-hq", unit="u-hq")
        .general_branch("gb-a", "u-a", parent="po-hq")
        .branch("br-a", "u-a", "gb-a")
        .branch("br-b", "u-b", "po-hq")
        .branch("br-gone", "u-b", "po-hq", dissolved=date(2024, 1, 1))
        .seat("p-sa", "br-a", "secretary")
        .seat("p-sb", "br-b", "secretary", end=EVE)
        .team("t-a", "u-a", leader="p-ta")
        .team("t-b", "u-b")
        .person("p-xu", team="t-b")
        .person("p-yu")
        .person("p-zhu")
        .seat("p-yu", "br-a", "member")
    )


def test_completeness_counts_and_lists_what_is_missing(load: Load) -> None:
    org = incomplete()
    backend = load(org.bundle())
    assert backend.data_completeness(DAY) == DataCompleteness(
        branches_without_secretary=CompletenessGap(2, (org.ref("br-b"),)),
        teams_without_leader=CompletenessGap(2, (org.ref("t-b"),)),
        people_without_unit=CompletenessGap(
            6, (org.ref("p-xu"), org.ref("p-yu"), org.ref("p-zhu"))
        ),
    )


@pytest.mark.parametrize(
    ("unit", "branches", "teams", "people"),
    [
        pytest.param("u-a", (1, []), (1, []), (3, ["p-yu"]), id="u-a: by unit and by seat"),
        pytest.param("u-b", (1, ["br-b"]), (1, ["t-b"]), (2, ["p-xu"]), id="u-b: by team"),
        pytest.param("u-hq", (2, ["br-b"]), (2, ["t-b"]), (5, ["p-xu", "p-yu"]), id="u-hq"),
    ],
)
def test_completeness_within_a_unit(
    load: Load,
    unit: str,
    branches: tuple[int, list[str]],
    teams: tuple[int, list[str]],
    people: tuple[int, list[str]],
) -> None:
    answer = load(incomplete().bundle()).data_completeness(DAY, unit)

    def gap(g: CompletenessGap) -> tuple[int, list[str]]:
        return g.checked, [e.id for e in g.missing]

    assert gap(answer.branches_without_secretary) == branches
    assert gap(answer.teams_without_leader) == teams
    assert gap(answer.people_without_unit) == people


def test_completeness_of_an_unknown_unit_is_not_found(load: Load) -> None:
    with pytest.raises(NotFound):
        load(incomplete().bundle()).data_completeness(DAY, "nowhere")


# -- figures -------------------------------------------------------------------------------------
def yearly() -> tuple[Org, Bundle]:
    """po-hq's team: Li (throughout), Old (until mid-2020); Bu sits only on the bureau's po-b1.
    Benchmarks: br-1 (X, d-s), br-2 (Y, d-s), br-3 under po-b1 (X, d-m), br-5 (Z) dissolved,
    br-x (X) under another committee; br-4 is no benchmark."""
    org = (
        Org()
        .domain("d-s")
        .domain("d-m")
        .unit("u-hq", kind="company")
        .unit("u-b1", parent="u-hq", kind="bureau")
        .committee("po-hq", unit="u-hq")
        .committee("po-b1", unit="u-b1", parent="po-hq")
        .committee("po-other", unit=None)
        .seat("p-li", "po-hq", "committee_member", start=date(2019, 1, 1))
        .seat("p-old", "po-hq", "committee_member", start=date(2019, 1, 1), end=date(2020, 6, 30))
        .seat("p-bu", "po-b1", "secretary")
        .branch("br-1", "u-hq", "po-hq")
        .branch("br-2", "u-hq", "po-hq")
        .branch("br-3", "u-b1", "po-b1")
        .branch("br-4", "u-b1", "po-b1")
        .branch("br-5", "u-b1", "po-b1", dissolved=date(2021, 1, 1))
        .branch("br-x", None, "po-other")
        .lp("lp-1", "p-li", "party_building", "u-hq", start=date(2020, 3, 1))
        .lp("lp-2", "p-li", "branch", "br-1", start=date(2020, 5, 1))
        .lp("lp-3", "p-old", "party_building", "u-b1", start=date(2020, 4, 1))
        .lp("lp-4", "p-old", "branch", "br-2", start=date(2020, 8, 1))
        .lp("lp-5", "p-li", "party_building", "u-b1", start=date(2021, 1, 5))
        .lp("lp-6", "p-bu", "branch", "br-3", start=date(2020, 2, 1))
        .lp("lp-7", "p-li", "party_building", "po-b1")
        .visit("lp-1", date(2020, 3, 5))
        .visit("lp-1", date(2020, 12, 31))
        .visit("lp-1", date(2021, 1, 1))
        .visit("lp-3", date(2020, 5, 5))
        .visit("lp-4", date(2020, 9, 1))
        .visit("lp-6", date(2020, 6, 1))
    )
    benchmarks = {
        "br-1": ("X", "d-s"),
        "br-2": ("Y", "d-s"),
        "br-3": ("X", "d-m"),
        "br-5": ("Z", None),
        "br-x": ("X", "d-s"),
    }
    bundle = org.bundle()
    return org, dataclasses.replace(
        bundle,
        party_orgs=tuple(
            dataclasses.replace(
                o, benchmark_category=benchmarks[o.id][0], benchmark_domain_id=benchmarks[o.id][1]
            )
            if o.id in benchmarks
            else o
            for o in bundle.party_orgs
        ),
    )


def test_figures_count_the_points_the_committee_team_set_up_that_year(load: Load) -> None:
    org, bundle = yearly()
    answer = load(bundle).year_figures(2020, "po-hq", DAY)
    assert answer == YearFigures(
        committee=org.ref("po-hq"),
        year=2020,
        liaison_points=(org.ref("lp-1"), org.ref("lp-2"), org.ref("lp-3")),
        party_building_points=2,
        branch_points=1,
        visits=3,
        benchmark_branches=(org.ref("br-1"), org.ref("br-2"), org.ref("br-3")),
        benchmark_categories=(NamedCount("X", 2), NamedCount("Y", 1)),
        benchmark_domains=(EntityCount(org.ref("d-m"), 1), EntityCount(org.ref("d-s"), 2)),
    )


def test_figures_count_benchmarks_existing_on_the_day(load: Load) -> None:
    answer = load(yearly()[1]).year_figures(2020, "po-hq", date(2020, 12, 31))
    assert [b.id for b in answer.benchmark_branches] == ["br-1", "br-2", "br-3", "br-5"]
    assert answer.benchmark_categories == (
        NamedCount("X", 2),
        NamedCount("Y", 1),
        NamedCount("Z", 1),
    )


def test_figures_of_another_year_or_committee(load: Load) -> None:
    backend = load(yearly()[1])
    later = backend.year_figures(2021, "po-hq", DAY)
    assert ([p.id for p in later.liaison_points], later.visits) == (["lp-5"], 0)
    bureau = backend.year_figures(2020, "po-b1", DAY)
    assert ([p.id for p in bureau.liaison_points], bureau.visits) == (["lp-6"], 1)
    assert [b.id for b in bureau.benchmark_branches] == ["br-3"]


@pytest.mark.parametrize("wrong", ["nobody", "br-1", "u-hq"])
def test_figures_of_what_is_not_a_committee_is_not_found(load: Load, wrong: str) -> None:
    with pytest.raises(NotFound):
        load(yearly()[1]).year_figures(2020, wrong, DAY)


def test_figures_of_a_year_out_of_range_is_refused(load: Load) -> None:
    with pytest.raises(InvalidRequest):
        load(yearly()[1]).year_figures(0, "po-hq", DAY)
