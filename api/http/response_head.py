"""Setting a header on a response as an ASGI middleware sends it on."""

from __future__ import annotations

from starlette.types import Message


def with_header(message: Message, name: bytes, value: bytes) -> Message:
    """``message`` with header ``name`` (lower case) set to ``value`` when it is the response's
    head (any value the app gave is replaced); any other message as it is.

    >>> head = {"type": "http.response.start", "headers": [(b"x-a", b"1"), (b"X-B", b"old")]}
    >>> with_header(head, b"x-b", b"new")["headers"]
    [(b'x-a', b'1'), (b'x-b', b'new')]
    >>> with_header({"type": "http.response.body", "body": b""}, b"x-b", b"new")
    {'type': 'http.response.body', 'body': b''}
    """
    if message["type"] != "http.response.start":
        return message
    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != name]
    return {**message, "headers": [*headers, (name, value)]}


__all__ = ["with_header"]
