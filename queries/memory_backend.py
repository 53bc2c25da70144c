"""The embedded backend: the whole organisation in one networkx graph, no server needed.

A load builds a new graph and then swaps it in with one assignment, so a reader never sees half
a load and a failed build leaves the old graph in place.
"""

from __future__ import annotations

from datetime import date

from graph_model.elements import graph_nodes, graph_rels
from graph_model.records import Bundle
from graph_model.results import Coverage, EntityRef, ResponsibilityChain
from queries import chain, coverage
from queries.orggraph import OrgGraph


class MemoryBackend:
    name = "memory"

    def __init__(self, bundle: Bundle | None = None) -> None:
        self._graph = _build(bundle or Bundle())

    def replace_all(self, bundle: Bundle) -> None:
        self._graph = _build(bundle)

    def ping(self) -> None:
        """Always answers: the graph is in this process."""

    def entity(self, entity_id: str) -> EntityRef | None:
        graph = self._graph
        return graph.ref(entity_id) if graph.kind(entity_id) else None

    def branch_coverage(self, branch_id: str, as_of: date) -> tuple[Coverage, ...]:
        return coverage.branch_coverage(self._graph, branch_id, as_of)

    def leader_coverage(self, leader_id: str, as_of: date) -> tuple[Coverage, ...]:
        return coverage.leader_coverage(self._graph, leader_id, as_of)

    def uncovered_branches(
        self, as_of: date, under_unit_id: str | None = None
    ) -> tuple[EntityRef, ...]:
        return coverage.uncovered_branches(self._graph, as_of, under_unit_id)

    def responsibility_chain(self, from_id: str, as_of: date) -> ResponsibilityChain:
        return chain.responsibility_chain(self._graph, from_id, as_of)

    def close(self) -> None:
        """Nothing to release."""


def _build(bundle: Bundle) -> OrgGraph:
    return OrgGraph.from_elements(graph_nodes(bundle), graph_rels(bundle))
