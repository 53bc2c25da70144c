"""Write a bundle as the CSV folder of FORMAT.md: one UTF-8 file per table.

What ``read_bundle`` reads back is the same bundle. A file's header is the contract columns in
contract order, then any extra columns the records carry; a row's values are those of
``loaders.json_writer.record_row``, written as FORMAT.md asks: dates ISO, lists joined by ``;``,
booleans ``true``/``false``, an empty value an empty cell; text a spreadsheet would run as a
formula is neutralised (``loaders.neutralise``), which the reader reverses.

>>> [csv_cell(v) for v in (None, True, ["d-1", "d-2"], "x")]
['', 'true', 'd-1;d-2', 'x']
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graph_model.records import Bundle
from loaders.json_writer import BUNDLE_FIELDS, record_row
from loaders.neutralise import is_text_column, neutralised
from loaders.schema import LIST_SEPARATOR, TABLES


def csv_cell(value: Any) -> str:
    """A ``record_row`` value as the text of a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(csv_cell(v) for v in value)
    return str(value)


def table_header(stem: str, records: Iterable[Any]) -> list[str]:
    """The contract columns of table ``stem``, then the extra columns in order of appearance."""
    header = {c.name: None for c in TABLES[stem][1]}
    for record in records:
        if record.extra:
            header.update(dict.fromkeys(k for k in record.extra if k not in header))
    return list(header)


def table_rows(stem: str, records: Iterable[Any], header: list[str]) -> Iterator[list[str]]:
    """Each record's cells in ``header``'s order, text cells neutralised."""
    text = [is_text_column(stem, column) for column in header]
    for record in records:
        row = record_row(stem, record)
        cells = (csv_cell(row.get(column)) for column in header)
        yield [neutralised(c) if t else c for c, t in zip(cells, text, strict=True)]


def write_csv(bundle: Bundle, folder: Path) -> list[Path]:
    """Write every table of ``bundle`` (an empty one as its header) into ``folder``, made if
    missing; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, field in BUNDLE_FIELDS.items():
        records = getattr(bundle, field)
        header = table_header(stem, records)
        path = folder / f"{stem}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(table_rows(stem, records, header))
        written.append(path)
    return written


__all__ = ["csv_cell", "table_header", "table_rows", "write_csv"]
