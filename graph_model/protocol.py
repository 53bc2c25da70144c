"""The backend protocol: one port, two adapters (Neo4j and embedded networkx).

Each method answers a whole question so that Neo4j answers it in one round trip, and both
adapters return the same values in the same order. A backend raises ``NotFound`` for an id
of the wrong kind and ``BackendUnavailable`` when its store does not answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from graph_model.audit import AuditReport, RuleSet
from graph_model.browse import (
    Bucket,
    Direction,
    GroupBy,
    Neighbour,
    NodeFilter,
    Sort,
    UnitCoverage,
)
from graph_model.changes import ChangeOutcome, ChangeRecord, Command
from graph_model.elements import Node
from graph_model.insights import (
    BranchCoverageChange,
    DataCompleteness,
    LeaderWorkload,
    UncoveredExplanation,
    YearFigures,
)
from graph_model.kinds import NodeKind, RelType
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
        """From a team, party group, branch or project up to the top (docs/domain.md)."""

    def explain_uncovered(self, branch_id: str, as_of: date) -> UncoveredExplanation:
        """Why a branch is or is not covered on ``as_of`` (graph_model.insights)."""

    def coverage_diff(
        self, day_from: date, day_to: date, under_unit_id: str | None = None
    ) -> tuple[BranchCoverageChange, ...]:
        """Branches whose covering points differ between two days, by branch id."""

    def leader_workload(
        self, as_of: date, visits_from: date, visits_to: date, under_unit_id: str | None = None
    ) -> tuple[LeaderWorkload, ...]:
        """Each leader's liaison points, branches covered and visits, by leader id."""

    def data_completeness(self, as_of: date, under_unit_id: str | None = None) -> DataCompleteness:
        """Branches without a secretary, teams without a leader, people without a unit."""

    def year_figures(self, year: int, committee_id: str, as_of: date) -> YearFigures:
        """A committee's liaison points, visits and benchmark branches for a year."""

    def audit(self, as_of: date, rules: RuleSet, under_unit_id: str | None = None) -> AuditReport:
        """The enabled audit rules' findings on ``as_of`` (graph_model.audit), optionally
        only for entities whose unit is in ``under_unit_id``'s subtree."""

    def nodes(self, ids: Sequence[str]) -> list[Node | None]:
        """The node with each id, None where there is none (graph_model.browse)."""

    def neighbours(
        self, ids: Sequence[str], rel: RelType, direction: Direction
    ) -> dict[str, tuple[Neighbour, ...]]:
        """Each id's neighbours along ``rel``, by neighbour id then relationship properties."""

    def find(
        self, kind: NodeKind, node_filter: NodeFilter, sort: Sort, offset: int, limit: int
    ) -> tuple[int, tuple[Node, ...]]:
        """How many nodes of ``kind`` pass the filter, and the page of them sorted by ``sort``
        from ``offset`` (at most ``limit``)."""

    def count_by(
        self, kind: NodeKind, node_filter: NodeFilter, group: GroupBy
    ) -> tuple[Bucket, ...]:
        """How many nodes of ``kind`` passing the filter fall in each group, by key."""

    def unit_coverage(self, unit_ids: Sequence[str], as_of: date) -> dict[str, UnitCoverage | None]:
        """Existing and covered branches of each unit's subtree; None for an unknown unit."""

    def visible_ids(self, unit_id: str) -> frozenset[str]:
        """The ids a caller scoped to ``unit_id`` may see: the unit's subtree, what belongs to
        it, and every domain (``queries.scope.memory``); ``NotFound`` for an unknown unit."""

    def apply_change(self, command: Command, actor: str, at: datetime) -> ChangeOutcome:
        """Check ``command`` as the loader checks a bundle and apply it with its entry in the
        audit trail, atomically; or write nothing and answer the errors (graph_model.changes)."""

    def change_trail(
        self, entity_id: str | None, offset: int, limit: int, oldest_first: bool = False
    ) -> tuple[int, tuple[ChangeRecord, ...]]:
        """How many trail entries name ``entity_id`` (every entry, when None), and ``limit``
        of them from ``offset``, newest first (oldest first when asked)."""

    def close(self) -> None:
        """Release connections."""
