"""On Neo4j, point questions are answered on the serving event loop, their reads awaited
through the async driver (queries/neo4j/on_loop.py); big questions stay in a worker thread.
Both give the embedded store's answers."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import Settings
from queries.embedded.backend import MemoryBackend
from queries.neo4j import on_loop
from queries.neo4j.backend import Neo4jBackend
from tests.support.change_cases import org

pytestmark = pytest.mark.neo4j

POINTS = """{
  branchCoverage(branchId: "br-a", asOf: "2025-06-30") {
    kind leader { id name } liaisonPoint { id } evidence { nodes { id } relationships { type } } }
  leaderCoverage(leaderId: "p-li", asOf: "2025-06-30") { branch { id } }
  responsibilityChain(fromId: "t-a", asOf: "2025-06-30") {
    links { level status entities { id } people { person { id } role } } }
  entity(id: "u-a") { id kind name }
}"""
BIG = '{ uncoveredBranches(asOf: "2025-06-30") { id } }'


def answer(client: TestClient, query: str) -> dict[str, Any]:
    body: dict[str, Any] = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body, body
    return body["data"]


@pytest.fixture
def on_neo4j(neo4j_backend: Neo4jBackend) -> Iterator[Neo4jBackend]:
    neo4j_backend.replace_all(org().bundle())
    yield neo4j_backend


def recorded(backend: Neo4jBackend, name: str, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each call of ``backend.<name>`` ran inside a question on the loop."""
    inside: list[bool] = []
    original = getattr(backend, name)

    def recording(*args: Any, **kwargs: Any) -> Any:
        inside.append(on_loop.inside())
        return original(*args, **kwargs)

    monkeypatch.setattr(backend, name, recording)
    return inside


def test_point_questions_read_on_the_loop_and_answer_as_the_embedded_store(
    on_neo4j: Neo4jBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(backend="neo4j", auth_mode="dev")
    with TestClient(create_app(settings, backend=on_neo4j)) as client:
        answer(client, POINTS)  # the schema is in place: nothing left to set up
        reads = recorded(on_neo4j, "_read", monkeypatch)
        sessions = recorded(on_neo4j, "_session", monkeypatch)
        on_neo4j_answer = answer(client, POINTS)
        assert reads and all(reads), reads  # each point question's read, on the loop
        assert sessions == []  # and no sync session
        answer(client, BIG)
        assert sessions and not any(sessions)  # the big question: in a worker thread
    with TestClient(
        create_app(Settings(auth_mode="dev"), backend=MemoryBackend(org().bundle()))
    ) as client:
        assert on_neo4j_answer == answer(client, POINTS)


def test_without_a_serving_loop_point_questions_go_to_a_thread(
    on_neo4j: Neo4jBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads = recorded(on_neo4j, "_read", monkeypatch)
    found = asyncio.run(
        on_neo4j.answer_on_loop(lambda: on_neo4j.branch_coverage("br-a", date(2025, 6, 30)))
    )
    assert [c.liaison_point.id for c in found] == ["lp-a"]
    assert reads == [False]


def test_a_question_that_would_open_a_sync_session_on_the_loop_is_refused(
    on_neo4j: Neo4jBackend,
) -> None:
    async def ask_a_big_question_as_a_point() -> None:
        async with on_neo4j.serving_on_loop():
            await on_neo4j.answer_on_loop(lambda: on_neo4j.uncovered_branches(date(2025, 6, 30)))

    with pytest.raises(RuntimeError, match="opened a session"):
        asyncio.run(ask_a_big_question_as_a_point())
