"""``X-Orgraph-Bookmark``: a write's bookmark comes back to the client, and a request that sends
it back is answered by another process (here another app with its own driver) from a graph
that holds the write; a bookmark that is not one is refused with a coded error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.auth import Role
from api.http.app import create_app
from api.settings import Settings
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend
from queries.neo4j.bookmarks import HEADER, MAX_BOOKMARKS
from tests.support.auth import bearer, with_test_key
from tests.support.change_cases import org

SET_UP = """
mutation ($input: SetUpLiaisonPointInput!) { setUpLiaisonPoint(input: $input) { ok } }
"""
UNCOVERED = '{ uncoveredBranches(asOf: "2025-06-30") { id } }'
#: br-b's coverage, a point question: on Neo4j it reads through the async driver, on the
#: serving loop (queries/neo4j/on_loop.py), where UNCOVERED, a big one, reads in a thread.
B_COVERED_BY = '{ branchCoverage(branchId: "br-b", asOf: "2025-06-30") { liaisonPoint { id } } }'
#: Each read, and what it answers once LP_B is set up.
READS = {
    "big question": (UNCOVERED, {"uncoveredBranches": []}),
    "point question": (B_COVERED_BY, {"branchCoverage": [{"liaisonPoint": {"id": "lp-b"}}]}),
}
LP_B = {"id": "lp-b", "leaderId": "p-wu", "kind": "BRANCH", "targetId": "br-b"}


def serving(backend: MemoryBackend | Neo4jBackend) -> TestClient:
    settings = with_test_key(Settings())
    return TestClient(create_app(settings, backend=backend), headers=bearer(settings, Role.ADMIN))


@pytest.fixture
def two_workers(neo4j_backend: Neo4jBackend, neo4j_uri: str) -> Iterator[list[TestClient]]:
    """Two apps on one database, each with its own driver, as two workers would be."""
    neo4j_backend.replace_all(org().bundle())
    other = Neo4jBackend(neo4j_uri, "neo4j", "orgraph-test")
    with serving(neo4j_backend) as first, serving(other) as second:
        yield [first, second]
    other.close()


@pytest.mark.neo4j
@pytest.mark.parametrize("read", sorted(READS))
def test_a_write_returns_a_bookmark_another_worker_reads_it_with(
    two_workers: list[TestClient], read: str
) -> None:
    first, second = two_workers
    query, written = READS[read]
    before = first.post("/graphql", json={"query": query})
    assert HEADER not in before.headers  # a read gives no bookmark
    assert before.json()["data"] != written

    wrote = first.post("/graphql", json={"query": SET_UP, "variables": {"input": LP_B}})
    assert wrote.json()["data"]["setUpLiaisonPoint"]["ok"] is True
    bookmark = wrote.headers[HEADER]
    assert bookmark.startswith("FB:")

    after = second.post("/graphql", json={"query": query}, headers={HEADER: bookmark})
    assert after.status_code == 200
    assert after.json()["data"] == written


@pytest.mark.neo4j
@pytest.mark.parametrize("read", sorted(READS))
def test_a_bookmark_the_database_never_gave_is_an_invalid_request(
    two_workers: list[TestClient], read: str
) -> None:
    first, _ = two_workers
    query, _ = READS[read]
    response = first.post("/graphql", json={"query": query}, headers={HEADER: "FB:forged"})
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INVALID_REQUEST"
    assert HEADER in error["message"]


@pytest.mark.parametrize(
    "value", ["not a bookmark", "FB:" + "x" * 300, ",".join(["FB:a"] * (MAX_BOOKMARKS + 1))]
)
def test_a_header_that_is_no_bookmark_is_refused_before_any_query(value: str) -> None:
    with serving(MemoryBackend(org().bundle())) as client:
        response = client.post("/graphql", json={"query": UNCOVERED}, headers={HEADER: value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "INVALID_REQUEST"


def test_the_embedded_backend_gives_no_bookmark() -> None:
    with serving(MemoryBackend(org().bundle())) as client:
        wrote = client.post("/graphql", json={"query": SET_UP, "variables": {"input": LP_B}})
    assert wrote.json()["data"]["setUpLiaisonPoint"]["ok"] is True
    assert HEADER not in wrote.headers
