"""Neo4j stopped politely, and killed (``kill -9``), under concurrent writers (issue 10, failure 5
and the commit answered plainly unavailable).

Writers set up liaison points through the backend without pause (tests/support/fault_writers.py)
while a test stops the server, starts it again, kills it and starts it again, on a server of its
own (tests/support/own_neo4j.py). Every answer a writer got must be true:

- every acknowledged change is in the trail, under the id it was acknowledged with, and in the
  graph; no change refused by the rules is in either, nor any answered plainly
  ``BACKEND_UNAVAILABLE``: that answer means it was not applied;
- a change whose COMMIT was sent when the server went (``CommitUncertain``: "it may have been
  applied") is in both or in neither; how many were applied all the same is printed. Issue 10
  saw such changes answered plainly unavailable in 2 runs of 7 polite stops; a test here
  stops the server politely ``POLITE_STOPS`` times;
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
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase

from api.http.app import create_app
from api.settings import Settings
from queries.neo4j.backend import Neo4jBackend
from tests.support.change_cases import org
from tests.support.fault_writers import PATIENCE, Writers, check_outcomes, wait_for
from tests.support.own_neo4j import OwnNeo4j, own_neo4j

pytestmark = pytest.mark.neo4j

QUERY = {"query": '{ uncoveredBranches(asOf: "2025-06-30") { id } }'}
#: Questions timed while the server is down.
DOWN_QUESTIONS = 20
FAIL_FAST_BOUND = 1.0
RECOVERY_BOUND = 5.0
#: Polite stops in a row under the writers.
POLITE_STOPS = 3


@pytest.fixture(scope="module")
def server() -> Iterator[OwnNeo4j]:
    started = own_neo4j()
    yield started
    started.stop()


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
        with TestClient(app) as client, Writers(backend, "lp-sk") as writers:
            for take_down in (server.stop, server.kill):
                writers.wait_for_applied(20)
                take_down()
                down += questions_while_down(client, backend)
                server.start()  # returns once Bolt answers
                back.append(first_answers(client, backend, server.uri))
            writers.wait_for_applied(20)
        report(down, back)
        counts = check_outcomes(backend, writers.outcomes, "lp-sk")
        assert {"applied", "refused", "unavailable"} <= set(counts), counts
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


def test_polite_stops_under_writers_answer_every_change_truly(server: OwnNeo4j) -> None:
    """Each stop as ``neo4j stop`` makes it (SIGTERM: the server shuts down cleanly, finishing
    or failing the commits in flight), the writers never pausing."""
    backend = Neo4jBackend(server.uri, "neo4j", "orgraph-test")
    backend.replace_all(org().bundle())
    try:
        with Writers(backend, "lp-polite") as writers:
            for _ in range(POLITE_STOPS):
                writers.wait_for_applied(20)
                server.stop()
                wait_for(lambda: backend.known_down, "the backend to know the server is down")
                server.start()
            writers.wait_for_applied(20)
        counts = check_outcomes(backend, writers.outcomes, "lp-polite")
    finally:
        backend.close()
    assert {"applied", "refused", "unavailable"} <= set(counts), counts
