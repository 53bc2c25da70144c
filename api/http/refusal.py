"""The one shape of a refusal sent from ASGI middleware, before any route runs: a GraphQL-style
``{"errors": [{"message", "extensions": {"code", "requestId"}}]}`` body with its status (the id
from api/http/request_id.py, the middleware outside every other)."""

from __future__ import annotations

import json

from starlette.types import Send

from api.http.request_id import error_extensions


async def send_refusal(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps(
        {"errors": [{"message": message, "extensions": error_extensions(code)}]}
    ).encode()
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
