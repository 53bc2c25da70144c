"""Time changes on both backends over the sample organisation (or a generated one).

    uv run python bench/changes.py                       # embedded, in memory and saved
    ORGRAPH_NEO4J_URI=bolt://127.0.0.1:7687 uv run python bench/changes.py
    uv run python bench/changes.py --people 10000          # a generated organisation instead

Prints one row per (backend, kind of change): calls, median and 95th percentile in ms. An
applied change is a visit recorded at a liaison point; a refused one names an unknown point.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.questions import timed
from graph_model.changes import MoveTeam, RecordVisit
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from loaders.generate import generate
from queries.embedded.backend import MemoryBackend

AT = datetime(2026, 1, 1, tzinfo=UTC)


def run(name: str, backend: Backend, bundle: Bundle, calls: int) -> None:
    points = [p.id for p in bundle.liaison_points]
    teams = bundle.teams[:calls]
    units = [u.id for u in bundle.units]

    def visit(i: int) -> Callable[[], object]:
        command = RecordVisit(points[i % len(points)], date(2026, 1, 1 + i % 28))
        return lambda: _applied(backend.apply_change(command, "bench", AT))

    def move(i: int) -> Callable[[], object]:
        team = teams[i % len(teams)]
        unit = next(u for u in units if u != team.unit_id)
        return lambda: _applied(backend.apply_change(MoveTeam(team.id, unit), "bench", AT))

    refused = RecordVisit("lp-none", date(2026, 1, 1))
    kinds: dict[str, list[Callable[[], object]]] = {
        "recordVisit": [visit(i) for i in range(calls)],
        "moveTeam": [move(i) for i in range(min(calls, len(teams)))],
        "refused": [lambda: backend.apply_change(refused, "bench", AT)] * calls,
        "trail page": [lambda: backend.change_trail(None, 0, 20)] * calls,
    }
    for kind, batch in kinds.items():
        median, p95 = timed(batch)
        print(
            f"{name:14} {kind:12} {len(batch):4} calls  median {median:8.2f} ms  p95 {p95:8.2f} ms"
        )


def _applied(outcome: object) -> None:
    assert getattr(outcome, "ok", False), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, help="a generated organisation of this size")
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args()
    bundle = generate(args.people) if args.people else read_bundle(SAMPLE_BUNDLE).bundle
    print(f"{sum(bundle.counts().values())} rows")
    run("memory", MemoryBackend(bundle), bundle, args.calls)
    with tempfile.TemporaryDirectory() as state:
        run("memory, saved", MemoryBackend(bundle, state_dir=Path(state)), bundle, args.calls)
    if uri := os.environ.get("ORGRAPH_NEO4J_URI"):
        from queries.neo4j.backend import Neo4jBackend

        neo4j = Neo4jBackend(
            uri,
            os.environ.get("ORGRAPH_NEO4J_USER", "neo4j"),
            os.environ.get("ORGRAPH_NEO4J_PASSWORD", "orgraph-dev"),
        )
        try:
            neo4j.replace_all(bundle)
            run("neo4j", neo4j, bundle, args.calls)
        finally:
            neo4j.close()


if __name__ == "__main__":
    main()
