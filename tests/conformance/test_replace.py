"""A load makes the store hold exactly the new bundle: what is gone is gone, ids may change kind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from graph_model.kinds import NodeKind, OrgKind, UnitKind
from graph_model.protocol import Backend
from graph_model.records import Bundle, Domain, PartyOrg, Unit

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
