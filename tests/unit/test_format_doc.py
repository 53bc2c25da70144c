"""docs/format.md describes the import bundle exactly as ``loaders.schema.TABLES`` defines it.

The document has one section per table, ``### <table>.csv``, followed by a markdown table
``| column | required | type | values | refers to | meaning |``: column names in backticks,
required as ``yes``/``no``, enumeration values (and ``true``, ``false`` for a boolean) in
backticks separated by commas, referred node labels in backticks. These tests read that layout
and compare it, table by table, with the loader's definition.

Also: the repository stands alone, so no file in it points at the folder outside it that once
held the specification.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from graph_model.kinds import (
    BranchKind,
    LiaisonKind,
    OrgKind,
    PartyStatus,
    SeatRole,
    UnitKind,
    VisitKind,
)
from loaders.schema import TABLES, Column, parse_bool, parse_date, parse_list, parse_text

ROOT = Path(__file__).resolve().parents[2]
FORMAT_DOC = ROOT / "docs" / "format.md"

#: Written in two pieces so that this file does not itself contain what it looks for.
OUTSIDE_REFERENCE = "/".join(("..", "shared"))

HEADER = ("column", "required", "type", "values", "refers to", "meaning")
SECTION = re.compile(r"^###\s+`?(?P<table>[a-z_]+)\.csv`?\s*$")
BACKTICKED = re.compile(r"`([^`]+)`")

#: The plain parsers of ``loaders.schema`` and the type word the document uses for each.
TYPE_OF_PARSER: dict[Callable[[str], Any], str] = {
    parse_text: "text",
    parse_date: "date",
    parse_bool: "boolean",
    parse_list: "list",
}

#: Enumeration columns and the enum each accepts. ``Column`` keeps only the parse function
#: ``enum_parser`` built, so the mapping is written here and checked against that function.
ENUM_OF_COLUMN: dict[tuple[str, str], type[Enum]] = {
    ("units", "kind"): UnitKind,
    ("people", "party_status"): PartyStatus,
    ("party_orgs", "kind"): OrgKind,
    ("party_orgs", "branch_kind"): BranchKind,
    ("party_roles", "role"): SeatRole,
    ("liaison_points", "kind"): LiaisonKind,
    ("visits", "kind"): VisitKind,
}


@dataclass(frozen=True, slots=True)
class DocColumn:
    name: str
    required: bool
    type: str
    values: tuple[str, ...]
    refers_to: frozenset[str]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _doc_column(table: str, cells: list[str]) -> DocColumn:
    assert len(cells) == len(HEADER), f"{table}: a row needs {len(HEADER)} cells: {cells}"
    name, required, type_, values, refers_to, _meaning = cells
    names = BACKTICKED.fullmatch(name)
    assert names, f"{table}: a column name is written in backticks, not {name!r}"
    assert required in ("yes", "no"), f"{table}.{names[1]}: required is yes or no: {required!r}"
    return DocColumn(
        names[1],
        required == "yes",
        type_,
        tuple(BACKTICKED.findall(values)),
        frozenset(BACKTICKED.findall(refers_to)),
    )


def read_format_doc(text: str) -> dict[str, list[DocColumn]]:
    """Each ``### <table>.csv`` section's first markdown table, in document order."""
    tables: dict[str, list[DocColumn]] = {}
    lines = text.splitlines()
    for index, line in enumerate(lines):
        section = SECTION.match(line)
        if not section:
            continue
        table = section["table"]
        assert table not in tables, f"{table}.csv is described twice"
        rows = lines[index + 1 :]
        start = next(i for i, row in enumerate(rows) if row.startswith("|"))
        assert tuple(_cells(rows[start])) == HEADER, f"{table}: the table header is {HEADER}"
        body = rows[start + 2 :]
        end = next((i for i, row in enumerate(body) if not row.startswith("|")), len(body))
        tables[table] = [_doc_column(table, _cells(row)) for row in body[:end]]
    return tables


@pytest.fixture(scope="module")
def documented() -> dict[str, list[DocColumn]]:
    return read_format_doc(FORMAT_DOC.read_text(encoding="utf-8"))


def _columns(table: str) -> tuple[Column, ...]:
    return TABLES[table][1]


def _type_of(table: str, column: Column) -> str:
    if (table, column.name) in ENUM_OF_COLUMN:
        return "enumeration"
    return TYPE_OF_PARSER[column.parse]


def _values_of(table: str, column: Column) -> tuple[str, ...]:
    enum = ENUM_OF_COLUMN.get((table, column.name))
    if enum is not None:
        return tuple(str(member.value) for member in enum)
    return ("true", "false") if column.parse is parse_bool else ()


def test_the_format_doc_describes_the_loaders_tables_in_the_loaders_order(
    documented: dict[str, list[DocColumn]],
) -> None:
    assert list(documented) == list(TABLES)


@pytest.mark.parametrize("table", list(TABLES))
def test_each_table_lists_the_loaders_columns_in_order(
    documented: dict[str, list[DocColumn]], table: str
) -> None:
    assert [c.name for c in documented.get(table, [])] == [c.name for c in _columns(table)]


@pytest.mark.parametrize("table", list(TABLES))
def test_a_column_is_documented_as_required_exactly_when_the_loader_requires_it(
    documented: dict[str, list[DocColumn]], table: str
) -> None:
    in_doc = {c.name: c.required for c in documented.get(table, [])}
    assert in_doc == {c.name: c.required for c in _columns(table)}


@pytest.mark.parametrize("table", list(TABLES))
def test_a_column_is_documented_with_the_type_its_parser_reads(
    documented: dict[str, list[DocColumn]], table: str
) -> None:
    in_doc = {c.name: c.type for c in documented.get(table, [])}
    assert in_doc == {c.name: _type_of(table, c) for c in _columns(table)}


@pytest.mark.parametrize("table", list(TABLES))
def test_an_enumeration_lists_exactly_the_values_the_loader_accepts(
    documented: dict[str, list[DocColumn]], table: str
) -> None:
    in_doc = {c.name: c.values for c in documented.get(table, [])}
    assert in_doc == {c.name: _values_of(table, c) for c in _columns(table)}


@pytest.mark.parametrize("table", list(TABLES))
def test_a_reference_column_names_the_kinds_of_node_it_refers_to(
    documented: dict[str, list[DocColumn]], table: str
) -> None:
    in_doc = {c.name: c.refers_to for c in documented.get(table, [])}
    assert in_doc == {c.name: frozenset(str(k) for k in c.refers_to) for c in _columns(table)}


def test_every_column_with_no_plain_parser_is_mapped_to_its_enumeration() -> None:
    not_plain = {
        (table, column.name)
        for table in TABLES
        for column in _columns(table)
        if column.parse not in TYPE_OF_PARSER
    }
    assert not_plain == set(ENUM_OF_COLUMN)


@pytest.mark.parametrize(
    ("table", "name", "enum"),
    [(table, name, enum) for (table, name), enum in ENUM_OF_COLUMN.items()],
)
def test_an_enumeration_column_accepts_its_enum_and_nothing_else(
    table: str, name: str, enum: type[Enum]
) -> None:
    (column,) = [c for c in _columns(table) if c.name == name]
    assert [column.parse(str(m.value)) for m in enum] == list(enum)
    with pytest.raises(ValueError, match=r"is not one of: (?P<allowed>.*)$") as refused:
        column.parse("not-a-value")
    allowed = str(refused.value).split("is not one of: ", 1)[1]
    assert allowed.split(", ") == [str(m.value) for m in enum]


def _repository_files() -> list[Path]:
    """Files git tracks, and new files it would add (not ignored), that are still on disk."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return sorted({ROOT / name for name in listed.split("\0") if name and (ROOT / name).is_file()})


def test_nothing_in_the_repository_points_outside_it() -> None:
    pointing_out = [
        str(path.relative_to(ROOT))
        for path in _repository_files()
        if OUTSIDE_REFERENCE.encode() in path.read_bytes()
    ]
    assert pointing_out == []
