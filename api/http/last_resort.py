"""The last resort: an exception nothing else handled answers a coded JSON 500, never plain text.

The client learns only that the server failed (no path, URI or driver text), in its language
(api/schema/refusal_texts.py), and the request's id (api/http/request_id.py); the log gets the
exception with its traceback, under that id. This handler runs after the request-id middleware
has exited (Starlette calls it from its outermost layer), so it reads the id from the request's
scope and sets the response header itself.

Example:

```python
app.add_exception_handler(Exception, internal_error)
```
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.responses import JSONResponse

from api.http.request_id import REQUEST_ID_HEADER, request_id_of
from api.schema.language import request_lang
from api.schema.refusal_texts import Text

INTERNAL = "INTERNAL"
_INTERNAL = Text.of("internal_error")
INTERNAL_MESSAGE = str(_INTERNAL)  # in English

log = logging.getLogger(__name__)


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """500, coded ``INTERNAL``, with the request's id; the exception goes to the log."""
    request_id = request_id_of(request.scope)
    log.error(
        "request %s: unhandled %s on %s %s",
        request_id,
        type(exc).__name__,
        request.method,
        request.url.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    lang = request_lang(request.headers.get("accept-language"))
    extensions = {"code": INTERNAL}
    headers = None
    if request_id is not None:  # None only for an app served without the middleware
        extensions["requestId"] = request_id
        headers = {REQUEST_ID_HEADER: request_id}
    return JSONResponse(
        {"errors": [{"message": _INTERNAL.said(lang), "extensions": extensions}]},
        status_code=500,
        headers=headers,
    )


__all__ = ["INTERNAL", "INTERNAL_MESSAGE", "internal_error"]
