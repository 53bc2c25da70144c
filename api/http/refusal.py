"""The one shape of a refusal sent from ASGI middleware, before any route runs: a GraphQL-style
``{"errors": [{"message", "extensions": {"code"}}]}`` body with its status."""

from __future__ import annotations

import json

from starlette.types import Send


async def send_refusal(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


__all__ = ["send_refusal"]
