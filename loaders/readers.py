"""Read a bundle's tables from disk as text cells, keeping where each row came from.

No validation happens here beyond what makes a file readable at all; ``validate`` does the rest.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph_model.errors import BundleError, Problem
from graph_model.progress import Progress
from loaders.progress import counted
from loaders.schema import LIST_SEPARATOR, TABLES

#: The step ``progress`` hears while rows are read.
READING = "reading"


@dataclass(slots=True)
class RawTable:
    """One table as read: the name to show in problems, its columns and its rows by row number."""

    source: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


@dataclass(slots=True)
class RawBundle:
    """The tables found, by file stem, and the names of what was there but is no table."""

    tables: dict[str, RawTable] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def read_bundle_tables(path: Path, progress: Progress | None = None) -> RawBundle:
    """Read a CSV folder or a JSON document; raise ``BundleError`` if it cannot be read.
    ``progress`` hears of the rows read, as the step ``reading``."""
    if path.is_dir():
        return read_csv_folder(path, progress)
    if path.suffix.lower() == ".json":
        return read_json(path, progress)
    if path.suffix.lower() == ".xlsx":
        raise BundleError(
            [
                Problem(
                    path.name,
                    0,
                    "-",
                    "Excel workbooks are not supported yet; "
                    "export the sheets as CSV files into one folder",
                )
            ]
        )
    if not path.exists():
        raise BundleError([Problem(str(path), 0, "-", "no such file or folder")])
    raise BundleError([Problem(path.name, 0, "-", "a bundle is a folder of CSV files or a .json")])


def read_csv_folder(folder: Path, progress: Progress | None = None) -> RawBundle:
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    ignored = sorted(f.name for f in folder.glob("*.csv") if f.stem not in TABLES)
    files = {stem: folder / f"{stem}.csv" for stem in TABLES}
    files = {stem: file for stem, file in files.items() if file.exists()}
    total = _estimated_rows(files.values()) if progress is not None else None
    done = 0
    for stem, file in files.items():
        try:
            # utf-8-sig drops the BOM Excel writes.
            with file.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = [h.strip() for h in next(reader, [])]
                table = RawTable(file.name, header)
                lines = counted(enumerate(reader, start=2), progress, READING, total, done)
                for index, cells in lines:
                    if not any(c.strip() for c in cells):
                        continue
                    if len(cells) > len(header):
                        problems.append(
                            Problem(
                                file.name,
                                index,
                                "-",
                                f"{len(cells)} cells but {len(header)} columns",
                            )
                        )
                    table.rows.append(
                        (index, {h: c.strip() for h, c in zip(header, cells, strict=False)})
                    )
        except UnicodeDecodeError as exc:
            problems.append(Problem(file.name, 0, "-", f"not UTF-8 text ({exc.reason})"))
            continue
        except csv.Error as exc:
            problems.append(Problem(file.name, 0, "-", f"not valid CSV ({exc})"))
            continue
        tables[stem] = table
        done += len(table.rows)
    if problems:
        raise BundleError(problems)
    if not tables:
        expected = ", ".join(f"{s}.csv" for s in TABLES)
        raise BundleError(
            [Problem(folder.name, 0, "-", f"no bundle files found; expected some of: {expected}")]
        )
    if progress is not None:
        progress(READING, done, done)  # the estimate counted lines; now the rows are known
    return RawBundle(tables, ignored)


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
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BundleError([Problem(file.name, 0, "-", f"not valid JSON ({exc})")]) from None
    if not isinstance(document, dict):
        raise BundleError([Problem(file.name, 0, "-", "expected an object of arrays by table")])
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
            problems.append(Problem(source, 0, "-", "expected an array of objects"))
            continue
        columns: dict[str, None] = {}
        table = RawTable(source, [])
        for index, item in counted(enumerate(items, start=1), progress, READING, total, done):
            if not isinstance(item, dict):
                problems.append(Problem(source, index, "-", "expected an object"))
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
    return RawBundle(tables, ignored)


def _cell(value: Any) -> str:
    """A JSON value as the text a CSV cell would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(v) for v in value)
    return str(value).strip()
