"""The API under test, serving the sample from each backend in turn."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from loaders import SAMPLE_BUNDLE, read_bundle
from queries.memory_backend import MemoryBackend

GraphQL = Callable[..., dict[str, Any]]


@pytest.fixture(scope="module", params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def client(request: pytest.FixtureRequest) -> Iterator[TestClient]:
    bundle = read_bundle(SAMPLE_BUNDLE).bundle
    if request.param == "memory":
        backend = MemoryBackend(bundle)
    else:
        backend = request.getfixturevalue("neo4j_backend")
        backend.replace_all(bundle)
    with TestClient(create_app(Settings(), backend=backend)) as test_client:
        yield test_client


@pytest.fixture
def graphql(client: TestClient) -> GraphQL:
    """POST a query; return the whole response body (data and errors)."""

    def ask(query: str, **variables: Any) -> dict[str, Any]:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return ask
