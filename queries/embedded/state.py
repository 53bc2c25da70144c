"""The embedded backend's saved state: a folder holding the organisation and its audit trail.

::

    <folder>/bundle.json     the organisation as the bundle's JSON form (docs/format.md)
    <folder>/changes.jsonl   the audit trail, one change per line, oldest first
    <folder>/bundle.pickle   the same bundle for a fast start, tied to bundle.json by its
                             SHA-256 (queries.embedded.fast_start); never needed, often faster

A change is saved trail first, then bundle: its line is appended to the trail and flushed to
disk, then the bundle goes to a temporary file, is flushed, and is renamed over the old one
(a rename is atomic). When writing the bundle fails the trail is cut back to where it was, so
what is saved stays the state before. A crash between the two steps leaves a trail line for a
change the bundle lacks, never a change without its line; a line torn by a crash at the end of
the trail is dropped when the state is read. One process at a time may serve a folder. The
pickle is written last and used only while it matches bundle.json, so it can be stale or
missing (the start is then slower), never wrong.

Example:

```python
state = StateDir(Path(".orgraph"))
bundle, trail = state.load()          # (None, []) for a folder never written
state.save(new_bundle, entry)         # after applying ``entry``'s change
```
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from graph_model.changes import ChangeRecord
from graph_model.errors import BackendUnavailable
from graph_model.records import Bundle
from loaders import read_bundle
from loaders.json_writer import dumps
from queries.changes.check import record_from_json, record_json
from queries.embedded.fast_start import PICKLE_FILE, digest, pickle_bytes, read_pickle
from queries.embedded.gc_pause import gc_paused

log = logging.getLogger(__name__)

BUNDLE_FILE = "bundle.json"
TRAIL_FILE = "changes.jsonl"


class StateDir:
    """A state folder; created when something is first saved in it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bundle_file = path / BUNDLE_FILE
        self.trail_file = path / TRAIL_FILE
        self.pickle_file = path / PICKLE_FILE

    def has_bundle(self) -> bool:
        return self.bundle_file.exists()

    def load(self) -> tuple[Bundle | None, list[ChangeRecord]]:
        """The saved bundle (None when there is none) and the trail, oldest first. A saved
        bundle that no longer validates raises ``BundleError``, naming the file."""
        with gc_paused():
            bundle = self._read_bundle()
        return bundle, self._read_trail()

    def _read_bundle(self) -> Bundle | None:
        """The pickle when it matches bundle.json, else bundle.json read and validated."""
        if not self.has_bundle():
            return None
        if self.pickle_file.exists():
            saved = read_pickle(self.pickle_file, digest(self.bundle_file.read_bytes()))
            if saved is not None:
                return saved
        return read_bundle(self.bundle_file).bundle

    def _read_trail(self) -> list[ChangeRecord]:
        if not self.trail_file.exists():
            return []
        data = self.trail_file.read_bytes()
        lines = data.split(b"\n")
        trail, good_end, offset = [], 0, 0
        for number, line in enumerate(lines, start=1):
            offset += len(line) + 1
            if not line.strip():
                continue
            try:
                trail.append(record_from_json(json.loads(line)))
                good_end = min(offset, len(data))
            except (ValueError, KeyError, TypeError) as exc:
                if any(rest.strip() for rest in lines[number:]):
                    raise ValueError(f"{self.trail_file}:{number}: not a change ({exc})") from exc
                log.warning("%s:%d: torn last line dropped (%s)", self.trail_file, number, exc)
                os.truncate(self.trail_file, good_end)  # so the next line starts clean
        return trail

    def save(self, bundle: Bundle, entry: ChangeRecord | None = None) -> None:
        """Save ``bundle``, and ``entry`` at the end of the trail: both or, on failure,
        neither. Failures raise ``BackendUnavailable``."""
        data = dumps(bundle)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            size = self._append(entry) if entry is not None else None
            try:
                _replace(self.bundle_file, data)
            except BaseException:
                if size is not None:
                    os.truncate(self.trail_file, size)
                raise
        except OSError as exc:
            raise BackendUnavailable(f"cannot save the state in {self.path}: {exc}") from exc
        self._save_pickle(bundle, data)

    def _save_pickle(self, bundle: Bundle, data: bytes) -> None:
        """Write the pickle of the bundle just saved; a failure only costs a slower start."""
        try:
            _replace(self.pickle_file, pickle_bytes(bundle, digest(data)), durable=False)
        except Exception as exc:  # the state is saved already: the pickle is only a shortcut
            log.warning("no pickle in %s (%s): the next start reads bundle.json", self.path, exc)
            self.pickle_file.unlink(missing_ok=True)

    def _append(self, entry: ChangeRecord) -> int:
        """Append ``entry``'s line, flushed to disk; return the trail's size before."""
        line = json.dumps(record_json(entry), ensure_ascii=False) + "\n"
        with self.trail_file.open("ab") as handle:
            size = handle.tell()
            handle.write(line.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        return size


def _replace(target: Path, data: bytes, durable: bool = True) -> None:
    """Write ``target`` whole or not at all: a temporary file, flushed, renamed over it
    (``durable``: flushed to disk too, and the rename with it)."""
    temporary = target.with_name(target.name + ".tmp")
    with temporary.open("wb") as handle:
        handle.write(data)
        handle.flush()
        if durable:
            os.fsync(handle.fileno())
    os.replace(temporary, target)
    if durable and hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        folder = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


__all__ = ["BUNDLE_FILE", "TRAIL_FILE", "StateDir"]
