"""Bad input gets a coded error, never a plain-text 500 (issue 10, failure 4 and hardening).

Each test is a probe from the issue: claims of the wrong type, deep JSON, invalid UTF-8, lone
surrogates, huge cursors, field suggestions in production, and an unexpected exception; then
what the GraphQL fuzz (tests/fuzz) found. Every probe runs on both backends (the ``client``,
``graphql`` and ``serve`` fixtures serve the sample from each in turn).
"""

from __future__ import annotations

import base64
import json
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
from tests.support.language import ENGLISH

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


def test_many_brackets_side_by_side_are_not_deep(graphql: Any) -> None:
    body = graphql("{ __typename }", rows=[{"cells": [1]}] * 100)  # 200 brackets, 3 deep
    assert body["data"] == {"__typename": "Query"}


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


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($o: SortField!) { units(orderBy: $o, first: 1) { totalCount } }", {"o": "NAM"}),
        (
            "query($f: UnitFilter) { units(filter: $f, first: 1) { totalCount } }",
            {"f": {"kindz": 1}},
        ),
        ("{ units(orderBy: NAM, first: 1) { totalCount } }", {}),
    ],
    ids=["enum-variable", "input-field-variable", "enum-literal"],
)
def test_production_suggests_no_enum_values_or_input_fields(
    serve: Serve, query: str, variables: dict[str, Any]
) -> None:
    client = serve(Settings(environment="production"))
    response = client.post("/graphql", json={"query": query, "variables": variables})
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
        response = client.get("/readyz", headers=ENGLISH)
    assert response.status_code == 500
    request_id = response.headers["x-request-id"]
    assert response.json() == {
        "errors": [
            {
                "message": "internal error",
                "extensions": {"code": "INTERNAL", "requestId": request_id},
            }
        ]
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


# -- lone surrogates where a store would meet them: in a note, in an id (both backends) ----------
# Neo4j's driver fails on a lone surrogate (it cannot encode it), so each probe sends one where a
# question or a change would hand it to the store, and checks that nothing was written.
VISIT = """mutation($note: String) { recordVisit(input:
  {liaisonPointId: "lp-pb-01", date: "2026-01-02", note: $note}) { ok } }"""
SET_UP = """mutation($id: ID!) { setUpLiaisonPoint(input:
  {id: $id, leaderId: "p-0001", kind: PARTY_BUILDING, targetId: "po-b01"}) { ok } }"""
ENTITY = "query($id: ID!) { entity(id: $id) { id } }"
CHANGES = "{ changes(first: 1) { totalCount } }"


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (VISIT, {"note": "x\ud800y"}),
        (SET_UP, {"id": "lp-\udfff"}),
        (ENTITY, {"id": "x\ud800y"}),
        (ENTITY, {"id": "\udbff"}),
    ],
    ids=["note", "new-id", "id", "id-alone"],
)
def test_a_lone_surrogate_never_reaches_the_store(
    client: TestClient, graphql: Any, query: str, variables: dict[str, Any]
) -> None:
    before = graphql(CHANGES)["data"]["changes"]["totalCount"]
    body = json.dumps({"query": query, "variables": variables}).encode("ascii")  # as \\ud800
    response = post_raw(client, body)
    assert response.status_code == 400, response.text
    assert code_of(response) == "INVALID_REQUEST"
    assert graphql(CHANGES)["data"]["changes"]["totalCount"] == before


def test_a_surrogate_encoded_as_utf8_bytes_is_refused(client: TestClient) -> None:
    # b"\xed\xa0\x80" is how a lone U+D800 would look written as UTF-8: not valid UTF-8.
    body = b'{"query": "query($n: String) { __typename }", "variables": {"n": "x\xed\xa0\x80y"}}'
    response = post_raw(client, body)
    assert response.status_code == 400, response.text
    assert code_of(response) == "INVALID_REQUEST"


def test_the_probes_leave_the_graph_answering(graphql: Any) -> None:
    # After every refusal above, the store still answers a question that needs it.
    assert graphql(ENTITY, id="lp-pb-01")["data"]["entity"] == {"id": "lp-pb-01"}


# -- found by the fuzz (tests/fuzz) ----------------------------------------------------------------
@pytest.mark.parametrize("as_of", ["0001-01-01", "0001-12-31"])
def test_an_audit_whose_thresholds_reach_before_year_one_is_invalid(
    graphql: Any, as_of: str
) -> None:
    # R02 looks back 12 months: from year 1 that is year 0, which no calendar here holds.
    body = graphql("query($day: Date) { audit(asOf: $day) { asOf } }", day=as_of)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_REQUEST", body
