"""A lean HTTP/1.1 client for load generators that share the server's cores.

A general client (httpx) spends about as much CPU on a request as the server under test spends
answering it; on a 2-core machine the load generator then takes the core the server needs, and
the figure measures the pair. This one keeps one connection open, writes a ready-made POST and
reads the status line, the headers and the body (``Content-Length`` or chunked): a tenth of
the work. It follows no redirects and speaks no TLS.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import urlsplit


class RawConnection:
    """One kept-alive connection POSTing JSON to one URL."""

    def __init__(self, url: str, headers: dict[str, str] | None = None) -> None:
        parts = urlsplit(url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or 80
        extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        self._head = (
            f"POST {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Content-Type: application/json\r\n{extra}Content-Length: "
        ).encode()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post_json(self, payload: dict[str, Any]) -> tuple[int, bytes]:
        """The status and body of one POST of ``payload``; reconnects once if the server
        closed the kept-alive connection."""
        body = json.dumps(payload).encode()
        request = self._head + str(len(body)).encode() + b"\r\n\r\n" + body
        for attempt in (1, 2):
            if self._writer is None:
                self._reader, self._writer = await asyncio.open_connection(self._host, self._port)
            try:
                self._writer.write(request)
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> tuple[int, bytes]:
        assert self._reader is not None
        status = int((await self._reader.readline()).split(b" ", 2)[1])
        length, chunked, closing = 0, False, False
        while (line := await self._reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = value == b"chunked"
            elif name == b"connection":
                closing = value == b"close"
        body = await self._chunks() if chunked else await self._reader.readexactly(length)
        if closing:
            await self.close()
        return status, body

    async def _chunks(self) -> bytes:
        assert self._reader is not None
        parts = []
        while size := int((await self._reader.readline()).split(b";")[0], 16):
            parts.append(await self._reader.readexactly(size))
            await self._reader.readline()  # the CRLF after each chunk
        while await self._reader.readline() not in (b"\r\n", b""):  # trailers
            pass
        return b"".join(parts)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


__all__ = ["RawConnection"]
