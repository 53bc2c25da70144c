"""The backend protocol: one port, two adapters (Neo4j and embedded networkx).

Each method answers a whole question so that Neo4j answers it in one round trip, and both
adapters return the same values in the same order. A backend raises ``NotFound`` for an id
of the wrong kind and ``BackendUnavailable`` when its store does not answer.

The questions are grouped by family, one small protocol each, as ``queries/<family>/`` answers
them; ``Backend`` is all of them together with the store operations.
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
from graph_model.changes import ChangeOutcome, ChangeRecord, Command, LoadNote
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


class StoreOperations(Protocol):
    """What every backend does besides answering questions: hold a bundle, give it back, answer
    a probe, name an entity, let go."""

    name: str

    def replace_all(self, bundle: Bundle) -> None:
        """Make the store hold exactly ``bundle``, atomically: all of it or none."""

    def snapshot(self) -> Bundle:
        """The graph as it is now, changes made through the API included, as the bundle that
        ``replace_all`` turns back into the same graph; each table by id (the three link
        tables by their columns), list cells sorted. The extra columns of the link tables are
        kept only where the store keeps them (the embedded one). Consistent: a change or a load
        in the middle of reading it is not half in it."""

    def load_bundle(self, bundle: Bundle, note: LoadNote) -> ChangeRecord:
        """``replace_all`` and the load's entry in the change trail (``note``), together:
        both or neither. Refused with ``GraphChanged``, writing nothing, when ``note`` names
        a ``last_change`` that is no longer the trail's newest entry."""

    def ping(self) -> None:
        """Return when the store answers; raise ``BackendUnavailable`` otherwise."""

    def entity(self, entity_id: str) -> EntityRef | None:
        """The entity with this id, or None."""

    def close(self) -> None:
        """Release connections."""


class CoverageQuestions(Protocol):
    """Who covers a branch, what a leader covers, what nobody covers (``queries/coverage/``)."""

    def branch_coverage(self, branch_id: str, as_of: date) -> tuple[Coverage, ...]:
        """Leaders covering a branch, ordered by kind, leader, liaison point."""

    def leader_coverage(self, leader_id: str, as_of: date) -> tuple[Coverage, ...]:
        """Branches a leader covers, ordered by branch, kind, liaison point."""

    def uncovered_branches(
        self, as_of: date, under_unit_id: str | None = None
    ) -> tuple[EntityRef, ...]:
        """Branches existing on ``as_of`` that no counting liaison point covers, by id."""


class ChainQuestions(Protocol):
    """The responsibility chain (``queries/chain/``)."""

    def responsibility_chain(self, from_id: str, as_of: date) -> ResponsibilityChain:
        """From a team, party group, branch or project up to the top (docs/domain.md)."""


class InsightQuestions(Protocol):
    """Explanations, diffs, workload, completeness, a year's figures (``queries/insights/``)."""

    def explain_uncovered(self, branch_id: str, as_of: date) -> UncoveredExplanation:
        """Why a branch is or is not covered on ``as_of`` (graph_model.insights)."""

    def coverage_diff(
        self, day_from: date, day_to: date, under_unit_id: str | None = None
    ) -> tuple[BranchCoverageChange, ...]:
        """Branches whose covering points differ between two days, by branch id."""

    def leader_workload(
        self,
        as_of: date,
        visits_from: date,
        visits_to: date,
        under_unit_id: str | None = None,
        visible: frozenset[str] | None = None,
    ) -> tuple[LeaderWorkload, ...]:
        """Each leader's liaison points, branches covered and visits, by leader id. With
        ``visible``, only the points, branches and visits to points with those ids count (the
        recount a scoped caller gets, ``queries/scope/adapter.py``)."""

    def data_completeness(self, as_of: date, under_unit_id: str | None = None) -> DataCompleteness:
        """Branches without a secretary, teams without a leader, people without a unit."""

    def year_figures(
        self, year: int, committee_id: str, as_of: date, visible: frozenset[str] | None = None
    ) -> YearFigures:
        """A committee's liaison points, visits and benchmark branches for a year; with
        ``visible``, only the points and benchmark branches with those ids count."""


class AuditQuestions(Protocol):
    """The audit rules' report (``queries/audit/``)."""

    def audit(self, as_of: date, rules: RuleSet, under_unit_id: str | None = None) -> AuditReport:
        """The enabled audit rules' findings on ``as_of`` (graph_model.audit), optionally
        only for entities whose unit is in ``under_unit_id``'s subtree."""


class BrowseQuestions(Protocol):
    """Nodes, neighbours, filtered lists and counts (``queries/browse/``)."""

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


class ScopeQuestions(Protocol):
    """What a caller scoped to a unit may see (``queries/scope/``)."""

    def visible_ids(self, unit_id: str) -> frozenset[str]:
        """The ids a caller scoped to ``unit_id`` may see: the unit's subtree, what belongs to
        it, and every domain (``queries.scope.memory``); ``NotFound`` for an unknown unit."""


class ChangeQuestions(Protocol):
    """Changes and their audit trail (``queries/changes/``)."""

    def apply_change(self, command: Command, actor: str, at: datetime) -> ChangeOutcome:
        """Check ``command`` as the loader checks a bundle and apply it with its entry in the
        audit trail, atomically; or write nothing and answer the errors (graph_model.changes)."""

    def change_trail(
        self, entity_id: str | None, offset: int, limit: int, oldest_first: bool = False
    ) -> tuple[int, tuple[ChangeRecord, ...]]:
        """How many trail entries name ``entity_id`` (every entry, when None), and ``limit``
        of them from ``offset``, newest first (oldest first when asked)."""


class Backend(
    StoreOperations,
    CoverageQuestions,
    ChainQuestions,
    InsightQuestions,
    AuditQuestions,
    BrowseQuestions,
    ScopeQuestions,
    ChangeQuestions,
    Protocol,
):
    """The whole protocol: the store operations and every family's questions."""
