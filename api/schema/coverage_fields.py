"""Coverage and responsibility-chain questions."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from api.schema.context import AsOf, Context, ask, requested_day
from api.schema.types import Coverage, Entity, ResponsibilityChain


@strawberry.type(description="Questions about liaison coverage and responsibility.")
class CoverageQuery:
    @strawberry.field(description="Leaders covering a branch, with how and the evidence path.")
    async def branch_coverage(
        self,
        info: Info[Context, None],
        branch_id: Annotated[strawberry.ID, strawberry.argument(description="A branch's id.")],
        as_of: AsOf = None,
    ) -> list[Coverage]:
        day = requested_day(info, as_of)
        backend = info.context.backend
        found = await info.context.ask_point(lambda: backend.branch_coverage(branch_id, day))
        return [Coverage.of(c) for c in found]

    @strawberry.field(description="Branches a leader covers, with how and the evidence path.")
    async def leader_coverage(
        self,
        info: Info[Context, None],
        leader_id: Annotated[strawberry.ID, strawberry.argument(description="A person's id.")],
        as_of: AsOf = None,
    ) -> list[Coverage]:
        day = requested_day(info, as_of)
        backend = info.context.backend
        found = await info.context.ask_point(lambda: backend.leader_coverage(leader_id, day))
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
        day = requested_day(info, as_of)
        found = await ask(lambda: info.context.backend.uncovered_branches(day, under_unit_id))
        return [Entity.of(b) for b in found]

    @strawberry.field(description="From a team, party group, party org or project to the top.")
    async def responsibility_chain(
        self,
        info: Info[Context, None],
        from_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The id of a team, party group, party org or project."),
        ],
        as_of: AsOf = None,
    ) -> ResponsibilityChain:
        day = requested_day(info, as_of)
        backend = info.context.backend
        found = await info.context.ask_point(lambda: backend.responsibility_chain(from_id, day))
        return ResponsibilityChain.of(found, info.context.lang)

    @strawberry.field(description="Any entity by id, or null.")
    async def entity(
        self,
        info: Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="Any entity's id.")],
    ) -> Entity | None:
        backend = info.context.backend
        found = await info.context.ask_point(lambda: backend.entity(id))
        return Entity.of(found) if found else None
