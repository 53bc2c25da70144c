"""Refuse request bodies over a size with 413, before the app reads them.

A declared ``Content-Length`` over the limit is refused at once; a body sent without one
(chunked) is read up to the limit and refused as soon as it passes it. The refusal is JSON
shaped like a GraphQL error so that clients show it as one.

Example:

```python
app.add_middleware(BodySizeLimit, max_bytes=100_000)
```
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"


class BodySizeLimit:
    """ASGI middleware: bodies over ``max_bytes`` get 413 with a clear message."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        received: list[Message] = []
        size = 0
        while True:
            message = await receive()
            received.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return received.pop(0) if received else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        message = f"request body too large: the limit is {self.max_bytes} bytes"
        body = json.dumps(
            {"errors": [{"message": message, "extensions": {"code": REQUEST_TOO_LARGE}}]}
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


__all__ = ["REQUEST_TOO_LARGE", "BodySizeLimit"]
