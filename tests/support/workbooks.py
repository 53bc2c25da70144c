"""Workbooks for tests: a bundle's CSV tables written as sheets, to break one thing at a time."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from loaders import SAMPLE_BUNDLE
from loaders.schema import TABLES

Rows = list[list[Any]]


def csv_tables(folder: Path = SAMPLE_BUNDLE) -> dict[str, Rows]:
    """Each CSV table of ``folder`` as rows of text, the header first."""
    tables: dict[str, Rows] = {}
    for stem in TABLES:
        file = folder / f"{stem}.csv"
        if file.exists():
            with file.open(encoding="utf-8-sig", newline="") as handle:
                tables[stem] = [list(row) for row in csv.reader(handle) if row]
    return tables


def write_book(path: Path, sheets: Mapping[str, Sequence[Sequence[Any]]]) -> Path:
    """A workbook of ``sheets``, each a list of rows from A1; empty text cells stay empty."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([None if value == "" else value for value in row])
    book.save(path)
    return path


def sample_book(path: Path) -> Path:
    """The sample bundle as a workbook."""
    return write_book(path, csv_tables())


def fill_template(template: Path, tables: Mapping[str, Rows], out: Path) -> Path:
    """``template`` with each table's data rows (not its header) below the two header rows,
    by column name."""
    book = load_workbook(template)
    for stem, rows in tables.items():
        sheet = book[stem]
        names = [cell.value for cell in sheet[2]]
        header, *data = rows
        for number, row in enumerate(data, start=3):
            values = dict(zip(header, row, strict=False))
            for index, name in enumerate(names, start=1):
                if values.get(name):
                    sheet.cell(row=number, column=index, value=values[name])
    book.save(out)
    return out
