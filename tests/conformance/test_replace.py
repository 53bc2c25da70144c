"""A load makes the store hold exactly the new bundle: what is gone is gone, ids may change kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from graph_model.browse import Direction
from graph_model.kinds import NodeKind, OrgKind, PartyStatus, RelType, UnitKind
from graph_model.protocol import Backend
from graph_model.records import Bundle, Domain, PartyGroup, PartyOrg, Person, Unit

DAY = date(2026, 1, 1)
FIRST = Bundle(
    units=(Unit("u-co", "Company", UnitKind.COMPANY), Unit("x1", "Old unit", UnitKind.STATION)),
    party_orgs=(
        PartyOrg("po-co", "Committee", OrgKind.COMMITTEE, unit_id="u-co"),
        PartyOrg("br-old", "Old branch", OrgKind.BRANCH, "po-co", "x1"),
        PartyOrg("br-kept", "Kept branch", OrgKind.BRANCH, "po-co", "u-co"),
    ),
)
SECOND = Bundle(
    domains=(Domain("x1", "Now a domain"),),
    units=(Unit("u-co", "Company, renamed", UnitKind.COMPANY),),
    party_orgs=(
        PartyOrg("po-co", "Committee", OrgKind.COMMITTEE, unit_id="u-co"),
        PartyOrg("br-kept", "Kept branch", OrgKind.BRANCH, "po-co", "u-co"),
    ),
)


def test_a_second_load_replaces_the_first_entirely(load: Callable[[Bundle], Backend]) -> None:
    backend = load(FIRST)
    assert [b.id for b in backend.uncovered_branches(DAY)] == ["br-kept", "br-old"]

    backend.replace_all(SECOND)

    assert [b.id for b in backend.uncovered_branches(DAY)] == ["br-kept"]
    assert backend.entity("br-old") is None
    renamed = backend.entity("u-co")
    assert renamed is not None and renamed.name == "Company, renamed"
    relabelled = backend.entity("x1")
    assert relabelled is not None and relabelled.kind is NodeKind.DOMAIN


def test_loading_the_same_bundle_twice_changes_nothing(load: Callable[[Bundle], Backend]) -> None:
    backend = load(FIRST)
    before = backend.uncovered_branches(DAY), backend.responsibility_chain("br-old", DAY)
    backend.replace_all(FIRST)
    assert (backend.uncovered_branches(DAY), backend.responsibility_chain("br-old", DAY)) == before


def test_a_list_naming_one_id_twice_makes_one_link(load: Callable[[Bundle], Backend]) -> None:
    """``member_ids`` and ``domain_ids`` may repeat an id: one link either way, and the store
    gives back each id once, on both backends."""
    bundle = Bundle(
        domains=(Domain("d-safe", "Safety"),),
        units=(Unit("u-co", "Company", UnitKind.COMPANY, domain_ids=("d-safe", "d-safe")),),
        people=(Person("p-1", "Member", PartyStatus.FORMAL, "u-co"),),
        party_orgs=(PartyOrg("br-co", "Branch", OrgKind.BRANCH, unit_id="u-co"),),
        party_groups=(PartyGroup("pg-1", "Group", "br-co", member_ids=("p-1", "p-1")),),
    )
    backend = load(bundle)
    members = backend.neighbours(["pg-1"], RelType.IN_GROUP, Direction.IN)["pg-1"]
    domains = backend.neighbours(["u-co"], RelType.IN_DOMAIN, Direction.OUT)["u-co"]
    assert [m.node.id for m in members] == ["p-1"]
    assert [d.node.id for d in domains] == ["d-safe"]
    held = backend.snapshot()  # and the store gives back what it holds: the same on both
    assert [g.member_ids for g in held.party_groups] == [("p-1",)]
    assert [u.domain_ids for u in held.units] == [("d-safe",)]
