"""Relay cursor paging over lists in a defined order: cursors, arguments, windows, and how a
page is asked of a store that pages (``fetch_page``).

A cursor is opaque to clients; it is the standard base64 of the item's 0-based offset in the
list, written in decimal (offset 0 is ``"MA=="``, offset 10 ``"MTA="``). Cursors name
positions, not items: a list that changes between two requests shifts under them.

The window follows the Relay connection specification: ``after`` and ``before`` cut the list,
then ``first`` keeps the head of what is left and ``last`` its tail. Without ``first`` or
``last`` a page holds ``max_page_size`` items; more than that is refused.

>>> args = PageArgs.parse(first=2, after=encode_cursor(0), last=None, before=None, max_size=5)
>>> bounds(args, total=10)
(1, 3)
>>> bounds(PageArgs.parse(None, None, 3, None, max_size=5), total=10)
(7, 10)
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from graph_model.errors import InvalidRequest

T = TypeVar("T")


def encode_cursor(offset: int) -> str:
    """The cursor of the item at ``offset``."""
    return base64.b64encode(str(offset).encode("ascii")).decode("ascii")


#: The largest offset a cursor is taken to name: past any list, and small enough for every store
#: with a page added to it (Neo4j slices a list only at 32-bit indices: 2**31 + 1 is refused).
MAX_OFFSET = 2**30


def decode_cursor(cursor: str) -> int:
    """The offset a cursor names; ``InvalidRequest`` for anything this module did not make.
    An offset past ``MAX_OFFSET`` lies past the end of any list: it is taken as ``MAX_OFFSET``,
    so that every backend answers it alike, with an empty page.

    >>> decode_cursor(encode_cursor(2**63 - 1)) == MAX_OFFSET
    True
    >>> decode_cursor(base64.b64encode(b"9" * 5000).decode()) == MAX_OFFSET
    True
    """
    try:
        text = base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii")
    except (UnicodeError, binascii.Error):
        text = ""
    canonical = text.isdigit() and (text == "0" or not text.startswith("0"))
    if not canonical or base64.b64encode(text.encode("ascii")).decode("ascii") != cursor:
        raise InvalidRequest(f"{cursor!r} is not a cursor of this list")
    # Compared as text: int() refuses a string of over 4,300 digits.
    return MAX_OFFSET if len(text) > len(str(MAX_OFFSET)) else min(int(text), MAX_OFFSET)


@dataclass(frozen=True, slots=True)
class PageArgs:
    """The Relay arguments, cursors decoded to offsets; ``first`` set when neither is given."""

    first: int | None
    after: int | None
    last: int | None
    before: int | None

    @classmethod
    def parse(
        cls,
        first: int | None,
        after: str | None,
        last: int | None,
        before: str | None,
        max_size: int,
    ) -> PageArgs:
        for name, size in (("first", first), ("last", last)):
            if size is not None and size < 0:
                raise InvalidRequest(f"{name} must not be negative, got {size}")
            if size is not None and size > max_size:
                raise InvalidRequest(
                    f"{name} is {size}, more than the {max_size} items a page may hold; "
                    "page through the list with the cursors"
                )
        return cls(
            max_size if first is None and last is None else first,
            None if after is None else decode_cursor(after),
            last,
            None if before is None else decode_cursor(before),
        )


def bounds(args: PageArgs, total: int) -> tuple[int, int]:
    """The offsets ``[start, end)`` of the page in a list of ``total`` items."""
    start = 0 if args.after is None else min(args.after + 1, total)
    end = total if args.before is None else max(start, min(args.before, total))
    if args.first is not None:
        end = min(end, start + args.first)
    if args.last is not None:
        start = max(start, end - args.last)
    return start, end


@dataclass(frozen=True, slots=True)
class Fetch:
    """What to ask a store for before the list's length is known: ``limit`` items from
    ``offset``, counted from the end when ``descending``."""

    offset: int
    limit: int
    descending: bool = False


def plan(args: PageArgs) -> Fetch:
    """A fetch that holds the page whenever every cursor lies within the list."""
    start = 0 if args.after is None else args.after + 1
    if args.first is None and args.before is None:
        assert args.last is not None  # parse sets first when neither is given
        return Fetch(0, args.last, descending=True)
    if args.first is not None:
        end = start + args.first if args.before is None else min(args.before, start + args.first)
    else:
        assert args.before is not None and args.last is not None
        end = args.before
        start = max(start, end - args.last)
    return Fetch(start, max(0, end - start))


def page_of(
    args: PageArgs, fetch: Fetch, total: int, rows: Sequence[T]
) -> tuple[int, list[T]] | None:
    """The page's start offset and its rows in list order, cut from what ``fetch`` brought;
    None when a cursor past the end of the list made the fetch miss part of the page."""
    start, end = bounds(args, total)
    if fetch.descending:  # rows[i] is the item at total - 1 - i
        got_start, ordered = total - len(rows), list(reversed(rows))
    else:
        got_start, ordered = fetch.offset, list(rows)
    if start < end and not (got_start <= start and end <= got_start + len(ordered)):
        return None
    return start, ordered[start - got_start : end - got_start] if start < end else []


async def fetch_page(
    args: PageArgs, fetch: Callable[[Fetch], Awaitable[tuple[int, Sequence[T]]]]
) -> tuple[int, list[T], int]:
    """The page's start offset, its rows in list order and the list's length, from a store
    whose ``fetch`` answers the length and the rows a ``Fetch`` names: one fetch, two when a
    cursor past the end of the list made the first miss part of the page."""
    planned = plan(args)
    total, rows = await fetch(planned)
    cut = page_of(args, planned, total, rows)
    if cut is None:  # ask again for the page itself, now that the length is known
        start, end = bounds(args, total)
        total, rows = await fetch(Fetch(start, end - start))
        cut = start, list(rows)
    start, page = cut
    return start, page, total


def page_in_memory(args: PageArgs, items: Sequence[T]) -> tuple[int, list[T]]:
    """The page's start offset and rows, from a whole list."""
    start, end = bounds(args, len(items))
    return start, list(items[start:end])
