"""The Neo4j backend: each question is one Cypher query, in the live generation.

The questions are answered by the families' Neo4j parts (``queries/<family>/neo4j.py``) this
backend inherits; it holds the driver and gives them ``_read`` and ``_write_session``, both with
the schema in place. ``_read`` runs a question's text in the live generation
(``queries.neo4j.generations``), read in the same transaction; loads are ``GenerationLoad``'s
(``queries.neo4j.loading``). Driver failures become ``BackendUnavailable``, a server limit hit
``ResourceLimit``; a failure once a write's COMMIT was sent, ``CommitUncertain`` (it may have
been applied: ``queries.neo4j.commit_once``, which the writes run through, says why). A
connection failure marks the server down (``queries.neo4j.breaker``):
until a probe gets an answer again, every call is refused at once instead of waiting for the
driver's timeouts. Sessions wait for the request's bookmarks (``queries.neo4j.bookmarks``) and
record those of its writes, so a client reads its own writes in any process; reads run in READ
sessions, which a cluster routes to its read replicas (``neo4j://`` URIs). The API's point
questions read through an async driver on the serving loop instead (``queries.neo4j.on_loop``:
``serving_on_loop``, ``answer_on_loop``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from typing import Any, LiteralString, TypeVar

import neo4j
from anyio import to_thread
from neo4j import (
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    AsyncSession,
    GraphDatabase,
    ManagedTransaction,
    Session,
)
from neo4j import exceptions as neo4j_errors

from graph_model.changes import ChangeRecord, LoadNote
from graph_model.errors import BackendUnavailable, CommitUncertain, InvalidRequest, ResourceLimit
from graph_model.records import Bundle
from graph_model.results import EntityRef
from queries.audit.neo4j import AuditOnNeo4j
from queries.browse.neo4j import BrowseOnNeo4j
from queries.chain.neo4j import ChainOnNeo4j
from queries.changes.cypher import CONSTRAINTS as CHANGE_CONSTRAINTS
from queries.changes.neo4j import ChangesOnNeo4j
from queries.coverage.neo4j import CoverageOnNeo4j
from queries.insights.neo4j import InsightsOnNeo4j
from queries.neo4j import bookmarks, on_loop
from queries.neo4j import store_cypher as cypher
from queries.neo4j.breaker import Breaker
from queries.neo4j.generations import in_generation
from queries.neo4j.live import LivePin, read_pin, read_pin_async, read_pinned, read_pinned_async
from queries.neo4j.loading import BATCH_ROWS, STALE_AFTER, GenerationLoad, Recovered
from queries.neo4j.pinned import CHUNK_ROWS, PinnedRead, in_one_generation
from queries.neo4j.snapshot import read_snapshot
from queries.neo4j.timeouts import DEFAULT_TIMEOUTS, DriverTimeouts
from queries.neo4j.values import entity_ref
from queries.scope.neo4j import ScopeOnNeo4j

#: Failures that mean the server cannot be reached: they mark it down (the breaker).
_CONNECTION_LOST = (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError)
#: Failures that make a call unavailable without saying the server is away: wrong credentials
#: (probing would only be refused again), a conflict still there after the retry.
_UNAVAILABLE = (*_CONNECTION_LOST, neo4j_errors.AuthError, neo4j_errors.TransientError)
#: The server's codes for a bookmark it does not know (the client sent a header it was not
#: given), and for one it has not reached within its wait (queries.neo4j.bookmarks).
_BAD_BOOKMARK = {
    "Neo.ClientError.Transaction.InvalidBookmark": bookmarks.NOT_GIVEN,
    "Neo.ClientError.Transaction.InvalidBookmarkMixture": bookmarks.NOT_GIVEN,
    "Neo.TransientError.Transaction.BookmarkTimeout": bookmarks.NOT_REACHED,
}
#: The probe: the cheapest statement the server must answer from the database itself.
_PROBE: LiteralString = "RETURN 1"
#: The server's codes for a transaction stopped by one of its limits, and the setting each is.
_LIMITS = {
    "Neo.TransientError.General.MemoryPoolOutOfMemoryError": "db.memory.transaction.max",
    "Neo.TransientError.General.TransactionMemoryLimit": "db.memory.transaction.max",
    "Neo.ClientError.Transaction.TransactionTimedOut": "db.transaction.timeout",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration": "the transaction timeout",
}
_SETTING = re.compile(r"db\.memory\.[\w.]+")
T = TypeVar("T")


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
    #: Rows per load transaction, and the seconds without a beat after which a load is dead.
    load_batch_rows = BATCH_ROWS
    load_stale_after = STALE_AFTER

    def __init__(
        self,
        uri: str,
        user: str,
        password: str,
        database: str = "neo4j",
        timeouts: DriverTimeouts = DEFAULT_TIMEOUTS,
    ) -> None:
        self.uri = uri
        self._database = database
        self._schema_ready = False
        #: The pin of the live generation last read (queries.neo4j.live): a question runs behind
        #: a guard checking it, one statement; None until the first question reads it.
        self._pin: LivePin | None = None
        config: dict[str, Any] = {
            "auth": (user, password),
            "notifications_min_severity": "OFF",  # absent optional properties are not mistakes
            **timeouts.driver_config(),
        }
        self._driver = GraphDatabase.driver(uri, **config)
        #: The serving loops' async drivers, for point questions (queries.neo4j.on_loop).
        self._loop_drivers = on_loop.LoopDrivers(lambda: AsyncGraphDatabase.driver(uri, **config))
        #: Open while the server is known down; its probe closes it (queries.neo4j.breaker).
        self._breaker = Breaker(self._probe, f"Neo4j at {uri}", timeouts.probe_interval)

    # -- what the families' parts run on ----------------------------------------------------
    @contextmanager
    def _translate(self, refuse_when_down: bool = True) -> Iterator[None]:
        if refuse_when_down:  # known down: at once, not after the driver's timeouts
            self._breaker.refuse_if_down()
        try:
            yield
        except CommitUncertain as exc:
            if isinstance(exc.__cause__, _CONNECTION_LOST):
                self._breaker.trip(_said(exc.__cause__))
            raise self._uncertain(_said(exc)) from exc
        except _LimitHit as hit:
            raise _resource_limit(hit.error) from hit.error
        except neo4j_errors.Neo4jError as exc:
            if exc.code in _LIMITS:
                raise _resource_limit(exc) from exc
            if (refused := _BAD_BOOKMARK.get(exc.code or "")) is not None:
                raise InvalidRequest(refused) from exc
            if isinstance(exc, _UNAVAILABLE):
                raise self._unavailable(exc) from exc
            raise
        except _UNAVAILABLE as exc:
            raise self._unavailable(exc) from exc

    def _unavailable(self, error: Exception) -> BackendUnavailable:
        """``error`` as ``BackendUnavailable``; a lost connection marks the server down."""
        if isinstance(error, _CONNECTION_LOST):
            self._breaker.trip(_said(error))
        if isinstance(error, neo4j_errors.IncompleteCommit):
            return self._uncertain(_said(error))
        return BackendUnavailable(f"Neo4j at {self.uri} is unavailable: {error}")

    def _uncertain(self, what: str) -> CommitUncertain:
        """A write whose COMMIT was sent failed (``what``): it may have been applied."""
        return CommitUncertain(
            f"Neo4j at {self.uri}: {what}; the change may have been applied: look at the trail "
            "(the changes query) before trying again"
        )

    def _session(self, access_mode: str) -> Session:
        """A session that waits for the request's bookmarks (queries.neo4j.bookmarks); the
        request's first waits for the client's in a statement of its own, which the driver does
        not retry, so a bookmark the database does not reach is refused after one wait."""
        if on_loop.inside():  # a sync session would stop the loop: a question asked wrongly
            raise RuntimeError("a point question answered on the event loop opened a session")
        session = self._driver.session(**self._session_config(access_mode))
        if bookmarks.unreached():
            try:
                session.run(_PROBE).consume()
            except BaseException:
                session.close()
                raise
            bookmarks.reached()
        return session

    @asynccontextmanager
    async def _async_session(self, driver: neo4j.AsyncDriver) -> AsyncIterator[AsyncSession]:
        """``_session``'s read session, of the async ``driver``."""
        async with driver.session(**self._session_config(neo4j.READ_ACCESS)) as session:
            if bookmarks.unreached():
                await (await session.run(_PROBE)).consume()
                bookmarks.reached()
            yield session

    def _session_config(self, access_mode: str) -> dict[str, Any]:
        waits = bookmarks.to_wait_for()
        return {
            "database": self._database,
            "default_access_mode": access_mode,
            "bookmarks": neo4j.Bookmarks.from_raw_values(waits) if waits else None,
        }

    def _probe(self) -> None:
        """Ask the database the cheapest question, once: no retries, the breaker repeats it."""
        with self._driver.session(
            database=self._database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            session.run(_PROBE).consume()

    def _read(self, query: LiteralString, **params: Any) -> list[neo4j.Record]:
        with self._translate():
            self._ensure_schema()
            driver = self._loop_drivers.current() if on_loop.inside() else None
            if driver is not None:  # a point question on the event loop
                return on_loop.wait_for(self._read_async(driver, query, params))
            with self._session(neo4j.READ_ACCESS) as session:
                pin = self._pin
                if pin is not None:
                    found = read_pinned(session, query, params, pin, _LIMITS)
                    if found is not None:
                        return found
                # No pin yet, or a stale one: the pin read first, in the same transaction.
                records, self._pin = session.execute_read(_in_live_generation, query, params)
                return records

    async def _read_async(
        self, driver: neo4j.AsyncDriver, query: LiteralString, params: dict[str, Any]
    ) -> list[neo4j.Record]:
        """``_read`` through the async ``driver``."""
        async with self._async_session(driver) as session:
            pin = self._pin
            if pin is not None:
                found = await read_pinned_async(session, query, params, pin, _LIMITS)
                if found is not None:
                    return found
            records, self._pin = await session.execute_read(
                _in_live_generation_async, query, params
            )
            return records

    @contextmanager
    def _write_session(self) -> Iterator[Session]:
        with self._translate():
            self._ensure_schema()
            with self._session(neo4j.WRITE_ACCESS) as session:
                yield session
                # What a client hands back to read this write anywhere (queries.neo4j.bookmarks).
                bookmarks.wrote(session.last_bookmarks().raw_values)

    def _ensure_schema(self) -> None:
        if not self._schema_ready:
            schema = (*cypher.RETIRED_CONSTRAINTS, *cypher.CONSTRAINTS, *CHANGE_CONSTRAINTS)
            for statement in schema:
                self._driver.execute_query(statement, database_=self._database)
            self._adopt_a_store_without_generations()
            self._schema_ready = True

    def _adopt_a_store_without_generations(self) -> None:
        """A store loaded before generations has no graph state: its nodes become generation 0,
        the live one, in batches."""
        records, _, _ = self._driver.execute_query(
            cypher.GRAPH_STATE, staleAfter=self.load_stale_after, database_=self._database
        )
        if records[0]["found"]:
            return
        adopted = 1
        while adopted:
            records, _, _ = self._driver.execute_query(
                cypher.ADOPT_BATCH, batch=self.load_batch_rows, database_=self._database
            )
            adopted = records[0]["adopted"]
        self._driver.execute_query(cypher.ENSURE_STATE, database_=self._database)

    # -- the store operations ----------------------------------------------------------------
    def ping(self) -> None:
        """Probe the server now, whatever the breaker says: ``/readyz`` tells the truth at
        once, and an answer closes the breaker before its own probe would."""
        with self._translate(refuse_when_down=False):
            self._probe()
        self._breaker.answered()

    @property
    def known_down(self) -> bool:
        """Whether the server is known to be down (a probe is waiting for it)."""
        return self._breaker.down

    def replace_all(self, bundle: Bundle) -> None:
        """Load ``bundle`` in bounded batches beside the live graph, then switch to it."""
        self._loads().replace(bundle)

    def recover(self) -> Recovered:
        """Delete what a load that died part-way left behind (``orgraph recover``)."""
        return self._loads().recover()

    def _loads(self) -> GenerationLoad:
        return GenerationLoad(self._write_session, self.load_batch_rows, self.load_stale_after)

    def entity(self, entity_id: str) -> EntityRef | None:
        records = self._read(cypher.ENTITY, id=entity_id)
        return entity_ref(records[0].data()) if records else None

    def close(self) -> None:
        self._breaker.close()  # first: the probe uses the driver
        self._driver.close()

    # -- point questions on the event loop (queries.neo4j.on_loop) ---------------------------
    def serving_on_loop(self) -> AbstractAsyncContextManager[None]:
        """Within the block (the app's lifespan), the running loop answers point questions."""
        return self._loop_drivers.serving()

    async def answer_on_loop(self, question: Callable[[], T]) -> T:
        """``question``, a point question (its reads are ``_read``s and nothing else), answered
        on the running loop when it serves (``serving_on_loop``), else in a worker thread. The
        first question of a process, which may set the schema up, goes to a thread too."""
        if self._schema_ready and self._loop_drivers.current() is not None:
            return await on_loop.answer(question)
        return await to_thread.run_sync(question)

    # -- big questions: many read transactions in one generation (queries.neo4j.pinned) -----
    #: Entities per read transaction of a big question; a test sets it small to split the sample.
    read_chunk_rows = CHUNK_ROWS

    def _in_one_generation(self, answer: Callable[[PinnedRead], T]) -> T:
        def read_session() -> Session:
            return self._session(neo4j.READ_ACCESS)

        with self._translate():
            self._ensure_schema()
            return in_one_generation(read_session, answer, self.read_chunk_rows, _LIMITS)

    # -- the graph as a bundle, and recorded loads (queries.neo4j.snapshot, .loading) -------
    def snapshot(self) -> Bundle:
        return read_snapshot(self._write_session, self.load_batch_rows)

    def load_bundle(self, bundle: Bundle, note: LoadNote) -> ChangeRecord:
        return self._loads().replace_recorded(bundle, note)


class _LimitHit(Exception):
    """A server limit hit inside a transaction function: not a ``Neo4jError``, so the driver
    does not retry what would only hit the limit again."""

    def __init__(self, error: neo4j_errors.Neo4jError) -> None:
        super().__init__(str(error))
        self.error = error


def _in_live_generation(
    tx: ManagedTransaction, query: LiteralString, params: dict[str, Any]
) -> tuple[list[neo4j.Record], LivePin]:
    """``query`` run in the generation that is live when the transaction starts, and that
    generation's pin (``queries.neo4j.live``)."""
    pin = read_pin(tx)
    try:
        return list(tx.run(in_generation(query, pin.generation), params)), pin
    except neo4j_errors.Neo4jError as exc:
        if exc.code in _LIMITS:
            raise _LimitHit(exc) from exc
        raise


async def _in_live_generation_async(
    tx: AsyncManagedTransaction, query: LiteralString, params: dict[str, Any]
) -> tuple[list[neo4j.Record], LivePin]:
    """``_in_live_generation`` through the async driver."""
    pin = await read_pin_async(tx)
    try:
        result = await tx.run(in_generation(query, pin.generation), params)
        return [record async for record in result], pin
    except neo4j_errors.Neo4jError as exc:
        if exc.code in _LIMITS:
            raise _LimitHit(exc) from exc
        raise


def _said(error: BaseException) -> str:
    """The error's text on one line, for the log."""
    return " ".join(str(error).split()) or type(error).__name__


def _resource_limit(error: neo4j_errors.Neo4jError) -> ResourceLimit:
    code = error.code or ""
    named = _SETTING.search(error.message or "")
    limit = named.group(0) if named else _LIMITS.get(code, "a server limit")
    return ResourceLimit(
        f"the query exceeded the Neo4j server's limit {limit} ({code}); "
        "ask about less at a time, or raise the limit on the server"
    )
