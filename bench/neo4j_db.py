"""The benchmark's Neo4j: its version, emptying it between loads, and serving a bundle's CSV
files to its ``LOAD CSV`` over loopback HTTP (the local launcher does not allow file URLs)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import LiteralString

import neo4j

from queries.changes.cypher import CONSTRAINTS as CHANGE_CONSTRAINTS
from queries.neo4j.generations import Generation, in_generation
from queries.neo4j.live import LIVE_PIN, LivePin
from queries.neo4j.store_cypher import CONSTRAINTS

AUTH = ("neo4j", "orgraph-dev")  # the local launcher runs without authentication


def driver(uri: str) -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(uri, auth=AUTH, notifications_min_severity="OFF")


def server_version(uri: str) -> str:
    with driver(uri) as db:
        records, _, _ = db.execute_query("CALL dbms.components()")
    return ", ".join(f"{r['name']} {r['versions'][0]} {r['edition']}" for r in records)


def wipe(uri: str, schema: Sequence[str]) -> None:
    """Delete everything, relationships first, a bounded batch per transaction: the server caps
    a transaction's memory, and deleting the nodes with their relationships
    (``DETACH DELETE``, even ``IN TRANSACTIONS``) went over it where nodes are dense. Then
    leave the store with only the indexes and constraints of ``schema``, the ones the next
    loader relies on: each loader keeps its own up to date, and pays for no other's."""
    with driver(uri) as db:
        for batch in (
            "MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*) AS deleted",
            "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS deleted",
        ):
            deleted = 1
            while deleted:
                deleted = db.execute_query(batch).records[0]["deleted"]
        indexes = db.execute_query(
            "SHOW INDEXES YIELD name, type, owningConstraint WHERE type <> 'LOOKUP' "
            "RETURN name, owningConstraint"
        ).records
        for index in indexes:
            if index["owningConstraint"]:
                db.execute_query(f"DROP CONSTRAINT `{index['owningConstraint']}` IF EXISTS")
            else:
                db.execute_query(f"DROP INDEX `{index['name']}` IF EXISTS")
        for statement in schema:
            db.execute_query(statement)
        db.execute_query("CALL db.awaitIndexes(300)")


#: The schema orgraph's backend keeps, for a store wiped before its load.
ORGRAPH_SCHEMA: tuple[str, ...] = (*CONSTRAINTS, *CHANGE_CONSTRAINTS)


def live_generation(uri: str) -> Generation:
    """The generation orgraph's questions read now (0 in a store it has not loaded)."""
    with driver(uri) as db:
        return LivePin.of(db.execute_query(LIVE_PIN).records[0]).generation


def as_orgraph_runs(uri: str, query: LiteralString) -> str:
    """``query`` as orgraph's backend runs it: in the live generation, so that a contender
    running it plans and reads what orgraph's own statement does."""
    return in_generation(query, live_generation(uri))


def count(uri: str) -> tuple[int, int]:
    """Nodes and relationships in the store."""
    with driver(uri) as db:
        nodes = db.execute_query("MATCH (n) RETURN count(n) AS c").records[0]["c"]
        rels = db.execute_query("MATCH ()-[r]->() RETURN count(r) AS c").records[0]["c"]
    return int(nodes), int(rels)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) while the block runs; yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
