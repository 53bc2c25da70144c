"""Liaison coverage (docs/domain.md "Coverage" and "Time"), one small graph per rule, on every
backend.

Expected answers are written out by hand: who covers which branch, how, through which liaison
point, and the evidence path (node ids in order; relationships as stored, start → end).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import pytest

from graph_model.errors import NotFound
from graph_model.kinds import CoverageKind, RelType
from graph_model.protocol import Backend
from graph_model.records import Bundle
from graph_model.results import Coverage, Evidence, PathRel
from tests.conformance.builders import Org

Load = Callable[[Bundle], Backend]

DAY = date(2024, 6, 15)
EVE = date(2024, 6, 14)


def headquarters() -> Org:
    """A company unit with its committee, and nobody seated yet."""
    return Org().unit("u-hq", kind="company").committee("po-hq", unit="u-hq")


def company() -> Org:
    """Headquarters where Li sits on the committee: Li is a leader."""
    return headquarters().seat("p-li", "po-hq", "committee_member")


def summary(coverages: Iterable[Coverage]) -> list[tuple[str, str, str, str]]:
    """(leader id, branch id, kind, liaison point id) of each coverage, in answer order."""
    return [(c.leader.id, c.branch.id, c.kind.value, c.liaison_point.id) for c in coverages]


def expected(org: Org, kind: str, nodes: list[str], rels: list[tuple[str, str, str]]) -> Coverage:
    """The coverage whose evidence runs through ``nodes``: leader, liaison point, …, branch."""
    refs = tuple(org.ref(n) for n in nodes)
    path = tuple(PathRel(RelType(t), start, end) for t, start, end in rels)
    return Coverage(refs[0], refs[-1], CoverageKind(kind), refs[1], Evidence(refs, path))


# -- the three ways to cover, with their evidence ----------------------------------------------
def test_a_branch_liaison_point_covers_its_branch_directly(load: Load) -> None:
    org = (
        company()
        .unit("u-ops", parent="u-hq")
        .branch("br-ops", "u-ops", "po-hq")
        .lp("lp-1", "p-li", "branch", "br-ops")
    )
    backend = load(org.bundle())
    direct = expected(
        org,
        "direct",
        ["p-li", "lp-1", "br-ops"],
        [("ESTABLISHED", "p-li", "lp-1"), ("AT", "lp-1", "br-ops")],
    )
    assert backend.branch_coverage("br-ops", DAY) == (direct,)
    assert backend.leader_coverage("p-li", DAY) == (direct,)


def bureau() -> Org:
    """u-hq > u-bur > u-st, and u-hq > u-west; a branch at each of those three below u-hq;
    the bureau's party org is a general branch: po-hq > gb-bur > br-st."""
    return (
        company()
        .unit("u-bur", parent="u-hq", kind="bureau")
        .unit("u-st", parent="u-bur")
        .unit("u-west", parent="u-hq")
        .general_branch("gb-bur", "u-bur", parent="po-hq")
        .branch("br-bur", "u-bur", "gb-bur", kind="organ")
        .branch("br-st", "u-st", "gb-bur")
        .branch("br-west", "u-west", "po-hq")
    )


@pytest.mark.parametrize(
    ("target", "path", "walk", "reached"),
    [
        pytest.param(
            "u-st",
            ["u-st"],
            [("ATTACHED_TO", "br-st", "u-st")],
            ["br-st"],
            id="at the branch's own unit",
        ),
        pytest.param(
            "u-bur",
            ["u-bur", "u-st"],
            [("PART_OF", "u-st", "u-bur"), ("ATTACHED_TO", "br-st", "u-st")],
            ["br-bur", "br-st"],
            id="at the parent unit",
        ),
        pytest.param(
            "u-hq",
            ["u-hq", "u-bur", "u-st"],
            [
                ("PART_OF", "u-bur", "u-hq"),
                ("PART_OF", "u-st", "u-bur"),
                ("ATTACHED_TO", "br-st", "u-st"),
            ],
            ["br-bur", "br-st", "br-west"],
            id="at the grandparent unit",
        ),
    ],
)
def test_a_party_building_point_at_a_unit_covers_branches_at_and_below_it(
    load: Load, target: str, path: list[str], walk: list[tuple[str, str, str]], reached: list[str]
) -> None:
    org = bureau().lp("lp-1", "p-li", "party_building", target)
    backend = load(org.bundle())
    nodes = ["p-li", "lp-1", *path, "br-st"]
    rels = [("ESTABLISHED", "p-li", "lp-1"), ("AT", "lp-1", target), *walk]
    assert backend.branch_coverage("br-st", DAY) == (expected(org, "via_unit", nodes, rels),)
    assert summary(backend.leader_coverage("p-li", DAY)) == [
        ("p-li", branch, "via_unit", "lp-1") for branch in reached
    ]


def test_a_unit_point_covers_no_branch_of_a_sibling_unit(load: Load) -> None:
    backend = load(bureau().lp("lp-1", "p-li", "party_building", "u-st").bundle())
    assert backend.branch_coverage("br-bur", DAY) == ()
    assert backend.branch_coverage("br-west", DAY) == ()
    assert [b.id for b in backend.uncovered_branches(DAY)] == ["br-bur", "br-west"]


@pytest.mark.parametrize(
    ("target", "path", "walk", "reached"),
    [
        pytest.param("br-st", [], [], ["br-st"], id="at the branch itself"),
        pytest.param(
            "gb-bur",
            ["gb-bur"],
            [("REPORTS_TO", "br-st", "gb-bur")],
            ["br-bur", "br-st"],
            id="at the parent org",
        ),
        pytest.param(
            "po-hq",
            ["po-hq", "gb-bur"],
            [("REPORTS_TO", "gb-bur", "po-hq"), ("REPORTS_TO", "br-st", "gb-bur")],
            ["br-bur", "br-st", "br-west"],
            id="at the grandparent org",
        ),
    ],
)
def test_a_party_building_point_at_a_party_org_covers_branches_at_and_below_it(
    load: Load, target: str, path: list[str], walk: list[tuple[str, str, str]], reached: list[str]
) -> None:
    org = bureau().lp("lp-1", "p-li", "party_building", target)
    backend = load(org.bundle())
    nodes = ["p-li", "lp-1", *path, "br-st"]
    rels = [("ESTABLISHED", "p-li", "lp-1"), ("AT", "lp-1", target), *walk]
    assert backend.branch_coverage("br-st", DAY) == (expected(org, "via_party_org", nodes, rels),)
    assert summary(backend.leader_coverage("p-li", DAY)) == [
        ("p-li", branch, "via_party_org", "lp-1") for branch in reached
    ]


# -- time: liaison points, leaders, targets, branches --------------------------------------------
@pytest.mark.parametrize(
    ("day", "counts"),
    [
        pytest.param(date(2024, 2, 29), False, id="the day before from"),
        pytest.param(date(2024, 3, 1), True, id="on from"),
        pytest.param(date(2024, 9, 30), True, id="on to"),
        pytest.param(date(2024, 10, 1), False, id="the day after to"),
    ],
)
def test_a_liaison_point_counts_from_its_from_day_to_its_to_day_inclusive(
    load: Load, day: date, counts: bool
) -> None:
    org = (
        company()
        .unit("u-ops", parent="u-hq")
        .branch("br-ops", "u-ops", "po-hq")
        .lp("lp-1", "p-li", "branch", "br-ops", start=date(2024, 3, 1), end=date(2024, 9, 30))
    )
    backend = load(org.bundle())
    covered = [("p-li", "br-ops", "direct", "lp-1")] if counts else []
    assert summary(backend.branch_coverage("br-ops", day)) == covered
    assert summary(backend.leader_coverage("p-li", day)) == covered
    assert backend.uncovered_branches(day) == (() if counts else (org.ref("br-ops"),))


@pytest.mark.parametrize(
    ("org_id", "role", "start", "end", "leads"),
    [
        pytest.param("po-hq", "committee_member", None, None, True, id="committee member"),
        pytest.param("po-hq", "secretary", None, None, True, id="committee secretary"),
        pytest.param(
            "po-hq", "deputy_secretary", None, None, True, id="committee deputy secretary"
        ),
        pytest.param("po-hq", "member", None, None, False, id="plain member of a committee"),
        pytest.param("br-ops", "secretary", None, None, False, id="secretary of a branch"),
        pytest.param(
            "gb-ops",
            "committee_member",
            None,
            None,
            False,
            id="committee member of a general branch",
        ),
        pytest.param("po-hq", "committee_member", None, DAY, True, id="seat ending that day"),
        pytest.param("po-hq", "committee_member", None, EVE, False, id="seat ended the day before"),
        pytest.param(
            "po-hq",
            "committee_member",
            date(2024, 6, 16),
            None,
            False,
            id="seat starting the day after",
        ),
        pytest.param(
            "po-old",
            "committee_member",
            None,
            None,
            False,
            id="seat on a committee dissolved that day",
        ),
    ],
)
def test_only_a_leader_on_the_day_makes_a_liaison_point_count(
    load: Load, org_id: str, role: str, start: date | None, end: date | None, leads: bool
) -> None:
    org = (
        headquarters()
        .committee("po-old", "u-hq", parent="po-hq", dissolved=DAY)
        .unit("u-ops", parent="u-hq")
        .branch("br-ops", "u-ops", "po-hq")
        .general_branch("gb-ops", "u-ops", parent="po-hq")
        .seat("p-zhao", org_id, role, start, end)
        .lp("lp-1", "p-zhao", "branch", "br-ops")
    )
    backend = load(org.bundle())
    covered = [("p-zhao", "br-ops", "direct", "lp-1")] if leads else []
    assert summary(backend.branch_coverage("br-ops", DAY)) == covered
    assert summary(backend.leader_coverage("p-zhao", DAY)) == covered


@pytest.mark.parametrize(
    ("day", "counts"),
    [
        pytest.param(EVE, True, id="the day before the target's dissolution"),
        pytest.param(DAY, False, id="the target's dissolution day"),
    ],
)
def test_a_point_at_a_dissolved_party_org_no_longer_counts(
    load: Load, day: date, counts: bool
) -> None:
    org = (
        company()
        .unit("u-bur", parent="u-hq", kind="bureau")
        .committee("po-bur", "u-bur", parent="po-hq", dissolved=DAY)
        .branch("br-bur", "u-bur", "po-bur")
        .lp("lp-1", "p-li", "party_building", "po-bur")
    )
    backend = load(org.bundle())
    covered = [("p-li", "br-bur", "via_party_org", "lp-1")] if counts else []
    assert summary(backend.branch_coverage("br-bur", day)) == covered
    assert summary(backend.leader_coverage("p-li", day)) == covered
    assert [b.id for b in backend.uncovered_branches(day)] == ([] if counts else ["br-bur"])


def lifetimes() -> Org:
    """At u-ops: br-old, dissolved on DAY; br-new, established on DAY; br-bare, always there."""
    return (
        company()
        .unit("u-ops", parent="u-hq")
        .branch("br-old", "u-ops", "po-hq", dissolved=DAY)
        .branch("br-new", "u-ops", "po-hq", established=DAY)
        .branch("br-bare", "u-ops", "po-hq")
    )


@pytest.mark.parametrize(
    ("day", "alive", "alive_point", "gone"),
    [
        pytest.param(EVE, "br-old", "lp-old", "br-new", id="the day before"),
        pytest.param(DAY, "br-new", "lp-new", "br-old", id="the day of the change"),
    ],
)
def test_a_branch_that_does_not_exist_that_day_is_covered_by_nothing(
    load: Load, day: date, alive: str, alive_point: str, gone: str
) -> None:
    org = (
        lifetimes()
        .seat("p-wang", "po-hq", "committee_member")
        .seat("p-ant", "po-hq", "committee_member")
        .lp("lp-old", "p-li", "branch", "br-old")
        .lp("lp-new", "p-li", "branch", "br-new")
        .lp("lp-unit", "p-wang", "party_building", "u-ops")
        .lp("lp-org", "p-ant", "party_building", "po-hq")
    )
    backend = load(org.bundle())
    assert backend.branch_coverage(gone, day) == ()
    assert summary(backend.branch_coverage(alive, day)) == [
        ("p-li", alive, "direct", alive_point),
        ("p-wang", alive, "via_unit", "lp-unit"),
        ("p-ant", alive, "via_party_org", "lp-org"),
    ]
    assert summary(backend.leader_coverage("p-li", day)) == [("p-li", alive, "direct", alive_point)]
    for leader in ("p-wang", "p-ant"):
        assert [c.branch.id for c in backend.leader_coverage(leader, day)] == sorted(
            ["br-bare", alive]
        )


@pytest.mark.parametrize(
    ("day", "uncovered"),
    [
        pytest.param(EVE, ["br-bare", "br-old"], id="the day before"),
        pytest.param(DAY, ["br-bare", "br-new"], id="the day of the change"),
    ],
)
def test_a_branch_that_does_not_exist_that_day_is_not_listed_as_uncovered(
    load: Load, day: date, uncovered: list[str]
) -> None:
    org = lifetimes()
    backend = load(org.bundle())
    assert backend.uncovered_branches(day) == tuple(org.ref(b) for b in uncovered)
    assert backend.uncovered_branches(day, under_unit_id="u-ops") == tuple(
        org.ref(b) for b in uncovered
    )


# -- order of answers ---------------------------------------------------------------------------
def crowded() -> Org:
    """Two branches, br-a at u-a and br-b at u-b, both under u-hq and reporting to po-hq, and
    liaison points whose ids sort against the order answers must follow."""
    return (
        company()
        .seat("p-ant", "po-hq", "committee_member")
        .seat("p-wang", "po-hq", "committee_member")
        .seat("p-zhao", "po-hq", "committee_member")
        .unit("u-a", parent="u-hq")
        .unit("u-b", parent="u-hq")
        .branch("br-a", "u-a", "po-hq")
        .branch("br-b", "u-b", "po-hq")
        .lp("lp-0", "p-wang", "branch", "br-a")
        .lp("lp-l2", "p-li", "branch", "br-a")
        .lp("lp-l1", "p-li", "branch", "br-a")
        .lp("lp-l3", "p-li", "party_building", "u-a")
        .lp("lp-a0", "p-zhao", "party_building", "u-hq")
        .lp("lp-aa", "p-ant", "party_building", "po-hq")
        .lp("lp-9", "p-li", "branch", "br-b")
        .lp("lp-l0", "p-li", "party_building", "po-hq")
    )


def test_branch_coverage_lists_direct_then_via_unit_then_via_party_org_by_leader_and_point(
    load: Load,
) -> None:
    backend = load(crowded().bundle())
    assert summary(backend.branch_coverage("br-a", DAY)) == [
        ("p-li", "br-a", "direct", "lp-l1"),
        ("p-li", "br-a", "direct", "lp-l2"),
        ("p-wang", "br-a", "direct", "lp-0"),
        ("p-li", "br-a", "via_unit", "lp-l3"),
        ("p-zhao", "br-a", "via_unit", "lp-a0"),
        ("p-ant", "br-a", "via_party_org", "lp-aa"),
        ("p-li", "br-a", "via_party_org", "lp-l0"),
    ]


def test_leader_coverage_lists_branches_by_id_then_kind_then_point(load: Load) -> None:
    backend = load(crowded().bundle())
    assert summary(backend.leader_coverage("p-li", DAY)) == [
        ("p-li", "br-a", "direct", "lp-l1"),
        ("p-li", "br-a", "direct", "lp-l2"),
        ("p-li", "br-a", "via_unit", "lp-l3"),
        ("p-li", "br-a", "via_party_org", "lp-l0"),
        ("p-li", "br-b", "direct", "lp-9"),
        ("p-li", "br-b", "via_party_org", "lp-l0"),
    ]


# -- uncovered branches -------------------------------------------------------------------------
def patchy() -> Org:
    """u-hq > u-east > u-east-st, u-hq > u-west. Uncovered: br-hq, br-east, br-east-st,
    br-west. Not listed: br-lit (covered), br-gone (dissolved), gb-east and po-hq (no branches)."""
    return (
        company()
        .unit("u-east", parent="u-hq", kind="bureau")
        .unit("u-east-st", parent="u-east")
        .unit("u-west", parent="u-hq", kind="bureau")
        .general_branch("gb-east", "u-east", parent="po-hq")
        .branch("br-hq", "u-hq", "po-hq", kind="organ")
        .branch("br-east", "u-east", "gb-east")
        .branch("br-east-st", "u-east-st", "gb-east")
        .branch("br-lit", "u-east", "gb-east")
        .branch("br-gone", "u-east", "gb-east", dissolved=date(2024, 1, 1))
        .branch("br-west", "u-west", "po-hq")
        .lp("lp-1", "p-li", "branch", "br-lit")
    )


@pytest.mark.parametrize(
    ("under", "uncovered"),
    [
        pytest.param(None, ["br-east", "br-east-st", "br-hq", "br-west"], id="everywhere"),
        pytest.param("u-hq", ["br-east", "br-east-st", "br-hq", "br-west"], id="under the root"),
        pytest.param("u-east", ["br-east", "br-east-st"], id="under a unit and its subtree"),
        pytest.param("u-east-st", ["br-east-st"], id="under a leaf unit"),
        pytest.param("u-west", ["br-west"], id="under a sibling"),
    ],
)
def test_uncovered_branches_lists_existing_branches_nobody_covers_by_id(
    load: Load, under: str | None, uncovered: list[str]
) -> None:
    org = patchy()
    backend = load(org.bundle())
    assert backend.uncovered_branches(DAY, under_unit_id=under) == tuple(
        org.ref(b) for b in uncovered
    )


# -- wrong ids ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "ask",
    [
        pytest.param(
            lambda b: b.branch_coverage("br-nowhere", DAY), id="branch_coverage unknown id"
        ),
        pytest.param(lambda b: b.branch_coverage("u-east", DAY), id="branch_coverage of a unit"),
        pytest.param(
            lambda b: b.branch_coverage("po-hq", DAY), id="branch_coverage of a committee"
        ),
        pytest.param(
            lambda b: b.branch_coverage("gb-east", DAY), id="branch_coverage of a general branch"
        ),
        pytest.param(lambda b: b.branch_coverage("p-li", DAY), id="branch_coverage of a person"),
        pytest.param(lambda b: b.leader_coverage("p-nobody", DAY), id="leader_coverage unknown id"),
        pytest.param(lambda b: b.leader_coverage("br-lit", DAY), id="leader_coverage of a branch"),
        pytest.param(
            lambda b: b.uncovered_branches(DAY, "u-nowhere"),
            id="uncovered_branches under an unknown id",
        ),
        pytest.param(
            lambda b: b.uncovered_branches(DAY, "po-hq"), id="uncovered_branches under a committee"
        ),
        pytest.param(
            lambda b: b.uncovered_branches(DAY, "br-east"), id="uncovered_branches under a branch"
        ),
    ],
)
def test_asking_about_an_id_of_the_wrong_kind_raises_not_found(
    load: Load, ask: Callable[[Backend], object]
) -> None:
    backend = load(patchy().bundle())
    with pytest.raises(NotFound):
        ask(backend)


def test_a_person_who_is_no_leader_covers_nothing(load: Load) -> None:
    org = patchy().person("p-clerk").lp("lp-2", "p-clerk", "branch", "br-west")
    backend = load(org.bundle())
    assert backend.leader_coverage("p-clerk", DAY) == ()
    assert backend.branch_coverage("br-west", DAY) == ()
