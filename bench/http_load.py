"""Concurrent clients against an HTTP endpoint or the driver, each bounded by a request count
and a time: throughput and latency percentiles, measured the same way for every contender."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx2

from bench.rows import median, percentile


@dataclass(frozen=True)
class Load:
    """What ``clients`` concurrent clients achieved."""

    clients: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self) -> float:
        return median(self.latencies) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 0.99) * 1000


Call = Callable[[Any], Awaitable[bool]]
WARM = 20  # calls before measuring


async def drive(
    call: Call, inputs: Sequence[Any], clients: int, limit: int, seconds: float
) -> Load:
    """Run ``call`` over ``inputs`` (cycled) from ``clients`` concurrent workers until ``limit``
    calls were made or ``seconds`` passed; ``call`` returns whether the answer was right."""
    for warm in inputs[:WARM]:  # query plans, connections and caches, before the clock runs
        await call(warm)
    feed = itertools.cycle(inputs)
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter()
    deadline = start + seconds

    async def worker() -> None:
        nonlocal errors
        while len(latencies) + errors < limit and time.perf_counter() < deadline:
            began = time.perf_counter()
            ok = await call(next(feed))
            if ok:
                latencies.append(time.perf_counter() - began)
            else:
                errors += 1

    await asyncio.gather(*(worker() for _ in range(clients)))
    return Load(clients, len(latencies), errors, time.perf_counter() - start, latencies)


async def graphql_load(
    url: str,
    query: str,
    variables: Sequence[dict[str, Any]],
    clients: int,
    limit: int,
    seconds: float,
) -> Load:
    """POST ``query`` with each of ``variables`` in turn to ``url``."""
    limits = httpx2.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx2.AsyncClient(limits=limits, timeout=60) as client:

        async def call(values: dict[str, Any]) -> bool:
            response = await client.post(url, json={"query": query, "variables": values})
            return response.status_code == 200 and not response.json().get("errors")

        return await drive(call, variables, clients, limit, seconds)


async def driver_load(
    uri: str,
    cypher: str,
    parameters: Sequence[dict[str, Any]],
    clients: int,
    limit: int,
    seconds: float,
) -> Load:
    """Run ``cypher`` with each of ``parameters`` through the async driver: the floor."""
    import neo4j

    async with neo4j.AsyncGraphDatabase.driver(
        uri,
        auth=("neo4j", "orgraph-dev"),
        max_connection_pool_size=clients,
        notifications_min_severity="OFF",
    ) as db:

        async def call(values: dict[str, Any]) -> bool:
            await db.execute_query(cypher, values, routing_=neo4j.RoutingControl.READ)
            return True

        return await drive(call, parameters, clients, limit, seconds)
