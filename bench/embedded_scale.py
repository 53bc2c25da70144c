"""How the embedded backend scales: build, memory, point questions, diff, audit, state reload.

    uv run python bench/embedded_scale.py S M L        # one fresh process per size
    uv run python bench/embedded_scale.py S --repeat 3 # median of 3 runs of the big questions

Each size runs in its own process (so its resident memory is its own) on ``generate(people)``
and prints one Markdown row: entities+links, build seconds, resident MB and bytes per
entity+link (the process's RSS after the build less its RSS before the bundle existed: the
bundle the backend keeps and the graph), the p50 of each point question over a sample, the
number of people a chain names (its answer's size), ``coverageDiff`` (one year),
``uncoveredBranches``, the audit with the default rules, one change (``apply_change``, saved to
a state folder: bundle.json and its snapshot) and the reload of that state folder (from the
snapshot). Wall-clock times: on a shared machine, note the load
average beside them. Not part of the test run.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_model.browse import NodeFilter, Sort
from graph_model.changes import RecordVisit
from graph_model.elements import graph_nodes, graph_rels
from graph_model.kinds import NodeKind
from graph_model.records import Bundle
from loaders.generate import AS_OF, SIZES, generate
from queries.audit.rules import default_rules
from queries.embedded.backend import MemoryBackend

SAMPLE = 200
COLUMNS = (
    ("size", "{}"),
    ("people", "{:,}"),
    ("entities+links", "{:,}"),
    ("build s", "{:.1f}"),
    ("RSS MB", "{:.0f}"),
    ("B per e+l", "{:.0f}"),
    ("branchCov p50 ms", "{:.3f}"),
    ("leaderCov p50 ms", "{:.3f}"),
    ("chain p50 ms", "{:.3f}"),
    ("chain people p50", "{:.0f}"),
    ("explain p50 ms", "{:.3f}"),
    ("unitCov p50 ms", "{:.3f}"),
    ("find p50 ms", "{:.3f}"),
    ("diff s", "{:.2f}"),
    ("uncovered s", "{:.2f}"),
    ("audit s", "{:.2f}"),
    ("change s", "{:.2f}"),
    ("reload s", "{:.1f}"),
)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def seconds(call: Callable[[], object], repeat: int = 1) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def p50_ms(calls: list[Callable[[], object]]) -> float:
    calls[0]()
    return statistics.median(seconds(call) for call in calls) * 1000


def spread(items: list[str], sample: int) -> list[str]:
    """``sample`` items spread evenly over ``items``."""
    return items[:: max(1, len(items) // sample)][:sample]


def measure(size: str, repeat: int, sample: int) -> dict[str, Any]:
    people = SIZES.get(size) or int(size)
    gc.collect()
    before = rss_mb()
    bundle = generate(people, seed=1)
    gc.collect()
    started = time.perf_counter()
    backend = MemoryBackend(bundle)
    build = time.perf_counter() - started
    gc.collect()
    resident = rss_mb() - before
    elements = sum(1 for _ in graph_nodes(bundle)) + sum(1 for _ in graph_rels(bundle))
    branches = spread([o.id for o in bundle.party_orgs if o.kind.value == "branch"], sample)
    leaders = spread(sorted({lp.leader_id for lp in bundle.liaison_points}), sample)
    teams = spread([t.id for t in bundle.teams], sample)
    units = spread([u.id for u in bundle.units], sample)
    day = AS_OF
    find_filter = [NodeFilter(under_unit_id=u) for u in units]
    row: dict[str, Any] = {
        "size": size,
        "people": people,
        "entities+links": elements,
        "build s": build,
        "RSS MB": resident,
        "B per e+l": resident * 1024 * 1024 / elements,
        "branchCov p50 ms": p50_ms([lambda b=b: backend.branch_coverage(b, day) for b in branches]),
        "leaderCov p50 ms": p50_ms([lambda p=p: backend.leader_coverage(p, day) for p in leaders]),
        "chain p50 ms": p50_ms([lambda t=t: backend.responsibility_chain(t, day) for t in teams]),
        # The chain's answer grows with the company (every leader in charge of the domain):
        # beside its time, how many people it names.
        "chain people p50": statistics.median(
            sum(len(link.people) for link in backend.responsibility_chain(t, day).links)
            for t in teams
        ),
        "explain p50 ms": p50_ms([lambda b=b: backend.explain_uncovered(b, day) for b in branches]),
        "unitCov p50 ms": p50_ms([lambda u=u: backend.unit_coverage([u], day) for u in units]),
        "find p50 ms": p50_ms(
            [lambda f=f: backend.find(NodeKind.TEAM, f, Sort(), 0, 20) for f in find_filter]
        ),
        "diff s": seconds(lambda: backend.coverage_diff(day - timedelta(days=365), day), repeat),
        "uncovered s": seconds(lambda: backend.uncovered_branches(day), repeat),
        "audit s": seconds(lambda: backend.audit(day, default_rules()), repeat),
    }
    return row | state_timings(bundle)


def state_timings(bundle: Bundle) -> dict[str, float]:
    """One change saved to a state folder, and the reload of that folder."""
    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder)
        saved = MemoryBackend(bundle, state_dir=state)
        saved.replace_all(bundle)  # writes bundle.json
        point = next(lp.id for lp in bundle.liaison_points if lp.end is None)
        visit = RecordVisit(liaison_point_id=point, date=AS_OF)
        at = datetime(2026, 11, 30, tzinfo=UTC)
        change = seconds(lambda: saved.apply_change(visit, "bench", at))
        return {"change s": change, "reload s": seconds(lambda: MemoryBackend(state_dir=state))}


def markdown(rows: list[dict[str, Any]]) -> str:
    head = "| " + " | ".join(name for name, _ in COLUMNS) + " |"
    rule = "|" + "---|" * len(COLUMNS)
    body = [
        "| " + " | ".join(form.format(row[name]) for name, form in COLUMNS) + " |" for row in rows
    ]
    return "\n".join([head, rule, *body])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["S", "M"], help="S, M, L or a number")
    parser.add_argument("--repeat", type=int, default=1, help="runs of diff, uncovered, audit")
    parser.add_argument("--sample", type=int, default=SAMPLE, help="calls per point question")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one size, as JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.repeat, args.sample)))
        return
    rows = []
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", size]
        command += ["--repeat", str(args.repeat), "--sample", str(args.sample)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"measured {size}", file=sys.stderr)
    print(markdown(rows))


if __name__ == "__main__":
    main()
