"""Point questions over HTTP (``branchCoverage``, ``responsibilityChain``) at 1, 8 and 32
concurrent clients: ``orgraph serve`` on both backends, beside the same Cypher through the
async driver (the floor) and the same question served by @neo4j/graphql (the peer,
bench/peer/), the floor and the peer running the Cypher text orgraph sends (in the live
generation, so planned as orgraph's is). Every contender is driven by the same
client code (bench/http_load.py) on loopback, in turn, each bounded by a request count and a
time."""

from __future__ import annotations

import asyncio
import csv
import itertools
from collections.abc import Callable, Coroutine, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from bench import neo4j_db, servers
from bench.context import Bench
from bench.http_load import Load, driver_load, graphql_load
from bench.isolate import TaskFailed, run_task
from bench.rows import Row, Section, judged, measured, median, ratio
from queries.chain.cypher import CHAIN_SUBGRAPH
from queries.coverage.cypher import BRANCH_COVERAGE

CLIENTS = (1, 8, 32)
SAMPLE = 200  # ids per question, spread over the organisation
FLOOR_FACTOR = 1.5
HOLD_FACTOR = 0.9

ORGRAPH_QUERIES = {
    "branchCoverage": (
        "query($id: ID!, $day: Date) { branchCoverage(branchId: $id, asOf: $day) { kind "
        "leader { id name } branch { id } liaisonPoint { id } "
        "evidence { nodes { id kind name } relationships { type startId endId } } } }"
    ),
    "responsibilityChain": (
        "query($id: ID!, $day: Date) { responsibilityChain(fromId: $id, asOf: $day) { asOf "
        "start { id } links { level status note entities { id kind name } "
        "people { person { id name } role via liaisonPointId } } } }"
    ),
}
PEER_QUERIES = {
    "branchCoverage": (
        "query($id: ID!, $day: Date!) { branchCoverage(branchId: $id, asOf: $day) { kind "
        "nodes { id labels name } rels { type start end } } }"
    ),
    "responsibilityChain": (
        "query($id: ID!, $day: Date!) { responsibilityChain(fromId: $id, asOf: $day) { "
        "nodes { id labels name } rels { type start end } } }"
    ),
}
FLOOR_CYPHER = {"branchCoverage": BRANCH_COVERAGE, "responsibilityChain": CHAIN_SUBGRAPH}
ORGRAPH_MEMORY, ORGRAPH_NEO4J = "orgraph, embedded", "orgraph, Neo4j"
FLOOR, PEER = "driver (floor)", "@neo4j/graphql (peer)"

Measure = Callable[[str, int], Coroutine[Any, Any, Load]]
Run = Callable[[str, str, int], Coroutine[Any, Any, Load]]  # (url, question, clients)


class HttpPoints:
    name = "http-points"
    title = "Point questions over HTTP"
    needs_neo4j = False

    def __init__(self) -> None:
        self.sections_noted = False
        self.profiled: set[tuple[str, str]] = set()

    def per_size(self, bench: Bench, size: str, section: Section) -> list[Row]:
        if not self.sections_noted:
            section.notes.append(
                "The load generator (bench/raw_http.py: asyncio, one kept-alive connection per "
                "client, a request in one write) runs on the same 2 cores as the servers and "
                "Neo4j. The peer's `responsibilityChain` returns the chain's sub-graph (the "
                "same Cypher), without orgraph's walk over it; the floor runs the same Cypher. "
                "With httpx2 as the client, the peer's ~50 ms p50 at 1 client with far higher "
                "throughput at 32 looked like a delayed-ACK stall between the client and Node, "
                "not work; no target uses it."
            )
            self.sections_noted = True
        ids = _ids(bench.folder(size))
        day = bench.as_of.isoformat()
        results: dict[str, dict[str, dict[int, list[Load]]]] = {}
        holds = bench.neo4j_holds
        neo4j_ready = bench.neo4j_uri is not None and holds is not None and holds[0] == size
        contenders: list[tuple[str, Callable[[], AbstractContextManager[Measure]]]] = [
            (ORGRAPH_MEMORY, lambda: self._orgraph(bench, size, "memory", ids, day)),
        ]
        if neo4j_ready:
            contenders += [
                (ORGRAPH_NEO4J, lambda: self._orgraph(bench, size, "neo4j", ids, day)),
                (FLOOR, lambda: self._floor(bench, ids, day)),
                (PEER, lambda: self._peer(bench, ids, day)),
            ]
        elif bench.neo4j_uri:
            section.errors.append(
                f"{size}: Neo4j contenders skipped: the store does not hold this size"
            )
        for name, start in contenders:
            bench.say(f"{size}: HTTP points, {name}")
            try:
                with start() as measure:
                    for _ in range(bench.runs):
                        for question, clients in itertools.product(ORGRAPH_QUERIES, CLIENTS):
                            load = asyncio.run(measure(question, clients))
                            results.setdefault(name, {}).setdefault(question, {}).setdefault(
                                clients, []
                            ).append(load)
            except Exception as exc:  # one contender failing leaves the others measured
                section.errors.append(f"{size} {name}: {type(exc).__name__}: {exc}")
        rows = self._rows(size, results)
        self._profile_missed(bench, size, rows, section)
        return rows

    def _profile_missed(self, bench: Bench, size: str, rows: list[Row], section: Section) -> None:
        """A profile of serving each question that missed a target, once per backend."""
        for row in rows:
            if row.met is not False:
                continue
            question = next(q for q in ORGRAPH_QUERIES if f" {q}:" in row.metric)
            backend = "memory" if ORGRAPH_MEMORY in row.metric else "neo4j"
            if (backend, question) in self.profiled:
                continue
            self.profiled.add((backend, question))
            bench.say(f"{size}: profiling {question} served on {backend}")
            args = {
                "backend": backend,
                "folder": str(bench.folder(size)),
                "uri": bench.neo4j_uri or "",
                "query": ORGRAPH_QUERIES[question],
                "ids": _ids(bench.folder(size))[question][:50],
                "day": bench.as_of.isoformat(),
            }
            try:
                done = run_task("serve_profile", args, bench.timeout)
            except TaskFailed as exc:
                section.errors.append(f"profile of {question} on {backend}: {exc}")
                continue
            section.profiles[f"{question} served on {backend} at {size}, 50 requests in turn"] = (
                done["profile"]
            )

    # -- the contenders, each as "measure(question, clients)" while its server runs ----------
    def _orgraph(
        self, bench: Bench, size: str, backend: str, ids: dict[str, list[str]], day: str
    ) -> AbstractContextManager[Measure]:
        server = servers.orgraph_server(
            backend, bench.folder(size), bench.neo4j_uri or "", bench.timeout
        )
        return _graphql_contender(bench, server, ORGRAPH_QUERIES, ids, day)

    def _peer(
        self, bench: Bench, ids: dict[str, list[str]], day: str
    ) -> AbstractContextManager[Measure]:
        server = servers.peer_server(bench.neo4j_uri or "", bench.timeout)
        return _graphql_contender(bench, server, PEER_QUERIES, ids, day)

    def _floor(
        self, bench: Bench, ids: dict[str, list[str]], day: str
    ) -> AbstractContextManager[Measure]:
        from contextlib import nullcontext
        from datetime import date

        as_of = date.fromisoformat(day)
        parameters: dict[str, list[dict[str, Any]]] = {
            "branchCoverage": [{"branchId": i, "asOf": as_of} for i in ids["branchCoverage"]],
            "responsibilityChain": [{"fromId": i} for i in ids["responsibilityChain"]],
        }

        uri = bench.neo4j_uri or ""
        cypher = {name: neo4j_db.as_orgraph_runs(uri, text) for name, text in FLOOR_CYPHER.items()}

        def measure(question: str, clients: int) -> Coroutine[Any, Any, Load]:
            return driver_load(
                uri,
                cypher[question],
                parameters[question],
                clients,
                bench.http_requests,
                bench.http_seconds,
            )

        return nullcontext(measure)

    # -- rows --------------------------------------------------------------------------------
    def _rows(self, size: str, results: dict[str, dict[str, dict[int, list[Load]]]]) -> list[Row]:
        rows: list[Row] = []

        def stat(name: str, question: str, clients: int, what: str) -> float | None:
            loads = results.get(name, {}).get(question, {}).get(clients)
            if not loads:
                return None
            return median([getattr(load, what) for load in loads])

        for question in ORGRAPH_QUERIES:
            for name in results:
                for clients in CLIENTS:
                    rate = stat(name, question, clients, "throughput")
                    p50 = stat(name, question, clients, "p50_ms")
                    p99 = stat(name, question, clients, "p99_ms")
                    errors = sum(load.errors for load in results[name][question].get(clients, []))
                    note = f"p50 {p50:.2f} ms · p99 {p99:.2f} ms" if p50 and p99 else ""
                    if errors:
                        note += f" · {errors} errors"
                    rows.append(
                        measured(
                            f"{size} {question} · {name} · {_clients(clients)}", rate, "req/s", note
                        )
                    )
            rows += self._targets(size, question, stat)
        return rows

    @staticmethod
    def _targets(size: str, question: str, stat: Callable[..., float | None]) -> list[Row]:
        rows = []
        ours, floor = stat(ORGRAPH_NEO4J, question, 1, "p50_ms"), stat(FLOOR, question, 1, "p50_ms")
        if ours and floor:
            rows.append(
                judged(
                    f"{size} {question}: Neo4j p50 over HTTP / driver p50 (1 client)",
                    ours / floor,
                    "×",
                    f"≤ {FLOOR_FACTOR}×",
                    met=ours <= FLOOR_FACTOR * floor,
                    ratio=ratio(ours / floor, FLOOR_FACTOR),
                )
            )
        for name in (ORGRAPH_NEO4J, ORGRAPH_MEMORY):
            for clients in (8, 32):
                mine, peer = (
                    stat(name, question, clients, "throughput"),
                    stat(PEER, question, clients, "throughput"),
                )
                if mine and peer:
                    rows.append(
                        judged(
                            f"{size} {question}: {name} req/s vs peer at {clients} clients",
                            mine,
                            "req/s",
                            "≥ peer",
                            met=mine >= peer,
                            ratio=ratio(mine, peer),
                        )
                    )
            at8, at32 = (
                stat(name, question, 8, "throughput"),
                stat(name, question, 32, "throughput"),
            )
            if at8 and at32:
                rows.append(
                    judged(
                        f"{size} {question}: {name} req/s at 32 / at 8",
                        at32 / at8,
                        "×",
                        f"≥ {HOLD_FACTOR}×",
                        met=at32 >= HOLD_FACTOR * at8,
                        ratio=ratio(at32 / at8, HOLD_FACTOR),
                    )
                )
        return rows

    def across(self, bench: Bench, section: Section) -> list[Row]:
        return []


class _serving(AbstractContextManager[Measure]):
    """A server's context turned into ``measure(question, clients)`` for as long as it runs."""

    def __init__(self, server: AbstractContextManager[str], run: Run) -> None:
        self._server, self._run = server, run

    def __enter__(self) -> Measure:
        url = self._server.__enter__()
        return lambda question, clients: self._run(url, question, clients)

    def __exit__(self, *exc: Any) -> None:
        self._server.__exit__(*exc)


def _graphql_contender(
    bench: Bench,
    server: AbstractContextManager[str],
    queries: dict[str, str],
    ids: dict[str, list[str]],
    day: str,
) -> AbstractContextManager[Measure]:
    """A GraphQL server measured by asking each question of ``queries`` about ``ids``."""
    return _serving(
        server,
        lambda url, question, clients: graphql_load(
            url,
            queries[question],
            [{"id": i, "day": day} for i in ids[question]],
            clients,
            bench.http_requests,
            bench.http_seconds,
        ),
    )


def _clients(count: int) -> str:
    return f"{count} client" + ("s" if count > 1 else "")


def _ids(folder: Path) -> dict[str, list[str]]:
    """Branch and team ids spread evenly over the organisation."""
    return {
        "branchCoverage": _spread(_column(folder / "party_orgs.csv", kind="branch")),
        "responsibilityChain": _spread(_column(folder / "teams.csv")),
    }


def _column(path: Path, kind: str | None = None) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if kind is None or row["kind"] == kind:
                yield row["id"]


def _spread(ids: Iterator[str]) -> list[str]:
    found = list(ids)
    step = max(1, len(found) // SAMPLE)
    return found[::step][:SAMPLE]
