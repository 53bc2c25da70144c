"""A bundle's tables as read, before validation: text cells and where each row came from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from graph_model.errors import Problem


@dataclass(slots=True)
class RawTable:
    """One table as read: the name to show in problems, its columns and its rows by row number.

    A workbook's sheet also says which row holds the column names (``header_row``: the
    template puts Chinese labels above them) and the column letter of each column
    (``letters``), so that a problem names the cell to fix; a CSV file or a JSON array has
    neither.
    """

    source: str
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    header_row: int = 1
    letters: dict[str, str] | None = None
    #: A CSV file's rows are not kept in ``rows`` but read again when validated (``reread``),
    #: so that a large file is never held twice; ``size`` counts them.
    reread: Callable[[], Iterable[tuple[int, dict[str, str]]]] | None = None
    size: int = 0

    def each_row(self) -> Iterable[tuple[int, dict[str, str]]]:
        """Every row, by row number: kept, or read again."""
        return self.rows if self.reread is None else self.reread()

    def row_count(self) -> int:
        return len(self.rows) if self.reread is None else self.size


@dataclass(slots=True)
class RawBundle:
    """The tables found, by file stem, the names of what was there but is no table, and what
    reading changed on the way (a workbook's trimmed or converted cells: warnings).

    Each also says which tables it does not have at all (``absent``: stem -> the name the table
    would have had, ``units.csv``, or a workbook's sheet) and its own name (``name``), so that a
    missing table is reported once, at its name (loaders/absent.py).
    """

    tables: dict[str, RawTable] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    absent: dict[str, str] = field(default_factory=dict)
    name: str = ""
