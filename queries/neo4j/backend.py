"""The Neo4j backend: each question is one Cypher round trip.

The questions are answered by the families' Neo4j parts (``queries/<family>/neo4j.py``) this
backend inherits; it holds the driver and gives them ``_read`` and ``_write_session``, both with
the schema in place. Driver failures become ``BackendUnavailable``; the driver's pool
reconnects by itself once the server is back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any, LiteralString

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, RoutingControl, Session
from neo4j import exceptions as neo4j_errors

from graph_model.elements import graph_nodes, graph_rels
from graph_model.errors import BackendUnavailable
from graph_model.kinds import NodeKind, RelType
from graph_model.records import Bundle
from graph_model.results import EntityRef
from queries.audit.neo4j import AuditOnNeo4j
from queries.browse.neo4j import BrowseOnNeo4j
from queries.chain.neo4j import ChainOnNeo4j
from queries.changes.cypher import CONSTRAINTS as CHANGE_CONSTRAINTS
from queries.changes.neo4j import ChangesOnNeo4j
from queries.coverage.neo4j import CoverageOnNeo4j
from queries.insights.neo4j import InsightsOnNeo4j
from queries.neo4j import store_cypher as cypher
from queries.neo4j.values import entity_ref
from queries.scope.neo4j import ScopeOnNeo4j

BATCH_SIZE = 5_000
_UNAVAILABLE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.AuthError,
    neo4j_errors.TransientError,
    OSError,
)


class Neo4jBackend(
    CoverageOnNeo4j,
    ChainOnNeo4j,
    InsightsOnNeo4j,
    AuditOnNeo4j,
    BrowseOnNeo4j,
    ScopeOnNeo4j,
    ChangesOnNeo4j,
):
    """The plumbing — the driver, ``_read``, ``_write_session``, the store operations of the
    protocol — plus the families' Neo4j parts it inherits, which answer every question.

    To add a question, add it to its family's protocol in ``graph_model.protocol`` and a method
    to the family's two parts, ``<Family>OnNeo4j`` (``queries/<family>/neo4j.py``) and
    ``<Family>OnMemory`` (at the end of ``queries/<family>/memory.py``); nothing here changes. A
    new family adds its part to the list above (docs/adding-a-question.md).
    """

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

    # -- what the families' parts run on ----------------------------------------------------
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

    @contextmanager
    def _write_session(self) -> Iterator[Session]:
        with self._translate():
            self._ensure_schema()
            with self._driver.session(database=self._database) as session:
                yield session

    def _ensure_schema(self) -> None:
        if not self._schema_ready:
            for statement in (*cypher.CONSTRAINTS, *CHANGE_CONSTRAINTS):
                self._driver.execute_query(statement, database_=self._database)
            self._schema_ready = True

    # -- the store operations ----------------------------------------------------------------
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
        with self._write_session() as session:
            session.execute_write(_write_everything, nodes, rels)

    def entity(self, entity_id: str) -> EntityRef | None:
        records = self._read(cypher.ENTITY, id=entity_id)
        return entity_ref(records[0].data()) if records else None

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
