"""Read an ``.xlsx`` workbook as a bundle's tables: one sheet per table, named as the table.

The header is the row of column names, in English (the format's names) or in Chinese (the
template's labels, loaders/labels.py), found on the sheet's first row; when that row holds the
template's Chinese labels and the next row the English names, the English row is the header.
Every row number and cell name is the sheet's own, so a problem names the cell to click.

Cells become the text a CSV cell would hold (loaders/workbook/cells.py): dates written as Excel
dates or as ``2020/1/1`` and ``2020年1月1日`` become ISO dates; stray spaces are trimmed, and
full-width characters in ids, codes, dates and lists made half-width, each with a warning.

python-calamine reads the sheets (measured against openpyxl's read-only mode on a workbook of
100,000 people, 187,149 rows: 3.2 s against 42 s), one sheet at a time: what stays in memory is
the rows read, which the graph needs anyway, and one sheet's cells while it is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetVisibleEnum

from graph_model.errors import BundleError, Problem, Severity
from graph_model.progress import Progress
from loaders.labels import column_of_label
from loaders.messages import problem
from loaders.neutralise import restored_row
from loaders.progress import counted
from loaders.raw import RawBundle, RawTable
from loaders.readers import READING
from loaders.schema import TABLES, Column, iso_date_text, parse_date, parse_text
from loaders.workbook.bad_text import bad_text_problems
from loaders.workbook.cells import (
    EXCEL_ROWS,
    CellValue,
    cell_name,
    cell_text,
    column_letters,
    half_width,
    is_empty,
)
from loaders.workbook.package import inspect_package

#: The template's sheet of notes: read by people, skipped without a warning.
NOTES_SHEET = "说明 notes"
WARNING = Severity.WARNING


def read_workbook(path: Path, progress: Progress | None = None) -> RawBundle:
    """The tables of workbook ``path``; raise ``BundleError`` listing every problem that keeps
    it from being read (the sheet and cell of each)."""
    package = inspect_package(path, frozenset(TABLES))
    problems: list[Problem] = []
    if package.external_links:
        problems.append(problem(path.name, 0, "-", "external_links"))
    try:
        book = CalamineWorkbook.from_path(path)
    except CalamineError as exc:
        reason = str(exc) or type(exc).__name__
        raise BundleError([problem(path.name, 0, "-", "not_a_workbook", reason=reason)]) from None
    raw = RawBundle()
    with book:
        names = [meta.name for meta in book.sheets_metadata if meta.name in TABLES]
        raw.ignored = [n for n in book.sheet_names if n not in TABLES and n != NOTES_SHEET]
        if not names:
            expected = ", ".join(TABLES)
            raise BundleError([problem(path.name, 0, "-", "no_sheets", expected=expected)])
        hidden = {m.name for m in book.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
        done = 0
        for name in names:
            if name in hidden:
                problems.append(problem(name, 0, "-", "sheet_hidden"))
                continue
            sheet = _SheetReader(name, package.formulas.get(name, []), problems, raw.notes)
            try:
                table = sheet.read(book.get_sheet_by_name(name), progress, done)
            except CalamineError as exc:  # a cell that is not text: found in the package
                reason = str(exc) or type(exc).__name__
                raise BundleError(bad_text_problems(path, frozenset(names), reason)) from None
            if table is not None:
                raw.tables[name] = table
                done += len(table.rows)
    # A sheet missing, or with nothing in it, is an absent table (loaders/absent.py).
    raw.absent = {stem: stem for stem in TABLES if stem not in raw.tables and stem not in hidden}
    raw.name = path.name
    if problems:
        raise BundleError(problems)
    if progress is not None:
        progress(READING, done, done)
    return raw


class _SheetReader:
    """Reads one sheet into a ``RawTable``, noting its problems and clean-ups."""

    def __init__(
        self,
        name: str,
        formulas: list[tuple[int, int]],
        problems: list[Problem],
        notes: list[Problem],
    ) -> None:
        self.name = name
        self.columns = {c.name: c for c in TABLES[name][1]}
        self.formulas = formulas
        self.problems = problems
        self.notes = notes
        self.left = 0  # the sheet's first column with data, once read

    def read(self, sheet: CalamineSheet, progress: Progress | None, done: int) -> RawTable | None:
        if sheet.start is None or sheet.end is None:
            return None  # an empty sheet is an empty table
        left = self.left = sheet.start[1]
        self._check_shape(sheet)
        # iter_rows yields every row from the sheet's first, each from the data's first column.
        rows: Iterator[tuple[int, list[CellValue]]] = enumerate(sheet.iter_rows(), start=1)
        first = next(((n, v) for n, v in rows if not is_empty(v)), None)
        if first is None:
            return None
        header_row, names = first
        if not self._names_columns(names):
            # Chinese labels: the English names may follow (the template's layout).
            second = next(rows, None)
            if second is not None and self._names_columns(second[1]):
                header_row, names = second
            elif second is not None:
                rows = chain([second], rows)
        header = self._names(names, left, header_row)
        table = RawTable(
            self.name,
            list(header.values()),
            header_row=header_row,
            letters={name: column_letters(index) for index, name in header.items()},
        )
        self._check_formulas(header)
        fields = [self._field(index - left, name) for index, name in header.items()]
        # Cells under no column name are extra cells (under a repeated name, reported already).
        spare = [
            offset for offset in range(sheet.width) if not cell_text(_at(names, offset)).strip()
        ]
        for number, values in counted(rows, progress, READING, None, done):
            if is_empty(values):
                continue
            beyond = [offset for offset in spare if offset < len(values) and values[offset] != ""]
            if beyond:
                self._too_many_cells(number, left + beyond[0], len(header), len(beyond))
            cells = {
                field.name: self._text(values[field.offset], field, number)
                for field in fields
                if field.offset < len(values)
            }
            table.rows.append((number, restored_row(self.name, cells.items())))
        return table

    def _field(self, offset: int, name: str) -> _Field:
        column = self.columns.get(name)
        return _Field(
            offset,
            name,
            column_letters(self.left + offset),
            column is not None and _is_coded(column),
            column is not None and column.parse is parse_date,
        )

    def _check_shape(self, sheet: CalamineSheet) -> None:
        for (top, left), (bottom, right) in sheet.merged_cell_ranges or []:
            cells = f"{cell_name(top, left)}:{cell_name(bottom, right)}"
            self.problems.append(
                problem(
                    self.name, top + 1, "-", "merged_cells", cell=cell_name(top, left), cells=cells
                )
            )
        end = sheet.end
        if end is not None and end[0] + 1 >= EXCEL_ROWS:
            self.problems.append(
                problem(
                    self.name, EXCEL_ROWS, "-", "sheet_full", cell=f"A{EXCEL_ROWS}", rows=EXCEL_ROWS
                )
            )

    def _names_columns(self, values: list[CellValue]) -> bool:
        """Whether a row names a column in English: it is the header."""
        return any(half_width(cell_text(v)).strip() in self.columns for v in values)

    def _names(self, values: list[CellValue], left: int, number: int) -> dict[int, str]:
        """The header's column names by column index, a Chinese label read as its column's
        name; a column named twice (once in English, once in Chinese, say) is a problem."""
        names: dict[int, str] = {}
        first: dict[str, int] = {}
        for offset, value in enumerate(values):
            text = half_width(cell_text(value)).strip()
            if not text:
                continue
            name = text if text in self.columns else column_of_label(self.name, text) or text
            if name in first:
                self.problems.append(
                    problem(
                        self.name,
                        number,
                        name,
                        "column_repeats",
                        cell=cell_name(number - 1, left + offset),
                        first=cell_name(number - 1, first[name]),
                    )
                )
                continue
            first[name] = left + offset
            names[left + offset] = name
        return names

    def _check_formulas(self, header: dict[int, str]) -> None:
        for row, column in self.formulas:
            self.problems.append(
                problem(
                    self.name,
                    row,
                    header.get(column, "-"),
                    "formula",
                    cell=cell_name(row - 1, column),
                )
            )

    def _too_many_cells(self, number: int, first: int, columns: int, beyond: int) -> None:
        self.problems.append(
            problem(
                self.name,
                number,
                "-",
                "too_many_cells",
                cell=cell_name(number - 1, first),
                cells=columns + beyond,
                columns=columns,
            )
        )

    def _text(self, value: CellValue, field: _Field, number: int) -> str:
        """The cell's text, cleaned where that is safe, each clean-up noted. The common cell,
        clean ASCII text, costs a strip and a check or two: a sheet has a million of them."""
        text = value if isinstance(value, str) else cell_text(value)
        cleaned = text.strip()
        if cleaned != text and cleaned:
            self._note(number, field, "spaces_trimmed", value=repr(cleaned))
        if field.coded and not cleaned.isascii():
            converted = half_width(cleaned).strip()
            if converted != cleaned:
                self._note(
                    number,
                    field,
                    "full_width_converted",
                    before=repr(cleaned),
                    after=repr(converted),
                )
            cleaned = converted
        if field.dated and cleaned and cleaned[4:5] != "-":  # not ISO already
            cleaned = iso_date_text(cleaned) or cleaned
        return cleaned

    def _note(self, number: int, field: _Field, code: str, **params: object) -> None:
        cell = f"{field.letter}{number}"
        self.notes.append(
            problem(self.name, number, field.name, code, severity=WARNING, cell=cell, **params)
        )


def _at(values: list[CellValue], offset: int) -> CellValue:
    return values[offset] if offset < len(values) else ""


@dataclass(frozen=True, slots=True)
class _Field:
    """A column of a sheet as the row loop needs it: where it is among a row's values, its
    name and letter, and which clean-ups its cells get."""

    offset: int
    name: str
    letter: str
    coded: bool
    dated: bool


def _is_coded(column: Column) -> bool:
    """A column whose text is a code, not words: an id, a reference, a date, a boolean, an
    enumeration or a list; there a full-width character can only be a slip of the keyboard."""
    return column.name == "id" or bool(column.refers_to) or column.parse is not parse_text
