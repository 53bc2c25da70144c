"""Neo4j stopped, then killed (``kill -9``), under concurrent writers (issue 10, failure 5).

Four writers set up liaison points through the backend without pause, one command in three
refused by the rules (its leader does not exist), while the test stops the server politely,
starts it again, kills it and starts it again, on a server of its own
(tests/support/own_neo4j.py). It asserts that:

- every acknowledged change is in the trail, under the id it was acknowledged with, and in the
  graph; no change refused by the rules is in either; a change that failed with the server
  (``BACKEND_UNAVAILABLE``) is in both or in neither, and those applied all the same are
  printed (a commit the server made as it shut down, or whose answer was lost with the
  connection, ``IncompleteCommit``, which the backend's message says may have been applied);
- the trail's ids are unique and without gaps;
- while the server is known down, a question over HTTP answers ``BACKEND_UNAVAILABLE`` fast:
  the median under 100 ms (the aim), each under ``FAIL_FAST_BOUND`` (generous: the writers and
  a busy 2-core machine share the interpreter and the cores);
- after the server is back, the backend lets questions through again within ``RECOVERY_BOUND``
  of a plain driver's first answer (the probe asks every 0.2 s); the API's first answer comes
  when the server, just started, has planned the question (and the writers' changes): printed,
  not asserted, as it is the server's time. tests/faults/test_fail_fast.py measures the
  backend's own recovery on a warm server.

The figures measured are printed (``pytest -s`` shows them).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase
from neo4j.exceptions import IncompleteCommit

from api.http.app import create_app
from api.settings import Settings
from graph_model.changes import SetUpLiaisonPoint
from graph_model.errors import BackendUnavailable
from graph_model.kinds import LiaisonKind
from queries.neo4j.backend import Neo4jBackend
from tests.support.change_cases import org
from tests.support.own_neo4j import OwnNeo4j, own_neo4j

pytestmark = pytest.mark.neo4j

QUERY = {"query": '{ uncoveredBranches(asOf: "2025-06-30") { id } }'}
AT = datetime(2025, 7, 1, 8, 30, tzinfo=UTC)
WRITERS = 4
#: Questions timed while the server is down.
DOWN_QUESTIONS = 20
FAIL_FAST_BOUND = 1.0
RECOVERY_BOUND = 5.0
#: The longest any one wait of the test may take: it never hangs.
PATIENCE = 120.0

Kind = Literal["applied", "refused", "unavailable", "unknown", "error"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one writer's command for the liaison point ``lp_id``."""

    lp_id: str
    kind: Kind
    change_id: int | None = None
    detail: str = ""


class Writers:
    """``WRITERS`` threads applying commands until stopped, each outcome recorded."""

    def __init__(self, backend: Neo4jBackend) -> None:
        self.backend = backend
        self.outcomes: list[Outcome] = []  # appended to by the threads (atomic in CPython)
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._write, args=(k,), daemon=True) for k in range(WRITERS)
        ]

    def __enter__(self) -> Writers:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(PATIENCE)

    def applied(self) -> int:
        return sum(o.kind == "applied" for o in self.outcomes)

    def _write(self, writer: int) -> None:
        number = 0
        while not self._stop.is_set():
            number += 1
            refused = number % 3 == 0
            lp_id = f"lp-{'no' if refused else 'ok'}-{writer}-{number}"
            leader = "p-nobody" if refused else "p-wu"
            self.outcomes.append(self._apply(SetUpLiaisonPoint(lp_id, leader, BR, "br-b")))

    def _apply(self, command: SetUpLiaisonPoint) -> Outcome:
        try:
            outcome = self.backend.apply_change(command, "fault-writer", AT)
        except BackendUnavailable as exc:
            time.sleep(0.1)  # the answer is immediate while down: do not spin
            unknown = isinstance(exc.__cause__, IncompleteCommit)
            kind: Kind = "unknown" if unknown else "unavailable"
            return Outcome(command.id, kind, detail=repr(exc.__cause__))
        except Exception as exc:  # anything else is a bug the test reports
            return Outcome(command.id, "error", detail=repr(exc))
        if outcome.record is not None:
            return Outcome(command.id, "applied", outcome.record.id)
        return Outcome(command.id, "refused")


BR = LiaisonKind.BRANCH


@pytest.fixture(scope="module")
def server() -> Iterator[OwnNeo4j]:
    started = own_neo4j()
    yield started
    started.stop()


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, f"waited {PATIENCE} s for {what}"
        time.sleep(0.02)


def questions_while_down(client: TestClient, backend: Neo4jBackend) -> list[float]:
    """Seconds each of ``DOWN_QUESTIONS`` questions took, once the server is known down."""
    wait_for(lambda: backend.known_down, "the backend to know the server is down")
    took = []
    for _ in range(DOWN_QUESTIONS):
        start = time.perf_counter()
        body = client.post("/graphql", json=QUERY).json()
        took.append(time.perf_counter() - start)
        assert body["errors"][0]["extensions"]["code"] == "BACKEND_UNAVAILABLE"
    return took


def first_answers(
    client: TestClient, backend: Neo4jBackend, uri: str
) -> tuple[float, float, float]:
    """Seconds from now (the server's launcher sees Bolt answer) to the first answer of a plain
    driver asking ``RETURN 1`` over and over (the server is back), to the backend's breaker
    letting questions through, and to the API's first answer (the server plans the first
    queries after its start slowly: seconds on a busy machine, with the writers' too)."""
    start = time.perf_counter()
    server_back: list[float] = []
    backend_up: list[float] = []

    def watch() -> None:
        while backend.known_down and time.perf_counter() - start < PATIENCE:
            time.sleep(0.005)
        backend_up.append(time.perf_counter() - start)

    def observe() -> None:
        with GraphDatabase.driver(uri, connection_timeout=1.0) as driver:
            while time.perf_counter() - start < PATIENCE:
                try:
                    with driver.session(database="neo4j") as session:
                        session.run("RETURN 1").consume()
                except Exception:
                    time.sleep(0.01)
                    continue
                server_back.append(time.perf_counter() - start)
                return

    observers = [threading.Thread(target=job, daemon=True) for job in (observe, watch)]
    for observer in observers:
        observer.start()
    while (body := client.post("/graphql", json=QUERY).json()).get("errors"):
        assert time.perf_counter() - start < PATIENCE, body
        time.sleep(0.01)
    api_back = time.perf_counter() - start
    for observer in observers:
        observer.join(PATIENCE)
    return server_back[0], backend_up[0], api_back


def test_stopped_and_killed_under_writers_loses_no_acknowledged_change(
    server: OwnNeo4j,
) -> None:
    backend = Neo4jBackend(server.uri, "neo4j", "orgraph-test")
    backend.replace_all(org().bundle())
    app = create_app(Settings(backend="neo4j", auth_mode="dev"), backend=backend)
    down: list[float] = []
    back: list[tuple[float, float, float]] = []  # server, breaker, API: after stop, after kill
    try:
        with TestClient(app) as client, Writers(backend) as writers:
            for take_down in (server.stop, server.kill):
                applied = writers.applied()
                wait_for(lambda a=applied: writers.applied() >= a + 20, "20 more changes")
                take_down()
                down += questions_while_down(client, backend)
                server.start()  # returns once Bolt answers
                back.append(first_answers(client, backend, server.uri))
            applied = writers.applied()
            wait_for(lambda a=applied: writers.applied() >= a + 20, "20 changes after")
        report(down, back)
        check_outcomes(backend, writers.outcomes)
    finally:
        backend.close()
    assert statistics.median(down) < 0.1, down
    assert max(down) < FAIL_FAST_BOUND, down
    assert max(up - server for server, up, _ in back) < RECOVERY_BOUND, back


def report(down: list[float], back: list[tuple[float, float, float]]) -> None:
    print(
        f"\nwhile down: {len(down)} questions over HTTP, median "
        f"{statistics.median(down) * 1000:.1f} ms, max {max(down) * 1000:.1f} ms"
    )
    for (server, up, api), after in zip(back, ("stop", "kill -9"), strict=True):
        print(
            f"after {after}, from the launcher seeing Bolt answer: a plain driver's RETURN 1 "
            f"{server:.2f} s, the breaker closed {up:.2f} s ({up - server:+.2f} s), "
            f"the API's first answer {api:.2f} s"
        )


def check_outcomes(backend: Neo4jBackend, outcomes: list[Outcome]) -> None:
    """Every acknowledged change kept, under its id; none refused or failed applied."""
    assert [o for o in outcomes if o.kind == "error"] == []
    total, trail = backend.change_trail(None, 0, 1_000_000, oldest_first=True)
    ids = [entry.id for entry in trail]
    assert ids == list(range(1, total + 1))  # unique, and no number lost or given twice
    recorded = {entry.entity_id: entry.id for entry in trail}

    records, _, _ = backend._driver.execute_query("MATCH (lp:LiaisonPoint) RETURN lp.id AS id")
    in_the_graph = {record["id"] for record in records}

    kinds = {o.kind for o in outcomes}
    assert {"applied", "refused", "unavailable"} <= kinds, kinds
    for outcome in outcomes:
        in_graph = outcome.lp_id in in_the_graph
        if outcome.kind == "applied":
            assert recorded.get(outcome.lp_id) == outcome.change_id, outcome
            assert in_graph, outcome
        elif outcome.kind == "refused":
            assert outcome.lp_id not in recorded, outcome
            assert not in_graph, outcome
        else:  # failed: applied whole or not at all, the trail and the graph agree
            assert (outcome.lp_id in recorded) == in_graph, outcome
    asked = {o.lp_id for o in outcomes if o.kind != "refused"}
    assert set(recorded) <= asked  # nothing in the trail that no writer sent, or was refused
    counts = {kind: sum(o.kind == kind for o in outcomes) for kind in sorted(kinds)}
    print(f"\noutcomes: {counts}; trail: {total} changes")
    # A change answered "unavailable" whose transaction the server committed all the same: the
    # server can fail a commit it has made as it shuts down. Seen in 2 runs of 7, at the stop.
    applied_anyway = [o for o in outcomes if o.kind == "unavailable" and o.lp_id in recorded]
    print(f"answered unavailable yet applied: {applied_anyway}")
