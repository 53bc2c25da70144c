"""Reading one's own writes across API processes: the bookmarks of a request.

Neo4j gives every committed transaction a bookmark, an opaque string; a session opened with
bookmarks waits, before it reads, until the server it reads from has applied them. With several
API workers (or servers, or a cluster whose read replicas serve the reads) a client's next
request may reach a process, or a server, that has not yet seen its last write; so the API
hands the bookmark of each request's write back to the client (the ``X-Orgraph-Bookmark``
response header, api/http/bookmark_header.py) and takes it back on the next request, and the
backend's sessions wait for it.

This module holds what one request carries, in a context variable the HTTP layer sets per
request: ``given``, the bookmarks the client sent, and ``made``, those of the request's own
writes, so a read later in the same request waits for them too. Outside a request (the CLI,
tests) there is none and sessions wait for nothing. No driver types here: bookmarks are their
raw strings.

>>> with request_bookmarks(("FB:a",)):
...     wrote(["FB:b"])
...     to_wait_for(), made_in_request()
(('FB:a', 'FB:b'), ('FB:b',))
>>> to_wait_for()
()
>>> parse_header("FB:kcwQ,FB:x=")
('FB:kcwQ', 'FB:x=')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

#: The header a write's bookmarks are returned in, and taken back in.
HEADER = "X-Orgraph-Bookmark"
#: At most this many bookmarks in a header (a single server gives one), each at most this long:
#: a client cannot make the server parse, or wait for, an unbounded list.
MAX_BOOKMARKS = 8
MAX_LENGTH = 256
#: What a bookmark is made of: Neo4j's are ``FB:`` and base64 (letters, digits, ``+/=``).
_BOOKMARK = re.compile(r"[A-Za-z0-9:+/=_.-]+")


@dataclass(slots=True)
class RequestBookmarks:
    """One request's bookmarks: those its client sent, and those of its own writes."""

    given: tuple[str, ...]
    made: list[str] = field(default_factory=list)


_current: ContextVar[RequestBookmarks | None] = ContextVar("orgraph_bookmarks", default=None)


@contextmanager
def request_bookmarks(given: tuple[str, ...]) -> Iterator[RequestBookmarks]:
    """Within the block, sessions wait for ``given`` and record the bookmarks of writes."""
    current = RequestBookmarks(given)
    token = _current.set(current)
    try:
        yield current
    finally:
        _current.reset(token)


def to_wait_for() -> tuple[str, ...]:
    """What a session opened now must wait for: the client's bookmarks and the request's own."""
    current = _current.get()
    return () if current is None else (*current.given, *current.made)


def wrote(bookmarks: Iterable[str]) -> None:
    """A write of this request committed: its session's bookmarks supersede earlier ones."""
    current = _current.get()
    if current is not None:
        current.made[:] = sorted(bookmarks)


def made_in_request() -> tuple[str, ...]:
    """The bookmarks of the request's last write, to hand back to the client; () if none."""
    current = _current.get()
    return () if current is None else tuple(current.made)


def parse_header(value: str) -> tuple[str, ...]:
    """The bookmarks of a header value (comma-separated); ``ValueError`` saying what is wrong."""
    found = tuple(part.strip() for part in value.split(",") if part.strip())
    if len(found) > MAX_BOOKMARKS:
        raise ValueError(f"{HEADER} holds {len(found)} bookmarks; at most {MAX_BOOKMARKS}")
    for bookmark in found:
        if len(bookmark) > MAX_LENGTH or not _BOOKMARK.fullmatch(bookmark):
            raise ValueError(f"{HEADER} is not a bookmark this service gave")
    return found


def header_value(bookmarks: Iterable[str]) -> str:
    """The header value for ``bookmarks``: comma-separated, as ``parse_header`` reads it."""
    return ",".join(bookmarks)


__all__ = [
    "HEADER",
    "MAX_BOOKMARKS",
    "MAX_LENGTH",
    "RequestBookmarks",
    "header_value",
    "made_in_request",
    "parse_header",
    "request_bookmarks",
    "to_wait_for",
    "wrote",
]
