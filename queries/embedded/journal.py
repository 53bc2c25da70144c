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
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping
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
    """A snapshot: the bundle.json of ``sha256`` holds every change up to ``through``."""

    offset: int
    through: int
    sha256: str


def change_line(record: ChangeRecord, command: Command | None) -> bytes:
    """The journal line of a change (``command``) or a load (None)."""
    line: dict[str, Any] = {"seq": record.id, "change": record_json(record)}
    if command is not None:
        line["do"] = command_json(command)
    return _line(line)


def marker_line(through: int, sha256: str) -> bytes:
    return _line({"snapshot": through, "sha256": sha256})


def _line(data: Mapping[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def command_json(command: Command) -> dict[str, Any]:
    """A command as JSON: its name and its attributes as JSON values."""
    values = {f.name: json_value(getattr(command, f.name)) for f in fields(command)}
    return {"command": command.command_name.value, **values}


def command_from_json(data: Mapping[str, Any]) -> Command:
    cls = _COMMAND_CLASSES[data["command"]]
    hints = get_type_hints(cls)
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
    """The journal file; ``append`` may be called from several threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._good_size: int | None = None  # where the last whole record ends

    # -- reading ---------------------------------------------------------------------------
    def read(self) -> list[Entry | Marker]:
        """Every record, oldest first. A torn last line is dropped, logged, and cut off the file;
        an unreadable earlier one raises ``JournalDamaged`` naming the file and offset."""
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

    # -- writing ---------------------------------------------------------------------------
    def append(self, data: bytes) -> None:
        """Append ``data`` (whole lines) and flush it to disk; on failure raise ``OSError``
        with the file as it was."""
        with self._lock:
            self._append(data)

    def probe(self) -> None:
        """Whether an append would be durable now: a newline appended, flushed and cut off
        again (a blank line is no record, should the cut fail). Raises ``OSError``."""
        with self._lock:
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
        with self._lock:
            os.truncate(self.path, size)
            if self._fd is not None:
                self._good_size = size

    def size(self) -> int:
        with self._lock:
            return self._file_size() if self._good_size is None else self._good_size

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd, self._good_size = None, None

    def _open(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            self._good_size = os.fstat(self._fd).st_size
        return self._fd

    def _file_size(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def _flush(self, fd: int) -> None:
        os.fsync(fd)

    def _cut_back(self, fd: int) -> None:
        try:
            os.ftruncate(fd, self._good_size or 0)
        except OSError as exc:  # cut before the next append (see ``append``)
            log.warning("%s: cannot cut a failed append off yet (%s)", self.path, exc)


def _parse(data: dict[str, Any], offset: int) -> Entry | Marker:
    if "snapshot" in data:
        return Marker(offset, int(data["snapshot"]), str(data["sha256"]))
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
