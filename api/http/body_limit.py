"""Refuse request bodies over a size with 413, before the app reads them.

One limit holds for every route but those given their own (``POST /imports`` takes
workbooks). A declared ``Content-Length`` over the limit is refused at once; a body sent without one
(chunked) is read up to the limit and refused as soon as it passes it. The refusal is JSON
shaped like a GraphQL error so that clients show it as one, in the request's language.

Example:

```python
app.add_middleware(BodySizeLimit, max_bytes=100_000, route_limits={"/imports": 50_000_000})
```
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.refusal import send_refusal
from api.schema.refusal_texts import Text

REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"


class BodySizeLimit:
    """ASGI middleware: bodies over ``max_bytes`` get 413 with a clear message."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, route_limits: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        #: Paths (exactly) with a limit of their own.
        self.route_limits = dict(route_limits or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.route_limits.get(scope["path"], self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, send, limit)
            return
        received: list[Message] = []
        size = 0
        while True:
            message = await receive()
            received.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > limit:
                await self._refuse(scope, send, limit)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return received.pop(0) if received else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, send: Send, limit: int) -> None:
        message = Text.of("body_too_large", limit=limit)
        await send_refusal(send, 413, REQUEST_TOO_LARGE, message, scope)


__all__ = ["REQUEST_TOO_LARGE", "BodySizeLimit"]
