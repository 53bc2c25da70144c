"""The fuzz's client: the real app (api/http/app.py) serving the sample from each backend in
turn, to an unscoped admin, who may ask and change everything.

Module-scoped and loaded afresh for each module: the changes alter the graph they run on,
so the questions of another module start again from the sample.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import Settings
from graph_model.protocol import Backend
from graph_model.records import Bundle
from tests.fuzz.operations import sample
from tests.support.auth import admin_headers, with_test_key


@pytest.fixture(scope="module")
def fuzz_client(load: Callable[[Bundle], Backend]) -> Iterator[TestClient]:
    settings = with_test_key(Settings())
    app = create_app(settings, backend=load(sample()))
    with TestClient(app, headers=admin_headers(settings)) as client:
        yield client
