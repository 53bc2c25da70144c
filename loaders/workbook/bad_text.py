"""Cells whose text is not text: where a workbook python-calamine cannot read goes wrong.

A cell may hold what no XML may: a reference to a lone surrogate (``&#xD800;``) or a control
character, or bytes that are not UTF-8 (a file edited by hand, or made to break a reader).
python-calamine then refuses the whole sheet with a message that names no cell, so the package
is searched here, with the standard library: each sheet's cells, their own text (an inline
string) or the shared string they point to.

>>> has_bad_text(b"<t>x&#xD800;y</t>"), has_bad_text(b"<t>x&#x1F600;&#10;y</t>")
(True, False)
>>> has_bad_text(b"<t>\\xff</t>"), has_bad_text(b"<t>&#1;</t>")
(True, True)
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from graph_model.errors import Problem
from loaders.messages import problem
from loaders.workbook.cells import split_cell_name
from loaders.workbook.package import _sheet_parts

#: Where a workbook keeps the strings its cells share (Excel, LibreOffice and openpyxl).
SHARED_STRINGS = "xl/sharedStrings.xml"
#: The cells named one by one; a workbook broken everywhere is reported by its first ones.
MAX_CELLS = 20

_REFERENCE = re.compile(rb"&#(?:x([0-9A-Fa-f]+)|([0-9]+));")
#: A shared string, empty (``<si/>``) or not: its position is the index cells point to.
_SHARED = re.compile(rb"<(?:\w+:)?si(?:\s[^>]*)?(?:/>|>.*?</(?:\w+:)?si>)", re.DOTALL)
#: A cell: its attributes and its content, if any.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_SHARED_TYPE = re.compile(rb'\bt="s"')
_VALUE = re.compile(rb"<(?:\w+:)?v>\s*([0-9]+)\s*<")


def has_bad_text(xml: bytes) -> bool:
    """Whether ``xml`` holds bytes that are not UTF-8 or a reference to a character XML
    forbids (a surrogate, a control character other than tab and line breaks)."""
    try:
        xml.decode("utf-8")
    except UnicodeDecodeError:
        return True
    for match in _REFERENCE.finditer(xml):
        hexadecimal, decimal = match.groups()
        if not _allowed(int(hexadecimal, 16) if hexadecimal else int(decimal)):
            return True
    return False


def bad_text_problems(path: Path, sheets: frozenset[str], reason: str) -> list[Problem]:
    """A problem at each cell of ``sheets`` whose text is not text, the first ``MAX_CELLS`` of
    them; or, when none is found, one saying the workbook cannot be read, and ``reason``."""
    found: list[Problem] = []
    with zipfile.ZipFile(path) as package:
        shared = _bad_shared_strings(package)
        for sheet, part in _sheet_parts(package).items():
            if sheet in sheets and part in package.namelist():
                for cell in _bad_cells(package.read(part), shared):
                    found.append(_bad_cell(sheet, cell))
                    if len(found) == MAX_CELLS:
                        return found
    return found or [problem(path.name, 0, "-", "not_a_workbook", reason=reason)]


def _allowed(code: int) -> bool:
    """Whether XML 1.0 allows the character ``code``."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _bad_shared_strings(package: zipfile.ZipFile) -> frozenset[int]:
    """The indexes of the shared strings that are not text."""
    if SHARED_STRINGS not in package.namelist():
        return frozenset()
    items = _SHARED.finditer(package.read(SHARED_STRINGS))
    return frozenset(index for index, item in enumerate(items) if has_bad_text(item[0]))


def _bad_cells(sheet: bytes, shared: frozenset[int]) -> Iterator[str]:
    """The names of the cells of ``sheet`` (its XML) whose text is not text."""
    for cell in _CELL.finditer(sheet):
        attributes, content = cell[1], cell[2] or b""
        ref = _REF.search(attributes)
        if ref is None:
            continue
        if _SHARED_TYPE.search(attributes):
            value = _VALUE.search(content)
            bad = value is not None and int(value[1]) in shared
        else:
            bad = has_bad_text(content)
        if bad:
            yield ref[1].decode("ascii")


def _bad_cell(sheet: str, cell: str) -> Problem:
    row, _ = split_cell_name(cell)
    message = (
        "the cell holds what is not text (a lone surrogate such as &#xD800;, a control "
        "character, or bytes that are not UTF-8): type its text again"
    )
    return Problem(sheet, row, "-", message, cell=cell, code="cell_not_text")


__all__ = ["MAX_CELLS", "bad_text_problems", "has_bad_text"]
