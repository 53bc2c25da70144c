"""The API under test, serving the sample from each backend in turn.

The clients authenticate as an unscoped admin with a token signed by the test secret
(tests/support/auth.py), and read the API's own text in English (tests/support/language.py);
the scope tests make their own callers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import Settings
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from tests.support.auth import admin_headers, with_test_key
from tests.support.language import ENGLISH

GraphQL = Callable[..., dict[str, Any]]
Serve = Callable[[Settings], TestClient]


@pytest.fixture(scope="module")
def sample_backend(load: Callable[[Bundle], Backend]) -> Backend:
    """The sample, on the backend under test (``backend_kind`` in tests/conftest.py)."""
    return load(read_bundle(SAMPLE_BUNDLE).bundle)


@pytest.fixture(scope="module")
def client(sample_backend: Backend) -> Iterator[TestClient]:
    settings = with_test_key(Settings())
    app = create_app(settings, backend=sample_backend)
    with TestClient(app, headers={**admin_headers(settings), **ENGLISH}) as test_client:
        yield test_client


@pytest.fixture
def serve(sample_backend: Backend) -> Iterator[Serve]:
    """Serve the sample with other settings: ``serve(Settings(max_depth=2))``."""
    with ExitStack() as stack:

        def start(settings: Settings) -> TestClient:
            settings = with_test_key(settings)
            app = create_app(settings, backend=sample_backend)
            headers = {**admin_headers(settings), **ENGLISH}
            return stack.enter_context(TestClient(app, headers=headers))

        yield start


@pytest.fixture
def graphql(client: TestClient) -> GraphQL:
    """POST a query; return the whole response body (data and errors)."""

    def ask(query: str, **variables: Any) -> dict[str, Any]:
        response = client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return ask
