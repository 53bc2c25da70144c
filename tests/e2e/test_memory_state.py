"""The embedded backend's changes survive a restart: its state folder is served instead of the
configured bundle, with the trail going on where it stopped."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from api.bootstrap import make_backend
from api.settings import Settings
from graph_model.changes import ChangeRecord, MoveTeam, SetUpLiaisonPoint
from graph_model.errors import BackendUnavailable
from graph_model.kinds import LiaisonKind
from loaders import read_bundle
from queries.embedded.backend import MemoryBackend
from queries.embedded.journal import Journal
from queries.embedded.state import BUNDLE_FILE, TRAIL_FILE
from tests.support.change_cases import AT, DAY, org

NEW_POINT = SetUpLiaisonPoint("lp-b", "p-wu", LiaisonKind.BRANCH, "br-b")


def disk_full(*_: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def applied(backend: MemoryBackend, command: object) -> ChangeRecord:
    outcome = backend.apply_change(command, "li", AT)  # type: ignore[arg-type]
    assert outcome.record is not None, outcome.errors
    return outcome.record


def test_a_restarted_backend_serves_the_changes_and_their_trail(tmp_path: Path) -> None:
    first = MemoryBackend(org().bundle(), state_dir=tmp_path)
    assert first.restored_from is None
    assert not (tmp_path / BUNDLE_FILE).exists()  # nothing saved until something changes
    entry = applied(first, NEW_POINT)

    again = MemoryBackend(org().bundle(), state_dir=tmp_path)

    assert again.restored_from == tmp_path
    assert again.uncovered_branches(DAY) == ()
    assert again.change_trail(None, 0, 10) == (1, (entry,))
    assert applied(again, MoveTeam("t-a", "u-b")).id == entry.id + 1


def test_the_saved_bundle_is_a_bundle_the_loader_reads(tmp_path: Path) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    applied(backend, NEW_POINT)
    saved = read_bundle(tmp_path / BUNDLE_FILE)
    assert saved.bundle == backend._store.bundle
    assert "lp-b" in {p.id for p in saved.bundle.liaison_points}


def test_a_refused_change_saves_nothing(tmp_path: Path) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    applied(backend, NEW_POINT)
    files = {f.name: f.read_bytes() for f in tmp_path.iterdir()}

    assert not backend.apply_change(NEW_POINT, "li", AT).ok

    assert {f.name: f.read_bytes() for f in tmp_path.iterdir()} == files


def test_a_change_that_cannot_be_saved_is_not_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    entry = applied(backend, NEW_POINT)
    trail = (tmp_path / TRAIL_FILE).read_bytes()
    monkeypatch.setattr(Journal, "_flush", disk_full)  # the journal cannot be flushed to disk

    with pytest.raises(BackendUnavailable, match="cannot save the state"):
        backend.apply_change(MoveTeam("t-a", "u-b"), "li", AT)

    assert (tmp_path / TRAIL_FILE).read_bytes() == trail  # its trail line was cut off again
    assert backend.change_trail(None, 0, 10) == (1, (entry,))
    restarted = MemoryBackend(state_dir=tmp_path)
    assert restarted.change_trail(None, 0, 10) == (1, (entry,))
    assert [b.id for b in restarted.uncovered_branches(DAY)] == []


def test_a_trail_line_torn_by_a_crash_is_dropped(tmp_path: Path) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    entry = applied(backend, NEW_POINT)
    with (tmp_path / TRAIL_FILE).open("a") as trail:
        trail.write('{"id": 2, "actor": "li", "at"')

    restarted = MemoryBackend(state_dir=tmp_path)
    assert restarted.change_trail(None, 0, 10) == (1, (entry,))
    following = applied(restarted, MoveTeam("t-a", "u-b"))
    assert MemoryBackend(state_dir=tmp_path).change_trail(None, 0, 10) == (2, (following, entry))


def test_a_load_is_saved_and_keeps_the_trail(tmp_path: Path) -> None:
    backend = MemoryBackend(org().bundle(), state_dir=tmp_path)
    entry = applied(backend, NEW_POINT)
    backend.replace_all(org().bundle())

    restarted = MemoryBackend(state_dir=tmp_path)

    assert [b.id for b in restarted.uncovered_branches(DAY)] == ["br-b"]
    assert restarted.change_trail(None, 0, 10) == (1, (entry,))


def test_the_composition_root_serves_the_saved_state_instead_of_the_bundle(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state"
    applied(MemoryBackend(org().bundle(), state_dir=state), NEW_POINT)

    served = make_backend(Settings(state_dir=state))  # the sample is configured, not served

    assert isinstance(served, MemoryBackend) and served.restored_from == state
    assert served.entity("lp-b") is not None
    fresh = make_backend(Settings(state_dir=tmp_path / "empty"))
    assert isinstance(fresh, MemoryBackend) and fresh.restored_from is None
    assert fresh.entity("lp-b") is None
