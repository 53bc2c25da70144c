"""Formula neutralisation: exported text a spreadsheet would run as a formula is made inert.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken by
Excel and its kin for a formula (OWASP, "CSV injection"). The CSV and workbook writers prefix such
text with an apostrophe, which a spreadsheet shows as text; the readers take exactly that
apostrophe away again. So that the round trip is exact, text that starts with an apostrophe of
its own is prefixed too, and the reader removes one apostrophe only when what follows it is one
of those characters or another apostrophe: a cell a person wrote as ``'tis`` reads as it is.

Only text cells are concerned: the text and list columns of docs/format.md and the extra
columns; dates, booleans and enumerations cannot start with these characters and are left alone.
JSON is not neutralised: it is read by programs, not opened in a spreadsheet.

>>> [neutralised(text) for text in ("=SUM(A1)", "'tis", "-", "plain", "")]
["'=SUM(A1)", "''tis", "'-", 'plain', '']
>>> all(restored(neutralised(t)) == t for t in ("=1", "''x", "'", "@a", "\\tb", "x"))
True
>>> restored("'tis")
"'tis"
"""

from __future__ import annotations

from collections.abc import Iterable

from loaders.schema import TABLES, parse_list, parse_text

#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The prefix that makes a cell text in a spreadsheet.
PREFIX = "'"
_ESCAPED = (*FORMULA_STARTS, PREFIX)


def neutralised(text: str) -> str:
    """``text`` as a spreadsheet may show it without running it."""
    return PREFIX + text if text.startswith(_ESCAPED) else text


def restored(cell: str) -> str:
    """The text ``neutralised`` turned into ``cell``: one prefix off, and only that."""
    if cell.startswith(PREFIX) and cell[1:].startswith(_ESCAPED):
        return cell[1:]
    return cell


#: The columns of each table that are not text: dates, booleans and enumerations.
_NOT_TEXT: dict[str, frozenset[str]] = {
    stem: frozenset(c.name for c in columns if c.parse not in (parse_text, parse_list))
    for stem, (_, columns) in TABLES.items()
}


def is_text_column(stem: str, column: str) -> bool:
    """Whether table ``stem``'s ``column`` holds text a spreadsheet could take for a formula:
    a text or list column of the contract, or an extra column."""
    return column not in _NOT_TEXT[stem]


def restored_row(stem: str, cells: Iterable[tuple[str, str]]) -> dict[str, str]:
    """A row read from a CSV file or a workbook, as (column, cell) pairs, by column, its text
    cells ``restored``."""
    row = dict(cells)
    if PREFIX not in "".join(row.values()):  # the common case, decided without a Python loop
        return row
    not_text = _NOT_TEXT[stem]
    return {
        column: cell if not cell.startswith(PREFIX) or column in not_text else restored(cell)
        for column, cell in row.items()
    }


__all__ = [
    "FORMULA_STARTS",
    "PREFIX",
    "is_text_column",
    "neutralised",
    "restored",
    "restored_row",
]
