"""A change whose COMMIT was sent, then failed, is answered "it may have been applied", and is
never sent again (issue 10: 2 runs of 7 stopping Neo4j under writers answered such a change
plainly ``BACKEND_UNAVAILABLE``, "the database is unavailable", though it was committed).

Two ways a COMMIT fails after the server may have made it durable, each made to happen on
purpose against the session's server: the server answers it with a transient failure (as one
shutting down may), and the connection is cut right after COMMIT, the answer lost
(tests/support/commit_cut.py). Each time the change is in the graph once, and the caller is
told it may have been applied, in English and in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient
from neo4j._sync.work.transaction import TransactionBase
from neo4j.exceptions import DatabaseUnavailable

from api.auth import Role
from api.http.app import create_app
from api.schema.error_texts import ERROR_MESSAGES
from api.settings import Settings
from graph_model.changes import LoadNote
from queries.neo4j.backend import Neo4jBackend
from tests.support.auth import bearer, with_test_key
from tests.support.change_cases import org
from tests.support.commit_cut import CommitCut

pytestmark = pytest.mark.neo4j

VISIT = """
mutation ($note: String!) {
  recordVisit(input: {liaisonPointId: "lp-a", date: "2025-07-01", note: $note}) { ok }
}
"""
UNCERTAIN = ERROR_MESSAGES["commit_uncertain"]
NOTE = f"failed-commit-{uuid4().hex}"  # the trail outlives the test session


def serving(backend: Neo4jBackend, lang: str = "en") -> TestClient:
    settings = with_test_key(Settings(backend="neo4j"))
    headers = {**bearer(settings, Role.ADMIN), "Accept-Language": lang}
    return TestClient(create_app(settings, backend=backend), headers=headers)


def visits_noted(backend: Neo4jBackend, note: str) -> int:
    """How many changes of the trail recorded a visit with ``note``."""
    _, trail = backend.change_trail("lp-a", 0, 1000)
    return sum(1 for entry in trail if (entry.after or {}).get("note") == note)


@pytest.fixture
def fresh(neo4j_backend: Neo4jBackend) -> Iterator[Neo4jBackend]:
    """The organisation of the change tests; after the test, a load recorded in the trail, so
    that a later test's load finds no change of this test's since the last load to refuse for."""
    bundle = org().bundle()
    neo4j_backend.replace_all(bundle)
    yield neo4j_backend
    note = LoadNote("fault-tests", datetime.now(UTC), ("u-co",), None, {})
    neo4j_backend.load_bundle(bundle, note)


def test_a_commit_answered_with_a_transient_failure_is_not_run_again(
    fresh: Neo4jBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    committed: list[str] = []
    commit: Callable[[TransactionBase], Any] = TransactionBase._commit

    def commit_then_fail(tx: TransactionBase) -> Any:
        bookmark = commit(tx)  # the server has committed
        if not committed:
            committed.append(bookmark)
            raise DatabaseUnavailable("the database is shutting down")  # retryable
        return bookmark

    monkeypatch.setattr(TransactionBase, "_commit", commit_then_fail)
    with serving(fresh) as client:
        body = client.post("/graphql", json={"query": VISIT, "variables": {"note": NOTE}}).json()
    monkeypatch.undo()

    assert committed, "the COMMIT was never sent"
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BACKEND_UNAVAILABLE"
    assert error["message"] == UNCERTAIN.en
    assert visits_noted(fresh, NOTE) == 1  # applied, and not a second time by a retry


@pytest.fixture
def cutting(neo4j_uri: str, fresh: Neo4jBackend) -> Iterator[tuple[CommitCut, Neo4jBackend]]:
    target = urlparse(neo4j_uri)
    proxy = CommitCut(target.hostname or "127.0.0.1", target.port or 7687)
    backend = Neo4jBackend(f"bolt://127.0.0.1:{proxy.port}", "neo4j", "orgraph-test")
    yield proxy, backend
    backend.close()
    proxy.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_connection_cut_right_after_commit_may_have_been_applied(
    cutting: tuple[CommitCut, Neo4jBackend], fresh: Neo4jBackend, lang: str
) -> None:
    proxy, backend = cutting
    note = f"cut-{lang}-{uuid4().hex}"  # the trail outlives loads and test sessions
    with serving(backend, lang) as client:
        warm = client.post("/graphql", json={"query": VISIT, "variables": {"note": "warm"}})
        assert warm.json()["data"]["recordVisit"]["ok"] is True
        proxy.arm()
        body = client.post("/graphql", json={"query": VISIT, "variables": {"note": note}}).json()

    assert proxy.cuts == 1
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BACKEND_UNAVAILABLE"
    assert error["message"] == (UNCERTAIN.en if lang == "en" else UNCERTAIN.zh)
    assert visits_noted(fresh, note) == 1  # it was applied: "may have been" was right
