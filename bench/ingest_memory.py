"""Ingest into the embedded backend: reading, validating and building the in-memory graph, and
the resident memory that stays per entity+link (RSS after, less RSS before, in a fresh
process)."""

from __future__ import annotations

from bench.context import Bench
from bench.isolate import run_task
from bench.rows import Row, Section, judged, measured, median, ratio

BYTES_PER_ELEMENT = 1024  # the target at L: under 1 KB resident per entity+link


class IngestMemory:
    name = "ingest-memory"
    title = "Ingest into the embedded backend, and its memory"
    needs_neo4j = False

    def per_size(self, bench: Bench, size: str, section: Section) -> list[Row]:
        folder = bench.folder(size)
        results = []
        for attempt in range(bench.runs):
            bench.say(f"{size}: embedded ingest, run {attempt + 1}/{bench.runs}")
            results.append(run_task("ingest_memory", {"folder": str(folder)}, bench.timeout))
        elements = results[0]["nodes"] + results[0]["rels"]
        seconds = median([r["seconds"] for r in results])
        per_element = median([r["rss_delta"] for r in results]) / elements
        target = "< 1 KB" + ("" if size == "L" else " (the target is at L)")
        return [
            measured(
                f"{size}: start from the bundle",
                elements / seconds,
                "elements/s",
                f"{seconds:.1f} s for {elements:,} entities + links",
            ),
            judged(
                f"{size}: resident per entity + link",
                per_element,
                "bytes",
                target,
                met=per_element < BYTES_PER_ELEMENT,
                ratio=ratio(per_element, BYTES_PER_ELEMENT),
            ),
        ]

    def across(self, bench: Bench, section: Section) -> list[Row]:
        return []
