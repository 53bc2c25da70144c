"""Concurrent clients against an HTTP endpoint or the driver, each bounded by a request count
and a time: throughput and latency percentiles, measured the same way for every contender."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.raw_http import RawConnection
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
    """POST ``query`` with each of ``variables`` in turn to ``url``, one kept-alive connection
    per client (bench/raw_http.py: a lean client, so that the load generator, on the same cores,
    costs every contender little and the same)."""
    idle: asyncio.Queue[RawConnection] = asyncio.Queue()
    for _ in range(clients):
        idle.put_nowait(RawConnection(url))

    async def call(values: dict[str, Any]) -> bool:
        connection = await idle.get()
        try:
            status, body = await connection.post_json({"query": query, "variables": values})
        finally:
            idle.put_nowait(connection)
        return status == 200 and not json.loads(body).get("errors")

    try:
        return await drive(call, variables, clients, limit, seconds)
    finally:
        while not idle.empty():
            await idle.get_nowait().close()


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
