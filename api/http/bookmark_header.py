"""``X-Orgraph-Bookmark``: a client reads its own writes whichever API process answers it.

A response to a request that wrote (a mutation, an applied import) carries the write's bookmark
in the ``X-Orgraph-Bookmark`` header; a client that sends it back on its next request is
answered from a graph that holds that write, even by another worker, another server, or a
cluster's read replica (the Neo4j backend's sessions wait for it: queries/neo4j/bookmarks.py).
A client that does not care sends nothing and reads whatever the server it reaches has. The
value is opaque: one or more bookmarks separated by commas, to be sent back as it came. One
that is not shaped like a bookmark is refused at once (400, ``INVALID_REQUEST``); a well-shaped
one the database never gave, when the query runs (``INVALID_REQUEST`` too). The embedded
backend has one process and gives none.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.refusal import send_refusal
from api.http.response_head import with_header
from queries.neo4j.bookmarks import (
    HEADER,
    header_value,
    made_in_request,
    parse_header,
    request_bookmarks,
)

_HEADER = HEADER.lower().encode("latin-1")


class BookmarkHeader:
    """ASGI middleware: the request's bookmarks in (``X-Orgraph-Bookmark``) and out."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            given = parse_header(Headers(scope=scope).get(HEADER, ""))
        except ValueError as exc:
            await send_refusal(send, 400, "INVALID_REQUEST", str(exc), scope)
            return

        async def send_with_bookmark(message: Message) -> None:
            # The answer is computed before its head is sent: the request's writes are done.
            made = made_in_request()
            if made:
                message = with_header(message, _HEADER, header_value(made).encode("latin-1"))
            await send(message)

        with request_bookmarks(given):
            await self.app(scope, receive, send_with_bookmark)


__all__ = ["BookmarkHeader"]
