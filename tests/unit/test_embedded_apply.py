"""A change applied in place (queries.embedded.apply, queries.embedded.tables) leaves the graph and
the bundle a load of the changed bundle would give: same nodes, properties, edges, edge order
and indexes, for every command."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph_model.changes import (
    AppointSeat,
    ChargeDomain,
    Command,
    CreatePartyGroup,
    EndLiaisonPoint,
    EndSeat,
    MoveTeam,
    RecordVisit,
    SetUpLiaisonPoint,
)
from graph_model.kinds import LiaisonKind, NodeKind, OrgKind, RelType, SeatRole, VisitKind
from graph_model.records import Bundle
from loaders.generate import generate
from queries.changes.check import apply_to_bundle, normalised
from queries.embedded.orggraph import OrgGraph
from queries.embedded.store import MemoryStore, build_graph

AT = datetime(2025, 7, 1, tzinfo=UTC)
ON = date(2025, 6, 30)


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return generate(1_000, seed=11)


def commands(bundle: Bundle) -> list[Command]:
    """One or more of every command, valid against ``bundle`` applied in this order."""
    branch = next(o for o in bundle.party_orgs if o.kind is OrgKind.BRANCH)
    committee = next(o for o in bundle.party_orgs if o.kind is OrgKind.COMMITTEE)
    point = next(p for p in bundle.liaison_points if p.end is None)
    team = bundle.teams[0]
    unit = next(u for u in bundle.units if u.id != team.unit_id)
    people = [p.id for p in bundle.people[:4]]
    busiest = max(bundle.people, key=lambda p: sum(s.person_id == p.id for s in bundle.seats))
    return [
        SetUpLiaisonPoint("lp-new", people[0], LiaisonKind.PARTY_BUILDING, unit.id, ON),
        RecordVisit("lp-new", ON, VisitKind.RESEARCH, "first"),
        RecordVisit(point.id, ON),
        RecordVisit(point.id, ON, note="the same day again"),
        EndLiaisonPoint(point.id, date(2030, 1, 1)),
        AppointSeat(busiest.id, committee.id, SeatRole.COMMITTEE_MEMBER, ON),
        EndSeat(busiest.id, committee.id, SeatRole.COMMITTEE_MEMBER, date(2030, 1, 1), ON),
        ChargeDomain(people[1], bundle.domains[0].id, ON),
        CreatePartyGroup("pg-new", "New group", branch.id, team.id, people[2], tuple(people)),
        MoveTeam(team.id, unit.id),
    ]


def described(graph: OrgGraph, ids: set[str]) -> dict[str, object]:
    """Everything a question can read of ``graph``, for the nodes ``ids``."""
    return {
        "kinds": {kind: graph.nodes_of(kind) for kind in NodeKind},
        "branches": graph.branches(),
        "nodes": {i: (graph.kind(i), graph.props(i)) for i in sorted(ids)},
        "edges": {
            (i, rel): (graph.out(i, rel), graph.into(i, rel))
            for i in sorted(ids)
            for rel in RelType
        },
        "hubs": (graph._hubs_out, graph._hubs_in),
    }


def test_each_change_leaves_the_graph_a_rebuild_would_build(bundle: Bundle) -> None:
    store = MemoryStore(bundle)
    expected = bundle
    for command in commands(bundle):
        outcome = store.change(command, "li", AT)
        assert outcome.record is not None, (command, outcome.errors)
        expected = apply_to_bundle(expected, normalised(command))
        assert store.bundle == expected
        rebuilt = build_graph(expected)
        touched = set(outcome.record.entity_ids)
        assert described(store.graph, touched) == described(rebuilt, touched), command
    ids = set(rebuilt._attrs)
    assert set(store.graph._attrs) == ids
    assert described(store.graph, ids) == described(rebuilt, ids)
