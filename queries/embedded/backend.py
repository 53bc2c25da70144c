"""The embedded backend: the whole organisation in one networkx graph, no server needed.

A load builds a new graph and then swaps it in with one assignment, so a reader never sees half
a load and a failed build leaves the old graph in place; a change does the same
(queries.embedded.store), and with a state folder is saved before it is swapped in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

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
from queries.audit import memory as audit_rules
from queries.browse import memory as browse
from queries.chain import walk as chain
from queries.coverage import memory as coverage
from queries.embedded.orggraph import OrgGraph
from queries.embedded.store import MemoryStore
from queries.insights import memory as insights
from queries.scope import memory as scope


class MemoryBackend:
    name = "memory"

    def __init__(self, bundle: Bundle | None = None, state_dir: Path | None = None) -> None:
        """With ``state_dir``, changes are saved there, and a state saved there before is
        served instead of ``bundle`` (queries.embedded.state)."""
        self._store = MemoryStore(bundle, state_dir)
        self.restored_from = self._store.restored_from

    @property
    def _graph(self) -> OrgGraph:
        return self._store.graph  # swapped whole by a load or a change: read it once

    def replace_all(self, bundle: Bundle) -> None:
        self._store.replace(bundle)

    def apply_change(self, command: Command, actor: str, at: datetime) -> ChangeOutcome:
        return self._store.change(command, actor, at)

    def change_trail(
        self, entity_id: str | None, offset: int, limit: int, oldest_first: bool = False
    ) -> tuple[int, tuple[ChangeRecord, ...]]:
        return self._store.trail(entity_id, offset, limit, oldest_first)

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

    def explain_uncovered(self, branch_id: str, as_of: date) -> UncoveredExplanation:
        return insights.explain_uncovered(self._graph, branch_id, as_of)

    def coverage_diff(
        self, day_from: date, day_to: date, under_unit_id: str | None = None
    ) -> tuple[BranchCoverageChange, ...]:
        return insights.coverage_diff(self._graph, day_from, day_to, under_unit_id)

    def leader_workload(
        self, as_of: date, visits_from: date, visits_to: date, under_unit_id: str | None = None
    ) -> tuple[LeaderWorkload, ...]:
        return insights.leader_workload(self._graph, as_of, visits_from, visits_to, under_unit_id)

    def data_completeness(self, as_of: date, under_unit_id: str | None = None) -> DataCompleteness:
        return insights.data_completeness(self._graph, as_of, under_unit_id)

    def year_figures(self, year: int, committee_id: str, as_of: date) -> YearFigures:
        return insights.year_figures(self._graph, year, committee_id, as_of)

    def audit(self, as_of: date, rules: RuleSet, under_unit_id: str | None = None) -> AuditReport:
        return audit_rules.audit(self._graph, as_of, rules, under_unit_id)

    def nodes(self, ids: Sequence[str]) -> list[Node | None]:
        return browse.nodes(self._graph, ids)

    def neighbours(
        self, ids: Sequence[str], rel: RelType, direction: Direction
    ) -> dict[str, tuple[Neighbour, ...]]:
        return browse.neighbours(self._graph, ids, rel, direction)

    def find(
        self, kind: NodeKind, node_filter: NodeFilter, sort: Sort, offset: int, limit: int
    ) -> tuple[int, tuple[Node, ...]]:
        return browse.find(self._graph, kind, node_filter, sort, offset, limit)

    def count_by(
        self, kind: NodeKind, node_filter: NodeFilter, group: GroupBy
    ) -> tuple[Bucket, ...]:
        return browse.count_by(self._graph, kind, node_filter, group)

    def unit_coverage(self, unit_ids: Sequence[str], as_of: date) -> dict[str, UnitCoverage | None]:
        return browse.unit_coverage(self._graph, unit_ids, as_of)

    def visible_ids(self, unit_id: str) -> frozenset[str]:
        return scope.visible_ids(self._graph, unit_id)

    def close(self) -> None:
        """Nothing to release."""
