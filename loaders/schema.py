"""The tables and columns of bundle format version 1 (docs/format.md), as data.

A column's ``parse`` turns a non-empty cell into a value or raises ``CellValueError`` (a
``ValueError``) with a message fit for a user and its code (loaders/messages.py); references
are checked later, once every id is known.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from graph_model.kinds import (
    BranchKind,
    LiaisonKind,
    NodeKind,
    OrgKind,
    PartyStatus,
    SeatRole,
    UnitKind,
    VisitKind,
)

LIST_SEPARATOR = ";"


class CellValueError(ValueError):
    """A cell that does not parse: the message in English, its code and the values it was
    written with (loaders/messages.py says it in Chinese from those)."""

    def __init__(self, message: str, code: str, **params: str) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def parse_text(cell: str) -> str:
    return cell


def parse_date(cell: str) -> date:
    try:
        return date.fromisoformat(cell)
    except ValueError:
        raise CellValueError(
            f"{cell!r} is not an ISO date (YYYY-MM-DD)", "not_a_date", value=repr(cell)
        ) from None


#: The ways people write a date in a spreadsheet that a workbook also accepts beside ISO:
#: ``2020/1/1`` and ``2020年1月1日`` (year, month, day; no other order is unambiguous).
WRITTEN_DATES = (
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"),
)


def iso_date_text(cell: str) -> str | None:
    """The ISO text of a date written in one of ``WRITTEN_DATES``, else None.

    >>> iso_date_text("2020/1/1"), iso_date_text("2020年12月31日"), iso_date_text("1/1/2020")
    ('2020-01-01', '2020-12-31', None)
    """
    for form in WRITTEN_DATES:
        match = form.fullmatch(cell)
        if match:
            try:
                return date(*map(int, match.groups())).isoformat()
            except ValueError:  # 2020/2/30: leave it to parse_date to refuse
                return None
    return None


def parse_bool(cell: str) -> bool:
    if cell in ("true", "false"):
        return cell == "true"
    raise CellValueError(
        f"{cell!r} is not a boolean (true or false)", "not_a_boolean", value=repr(cell)
    )


def parse_list(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip())


#: The values each enumeration's parser accepts, by parser: for drop-down lists.
_ENUM_VALUES: dict[Callable[[str], Any], tuple[str, ...]] = {}


def enum_parser(enum: type[Enum]) -> Callable[[str], Any]:
    allowed = ", ".join(str(m.value) for m in enum)

    def parse(cell: str) -> Any:
        try:
            return enum(cell)
        except ValueError:
            raise CellValueError(
                f"{cell!r} is not one of: {allowed}",
                "not_in_enumeration",
                value=repr(cell),
                allowed=allowed,
            ) from None

    _ENUM_VALUES[parse] = tuple(str(m.value) for m in enum)
    return parse


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool = False
    parse: Callable[[str], Any] = parse_text
    refers_to: frozenset[NodeKind] = frozenset()  # ids of which kinds the value names


def allowed_values(column: Column) -> tuple[str, ...]:
    """Every value a column accepts, when they can be listed (an enumeration, a boolean);
    else nothing.

    >>> allowed_values(Column("major", parse=parse_bool))
    ('true', 'false')
    """
    if column.parse is parse_bool:
        return ("true", "false")
    return _ENUM_VALUES.get(column.parse, ())


def _col(
    name: str,
    required: bool = False,
    parse: Callable[[str], Any] = parse_text,
    *refers_to: NodeKind,
) -> Column:
    return Column(name, required, parse, frozenset(refers_to))


K = NodeKind

#: file stem -> (kind of the ids it defines, or None, and its columns in contract order)
TABLES: dict[str, tuple[NodeKind | None, tuple[Column, ...]]] = {
    "domains": (K.DOMAIN, (_col("id", True), _col("name", True))),
    "units": (
        K.UNIT,
        (
            _col("id", True),
            _col("name", True),
            _col("kind", True, enum_parser(UnitKind)),
            _col("parent_id", False, parse_text, K.UNIT),
            _col("domain_ids", False, parse_list, K.DOMAIN),
        ),
    ),
    "people": (
        K.PERSON,
        (
            _col("id", True),
            _col("name", True),
            _col("party_status", True, enum_parser(PartyStatus)),
            _col("unit_id", False, parse_text, K.UNIT),
            _col("team_id", False, parse_text, K.TEAM),
        ),
    ),
    "party_orgs": (
        K.PARTY_ORG,
        (
            _col("id", True),
            _col("name", True),
            _col("kind", True, enum_parser(OrgKind)),
            _col("parent_id", False, parse_text, K.PARTY_ORG),
            _col("unit_id", False, parse_text, K.UNIT),
            _col("branch_kind", False, enum_parser(BranchKind)),
            _col("project_id", False, parse_text, K.PROJECT),
            _col("established_on", False, parse_date),
            _col("dissolved_on", False, parse_date),
            _col("elected_on", False, parse_date),
            _col("benchmark_domain_id", False, parse_text, K.DOMAIN),
            _col("benchmark_category"),
        ),
    ),
    "party_roles": (
        None,
        (
            _col("person_id", True, parse_text, K.PERSON),
            _col("org_id", True, parse_text, K.PARTY_ORG),
            _col("role", True, enum_parser(SeatRole)),
            _col("from", False, parse_date),
            _col("to", False, parse_date),
        ),
    ),
    "leader_domains": (
        None,
        (
            _col("person_id", True, parse_text, K.PERSON),
            _col("domain_id", True, parse_text, K.DOMAIN),
            _col("from", False, parse_date),
            _col("to", False, parse_date),
        ),
    ),
    "teams": (
        K.TEAM,
        (
            _col("id", True),
            _col("name", True),
            _col("unit_id", True, parse_text, K.UNIT),
            _col("leader_id", False, parse_text, K.PERSON),
            _col("domain_id", False, parse_text, K.DOMAIN),
            _col("project_id", False, parse_text, K.PROJECT),
        ),
    ),
    "party_groups": (
        K.PARTY_GROUP,
        (
            _col("id", True),
            _col("name", True),
            _col("branch_id", True, parse_text, K.PARTY_ORG),
            _col("team_id", False, parse_text, K.TEAM),
            _col("leader_id", False, parse_text, K.PERSON),
            _col("member_ids", False, parse_list, K.PERSON),
        ),
    ),
    "projects": (
        K.PROJECT,
        (
            _col("id", True),
            _col("name", True),
            _col("unit_id", True, parse_text, K.UNIT),
            _col("domain_id", False, parse_text, K.DOMAIN),
            _col("major", False, parse_bool),
            _col("start_on", False, parse_date),
            _col("end_on", False, parse_date),
        ),
    ),
    "liaison_points": (
        K.LIAISON_POINT,
        (
            _col("id", True),
            _col("leader_id", True, parse_text, K.PERSON),
            _col("kind", True, enum_parser(LiaisonKind)),
            _col("target_id", True, parse_text, K.UNIT, K.PARTY_ORG),
            _col("from", False, parse_date),
            _col("to", False, parse_date),
        ),
    ),
    "visits": (
        None,
        (
            _col("liaison_point_id", True, parse_text, K.LIAISON_POINT),
            _col("date", True, parse_date),
            _col("kind", False, enum_parser(VisitKind)),
            _col("note"),
        ),
    ),
}

#: Pairs of date columns where the second may not precede the first.
DATE_PERIODS: dict[str, tuple[str, str]] = {
    "party_roles": ("from", "to"),
    "leader_domains": ("from", "to"),
    "liaison_points": ("from", "to"),
    "projects": ("start_on", "end_on"),
    "party_orgs": ("established_on", "dissolved_on"),
}

#: Deepest ``parent_id`` chain accepted; queries walk trees with this bound.
MAX_TREE_DEPTH = 32
