"""A bundle's tables as read, before validation: text cells and where each row came from."""

from __future__ import annotations

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


@dataclass(slots=True)
class RawBundle:
    """The tables found, by file stem, the names of what was there but is no table, and what
    reading changed on the way (a workbook's trimmed or converted cells: warnings)."""

    tables: dict[str, RawTable] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
