"""In-process execution: a 1,000-item list query through strawberry (the schema as served:
guards, parser and validation caches) against graphql-core's own ``execute`` on the same
schema (strawberry's ``_schema``) with the same resolvers and context; and a trivial request
whose parse and validation are cached. Measured once, on the first size."""

from __future__ import annotations

from bench.context import Bench
from bench.isolate import run_task
from bench.rows import Row, Section, judged, measured, median, ratio

ITEMS = 1_000
LIST_FACTOR = 1.2
TRIVIAL_MS = 0.2
RUNS = 20


class ListExecution:
    name = "list-execution"
    title = "In-process execution: 1,000-item list vs graphql-core; cached trivial request"
    needs_neo4j = False

    def __init__(self) -> None:
        self.done = False

    def per_size(self, bench: Bench, size: str, section: Section) -> list[Row]:
        if self.done:
            return []
        self.done = True
        bench.say(f"{size}: in-process list execution")
        result = run_task(
            "in_process",
            {"folder": str(bench.folder(size)), "items": ITEMS, "runs": max(RUNS, bench.runs)},
            bench.timeout,
        )
        times = result["times"]
        ours, core = median(times["strawberry"]) * 1000, median(times["graphql-core"]) * 1000
        trivial = median(times["trivial"]) * 1000
        list_met, trivial_met = ours <= LIST_FACTOR * core, trivial < TRIVIAL_MS
        if not (list_met and trivial_met):
            section.profiles[f"{ITEMS}-item list through strawberry ({size})"] = result["profile"]
        section.notes.append(
            f"`people(first: {ITEMS}) {{ nodes {{ id name partyStatus unit {{ id name }} }} }}` "
            f"on the embedded backend at {size}, page cap raised to {ITEMS}; median of "
            f"{len(times['strawberry'])} alternated runs each."
        )
        return [
            measured(f"{size}: graphql-core execute, {ITEMS} items", core, "ms"),
            judged(
                f"{size}: strawberry execute, {ITEMS} items",
                ours,
                "ms",
                f"≤ {LIST_FACTOR}× graphql-core",
                met=list_met,
                ratio=ratio(ours, core),
            ),
            judged(
                f"{size}: cached trivial request (`{{ __typename }}`)",
                trivial,
                "ms",
                f"< {TRIVIAL_MS} ms",
                met=trivial_met,
                ratio=ratio(trivial, TRIVIAL_MS),
            ),
        ]

    def across(self, bench: Bench, section: Section) -> list[Row]:
        return []
