"""Relay cursor connections: the page types, and the one field extension that pages a list.

A list field declares only its own arguments and resolves to the whole list in order, or to a
``StoredList`` whose store cuts the page itself. ``Paged`` adds the four Relay arguments after
the field's own, as strawberry's ``ConnectionExtension`` does for its relay connections, and
answers the page; cursors and windows are those of ``api.schema.browse_paging``::

    @paged_field(Connection[Change], "The audit trail, newest first.")
    async def changes(self, info: Ctx) -> StoredList[Change]:
        ...
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.annotation import StrawberryAnnotation
from strawberry.extensions import FieldExtension
from strawberry.extensions.field_extension import AsyncExtensionResolver
from strawberry.types import Info
from strawberry.types.arguments import StrawberryArgument
from strawberry.types.field import StrawberryField

from api.schema.browse_paging import Fetch, PageArgs, encode_cursor, fetch_page, page_in_memory
from api.schema.context import Context
from graph_model.errors import OrgraphError

T = TypeVar("T")
R = TypeVar("R")


@strawberry.type(
    description="Where a page lies in its list. A cursor is the standard base64 of the item's "
    "0-based offset in the list, in decimal (offset 0 is `MA==`); it names a position, so a "
    "list that changes between requests shifts under it."
)
class PageInfo:
    has_next_page: bool = strawberry.field(description="Items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items precede this page.")
    start_cursor: str | None = strawberry.field(
        description="The cursor of the page's first item; null for an empty page."
    )
    end_cursor: str | None = strawberry.field(
        description="The cursor of the page's last item; null for an empty page."
    )


@strawberry.type(description="An item of a page, with the cursor of its place in the list.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as `after` or `before` to page from here.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(
    description="A page of a list (a Relay cursor connection): `first`/`after` page forwards, "
    "`last`/`before` backwards."
)
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(description="The page's items with their cursors.")
    nodes: list[T] = strawberry.field(description="The page's items, without cursors.")
    page_info: PageInfo = strawberry.field(description="Where the page lies in the list.")
    total_count: int = strawberry.field(description="How many items the whole list holds.")


def connection(start: int, rows: Sequence[T], total: int) -> Connection[T]:
    """The page of ``rows`` starting at offset ``start`` of a list of ``total`` items."""
    edges = [Edge(cursor=encode_cursor(start + i), node=row) for i, row in enumerate(rows)]
    info = PageInfo(
        has_next_page=start + len(rows) < total,
        has_previous_page=start > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, nodes=list(rows), page_info=info, total_count=total)


def checked(question: Callable[[], R]) -> R:
    """Answer a pure question in the event loop; its ``OrgraphError`` coded as ``ask`` codes
    a backend's."""
    try:
        return question()
    except OrgraphError as exc:
        raise GraphQLError(str(exc), extensions={"code": exc.code}) from exc


@dataclass(frozen=True)
class StoredList(Generic[T]):
    """A list its store pages: ``fetch`` answers the list's length and the rows a ``Fetch``
    names; ``item`` makes a row the page's item."""

    fetch: Callable[[Fetch], Awaitable[tuple[int, Sequence[Any]]]]
    item: Callable[[Any], T]

    def page(self, start: int, rows: Sequence[Any], total: int) -> Connection[T]:
        """The connection of the page ``rows``, at ``start`` in a list of ``total``."""
        return connection(start, [self.item(row) for row in rows], total)


#: The Relay arguments every list takes after its own: name, type, description.
_PAGE_ARGUMENTS: tuple[tuple[str, type, str], ...] = (
    (
        "first",
        int,
        "At most this many items from the start (after `after`). Without `first` and `last` a "
        "page holds the most a page may hold (the page size cap, 100 unless configured); more "
        "than the cap is refused (INVALID_REQUEST).",
    ),
    ("after", str, "Only items after this cursor (see PageInfo)."),
    ("last", int, "At most this many items from the end (before `before`); at most the cap."),
    ("before", str, "Only items before this cursor (see PageInfo)."),
)
_PAGE_NAMES = frozenset(name for name, _, _ in _PAGE_ARGUMENTS)


class Paged(FieldExtension):
    """Makes a list field a Relay cursor connection: adds ``first``, ``after``, ``last`` and
    ``before`` after the field's own arguments and cuts the page from what the resolver answers,
    a whole list in order (cut here) or a ``StoredList`` (asked for the page alone)."""

    def apply(self, field: StrawberryField) -> None:
        # A schema is built more than once from the same fields (one per settings): add once.
        own = [a for a in field.arguments if a.python_name not in _PAGE_NAMES]
        field.arguments = [*own, *_page_arguments()]

    async def resolve_async(
        self,
        next_: AsyncExtensionResolver,
        source: Any,
        info: Info[Context, None],
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        **kwargs: Any,
    ) -> Connection[Any]:
        found = await next_(source, info, **kwargs)
        max_size = info.context.max_page_size
        args = checked(lambda: PageArgs.parse(first, after, last, before, max_size=max_size))
        if isinstance(found, StoredList):
            start, rows, total = await fetch_page(args, found.fetch)
            return found.page(start, rows, total)
        start, rows = page_in_memory(args, found)
        return connection(start, rows, len(found))


def _page_arguments() -> list[StrawberryArgument]:
    return [
        StrawberryArgument(
            python_name=name,
            graphql_name=None,
            type_annotation=StrawberryAnnotation(kind | None),
            description=description,
            default=None,
        )
        for name, kind, description in _PAGE_ARGUMENTS
    ]


def paged_field(graphql_type: Any, description: str) -> Any:
    """A list field answering a page of ``graphql_type`` (a ``Connection``); decorates a
    resolver answering the whole list or a ``StoredList``."""
    return strawberry.field(
        graphql_type=graphql_type, description=description, extensions=[Paged()]
    )


__all__ = [
    "Connection",
    "Edge",
    "PageInfo",
    "Paged",
    "StoredList",
    "checked",
    "connection",
    "paged_field",
]
