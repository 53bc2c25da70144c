"""Changes on both backends: each shows in the questions, a refused one writes nothing, and
the trail records who changed what, before and after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from graph_model.browse import Direction, NodeFilter, Sort
from graph_model.changes import (
    AppointSeat,
    ChangeErrorCode,
    ChangeOutcome,
    ChargeDomain,
    Command,
    CommandName,
    CreatePartyGroup,
    EndLiaisonPoint,
    EndSeat,
    MoveTeam,
    RecordVisit,
    SetUpLiaisonPoint,
)
from graph_model.kinds import LiaisonKind, NodeKind, RelType, SeatRole, VisitKind
from graph_model.protocol import Backend
from graph_model.records import Bundle
from graph_model.results import LinkLevel, LinkStatus
from tests.support.change_cases import AT, DAY, REFUSED, SINCE, org

Load = Callable[[Bundle], Backend]


def apply(backend: Backend, command: Command, actor: str = "li") -> ChangeOutcome:
    return backend.apply_change(command, actor, AT)


def applied(backend: Backend, command: Command) -> Any:
    outcome = apply(backend, command)
    assert outcome.errors == ()
    assert outcome.record is not None
    return outcome.record


def uncovered(backend: Backend, day: date = DAY) -> list[str]:
    return [b.id for b in backend.uncovered_branches(day)]


def link(backend: Backend, from_id: str, level: LinkLevel) -> Any:
    chain = backend.responsibility_chain(from_id, DAY)
    return next(link for link in chain.links if link.level is level)


# -- each change shows in the questions ----------------------------------------------------------
def test_a_new_branch_liaison_point_covers_its_branch(load: Load) -> None:
    backend = load(org().bundle())
    assert uncovered(backend) == ["br-b"]

    entry = applied(
        backend, SetUpLiaisonPoint("lp-b", "p-wu", LiaisonKind.BRANCH, "br-b", date(2025, 1, 1))
    )

    assert uncovered(backend) == []
    assert uncovered(backend, date(2024, 12, 31)) == ["br-b"]
    assert [c.liaison_point.id for c in backend.branch_coverage("br-b", DAY)] == ["lp-b"]
    assert entry.command is CommandName.SET_UP_LIAISON_POINT
    assert (entry.actor, entry.at, entry.entity_id) == ("li", AT, "lp-b")
    assert entry.entity_ids == ("lp-b", "p-wu", "br-b")
    assert entry.before is None
    assert entry.after == {
        "id": "lp-b",
        "leader_id": "p-wu",
        "kind": "branch",
        "target_id": "br-b",
        "from": "2025-01-01",
        "to": None,
    }


def test_a_party_building_liaison_point_at_a_unit_covers_its_branches(load: Load) -> None:
    backend = load(org().bundle())
    applied(backend, SetUpLiaisonPoint("lp-u", "p-wu", LiaisonKind.PARTY_BUILDING, "u-co"))
    assert uncovered(backend) == []
    assert backend.entity("lp-u") is not None


def test_an_ended_liaison_point_stops_covering_after_its_last_day(load: Load) -> None:
    backend = load(org().bundle())

    entry = applied(backend, EndLiaisonPoint("lp-a", date(2025, 1, 31)))

    assert uncovered(backend) == ["br-a", "br-b"]
    assert uncovered(backend, date(2025, 1, 31)) == ["br-b"]
    assert entry.entity_ids == ("lp-a", "p-li", "br-a")
    assert (entry.before, entry.after) == (
        {"id": "lp-a", "to": None},
        {"id": "lp-a", "to": "2025-01-31"},
    )


def test_a_recorded_visit_counts_in_the_leaders_workload(load: Load) -> None:
    backend = load(org().bundle())

    def li() -> Any:
        found = backend.leader_workload(DAY, date(2025, 1, 1), DAY)
        return next(w for w in found if w.leader.id == "p-li")

    assert (li().visits, li().last_visit) == (0, None)

    entry = applied(
        backend, RecordVisit("lp-a", date(2025, 3, 8), VisitKind.GUIDANCE, "  spring check ")
    )

    assert (li().visits, li().last_visit) == (1, date(2025, 3, 8))
    assert entry.entity_ids == ("lp-a", "p-li", "br-a")
    assert entry.after == {
        "liaison_point_id": "lp-a",
        "date": "2025-03-08",
        "kind": "guidance",
        "note": "spring check",
    }


def test_an_appointed_committee_member_makes_his_liaison_point_count(load: Load) -> None:
    bundle = org().lp("lp-z", leader="p-zhao", kind="branch", target="br-b", start=SINCE).bundle()
    backend = load(bundle)
    assert uncovered(backend) == ["br-b"]  # p-zhao is no leader: his point does not count

    entry = applied(
        backend, AppointSeat("p-zhao", "po-co", SeatRole.COMMITTEE_MEMBER, date(2025, 5, 1))
    )

    assert uncovered(backend) == []
    assert uncovered(backend, date(2025, 4, 30)) == ["br-b"]
    assert entry.entity_ids == ("p-zhao", "po-co")
    assert entry.after == {
        "person_id": "p-zhao",
        "org_id": "po-co",
        "role": "committee_member",
        "from": "2025-05-01",
        "to": None,
    }


def test_an_ended_seat_stops_its_holders_liaison_points_counting(load: Load) -> None:
    backend = load(org().bundle())

    entry = applied(backend, EndSeat("p-li", "po-co", SeatRole.COMMITTEE_MEMBER, date(2025, 2, 28)))

    assert uncovered(backend) == ["br-a", "br-b"]
    assert uncovered(backend, date(2025, 2, 28)) == ["br-b"]
    seat = {
        "person_id": "p-li",
        "org_id": "po-co",
        "role": "committee_member",
        "from": "2020-01-01",
    }
    assert (entry.before, entry.after) == ({**seat, "to": None}, {**seat, "to": "2025-02-28"})


def test_a_leader_charged_with_a_domain_is_in_the_teams_chain(load: Load) -> None:
    backend = load(org().bundle())
    assert link(backend, "t-a", LinkLevel.DOMAIN).people == ()

    applied(backend, ChargeDomain("p-li", "d-safety", date(2025, 1, 1)))

    people = link(backend, "t-a", LinkLevel.DOMAIN).people
    assert [p.person.id for p in people] == ["p-li"]


def test_a_party_group_built_on_a_team_is_in_its_chain(load: Load) -> None:
    backend = load(org().bundle())
    assert link(backend, "t-a", LinkLevel.PARTY_GROUP).status is LinkStatus.MISSING

    entry = applied(
        backend,
        CreatePartyGroup("pg-a", "Group A", "br-a", "t-a", "p-ma", ("p-ma", "p-zhao", "p-ma")),
    )

    group = link(backend, "t-a", LinkLevel.PARTY_GROUP)
    assert group.status is LinkStatus.OK
    assert [e.id for e in group.entities] == ["pg-a"]
    assert [p.person.id for p in group.people] == ["p-ma"]
    assert entry.entity_ids == ("pg-a", "br-a", "t-a", "p-ma", "p-zhao")
    assert entry.after == {
        "id": "pg-a",
        "name": "Group A",
        "branch_id": "br-a",
        "team_id": "t-a",
        "leader_id": "p-ma",
        "member_ids": ["p-ma", "p-zhao"],
    }
    assert {
        n.node.id for n in backend.neighbours(["pg-a"], RelType.IN_GROUP, Direction.IN)["pg-a"]
    } == {
        "p-ma",
        "p-zhao",
    }


def test_a_moved_team_answers_to_the_branch_of_its_new_unit(load: Load) -> None:
    backend = load(org().bundle())
    assert [e.id for e in link(backend, "t-a", LinkLevel.BRANCH).entities] == ["br-a"]

    entry = applied(backend, MoveTeam("t-a", "u-b"))

    assert [e.id for e in link(backend, "t-a", LinkLevel.BRANCH).entities] == ["br-b"]
    assert entry.entity_ids == ("t-a", "u-a", "u-b")
    assert (entry.before, entry.after) == (
        {"id": "t-a", "unit_id": "u-a"},
        {"id": "t-a", "unit_id": "u-b"},
    )


# -- a refused change writes nothing ---------------------------------------------------------------
def snapshot(backend: Backend) -> Any:
    """Every node and relationship, through the protocol, and the trail's size."""
    nodes = [backend.find(kind, NodeFilter(), Sort(), 0, 10_000) for kind in NodeKind]
    ids = [n.id for _, page in nodes for n in page]
    rels = [backend.neighbours(ids, rel, Direction.OUT) for rel in RelType]
    return nodes, rels, backend.change_trail(None, 0, 1)[0]


BR = LiaisonKind.BRANCH
E = ChangeErrorCode


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_refused_change_says_why_and_writes_nothing(load: Load, case: str) -> None:
    backend = load(org().bundle())
    command, expected = REFUSED[case]
    before = snapshot(backend)

    outcome = apply(backend, command)

    assert outcome.record is None and not outcome.ok
    assert [(e.field, e.code) for e in outcome.errors] == expected
    assert all(e.message for e in outcome.errors)
    assert snapshot(backend) == before


def test_errors_are_worded_as_the_loader_words_them(load: Load) -> None:
    backend = load(org().bundle())
    command, _ = REFUSED["every problem at once"]
    assert [e.message for e in apply(backend, command).errors] == [
        "id 'lp-a' is taken by a liaison point",
        "'nobody' names no person",
        "a branch liaison point must be at a branch; 'u-b' is a unit",
        "2025-01-31 precedes from 2025-02-01",
    ]


def test_an_ended_point_cannot_be_ended_again(load: Load) -> None:
    backend = load(org().bundle())
    applied(backend, EndLiaisonPoint("lp-a", date(2025, 1, 31)))
    outcome = apply(backend, EndLiaisonPoint("lp-a", DAY))
    assert [(e.field, e.code, e.message) for e in outcome.errors] == [
        (None, E.ALREADY_ENDED, "'lp-a' ended on 2025-01-31 already")
    ]


def test_ending_one_of_two_open_seats_needs_its_from_date(load: Load) -> None:
    backend = load(
        org()
        .seat("p-ma", "br-a", "member", start=date(2021, 1, 1))
        .seat("p-ma", "br-a", "member", start=date(2023, 1, 1))
        .bundle()
    )
    ambiguous = apply(backend, EndSeat("p-ma", "br-a", SeatRole.MEMBER, DAY))
    assert [(e.field, e.code) for e in ambiguous.errors] == [("start", E.AMBIGUOUS)]

    entry = applied(backend, EndSeat("p-ma", "br-a", SeatRole.MEMBER, DAY, date(2023, 1, 1)))

    assert entry.after["from"] == "2023-01-01"
    left = apply(backend, EndSeat("p-ma", "br-a", SeatRole.MEMBER, DAY))  # one open seat left
    assert left.ok and left.record is not None
    assert left.record.before["from"] == "2021-01-01"


# -- the trail -------------------------------------------------------------------------------------
def test_the_trail_lists_changes_newest_first_by_entity(load: Load) -> None:
    backend = load(org().bundle())
    first = applied(backend, SetUpLiaisonPoint("lp-b", "p-wu", BR, "br-b"))
    second = applied(backend, RecordVisit("lp-b", DAY))
    third = applied(backend, MoveTeam("t-a", "u-b"))

    assert (second.id, third.id) == (first.id + 1, first.id + 2)
    total, newest = backend.change_trail(None, 0, 3)
    assert newest == (third, second, first)
    assert total >= 3
    assert backend.change_trail(None, 1, 1)[1] == (second,)

    total_b, about_b = backend.change_trail("lp-b", 0, 2)
    assert about_b == (second, first)
    assert backend.change_trail("u-b", 0, 1)[1] == (third,)
    assert backend.change_trail("p-wu", 0, 1)[1] == (second,)  # the visit names its leader
    oldest_first = backend.change_trail("lp-b", total_b - 2, 2, oldest_first=True)[1]
    assert oldest_first == (first, second)


def test_a_refused_change_leaves_no_trail(load: Load) -> None:
    backend = load(org().bundle())
    entry = applied(backend, SetUpLiaisonPoint("lp-b", "p-wu", BR, "br-b"))
    assert not apply(backend, SetUpLiaisonPoint("lp-b", "p-wu", BR, "br-b")).ok
    following = applied(backend, MoveTeam("t-a", "u-b"))
    assert following.id == entry.id + 1
    assert backend.change_trail(None, 0, 2)[1] == (following, entry)


def test_a_load_keeps_the_trail(load: Load) -> None:
    backend = load(org().bundle())
    entry = applied(backend, MoveTeam("t-a", "u-b"))
    backend.replace_all(org().bundle())
    assert backend.change_trail(None, 0, 1)[1] == (entry,)
    assert [e.id for e in link(backend, "t-a", LinkLevel.BRANCH).entities] == ["br-a"]


# -- Neo4j: each change's queries seek the ids they are given -------------------------------------
ANCHORED_WRITES: dict[str, dict[str, Any]] = {
    "FACT_NODES": {"ids": ["a", "b"]},
    "FACT_LIAISON": {"id": "lp-1"},
    "FACT_SEATS": {"personId": "p-1", "orgId": "po-1"},
    "FACT_TEAM_UNIT": {"teamId": "t-1"},
    "END_LIAISON_POINT": {"id": "lp-1", "on": DAY},
    "END_SEATS": {"personId": "p-1", "orgId": "po-1", "handles": ["x"], "on": DAY},
    "MOVE_TEAM": {"teamId": "t-1", "unitId": "u-1"},
}


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(ANCHORED_WRITES))
def test_a_change_query_seeks_its_ids_and_scans_nothing(neo4j_backend: Any, name: str) -> None:
    from queries.changes import cypher as changes_cypher

    neo4j_backend.uncovered_branches(DAY)  # makes sure the constraints exist
    _, summary, _ = neo4j_backend._driver.execute_query(
        "EXPLAIN " + getattr(changes_cypher, name), ANCHORED_WRITES[name]
    )

    def operators(plan: Any) -> list[str]:
        own = plan["operatorType"].split("@")[0].removesuffix("(Locking)")
        return [own, *(op for child in plan.get("children", []) for op in operators(child))]

    found = operators(summary.plan)
    seeks = {"NodeUniqueIndexSeek", "NodeIndexSeek", "DirectedRelationshipByElementIdSeek"}
    assert seeks & set(found), found
    assert not {"AllNodesScan", "NodeByLabelScan"} & set(found), found
