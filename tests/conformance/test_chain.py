"""Responsibility chains (docs/domain.md "Responsibility chain", ``queries/chain/walk.py``) on
every backend.

Most tests walk one small town, drawn here once::

    u-hq  (company)     po-hq  committee: p-boss secretary; p-li, p-wang members; p-ex until Jan
     └ u-bur (bureau)    └ po-bur committee: p-bur-sec
        │                   ├ br-bur  organ branch at u-bur: p-organ-sec
        │                   ├ br-big  temporary branch at u-bur for pj-big: p-big-sec
        ├ u-st              └ br-st   branch at u-st: p-st-sec
        │   t-line (leader p-tl, domain d-safety) ← g-line of br-st (leader p-gl)
        ├ u-yard            a temporary branch only (br-yard-tmp); no domain
        └ u-twin            two standing branches, br-twin-1 and br-twin-2

u-bur and u-st are in d-grid. Liaison points: lp-br (p-li, branch point at br-st) and lp-pb
(p-wang, party-building point at u-bur). In charge: d-safety p-li (and p-ex, p-st-sec, who
are no leaders on DAY); d-grid p-wang (and p-boss until 2023); d-build p-li.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from graph_model.errors import NotFound
from graph_model.protocol import Backend
from graph_model.records import Bundle
from graph_model.results import PersonInRole, ResponsibilityChain
from tests.conformance.builders import Org

Load = Callable[[Bundle], Backend]

DAY = date(2024, 6, 15)


def town() -> Org:
    return (
        Org()
        .unit("u-hq", kind="company")
        .unit("u-bur", parent="u-hq", kind="bureau", domains=["d-grid"])
        .unit("u-st", parent="u-bur", domains=["d-grid"])
        .unit("u-yard", parent="u-bur")
        .unit("u-twin", parent="u-bur")
        .committee("po-hq", "u-hq")
        .seat("p-boss", "po-hq", "secretary")
        .seat("p-li", "po-hq", "committee_member")
        .seat("p-wang", "po-hq", "committee_member")
        .seat("p-ex", "po-hq", "committee_member", end=date(2024, 1, 31))
        .committee("po-bur", "u-bur", parent="po-hq")
        .seat("p-bur-sec", "po-bur", "secretary")
        .branch("br-bur", "u-bur", "po-bur", kind="organ")
        .seat("p-organ-sec", "br-bur", "secretary")
        .project("pj-big", "u-bur", domain="d-build")
        .branch(
            "br-big",
            "u-bur",
            "po-bur",
            kind="temporary",
            project="pj-big",
            dissolved=date(2024, 12, 31),
        )
        .seat("p-big-sec", "br-big", "secretary")
        .branch("br-st", "u-st", "po-bur")
        .seat("p-st-sec", "br-st", "secretary")
        .branch("br-yard-tmp", "u-yard", "po-bur", kind="temporary")
        .seat("p-tmp-sec", "br-yard-tmp", "secretary")
        .branch("br-twin-2", "u-twin", "po-bur")
        .seat("p-s2", "br-twin-2", "secretary")
        .branch("br-twin-1", "u-twin", "po-bur")
        .seat("p-s1", "br-twin-1", "secretary")
        .team("t-line", "u-st", leader="p-tl", domain="d-safety")
        .group("g-line", "br-st", team="t-line", leader="p-gl", members=["p-tl", "p-gl"])
        .lp("lp-br", "p-li", "branch", "br-st")
        .lp("lp-pb", "p-wang", "party_building", "u-bur")
        .charge("p-li", "d-safety")
        .charge("p-ex", "d-safety")
        .charge("p-st-sec", "d-safety")
        .charge("p-wang", "d-grid")
        .charge("p-boss", "d-grid", end=date(2023, 12, 31))
        .charge("p-li", "d-build")
    )


def person(p: PersonInRole) -> tuple[str, ...]:
    if p.via is None:
        return (p.person.id, p.role)
    return (p.person.id, p.role, p.via.value, p.liaison_point_id or "")


def outline(chain: ResponsibilityChain) -> list[tuple[Any, ...]]:
    """(level, status, entity ids, people) of each link, in chain order."""
    return [
        (
            link.level.value,
            link.status.value,
            tuple(e.id for e in link.entities),
            tuple(person(p) for p in link.people),
        )
        for link in chain.links
    ]


# Links of the town that many chains end with.
PO_BUR = ("party_org", "ok", ("po-bur",), (("p-bur-sec", "secretary"),))
PO_HQ = ("party_org", "ok", ("po-hq",), (("p-boss", "secretary"),))
BR_ST = ("branch", "ok", ("br-st",), (("p-st-sec", "secretary"),))
BR_ST_COVERED = (
    "coverage",
    "ok",
    ("br-st",),
    (
        ("p-li", "covering_leader", "direct", "lp-br"),
        ("p-wang", "covering_leader", "via_unit", "lp-pb"),
    ),
)
SAFETY = ("domain", "ok", ("d-safety",), (("p-li", "leader_in_charge"),))
GRID = ("domain", "ok", ("d-grid",), (("p-wang", "leader_in_charge"),))
BUILD = ("domain", "ok", ("d-build",), (("p-li", "leader_in_charge"),))
NO_GROUP = ("party_group", "missing", (), ())


# -- from a team ------------------------------------------------------------------------------
def test_a_team_chain_runs_from_team_leader_to_the_leaders_in_charge(load: Load) -> None:
    chain = load(town().bundle()).responsibility_chain("t-line", DAY)
    assert outline(chain) == [
        ("team", "ok", ("t-line",), (("p-tl", "team_leader"),)),
        ("party_group", "ok", ("g-line",), (("p-gl", "group_leader"),)),
        BR_ST,
        PO_BUR,
        PO_HQ,
        BR_ST_COVERED,
        SAFETY,
    ]


def test_a_chain_names_its_start_day_entities_and_people(load: Load) -> None:
    org = town()
    chain = load(org.bundle()).responsibility_chain("t-line", DAY)
    assert (chain.start, chain.as_of) == (org.ref("t-line"), DAY)
    assert [link.entities for link in chain.links[:3]] == [
        (org.ref("t-line"),),
        (org.ref("g-line"),),
        (org.ref("br-st"),),
    ]
    assert [p.person for link in chain.links[:3] for p in link.people] == [
        org.ref("p-tl"),
        org.ref("p-gl"),
        org.ref("p-st-sec"),
    ]


def test_a_team_without_a_group_takes_the_standing_branch_of_its_own_unit(load: Load) -> None:
    org = town().team("t-solo", "u-st", leader="p-solo")
    chain = load(org.bundle()).responsibility_chain("t-solo", DAY)
    assert outline(chain) == [
        ("team", "ok", ("t-solo",), (("p-solo", "team_leader"),)),
        NO_GROUP,
        BR_ST,
        PO_BUR,
        PO_HQ,
        BR_ST_COVERED,
        GRID,
    ]
    assert "u-st" in chain.links[2].note


def test_a_team_without_a_group_passes_over_a_temporary_branch_to_an_ancestor_units_branch(
    load: Load,
) -> None:
    org = town().team("t-yard", "u-yard", leader="p-yl")
    chain = load(org.bundle()).responsibility_chain("t-yard", DAY)
    assert outline(chain) == [
        ("team", "ok", ("t-yard",), (("p-yl", "team_leader"),)),
        NO_GROUP,
        ("branch", "ok", ("br-bur",), (("p-organ-sec", "secretary"),)),
        PO_BUR,
        PO_HQ,
        ("coverage", "ok", ("br-bur",), (("p-wang", "covering_leader", "via_unit", "lp-pb"),)),
        ("domain", "missing", (), ()),
    ]
    assert "u-bur" in chain.links[2].note


def test_several_branches_at_the_nearest_unit_make_an_ambiguous_link_listing_all(
    load: Load,
) -> None:
    org = town().team("t-twin", "u-twin", leader="p-tw")
    chain = load(org.bundle()).responsibility_chain("t-twin", DAY)
    assert [(link.level.value, link.status.value) for link in chain.links] == [
        ("team", "ok"),
        ("party_group", "missing"),
        ("branch", "ambiguous"),
        ("party_org", "ok"),
        ("party_org", "ok"),
        ("coverage", "ok"),
        ("domain", "missing"),
    ]
    assert outline(chain)[2:5] == [
        (
            "branch",
            "ambiguous",
            ("br-twin-1", "br-twin-2"),
            (("p-s1", "secretary"), ("p-s2", "secretary")),
        ),
        PO_BUR,
        PO_HQ,
    ]


def test_with_no_branch_anywhere_the_chain_goes_on_from_the_nearest_party_org(load: Load) -> None:
    org = (
        Org()
        .unit("u-hq", kind="company")
        .unit("u-bur", parent="u-hq", kind="bureau")
        .unit("u-st", parent="u-bur")
        .committee("po-hq", "u-hq")
        .seat("p-boss", "po-hq", "secretary")
        .committee("po-bur", "u-bur", parent="po-hq")
        .seat("p-bur-sec", "po-bur", "secretary")
        .team("t-far", "u-st", leader="p-tl", domain="d-safety")
        .charge("p-boss", "d-safety")
    )
    chain = load(org.bundle()).responsibility_chain("t-far", DAY)
    assert outline(chain) == [
        ("team", "ok", ("t-far",), (("p-tl", "team_leader"),)),
        NO_GROUP,
        ("branch", "missing", (), ()),
        PO_BUR,
        PO_HQ,
        ("coverage", "missing", (), ()),
        ("domain", "ok", ("d-safety",), (("p-boss", "leader_in_charge"),)),
    ]
    assert "u-bur" in chain.links[3].note


def quiet() -> Org:
    """The town with u-quiet: its branch's secretary left the day before, its team has no
    leader, and a member-of-the-committee seat does not stand in for the secretary."""
    return (
        town()
        .unit("u-quiet", parent="u-bur")
        .branch("br-quiet", "u-quiet", "po-bur")
        .seat("p-q-old", "br-quiet", "secretary", end=date(2024, 6, 14))
        .seat("p-q-next", "br-quiet", "secretary", start=date(2024, 6, 16))
        .seat("p-q-cm", "br-quiet", "committee_member")
        .team("t-quiet", "u-quiet")
    )


def test_a_branch_without_a_secretary_that_day_is_a_missing_link(load: Load) -> None:
    chain = load(quiet().bundle()).responsibility_chain("t-quiet", DAY)
    assert outline(chain)[2:5] == [("branch", "missing", ("br-quiet",), ()), PO_BUR, PO_HQ]


def test_a_team_without_a_leader_is_a_missing_link(load: Load) -> None:
    chain = load(quiet().bundle()).responsibility_chain("t-quiet", DAY)
    assert outline(chain)[0] == ("team", "missing", ("t-quiet",), ())


# -- leaders in charge --------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "in_charge"),
    [
        pytest.param(date(2023, 12, 31), ["p-ex", "p-li"], id="the day before the charge"),
        pytest.param(
            date(2024, 1, 1), ["p-ex", "p-li", "p-zhao"], id="the first day of the charge"
        ),
        pytest.param(date(2024, 1, 31), ["p-ex", "p-li", "p-zhao"], id="p-ex's last day as leader"),
        pytest.param(date(2024, 2, 1), ["p-li", "p-zhao"], id="p-ex no longer a leader"),
        pytest.param(date(2024, 6, 30), ["p-li", "p-zhao"], id="the last day of the charge"),
        pytest.param(date(2024, 7, 1), ["p-li"], id="the day after the charge"),
    ],
)
def test_the_domain_link_lists_leaders_in_charge_that_day_and_only_leaders(
    load: Load, day: date, in_charge: list[str]
) -> None:
    org = (
        town()
        .seat("p-zhao", "po-hq", "committee_member")
        .charge("p-zhao", "d-safety", start=date(2024, 1, 1), end=date(2024, 6, 30))
    )
    chain = load(org.bundle()).responsibility_chain("t-line", day)
    assert outline(chain)[-1] == (
        "domain",
        "ok",
        ("d-safety",),
        tuple((p, "leader_in_charge") for p in in_charge),
    )


def test_a_domain_nobody_is_in_charge_of_is_a_missing_link(load: Load) -> None:
    org = town().team("t-audit", "u-st", leader="p-au", domain="d-audit")
    chain = load(org.bundle()).responsibility_chain("t-audit", DAY)
    assert outline(chain)[-1] == ("domain", "missing", ("d-audit",), ())


def test_leaders_seated_on_a_committee_outside_the_chain_still_cover_and_take_charge(
    load: Load,
) -> None:
    org = (
        town()
        .unit("u-east", parent="u-hq", kind="bureau")
        .committee("po-east", "u-east", parent="po-hq")
        .seat("p-east", "po-east", "deputy_secretary")
        .lp("lp-east", "p-east", "branch", "br-st")
        .charge("p-east", "d-safety")
    )
    chain = load(org.bundle()).responsibility_chain("t-line", DAY)
    assert outline(chain)[-2:] == [
        (
            "coverage",
            "ok",
            ("br-st",),
            (
                ("p-east", "covering_leader", "direct", "lp-east"),
                ("p-li", "covering_leader", "direct", "lp-br"),
                ("p-wang", "covering_leader", "via_unit", "lp-pb"),
            ),
        ),
        (
            "domain",
            "ok",
            ("d-safety",),
            (("p-east", "leader_in_charge"), ("p-li", "leader_in_charge")),
        ),
    ]


# -- from a project -----------------------------------------------------------------------------
@pytest.mark.parametrize("day", [DAY, date(2024, 12, 30)])
def test_a_project_chain_starts_with_its_temporary_branch(load: Load, day: date) -> None:
    chain = load(town().bundle()).responsibility_chain("pj-big", day)
    assert outline(chain) == [
        ("temporary_branch", "ok", ("br-big",), (("p-big-sec", "secretary"),)),
        PO_BUR,
        PO_HQ,
        ("coverage", "ok", ("br-big",), (("p-wang", "covering_leader", "via_unit", "lp-pb"),)),
        BUILD,
    ]


def test_a_dissolved_temporary_branch_is_not_used_from_its_dissolution_day(load: Load) -> None:
    chain = load(town().bundle()).responsibility_chain("pj-big", date(2024, 12, 31))
    assert outline(chain) == [
        ("temporary_branch", "missing", (), ()),
        ("branch", "ok", ("br-bur",), (("p-organ-sec", "secretary"),)),
        PO_BUR,
        PO_HQ,
        ("coverage", "ok", ("br-bur",), (("p-wang", "covering_leader", "via_unit", "lp-pb"),)),
        BUILD,
    ]


def test_a_project_without_a_temporary_branch_goes_on_from_its_units_branch(load: Load) -> None:
    org = town().project("pj-small", "u-st", major=False)
    chain = load(org.bundle()).responsibility_chain("pj-small", DAY)
    assert outline(chain) == [
        ("temporary_branch", "missing", (), ()),
        BR_ST,
        PO_BUR,
        PO_HQ,
        BR_ST_COVERED,
        GRID,
    ]


# -- from a party group, a branch, a committee --------------------------------------------------
def test_a_party_group_chain_starts_at_the_group(load: Load) -> None:
    chain = load(town().bundle()).responsibility_chain("g-line", DAY)
    assert outline(chain) == [
        ("party_group", "ok", ("g-line",), (("p-gl", "group_leader"),)),
        BR_ST,
        PO_BUR,
        PO_HQ,
        BR_ST_COVERED,
        SAFETY,
    ]


def test_a_branch_chain_starts_at_the_branch(load: Load) -> None:
    chain = load(town().bundle()).responsibility_chain("br-st", DAY)
    assert outline(chain) == [BR_ST, PO_BUR, PO_HQ, BR_ST_COVERED, GRID]


def test_a_branch_chain_does_not_call_its_start_the_party_groups_branch(load: Load) -> None:
    chain = load(town().bundle()).responsibility_chain("br-st", DAY)
    assert "party group" not in chain.links[0].note


def test_a_committee_chain_lists_it_and_its_superiors(load: Load) -> None:
    chain = load(town().bundle()).responsibility_chain("po-bur", DAY)
    assert outline(chain) == [PO_BUR, PO_HQ, GRID]


@pytest.mark.parametrize("start", ["p-li", "u-st", "lp-br", "d-grid", "nobody"])
def test_a_chain_from_anything_but_a_team_group_org_or_project_raises_not_found(
    load: Load, start: str
) -> None:
    backend = load(town().bundle())
    with pytest.raises(NotFound):
        backend.responsibility_chain(start, DAY)
