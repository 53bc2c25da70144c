"""Every request gets an id, so that what a caller is told and what the log says can be matched.

The id is the caller's ``X-Request-Id`` when it is sane (1 to 64 visible ASCII characters: a
proxy's or a client's own id keeps the trail across systems), else a new one (32 hex digits).
It is echoed in the response's ``X-Request-Id`` header, carried by every error a caller gets
(``extensions.requestId``, see ``error_extensions``) and named by every log line about an error.

While the request runs, ``current_request_id()`` gives it (a context variable: the backend's
worker threads see it too, as anyio copies the context to them); the error handler that runs
after the middleware has exited (the last resort) finds it in the request's scope
(``request_id_of``).

>>> is_sane("3f2a-client-7"), is_sane(""), is_sane("a b"), is_sane("x" * 65), is_sane("id\\n")
(True, False, False, False, False)
"""

from __future__ import annotations

import re
import uuid
from collections.abc import MutableMapping
from contextvars import ContextVar
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.response_head import with_header

REQUEST_ID_HEADER = "X-Request-Id"
#: The longest id taken from a caller: enough for a UUID or a trace id, short in a log line.
MAX_LENGTH = 64

_SANE = re.compile(rf"[\x21-\x7e]{{1,{MAX_LENGTH}}}")
_HEADER = REQUEST_ID_HEADER.lower().encode("latin-1")
#: Where the id is kept in the ASGI scope, for handlers that run outside the middleware.
_SCOPE_KEY = "orgraph.request_id"
_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def is_sane(candidate: str) -> bool:
    """Whether a caller's id may be used as it is: short, visible ASCII, no spaces."""
    return _SANE.fullmatch(candidate) is not None


def new_request_id() -> str:
    return uuid.uuid4().hex


def current_request_id() -> str | None:
    """The id of the request being served, or None outside one (the CLI, a test of the bare
    schema)."""
    return _current.get()


def request_id_of(scope: MutableMapping[str, Any]) -> str | None:
    """The id the middleware gave the request of ``scope``."""
    found = scope.get(_SCOPE_KEY)
    return found if isinstance(found, str) else None


def error_extensions(code: str) -> dict[str, str]:
    """A JSON error's ``extensions``: its code, and the request's id when there is one."""
    request_id = current_request_id()
    return {"code": code} if request_id is None else {"code": code, "requestId": request_id}


class RequestIds:
    """ASGI middleware: gives each HTTP request its id, for as long as it runs, and adds the
    ``X-Request-Id`` header to its response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _chosen(scope)
        scope[_SCOPE_KEY] = request_id
        value = request_id.encode("ascii")

        async def send_with_id(message: Message) -> None:
            await send(with_header(message, _HEADER, value))

        token = _current.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            _current.reset(token)


def _chosen(scope: Scope) -> str:
    """The caller's id when sane, else a new one."""
    for name, value in scope["headers"]:
        if name.lower() == _HEADER:
            candidate = value.decode("latin-1")
            return candidate if is_sane(candidate) else new_request_id()
    return new_request_id()


__all__ = [
    "MAX_LENGTH",
    "REQUEST_ID_HEADER",
    "RequestIds",
    "current_request_id",
    "error_extensions",
    "is_sane",
    "new_request_id",
    "request_id_of",
]
