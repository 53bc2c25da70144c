"""What every answer to a fuzzed request must be: JSON, never a 5xx, every error coded and none
``INTERNAL``; a 4xx only with a coded error.

A failure names the request and carries what the server logged (the traceback of an
``INTERNAL``), so the report is the reproduction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2
from fastapi.testclient import TestClient

INTERNAL = "INTERNAL"


class _Keep(logging.Handler):
    """Keeps the records logged while a request runs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def text(self) -> str:
        formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")
        return "\n".join(formatter.format(record) for record in self.records)


@contextmanager
def server_log() -> Iterator[_Keep]:
    """What the server logs (warnings and worse) inside the block."""
    keep = _Keep()
    root = logging.getLogger()
    root.addHandler(keep)
    try:
        yield keep
    finally:
        root.removeHandler(keep)


def body_of(document: str, variables: dict[str, Any] | None = None) -> bytes:
    """The request body as a client sends it: JSON with non-ASCII escaped, so a lone surrogate
    travels as ``\\ud800`` (as a browser would send it) rather than failing in the client."""
    payload: dict[str, Any] = {"query": document}
    if variables is not None:
        payload["variables"] = variables
    return json.dumps(payload).encode("ascii")


def post(
    client: TestClient,
    document: str,
    variables: dict[str, Any] | None = None,
    language: str | None = None,
) -> Any:
    """POST ``document`` to /graphql and check the answer (``check``); return its body."""
    headers = {"content-type": "application/json"}
    if language is not None:
        headers["accept-language"] = language
    with server_log() as log:
        response = client.post("/graphql", content=body_of(document, variables), headers=headers)
    request = f"{document}\nvariables: {variables!r}\nAccept-Language: {language!r}"
    return check(response, request, log.text())


def check(response: httpx2.Response, request: str, logged: str = "") -> Any:
    """The response's body, after asserting it is a coded answer and not a server fault."""
    where = f"\n--- request\n{request}\n--- response {response.status_code}\n{response.text[:2000]}"
    where += f"\n--- server log\n{logged}" if logged else ""
    assert response.status_code < 500, "a server error" + where
    try:
        body = response.json()
    except ValueError:
        raise AssertionError("an answer that is not JSON" + where) from None
    assert isinstance(body, dict) and ("data" in body or "errors" in body), "not GraphQL" + where
    errors = body.get("errors") or []
    if response.status_code >= 400:
        assert errors, "a refusal without an error" + where
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        assert isinstance(code, str), "an error without a code" + where
        assert code != INTERNAL, "INTERNAL" + where
    return body


__all__ = ["body_of", "check", "post", "server_log"]
