"""Who may ask, over HTTP (api/auth.py): 401 without a good token, FORBIDDEN for a viewer's
change, the probes open, GraphiQL open, dev mode only when chosen; and ``orgraph token``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import jwt
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.auth import AuthConfigError, Role
from api.cli.main import app as cli
from api.http.app import create_app
from api.settings import Settings
from graph_model.protocol import Backend
from tests.support.auth import TEST_SECRET, bearer
from tests.support.language import ENGLISH

QUERY = {"query": "{ uncoveredBranches { id } }"}
SETTINGS = Settings(jwt_secret=TEST_SECRET)
Start = Callable[[Settings], TestClient]


@pytest.fixture
def start(sample_backend: Backend) -> Iterator[Start]:
    clients: list[TestClient] = []

    def started(settings: Settings) -> TestClient:
        client = TestClient(create_app(settings, backend=sample_backend))
        clients.append(client.__enter__())
        return client

    yield started
    for client in clients:
        client.__exit__(None, None, None)


def test_without_a_token_graphql_answers_401_with_a_challenge(start: Start) -> None:
    response = start(SETTINGS).post("/graphql", json=QUERY, headers=ENGLISH)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="orgraph"'
    assert response.json() == {
        "errors": [
            {
                "message": "a bearer token is required: send 'Authorization: Bearer <token>'",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]
    }


def test_an_expired_token_answers_401_saying_so(start: Start) -> None:
    expired = bearer(SETTINGS, Role.ADMIN, lifetime=timedelta(seconds=-60))
    response = start(SETTINGS).post("/graphql", json=QUERY, headers={**expired, **ENGLISH})
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "the token has expired"
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_a_token_signed_with_another_secret_answers_401(start: Start) -> None:
    other = Settings(jwt_secret=TEST_SECRET[::-1])
    response = start(SETTINGS).post("/graphql", json=QUERY, headers=bearer(other))
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_the_probes_and_graphiql_stay_open(start: Start) -> None:
    client = start(SETTINGS)
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
    assert client.get("/graphql", headers={"Accept": "text/html"}).status_code == 200


def test_with_a_token_every_role_may_ask(start: Start) -> None:
    client = start(SETTINGS)
    for role, scope in ((Role.VIEWER, "u-b09"), (Role.EDITOR, "u-b09"), (Role.ADMIN, None)):
        response = client.post("/graphql", json=QUERY, headers=bearer(SETTINGS, role, scope))
        assert response.status_code == 200 and "errors" not in response.json()


CHANGE = {
    "query": 'mutation { recordVisit(input: {liaisonPointId: "lp-b09-2", date: "2026-01-02"}) '
    "{ ok errors { message } } }"
}


def test_a_viewer_may_not_change_anything_an_editor_may(start: Start) -> None:
    client = start(SETTINGS)
    viewer = client.post("/graphql", json=CHANGE, headers=bearer(SETTINGS, Role.VIEWER, "u-b09"))
    assert viewer.json()["data"] is None
    assert viewer.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    editor = client.post("/graphql", json=CHANGE, headers=bearer(SETTINGS, Role.EDITOR, "u-b09"))
    assert editor.json()["data"]["recordVisit"]["ok"], editor.json()


def test_dev_mode_lets_an_anonymous_caller_in_as_an_admin(start: Start) -> None:
    client = start(Settings(auth_mode="dev"))
    response = client.post("/graphql", json={"query": '{ node(id: "po-gx") { id } }'})
    assert response.json() == {"data": {"node": {"id": "po-gx"}}}


def test_an_app_that_cannot_check_tokens_does_not_start(sample_backend: Backend) -> None:
    with pytest.raises(AuthConfigError, match="ORGRAPH_AUTH_MODE=dev"):
        create_app(Settings(), backend=sample_backend)


# -- orgraph token ---------------------------------------------------------------------------------
def test_orgraph_token_mints_what_the_server_accepts(
    start: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORGRAPH_JWT_SECRET", TEST_SECRET)
    done = CliRunner().invoke(
        cli, ["token", "--role", "viewer", "--scope", "u-b09", "--expires", "2h"]
    )
    assert done.exit_code == 0, done.output
    token = done.stdout.strip()
    claims = jwt.decode(token, TEST_SECRET, algorithms=["HS256"], audience="orgraph")
    assert (claims["role"], claims["scope"], claims["exp"] - claims["iat"]) == (
        "viewer",
        "u-b09",
        7200,
    )
    headers = {"Authorization": f"Bearer {token}"}
    answer = start(SETTINGS).post(
        "/graphql", json={"query": '{ node(id: "po-gx") { id } }'}, headers=headers
    )
    assert answer.json() == {"data": {"node": None}}  # scoped to u-b09: the company is not there


def test_orgraph_token_needs_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORGRAPH_JWT_SECRET", raising=False)
    done = CliRunner().invoke(cli, ["token", "--role", "admin"])
    assert done.exit_code == 2
    assert "ORGRAPH_JWT_SECRET is not set" in done.output
