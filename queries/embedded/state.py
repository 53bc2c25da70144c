"""The embedded backend's saved state: a folder holding the organisation and its audit trail.

::

    <folder>/orgraph.lock    held by the one server of the folder (its pid inside)
    <folder>/changes.jsonl   the journal: every change and load, oldest first, each flushed to
                             disk before it is answered; it is the audit trail too
                             (queries.embedded.journal)
    <folder>/changes.head    where the journal's published records end (for the workers)
    <folder>/snapshot.lock   held by the one process writing a snapshot
    <folder>/bundle.json     the latest snapshot: the organisation as the bundle's JSON form
                             (docs/format.md), holding the journal's changes up to its marker
    <folder>/bundle.pickle   the same bundle for a fast start, tied to bundle.json by its
                             SHA-256 (queries.embedded.fast_start); never needed, often faster

A change costs one journal append; a snapshot (``write_snapshot``) is written now and then, off
the changes' path: the bundle to ``bundle.json.tmp``, flushed; then its marker line
(``{"snapshot": <last change in it>, "sha256": ...}``) appended to the journal; then the
temporary file renamed over ``bundle.json`` and the rename flushed, the marker and the rename
while no other process appends to the journal. On failure the temporary file is removed (a
crash may leave one: the next start removes it).

Recovery (``load``): the snapshot, then the journal's changes after the last marker carrying
the snapshot's digest, replayed (the marker is appended before the rename, so a renamed
snapshot always has one). A snapshot no marker names was written by an orgraph without a
journal (an older folder), and holds every change of the journal. A load's
record (and a fresh folder's first changes) are written with their snapshot: one that no
snapshot holds never finished, and is cut off (logged). A torn last record is cut off too;
damage before it stops the start, naming the file and offset.

Example:

```python
state = StateDir(Path(".orgraph"))
bundle, trail = state.load()          # (None, []) for a folder never written
state.save(new_bundle, entry)         # a load: its record and its snapshot
```
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph_model.changes import ChangeRecord, Command
from graph_model.errors import BackendUnavailable
from graph_model.gc_pause import gc_paused
from graph_model.records import Bundle
from loaders import read_bundle
from loaders.json_writer import dumps
from queries.embedded.fast_start import PICKLE_FILE, digest, pickle_bytes, read_pickle
from queries.embedded.journal import Entry, Journal, Marker, change_line, marker_line
from queries.embedded.tables import Tables

log = logging.getLogger(__name__)

BUNDLE_FILE = "bundle.json"
TRAIL_FILE = "changes.jsonl"
SNAPSHOT_LOCK_FILE = "snapshot.lock"
_TEMPORARY = ".tmp"


@dataclass(frozen=True, slots=True)
class Recovered:
    """What a state folder held: its bundle (None: never saved), its trail, how many of the
    trail's changes the snapshot lacked (replayed), and where in the journal it stops."""

    bundle: Bundle | None
    trail: list[ChangeRecord]
    replayed: int = 0
    #: Where the journal's records ended: the changes after it are other processes'.
    end: int = 0
    #: The last change the snapshot holds.
    snapshot_through: int = 0


class StateDir:
    """A state folder; created when something is first saved in it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bundle_file = path / BUNDLE_FILE
        self.trail_file = path / TRAIL_FILE
        self.pickle_file = path / PICKLE_FILE
        self.journal = Journal(self.trail_file)
        self._snapshot_lock_file = path / SNAPSHOT_LOCK_FILE

    def has_bundle(self) -> bool:
        return self.bundle_file.exists()

    # -- reading ---------------------------------------------------------------------------
    def load(self) -> tuple[Bundle | None, list[ChangeRecord]]:
        """The saved bundle (None when there is none) and the trail, oldest first. A saved
        bundle that no longer validates raises ``BundleError``, naming the file."""
        recovered = self.recover()
        return recovered.bundle, recovered.trail

    def recover(self) -> Recovered:
        """The state as the last acknowledged change left it (see the module's docstring),
        read while no other process appends."""
        with self.journal.exclusive():
            return self._recover()

    def _recover(self) -> Recovered:
        with self.snapshot_lock(wait=False) as alone:
            if alone:  # else another process is writing them now
                for leftover in (self.bundle_file, self.pickle_file):
                    _temporary(leftover).unlink(missing_ok=True)  # a crash mid-snapshot
        records = self.journal.read()
        entries = [r for r in records if isinstance(r, Entry)]
        if not self.has_bundle():
            trail = self._unfinished_first_save(entries)
            return Recovered(None, trail, end=self.journal.end())
        data = self.bundle_file.read_bytes()
        sha256 = digest(data)
        marked = [r.through for r in records if isinstance(r, Marker) and r.sha256 == sha256]
        # No marker: bundle.json was written by an orgraph without a journal, with its lines.
        older = (e.record.id for e in entries if e.older)
        through = marked[-1] if marked else max(older, default=0)
        entries = self._without_unfinished_load(entries, through)
        with gc_paused():
            bundle = read_pickle(self.pickle_file, sha256) if self.pickle_file.exists() else None
            if bundle is None:
                bundle = read_bundle(self.bundle_file).bundle
            later = [e for e in entries if e.record.id > through and not e.older]
            bundle, replayed = _replayed(bundle, later)
        if replayed:
            log.info("%s: %d changes after the snapshot replayed", self.path, replayed)
        trail = [e.record for e in entries]
        return Recovered(bundle, trail, replayed, self.journal.end(), through)

    def _unfinished_first_save(self, entries: list[Entry]) -> list[ChangeRecord]:
        """With no snapshot yet, the journal's records of this orgraph belong to a first save
        that never finished: cut off. An older orgraph's trail lines stay."""
        fresh = [e for e in entries if not e.older]
        if fresh:
            log.warning("%s: a first save that never finished dropped", self.path)
            self.journal.cut(fresh[0].offset)
        return [e.record for e in entries if e.older]

    def _without_unfinished_load(self, entries: list[Entry], through: int) -> list[Entry]:
        """A load after the snapshot never finished (its snapshot was not renamed): it must be
        the last record, and is cut off."""
        for at, entry in enumerate(entries):
            if entry.record.id > through and entry.command is None and not entry.older:
                if at != len(entries) - 1:
                    raise BackendUnavailable(
                        f"{self.trail_file}: the load at byte {entry.offset} has no snapshot "
                        "but changes follow it"
                    )
                log.warning("%s: a load that never finished dropped", self.path)
                self.journal.cut(entry.offset)
                return entries[:at]
        return entries

    # -- writing ---------------------------------------------------------------------------
    def append(self, changes: Sequence[tuple[ChangeRecord, Command]]) -> None:
        """Append ``changes`` to the journal, flushed to disk: all or none. Failures raise
        ``BackendUnavailable``."""
        lines = b"".join(change_line(record, command) for record, command in changes)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self.journal.append(lines)
        except OSError as exc:
            raise BackendUnavailable(f"cannot save the state in {self.path}: {exc}") from exc

    def save(
        self,
        bundle: Bundle,
        entry: ChangeRecord | None = None,
        changes: Sequence[tuple[ChangeRecord, Command]] = (),
        through: int = 0,
    ) -> None:
        """Save ``bundle`` as the snapshot, with ``entry`` (a load) or ``changes`` (a fresh
        folder's first) appended to the journal: all or, on failure, none. Without either it
        replaces the organisation, holding the changes up to ``through``. The caller holds
        ``snapshot_lock``. Failures raise ``BackendUnavailable``."""
        lines = b"".join(change_line(record, command) for record, command in changes)
        if entry is not None:
            lines += change_line(entry, None)
        through = entry.id if entry else changes[-1][0].id if changes else through
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self._write_snapshot(bundle, through, lines, undo_on_failure=True, replaced=not lines)
        except OSError as exc:
            raise BackendUnavailable(f"cannot save the state in {self.path}: {exc}") from exc

    def probe(self) -> None:
        """Whether a change and a snapshot could be saved now: a journal append and a
        temporary file, each flushed to disk and taken back. Raises ``OSError``."""
        self.path.mkdir(parents=True, exist_ok=True)
        self.journal.probe()
        temporary = _temporary(self.bundle_file)
        try:
            _write_flushed(temporary, b"\n")
        finally:
            temporary.unlink(missing_ok=True)

    def write_snapshot(self, bundle: Bundle, through: int) -> bool:
        """Write ``bundle``, which holds the changes up to ``through``, as the snapshot; False,
        writing nothing, while another process writes one. On failure raise ``OSError``, the
        temporary file removed."""
        with self.snapshot_lock(wait=False) as alone:
            if alone:
                self._write_snapshot(bundle, through)
            return alone

    def _write_snapshot(
        self,
        bundle: Bundle,
        through: int,
        lines: bytes = b"",
        undo_on_failure: bool = False,
        replaced: bool = False,
    ) -> None:
        """Write the snapshot (the caller holds the snapshot lock); append ``lines`` and its
        marker to the journal, and rename it into place, while no other process appends: one
        that reads the folder again then finds the marker and the snapshot together. With
        ``undo_on_failure`` the journal is cut back on failure."""
        data = dumps(bundle)
        sha256 = digest(data)
        temporary = _temporary(self.bundle_file)
        try:
            _write_flushed(temporary, data)
            with self.journal.exclusive() as size:
                try:
                    self.journal.append(lines + marker_line(through, sha256, replaced))
                    os.replace(temporary, self.bundle_file)
                    _flush_folder(self.path)
                except BaseException:
                    if undo_on_failure and self.journal.end() != size:
                        self.journal.cut(size)
                    raise
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        self._save_pickle(bundle, sha256)

    def _save_pickle(self, bundle: Bundle, sha256: str) -> None:
        """Write the pickle of the bundle just saved; a failure only costs a slower start."""
        temporary = _temporary(self.pickle_file)
        try:
            temporary.write_bytes(pickle_bytes(bundle, sha256))
            os.replace(temporary, self.pickle_file)
        except Exception as exc:  # the state is saved already: the pickle is only a shortcut
            log.warning("no pickle in %s (%s): the next start reads bundle.json", self.path, exc)
            temporary.unlink(missing_ok=True)
            self.pickle_file.unlink(missing_ok=True)

    def close(self) -> None:
        self.journal.close()

    @contextmanager
    def snapshot_lock(self, wait: bool) -> Iterator[bool]:
        """One process at a time writes a snapshot (they share its temporary files): yields
        whether this one may, waiting for it with ``wait``. Taken before ``Journal.exclusive``,
        never inside it (it waits for the journal while it holds this)."""
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._snapshot_lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)  # lets go of the lock too


def _replayed(bundle: Bundle, entries: list[Entry]) -> tuple[Bundle, int]:
    """``bundle`` with the changes of ``entries`` applied, and how many there were."""
    if not entries:
        return bundle, 0
    tables = Tables(bundle)
    for entry in entries:
        assert entry.command is not None  # loads were dealt with before
        tables.apply(entry.command)
    return tables.bundle(), len(entries)


def _temporary(target: Path) -> Path:
    return target.with_name(target.name + _TEMPORARY)


def _write_flushed(target: Path, data: bytes) -> None:
    with target.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _flush_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX)."""
    if hasattr(os, "O_DIRECTORY"):
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


__all__ = ["BUNDLE_FILE", "TRAIL_FILE", "Recovered", "StateDir"]
