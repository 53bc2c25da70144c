"""Read a bundle's tables from disk as text cells, keeping where each row came from.

No validation happens here beyond what makes a file readable at all; ``validate`` does the rest.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graph_model.errors import BundleError, Problem, Severity
from graph_model.progress import Progress
from loaders.csv_quotes import quote_problem
from loaders.encoding import utf8_fault
from loaders.messages import problem
from loaders.neutralise import restored_row
from loaders.progress import counted
from loaders.raw import RawBundle, RawTable
from loaders.schema import LIST_SEPARATOR, TABLES

__all__ = ["READING", "RawBundle", "RawTable", "read_bundle_tables"]

#: The step ``progress`` hears while rows are read.
READING = "reading"


def read_bundle_tables(path: Path, progress: Progress | None = None) -> RawBundle:
    """Read a CSV folder, a JSON document or an ``.xlsx`` workbook; raise ``BundleError`` if it
    cannot be read. ``progress`` hears of the rows read, as the step ``reading``."""
    if not path.exists():
        raise BundleError([problem(str(path), 0, "-", "no_such_path")])
    if path.is_dir():
        return read_csv_folder(path, progress)
    if path.suffix.lower() == ".json":
        return read_json(path, progress)
    if path.suffix.lower() in (".xlsx", ".xls"):
        # Imported here, not above: the workbook reader imports this module's step name.
        from loaders.workbook.reader import read_workbook

        return read_workbook(path, progress)
    raise BundleError([problem(path.name, 0, "-", "not_a_bundle")])


def read_csv_folder(folder: Path, progress: Progress | None = None) -> RawBundle:
    problems: list[Problem] = []
    notes: list[Problem] = []
    ignored = sorted(f.name for f in folder.glob("*.csv") if f.stem not in TABLES)
    files = {stem: folder / f"{stem}.csv" for stem in TABLES}
    files = {stem: file for stem, file in files.items() if file.exists()}
    if not files:
        expected = ", ".join(f"{s}.csv" for s in TABLES)
        raise BundleError([problem(folder.name, 0, "-", "no_tables", expected=expected)])
    total = _estimated_rows(files.values()) if progress is not None else None
    tables: dict[str, RawTable] = {}
    done = 0
    for stem, file in files.items():
        table = _CsvFile(stem, file).scan(problems, notes, progress, total, done)
        if table is not None:
            tables[stem] = table
            done += table.size
    if problems:
        raise BundleError(problems)
    if progress is not None:
        progress(READING, done, done)  # the estimate counted lines; now the rows are known
    absent = {stem: f"{stem}.csv" for stem in TABLES if stem not in files}
    return RawBundle(tables, ignored, notes, absent, str(folder))


class _CsvFile:
    """One CSV file of a folder, read twice: once to check it can be read at all (syntax,
    encoding, cells beyond the header; NUL bytes, a warning) and count its rows, keeping none;
    again, row by row, when it is validated. So a large file is never held in memory whole."""

    def __init__(self, stem: str, file: Path) -> None:
        self.stem = stem
        self.file = file
        self.header: list[str] = []
        self.record_line = 1  # the line the record being read starts on
        self.nul_bytes = 0
        self.first_nul = 0

    def scan(
        self,
        problems: list[Problem],
        notes: list[Problem],
        progress: Progress | None,
        total: int | None,
        done: int,
    ) -> RawTable | None:
        """The table, its rows to be read again; or None, with its problems added."""
        name = self.file.name
        size = 0
        try:
            rows = self._rows(problems)
            for _ in counted(rows, progress, READING, total, done):
                size += 1
        except UnicodeDecodeError:
            problems.append(utf8_fault(self.file))
            return None
        except csv.Error as exc:
            problems.append(quote_problem(self.file, self.record_line, str(exc)))
            return None
        if self.nul_bytes:
            notes.append(
                problem(
                    name,
                    self.first_nul,
                    "-",
                    "nul_bytes",
                    severity=Severity.WARNING,
                    count=self.nul_bytes,
                    line=self.first_nul,
                )
            )
        return RawTable(name, self.header, reread=self._reread, size=size)

    def _reread(self) -> Iterator[tuple[int, dict[str, str]]]:
        try:
            yield from self._rows(None)
        except (UnicodeDecodeError, csv.Error):  # it was read once: it changed since
            changed = problem(
                self.file.name, 0, "-", "not_csv", reason="the file changed while it was read"
            )
            raise BundleError([changed]) from None

    def _rows(self, problems: list[Problem] | None) -> Iterator[tuple[int, dict[str, str]]]:
        """The rows by row number, as cells by column; or, when checking (``problems`` given),
        rows not built, only counted, and ``problems`` told of rows with more cells than the
        header."""
        checked = problems is not None
        # utf-8-sig drops the BOM Excel writes.
        with self.file.open(encoding="utf-8-sig", newline="") as handle:
            # Strict: a stray quote is an error that says where, not a cell that swallows lines.
            reader = csv.reader(self._lines(handle) if checked else handle, strict=True)
            self.header = [h.strip() for h in next(reader, [])]
            columns = len(self.header)
            self.record_line = reader.line_num + 1
            for index, cells in enumerate(reader, start=2):
                self.record_line = reader.line_num + 1
                if not "".join(cells).strip():  # blank, or only spaces
                    continue
                if problems is not None and len(cells) > columns:
                    problems.append(
                        problem(
                            self.file.name,
                            index,
                            "-",
                            "too_many_cells",
                            cells=len(cells),
                            columns=columns,
                        )
                    )
                if checked:
                    yield index, {}
                    continue
                # Undo the writer's formula neutralisation (loaders.neutralise).
                cells_by_column = zip(self.header, map(str.strip, cells), strict=False)
                yield index, restored_row(self.stem, cells_by_column)

    def _lines(self, handle: Iterable[str]) -> Iterator[str]:
        """The file's lines, counting the NUL bytes in them (a warning: text never holds one)."""
        for number, line in enumerate(handle, start=1):
            if "\x00" in line:
                self.nul_bytes += line.count("\x00")
                self.first_nul = self.first_nul or number
            yield line


def _estimated_rows(files: Iterable[Path]) -> int:
    """The lines after each file's header: the rows, give or take blank lines and cells that
    span lines; a progress total, worth one quick pass over the bytes."""
    lines = 0
    for file in files:
        with file.open("rb") as handle:
            newlines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
        lines += max(newlines - 1, 0)
    return lines


def read_json(file: Path, progress: Progress | None = None) -> RawBundle:
    if progress is not None:
        progress(READING, 0, None)  # parsing the document: nothing to count until it is done
    try:
        document = json.loads(file.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise BundleError([utf8_fault(file)]) from None
    except json.JSONDecodeError as exc:
        raise BundleError([problem(file.name, 0, "-", "not_json", reason=exc)]) from None
    if not isinstance(document, dict):
        raise BundleError([problem(file.name, 0, "-", "json_not_tables")])
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    ignored = sorted(f"{file.name}#{stem}" for stem in document if stem not in TABLES)
    total = sum(len(items) for items in document.values() if isinstance(items, list))
    done = 0
    for stem, items in document.items():
        source = f"{file.name}#{stem}"
        if stem not in TABLES:
            continue
        if not isinstance(items, list):
            problems.append(problem(source, 0, "-", "json_not_array"))
            continue
        columns: dict[str, None] = {}
        table = RawTable(source, [])
        for index, item in counted(enumerate(items, start=1), progress, READING, total, done):
            if not isinstance(item, dict):
                problems.append(problem(source, index, "-", "json_not_object"))
                continue
            columns.update(dict.fromkeys(item))
            table.rows.append((index, {str(k): _cell(v) for k, v in item.items()}))
        done += len(items)
        table.columns = list(columns)
        if table.rows:  # an empty array names no columns: it is an empty table, not a bad one
            tables[stem] = table
    if problems:
        raise BundleError(problems)
    if progress is not None:
        progress(READING, done, done)
    absent = {stem: f"{file.name}#{stem}" for stem in TABLES if stem not in document}
    return RawBundle(tables, ignored, absent=absent, name=str(file))


def _cell(value: Any) -> str:
    """A JSON value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    return str(value).strip()
