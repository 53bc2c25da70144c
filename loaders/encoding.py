"""Where a file stops being UTF-8, and what it probably is instead.

A decoding error from a text stream says neither the line nor where in the file: its offsets
count from the chunk being decoded. ``utf8_fault`` reads the file again as bytes, finds the
first byte that is not UTF-8 and says where it is; a file saved by Chinese Windows software is
usually GBK, so the line is also tried as GB18030 (its superset) to make the hint specific.

>>> import tempfile, pathlib
>>> file = pathlib.Path(tempfile.mkdtemp()) / "units.csv"
>>> _ = file.write_bytes("id,name\\nu-1,单位\\n".encode("gbk"))
>>> found = utf8_fault(file)
>>> (found.code, found.row, dict(found.params)["place"], dict(found.params)["text"])
('not_utf8_gbk', 2, '5', "'u-1,单位'")
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from graph_model.errors import Problem
from loaders.messages import problem

#: Bytes read at a time: the scan holds one chunk and the line being read.
CHUNK = 1 << 20
#: The most of a line the hint quotes.
QUOTED = 60


def utf8_fault(file: Path, source: str | None = None) -> Problem:
    """The problem of ``file``'s first byte that is not UTF-8, located at its line (as a
    problem's row) and named ``source`` (default: the file's name)."""
    offset, line, line_start = _first_bad_byte(file)
    name = source or file.name
    if offset is None:  # decodes after all: the file changed since; say so without a place
        return problem(name, 0, "-", "not_utf8", reason="the file changed while it was read")
    text = _line_bytes(file, line_start)
    byte = f"0x{_byte_at(file, offset):02X}"
    place, at = offset - line_start + 1, offset + 1
    try:
        decoded = text.decode("gb18030").rstrip("\r\n")
    except UnicodeDecodeError:
        return problem(name, line, "-", "not_utf8_at", byte=byte, line=line, place=place, offset=at)
    shown = decoded if len(decoded) <= QUOTED else decoded[:QUOTED] + "…"
    return problem(
        name,
        line,
        "-",
        "not_utf8_gbk",
        byte=byte,
        line=line,
        place=place,
        offset=at,
        text=repr(shown),
    )


def _first_bad_byte(file: Path) -> tuple[int | None, int, int]:
    """The 0-based offset of the first byte that is not UTF-8 (None if there is none), its
    1-based line and the offset that line starts at."""
    base, line, line_start = 0, 1, 0
    pending = b""
    for chunk, final in _chunks(file):
        data = pending + chunk
        bad: int | None = None
        try:
            # Not final: a character cut by the chunk's end is kept for the next chunk.
            _, used = codecs.utf_8_decode(data, "strict", final)
        except UnicodeDecodeError as exc:
            used = exc.start
            bad = base + exc.start
        newlines = data.count(b"\n", 0, used)
        if newlines:
            line += newlines
            line_start = base + data.rindex(b"\n", 0, used) + 1
        if bad is not None:
            return bad, line, line_start
        base += used
        pending = data[used:]
    return None, line, line_start


def _chunks(file: Path) -> Iterator[tuple[bytes, bool]]:
    """The file's bytes a chunk at a time, each with whether it is the last."""
    with file.open("rb") as handle:
        chunk = handle.read(CHUNK)
        while True:
            following = handle.read(CHUNK)
            yield chunk, not following
            if not following:
                return
            chunk = following


def _line_bytes(file: Path, start: int) -> bytes:
    """The line starting at byte ``start``, at most a chunk of it."""
    with file.open("rb") as handle:
        handle.seek(start)
        return handle.read(CHUNK).split(b"\n", 1)[0]


def _byte_at(file: Path, offset: int) -> int:
    with file.open("rb") as handle:
        handle.seek(offset)
        return handle.read(1)[0]


__all__ = ["utf8_fault"]
