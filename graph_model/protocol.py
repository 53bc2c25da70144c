"""The backend protocol: one port, two adapters (Neo4j and embedded networkx).

Each method answers a whole question so that Neo4j answers it in one round trip, and both
adapters return the same values in the same order. A backend raises ``NotFound`` for an id
of the wrong kind and ``BackendUnavailable`` when its store does not answer.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from graph_model.records import Bundle
from graph_model.results import Coverage, EntityRef, ResponsibilityChain


class Backend(Protocol):
    name: str

    def replace_all(self, bundle: Bundle) -> None:
        """Make the store hold exactly ``bundle``, atomically: all of it or none."""

    def ping(self) -> None:
        """Return when the store answers; raise ``BackendUnavailable`` otherwise."""

    def entity(self, entity_id: str) -> EntityRef | None:
        """The entity with this id, or None."""

    def branch_coverage(self, branch_id: str, as_of: date) -> tuple[Coverage, ...]:
        """Leaders covering a branch, ordered by kind, leader, liaison point."""

    def leader_coverage(self, leader_id: str, as_of: date) -> tuple[Coverage, ...]:
        """Branches a leader covers, ordered by branch, kind, liaison point."""

    def uncovered_branches(
        self, as_of: date, under_unit_id: str | None = None
    ) -> tuple[EntityRef, ...]:
        """Branches existing on ``as_of`` that no counting liaison point covers, by id."""

    def responsibility_chain(self, from_id: str, as_of: date) -> ResponsibilityChain:
        """From a team, party group, branch or project up to the top (DOMAIN.md)."""

    def close(self) -> None:
        """Release connections."""
