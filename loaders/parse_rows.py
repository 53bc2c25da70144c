"""A raw table's rows parsed into their records, one row at a time.

Each row becomes its record (graph_model/records.py) as soon as it is parsed, and the record,
with its row number beside it, is the only copy of the row kept: a bundle of millions of rows
is held once, not as text cells, parsed values and records at the same time. Cells that repeat
across rows (references, dates, enumerations) are shared, and so is a row that repeats an
earlier row exactly (in a link table, where that is not an error: a warning says so).

The header is checked first (loaders/headers.py): a required column it lacks is reported once,
and its cells are not reported empty row by row.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph_model import records as r
from graph_model.progress import Progress
from loaders.checker import Checker, Where
from loaders.headers import header_findings, missing_required
from loaders.progress import counted
from loaders.raw import RawTable
from loaders.schema import TABLES, CellValueError, Column, parse_list, parse_text

#: The step ``progress`` hears while rows are parsed.
PARSING = "validating rows"

#: The record class of each table.
RECORDS: dict[str, type] = {
    "domains": r.Domain,
    "units": r.Unit,
    "people": r.Person,
    "party_orgs": r.PartyOrg,
    "party_roles": r.Seat,
    "leader_domains": r.DomainCharge,
    "teams": r.Team,
    "party_groups": r.PartyGroup,
    "projects": r.Project,
    "liaison_points": r.LiaisonPoint,
    "visits": r.Visit,
}
assert set(RECORDS) == set(TABLES)

#: Columns whose record attribute is named otherwise (``from`` is a Python keyword).
ATTRIBUTES = {"from": "start", "to": "end"}

#: The extra columns of every record that has none: one mapping, as records are frozen.
NO_EXTRA: Mapping[str, str] = {}


def value(record: Any, column: str) -> Any:
    """A record's value of a column of its table (None for an empty optional one, or the
    record's default: no members, not major)."""
    return getattr(record, ATTRIBUTES.get(column, column))


@dataclass(slots=True)
class ParsedTable:
    """A table's records in row order, each row's number beside it, and the required columns
    its header lacks."""

    stem: str
    source: str
    records: list[Any] = field(default_factory=list)
    numbers: array[int] = field(default_factory=lambda: array("q"))
    missing: frozenset[str] = frozenset()

    def rows(self) -> Iterator[tuple[Where, Any]]:
        """Each record with where its row is."""
        source, numbers = self.source, self.numbers
        return (((source, n), record) for n, record in zip(numbers, self.records, strict=True))


def parse_table(
    stem: str,
    table: RawTable,
    check: Checker,
    progress: Progress | None = None,
    total: int | None = None,
    done: int = 0,
) -> ParsedTable:
    """Table ``stem`` as records, its problems told to ``check``; ``progress`` hears of the
    rows parsed (``done`` before this table, of ``total``)."""
    columns = TABLES[stem][1]
    known = {c.name for c in columns}
    for finding in header_findings(stem, table.source, table.columns):
        where = (table.source, table.header_row)
        check.add(where, finding.column, finding.code, finding.severity, finding.params)
    parsed = ParsedTable(stem, table.source, missing=missing_required(stem, table.columns))
    cells_of = [_Cells(c, c.name in parsed.missing) for c in columns]
    make = RECORDS[stem]
    repeats = _Repeats() if TABLES[stem][0] is None else None
    has_extra = not known.issuperset(table.columns)  # else no row can have an extra cell
    for number, cells in counted(table.each_row(), progress, PARSING, total, done):
        where = (table.source, number)
        fields = {}
        for cell in cells_of:
            text = cells.get(cell.name, "")
            # A plain text cell is its own value: no call for most cells of a large table.
            parsed_value = text if text and cell.plain else cell.parse(text, where, check)
            if parsed_value is not None or cell.required:
                fields[cell.attribute] = parsed_value
        extra = NO_EXTRA
        if has_extra:
            extra = {k: v for k, v in cells.items() if k not in known and v} or NO_EXTRA
        record = make(**fields, extra=extra)
        if repeats is not None:
            record = repeats.shared(cells, record, number, parsed)
        parsed.records.append(record)
        parsed.numbers.append(number)
    if repeats is not None:
        repeats.report(parsed.source, check)
    return parsed


class _Cells:
    """Parses one column's cells, sharing the values of a column whose cells repeat."""

    __slots__ = (
        "attribute",
        "column",
        "items",
        "name",
        "plain",
        "reported",
        "required",
        "values",
    )

    def __init__(self, column: Column, header_lacks_it: bool) -> None:
        self.column = column
        self.name = column.name
        self.attribute = ATTRIBUTES.get(column.name, column.name)
        self.required = column.required
        # A column the header lacks is reported once, by the header's check.
        self.reported = column.required and not header_lacks_it
        repeats = bool(column.refers_to) or column.parse not in (parse_text, parse_list)
        self.values: dict[str, Any] | None = {} if repeats else None
        self.items: dict[str, str] | None = {} if column.parse is parse_list else None
        self.plain = column.parse is parse_text and not repeats  # a cell is its own value

    def parse(self, cell: str, where: Where, check: Checker) -> Any:
        if not cell:
            if self.reported:
                check.error(where, self.name, "value_missing")
            return None
        values = self.values
        if values is not None:
            known = values.get(cell)
            if known is not None:
                return known
        try:
            parsed = self.column.parse(cell)
        except CellValueError as exc:
            check.error(where, self.name, exc.code, **exc.params)
            return None
        except ValueError as exc:  # a parser's own refusal, said as it is
            check.error(where, self.name, "bad_value", reason=exc)
            return None
        if self.items is not None:  # a list of ids: each id held once
            parsed = tuple(self.items.setdefault(item, item) for item in parsed)
        elif values is not None:
            values[cell] = parsed
        return parsed


class _Repeats:
    """Rows of a link table that repeat an earlier row exactly: counted for a warning, and
    given the earlier row's record (equal and frozen) rather than one of their own."""

    __slots__ = ("count", "example", "first")

    def __init__(self) -> None:
        self.first: dict[int, int] = {}  # a row's hash -> the index of its first record
        self.count = 0
        self.example: tuple[int, int] | None = None  # the first repeat's row, and the original's

    def shared(self, cells: Mapping[str, str], record: Any, number: int, table: ParsedTable) -> Any:
        key = hash(tuple(cells.items()))
        index = self.first.setdefault(key, len(table.records))
        if index == len(table.records):
            return record
        earlier = table.records[index]
        if earlier != record or earlier.extra != record.extra:
            return record  # two rows of one hash: not a repeat after all
        self.count += 1
        if self.example is None:
            self.example = (number, table.numbers[index])
        return earlier

    def report(self, source: str, check: Checker) -> None:
        if self.example is None:
            return
        number, original = self.example
        first = check.where((source, original), "-")
        check.warn((source, number), "-", "rows_repeat", count=f"{self.count:,}", first=first)


__all__ = ["ATTRIBUTES", "PARSING", "RECORDS", "ParsedTable", "parse_table", "value"]
