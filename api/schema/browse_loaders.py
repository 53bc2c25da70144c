"""The per-request DataLoaders of the browse fields: every nested field is one batch.

Strawberry resolves the items of a list together, so the nested fields of all of them queue
their keys in the same loader before any is fetched; each loader then asks the backend once,
for every key at once (one Cypher round trip on Neo4j). A query's round trips thus grow with
its depth, never with the number of items it returns. The loaders live in the request's
``Context``: made per request, they cache for that request only.

Example (a resolver)::

    reached = await info.context.loaders.neighbours(RelType.UNDER, Direction.IN).load(org_id)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from functools import partial
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from graph_model.browse import Direction, Neighbour, UnitCoverage
from graph_model.elements import Node
from graph_model.kinds import RelType
from graph_model.protocol import Backend

T = TypeVar("T")

#: How a sync backend call is awaited (``api.schema.context.ask``: a worker thread, errors coded;
#: ``Context.ask_point``: at once when the store allows).
Run = Callable[[Callable[[], Any]], Awaitable[Any]]

NeighbourLoader = DataLoader[str, tuple[Neighbour, ...]]


class BrowseLoaders:
    """One request's loaders: nodes by id, neighbours by relationship and direction, and the
    coverage of units by day."""

    def __init__(self, backend: Backend, run: Run, run_point: Run) -> None:
        self._backend = backend
        self._run = run  # a unit's coverage may sum a large subtree: a worker thread
        self._run_point = run_point  # nodes and neighbours by id: found by index
        self.node: DataLoader[str, Node | None] = DataLoader(load_fn=self._nodes)
        self.unit_coverage: DataLoader[tuple[str, date], UnitCoverage | None] = DataLoader(
            load_fn=self._unit_coverage
        )
        self._neighbours: dict[tuple[RelType, Direction], NeighbourLoader] = {}

    def neighbours(self, rel: RelType, direction: Direction) -> NeighbourLoader:
        """The loader of each id's neighbours along ``rel`` followed in ``direction``."""
        key = (rel, direction)
        if key not in self._neighbours:

            async def load(ids: list[str]) -> list[tuple[Neighbour, ...]]:
                found = await self._run_point(lambda: self._backend.neighbours(ids, rel, direction))
                return [found.get(i, ()) for i in ids]

            self._neighbours[key] = DataLoader(load_fn=load)
        return self._neighbours[key]

    async def _nodes(self, ids: list[str]) -> Sequence[Node | None]:
        found: list[Node | None] = await self._run_point(lambda: self._backend.nodes(ids))
        return found

    async def _unit_coverage(self, keys: list[tuple[str, date]]) -> list[UnitCoverage | None]:
        by_day: defaultdict[date, list[str]] = defaultdict(list)
        for unit_id, day in keys:
            by_day[day].append(unit_id)
        found: dict[tuple[str, date], UnitCoverage | None] = {}
        for day, unit_ids in by_day.items():
            answers = await self._run(partial(self._backend.unit_coverage, unit_ids, day))
            found.update({(unit_id, day): answer for unit_id, answer in answers.items()})
        return [found.get(key) for key in keys]
