"""Ingest into Neo4j: orgraph's load (reading and validating the CSV folder included) against
the ``LOAD CSV … CALL { … } IN TRANSACTIONS`` a Neo4j user would write (bench/load_csv.py),
on the same files and the same server, each into an emptied store holding only the indexes it
relies on (bench/neo4j_db.py), each timed from a process
that has its modules imported (as the baseline's driver is); and, in an environment
without the ``neo4j-rust-ext`` driver extension (a dependency of orgraph), the load again with
it, in an overlay environment.

The store is left holding the size, loaded by orgraph (or by LOAD CSV when orgraph's load
failed), for the comparisons that ask questions next.
"""

from __future__ import annotations

import time
from pathlib import Path

import neo4j

from bench import load_csv, neo4j_db
from bench.context import Bench
from bench.isolate import TaskFailed, run_task
from bench.rows import Row, Section, judged, measured, median, ratio

#: Rows per LOAD CSV transaction: the usual advice first; a batch the server's per-transaction
#: memory cap refuses (party groups' members at M) is retried with the next, and reported so.
BATCHES = (10_000, 1_000)
BATCH = BATCHES[0]
RUST_EXT = "neo4j-rust-ext>=6,<7"


class IngestNeo4j:
    name = "ingest-neo4j"
    title = "Ingest into Neo4j: orgraph load vs LOAD CSV"
    needs_neo4j = True

    def __init__(self) -> None:
        self.missed: list[str] = []

    def per_size(self, bench: Bench, size: str, section: Section) -> list[Row]:
        assert bench.neo4j_uri
        uri, folder = bench.neo4j_uri, bench.folder(size)
        elements = bench.elements[size]
        baseline: list[float] = []
        batches: set[int] = set()
        ours: list[float] = []
        parse: list[float] = []
        rust: list[float] = []
        failures: list[str] = []
        if not section.notes:
            section.notes.append(_script_note(folder))
        for attempt in range(bench.runs):
            bench.say(f"{size}: Neo4j ingest, run {attempt + 1}/{bench.runs}")
            bench.neo4j_holds = None  # from here on the store holds something else
            seconds, batch = self._load_csv_fitting(uri, folder, bench.timeout, failures, size)
            baseline.append(seconds)
            batches.add(batch)
            if bench.rust_ext:
                neo4j_db.wipe(uri, neo4j_db.ORGRAPH_SCHEMA)
                try:
                    done = run_task(
                        "ingest_neo4j",
                        {"folder": str(folder), "uri": uri},
                        bench.timeout,
                        with_packages=[RUST_EXT],
                    )
                    rust.append(done["seconds"])
                    section_note = f"neo4j-rust-ext {done['rust']} measured in an overlay env"
                    if section_note not in section.notes:
                        section.notes.append(section_note)
                except TaskFailed as exc:
                    failures.append(f"{size} with neo4j-rust-ext: {exc}")
            neo4j_db.wipe(uri, neo4j_db.ORGRAPH_SCHEMA)
            bench.neo4j_holds = None
            try:
                done = run_task("ingest_neo4j", {"folder": str(folder), "uri": uri}, bench.timeout)
                ours.append(done["seconds"])
                parse.append(done["parse_seconds"])
                bench.neo4j_holds = (size, "orgraph load")
            except TaskFailed as exc:
                failures.append(f"{size} orgraph load: {exc}")
                break
        if bench.neo4j_holds is None:  # questions still need the graph: load it the other way
            self._load_csv_fitting(uri, folder, bench.timeout, [], size)
            bench.neo4j_holds = (size, "LOAD CSV (orgraph's load failed)")
        section.errors.extend(failures)
        return self._rows(size, elements, baseline, ours, parse, rust, batches)

    def _load_csv_fitting(
        self, uri: str, folder: Path, timeout: float, failures: list[str], size: str
    ) -> tuple[float, int]:
        """LOAD CSV into the emptied store with the first batch size the server takes."""
        for batch in BATCHES:
            neo4j_db.wipe(uri, load_csv.SCHEMA)
            try:
                return self._load_csv(uri, folder, timeout, batch), batch
            except neo4j.exceptions.Neo4jError as exc:
                if batch == BATCHES[-1]:
                    raise
                failure = f"{size}: LOAD CSV with {batch} rows per transaction failed: {exc}"
                if failure not in failures:
                    failures.append(failure)
        raise AssertionError("unreachable")

    def _rows(
        self,
        size: str,
        elements: int,
        baseline: list[float],
        ours: list[float],
        parse: list[float],
        rust: list[float],
        batches: set[int],
    ) -> list[Row]:
        rate_csv = elements / median(baseline)
        rows = [
            measured(f"{size}: entities + links", elements, "count"),
            measured(
                f"{size}: LOAD CSV, IN TRANSACTIONS OF "
                f"{' or '.join(str(b) for b in sorted(batches, reverse=True))} ROWS",
                rate_csv,
                "elements/s",
                f"{median(baseline):.1f} s",
            ),
        ]
        if ours:
            rate = elements / median(ours)
            met = rate >= rate_csv
            if not met:
                self.missed.append(size)
            rows.append(
                judged(
                    f"{size}: orgraph load (read + validate + write)",
                    rate,
                    "elements/s",
                    "≥ LOAD CSV",
                    met=met,
                    ratio=ratio(rate, rate_csv),
                )
            )
            rows.append(
                measured(
                    f"{size}: orgraph load, time",
                    median(ours),
                    "s",
                    f"of which read + validate {median(parse):.1f} s",
                )
            )
        else:
            rows.append(
                Row(
                    f"{size}: orgraph load (read + validate + write)",
                    None,
                    "elements/s",
                    "≥ LOAD CSV",
                    False,
                    None,
                    "failed (see below)",
                )
            )
            self.missed.append(size)
        if rust:
            rate_rust = elements / median(rust)
            rows.append(
                measured(
                    f"{size}: orgraph load with neo4j-rust-ext",
                    rate_rust,
                    "elements/s",
                    f"{ratio(rate_rust, elements / median(ours)) or 0:.2f}× without"
                    if ours
                    else "",
                )
            )
        return rows

    @staticmethod
    def _load_csv(uri: str, folder: Path, timeout: float, batch: int) -> float:
        """Run the LOAD CSV script into the (emptied) store; its time in seconds."""
        with neo4j_db.served(folder) as base, neo4j_db.driver(uri) as db:
            statements = load_csv.load_csv_script(base, load_csv.headers(folder), batch)
            start = time.perf_counter()
            with db.session() as session:
                for statement in statements:
                    session.run(neo4j.Query(statement, timeout=timeout)).consume()
            return time.perf_counter() - start

    def across(self, bench: Bench, section: Section) -> list[Row]:
        if self.missed and bench.neo4j_uri:
            size = self.missed[0]
            bench.say(f"{size}: profiling orgraph's Neo4j load")
            neo4j_db.wipe(bench.neo4j_uri, neo4j_db.ORGRAPH_SCHEMA)
            done = run_task(
                "ingest_neo4j",
                {"folder": str(bench.folder(size)), "uri": bench.neo4j_uri, "profile": True},
                bench.timeout,
            )
            section.profiles[f"orgraph load at {size}"] = done["profile"]
            bench.neo4j_holds = (size, "orgraph load (profiled)")
        return []


def _script_note(folder: Path) -> str:
    """The baseline's statements, folded, so a reader can judge what orgraph is measured
    against."""
    script = load_csv.load_csv_script("http://127.0.0.1:PORT/", load_csv.headers(folder), BATCH)
    return (
        "<details><summary>The LOAD CSV baseline, statement by statement</summary>\n\n"
        "```cypher\n" + ";\n".join(script) + ";\n```\n\n</details>"
    )
