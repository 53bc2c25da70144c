"""The problems validation finds, collected as it goes, each located where a person fixes it.

A row is located by its table's name and row number (``Where``); in a workbook, whose tables
know the column letters, a problem also names its cell (``sheet!C12``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from graph_model.errors import Problem, Severity
from loaders.messages import problem
from loaders.raw import RawTable

#: A row's place: the name of its table as problems show it, and its row number.
Where = tuple[str, int]


class Checker:
    """Collects problems, each by its code (loaders/messages.py), located at the cell of a
    workbook's sheet when the table has column letters."""

    def __init__(self, tables: Iterable[RawTable]) -> None:
        self.problems: list[Problem] = []
        self._letters = {t.source: t.letters for t in tables if t.letters is not None}

    def error(self, row: Where, column: str, code: str, **params: object) -> None:
        self.add(row, column, code, Severity.ERROR, params)

    def warn(self, row: Where, column: str, code: str, **params: object) -> None:
        self.add(row, column, code, Severity.WARNING, params)

    def where(self, row: Where, column: str) -> str:
        """Where a row's cell is, as a problem says it: ``file:row`` or ``sheet!cell``."""
        cell = self._cell(row, column)
        return f"{row[0]}:{row[1]}" if cell is None else f"{row[0]}!{cell}"

    def add(
        self, row: Where, column: str, code: str, severity: Severity, params: Mapping[str, object]
    ) -> None:
        cell = self._cell(row, column)
        self.problems.append(
            problem(row[0], row[1], column, code, severity=severity, cell=cell, **params)
        )

    def _cell(self, row: Where, column: str) -> str | None:
        letters = self._letters.get(row[0])
        # A column the sheet lacks (a required one missing) is reported at the header's start.
        return None if letters is None else f"{letters.get(column, 'A')}{row[1]}"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


__all__ = ["Checker", "Where"]
