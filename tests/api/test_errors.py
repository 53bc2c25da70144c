"""Every error carries a stable ``extensions.code``; a bug says nothing to the client but is
logged whole."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import Settings
from graph_model.results import EntityRef
from loaders import SAMPLE_BUNDLE, read_bundle
from queries.embedded.backend import MemoryBackend
from tests.api.conftest import GraphQL
from tests.support.language import ENGLISH

SECRET = "password=hunter2 at /srv/orgraph/queries/coverage.py line 42"


class BrokenBackend(MemoryBackend):
    """The sample, with one question that fails as a bug would."""

    def uncovered_branches(self, day: date, under_unit_id: str | None = None) -> list[EntityRef]:
        raise RuntimeError(SECRET)


@pytest.fixture(scope="module")
def broken() -> Iterator[TestClient]:
    backend = BrokenBackend(read_bundle(SAMPLE_BUNDLE).bundle)
    app = create_app(Settings(auth_mode="dev"), backend=backend)
    with TestClient(app, headers=ENGLISH) as client:
        yield client


def test_a_bug_is_internal_with_a_generic_message_and_logged_whole(
    broken: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = broken.post("/graphql", json={"query": "{ uncoveredBranches { id } }"})
    assert response.status_code == 200
    request_id = response.headers["x-request-id"]
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "Internal server error",
                "locations": [{"line": 1, "column": 3}],
                "path": ["uncoveredBranches"],
                "extensions": {"code": "INTERNAL", "requestId": request_id},
            }
        ],
    }
    assert "hunter2" not in response.text and "Traceback" not in response.text
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert SECRET in record.getMessage()
    assert record.exc_info and record.exc_info[0] is RuntimeError


def test_a_bug_in_one_field_leaves_the_others_answered(broken: TestClient) -> None:
    body = broken.post(
        "/graphql", json={"query": '{ entity(id: "br-d11") { id } uncoveredBranches { id } }'}
    ).json()
    assert body["data"] is None  # uncoveredBranches is non-null, so the whole data is
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTERNAL"]
    nullable = broken.post("/graphql", json={"query": '{ entity(id: "br-d11") { id } }'}).json()
    assert nullable == {"data": {"entity": {"id": "br-d11"}}}


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        ("{ uncoveredBranches { id ", {}, "GRAPHQL_PARSE_FAILED"),
        ("{ noSuchQuestion }", {}, "GRAPHQL_VALIDATION_FAILED"),
        ("{ uncoveredBranches }", {}, "GRAPHQL_VALIDATION_FAILED"),
        ('{ uncoveredBranches(asOf: "2026-13-01") { id } }', {}, "GRAPHQL_VALIDATION_FAILED"),
        (
            "query($d: Date) { uncoveredBranches(asOf: $d) { id } }",
            {"d": "soon"},
            "GRAPHQL_VALIDATION_FAILED",
        ),
        ("query($id: ID!) { entity(id: $id) { id } }", {}, "GRAPHQL_VALIDATION_FAILED"),
        ('{ branchCoverage(branchId: "nope") { kind } }', {}, "NOT_FOUND"),
    ],
    ids=[
        "syntax",
        "unknown field",
        "no selection",
        "bad date",
        "bad variable",
        "missing variable",
        "not found",
    ],
)
def test_each_failure_has_its_code(
    graphql: GraphQL,
    caplog: pytest.LogCaptureFixture,
    query: str,
    variables: dict[str, str],
    code: str,
) -> None:
    with caplog.at_level(logging.ERROR):
        body = graphql(query, **variables)
    assert body["errors"] and {e["extensions"]["code"] for e in body["errors"]} == {code}
    assert body["errors"][0]["message"] != "Internal server error"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], (
        "a client error is not a fault"
    )
