"""Cells of a workbook: their names (``B12``), their values as the text a CSV cell would hold,
and the clean-ups a person's typing needs (stray spaces, full-width characters).

>>> cell_name(11, 1), split_cell_name("AB3")
('B12', (3, 27))
>>> cell_text(3.0), cell_text(True), cell_text(datetime(2020, 1, 2))
('3', 'true', '2020-01-02')
>>> half_width("ｐ－０１；ｐ－０２")
'p-01;p-02'
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

#: What a cell holds as python-calamine reads it.
CellValue = int | float | str | bool | time | date | datetime | timedelta

#: Rows an Excel sheet has: a sheet filled to the last one was probably cut off on the way.
EXCEL_ROWS = 1_048_576

#: Full-width forms of the printable ASCII characters (U+FF01 to U+FF5E) and the ideographic
#: space, by their half-width equivalents: what a Chinese input method types by mistake.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_CELL_NAME = re.compile(r"([A-Z]+)([0-9]+)")


def column_letters(index: int) -> str:
    """The letters of the 0-based column ``index``: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """The name of the cell at 0-based ``row`` and ``column``."""
    return f"{column_letters(column)}{row + 1}"


def split_cell_name(name: str) -> tuple[int, int]:
    """The 1-based row and 0-based column of a cell name such as ``B12``."""
    match = _CELL_NAME.fullmatch(name.replace("$", ""))
    if match is None:
        raise ValueError(f"{name!r} is not a cell name")
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(row), column - 1


def cell_text(value: CellValue) -> str:
    """A cell's value as text: a whole number without ``.0``, a boolean as ``true``/``false``,
    a date (or a date and time at midnight, as Excel stores dates) as ISO."""
    if isinstance(value, bool):  # before int: a bool is an int
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def half_width(text: str) -> str:
    """``text`` with full-width ASCII forms and the ideographic space made half-width."""
    return text.translate(_HALF_WIDTH)


def is_empty(values: list[CellValue]) -> bool:
    return all(value == "" for value in values)
