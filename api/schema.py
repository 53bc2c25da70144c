"""The GraphQL schema: coverage and responsibility-chain questions, each as of a day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar

import strawberry
from anyio import to_thread
from graphql import GraphQLError
from strawberry.fastapi import BaseContext
from strawberry.types import ExecutionContext, Info

from api.types import Coverage, Entity, ResponsibilityChain
from graph_model.errors import OrgraphError
from graph_model.protocol import Backend
from graph_model.timeline import today

T = TypeVar("T")


class Context(BaseContext):
    """Built per request by the app: what resolvers may use."""

    def __init__(self, backend: Backend, timezone: str) -> None:
        super().__init__()
        self.backend = backend
        self.timezone = timezone


async def _ask(info: Info[Context, None], question: Callable[[], T]) -> T:
    """Run a backend call off the event loop; expected failures become coded GraphQL errors."""
    try:
        return await to_thread.run_sync(question)
    except OrgraphError as exc:
        raise GraphQLError(str(exc), extensions={"code": exc.code}) from exc


def _day(info: Info[Context, None], as_of: date | None) -> date:
    return as_of or today(info.context.timezone)


AsOf = Annotated[
    date | None,
    strawberry.argument(
        description="The day the answer holds; default today in the organisation's time zone."
    ),
]


@strawberry.type(description="Questions about liaison coverage and responsibility.")
class Query:
    @strawberry.field(description="Leaders covering a branch, with how and the evidence path.")
    async def branch_coverage(
        self,
        info: Info[Context, None],
        branch_id: strawberry.ID,
        as_of: AsOf = None,
    ) -> list[Coverage]:
        day = _day(info, as_of)
        found = await _ask(info, lambda: info.context.backend.branch_coverage(branch_id, day))
        return [Coverage.of(c) for c in found]

    @strawberry.field(description="Branches a leader covers, with how and the evidence path.")
    async def leader_coverage(
        self,
        info: Info[Context, None],
        leader_id: strawberry.ID,
        as_of: AsOf = None,
    ) -> list[Coverage]:
        day = _day(info, as_of)
        found = await _ask(info, lambda: info.context.backend.leader_coverage(leader_id, day))
        return [Coverage.of(c) for c in found]

    @strawberry.field(description="Branches no liaison point covers, optionally within a unit.")
    async def uncovered_branches(
        self,
        info: Info[Context, None],
        as_of: AsOf = None,
        under_unit_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only branches attached to this unit or a unit below it."
            ),
        ] = None,
    ) -> list[Entity]:
        day = _day(info, as_of)
        found = await _ask(
            info, lambda: info.context.backend.uncovered_branches(day, under_unit_id)
        )
        return [Entity.of(b) for b in found]

    @strawberry.field(description="From a team, party group, party org or project to the top.")
    async def responsibility_chain(
        self,
        info: Info[Context, None],
        from_id: strawberry.ID,
        as_of: AsOf = None,
    ) -> ResponsibilityChain:
        day = _day(info, as_of)
        found = await _ask(info, lambda: info.context.backend.responsibility_chain(from_id, day))
        return ResponsibilityChain.of(found)

    @strawberry.field(description="Any entity by id, or null.")
    async def entity(self, info: Info[Context, None], id: strawberry.ID) -> Entity | None:
        found = await _ask(info, lambda: info.context.backend.entity(id))
        return Entity.of(found) if found else None


class OrgraphSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only unexpected errors: a coded error is an answer, not a fault."""
        unexpected = [e for e in errors if "code" not in (e.extensions or {})]
        super().process_errors(unexpected, execution_context)


schema = OrgraphSchema(query=Query)
