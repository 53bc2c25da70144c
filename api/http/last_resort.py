"""The last resort: an exception nothing else handled answers a coded JSON 500, never plain text.

The client learns only that the server failed (no path, URI or driver text); the log gets the
exception with its traceback.

Example:

```python
app.add_exception_handler(Exception, internal_error)
```
"""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.responses import JSONResponse

INTERNAL = "INTERNAL"
INTERNAL_MESSAGE = "internal error"

log = logging.getLogger(__name__)


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    """500, coded ``INTERNAL``; the exception goes to the log."""
    log.error(
        "unhandled %s on %s %s",
        type(exc).__name__,
        request.method,
        request.url.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    return JSONResponse(
        {"errors": [{"message": INTERNAL_MESSAGE, "extensions": {"code": INTERNAL}}]},
        status_code=500,
    )


__all__ = ["INTERNAL", "INTERNAL_MESSAGE", "internal_error"]
