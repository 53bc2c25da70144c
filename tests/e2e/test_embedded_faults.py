"""Faults of the embedded backend with real processes (issue 10, failure 1 and part 7): a second
server (or load) on a served state folder is refused at once, naming the holder's pid; a server
killed with SIGKILL while several clients write loses no acknowledged change and keeps no
refused one. Each with one server process and with two workers sharing the folder. Loopback
only, each step bounded in time."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
import pytest

from loaders import SAMPLE_BUNDLE, read_bundle
from queries.embedded.backend import MemoryBackend
from tests.support.served import ORGRAPH, START_TIMEOUT, embedded_server, free_port

POINT = read_bundle(SAMPLE_BUNDLE).bundle.liaison_points[0].id
VISIT = (
    "mutation($note: String) { recordVisit(input: {liaisonPointId: "
    f'"{POINT}", date: "2025-03-01", note: $note}}) {{ ok change {{ id }} }} }}'
)


def refused(argv: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ORGRAPH_ENVIRONMENT": "development"}
    return subprocess.run(argv, capture_output=True, text=True, timeout=START_TIMEOUT, env=env)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_second_server_or_a_load_on_a_served_folder_is_refused_naming_the_holder(
    tmp_path: Path, workers: int
) -> None:
    state = tmp_path / "state"
    with embedded_server(state, tmp_path / "first.log", workers) as (url, first):
        port = str(free_port())
        second = refused([ORGRAPH, "serve", "--dev", "--port", port, "--state-dir", str(state)])
        load = refused(
            [ORGRAPH, "load", str(SAMPLE_BUNDLE), "--backend", "memory", "--state-dir", str(state)]
        )
        for answer in (second, load):
            assert answer.returncode == 2, answer.stderr
            assert str(state) in answer.stderr and f"process {first.pid}" in answer.stderr
        answers = [httpx.post(f"{url}/graphql", json={"query": VISIT}).json() for _ in range(3)]
    assert [a["data"]["recordVisit"]["change"]["id"] for a in answers] == ["1", "2", "3"]


@dataclass
class Writes:
    """What the writers were told: applied (note -> change id) or refused (notes)."""

    applied: dict[str, int] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


def write_until_killed(url: str, writer: int, writes: Writes, stop: threading.Event) -> None:
    with httpx.Client(timeout=10) as client:
        for n in range(10_000):
            if stop.is_set():
                return
            note = f"w{writer}-{n}"
            try:
                body = client.post(
                    f"{url}/graphql", json={"query": VISIT, "variables": {"note": note}}
                ).json()
            except (httpx.HTTPError, ValueError):
                return  # the server is gone: this one's fate is unknown, either is right
            with writes.lock:
                if body.get("data") and body["data"]["recordVisit"]["ok"]:
                    writes.applied[note] = int(body["data"]["recordVisit"]["change"]["id"])
                else:
                    writes.refused.add(note)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_server_killed_mid_write_loses_no_acknowledged_change(
    tmp_path: Path, workers: int
) -> None:
    state = tmp_path / "state"
    writes, stop = Writes(), threading.Event()
    with embedded_server(state, tmp_path / "server.log", workers) as (url, process):
        writers = [
            threading.Thread(target=write_until_killed, args=(url, w, writes, stop))
            for w in range(8)
        ]
        for thread in writers:
            thread.start()
        deadline = time.monotonic() + 30
        while len(writes.applied) < 150 and time.monotonic() < deadline:
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)  # and its workers, while the writers write
        process.wait(timeout=10)
        stop.set()
        for thread in writers:
            thread.join(timeout=30)
    assert len(writes.applied) >= 150

    restarted = MemoryBackend(state_dir=state)  # the kernel let go of the dead one's lock
    total, trail = restarted.change_trail(None, 0, 100_000, oldest_first=True)
    noted = {e.after["note"]: e.id for e in trail if e.after}
    assert [e.id for e in trail] == list(range(1, total + 1))  # unique, none skipped
    assert {n: noted.get(n) for n in writes.applied} == writes.applied
    assert not writes.refused & set(noted)
    visited = {v.note for v in restarted.snapshot().visits}
    assert set(writes.applied) <= visited
    assert visited - {v.note for v in read_bundle(SAMPLE_BUNDLE).bundle.visits} == set(noted)
