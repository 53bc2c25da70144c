"""Read a bundle's tables from disk as text cells, keeping where each row came from.

No validation happens here beyond what makes a file readable at all; ``validate`` does the rest.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph_model.errors import BundleError, Problem
from graph_model.progress import Progress
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
                            problem(
                                file.name,
                                index,
                                "-",
                                "too_many_cells",
                                cells=len(cells),
                                columns=len(header),
                            )
                        )
                    cells_by_column = {h: c.strip() for h, c in zip(header, cells, strict=False)}
                    # Undo the writer's formula neutralisation (loaders.neutralise).
                    table.rows.append((index, restored_row(stem, cells_by_column)))
        except UnicodeDecodeError as exc:
            problems.append(problem(file.name, 0, "-", "not_utf8", reason=exc.reason))
            continue
        except csv.Error as exc:
            problems.append(problem(file.name, 0, "-", "not_csv", reason=exc))
            continue
        tables[stem] = table
        done += len(table.rows)
    if problems:
        raise BundleError(problems)
    if not tables:
        expected = ", ".join(f"{s}.csv" for s in TABLES)
        raise BundleError([problem(folder.name, 0, "-", "no_tables", expected=expected)])
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
