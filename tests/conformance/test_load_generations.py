"""Loading Neo4j in generations (docs/architecture.md, "Loading Neo4j"): each query has a
variant per generation; a load killed part-way leaves the previous graph answering, and the next
load or ``recover`` cleans up; a load taken over writes nothing more, and a batch that fails
stops its load; changes wait for no load but are refused while one stages; the trail outlives
loads; a question over a server limit is ``RESOURCE_LIMIT``, not unavailability.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j.exceptions import Neo4jError

from api.http.app import create_app
from api.settings import Settings
from graph_model.changes import EndLiaisonPoint, MoveTeam
from graph_model.elements import graph_nodes, graph_rels
from graph_model.errors import BackendUnavailable, CommitUncertain, LoadInProgress, ResourceLimit
from loaders.generate import generate
from queries.neo4j import store_cypher
from queries.neo4j.backend import Neo4jBackend
from queries.neo4j.generations import GENERATION_LABELS, in_generation, other, variants
from queries.neo4j.loading import (
    _DEADLOCK,
    DELETE_LINKS_PER_NODE,
    LOAD_LANES,
    Answer,
    GenerationLoad,
    _batched,
)
from tests.support.auth import with_test_key
from tests.support.change_cases import AT, DAY, org
from tests.support.cypher_queries import AS_WRITTEN, all_queries

ROOT = Path(__file__).resolve().parents[2]

# -- the transform ------------------------------------------------------------------------------


def test_the_generation_label_goes_on_each_node_pattern_of_a_kind_or_entity() -> None:
    query = (
        "MATCH (b:PartyOrg {id: $id})<-[:AT]-(lp)-[:X]->(:Entity) "
        "MATCH (c:Change) WHERE (lp:LiaisonPoint) RETURN b"
    )
    assert variants(query) == {
        0: "MATCH (b:PartyOrg:G0 {id: $id})<-[:AT]-(lp)-[:X]->(:Entity:G0) "
        "MATCH (c:Change) WHERE (lp:LiaisonPoint:G0) RETURN b",
        1: "MATCH (b:PartyOrg:G1 {id: $id})<-[:AT]-(lp)-[:X]->(:Entity:G1) "
        "MATCH (c:Change) WHERE (lp:LiaisonPoint:G1) RETURN b",
    }
    assert other(0) == 1 and other(1) == 0


def test_a_query_already_in_a_generation_is_refused() -> None:
    with pytest.raises(ValueError, match="already in a generation"):
        in_generation("MATCH (n:Unit:G1) RETURN n", 0)


def test_every_query_in_a_generation_only_gains_generation_labels() -> None:
    for name, query in all_queries().items():
        if not isinstance(query, str) or name.startswith(AS_WRITTEN) or ":G" in query:
            continue  # the schema, and the statements that name a generation themselves
        for generation, label in GENERATION_LABELS.items():
            assert in_generation(query, generation).replace(":" + label, "") == query, name


# -- on Neo4j -----------------------------------------------------------------------------------
LOAD_IN_A_PROCESS = """
import sys
from loaders.generate import generate
from queries.neo4j.backend import Neo4jBackend

backend = Neo4jBackend(*sys.argv[1:4])
backend.load_batch_rows = 500  # many small transactions: time to be killed in the middle
bundle = generate(20_000)
backend.replace_all(bundle)
"""


def _count(backend: Neo4jBackend, query: Any, **params: Any) -> int:
    records, _, _ = backend._driver.execute_query(query, params)
    return int(records[0][0])


def _live(backend: Neo4jBackend) -> int:
    return _count(backend, store_cypher.LIVE_GENERATION)


def _in_generation(backend: Neo4jBackend, generation: int) -> int:
    label = GENERATION_LABELS[1 if generation == 1 else 0]
    return _count(backend, "MATCH (n:" + label + ") RETURN count(n)")


def _answers(backend: Neo4jBackend) -> tuple[object, ...]:
    return (
        backend.uncovered_branches(DAY),
        backend.branch_coverage("br-a", DAY),
        backend.entity("u-b"),
        backend.change_trail(None, 0, 100),
    )


@pytest.fixture
def loaded(neo4j_backend: Neo4jBackend) -> Iterator[Neo4jBackend]:
    """The small organisation of the change tests, loaded; loaded again afterwards, so the next
    test finds a store no dead load holds."""
    neo4j_backend.replace_all(org().bundle())
    yield neo4j_backend
    neo4j_backend.load_stale_after = 0.0  # whatever a test left holding the graph is dead now
    try:
        neo4j_backend.recover()
        neo4j_backend.replace_all(org().bundle())
    finally:
        del neo4j_backend.load_stale_after  # back to the class's


def _start_killable_load(backend: Neo4jBackend) -> subprocess.Popen[bytes]:
    user = os.environ.get("ORGRAPH_NEO4J_USER", "neo4j")
    password = os.environ.get("ORGRAPH_NEO4J_PASSWORD", "orgraph-test")
    return subprocess.Popen(
        [sys.executable, "-c", LOAD_IN_A_PROCESS, backend.uri, user, password], cwd=ROOT
    )


def _wait_for(condition: Any, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.neo4j
def test_a_load_killed_part_way_leaves_the_previous_graph_answering(
    loaded: Neo4jBackend,
) -> None:
    backend = loaded
    applied = backend.apply_change(EndLiaisonPoint("lp-a", DAY), "li", AT)
    assert applied.errors == ()
    before, live = _answers(backend), _live(backend)
    staged = other(1 if live == 1 else 0)

    loader = _start_killable_load(backend)
    try:
        _wait_for(lambda: _in_generation(backend, staged) > 2_000 or loader.poll() is not None)
        assert loader.poll() is None, "the load ended before it could be killed"
        assert _answers(backend) == before  # while it runs
        os.kill(loader.pid, signal.SIGKILL)
    finally:
        loader.kill()
        loader.wait()

    assert _live(backend) == live
    assert _in_generation(backend, staged) > 2_000  # its leftovers
    assert _answers(backend) == before  # after it died
    # Its lock is still fresh: a change now is refused, not lost; so is a second load.
    with pytest.raises(LoadInProgress, match="a load is replacing the graph"):
        backend.apply_change(MoveTeam("t-a", "u-b"), "li", AT)
    with pytest.raises(LoadInProgress, match="another load holds the graph"):
        backend.replace_all(org().bundle())

    backend.load_stale_after = 0.5  # ... until it has not beaten its lock for that long
    time.sleep(1.0)
    recovered = backend.recover()
    assert recovered.dead_load and recovered.deleted > 2_000 and recovered.live == live
    assert _in_generation(backend, staged) == 0
    assert _answers(backend) == before

    backend.replace_all(org().bundle())  # the next load succeeds, in the other generation
    assert _live(backend) == staged and _in_generation(backend, live) == 0
    assert _answers(backend) == before  # the same bundle again, and the trail kept


@pytest.mark.neo4j
def test_the_next_load_deletes_what_a_dead_load_left(loaded: Neo4jBackend) -> None:
    backend = loaded
    live = _live(backend)
    staged = other(1 if live == 1 else 0)
    # What a load killed before its switch leaves: a lock nobody beats and half a generation.
    backend._driver.execute_query(
        store_cypher.BEGIN_LOAD,
        token="dead",
        lanes=list(range(LOAD_LANES)),
        staleAfter=backend.load_stale_after,
    )
    backend._driver.execute_query(
        in_generation(store_cypher.MERGE_NODES[next(iter(store_cypher.MERGE_NODES))], staged),
        rows=[{"id": f"left-{i}", "props": {"id": f"left-{i}"}} for i in range(10)],
    )
    backend.load_stale_after = 0.5
    time.sleep(1.0)

    backend.replace_all(org().bundle())

    assert _live(backend) == staged
    assert _in_generation(backend, live) == 0
    assert backend.entity("left-0") is None
    assert [b.id for b in backend.uncovered_branches(DAY)] == ["br-b"]


@pytest.mark.neo4j
def test_a_dense_generation_is_deleted_a_bounded_number_of_links_at_a_time(
    loaded: Neo4jBackend,
) -> None:
    """A node of an L organisation may have 100,000 links, more than one transaction may
    delete under the server's memory cap: a delete batch takes at most its bound of them."""
    backend = loaded
    staged = other(1 if _live(backend) == 1 else 0)
    label = GENERATION_LABELS[staged]
    # What a dead load left: 20 people each working in 20 units, every node with 20 links, so
    # that deleting any 10 of them with their links would take at least 175.
    backend._driver.execute_query(
        "UNWIND range(1, 20) AS i "
        "CREATE (:Person:Entity:" + label + " {id: 'left-p' + i}), "
        "(:Unit:Entity:" + label + " {id: 'left-u' + i})"
    )
    backend._driver.execute_query(
        "MATCH (p:Person:" + label + "), (u:Unit:" + label + ") "
        "WHERE p.id STARTS WITH 'left-' AND u.id STARTS WITH 'left-' CREATE (p)-[:WORKS_IN]->(u)"
    )
    assert _rels_in_generation(backend, staged) == 400

    bound = 10 * DELETE_LINKS_PER_NODE
    records, _, _ = backend._driver.execute_query(
        store_cypher.DELETE_BATCH[staged], batch=10, links=bound
    )
    first = records[0]
    assert first["links"] == bound  # of the 200 or more the 10 nodes it takes have
    assert _rels_in_generation(backend, staged) == 400 - bound  # counted apart

    backend.load_batch_rows = 10
    try:
        recovered = backend.recover()
    finally:
        del backend.load_batch_rows
    assert first["nodes"] + recovered.deleted == 40  # a node once its links have gone
    assert _in_generation(backend, staged) == 0


def _rels_in_generation(backend: Neo4jBackend, generation: int) -> int:
    label = GENERATION_LABELS[1 if generation == 1 else 0]
    return _count(backend, "MATCH (:" + label + ")-[r]->() RETURN count(r)")


@pytest.mark.neo4j
def test_a_load_taken_over_writes_nothing_more(loaded: Neo4jBackend) -> None:
    """Its batches run in several transactions at once (lanes); once another load has taken
    the graph, none of them writes, so the graph switched to is the other load's alone."""
    backend = loaded
    staged = other(1 if _live(backend) == 1 else 0)
    slow = GenerationLoad(backend._write_session, batch_rows=200)  # many batches: time to act
    failure: list[BaseException] = []

    def load_slowly() -> None:
        try:
            slow.replace(generate(20_000))
        except BaseException as exc:  # handed to the test's thread
            failure.append(exc)

    loader = threading.Thread(target=load_slowly)
    loader.start()
    try:
        _wait_for(lambda: _in_generation(backend, staged) > 2_000 or not loader.is_alive())
        assert loader.is_alive(), "the slow load ended before it could be taken over"
        # A load that finds the lock stale takes over (as after the slow one had died).
        fast = GenerationLoad(backend._write_session, stale_after=0.0)
        bundle = org().bundle()
        assert fast.replace(bundle) == staged
    finally:
        loader.join()

    assert len(failure) == 1 and isinstance(failure[0], LoadInProgress), failure
    assert "took over" in str(failure[0])
    assert _in_generation(backend, staged) == len(list(graph_nodes(bundle)))
    assert _rels_in_generation(backend, staged) == len(list(graph_rels(bundle)))
    assert [b.id for b in backend.uncovered_branches(DAY)] == ["br-b"]


class _FailingLoad(GenerationLoad):
    """A load whose ``fail_at``-th batch fails, counting the batches it started, and those
    started when the failure came."""

    fail_at = 0
    started = 0
    started_at_failure = 0

    def _write_batch(self, token: str, lane: int, query: Any, rows: Any) -> Answer:
        self.started += 1
        if self.started == self.fail_at:
            time.sleep(0.2)  # the other lane goes on writing meanwhile
            self.started_at_failure = self.started
            raise RuntimeError("the batch failed")
        return super()._write_batch(token, lane, query, rows)


@pytest.mark.neo4j
def test_a_failed_batch_stops_its_load_and_the_live_graph_stays(loaded: Neo4jBackend) -> None:
    backend = loaded
    before, live = _answers(backend), _live(backend)
    load = _FailingLoad(backend._write_session, batch_rows=100)
    load.fail_at = 5

    with pytest.raises(RuntimeError, match="the batch failed"):
        load.replace(generate(5_000))

    # Stopped at once: the lanes went on while the batch ran, and at most the batch handed to
    # the other lane as it failed was started after it.
    assert load.started_at_failure > load.fail_at + 1
    assert load.started - load.started_at_failure <= LOAD_LANES - 1
    assert _live(backend) == live and _answers(backend) == before
    backend.replace_all(org().bundle())  # the lock let go: the next load deletes the leftovers
    assert _in_generation(backend, live) == 0 and _answers(backend) == before


class _LosingLoad(GenerationLoad):
    """A load whose ``lost``-th write is committed but answered with ``CommitUncertain`` (the
    COMMIT's answer lost), and whose ``rolled_back``-th is refused as a deadlock would be."""

    lost = 0
    rolled_back = 0
    writes = 0

    def _write_once(self, held: dict[str, Any], query: Any, rows: Any) -> dict[str, Any]:
        self.writes += 1
        if self.writes == self.rolled_back:
            # The driver builds a server failure from its code so; the load reads the code.
            deadlock = Neo4jError._hydrate_neo4j(code=_DEADLOCK, message="deadlock (test)")
            raise BackendUnavailable("rolled back") from deadlock
        answer = super()._write_once(held, query, rows)
        if self.writes == self.lost:
            raise CommitUncertain("the COMMIT's answer was lost (test)")
        return answer


@pytest.mark.neo4j
@pytest.mark.parametrize("lost_batch", ["nodes", "links"])
def test_a_batch_rolled_back_is_written_again_and_one_applied_is_not(
    loaded: Neo4jBackend, lost_batch: str
) -> None:
    backend = loaded
    bundle = org().bundle()
    load = _LosingLoad(backend._write_session, batch_rows=20)
    node_batches = sum(1 for _ in _batched(((n.kind, n) for n in graph_nodes(bundle)), 20))
    # A lost node batch's element ids are looked up again, for its links to find their ends.
    load.lost = 2 if lost_batch == "nodes" else node_batches + 2
    load.rolled_back = load.lost + 3

    staged = load.replace(bundle)

    batches = load.writes - 1  # the one rolled back was written twice
    assert load.writes > load.rolled_back and batches > load.lost
    assert _live(backend) == staged
    assert _in_generation(backend, staged) == sum(1 for _ in graph_nodes(bundle))
    rels = backend._driver.execute_query(
        in_generation("MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n", staged)
    ).records[0]["n"]
    assert rels == sum(1 for _ in graph_rels(bundle))  # none twice, none missing


@pytest.mark.neo4j
def test_changes_wait_for_no_load_but_are_refused_while_one_stages(loaded: Neo4jBackend) -> None:
    backend = loaded
    backend._driver.execute_query(
        store_cypher.BEGIN_LOAD,
        token="busy",
        lanes=list(range(LOAD_LANES)),
        staleAfter=backend.load_stale_after,
    )
    trail = backend.change_trail(None, 0, 10)
    with pytest.raises(LoadInProgress, match="retry when it has finished"):
        backend.apply_change(MoveTeam("t-a", "u-b"), "li", AT)
    assert backend.change_trail(None, 0, 10) == trail  # nothing written, not even the trail

    backend._driver.execute_query(store_cypher.END_LOAD, token="busy")
    outcome = backend.apply_change(MoveTeam("t-a", "u-b"), "li", AT)
    assert outcome.errors == () and outcome.record is not None


@pytest.mark.neo4j
def test_a_load_keeps_the_change_trail(loaded: Neo4jBackend) -> None:
    backend = loaded
    outcome = backend.apply_change(MoveTeam("t-a", "u-b"), "li", AT)
    assert outcome.record is not None

    trail = backend.change_trail(None, 0, 10)
    assert trail[1][0] == outcome.record  # the newest first

    backend.replace_all(org().bundle())

    assert backend.change_trail(None, 0, 10) == trail


@pytest.mark.neo4j
def test_a_question_over_a_server_limit_is_a_resource_limit_not_unavailability(
    neo4j_backend: Neo4jBackend,
) -> None:
    huge = "UNWIND range(1, 50000000) AS i WITH collect(i) AS xs RETURN size(xs) AS n"
    started = time.monotonic()
    with pytest.raises(ResourceLimit, match=r"db\.memory\.transaction\.max") as raised:
        neo4j_backend._read(huge)
    assert raised.value.code == "RESOURCE_LIMIT"
    assert time.monotonic() - started < 30  # not retried as if the server were away

    settings = with_test_key(Settings())
    with TestClient(create_app(settings, backend=neo4j_backend)) as client:
        assert client.get("/readyz").status_code == 200
