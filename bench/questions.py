"""Time loads and questions on both backends over a generated organisation.

    uv run python bench/questions.py --people 10000          # embedded only
    ORGRAPH_NEO4J_URI=bolt://127.0.0.1:7687 uv run python bench/questions.py --people 10000

Prints one row per (backend, question): calls, median and 95th percentile in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders.generate import generate
from queries.embedded.backend import MemoryBackend

DAY = date(2026, 1, 1)


def timed(calls: list[Callable[[], object]]) -> tuple[float, float]:
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def run(name: str, backend: Backend, bundle: Bundle, sample: int) -> None:
    start = time.perf_counter()
    backend.replace_all(bundle)
    print(
        f"{name:7} load {sum(bundle.counts().values()):>8} rows  "
        f"{(time.perf_counter() - start) * 1000:9.1f} ms"
    )
    branches = [o.id for o in bundle.party_orgs if o.kind.value == "branch"][:sample]
    teams = [t.id for t in bundle.teams][:sample]
    leader = next(lp.leader_id for lp in bundle.liaison_points)
    questions: dict[str, list[Callable[[], object]]] = {
        "uncoveredBranches": [lambda: backend.uncovered_branches(DAY)] * 5,
        "branchCoverage": [lambda b=b: backend.branch_coverage(b, DAY) for b in branches],
        "leaderCoverage": [lambda: backend.leader_coverage(leader, DAY)] * 20,
        "responsibilityChain": [lambda t=t: backend.responsibility_chain(t, DAY) for t in teams],
    }
    for question, calls in questions.items():
        calls[0]()  # warm caches and query plans
        median, p95 = timed(calls)
        print(
            f"{name:7} {question:20} {len(calls):5} calls  median {median:8.2f} ms  "
            f"p95 {p95:8.2f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=200, help="questions per kind")
    args = parser.parse_args()
    bundle = generate(args.people)
    run("memory", MemoryBackend(), bundle, args.sample)
    if uri := os.environ.get("ORGRAPH_NEO4J_URI"):
        from queries.neo4j.backend import Neo4jBackend

        neo4j = Neo4jBackend(
            uri,
            os.environ.get("ORGRAPH_NEO4J_USER", "neo4j"),
            os.environ.get("ORGRAPH_NEO4J_PASSWORD", "orgraph-dev"),
        )
        run("neo4j", neo4j, bundle, args.sample)
        neo4j.close()


if __name__ == "__main__":
    main()
