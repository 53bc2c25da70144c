"""The errors workbook: a copy of a rejected workbook with every problem cell filled red (a
warning's yellow) and a comment saying what is wrong, plus a first sheet listing every problem
with a link to its cell, in Chinese or English.

A bundle that is not a workbook (a CSV folder, a file that would not open) gets the list alone.
The file is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.hyperlink import Hyperlink

from graph_model.errors import Problem, Severity
from loaders.messages import Lang, message_of, say, severity_word
from loaders.neutralise import neutralised
from loaders.workbook.saving import save_whole

FILLS = {
    Severity.ERROR: PatternFill("solid", start_color="FFFF8080", end_color="FFFF8080"),
    Severity.WARNING: PatternFill("solid", start_color="FFFFE699", end_color="FFFFE699"),
}
AUTHOR = "orgraph"
#: The list's columns' widths, in characters.
WIDTHS = (6, 8, 16, 10, 20, 24, 80)


def write_errors_workbook(
    source: Path, problems: Sequence[Problem], out: Path, lang: Lang = "zh"
) -> None:
    """Write ``out``: ``source`` (a workbook, else nothing) marked with ``problems``, and their
    list as its first sheet, in ``lang``."""
    book = _copy_of(source)
    _mark_cells(book, problems, lang)
    _add_list(book, source.name, problems, lang)
    save_whole(book, out)


def _copy_of(source: Path) -> Workbook:
    if source.is_file() and source.suffix.lower() == ".xlsx":
        try:
            return load_workbook(source)
        except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
            pass  # not a workbook after all: the list alone says what is wrong
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    return book


def _mark_cells(book: Workbook, problems: Sequence[Problem], lang: Lang) -> None:
    """Fill each problem cell and comment on it; a cell with several problems lists them all,
    and is red when one of them is an error."""
    by_cell: dict[tuple[str, str], list[Problem]] = {}
    for found in problems:
        if found.cell is not None and found.file in book.sheetnames:
            by_cell.setdefault((found.file, found.cell), []).append(found)
    for (sheet, name), here in by_cell.items():
        cell = book[sheet][name]
        errors = any(p.severity is Severity.ERROR for p in here)
        cell.fill = FILLS[Severity.ERROR if errors else Severity.WARNING]
        text = "\n".join(f"{p.column}: {message_of(p, lang)}" for p in here)
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 320, 40 + 40 * len(here)
        cell.comment = comment


def _add_list(book: Workbook, bundle: str, problems: Sequence[Problem], lang: Lang) -> None:
    title = say("report_sheet", lang)
    if title in book.sheetnames:  # a report marked again after fixing: the old list goes
        book.remove(book[title])
    sheet = book.create_sheet(title, 0)
    sheet.append([say("report_heading", lang, count=len(problems), bundle=bundle)])
    sheet.append(say("report_columns", lang).split("|"))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, found in enumerate(problems, start=1):
        # A file or column name comes from the bundle: openpyxl would write "=…" as a formula.
        texts = (found.file, found.cell or (str(found.row) if found.row else ""), found.column)
        sheet.append(
            [
                number,
                severity_word(found.severity, lang),
                *(neutralised(text) for text in texts),
                found.code,
                neutralised(message_of(found, lang)),
            ]
        )
        if found.cell is not None and found.file in book.sheetnames:
            link = sheet.cell(row=number + 2, column=4)
            # A link inside the workbook: a location, not an external target.
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{found.file}'!{found.cell}")
            link.style = "Hyperlink"
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A3"
    book.active = 0
