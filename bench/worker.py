"""The measurements that run in a process of their own (bench/isolate.py runs them):
``python -m bench.worker TASK JSON-ARGS`` prints ``RESULT <json>`` last."""

from __future__ import annotations

import asyncio
import gc
import importlib
import json
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.profiling import profiled
from graph_model.elements import graph_nodes, graph_rels
from graph_model.protocol import Backend
from loaders import read_bundle

NEO4J_AUTH = ("neo4j", "orgraph-dev")


def _size(bundle: Any) -> tuple[int, int]:
    return sum(1 for _ in graph_nodes(bundle)), sum(1 for _ in graph_rels(bundle))


def _rss() -> int:
    """Resident set size of this process, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _neo4j(uri: str) -> Backend:
    from queries.neo4j.backend import Neo4jBackend

    return Neo4jBackend(uri, *NEO4J_AUTH)


def ingest_neo4j(folder: str, uri: str, profile: bool = False) -> dict[str, Any]:
    """orgraph's load into Neo4j, validation included, as ``orgraph load`` runs it."""
    # Imported before the clock, as the baseline's driver is: starting a process is not ingest
    # (the backend's imports, networkx's among them, took 0.9 to 1.3 s: most of the gap at S).
    importlib.import_module("queries.neo4j.backend")

    def load() -> tuple[float, Any]:
        start = time.perf_counter()
        validated = read_bundle(folder)
        parsed = time.perf_counter() - start
        backend = _neo4j(uri)
        try:
            backend.replace_all(validated.bundle)
        finally:
            backend.close()
        return parsed, validated.bundle

    try:
        rust = metadata.version("neo4j-rust-ext")
    except metadata.PackageNotFoundError:
        rust = None
    if profile:
        return {"profile": profiled(load)}
    start = time.perf_counter()
    parsed, bundle = load()
    seconds = time.perf_counter() - start
    nodes, rels = _size(bundle)
    return {"seconds": seconds, "parse_seconds": parsed, "nodes": nodes, "rels": rels, "rust": rust}


def ingest_memory(folder: str) -> dict[str, Any]:
    """The embedded backend's start from a bundle, and what it keeps resident."""
    from queries.embedded.backend import MemoryBackend

    gc.collect()
    before = _rss()
    start = time.perf_counter()
    validated = read_bundle(folder)
    backend = MemoryBackend(validated.bundle)
    seconds = time.perf_counter() - start
    nodes, rels = _size(validated.bundle)
    del validated
    gc.collect()
    after = _rss()
    assert backend is not None  # held until measured
    return {"seconds": seconds, "rss_delta": after - before, "nodes": nodes, "rels": rels}


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def questions(
    backend: str,
    folder: str,
    uri: str,
    runs: int,
    as_of: str,
    day_from: str,
    points: int = 200,
    profile: str | None = None,
    only: list[str] | None = None,
) -> dict[str, Any]:
    """The big questions (audit, coverageDiff, uncoveredBranches) and the point questions
    (branchCoverage, responsibilityChain), in process, on one backend; ``only`` these of the
    big ones, and the point questions only if it names ``points``."""
    from queries.audit.rules import default_rules
    from queries.embedded.backend import MemoryBackend

    bundle = read_bundle(folder).bundle
    day, first = date.fromisoformat(as_of), date.fromisoformat(day_from)
    store: Backend = MemoryBackend(bundle) if backend == "memory" else _neo4j(uri)
    rules = default_rules()
    big: dict[str, Callable[[], object]] = {
        "audit": lambda: store.audit(day, rules),
        "coverageDiff": lambda: store.coverage_diff(first, day),
        "uncoveredBranches": lambda: store.uncovered_branches(day),
    }
    if profile:
        return {"profile": profiled(big[profile])}
    if only is not None:
        big = {name: call for name, call in big.items() if name in only}
        points = points if "points" in only else 0
    branches = [o.id for o in bundle.party_orgs if o.kind.value == "branch"]
    teams = [t.id for t in bundle.teams]
    step_b = max(1, len(branches) // max(1, points))
    step_t = max(1, len(teams) // max(1, points))
    point: dict[str, list[Callable[[], object]]] = {
        "branchCoverage": [
            partial(store.branch_coverage, b, day) for b in branches[::step_b][:points]
        ],
        "responsibilityChain": [
            partial(store.responsibility_chain, t, day) for t in teams[::step_t][:points]
        ],
    }
    times: dict[str, list[float]] = {name: [] for name in (*big, *point)}
    for call in big.values():
        call()  # warm: Neo4j plans each page's statement once; the runs time the steady state
    for _ in range(runs):
        for name, call in big.items():
            times[name].append(_timed(call))
    for name, calls in point.items():
        if not calls:
            times.pop(name)
            continue
        calls[0]()  # warm the query plan
        times[name] = [_timed(call) for call in calls]
    store.close()
    return {"times": times}


def in_process(folder: str, items: int, runs: int) -> dict[str, Any]:
    """A list query of ``items`` items through strawberry (as served: guards, caches) and
    through graphql-core directly on the same schema, with the same context; and a trivial
    request repeated (its parse and validation cached)."""
    import graphql

    from api.auth import DEV_CALLER
    from api.schema.context import Context
    from api.schema.guards import guarded_schema
    from api.settings import Settings
    from queries.embedded.backend import MemoryBackend

    settings = Settings(auth_mode="dev", max_page_size=items, max_cost=10**9, max_tokens=10**6)
    schema = guarded_schema(settings)
    backend = MemoryBackend(read_bundle(folder).bundle)
    query = f"{{ people(first: {items}) {{ nodes {{ id name partyStatus unit {{ id name }} }} }} }}"
    document = graphql.parse(query)

    def context() -> Context:
        return Context(backend, settings.timezone, items, DEV_CALLER)

    async def strawberry_run() -> None:
        result = await schema.execute(query, context_value=context())
        assert not result.errors, result.errors

    async def core_run() -> None:
        result = await graphql.execute(schema._schema, document, context_value=context())  # type: ignore[misc]
        assert not result.errors, result.errors

    async def trivial() -> None:
        result = await schema.execute("{ __typename }", context_value=context())
        assert not result.errors, result.errors

    async def measure() -> dict[str, list[float]]:
        found: dict[str, list[float]] = {"strawberry": [], "graphql-core": [], "trivial": []}
        await strawberry_run()
        await core_run()
        for _ in range(runs):  # alternated, so drift hits both alike
            for name, run in (("strawberry", strawberry_run), ("graphql-core", core_run)):
                start = time.perf_counter()
                await run()
                found[name].append(time.perf_counter() - start)
        for _ in range(50):
            await trivial()
        for _ in range(500):
            start = time.perf_counter()
            await trivial()
            found["trivial"].append(time.perf_counter() - start)
        return found

    times = asyncio.run(measure())
    return {"times": times, "profile": profiled(lambda: asyncio.run(strawberry_run()))}


def serve_profile(
    backend: str, folder: str, uri: str, query: str, ids: list[str], day: str
) -> dict[str, Any]:
    """What serving a GraphQL point question costs, request by request, in process: the schema
    as served (guards, caches) on either backend, one request after another under cProfile
    (so it shows where the time goes, not contention between requests)."""
    from api.auth import DEV_CALLER
    from api.schema.context import Context
    from api.schema.guards import guarded_schema
    from api.settings import Settings
    from queries.embedded.backend import MemoryBackend

    settings = Settings(auth_mode="dev")
    schema = guarded_schema(settings)
    store: Backend = (
        MemoryBackend(read_bundle(folder).bundle) if backend == "memory" else _neo4j(uri)
    )

    async def ask_all() -> None:
        for entity_id in ids:
            context = Context(store, settings.timezone, settings.max_page_size, DEV_CALLER)
            result = await schema.execute(
                query, variable_values={"id": entity_id, "day": day}, context_value=context
            )
            assert not result.errors, result.errors

    asyncio.run(ask_all())  # warm
    return {"profile": profiled(lambda: asyncio.run(ask_all()))}


TASKS: dict[str, Callable[..., dict[str, Any]]] = {
    "ingest_neo4j": ingest_neo4j,
    "ingest_memory": ingest_memory,
    "questions": questions,
    "in_process": in_process,
    "serve_profile": serve_profile,
}


def main() -> None:
    task, args = sys.argv[1], json.loads(sys.argv[2])
    result = TASKS[task](**args)
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
