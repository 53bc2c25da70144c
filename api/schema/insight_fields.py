"""Insight questions: why a branch is uncovered, what changed, workload, completeness, figures.

What each answer means is defined in ``graph_model.insights``; here only the defaults:
``to`` of ``coverageDiff`` and ``asOf`` are today, and the visit period of ``leaderWorkload``
runs from the first of January of the day's year to the day.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from api.schema.context import AsOf, Context, ask, requested_day
from api.schema.insight_types import (
    BranchCoverageChange,
    DataCompleteness,
    LeaderWorkload,
    UncoveredExplanation,
    YearFigures,
)

UnderUnit = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="Only what belongs to this unit or a unit below it."),
]


@strawberry.type(description="Questions that explain coverage, follow it over time and take stock.")
class InsightQuery:
    @strawberry.field(
        description="Why a branch has no liaison coverage on a day: the liaison points that "
        "would cover it and why they do not, points next to it, and its own state."
    )
    async def explain_uncovered(
        self,
        info: Info[Context, None],
        branch_id: Annotated[strawberry.ID, strawberry.argument(description="A branch's id.")],
        as_of: AsOf = None,
    ) -> UncoveredExplanation:
        day = requested_day(info, as_of)
        found = await ask(lambda: info.context.backend.explain_uncovered(branch_id, day))
        return UncoveredExplanation.of(found)

    @strawberry.field(
        description="Branches that gained or lost coverage between two days, or are covered on "
        "both by different liaison points, by branch id."
    )
    async def coverage_diff(
        self,
        info: Info[Context, None],
        day_from: Annotated[
            date, strawberry.argument(name="from", description="The first day compared.")
        ],
        day_to: Annotated[
            date | None,
            strawberry.argument(name="to", description="The second day compared; default today."),
        ] = None,
        under_unit_id: UnderUnit = None,
    ) -> list[BranchCoverageChange]:
        second = requested_day(info, day_to)
        found = await ask(
            lambda: info.context.backend.coverage_diff(day_from, second, under_unit_id)
        )
        return [BranchCoverageChange.of(c) for c in found]

    @strawberry.field(
        description="Each leader's liaison points by kind, branches covered, visits in a "
        "period and last visit, by leader id."
    )
    async def leader_workload(
        self,
        info: Info[Context, None],
        as_of: AsOf = None,
        under_unit_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only leaders seated that day on a committee attached to this unit "
                "or a unit below it."
            ),
        ] = None,
        visits_from: Annotated[
            date | None,
            strawberry.argument(
                description="First day of the visit period; default 1 January of the day's year."
            ),
        ] = None,
        visits_to: Annotated[
            date | None,
            strawberry.argument(description="Last day of the visit period; default the day."),
        ] = None,
    ) -> list[LeaderWorkload]:
        day = requested_day(info, as_of)
        start = visits_from or date(day.year, 1, 1)
        end = visits_to or day
        found = await ask(
            lambda: info.context.backend.leader_workload(day, start, end, under_unit_id)
        )
        return [LeaderWorkload.of(w) for w in found]

    @strawberry.field(
        description="Completeness of the data: branches without a secretary, teams without a "
        "leader, people without a unit."
    )
    async def data_completeness(
        self, info: Info[Context, None], as_of: AsOf = None, under_unit_id: UnderUnit = None
    ) -> DataCompleteness:
        day = requested_day(info, as_of)
        found = await ask(lambda: info.context.backend.data_completeness(day, under_unit_id))
        return DataCompleteness.of(found)

    @strawberry.field(
        description="A committee's figures for a year: liaison points its leadership team set "
        "up, visits to them, and benchmark branches below it."
    )
    async def figures(
        self,
        info: Info[Context, None],
        year: Annotated[int, strawberry.argument(description="The calendar year.")],
        committee_id: Annotated[
            strawberry.ID, strawberry.argument(description="A party committee's id.")
        ],
        as_of: AsOf = None,
    ) -> YearFigures:
        day = requested_day(info, as_of)
        found = await ask(lambda: info.context.backend.year_figures(year, committee_id, day))
        return YearFigures.of(found)
