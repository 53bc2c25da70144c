"""The state folder's journal, ``changes.jsonl``: every change, appended and flushed to disk
before it is answered, and the audit trail read back from it.

One JSON object per line, oldest first::

    {"seq": 7, "change": {<the trail entry>}, "do": {"command": "record_visit", ...}}
    {"seq": 8, "change": {<the trail entry of a load>}}
    {"snapshot": 8, "sha256": "<of the bundle.json holding the changes up to 8>"}
    {"id": 3, "actor": ..., ...}          a trail entry as an older orgraph wrote it

Why lines of JSON: the journal is also the trail people read, the format the folder had (an
older folder needs no migration), and a line is self-delimiting: a record is whole when its
line parses and ends with a newline. A crash mid-append can only tear the last line, which
recovery drops (logged) and cuts off; anything that does not parse before the last line is
damage, refused with the file and byte offset. ``seq`` is the change id: the next one is one
more than the last in the journal, so ids are unique by construction.

An append is one ``write`` and one ``fsync`` for a whole group of changes (group commit); when
either fails the file is cut back to where it was (and, should even that fail, before the next
append), so no change is half in it.

**Several processes** (the workers of one server) share the journal. Each appends only inside
``exclusive``: an ``flock`` on the file, so their changes are numbered one after another, and
a holder that died mid-append leaves a torn record the next holder cuts off. Leaving it
publishes where the records end in ``changes.head`` (8 bytes); every process reads the others'
changes up to there (``committed``, ``read_between``) before it answers, and never past it: a
record past it may be one whose flush failed and is taken back.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import struct
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_type_hints

from graph_model.changes import COMMANDS, ChangeRecord, Command
from loaders.json_writer import json_value
from queries.changes.check import record_from_json, record_json

log = logging.getLogger(__name__)

_COMMAND_CLASSES = {cls.command_name.value: cls for cls in COMMANDS}
#: Each command's attribute types, worked out once: a worker reads every change (store.py).
_HINTS = {name: get_type_hints(cls) for name, cls in _COMMAND_CLASSES.items()}

#: The file beside the journal that says where its published records end (``committed``).
HEAD_SUFFIX = ".head"
_HEAD = struct.Struct("<Q")


class JournalDamaged(ValueError):
    """A record before the journal's last line does not read: the folder needs a person."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A change or a load in the journal; ``command`` None for a load or an older line."""

    offset: int
    record: ChangeRecord
    command: Command | None
    older: bool = False  # written by an orgraph without a journal: its bundle.json holds it


@dataclass(frozen=True, slots=True)
class Marker:
    """A snapshot: the bundle.json of ``sha256`` holds every change up to ``through``;
    ``replaced`` when it is a whole new organisation that no record of the journal says."""

    offset: int
    through: int
    sha256: str
    replaced: bool = False


def change_line(record: ChangeRecord, command: Command | None) -> bytes:
    """The journal line of a change (``command``) or a load (None)."""
    line: dict[str, Any] = {"seq": record.id, "change": record_json(record)}
    if command is not None:
        line["do"] = command_json(command)
    return _line(line)


def marker_line(through: int, sha256: str, replaced: bool = False) -> bytes:
    line: dict[str, Any] = {"snapshot": through, "sha256": sha256}
    if replaced:
        line["replaced"] = True
    return _line(line)


def _line(data: Mapping[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def command_json(command: Command) -> dict[str, Any]:
    """A command as JSON: its name and its attributes as JSON values."""
    values = {f.name: json_value(getattr(command, f.name)) for f in fields(command)}
    return {"command": command.command_name.value, **values}


def command_from_json(data: Mapping[str, Any]) -> Command:
    cls = _COMMAND_CLASSES[data["command"]]
    hints = _HINTS[cls.command_name.value]
    values = {f.name: _typed(hints[f.name], data.get(f.name)) for f in fields(cls)}
    command: Command = cls(**values)
    return command


def _typed(hint: Any, value: Any) -> Any:
    """``value`` as JSON holds it, as the attribute of type ``hint`` holds it."""
    if value is None:
        return None
    kinds = [k for k in (get_args(hint) or (hint,)) if k is not type(None)]
    kind = kinds[0]
    if kind is date:
        return date.fromisoformat(value)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    if isinstance(value, list):
        return tuple(value)
    return value


class Journal:
    """The journal file, shared by every process serving the folder (the workers of one
    server): each change is appended inside ``exclusive`` (one process, one thread at a time),
    and ``committed`` tells the others how far it holds changes flushed to disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.head_path = path.with_suffix(HEAD_SUFFIX)
        self._lock = threading.RLock()  # this process's threads, one at a time, inside
        self._depth = 0  # how deep this process is inside ``exclusive``
        self._fd: int | None = None
        self._head_fd: int | None = None
        self._good_size: int | None = None  # where the last whole record ends (inside only)

    # -- between processes -----------------------------------------------------------------
    @contextmanager
    def exclusive(self) -> Iterator[int]:
        """Hold the journal alone, against this process's other threads and every other
        process (``flock``); yields where its last whole record ends. A torn record a crashed
        holder left is cut off first. On leaving, that end is published (``committed``).
        Re-entrant."""
        with self._lock:
            fd = self._open()
            if self._depth == 0:
                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    self._good_size = self._whole_end(fd)
                except BaseException:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                    raise
            self._depth += 1
            try:
                assert self._good_size is not None
                yield self._good_size
            finally:
                self._depth -= 1
                if self._depth == 0:
                    try:
                        self._publish()
                    finally:
                        self._good_size = None
                        fcntl.flock(fd, fcntl.LOCK_UN)

    def committed(self) -> int:
        """Where the last record flushed to disk and published ends: a process reads up to
        here without the lock (a record past it may still be taken back)."""
        fd = self._head()
        raw = os.pread(fd, _HEAD.size, 0)
        return _HEAD.unpack(raw)[0] if len(raw) == _HEAD.size else 0

    def end(self) -> int:
        """Where the last whole record ends (inside ``exclusive``)."""
        assert self._good_size is not None, "the journal's end is known inside exclusive only"
        return self._good_size

    # -- reading ---------------------------------------------------------------------------
    def read(self) -> list[Entry | Marker]:
        """Every record, oldest first. A torn last line is dropped, logged, and cut off the file;
        an unreadable earlier one raises ``JournalDamaged`` naming the file and offset."""
        with self.exclusive():
            if not self.path.exists():
                return []
            data = self.path.read_bytes()
            records: list[Entry | Marker] = []
            offset = 0
            while offset < len(data):
                end = data.find(b"\n", offset)
                line = data[offset:] if end < 0 else data[offset:end]
                try:
                    if end < 0:
                        raise ValueError("no end of line")
                    if line.strip():
                        records.append(_parse(json.loads(line), offset))
                except (ValueError, KeyError, TypeError) as exc:
                    if end < 0 or not data[end + 1 :].strip():
                        log.warning(
                            "%s: torn last record at byte %d dropped (%s)", self.path, offset, exc
                        )
                        self.cut(offset)
                        break
                    raise JournalDamaged(
                        f"{self.path}: the record at byte {offset} does not read ({exc}); "
                        "records follow it, so it is not a torn last record"
                    ) from exc
                offset = len(data) if end < 0 else end + 1
            return records

    def read_between(self, start: int, end: int) -> list[Entry | Marker]:
        """The records from byte ``start`` to ``end``, both where records begin or end (as
        ``committed`` and ``end`` say): whole lines, flushed, which no one takes back."""
        if end <= start:
            return []
        data = os.pread(self._open(), end - start, start)
        records: list[Entry | Marker] = []
        offset = 0
        for line in data.splitlines(keepends=True):
            if line.strip():
                try:
                    records.append(_parse(json.loads(line), start + offset))
                except (ValueError, KeyError, TypeError) as exc:
                    raise JournalDamaged(
                        f"{self.path}: the record at byte {start + offset} does not read ({exc})"
                    ) from exc
            offset += len(line)
        return records

    # -- writing ---------------------------------------------------------------------------
    def append(self, data: bytes) -> None:
        """Append ``data`` (whole lines) and flush it to disk; on failure raise ``OSError``
        with the file as it was."""
        with self.exclusive():
            self._append(data)

    def probe(self) -> None:
        """Whether an append would be durable now: a newline appended, flushed and cut off
        again (a blank line is no record, should the cut fail). Raises ``OSError``."""
        with self.exclusive():
            self._append(b"\n")
            assert self._fd is not None and self._good_size is not None
            self._good_size -= 1
            os.ftruncate(self._fd, self._good_size)
            self._flush(self._fd)

    def _append(self, data: bytes) -> None:
        fd = self._open()
        assert self._good_size is not None
        if os.fstat(fd).st_size != self._good_size:  # a failed append left bytes behind
            os.ftruncate(fd, self._good_size)
        try:
            written = os.write(fd, data)
            if written != len(data):
                raise OSError(f"wrote {written} of {len(data)} bytes (disk full?)")
            self._flush(fd)
        except OSError:
            self._cut_back(fd)
            raise
        self._good_size += len(data)

    def cut(self, size: int) -> None:
        """Cut the file to ``size`` bytes (a torn record, an unfinished save)."""
        with self.exclusive():
            os.ftruncate(self._open(), size)
            self._good_size = size

    def size(self) -> int:
        """The file's size now (appends of other processes included)."""
        return self.path.stat().st_size if self.path.exists() else 0

    def close(self) -> None:
        with self._lock:
            for fd in (self._fd, self._head_fd):
                if fd is not None:
                    os.close(fd)
            self._fd, self._head_fd, self._good_size = None, None, None

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        return self._fd

    def _head(self) -> int:
        if self._head_fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._head_fd = os.open(self.head_path, os.O_RDWR | os.O_CREAT, 0o644)
        return self._head_fd

    def _whole_end(self, fd: int) -> int:
        """Where the last whole record ends; bytes after it (a holder that crashed mid-append)
        are cut off. Only the bytes after the published end are looked at: all before are
        whole records."""
        size = os.fstat(fd).st_size
        start = min(self.committed(), size)
        tail = os.pread(fd, size - start, start)
        end = start + tail.rfind(b"\n") + 1 if b"\n" in tail else start
        if end < size:
            log.warning("%s: torn record at byte %d cut off", self.path, end)
            os.ftruncate(fd, end)
        return end

    def _publish(self) -> None:
        """Tell other processes where the whole records end. Not flushed: after a crash the
        start publishes it again from the journal itself."""
        if self._good_size is not None:
            os.pwrite(self._head(), _HEAD.pack(self._good_size), 0)

    def _flush(self, fd: int) -> None:
        os.fsync(fd)

    def _cut_back(self, fd: int) -> None:
        try:
            os.ftruncate(fd, self._good_size or 0)
        except OSError as exc:  # cut before the next append (see ``append``)
            log.warning("%s: cannot cut a failed append off yet (%s)", self.path, exc)


def _parse(data: dict[str, Any], offset: int) -> Entry | Marker:
    if "snapshot" in data:
        replaced = bool(data.get("replaced", False))
        return Marker(offset, int(data["snapshot"]), str(data["sha256"]), replaced)
    if "seq" in data:
        record = record_from_json(data["change"])
        if record.id != int(data["seq"]):
            raise ValueError(f"seq {data['seq']} is not its change's id {record.id}")
        command = command_from_json(data["do"]) if "do" in data else None
        return Entry(offset, record, command)
    return Entry(offset, record_from_json(data), None, older=True)


__all__ = [
    "Entry",
    "Journal",
    "JournalDamaged",
    "Marker",
    "change_line",
    "command_from_json",
    "command_json",
    "marker_line",
]
