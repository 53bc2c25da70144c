"""Refuse JSON request bodies no backend should see, with 400 coded ``INVALID_REQUEST``.

Checked before the app parses the body, in this order:

    encoding    the body is UTF-8 (a byte 0xFF is not)
    nesting     brackets nest at most ``max_depth`` deep: a cheap scan of the raw text outside
                strings, so that the JSON parser (recursive) never meets 30,000 nested ``[``
    surrogates  no string holds a lone surrogate (``"x\\ud800y"``): it cannot be encoded, so a
                driver or a file write would fail deep inside

Only bodies declared JSON are checked; workbooks (multipart) are left to their route.

>>> nesting_depth(b'{"a": [[1], "]]]"]}')
3
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.refusal import send_refusal
from api.schema.refusal_texts import Text

INVALID_REQUEST = "INVALID_REQUEST"

#: Deeper than any variables the schema's inputs take, far shallower than Python's recursion.
MAX_JSON_DEPTH = 64

_OPEN, _CLOSE, _QUOTE, _BACKSLASH = frozenset(b"[{"), frozenset(b"]}"), ord('"'), ord("\\")


def nesting_depth(body: bytes) -> int:
    """How deep brackets nest in ``body``, outside strings (whether it is JSON or not)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == _BACKSLASH:
                escaped = True
            elif byte == _QUOTE:
                in_string = False
        elif byte == _QUOTE:
            in_string = True
        elif byte in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif byte in _CLOSE:
            depth -= 1
    return deepest


def body_problem(body: bytes, max_depth: int = MAX_JSON_DEPTH) -> Text | None:
    """Why ``body`` is refused, or None."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Text.of("body_not_utf8", offset=exc.start, byte=f"0x{body[exc.start]:02X}")
    # Each check runs only where it could fail (a query's body is read on every request): the
    # brackets cannot nest deeper than there are opening ones, and in valid UTF-8 a surrogate
    # can only be written as an escape.
    brackets = body.count(b"[") + body.count(b"{")
    if brackets > max_depth and nesting_depth(body) > max_depth:
        return Text.of("body_too_deep", max=max_depth)
    if b"\\u" not in body:
        return None
    try:
        value = json.loads(body)
    except ValueError:
        return None  # not JSON: the GraphQL server says so in its own words
    if _has_lone_surrogate(value):
        return Text.of("body_lone_surrogate")
    return None


def _has_lone_surrogate(value: Any) -> bool:
    """Whether any string in ``value`` (keys included) cannot be encoded as UTF-8."""
    stack = [value]
    while stack:  # a loop, not recursion: the depth is bounded, but why rely on it
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class JsonBodyCheck:
    """ASGI middleware: a JSON body ``body_problem`` finds fault with gets 400, coded."""

    def __init__(self, app: ASGIApp, max_depth: int = MAX_JSON_DEPTH) -> None:
        self.app = app
        self.max_depth = max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _declares_json(scope):
            await self.app(scope, receive, send)
            return
        received: list[Message] = []
        chunks: list[bytes] = []
        while True:  # the size is bounded by BodySizeLimit, outside this
            message = await receive()
            received.append(message)
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        problem = body_problem(b"".join(chunks), self.max_depth)
        if problem is not None:
            await send_refusal(send, 400, INVALID_REQUEST, problem, scope)
            return

        async def replay() -> Message:
            return received.pop(0) if received else await receive()

        await self.app(scope, replay, send)


def _declares_json(scope: Scope) -> bool:
    content_type = dict(scope["headers"]).get(b"content-type", b"")
    return b"json" in content_type.lower()


__all__ = ["INVALID_REQUEST", "MAX_JSON_DEPTH", "JsonBodyCheck", "body_problem", "nesting_depth"]
