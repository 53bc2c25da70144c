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

A forged bookmark, well-shaped but for a transaction the database has not reached, would make
a session wait twice the server's ``db.transaction.bookmark_ready_timeout`` (measured: 60 s
with its default, 30 s), and the driver retry the wait (121 s measured before this). So the
first session of a request waits for the client's bookmarks alone, once, in a statement the
driver does not retry (``unreached``, then ``reached``), and the server is set to wait 1 s,
``BOOKMARK_WAIT`` in all: the local launcher (scripts/neo4j-launcher) and docker-compose.yml
set it, the README asks operators to. A lagging replica catches up well within it; past it the
request is refused, ``NOT_REACHED``.

>>> with request_bookmarks(("FB:a",)):
...     wrote(["FB:b"])
...     to_wait_for(), made_in_request()
(('FB:a', 'FB:b'), ('FB:b',))
>>> to_wait_for()
()
>>> parse_header("FB:kcwQ,FB:x=")
('FB:kcwQ', 'FB:x=')
>>> with request_bookmarks(("FB:a",)):
...     first = unreached()
...     reached()
...     first, unreached(), to_wait_for()
(('FB:a',), (), ('FB:a',))
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
#: Seconds a server waits to reach a bookmark before refusing: twice its setting
#: ``db.transaction.bookmark_ready_timeout``, set to 1 s (scripts/neo4j-launcher).
BOOKMARK_WAIT = 2
#: A bookmark the database never gave (a header that is not one of its bookmarks).
NOT_GIVEN = f"{HEADER} names no transaction of this database"
#: A bookmark for a transaction the database has not reached within ``BOOKMARK_WAIT``.
NOT_REACHED = (
    f"{HEADER} names a transaction this database has not reached in time: send back only the "
    "bookmark a response gave; if one did, retry shortly"
)


@dataclass(slots=True)
class RequestBookmarks:
    """One request's bookmarks: those its client sent, and those of its own writes."""

    given: tuple[str, ...]
    made: list[str] = field(default_factory=list)
    reached: bool = False  # a session of the request has waited for ``given``


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


def unreached() -> tuple[str, ...]:
    """The client's bookmarks, until a session of the request has waited for them."""
    current = _current.get()
    return () if current is None or current.reached else current.given


def reached() -> None:
    """A session of this request has waited for the client's bookmarks: the database has them,
    so later sessions need not wait for them first."""
    current = _current.get()
    if current is not None:
        current.reached = True


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
    "BOOKMARK_WAIT",
    "HEADER",
    "MAX_BOOKMARKS",
    "MAX_LENGTH",
    "NOT_GIVEN",
    "NOT_REACHED",
    "RequestBookmarks",
    "header_value",
    "made_in_request",
    "parse_header",
    "reached",
    "request_bookmarks",
    "to_wait_for",
    "unreached",
    "wrote",
]
