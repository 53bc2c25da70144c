"""The Neo4j backend's circuit breaker (queries/neo4j/breaker.py), with probes of our own."""

from __future__ import annotations

import threading
import time

import pytest

from graph_model.errors import BackendUnavailable
from queries.neo4j.breaker import Breaker

INTERVAL = 0.01


def never_answers() -> None:
    raise ConnectionRefusedError("refused")


def test_refuses_at_once_while_down_and_closes_at_the_first_answer() -> None:
    answers = iter([ConnectionRefusedError("refused")] * 3)

    def probe() -> None:
        failure = next(answers, None)
        if failure is not None:
            raise failure

    breaker = Breaker(probe, "Neo4j", INTERVAL)
    breaker.trip("connection refused")
    start = time.perf_counter()
    with pytest.raises(BackendUnavailable, match="connection refused"):
        breaker.refuse_if_down()
    assert time.perf_counter() - start < 0.01
    assert breaker.wait_until_up(5.0)
    breaker.refuse_if_down()
    breaker.close()


def test_a_probe_the_server_never_answers_does_not_hold_back_the_next() -> None:
    hold = threading.Event()
    calls = 0

    def probe() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            hold.wait(10.0)  # accepted, never answered
            raise ConnectionResetError("gave up")

    breaker = Breaker(probe, "Neo4j", INTERVAL)
    breaker.trip("lost")
    assert breaker.wait_until_up(2.0)
    hold.set()
    breaker.close()


def test_a_readiness_check_that_gets_an_answer_closes_it() -> None:
    breaker = Breaker(never_answers, "Neo4j", 10.0)
    breaker.trip("down")
    assert breaker.down
    breaker.answered()
    assert not breaker.down
    breaker.close()


def test_tripping_twice_keeps_the_first_reason_and_one_prober() -> None:
    breaker = Breaker(never_answers, "Neo4j", 10.0)
    breaker.trip("first")
    breaker.trip("second")
    with pytest.raises(BackendUnavailable, match="first"):
        breaker.refuse_if_down()
    breaker.close()
