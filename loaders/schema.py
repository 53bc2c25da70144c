"""The tables and columns of bundle format version 1 (docs/format.md), as data.

A column's ``parse`` turns a non-empty cell into a value or raises ``ValueError`` with a
message fit for a user; references are checked later, once every id is known.
"""

from __future__ import annotations

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


def parse_text(cell: str) -> str:
    return cell


def parse_date(cell: str) -> date:
    try:
        return date.fromisoformat(cell)
    except ValueError:
        raise ValueError(f"{cell!r} is not an ISO date (YYYY-MM-DD)") from None


def parse_bool(cell: str) -> bool:
    if cell in ("true", "false"):
        return cell == "true"
    raise ValueError(f"{cell!r} is not a boolean (true or false)")


def parse_list(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip())


def enum_parser(enum: type[Enum]) -> Callable[[str], Any]:
    allowed = ", ".join(str(m.value) for m in enum)

    def parse(cell: str) -> Any:
        try:
            return enum(cell)
        except ValueError:
            raise ValueError(f"{cell!r} is not one of: {allowed}") from None

    return parse


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool = False
    parse: Callable[[str], Any] = parse_text
    refers_to: frozenset[NodeKind] = frozenset()  # ids of which kinds the value names


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
