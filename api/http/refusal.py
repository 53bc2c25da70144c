"""The one shape of a refusal sent from ASGI middleware, before any route runs: a GraphQL-style
``{"errors": [{"message", "extensions": {"code", "requestId"}}]}`` body with its status (the id
from api/http/request_id.py, the middleware outside every other), its message in the language of
the request's ``Accept-Language`` (api/schema/language.py, api/schema/refusal_texts.py)."""

from __future__ import annotations

import json

from starlette.datastructures import Headers
from starlette.types import Scope, Send

from api.http.request_id import error_extensions
from api.schema.language import request_lang
from api.schema.refusal_texts import Text, said
from loaders.messages import Lang


def scope_lang(scope: Scope) -> Lang:
    """The language of the request of ``scope``."""
    return request_lang(Headers(scope=scope).get("accept-language"))


async def send_refusal(
    send: Send, status: int, code: str, message: str | Text, scope: Scope
) -> None:
    """Answer ``status`` with ``message`` said in the language of the request of ``scope``."""
    error = {
        "message": said(message, code, scope_lang(scope)),
        "extensions": error_extensions(code),
    }
    encoded = json.dumps({"errors": [error]}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(encoded)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": encoded})


__all__ = ["scope_lang", "send_refusal"]
