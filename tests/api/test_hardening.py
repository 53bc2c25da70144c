"""Hardening (issue 10, failure 6): every answer and every error carries a request id, which the
log line of an error names too; a store's failure reaches callers as a fixed message, its path,
URI or driver text only in the log; a production server prints no GraphiQL address; an uploaded
workbook whose cell is not text is refused naming the cell."""

from __future__ import annotations

import io
import re
import resource
import signal
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from typer.testing import CliRunner

from api.cli.main import app as cli
from api.http.app import create_app
from api.http.imports import KEEP_FAILED
from api.http.uploads import WORKBOOK_TYPE
from api.schema.errors import UNAVAILABLE_MESSAGES
from api.settings import Settings
from graph_model.protocol import Backend
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend
from tests.api.conftest import Serve
from tests.support.auth import TEST_SECRET, with_test_key
from tests.support.change_cases import org
from tests.support.workbooks import sample_book

REQUEST_ID = "X-Request-Id"
#: The fixed messages are compared in English (a caller is answered in Chinese by default).
ENGLISH = {"Accept-Language": "en"}
GENERATED = re.compile(r"[0-9a-f]{32}")
UNCOVERED = {"query": '{ uncoveredBranches(asOf: "2026-01-01") { id } }'}
SET_UP = {
    "query": "mutation ($input: SetUpLiaisonPointInput!) { setUpLiaisonPoint(input: $input) {"
    " ok } }",
    "variables": {
        "input": {"id": "lp-b", "leaderId": "p-wu", "kind": "BRANCH", "targetId": "br-b"}
    },
}


def logged_with(caplog: pytest.LogCaptureFixture, request_id: str) -> list[str]:
    """What the log lines that name ``request_id`` say, with the exception each carries."""
    return [
        f"{r.getMessage()} {r.exc_info[1] if r.exc_info else ''}"
        for r in caplog.records
        if request_id in r.getMessage()
    ]


# -- every request has an id -----------------------------------------------------------------------
def test_a_request_without_an_id_is_given_a_new_one(client: TestClient) -> None:
    first, second = client.get("/healthz"), client.get("/healthz")
    assert GENERATED.fullmatch(first.headers[REQUEST_ID])
    assert first.headers[REQUEST_ID] != second.headers[REQUEST_ID]


@pytest.mark.parametrize("sent", ["client-7f3a", "0" * 64, "trace:4bf9/2a=="])
def test_a_sane_id_from_the_caller_is_kept(client: TestClient, sent: str) -> None:
    response = client.post("/graphql", json={"query": "{ unit }"}, headers={REQUEST_ID: sent})
    assert response.headers[REQUEST_ID] == sent
    assert response.json()["errors"][0]["extensions"]["requestId"] == sent


@pytest.mark.parametrize(
    "sent", ["two words", "x" * 65, "caf\u00e9".encode("latin-1")], ids=["space", "long", "latin1"]
)
def test_an_id_that_is_not_sane_is_replaced(client: TestClient, sent: str | bytes) -> None:
    response = client.get("/healthz", headers={REQUEST_ID: sent})
    assert GENERATED.fullmatch(response.headers[REQUEST_ID])


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ unit }", "GRAPHQL_VALIDATION_FAILED"),
        ('{ units(first: 1, after: "eA==") { edges { cursor } } }', "INVALID_REQUEST"),
        ("{ units", "GRAPHQL_PARSE_FAILED"),
    ],
)
def test_every_graphql_error_carries_the_id(client: TestClient, query: str, code: str) -> None:
    response = client.post("/graphql", json={"query": query})
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": code, "requestId": response.headers[REQUEST_ID]}


def test_a_refusal_at_the_edge_carries_the_id(client: TestClient) -> None:
    response = client.post(
        "/graphql",
        content=b'{"query": "\xff"}',
        headers={"content-type": "application/json", REQUEST_ID: "edge-1"},
    )
    assert response.status_code == 400
    assert response.headers[REQUEST_ID] == "edge-1"
    assert response.json()["errors"][0]["extensions"] == {
        "code": "INVALID_REQUEST",
        "requestId": "edge-1",
    }


def test_a_refused_import_carries_the_id(client: TestClient) -> None:
    response = client.post(
        "/imports", content=b"x", headers={"content-type": "text/plain", REQUEST_ID: "imp-1"}
    )
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["requestId"] == "imp-1"


def test_the_last_resort_carries_the_id_and_logs_it(
    sample_backend: Backend, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("/secret/path bolt://db:7687 driver text")

    monkeypatch.setattr(sample_backend, "ping", broken)
    app = create_app(with_test_key(Settings()), backend=sample_backend)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/readyz", headers={REQUEST_ID: "boom-1"})
    assert response.status_code == 500
    assert response.headers[REQUEST_ID] == "boom-1"
    assert response.json()["errors"][0]["extensions"] == {"code": "INTERNAL", "requestId": "boom-1"}
    assert "/secret/path" not in response.text
    assert any("/secret/path" in line for line in logged_with(caplog, "boom-1"))


# -- a store's failure, in a fixed message ---------------------------------------------------------
@contextmanager
def files_cannot_grow() -> Iterator[None]:
    """Every write that would make a file longer than one byte fails (EFBIG), as on a full disk:
    the tests run as root, whom a read-only folder would not stop."""
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an error, not the signal's kill
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


def test_an_embedded_store_that_cannot_save_names_no_path(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state = tmp_path / "state-folder"
    backend = MemoryBackend(org().bundle(), state_dir=state)
    app = create_app(Settings(auth_mode="dev"), backend=backend)
    with TestClient(app) as client, files_cannot_grow():
        response = client.post("/graphql", json=SET_UP, headers={REQUEST_ID: "save-1", **ENGLISH})
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BACKEND_UNAVAILABLE", "requestId": "save-1"}
    assert error["message"] == UNAVAILABLE_MESSAGES["memory"]
    assert str(tmp_path) not in response.text
    assert any(str(state) in line for line in logged_with(caplog, "save-1"))


def test_an_import_the_server_cannot_keep_names_no_folder(
    serve: Serve, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = serve(Settings(imports_dir=tmp_path / "imports"))
    body = sample_book(tmp_path / "sample.xlsx").read_bytes()
    headers = {"content-type": WORKBOOK_TYPE, REQUEST_ID: "keep-1"}
    with files_cannot_grow():
        response = client.post("/imports", content=body, headers=headers)
    assert response.status_code == 503, response.text[:500]
    assert response.json()["errors"] == [
        {
            "message": KEEP_FAILED,
            "extensions": {"code": "IMPORTS_FOLDER_UNAVAILABLE", "requestId": "keep-1"},
        }
    ]
    assert any(str(tmp_path) in line for line in logged_with(caplog, "keep-1"))


def test_a_database_that_cannot_be_reached_names_no_uri(caplog: pytest.LogCaptureFixture) -> None:
    backend = Neo4jBackend("bolt://127.0.0.1:9", "neo4j", "x")
    try:
        app = create_app(Settings(backend="neo4j", auth_mode="dev"), backend=backend)
        with TestClient(app) as client:
            ready = client.get("/readyz", headers={REQUEST_ID: "ready-1"})
            asked = client.post(
                "/graphql", json=UNCOVERED, headers={REQUEST_ID: "ask-1", **ENGLISH}
            )
    finally:
        backend.close()
    assert ready.status_code == 503
    assert ready.json() == {
        "status": "unavailable",
        "backend": "neo4j",
        "error": UNAVAILABLE_MESSAGES["neo4j"],
        "requestId": "ready-1",
    }
    [error] = asked.json()["errors"]
    assert error["extensions"] == {"code": "BACKEND_UNAVAILABLE", "requestId": "ask-1"}
    assert error["message"] == UNAVAILABLE_MESSAGES["neo4j"]
    for response in (ready, asked):
        assert "127.0.0.1:9" not in response.text and "bolt" not in response.text
    for request_id in ("ready-1", "ask-1"):
        assert any("127.0.0.1:9" in line for line in logged_with(caplog, request_id))


# -- a workbook whose cells are not text -----------------------------------------------------------
def workbook_with(text: bytes) -> bytes:
    """A workbook of one unit whose name's cell (units!B2) holds ``text`` as it is in the XML."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "units"
    sheet.append(["id", "name", "kind"])
    sheet.append(["u-1", "PLACEHOLDER", "company"])
    written, out = io.BytesIO(), io.BytesIO()
    book.save(written)
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry).replace(b"PLACEHOLDER", text))
    return out.getvalue()


@pytest.mark.parametrize(
    "text", [b"x&#xD800;y", b"x&#56320;y", b"x\xed\xa0\x80y"], ids=["surrogate", "low", "not-utf8"]
)
def test_an_uploaded_workbook_whose_cell_is_not_text_is_located(
    client: TestClient, text: bytes
) -> None:
    response = client.post(
        "/imports",
        content=workbook_with(text),
        headers={"content-type": WORKBOOK_TYPE, "Accept-Language": "en"},
    )
    assert response.status_code == 422, response.text[:500]
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "INVALID_BUNDLE"
    [found] = body["problems"]
    assert (found["sheet"], found["cell"], found["row"]) == ("units", "B2", 2)
    assert "not text" in found["message"]


# -- what a production server prints ---------------------------------------------------------------
@pytest.mark.parametrize("environment", ["production", "development"])
def test_a_production_server_prints_no_graphiql_address(
    environment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[Any] = []
    monkeypatch.setattr("api.http.serving.serve", lambda *args: served.append(args))
    monkeypatch.setattr("api.cli.web_build.build_for_serving", lambda *_: None, raising=False)
    monkeypatch.setenv("ORGRAPH_ENVIRONMENT", environment)
    monkeypatch.setenv("ORGRAPH_JWT_SECRET", TEST_SECRET)
    result = CliRunner().invoke(cli, ["serve", "--state-dir", str(tmp_path / "state")])
    assert result.exit_code == 0, result.output
    assert served, "the server was not started"
    assert ("GraphiQL" in result.output) is (environment == "development"), result.output
