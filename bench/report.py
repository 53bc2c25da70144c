"""The benchmark suite, one command (not part of the test run):

    uv run python -m bench.report [--sizes S,M,L] [--runs 3] [--out bench/REPORT.md]
                                  [--neo4j-uri bolt://127.0.0.1:7687] [--quick]
                                  [--only ingest-neo4j,...]

Generates each size's organisation (``loaders.generate``), runs every comparison on it side by
side, and writes a Markdown report: the machine, the versions, each metric's median over the
runs, and each target met or missed with its ratio (with a profile where missed). A comparison
or size that fails or times out is reported with its error; the rest carries on. ``--only``
runs some of the comparisons (by name), to measure one thing again without the whole suite.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import shutil
import time
import traceback
from pathlib import Path

from bench import neo4j_db
from bench.big_questions import BigQuestions
from bench.comparison import Comparison
from bench.context import Bench
from bench.http_points import HttpPoints
from bench.ingest_memory import IngestMemory
from bench.ingest_neo4j import IngestNeo4j
from bench.list_execution import ListExecution
from bench.machine import machine, versions
from bench.render import render
from bench.rows import Section
from loaders.generate import SIZES

DEFAULT_OUT = Path(__file__).parent / "REPORT.md"


def comparisons() -> list[Comparison]:
    """In the order they run at each size: the Neo4j ingest first, since it leaves the store
    holding the size the other comparisons ask Neo4j about."""
    return [IngestNeo4j(), IngestMemory(), BigQuestions(), HttpPoints(), ListExecution()]


def run(bench: Bench, only: frozenset[str] | None = None) -> str:
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    server = None
    chosen = [c for c in comparisons() if only is None or c.name in only]
    sections = {c.title: Section(c.title) for c in chosen}
    if bench.neo4j_uri:
        try:
            server = neo4j_db.server_version(bench.neo4j_uri)
        except Exception as exc:  # no server: the Neo4j comparisons are reported as failed
            bench.say(f"Neo4j at {bench.neo4j_uri} unavailable: {exc}")
            for c in chosen:
                if c.needs_neo4j:
                    sections[c.title].errors.append(f"Neo4j unavailable: {exc}")
            bench.neo4j_uri = None
    for size in bench.sizes:
        try:
            bench.folder(size)
        except Exception:
            for section in sections.values():
                section.errors.append(
                    f"{size}: generating the bundle failed:\n" + traceback.format_exc(limit=3)
                )
            continue
        for c in chosen:
            if c.needs_neo4j and not bench.neo4j_uri:
                continue
            _guarded(
                bench,
                sections[c.title],
                f"{size}",
                lambda c=c, size=size: c.per_size(bench, size, sections[c.title]),
            )
    for c in reversed(chosen):  # the ingest's profile reloads the store: it goes last
        _guarded(
            bench, sections[c.title], "across sizes", lambda c=c: c.across(bench, sections[c.title])
        )
    preface = [
        f"Measured {started} by `python -m bench.report --sizes {','.join(bench.sizes)} "
        f"--runs {bench.runs}"
        + (f" --only {','.join(c.name for c in chosen)}" if only is not None else "")
        + f"`; every value is the median of {bench.runs} run(s) unless the "
        "row says otherwise. Sizes in people: "
        + ", ".join(f"{s} = {SIZES[s]:,}" for s in bench.sizes)
        + f" (generated with seed {1}). Entities + links are the graph's nodes and relationships.",
        "",
        f"Neo4j: {bench.neo4j_uri or 'not measured'}"
        + (f" ({server})" if server else "")
        + ". `LOAD CSV` reads the same CSV files over loopback HTTP (the local launcher "
        "does not allow file URLs).",
    ]
    return render(
        "orgraph benchmark report", machine(), versions(server), sections.values(), preface
    )


def _guarded(bench: Bench, section: Section, where: str, call: object) -> None:
    try:
        section.rows.extend(call())  # type: ignore[operator]
    except Exception as exc:
        bench.say(f"{section.title} ({where}) failed: {exc}")
        section.errors.append(
            f"{where}: {type(exc).__name__}: {exc}\n" + traceback.format_exc(limit=4)
        )


def _installed(package: str) -> bool:
    try:
        importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated: S, M, L")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--neo4j-uri",
        default="bolt://127.0.0.1:7687",
        help="the Neo4j to measure (it is emptied!); '' to skip Neo4j",
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds any one measurement may take"
    )
    parser.add_argument(
        "--no-rust-ext", action="store_true", help="skip the load with neo4j-rust-ext"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: S only, 1 run")
    names = [c.name for c in comparisons()]
    parser.add_argument(
        "--only", help=f"comma-separated comparisons to run (default: all): {', '.join(names)}"
    )
    args = parser.parse_args(argv)
    only = None
    if args.only is not None:
        only = frozenset(n.strip() for n in args.only.split(",") if n.strip())
        if not only or only - set(names):
            parser.error(f"unknown comparisons in --only {args.only!r}; known: {', '.join(names)}")
    sizes = ["S"] if args.quick else [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown sizes {unknown}; known: {', '.join(SIZES)}")
    bench = Bench(
        sizes=sizes,
        runs=1 if args.quick else args.runs,
        neo4j_uri=args.neo4j_uri or None,
        timeout=args.timeout,
        # A dependency now (kept: it loads M in 0.7x the time); the overlay compares only
        # where an environment lacks it.
        rust_ext=not args.no_rust_ext and not _installed("neo4j-rust-ext"),
        http_seconds=1.5 if args.quick else 3.0,
    )
    try:
        text = run(bench, only)
    finally:
        shutil.rmtree(bench.workdir, ignore_errors=True)
    args.out.write_text(text, encoding="utf-8")
    bench.say(f"wrote {args.out}")


if __name__ == "__main__":
    main()
