"""What every resolver shares: the per-request context and how backend calls are awaited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar

import strawberry
from anyio import to_thread
from graphql import GraphQLError
from strawberry.fastapi import BaseContext
from strawberry.types import Info

from api.browse_loaders import BrowseLoaders
from graph_model.errors import OrgraphError
from graph_model.protocol import Backend
from graph_model.timeline import today

T = TypeVar("T")


class Context(BaseContext):
    """Built per request by the app: what resolvers may use."""

    def __init__(self, backend: Backend, timezone: str, max_page_size: int = 100) -> None:
        super().__init__()
        self.backend = backend
        self.timezone = timezone
        self.max_page_size = max_page_size  # the most items a page of a list may hold
        self.loaders = BrowseLoaders(backend, ask)  # this request's DataLoaders


async def ask(question: Callable[[], T]) -> T:
    """Run a sync backend call in a worker thread, off the event loop; expected failures
    become GraphQL errors with a stable ``code`` extension."""
    try:
        return await to_thread.run_sync(question)
    except OrgraphError as exc:
        raise GraphQLError(str(exc), extensions={"code": exc.code}) from exc


def requested_day(info: Info[Context, None], as_of: date | None) -> date:
    """The requested day, else today where the organisation is."""
    return as_of or today(info.context.timezone)


AsOf = Annotated[
    date | None,
    strawberry.argument(
        description="The day the answer holds; default today in the organisation's time zone."
    ),
]
