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

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_model.protocol import Backend
from queries.embedded.backend import MemoryBackend
from queries.embedded.lock import HOLDER_ENV
from tests.support.change_cases import org

ROOT = Path(__file__).resolve().parent.parent.parent
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
    embedded = MemoryBackend(org().bundle(), state_dir=tmp_path / "state")
    embedded.save_state()  # the writers start from the folder, as a server's workers do
    try:
        yield embedded, f"state:{tmp_path / 'state'}"
    finally:
        embedded.close()


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
    holder = MemoryBackend(org().bundle(), state_dir=folder)
    holder.save_state()
    ids = {change_id for _, change_id in run_writers(f"state:{folder}", 2, 10)}
    assert len(ids) == PROCESSES * 2 * 10
    expected = holder.snapshot()
    holder.close()

    reopened = MemoryBackend(state_dir=folder)
    try:
        count, trail = reopened.change_trail(None, 0, len(ids))
        assert count == len(ids) and {entry.id for entry in trail} == ids
        assert reopened.snapshot() == expected
    finally:
        reopened.close()


def run_writers(target: str, threads: int, changes: int) -> list[tuple[str, int | None]]:
    """What ``PROCESSES`` writer processes (tests/support/change_writer.py) did: (entity, change
    id) for each change, after they started writing at once. This process holds an embedded
    folder, as a server does for its workers."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), HOLDER_ENV: str(os.getpid())}
    command = [sys.executable, "-m", "tests.support.change_writer", target]
    writers = [
        subprocess.Popen(
            [*command, str(process), str(threads), str(changes)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for process in range(PROCESSES)
    ]
    try:
        for writer in writers:  # both connected before either writes
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        outputs = [writer.communicate("go\n", timeout=PATIENCE)[0] for writer in writers]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
    assert [writer.returncode for writer in writers] == [0] * PROCESSES
    return [(row[0], row[1]) for output in outputs for row in json.loads(output.splitlines()[-1])]
