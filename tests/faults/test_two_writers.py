"""Two processes writing at once, as two API workers (or two servers) would, to one Neo4j or to
one embedded state folder: every change gets an id of its own, the ids leave no gap, and no
change is lost — visits to one liaison point from both processes included (the contended case
of a lost update).

On Neo4j each change takes the next number from the trail's one ``:ChangeLog`` node in its own
transaction (queries/changes/cypher.py, ``NEXT_CHANGE_ID``): the node's write lock orders the
changes of every process, and ``:Change.seq`` is unique by constraint. On the embedded backend
each process holds a copy of the organisation and the journal orders them: a group is checked
and appended while no other process appends, after applying what they appended
(queries/embedded/store.py); snapshots are written meanwhile (every 7 changes).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest

from graph_model.changes import RecordVisit
from graph_model.protocol import Backend
from queries.embedded.backend import MemoryBackend
from queries.embedded.state import TRAIL_FILE
from tests.support.change_cases import DAY, org
from tests.support.change_writer import AT
from tests.support.served import ROOT, beside_this_process, holding

PROCESSES = 2
THREADS = 4
CHANGES = 30  # per thread: half of them visits to lp-a
#: Seconds a writer process may take, start included (a busy 2-core machine).
PATIENCE = 180


@pytest.fixture(params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Backend, str]]:
    """A backend holding the organisation, and the target the writer processes open."""
    if request.param == "neo4j":
        backend: Backend = request.getfixturevalue("neo4j_backend")
        backend.replace_all(org().bundle())
        yield backend, request.getfixturevalue("neo4j_uri")
        return
    with holding(tmp_path / "state", org().bundle()) as embedded:  # the writers' start
        yield embedded, f"state:{tmp_path / 'state'}"


def test_two_processes_number_their_changes_uniquely_and_lose_none(
    shared: tuple[Backend, str],
) -> None:
    backend, target = shared
    first_new = backend.change_trail(None, 0, 1)[0] + 1  # the trail outlives loads

    done = run_writers(target, THREADS, CHANGES)

    acknowledged = [change_id for _, change_id in done]
    assert None not in acknowledged  # none was refused
    assert len(acknowledged) == PROCESSES * THREADS * CHANGES
    last = first_new + len(acknowledged) - 1
    assert sorted(acknowledged) == list(range(first_new, last + 1))  # unique, no gap

    _, trail = backend.change_trail(None, 0, len(acknowledged))  # the newest
    assert {entry.id: entry.entity_id for entry in trail} == {
        change_id: entity for entity, change_id in done
    }
    visits = [v for v in backend.snapshot().visits if v.liaison_point_id == "lp-a"]
    visits_before = [v for v in org().bundle().visits if v.liaison_point_id == "lp-a"]
    written = sum(1 for entity, _ in done if entity == "lp-a")
    assert len(visits) == len(visits_before) + written  # no visit overwritten by another


def test_the_folder_read_again_holds_every_change(tmp_path: Path) -> None:
    """The embedded writers' folder, opened afresh: the snapshots written while both wrote and
    the journal after them hold what both processes answered."""
    folder = tmp_path / "state"
    with holding(folder, org().bundle()) as holder:
        ids = {change_id for _, change_id in run_writers(f"state:{folder}", 2, 10)}
        assert len(ids) == PROCESSES * 2 * 10
        expected = holder.snapshot()

    reopened = MemoryBackend(state_dir=folder)
    try:
        count, trail = reopened.change_trail(None, 0, len(ids))
        assert count == len(ids) and {entry.id for entry in trail} == ids
        assert reopened.snapshot() == expected
    finally:
        reopened.close()


def test_a_question_does_not_wait_for_a_group_stuck_behind_the_journal(tmp_path: Path) -> None:
    """Another process's changes, once published, are read while this process's own group
    waits for the journal (another process holds it): a question is not held up by a flush
    in another process, nor by its own group's."""
    folder = tmp_path / "state"
    with holding(folder, org().bundle()) as holder:
        first_new = holder.change_trail(None, 0, 1)[0] + 1
        (visit, visit_id), (new_point, point_id) = run_writers(f"state:{folder}", 1, 2, 1)
        with ThreadPoolExecutor(2) as pool, _journal_held_elsewhere(folder):
            waiting = pool.submit(
                holder.apply_change, RecordVisit("lp-a", DAY - timedelta(days=777)), "here", AT
            )
            _wait_until(holder._store._committing.locked)  # its group waits for the journal
            asked = pool.submit(holder.entity, new_point)
            assert asked.result(timeout=30) is not None  # with the journal still held
            assert not waiting.done()
        record = waiting.result(timeout=PATIENCE).record
        assert record is not None
        assert [(visit, visit_id), (new_point, point_id), (record.entity_id, record.id)] == [
            ("lp-a", first_new),
            ("lp-p0-t0-1", first_new + 1),
            ("lp-a", first_new + 2),  # numbered after the others' changes, seen first
        ]


@contextmanager
def _journal_held_elsewhere(folder: Path) -> Iterator[None]:
    """The journal locked as another process's group in flight holds it (a lock of its own:
    ``flock`` locks belong to an open file)."""
    fd = os.open(folder / TRAIL_FILE, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        assert time.monotonic() < deadline, "never happened"
        time.sleep(0.01)


def run_writers(
    target: str, threads: int, changes: int, processes: int = PROCESSES
) -> list[tuple[str, int | None]]:
    """What ``processes`` writer processes (tests/support/change_writer.py) did: (entity, change
    id) for each change, after they started writing at once. This process holds an embedded
    folder, as a server does for its workers."""
    command = [sys.executable, "-m", "tests.support.change_writer", target]
    writers = [
        subprocess.Popen(
            [*command, str(process), str(threads), str(changes)],
            cwd=ROOT,
            env=beside_this_process(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for process in range(processes)
    ]
    try:
        for writer in writers:  # both connected before either writes
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        outputs = [writer.communicate("go\n", timeout=PATIENCE)[0] for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
    assert [writer.returncode for writer in writers] == [0] * processes
    return [(row[0], row[1]) for output in outputs for row in json.loads(output.splitlines()[-1])]
