"""A checked change applied to the embedded graph in place: the few nodes and edges it touches.

The graph ends as the one a load of the changed bundle would build (same nodes, edges,
properties and edge order), which ``tests/unit/test_embedded_apply.py`` checks against a
rebuild for every command: creating commands add what ``graph_additions`` says a load would
add (as the Neo4j backend does), the others set a property or move an edge.
"""

from __future__ import annotations

from typing import Any

from graph_model.changes import Command, EndLiaisonPoint, EndSeat, Facts, MoveTeam
from graph_model.elements import Rel
from graph_model.kinds import RelType
from queries.changes.check import ends_seat, graph_additions, seat_of
from queries.embedded.orggraph import OrgGraph


def apply_to_graph(graph: OrgGraph, command: Command, facts: Facts) -> None:
    """Apply ``command``, checked against ``facts`` (gathered from ``graph``), to ``graph``."""
    match command:
        case EndLiaisonPoint(id=point, on=on):
            graph.set_props(point, to=on)
        case EndSeat(person_id=person, org_id=org, on=on):

            def ended(props: dict[str, Any]) -> dict[str, Any] | None:
                seat = seat_of(person, org, props)
                return {**props, "to": on} if ends_seat(command, seat) else None

            graph.edit_edges(person, org, RelType.HOLDS, ended)
        case MoveTeam(team_id=team, unit_id=unit):
            if facts.team_unit is not None:
                graph.remove_edges(team, facts.team_unit, RelType.BELONGS_TO)
            graph.add([], [Rel(RelType.BELONGS_TO, team, unit, {})])
        case _:
            graph.add(*graph_additions(command, facts))


__all__ = ["apply_to_graph"]
