"""Validate a raw bundle and build typed records: pure, no I/O (functional core).

Every problem is collected before deciding, so a user fixes a bundle in one pass; any error
rejects the bundle whole (``BundleError``), warnings travel beside the records. A problem is
reported once, at its cause: a missing table (loaders/absent.py) or a header that lacks a
column (loaders/headers.py) is one problem, not one per reference or row it would break.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

from graph_model import records as r
from graph_model.errors import BundleError, Problem, Severity
from graph_model.gc_pause import gc_paused
from graph_model.kinds import LiaisonKind, NodeKind, OrgKind
from graph_model.progress import Progress
from loaders.absent import DEFINED_BY, absent_problems
from loaders.checker import Checker, Where
from loaders.json_writer import BUNDLE_FIELDS
from loaders.messages import problem
from loaders.parse_rows import PARSING, ParsedTable, parse_table, value
from loaders.progress import counted
from loaders.raw import RawBundle
from loaders.schema import DATE_PERIODS, MAX_TREE_DEPTH, TABLES

WARNING = Severity.WARNING
#: The steps ``progress`` hears, in order (``PARSING`` first).
CHECKING, BUILDING = "checking references", "building records"
BRANCH = OrgKind.BRANCH
KIND_WORDS = {
    NodeKind.UNIT: "unit",
    NodeKind.DOMAIN: "domain",
    NodeKind.PERSON: "person",
    NodeKind.PARTY_ORG: "party org",
    NodeKind.PARTY_GROUP: "party group",
    NodeKind.TEAM: "team",
    NodeKind.PROJECT: "project",
    NodeKind.LIAISON_POINT: "liaison point",
}

Tables = dict[str, ParsedTable]
#: Rows from which validation pauses the cyclic collector (graph_model/gc_pause.py). An L
#: bundle's records (1.9M rows), never garbage, were walked again and again as they piled up:
#: 21.3-22.3 s with the collector, 17.3-18.9 s paused, in a process holding the Neo4j backend's
#: modules. At M (187k rows) the difference was within the noise; below, a pause would only
#: move when other garbage is collected (in the test run, a socket another test left open).
PAUSE_FROM_ROWS = 500_000
__all__ = [
    "BUILDING",
    "CHECKING",
    "KIND_WORDS",
    "PARSING",
    "PAUSE_FROM_ROWS",
    "ValidatedBundle",
    "validate_bundle",
]


@dataclass(slots=True)
class ValidatedBundle:
    bundle: r.Bundle
    warnings: list[Problem] = field(default_factory=list)


def validate_bundle(raw: RawBundle, progress: Progress | None = None) -> ValidatedBundle:
    """Check every rule of docs/format.md; return records and warnings or raise ``BundleError``.
    ``progress`` hears of the steps ``validating rows``, ``checking references`` (between
    rows: not counted) and ``building records``. From ``PAUSE_FROM_ROWS`` rows the collector
    is paused meanwhile."""
    total = sum(table.row_count() for table in raw.tables.values())
    with gc_paused() if total >= PAUSE_FROM_ROWS else nullcontext():
        return _validated(raw, total, progress)


def _validated(raw: RawBundle, total: int, progress: Progress | None) -> ValidatedBundle:
    check = Checker(raw.tables.values())
    for name in raw.ignored:
        check.problems.append(problem(name, 0, "-", "table_ignored", severity=WARNING))
    check.problems.extend(raw.notes)
    tables: Tables = {}
    for stem, table in raw.tables.items():
        tables[stem] = parse_table(stem, table, check, progress, total, _done(tables))
    if progress is not None:
        progress(CHECKING, 0, None)
    absence = absent_problems(raw.absent, raw.name, _referrers(raw.absent, tables))
    check.problems.extend(absence.problems)
    for stem in TABLES:
        tables.setdefault(stem, ParsedTable(stem, stem))
    unknown = absence.unknown | {
        kind for stem, (kind, _) in TABLES.items() if kind and "id" in tables[stem].missing
    }
    kinds = _collect_ids(tables, check)
    _check_references(tables, kinds, unknown, check)
    _check_periods(tables, check)
    _check_targets(tables, kinds, check)
    for stem in ("units", "party_orgs"):
        _check_tree(tables[stem], check)
    _check_group_members(tables, check)
    if check.errors:
        raise BundleError(check.errors)
    return ValidatedBundle(_build(tables, progress), check.warnings)


def _done(tables: Tables) -> int:
    return sum(len(table.records) for table in tables.values())


def _referrers(absent: Mapping[str, str], tables: Tables) -> dict[str, list[str]]:
    """Per absent table, the columns of present tables that name its ids in some row."""
    found: dict[str, list[str]] = {}
    for stem, table in tables.items():
        for column in TABLES[stem][1]:
            wanted = [DEFINED_BY[kind] for kind in sorted(column.refers_to)]
            missing = [other for other in wanted if other in absent]
            # A column that may name two kinds needs only one of them (a target unit or org).
            if not missing or len(missing) < len(wanted):
                continue
            if any(value(record, column.name) for record in table.records):
                for other in missing:
                    found.setdefault(other, []).append(f"{table.source} {column.name}")
    return found


def _collect_ids(tables: Tables, check: Checker) -> dict[str, NodeKind]:
    """Ids are unique across the whole bundle; map each to the kind of row that defines it.
    A repeat names the first row that used the id, found in a second pass (repeats are rare;
    remembering where every id was first seen would double what validation holds)."""
    kinds: dict[str, NodeKind] = {}
    repeated: list[tuple[Where, str]] = []
    for stem, (kind, _) in TABLES.items():
        if kind is None:
            continue
        for where, record in tables[stem].rows():
            entity_id = record.id
            if entity_id is None:
                continue
            if entity_id in kinds:
                repeated.append((where, entity_id))
                continue
            kinds[entity_id] = kind
    if repeated:
        first = _first_rows({entity_id for _, entity_id in repeated}, tables)
        for where, entity_id in repeated:
            seen = check.where(first[entity_id], "id")
            check.error(where, "id", "id_repeats", id=repr(entity_id), first=seen)
    return kinds


def _first_rows(ids: set[str], tables: Tables) -> dict[str, Where]:
    """Where each of ``ids`` is first defined, in the order ids are collected."""
    first: dict[str, Where] = {}
    for stem, (kind, _) in TABLES.items():
        if kind is not None:
            for where, record in tables[stem].rows():
                if record.id in ids:
                    first.setdefault(record.id, where)
    return first


def _check_references(
    tables: Tables, kinds: dict[str, NodeKind], unknown: frozenset[NodeKind], check: Checker
) -> None:
    """Each reference names an id of the kind its column expects. A reference to a kind whose
    table is missing, or has no id column, is not checked: that one problem is the cause."""
    for stem, (_, columns) in TABLES.items():
        for column in (c for c in columns if c.refers_to):
            expected = " or ".join(sorted(KIND_WORDS[k] for k in column.refers_to))
            unchecked = bool(column.refers_to & unknown)
            for where, record in tables[stem].rows():
                found_value = value(record, column.name)
                for ref in found_value if isinstance(found_value, tuple) else (found_value,):
                    if ref is None:
                        continue
                    found = kinds.get(ref)
                    if found is None:
                        if not unchecked:
                            check.error(
                                where,
                                column.name,
                                "reference_missing",
                                ref=repr(ref),
                                expected=expected,
                            )
                    elif found not in column.refers_to:
                        check.error(
                            where,
                            column.name,
                            "reference_wrong_kind",
                            ref=repr(ref),
                            found=KIND_WORDS[found],
                            expected=expected,
                        )


def _check_periods(tables: Tables, check: Checker) -> None:
    for stem, (start, end) in DATE_PERIODS.items():
        for where, record in tables[stem].rows():
            first, last = value(record, start), value(record, end)
            if first is not None and last is not None and last < first:
                check.error(
                    where, end, "period_reversed", end=last, start_column=start, start=first
                )


def _check_targets(tables: Tables, kinds: dict[str, NodeKind], check: Checker) -> None:
    """Checks that need the kind of a party org, not only that it is one."""
    org_kind = {record.id: record.kind for record in tables["party_orgs"].records}
    for where, record in tables["party_groups"].rows():
        branch = record.branch_id
        if branch in org_kind and org_kind[branch] is not OrgKind.BRANCH:
            check.error(
                where, "branch_id", "not_a_branch", ref=repr(branch), found=org_kind[branch].value
            )
    for where, record in tables["liaison_points"].rows():
        target = record.target_id
        if record.kind is LiaisonKind.BRANCH and target in kinds:
            found = org_kind[target].value if target in org_kind else KIND_WORDS[kinds[target]]
            if org_kind.get(target) is not OrgKind.BRANCH:
                check.error(
                    where, "target_id", "liaison_not_at_branch", ref=repr(target), found=found
                )
    for where, record in tables["party_orgs"].rows():
        if record.branch_kind is not None and record.kind is not OrgKind.BRANCH:
            check.warn(where, "branch_kind", "branch_kind_ignored")


def _check_tree(table: ParsedTable, check: Checker) -> None:
    """``parent_id`` chains end at a root, with no cycle, within ``MAX_TREE_DEPTH`` steps."""
    parent = {record.id: record.parent_id for record in table.records}
    depth: dict[str, int] = {}
    for where, record in table.rows():
        start = record.id
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in depth:
            if node in path:
                cycle = " -> ".join([*path[path.index(node) :], node])
                check.error(where, "parent_id", "tree_cycle", cycle=cycle)
                break
            path.append(node)
            node = parent.get(node)
        else:
            base = depth[node] if node is not None else -1
            for offset, step in enumerate(reversed(path), start=1):
                depth[step] = base + offset
            if depth.get(start, 0) > MAX_TREE_DEPTH:
                check.error(
                    where, "parent_id", "tree_too_deep", depth=depth[start], limit=MAX_TREE_DEPTH
                )
            continue
        for step in path:
            depth.setdefault(step, 0)  # stop walking a reported cycle again


def _check_group_members(tables: Tables, check: Checker) -> None:
    """A group member seated in other branches but not the group's: a warning, not an error.
    Seats on committees do not count: leaders join groups for dual organisational life."""
    branches = {o.id for o in tables["party_orgs"].records if o.kind is BRANCH}
    seats: dict[str, set[str]] = {}
    for seat in tables["party_roles"].records:
        if seat.org_id in branches:
            seats.setdefault(seat.person_id, set()).add(seat.org_id)
    for where, group in tables["party_groups"].rows():
        for member in group.member_ids or ():
            elsewhere = seats.get(member, set())
            if elsewhere and group.branch_id not in elsewhere:
                check.warn(
                    where,
                    "member_ids",
                    "member_elsewhere",
                    member=repr(member),
                    elsewhere=", ".join(sorted(elsewhere)),
                )


def _build(tables: Tables, progress: Progress | None = None) -> r.Bundle:
    """The bundle of the tables' records, each table's list given up once it is a tuple."""
    total, done = _done(tables), 0
    fields: dict[str, tuple[Any, ...]] = {}
    for stem, field_name in BUNDLE_FIELDS.items():
        records = tables[stem].records
        fields[field_name] = tuple(counted(records, progress, BUILDING, total, done))
        done += len(records)
        records.clear()
    return r.Bundle(**fields)
