"""A soak of the embedded backend's durable store over HTTP (issue 10): many writers and some
readers against one ``orgraph serve`` for a while, on a generated organisation.

    uv run python -m bench.soak --minutes 10             # the 10-minute soak, M (100k people)
    uv run python -m bench.soak --minutes 1              # a quicker check
    uv run python -m bench.soak --minutes 1 --people 10000
    uv run python -m bench.soak --minutes 10 --workers 2  # served by two worker processes

It generates the organisation, writes it as CSV, serves it (``--dev``, a fresh state folder)
and then:

1. reads alone for ``--idle-seconds`` (``branchCoverage`` of random branches, ``--readers``
   clients): the idle read p50;
2. for ``--minutes``, ``--writers`` clients record visits (``recordVisit``, each answered only
   once flushed to disk) while the readers go on; the server's resident memory (its workers'
   included) and the writes and reads per second are sampled every ``--memory-every`` s;
3. stops the server (a clean stop writes a snapshot) and starts it again on the same folder:
   the time to serve again, and that the trail holds every acknowledged write.

Prints acknowledged writes per second, write and read latencies, the read p50 during writes
against idle (the target: within 2x), memory and rates over time, and the restart. The load
generator runs on the same cores as the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from subprocess import Popen
from typing import Any

import httpx2

from bench.raw_http import RawConnection
from bench.rows import median, percentile
from bench.servers import ROOT, _await, _process, free_port
from graph_model.kinds import OrgKind
from loaders.generate import generate, write_csv

READ = (
    "query($id: ID!) { branchCoverage(branchId: $id) { kind leader { id name } "
    "liaisonPoint { id } } }"
)
WRITE = (
    "mutation($lp: ID!, $day: Date) { recordVisit(input: {liaisonPointId: $lp, date: $day}) "
    "{ ok change { id } } }"
)
TRAIL = "{ changes(first: 1) { totalCount } }"


@dataclass
class Tally:
    """Latencies of the answers that were right, and the count of the others."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def p(self, fraction: float) -> float:
        return percentile(self.latencies, fraction) * 1000 if self.latencies else float("nan")

    @property
    def p50(self) -> float:
        return median(self.latencies) * 1000 if self.latencies else float("nan")


async def clients(
    url: str,
    query: str,
    variables: list[dict[str, Any]],
    count: int,
    until: float,
    tally: Tally,
    answered: bytes,
) -> None:
    """``count`` clients, one kept-alive connection each, posting ``query`` with random
    ``variables`` until ``until`` (bench/raw_http.py: the generator must leave the server its
    core)."""

    async def one() -> None:
        connection = RawConnection(url)
        try:
            while time.monotonic() < until:
                began = time.perf_counter()
                payload = {"query": query, "variables": random.choice(variables)}
                status, body = await connection.post_json(payload)
                if status == 200 and answered in body and b'"errors"' not in body:
                    tally.latencies.append(time.perf_counter() - began)
                else:
                    tally.errors += 1
        finally:
            await connection.close()

    await asyncio.gather(*(one() for _ in range(count)))


def cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) the server has used, its workers included: what a request
    costs, whatever else the machine runs."""
    total = 0.0
    for process in _tree(pid):
        fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_mib(pid: int) -> float:
    """The server's resident memory, its workers' included."""
    total = 0.0
    for process in _tree(pid):
        for line in Path(f"/proc/{process}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


def _tree(pid: int) -> list[int]:
    """``pid`` and every process under it."""
    found, index = [pid], 0
    while index < len(found):
        for task in Path(f"/proc/{found[index]}/task").iterdir():
            children = (task / "children").read_text().split()
            found += [int(child) for child in children]
        index += 1
    return found


async def sample(
    pid: int, until: float, every: float, writes: Tally, reads: Tally, samples: list[str]
) -> None:
    """Every ``every`` seconds: the server's memory, and writes and reads per second since the
    sample before (a store whose changes grew dearer with the trail shows here)."""
    start = last = time.monotonic()
    counted = (0, 0)
    while time.monotonic() < until:
        await asyncio.sleep(min(every, max(0.0, until - time.monotonic())))
        now, done = time.monotonic(), (len(writes.latencies), len(reads.latencies))
        rates = [(n - before) / (now - last) for n, before in zip(done, counted, strict=True)]
        samples.append(
            f"{now - start:5.0f} s {rss_mib(pid):7.0f} MiB {rates[0]:7.1f} writes/s "
            f"{rates[1]:7.1f} reads/s"
        )
        last, counted = now, done


@contextmanager
def serving(
    bundle: Path, state: Path, timeout: float, workers: int
) -> Iterator[tuple[str, Popen[bytes]]]:
    port = free_port()
    orgraph = Path(sys.executable).parent / "orgraph"
    argv = [str(orgraph), "serve", "--backend", "memory", "--dev", "--port", str(port)]
    argv += ["--workers", str(workers)]
    argv += ["--bundle", str(bundle), "--state-dir", str(state)]
    with _process(argv, {"ORGRAPH_ENVIRONMENT": "development"}, ROOT) as process:
        _await(f"http://127.0.0.1:{port}/healthz", process, timeout, get=True)
        yield f"http://127.0.0.1:{port}/graphql", process


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--idle-seconds", type=float, default=15.0)
    parser.add_argument(
        "--memory-every", type=float, default=10.0, help="seconds between samples over time"
    )
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()

    bundle = generate(args.people, seed=args.seed)
    branches = [{"id": o.id} for o in bundle.party_orgs if o.kind is OrgKind.BRANCH]
    day = date(2025, 1, 1)
    visits = [
        {"lp": p.id, "day": (day + timedelta(days=i % 365)).isoformat()}
        for i, p in enumerate(bundle.liaison_points * 10)
    ]
    with tempfile.TemporaryDirectory(prefix="soak-") as scratch:
        folder, state = Path(scratch) / "bundle", Path(scratch) / "state"
        write_csv(bundle, folder)
        print(f"{args.people} people, {len(bundle.liaison_points)} liaison points; serving …")
        began = time.monotonic()
        with serving(folder, state, 600, args.workers) as (url, process):
            print(f"first start (reading the CSV): {time.monotonic() - began:.1f} s")
            idle, reads, writes = Tally(), Tally(), Tally()
            memory: list[str] = []

            began = time.monotonic()
            first = httpx2.post(url, json={"query": WRITE, "variables": visits[0]}, timeout=600)
            assert '"ok":true' in first.text, first.text
            print(
                f"first write (a fresh folder's first snapshot): {time.monotonic() - began:.1f} s"
            )
            cpu: dict[str, float] = {}

            async def soak() -> None:
                until = time.monotonic() + args.idle_seconds
                cpu["start"] = cpu_seconds(process.pid)
                await clients(url, READ, branches, args.readers, until, idle, b"branchCoverage")
                cpu["idle"] = cpu_seconds(process.pid)
                until = time.monotonic() + args.minutes * 60
                await asyncio.gather(
                    clients(url, WRITE, visits, args.writers, until, writes, b'"ok":true'),
                    clients(url, READ, branches, args.readers, until, reads, b"branchCoverage"),
                    sample(process.pid, until, args.memory_every, writes, reads, memory),
                )
                cpu["end"] = cpu_seconds(process.pid)
                cpu["generator"] = time.process_time() - generator_began

            generator_began = time.process_time()

            asyncio.run(soak())
            stopping = time.monotonic()
        stopped = time.monotonic() - stopping
        began = time.monotonic()
        with serving(folder, state, 600, args.workers) as (url, _):
            restart = time.monotonic() - began
            trail = httpx2.post(url, json={"query": TRAIL}, timeout=60).json()
        total = trail["data"]["changes"]["totalCount"]
    seconds = args.minutes * 60
    ratio = reads.p50 / idle.p50
    print(
        f"server workers {args.workers}, writers {args.writers}, readers {args.readers}, "
        f"{seconds:.0f} s of writes"
    )
    print(
        f"writes: {len(writes.latencies) / seconds:8.1f} acknowledged/s  "
        f"p50 {writes.p50:6.1f} ms  p99 {writes.p(0.99):6.1f} ms  errors {writes.errors}"
    )
    print(
        f"reads : idle p50 {idle.p50:6.1f} ms ({len(idle.latencies)} reads), during writes "
        f"p50 {reads.p50:6.1f} ms p99 {reads.p(0.99):6.1f} ms ({len(reads.latencies)} reads, "
        f"{reads.errors} errors): {ratio:.2f}x idle (target <= 2x)"
    )
    per_read = (cpu["idle"] - cpu["start"]) / max(1, len(idle.latencies))
    spent = cpu["end"] - cpu["idle"] - per_read * len(reads.latencies)
    per_write = spent / max(1, len(writes.latencies))
    print(
        f"server CPU: {per_read * 1000:.2f} ms a read, {per_write * 1000:.2f} ms a write "
        f"(one free core: ~{1 / per_write:.0f} writes/s); "
        f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    requests = len(idle.latencies) + len(reads.latencies) + len(writes.latencies)
    print(f"load generator CPU: {cpu['generator'] / max(1, requests) * 1000:.2f} ms a request")
    print("over time (server RSS, and the rates since the line before):")
    for line in memory:
        print(f"  {line}")
    print(f"clean stop (snapshot): {stopped:.1f} s; restart from the state folder: {restart:.1f} s")
    acknowledged = len(writes.latencies) + 1  # and the first write
    print(f"trail after restart: {total} changes, {acknowledged} acknowledged")


if __name__ == "__main__":
    main()
