"""The Neo4j backend: each question is one Cypher round trip.

Coverage and uncovered branches are answered by Cypher outright; a responsibility chain fetches
the sub-graph it can touch in one query and walks it with ``queries.chain.walk``, the same code the
embedded backend runs. Driver failures become ``BackendUnavailable``; the driver's pool
reconnects by itself once the server is back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from itertools import islice
from typing import Any, LiteralString

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, RoutingControl
from neo4j import exceptions as neo4j_errors

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
from graph_model.elements import Node, graph_nodes, graph_rels
from graph_model.errors import BackendUnavailable, NotFound
from graph_model.insights import (
    BranchCoverageChange,
    DataCompleteness,
    LeaderWorkload,
    UncoveredExplanation,
    YearFigures,
)
from graph_model.kinds import CoverageKind, NodeKind, RelType
from graph_model.records import Bundle
from graph_model.results import Coverage, EntityRef, Evidence, ResponsibilityChain
from queries.audit import neo4j as audit_rules
from queries.browse import neo4j as browse
from queries.chain import cypher as chain_cypher
from queries.chain import walk as chain
from queries.changes import neo4j as changes_on_neo4j
from queries.changes.cypher import CONSTRAINTS as CHANGE_CONSTRAINTS
from queries.coverage import cypher as coverage_cypher
from queries.embedded.orggraph import OrgGraph
from queries.insights import neo4j as insights
from queries.neo4j import store_cypher as cypher
from queries.neo4j.values import entity_ref, graph_node, graph_rel, path_rel
from queries.scope import cypher as scope_cypher

BATCH_SIZE = 5_000
_UNAVAILABLE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.AuthError,
    neo4j_errors.TransientError,
    OSError,
)


class Neo4jBackend:
    name = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j") -> None:
        self.uri = uri
        self._database = database
        self._schema_ready = False
        self._driver = GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=5.0,
            connection_acquisition_timeout=10.0,
            max_transaction_retry_time=5.0,
            notifications_min_severity="OFF",  # absent optional properties are not mistakes
        )

    # -- plumbing ------------------------------------------------------------------------
    @contextmanager
    def _translate(self) -> Iterator[None]:
        try:
            yield
        except _UNAVAILABLE as exc:
            raise BackendUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc

    def _read(self, query: LiteralString, **params: Any) -> list[neo4j.Record]:
        with self._translate():
            self._ensure_schema()
            records, _, _ = self._driver.execute_query(
                query, params, routing_=RoutingControl.READ, database_=self._database
            )
        return records

    def _ensure_schema(self) -> None:
        if not self._schema_ready:
            for statement in (*cypher.CONSTRAINTS, *CHANGE_CONSTRAINTS):
                self._driver.execute_query(statement, database_=self._database)
            self._schema_ready = True

    # -- the protocol --------------------------------------------------------------------
    def ping(self) -> None:
        with self._translate():  # no retries: a probe should answer at once
            self._driver.verify_connectivity()

    def replace_all(self, bundle: Bundle) -> None:
        nodes: dict[NodeKind, list[dict[str, Any]]] = defaultdict(list)
        for node in graph_nodes(bundle):
            nodes[node.kind].append({"id": node.id, "props": node.props})
        rels: dict[RelType, list[dict[str, Any]]] = defaultdict(list)
        for rel in graph_rels(bundle):
            rels[rel.type].append({"start": rel.start, "end": rel.end, "props": rel.props})
        with self._translate():
            self._ensure_schema()
            with self._driver.session(database=self._database) as session:
                session.execute_write(_write_everything, nodes, rels)

    def entity(self, entity_id: str) -> EntityRef | None:
        records = self._read(cypher.ENTITY, id=entity_id)
        return entity_ref(records[0].data()) if records else None

    def branch_coverage(self, branch_id: str, as_of: date) -> tuple[Coverage, ...]:
        record = self._read(coverage_cypher.BRANCH_COVERAGE, branchId=branch_id, asOf=as_of)[0]
        if not record["found"]:
            raise NotFound(branch_id, ["branch"])
        return tuple(_coverage(row) for row in record["rows"])

    def leader_coverage(self, leader_id: str, as_of: date) -> tuple[Coverage, ...]:
        record = self._read(coverage_cypher.LEADER_COVERAGE, leaderId=leader_id, asOf=as_of)[0]
        if not record["found"]:
            raise NotFound(leader_id, ["person"])
        return tuple(_coverage(row) for row in record["rows"])

    def uncovered_branches(
        self, as_of: date, under_unit_id: str | None = None
    ) -> tuple[EntityRef, ...]:
        record = self._read(
            coverage_cypher.UNCOVERED_BRANCHES, underUnitId=under_unit_id, asOf=as_of
        )[0]
        if not record["found"]:
            raise NotFound(str(under_unit_id), ["unit"])
        return tuple(entity_ref(row) for row in record["rows"])

    def responsibility_chain(self, from_id: str, as_of: date) -> ResponsibilityChain:
        records = self._read(chain_cypher.CHAIN_SUBGRAPH, fromId=from_id)
        if not records:
            raise NotFound(from_id, chain.STARTS)
        graph = OrgGraph.from_elements(
            (graph_node(n) for n in records[0]["nodes"]),
            (graph_rel(r) for r in records[0]["rels"]),
        )
        return chain.responsibility_chain(graph, from_id, as_of)

    def explain_uncovered(self, branch_id: str, as_of: date) -> UncoveredExplanation:
        return insights.explain_uncovered(self._read, branch_id, as_of)

    def coverage_diff(
        self, day_from: date, day_to: date, under_unit_id: str | None = None
    ) -> tuple[BranchCoverageChange, ...]:
        return insights.coverage_diff(self._read, day_from, day_to, under_unit_id)

    def leader_workload(
        self, as_of: date, visits_from: date, visits_to: date, under_unit_id: str | None = None
    ) -> tuple[LeaderWorkload, ...]:
        return insights.leader_workload(self._read, as_of, visits_from, visits_to, under_unit_id)

    def data_completeness(self, as_of: date, under_unit_id: str | None = None) -> DataCompleteness:
        return insights.data_completeness(self._read, as_of, under_unit_id)

    def year_figures(self, year: int, committee_id: str, as_of: date) -> YearFigures:
        return insights.year_figures(self._read, year, committee_id, as_of)

    def audit(self, as_of: date, rules: RuleSet, under_unit_id: str | None = None) -> AuditReport:
        return audit_rules.audit(self._read, as_of, rules, under_unit_id)

    def nodes(self, ids: Sequence[str]) -> list[Node | None]:
        return browse.nodes(self._read, ids)

    def neighbours(
        self, ids: Sequence[str], rel: RelType, direction: Direction
    ) -> dict[str, tuple[Neighbour, ...]]:
        return browse.neighbours(self._read, ids, rel, direction)

    def find(
        self, kind: NodeKind, node_filter: NodeFilter, sort: Sort, offset: int, limit: int
    ) -> tuple[int, tuple[Node, ...]]:
        return browse.find(self._read, kind, node_filter, sort, offset, limit)

    def count_by(
        self, kind: NodeKind, node_filter: NodeFilter, group: GroupBy
    ) -> tuple[Bucket, ...]:
        return browse.count_by(self._read, kind, node_filter, group)

    def unit_coverage(self, unit_ids: Sequence[str], as_of: date) -> dict[str, UnitCoverage | None]:
        return browse.unit_coverage(self._read, unit_ids, as_of)

    def visible_ids(self, unit_id: str) -> frozenset[str]:
        records = self._read(scope_cypher.VISIBLE_IDS, unitId=unit_id)
        if not records:
            raise NotFound(unit_id, ["unit"])
        return frozenset(records[0]["ids"])

    def apply_change(self, command: Command, actor: str, at: datetime) -> ChangeOutcome:
        with self._translate():
            self._ensure_schema()
            with self._driver.session(database=self._database) as session:
                return changes_on_neo4j.apply(session, command, actor, at)

    def change_trail(
        self, entity_id: str | None, offset: int, limit: int, oldest_first: bool = False
    ) -> tuple[int, tuple[ChangeRecord, ...]]:
        return changes_on_neo4j.trail(self._read, entity_id, offset, limit, oldest_first)

    def close(self) -> None:
        self._driver.close()


def _write_everything(
    tx: ManagedTransaction,
    nodes: dict[NodeKind, list[dict[str, Any]]],
    rels: dict[RelType, list[dict[str, Any]]],
) -> None:
    """One transaction: all of the bundle or none of it. Safe to retry: nodes are merged on
    their constrained ids and relationships are rewritten from scratch."""
    every_node = [
        {"id": row["id"], "label": kind.value} for kind, rows in nodes.items() for row in rows
    ]
    tx.run(cypher.DELETE_STALE_NODES, ids=[row["id"] for row in every_node]).consume()
    for batch in _batches(every_node):
        tx.run(cypher.DELETE_RELABELLED_NODES, rows=batch).consume()
    tx.run(cypher.DELETE_RELATIONSHIPS).consume()
    for kind, rows in nodes.items():
        for batch in _batches(rows):
            tx.run(cypher.MERGE_NODES[kind], rows=batch).consume()
    for rel_type, rows in rels.items():
        for batch in _batches(rows):
            tx.run(cypher.WRITE_RELS[rel_type], rows=batch).consume()


def _batches(rows: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_SIZE)):
        yield batch


# -- records back to values ----------------------------------------------------------------
def _coverage(row: dict[str, Any]) -> Coverage:
    nodes = tuple(entity_ref(n) for n in row["nodes"])
    return Coverage(
        leader=nodes[0],
        branch=nodes[-1],
        kind=CoverageKind(row["kind"]),
        liaison_point=nodes[1],
        evidence=Evidence(nodes, tuple(path_rel(r) for r in row["rels"])),
    )
