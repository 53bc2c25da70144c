"""Several processes serving one embedded state folder (queries/embedded/store.py): the workers
of ``orgraph serve --workers 2`` answer changes with one run of ids and let a caller read its
own writes whichever worker answers; a load made by one process is what the others then serve;
and a worker stops when its server dies. Loopback only, each step bounded in time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx

from graph_model.changes import LoadNote
from loaders import SAMPLE_BUNDLE, read_bundle
from queries.embedded.backend import MemoryBackend
from tests.support.change_cases import org
from tests.support.served import beside_this_process, embedded_server, holding

POINTS = [p.id for p in read_bundle(SAMPLE_BUNDLE).bundle.liaison_points[:10]]
VISIT = (
    "mutation($lp: ID!, $note: String) { recordVisit(input: {liaisonPointId: $lp, "
    'date: "2025-03-01", note: $note}) { ok change { id } } }'
)
TRAIL = "query($lp: ID!) { changes(entityId: $lp, first: 100) { totalCount } }"
NEWEST = "{ changes(first: 1) { totalCount } }"
CLIENTS, WRITES = 6, 12
KEPT = 16  # kept-alive clients: all on one worker of two by chance once in 30,000 runs


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        c for c in map(int, children) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()
    ]


def test_two_workers_number_changes_once_and_each_reads_the_others_writes(
    tmp_path: Path,
) -> None:
    with embedded_server(tmp_path / "state", tmp_path / "server.log", workers=2) as (url, process):
        workers = workers_of(process.pid)
        assert len(workers) == 2
        before = {w: cpu_ticks(w) for w in workers}
        ids: list[int] = []
        stale: list[tuple[int, int]] = []
        lock = threading.Lock()

        def client(number: int) -> None:
            for n in range(WRITES):
                lp, note = POINTS[(number + n) % len(POINTS)], f"c{number}-{n}"
                # A connection each: the kernel hands each to either worker.
                body = ask(url, VISIT, lp=lp, note=note)
                change = int(body["recordVisit"]["change"]["id"])
                newest = ask(url, NEWEST)["changes"]["totalCount"]  # ids run from 1
                with lock:
                    ids.append(change)
                    if newest < change:
                        stale.append((change, newest))

        threads = [threading.Thread(target=client, args=(c,)) for c in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert sorted(ids) == list(range(1, CLIENTS * WRITES + 1))  # one run, no id twice
        assert not stale  # each read after a write saw it, whichever worker answered
        assert all(cpu_ticks(w) > before[w] for w in workers)  # both answered
        written = Counter(
            POINTS[(c + n) % len(POINTS)] for c in range(CLIENTS) for n in range(WRITES)
        )
        for lp in POINTS:
            answers = {ask(url, TRAIL, lp=lp)["changes"]["totalCount"] for _ in range(4)}
            assert answers == {written[lp]}  # asked four times: both workers, most likely

        # Connections opened at once and kept: each worker listens on a socket of its own, so
        # the kernel spreads them (one shared socket gave them all to the first worker awake).
        before = {w: cpu_ticks(w) for w in workers}
        with ThreadPoolExecutor(KEPT) as pool:
            list(pool.map(lambda _: kept_alive_reads(url), range(KEPT)))
        assert all(cpu_ticks(w) > before[w] for w in workers)


def kept_alive_reads(url: str) -> None:
    with httpx.Client(timeout=30) as client:
        for _ in range(20):
            body = client.post(f"{url}/graphql", json={"query": NEWEST}).json()
            assert body["data"]["changes"]["totalCount"] == CLIENTS * WRITES


def ask(url: str, query: str, **variables: str) -> dict[str, Any]:
    body = httpx.post(f"{url}/graphql", json={"query": query, "variables": variables}).json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def test_a_load_by_another_process_is_what_this_one_serves(tmp_path: Path) -> None:
    sample = SAMPLE_BUNDLE.resolve()
    script = (
        "import sys; from datetime import datetime, UTC; from pathlib import Path\n"
        "from graph_model.changes import LoadNote\n"
        "from loaders import read_bundle\n"
        "from queries.embedded.backend import MemoryBackend\n"
        "backend = MemoryBackend(state_dir=Path(sys.argv[1]))\n"
        "note = LoadNote('loader', datetime(2025, 7, 1, tzinfo=UTC), ('u-1',), None, {})\n"
        "backend.load_bundle(read_bundle(Path(sys.argv[2])).bundle, note)\n"
    )
    folder = tmp_path / "state"
    with holding(folder, org().bundle()) as holder:
        subprocess.run(
            [sys.executable, "-c", script, str(folder), str(sample)],
            env=beside_this_process(),
            check=True,
            timeout=120,
        )
        assert holder.snapshot() == MemoryBackend(read_bundle(sample).bundle).snapshot()
        _, trail = holder.change_trail(None, 0, 1)
        assert trail[0].actor == "loader"
        note = LoadNote("here", datetime(2025, 7, 2, tzinfo=UTC), ("u-1",), None, {}, 1)
        assert holder.load_bundle(org().bundle(), note).id == 2  # numbered after the other's


def test_a_worker_stops_when_its_server_dies(tmp_path: Path) -> None:
    with embedded_server(tmp_path / "state", tmp_path / "server.log", workers=2) as (_, process):
        workers = workers_of(process.pid)
        os.kill(process.pid, signal.SIGKILL)  # the server alone
        process.wait(timeout=10)
        deadline = time.monotonic() + 30
        while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        alive = [w for w in workers if Path(f"/proc/{w}").exists()]
        for worker in alive:
            os.kill(worker, signal.SIGKILL)
        assert not alive
