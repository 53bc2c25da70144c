"""Loading a bundle into Neo4j in bounded batches, switched for readers in one transaction.

A load (docs/architecture.md, "Loading Neo4j") takes the graph's load lock, deletes what an
earlier, unfinished load left in the other generation, writes the bundle there in batches of
``batch_rows`` rows (each its own transaction, so the memory a transaction needs does not grow
with the bundle; ``LOAD_LANES`` of them at once, while this thread builds the next), switches
the live generation in one small transaction, deletes the old one in batches and lets go of the
lock. A load recorded in the change trail (``replace_recorded``)
writes its entry in the switch's transaction. Questions read the live generation throughout, so
until the switch they get the previous graph, whatever happens to the load. Each transaction
runs through ``write_once`` (queries/neo4j/commit_once.py): a batch whose COMMIT failed is not
run again by the driver (its rows would be written twice); the load fails instead.

The load beats its lock while it writes; a load whose beat is older than ``stale_after`` seconds
is dead (its process killed, the server restarted), and the next load, or ``recover``, takes
over from it. Every batch first checks, under a lock the takeover must wait for, that its load
still holds the graph (its lane's, so that the lanes do not wait for each other).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar
from uuid import uuid4

from neo4j import ManagedTransaction, Session
from neo4j.exceptions import Neo4jError

from graph_model.changes import ChangeRecord, LoadNote
from graph_model.elements import graph_nodes, graph_rels
from graph_model.errors import BackendUnavailable, CommitUncertain, LoadInProgress
from graph_model.kinds import NodeKind, RelType
from graph_model.records import Bundle
from queries.changes import cypher as changes_cypher
from queries.changes.loads import load_record, refuse_if_moved
from queries.changes.neo4j import write_entry
from queries.neo4j import store_cypher as cypher
from queries.neo4j.commit_once import write_once
from queries.neo4j.generations import Generation, in_generation, other

BATCH_ROWS = 5_000
#: Transactions a load writes from at once: the server writes one batch while the next is
#: encoded and sent (one lane kept it idle for about a third of a load; three measured no
#: faster on two cores).
LOAD_LANES = 2
#: Times a load writes a batch that was rolled back (a deadlock between its lanes) before failing.
BATCH_ATTEMPTS = 5
#: Relationships a delete batch deletes, per node of the batch: about a node's average (5.5 in a
#: generated organisation), so that a batch of sparse nodes goes in one transaction and a dense
#: node (a domain's 100,000 at L) in several, each within the server's memory cap.
DELETE_LINKS_PER_NODE = 6
STALE_AFTER = 30.0
"""Seconds without a beat after which a load is taken for dead (a batch takes well under one)."""

_log = logging.getLogger(__name__)
Rows = list[Any]  # a batch of a statement's rows: maps or lists, as the statement reads them
#: What a written batch's statement answered (its first row), or None: applied, answer lost.
Answer = dict[str, Any] | None


@dataclass(frozen=True)
class Recovered:
    """What ``recover`` found and did."""

    live: Generation
    deleted: int
    dead_load: bool


@dataclass
class GenerationLoad:
    """Loads and recoveries over sessions from ``session`` (schema in place, errors translated)."""

    session: Callable[[], AbstractContextManager[Session]]
    batch_rows: int = BATCH_ROWS
    stale_after: float = STALE_AFTER

    def replace(self, bundle: Bundle) -> Generation:
        """Make ``bundle`` the live graph; return its generation."""
        return self._replace(bundle, None)[0]

    def replace_recorded(self, bundle: Bundle, note: LoadNote) -> ChangeRecord:
        """Make ``bundle`` the live graph and record the load in the change trail in the
        switch's transaction; refused with ``GraphChanged`` before anything is switched when
        the trail has moved past ``note.last_change``."""
        entry = self._replace(bundle, note)[1]
        assert entry is not None
        return entry

    def _replace(
        self, bundle: Bundle, note: LoadNote | None
    ) -> tuple[Generation, ChangeRecord | None]:
        entry = None
        with self.session() as session:
            token, live = self._lock(session)
            staged = other(live)
            try:
                if note is not None:  # before the long part: changes wait for the load now
                    refuse_if_moved(note, session.execute_read(_last_change))
                self._delete(session, token, staged)
                self._write(session, token, staged, bundle)
                if note is None:
                    self._run(session, token, cypher.SWITCH, staged=staged)
                else:
                    entry = write_once(session, _switch_recorded, token, staged, note)
            except BaseException:
                self._unlock_quietly(session, token)  # the leftovers wait for the next load
                raise
            try:
                self._delete(session, token, live)
                self._run(session, token, cypher.END_LOAD)
            except Exception:
                # Switched already: the load has succeeded, the old generation's rest is what
                # the next load (or ``recover``) deletes first.
                _log.warning("the old generation was not deleted in full", exc_info=True)
                self._unlock_quietly(session, token)
        return staged, entry

    def recover(self) -> Recovered:
        """Delete what a dead load left in the generation that is not live; refuse while a load
        runs."""
        with self.session() as session:
            state = session.run(cypher.GRAPH_STATE, staleAfter=self.stale_after).single(strict=True)
            token, live = self._lock(session)
            try:
                deleted = self._delete(session, token, other(live))
            finally:
                self._run(session, token, cypher.END_LOAD)
        return Recovered(live, deleted, dead_load=state["phase"] is not None)

    # -- the lock ---------------------------------------------------------------------------
    def _lock(self, session: Session) -> tuple[str, Generation]:
        token = uuid4().hex
        lanes = list(range(LOAD_LANES))
        row = write_once(
            session, _single, cypher.BEGIN_LOAD, token=token, lanes=lanes, **self._stale()
        )
        if row["busy"]:
            raise LoadInProgress(
                f"another load holds the graph ({row['phase']}, last seen at {row['beat']}); "
                f"retry when it has finished, or after {self.stale_after:g} s if it died"
            )
        live: Generation = 1 if row["live"] == 1 else 0
        return token, live

    def _unlock_quietly(self, session: Session, token: str) -> None:
        try:
            self._run(session, token, cypher.END_LOAD)
        except Exception:  # the server may be gone: the lock goes stale by itself
            _log.warning("could not let go of the load lock", exc_info=True)

    def _stale(self) -> dict[str, float]:
        return {"staleAfter": self.stale_after}

    def _run(self, session: Session, token: str, query: LiteralString, **params: Any) -> None:
        """Run one of the statements that need the lock; it is lost if another load took it."""
        if not write_once(session, _single, query, token=token, **params)["held"]:
            raise LoadInProgress("another load took over the graph from this one")

    # -- batches ----------------------------------------------------------------------------
    def _delete(self, session: Session, token: str, generation: Generation) -> int:
        """Delete ``generation`` in batches; the number of its nodes deleted."""
        deleted = 0
        while True:
            found = write_once(
                session,
                _holding,
                cypher.BEAT,
                {"token": token},
                cypher.DELETE_BATCH[generation],
                batch=self.batch_rows,
                links=self.batch_rows * DELETE_LINKS_PER_NODE,
            )
            if not (found["nodes"] or found["links"]):
                return deleted
            deleted += found["nodes"]

    def _write(self, session: Session, token: str, staged: Generation, bundle: Bundle) -> None:
        # Rows as CREATE_NODES and LOAD_RELS take them: a node's properties; a link's ends' element
        # ids and its properties, as a list.
        elements: dict[str, str] = {}  # a node's id: its element id, as its batch answered

        def created(rows: Rows, answer: Answer) -> None:
            if answer is None:  # applied, its answer lost: the generation's index has them
                ids = [props["id"] for props in rows]
                found = session.run(in_generation(cypher.ELEMENTS_OF, staged), ids=ids)
                answer = found.single(strict=True).data()
            elements.update(zip(answer["ids"], answer["elements"], strict=True))

        nodes = ((n.kind, n.props) for n in graph_nodes(bundle))
        self._in_lanes(
            session,
            token,
            (
                (in_generation(cypher.CREATE_NODES[kind], staged), rows)
                for kind, rows in _batched(nodes, self.batch_rows)
            ),
            created,
        )
        # Every node is committed, and its element id known, before the first link is sent.
        rels = ((r.type, [elements[r.start], elements[r.end], r.props]) for r in graph_rels(bundle))
        self._in_lanes(
            session,
            token,
            (
                (cypher.LOAD_RELS[rel_type], rows)
                for rel_type, rows in _batched(rels, self.batch_rows)
            ),
        )

    def _in_lanes(
        self,
        session: Session,
        token: str,
        batches: Iterable[tuple[LiteralString, Rows]],
        written: Callable[[Rows, Answer], None] | None = None,
    ) -> None:
        """Write ``batches``, ``LOAD_LANES`` transactions at a time, each in its own session,
        while this thread builds the next batch, beats the lock in ``session`` and hands each
        written batch's rows and answer to ``written``. The first failure stops it, once the
        batches being written have ended."""
        free = list(range(LOAD_LANES))
        running: dict[Future[Answer], tuple[int, Rows]] = {}
        beaten = time.monotonic()

        def finished(batch: Future[Answer]) -> None:
            lane, rows = running.pop(batch)
            free.append(lane)
            answer = batch.result()  # a failure stops the load here
            if written is not None:
                written(rows, answer)

        with ThreadPoolExecutor(LOAD_LANES, thread_name_prefix="orgraph-load") as lanes:
            for query, rows in batches:
                if not free:
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for batch in done:
                        finished(batch)
                lane = free.pop()
                running[lanes.submit(self._write_batch, token, lane, query, rows)] = (lane, rows)
                if time.monotonic() - beaten > self.stale_after / 4:
                    self._run(session, token, cypher.BEAT)
                    beaten = time.monotonic()
            for batch in list(running):
                finished(batch)

    def _write_batch(self, token: str, lane: int, query: LiteralString, rows: Rows) -> Answer:
        """Write one batch in ``lane``, again if it was rolled back; its statement's answer, or
        None for a batch found applied after its COMMIT's answer was lost.

        Two lanes may deadlock: batches creating links on the same nodes lock those nodes'
        relationships at COMMIT, each in its own order, and Neo4j rolls one of them back. So a
        batch that failed for a deadlock, or whose COMMIT failed (``CommitUncertain``), is
        written again, up to ``BATCH_ATTEMPTS`` times, unless its lane's mark, set in the
        batch's own transaction, says it was applied after all."""
        held = {"token": token, "lane": lane, "mark": uuid4().hex}
        for attempt in range(1, BATCH_ATTEMPTS + 1):
            try:
                return self._write_once(held, query, rows)
            except BackendUnavailable as failure:
                uncertain = isinstance(failure, CommitUncertain)
                if attempt == BATCH_ATTEMPTS or not (uncertain or _deadlocked(failure)):
                    raise
                if uncertain and self._lane_marked(held):
                    return None
                _log.info("a load batch was rolled back (%s); writing it again", failure)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _write_once(self, held: dict[str, Any], query: LiteralString, rows: Rows) -> dict[str, Any]:
        # No request bookmarks to wait for or record here: the switch, in the load's own
        # session, commits after every batch, and its bookmark is the one a reader needs.
        with self.session() as session:
            return write_once(session, _holding, cypher.LANE_HELD, held, query, rows=rows)

    def _lane_marked(self, held: dict[str, Any]) -> bool:
        """Whether the batch that set ``held``'s mark was committed."""
        with self.session() as session:
            found = session.run(cypher.LANE_MARKED, held).single(strict=True)
            return bool(found["marked"])


_DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"


def _deadlocked(failure: BaseException | None) -> bool:
    """Whether ``failure`` came of a deadlock, the server's own word anywhere in its chain."""
    while failure is not None:
        if isinstance(failure, Neo4jError) and failure.code == _DEADLOCK:
            return True
        failure = failure.__cause__ or failure.__context__
    return False


def _single(tx: ManagedTransaction, /, query: LiteralString, **params: Any) -> dict[str, Any]:
    return tx.run(query, params).single(strict=True).data()


def _last_change(tx: ManagedTransaction) -> int:
    return int(tx.run(cypher.LAST_CHANGE).single(strict=True)["last"])


def _switch_recorded(
    tx: ManagedTransaction, token: str, staged: Generation, note: LoadNote
) -> ChangeRecord:
    """Switch to ``staged`` and write the load's trail entry, in one transaction."""
    seq = tx.run(changes_cypher.NEXT_CHANGE_ID).single(strict=True)["id"]
    refuse_if_moved(note, seq - 1)
    if not tx.run(cypher.SWITCH, token=token, staged=staged).single(strict=True)["held"]:
        raise LoadInProgress("another load took over the graph from this one")
    entry = load_record(note, seq)
    write_entry(tx, entry)
    return entry


def _holding(
    tx: ManagedTransaction,
    /,
    held: LiteralString,
    held_params: dict[str, Any],
    query: LiteralString,
    **params: Any,
) -> dict[str, Any]:
    """Run ``query`` in a transaction that first runs ``held`` (``BEAT`` or ``LANE_HELD``: it
    takes a lock a takeover waits for, and says whether the load still holds the graph); its
    first row, or ``{}``. Refused, and so rolled back, if another load took the graph."""
    if not tx.run(held, held_params).single(strict=True)["held"]:
        raise LoadInProgress("another load took over the graph from this one")
    record = tx.run(query, params).single()
    return record.data() if record is not None else {}


_Key = TypeVar("_Key", NodeKind, RelType)


def _batched(items: Iterable[tuple[_Key, Any]], size: int) -> Iterator[tuple[_Key, Rows]]:
    """The rows of each key in batches of at most ``size``, the keys in the order they come."""
    pending: dict[_Key, Rows] = defaultdict(list)
    for key, row in items:
        rows = pending[key]
        rows.append(row)
        if len(rows) >= size:
            yield key, pending.pop(key)
    yield from pending.items()


__all__ = ["BATCH_ROWS", "STALE_AFTER", "GenerationLoad", "Recovered"]
