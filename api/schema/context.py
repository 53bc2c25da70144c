"""What every resolver shares: the per-request context and how backend calls are awaited."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated, TypeVar

import strawberry
from anyio import to_thread
from graphql import GraphQLError
from strawberry.fastapi import BaseContext
from strawberry.types import Info

from api.auth import Caller
from api.schema.browse_loaders import BrowseLoaders
from api.schema.language import DEFAULT_LANG, request_lang
from graph_model.changes import ChangeOutcome, Command
from graph_model.errors import OrgraphError
from graph_model.protocol import Backend
from graph_model.timeline import today
from loaders.messages import Lang
from queries.scope.adapter import Scope

T = TypeVar("T")


class Context(BaseContext):
    """Built per request by the app: what resolvers may use.

    ``backend`` is the store as the caller may see it (queries/scope/adapter.py): every question
    asked through it, or through the loaders, is answered within the caller's scope. Without a
    caller nothing is visible and no operation runs (api/auth.py).
    """

    def __init__(
        self,
        backend: Backend,
        timezone: str,
        max_page_size: int = 100,
        caller: Caller | None = None,
    ) -> None:
        super().__init__()
        self.caller = caller  # who asks: role and scope (api/auth.py)
        self.scope = Scope.of(
            caller.scope if caller else None, backend, authenticated=caller is not None
        )  # what the caller may see
        self.backend = self.scope.backend
        self.timezone = timezone
        self.max_page_size = max_page_size  # the most items a page of a list may hold
        # An in-process store that can answer at once, without a thread (the embedded one).
        self._reading_if_free = getattr(backend, "reading_if_free", None)
        # A store whose point questions await their reads on the loop (Neo4j's).
        self._answer_on_loop = getattr(backend, "answer_on_loop", None)
        # A store that queues a change and answers through a future (the embedded one), for a
        # caller who may change anything: a scoped caller's change is first checked in scope.
        everything = self.scope.everything
        self._submit_change = getattr(backend, "submit_change", None) if everything else None
        self.loaders = BrowseLoaders(self.backend, ask, self.ask_point)  # per-request loaders

    async def ask_point(self, question: Callable[[], T]) -> T:
        """``ask`` for a question whose answer is small and found by index (a branch's
        coverage, a chain, nodes by id), where a hop to a worker thread would cost more than
        the answer: an in-process store whose read lock is free answers it here and now; Neo4j
        answers it on the loop, awaiting its reads (queries/neo4j/on_loop.py), once the
        caller's scope is known (finding it is a big question). Else it is asked as any is."""
        if self._reading_if_free is not None:
            with self._reading_if_free() as free:
                if free:
                    return _coded(question)
        if self._answer_on_loop is not None and self.scope.known:
            answer: T = await self._answer_on_loop(lambda: _coded(question))
            return answer
        return await ask(question)

    async def change(self, command: Command, actor: str, at: datetime) -> ChangeOutcome:
        """Apply ``command`` (``Backend.apply_change``); awaited on the loop where the store
        can answer through a future, so a writer waiting for its group's flush takes no
        thread."""
        if self._submit_change is None:
            return await ask(lambda: self.backend.apply_change(command, actor, at))
        with _coded_errors():
            outcome: ChangeOutcome = await asyncio.wrap_future(
                self._submit_change(command, actor, at)
            )
        return outcome

    @property
    def lang(self) -> Lang:
        """The language of the text the API writes for this request (api/schema/language.py);
        the request is the one strawberry sets on the context once it is built."""
        if self.request is None:
            return DEFAULT_LANG
        return request_lang(self.request.headers.get("accept-language"))


async def ask(question: Callable[[], T]) -> T:
    """Run a sync backend call in a worker thread, off the event loop; expected failures
    become GraphQL errors with a stable ``code`` extension."""
    return await to_thread.run_sync(_coded, question)


def _coded(question: Callable[[], T]) -> T:
    """``question``'s answer; an expected failure becomes a GraphQL error with its ``code``."""
    with _coded_errors():
        return question()


@contextmanager
def _coded_errors() -> Iterator[None]:
    """An expected failure (``OrgraphError``) raised as a GraphQL error with its ``code``."""
    try:
        yield
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
