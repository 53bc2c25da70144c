"""Bad input gets a coded error, never a plain-text 500 (issue 10, failure 4 and hardening).

Each test is a probe from the issue: claims of the wrong type, deep JSON, invalid UTF-8, lone
surrogates, huge cursors, field suggestions in production, and an unexpected exception.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import Settings
from graph_model.protocol import Backend
from tests.api.conftest import Serve
from tests.support.auth import TEST_SECRET, with_test_key

UNITS = """query($after: String, $before: String) {
  units(orderBy: NAME, first: 2, after: $after, before: $before) { edges { cursor } }
}"""


def code_of(response: Any) -> str:
    code: str = response.json()["errors"][0]["extensions"]["code"]
    return code


def post_raw(client: TestClient, body: bytes) -> Any:
    return client.post("/graphql", content=body, headers={"content-type": "application/json"})


# -- claims ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", [["admin"], {"admin": True}, 1, None])
def test_a_role_claim_of_the_wrong_type_is_unauthenticated(serve: Serve, role: Any) -> None:
    client = serve(Settings())
    expires = datetime.now(UTC) + timedelta(hours=1)
    token = jwt.encode({"sub": "x", "role": role, "exp": expires}, TEST_SECRET, "HS256")
    response = client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401, response.text
    assert code_of(response) == "UNAUTHENTICATED"


# -- the body at the edge --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        b'{"query": "{ __typename }", "variables": {"v": ' + b'{"a": ' * 3000 + b"1" + b"}" * 3001,
        b"[" * 30_000,
        b'{"query": "{ __typename }", "variables": ' + b"[" * 30_000 + b"]" * 30_000 + b"}",
    ],
    ids=["variables-3000-deep", "30000-brackets", "variables-30000-brackets"],
)
def test_deep_json_is_refused_before_parsing(client: TestClient, body: bytes) -> None:
    response = post_raw(client, body)
    assert response.status_code == 400, response.text
    assert code_of(response) == "INVALID_REQUEST"


def test_brackets_inside_strings_do_not_count(graphql: Any) -> None:
    assert graphql("{ __typename }", note="[" * 1000)["data"] == {"__typename": "Query"}


def test_a_body_that_is_not_utf8_is_refused(client: TestClient) -> None:
    response = post_raw(client, b'{"query": "{ __typename \xff }"}')
    assert response.status_code == 400, response.text
    assert code_of(response) == "INVALID_REQUEST"


@pytest.mark.parametrize(
    "body",
    [
        rb'{"query": "{ __typename }", "variables": {"note": "x\ud800y"}}',
        rb'{"query": "{ entity(id: \"x\ud800y\") { id } }"}',
        rb'{"query": "{ __typename }", "variables": {"x\udfffy": 1}}',
    ],
    ids=["variable", "query-text", "key"],
)
def test_a_lone_surrogate_is_refused_at_the_edge(client: TestClient, body: bytes) -> None:
    response = post_raw(client, body)
    assert response.status_code == 400, response.text
    assert code_of(response) == "INVALID_REQUEST"


def test_a_surrogate_pair_is_a_character(graphql: Any) -> None:
    body = graphql("{ __typename }", note="\U0001f600")
    assert body["data"] == {"__typename": "Query"}


# -- cursors: the same answer on both backends -----------------------------------------------------
def cursor(text: bytes) -> str:
    return base64.b64encode(text).decode("ascii")


@pytest.mark.parametrize(
    "after", [cursor(str(2**63 - 1).encode()), cursor(str(2**64).encode()), cursor(b"9" * 5000)]
)
def test_a_cursor_past_any_list_gives_an_empty_page(graphql: Any, after: str) -> None:
    body = graphql(UNITS, after=after)
    assert "errors" not in body, body
    assert body["data"]["units"]["edges"] == []
    body = graphql(UNITS, before=after)
    assert "errors" not in body, body
    assert len(body["data"]["units"]["edges"]) == 2


@pytest.mark.parametrize("after", [cursor(b"-1"), cursor(b"x"), cursor(b"01"), "not base64!"])
def test_a_cursor_not_of_an_offset_is_invalid(graphql: Any, after: str) -> None:
    body = graphql(UNITS, after=after)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_REQUEST", body


# -- production hides what introspection would show ------------------------------------------------
def test_production_suggests_no_field_names(serve: Serve) -> None:
    settings = Settings(environment="production")
    response = serve(settings).post("/graphql", json={"query": "{ unit }"})
    message = response.json()["errors"][0]["message"]
    assert "Did you mean" not in message, message


def test_development_suggests_field_names(graphql: Any) -> None:
    assert "Did you mean" in graphql("{ unit }")["errors"][0]["message"]


# -- the last resort -------------------------------------------------------------------------------
def test_an_unexpected_exception_answers_coded_json(
    sample_backend: Backend, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("/secret/path bolt://db:7687 driver text")

    monkeypatch.setattr(sample_backend, "ping", broken)
    app = create_app(with_test_key(Settings()), backend=sample_backend)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/readyz")
    assert response.status_code == 500
    assert response.json() == {
        "errors": [{"message": "internal error", "extensions": {"code": "INTERNAL"}}]
    }
    assert "/secret/path" in caplog.text  # the log has it; the client does not


HUGE = cursor(str(2**63 - 1).encode())


@pytest.mark.parametrize(
    "query",
    [
        "query($after: String) { people(first: 2, after: $after) { edges { cursor } } }",
        "query($after: String) { liaisonPoints(first: 2, after: $after) { edges { cursor } } }",
        "query($after: String) { changes(first: 2, after: $after) { edges { cursor } } }",
        "query($after: String) { domains(first: 1) { edges { node {"
        " units(first: 2, after: $after) { edges { cursor } } } } } }",
    ],
    ids=["people", "liaisonPoints", "changes", "domain-units"],
)
def test_every_list_answers_a_huge_cursor_without_an_error(graphql: Any, query: str) -> None:
    body = graphql(query, after=HUGE)
    assert "errors" not in body, body
    assert HUGE not in str(body)  # no item sits at that offset
