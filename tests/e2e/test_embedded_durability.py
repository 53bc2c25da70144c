"""The embedded backend's durable store (issue 10, part 1), in one process: a failed save is
refused and makes the store not ready until it can write again (failure 6), a change appends to
the journal instead of rewriting the organisation (failure 2), recovery from snapshot + journal
gives back the state before, and what a crash leaves (a torn record, an unfinished load, a
temporary file) is dealt with at the next start.

The faults that need real processes (kill -9, two servers) are in test_embedded_faults.py.
"""

from __future__ import annotations

import errno
import json
import time
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.settings import Settings
from graph_model.changes import (
    ChangeRecord,
    Command,
    CommandName,
    MoveTeam,
    RecordVisit,
    SetUpLiaisonPoint,
)
from graph_model.errors import BackendUnavailable
from graph_model.kinds import LiaisonKind
from queries.changes.check import record_json
from queries.embedded import state as state_module
from queries.embedded import store as store_module
from queries.embedded.backend import MemoryBackend
from queries.embedded.journal import Journal, JournalDamaged, change_line
from queries.embedded.state import BUNDLE_FILE, TRAIL_FILE
from tests.support.change_cases import AT, org

NEW_POINT = SetUpLiaisonPoint("lp-b", "p-wu", LiaisonKind.BRANCH, "br-b")
VISIT = (
    'mutation { recordVisit(input: {liaisonPointId: "lp-a", date: "2025-03-01"}) '
    "{ ok change { id } } }"
)


def disk_full(*_: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def applied(backend: MemoryBackend, command: Command) -> ChangeRecord:
    outcome = backend.apply_change(command, "li", AT)
    assert outcome.record is not None, outcome.errors
    return outcome.record


def visit(day: int) -> RecordVisit:
    return RecordVisit("lp-a", date(2025, 3, day), note=f"visit {day}")


def visit_b(day: int) -> RecordVisit:
    return RecordVisit("lp-b", date(2025, 3, day), note=f"visit {day} to br-b")


def taken_by_the_committer(backend: MemoryBackend) -> None:
    deadline = time.monotonic() + 10
    while backend._store._queue:
        assert time.monotonic() < deadline, "the committer never took the queue"
        time.sleep(0.001)


def no_temporary_files(folder: Path) -> bool:
    return not [f.name for f in folder.iterdir() if f.name.endswith(".tmp")]


def test_a_failed_save_is_refused_and_the_store_is_not_ready_until_it_can_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    app = create_app(Settings(auth_mode="dev"), backend=backend)
    with TestClient(app) as client:
        assert client.post("/graphql", json={"query": VISIT}).json()["data"]["recordVisit"]["ok"]
        journal = (tmp_path / TRAIL_FILE).read_bytes()
        monkeypatch.setattr(Journal, "_flush", disk_full)

        refused = client.post("/graphql", json={"query": VISIT}).json()
        assert refused["errors"][0]["extensions"]["code"] == "BACKEND_UNAVAILABLE"
        assert client.get("/readyz").status_code == 503
        assert client.get("/readyz").status_code == 503  # still: the probe fails too
        assert (tmp_path / TRAIL_FILE).read_bytes() == journal  # nothing half-written
        assert no_temporary_files(tmp_path)

        monkeypatch.undo()  # the disk has room again
        assert client.get("/readyz").status_code == 200
        again = client.post("/graphql", json={"query": VISIT}).json()
        assert again["data"]["recordVisit"] == {"ok": True, "change": {"id": "2"}}
    restarted = MemoryBackend(state_dir=tmp_path)
    assert [e.id for e in restarted.change_trail(None, 0, 10)[1]] == [2, 1]
    assert len(restarted.snapshot().visits) == len(org().bundle().visits) + 2


def test_a_first_save_that_fails_leaves_no_temporary_file_and_nothing_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    real = state_module._write_flushed

    def half_then_full(target: Path, data: bytes) -> None:
        real(target, data[: len(data) // 2])
        disk_full()

    monkeypatch.setattr(state_module, "_write_flushed", half_then_full)
    with pytest.raises(BackendUnavailable, match="cannot save the state"):
        backend.apply_change(NEW_POINT, "li", AT)
    with pytest.raises(BackendUnavailable):
        backend.ping()

    assert no_temporary_files(tmp_path)
    assert not (tmp_path / BUNDLE_FILE).exists()
    assert (tmp_path / TRAIL_FILE).read_bytes() == b""
    assert backend.entity("lp-b") is None
    monkeypatch.undo()
    backend.ping()
    assert applied(backend, NEW_POINT).id == 1


def test_a_change_appends_to_the_journal_and_leaves_the_snapshot_alone(tmp_path: Path) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    applied(backend, NEW_POINT)  # a fresh folder's first change writes its first snapshot
    snapshot = (tmp_path / BUNDLE_FILE).read_bytes()
    size = (tmp_path / TRAIL_FILE).stat().st_size

    ids = [applied(backend, visit(day)).id for day in range(1, 11)]

    assert ids == list(range(2, 12))
    assert (tmp_path / BUNDLE_FILE).read_bytes() == snapshot  # not rewritten per change
    lines = (tmp_path / TRAIL_FILE).read_bytes()[size:].splitlines()
    assert len(lines) == 10 and all(b'"do":{"command":"record_visit"' in line for line in lines)


def test_recovery_from_snapshot_and_journal_gives_back_the_state_before(tmp_path: Path) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    backend._store._snapshot_every = 4  # a snapshot in the background now and then
    applied(backend, NEW_POINT)
    for day in range(1, 15):
        applied(backend, visit(day))
        if day == 7:
            applied(backend, MoveTeam("t-a", "u-b"))
    backend._store._wait_for_snapshot()
    journal = (tmp_path / TRAIL_FILE).read_text()
    assert journal.count('"snapshot":') >= 3  # the first save and the periodic ones

    restarted = MemoryBackend(state_dir=tmp_path)

    assert restarted.snapshot() == backend.snapshot()
    assert restarted.change_trail(None, 0, 100) == backend.change_trail(None, 0, 100)
    assert restarted._store._since_snapshot > 0  # some came from the journal, replayed
    assert applied(restarted, visit(20)).id == 17


def test_a_clean_close_writes_a_snapshot_holding_every_change(tmp_path: Path) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    for day in range(1, 6):
        applied(backend, visit(day))
    before = backend.snapshot()
    backend.close()

    restarted = MemoryBackend(state_dir=tmp_path)

    assert restarted._store._since_snapshot == 0  # nothing to replay
    assert restarted.snapshot() == before
    assert no_temporary_files(tmp_path)


def test_a_torn_last_record_is_dropped_and_a_damaged_one_before_others_stops_the_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    first = applied(backend, NEW_POINT)
    applied(backend, visit(1))
    whole = (tmp_path / TRAIL_FILE).read_bytes()
    (tmp_path / TRAIL_FILE).write_bytes(whole[:-9])  # the last record torn by a crash

    restarted = MemoryBackend(state_dir=tmp_path)
    assert "torn last record" in caplog.text
    assert restarted.change_trail(None, 0, 10) == (1, (first,))
    assert applied(restarted, visit(2)).id == 2

    lines = (tmp_path / TRAIL_FILE).read_bytes().splitlines(keepends=True)
    damaged_at = sum(len(line) for line in lines[:-1])
    (tmp_path / TRAIL_FILE).write_bytes(b"".join(lines[:-1]) + b"{damage\n" + lines[-1])
    with pytest.raises(JournalDamaged, match=rf"{TRAIL_FILE}: the record at byte {damaged_at}"):
        MemoryBackend(state_dir=tmp_path)


def test_a_load_that_never_finished_is_dropped_and_a_leftover_temporary_file_removed(
    tmp_path: Path,
) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    entry = applied(backend, NEW_POINT)
    state = backend._store._state
    assert state is not None
    load = ChangeRecord(2, "li", AT, CommandName.LOAD, "", (), None, {"rows": 1})
    # A crash between the load's journal record (with its marker) and its snapshot's rename:
    state.journal.append(change_line(load, None) + b'{"snapshot":2,"sha256":"x"}\n')
    (tmp_path / (BUNDLE_FILE + ".tmp")).write_bytes(b"{")

    restarted = MemoryBackend(state_dir=tmp_path)

    assert restarted.change_trail(None, 0, 10) == (1, (entry,))
    assert restarted.entity("lp-b") is not None
    assert no_temporary_files(tmp_path)
    assert applied(restarted, visit(1)).id == 2


def test_an_older_folder_opens_and_goes_on_with_the_journal(tmp_path: Path) -> None:
    """A folder an orgraph without a journal wrote: bundle.json and plain trail lines."""
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    first = applied(backend, NEW_POINT)
    backend.close()
    older = record_json(first)
    (tmp_path / TRAIL_FILE).write_text(json.dumps(older) + "\n")
    (tmp_path / "bundle.pickle").unlink()

    restarted = MemoryBackend(state_dir=tmp_path)

    assert restarted.change_trail(None, 0, 10) == (1, (first,))
    assert restarted.entity("lp-b") is not None
    applied(restarted, visit(1))
    again = MemoryBackend(state_dir=tmp_path)
    assert [e.id for e in again.change_trail(None, 0, 10)[1]] == [2, 1]
    assert len(again.snapshot().visits) == len(org().bundle().visits) + 1


def test_changes_queued_while_readers_hold_the_graph_are_answered_once_applied_in_one_append(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    applied(backend, NEW_POINT)
    size = (tmp_path / TRAIL_FILE).stat().st_size
    appends: list[bytes] = []
    append = Journal.append
    monkeypatch.setattr(Journal, "append", lambda j, data: (appends.append(data), append(j, data)))
    with backend._store.reading():  # the first group cannot be applied while a reader reads
        first = backend.submit_change(visit(1), "li", AT)
        taken_by_the_committer(backend)
        queued = [
            backend.submit_change(command, "li", AT)
            for command in [visit_b(2), visit(3), visit_b(4), visit(5)]
        ]
        with pytest.raises(TimeoutError):
            first.result(timeout=0.3)
        assert not any(future.done() for future in queued)  # answered, never before applied

    records = [future.result(timeout=10).record for future in [first, *queued]]

    assert [r.id for r in records if r is not None] == list(range(2, 7))
    # The first alone, then the queued ones together up to the first naming a point a change
    # before it in the group names: that one and those after it make the next group.
    assert [a.count(b"\n") for a in appends] == [1, 2, 2]
    assert (tmp_path / TRAIL_FILE).read_bytes()[size:] == b"".join(appends)


def test_a_closed_store_answers_what_was_queued_and_refuses_what_comes_after(
    tmp_path: Path,
) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    futures = [backend.submit_change(visit(day), "li", AT) for day in range(1, 6)]
    backend.close()

    assert [f.result(timeout=10).record is not None for f in futures] == [True] * 5
    with pytest.raises(BackendUnavailable):
        backend.submit_change(visit(9), "li", AT)
    assert len(MemoryBackend(state_dir=tmp_path).change_trail(None, 0, 100)[1]) == 5


def test_an_idle_committer_ends_and_the_next_change_starts_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "COMMITTER_IDLE", 0.05)
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    applied(backend, visit(1))
    deadline = time.monotonic() + 10
    while backend._store._committer is not None:
        assert time.monotonic() < deadline, "the idle committer never ended"
        time.sleep(0.01)

    assert applied(backend, visit(2)).id == 2
