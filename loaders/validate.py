"""Validate a raw bundle and build typed records: pure, no I/O (functional core).

Every problem is collected before deciding, so a user fixes a bundle in one pass; any error
rejects the bundle whole (``BundleError``), warnings travel beside the records.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graph_model import records as r
from graph_model.errors import BundleError, Problem, Severity
from graph_model.kinds import LiaisonKind, NodeKind, OrgKind
from graph_model.progress import Progress
from loaders.messages import problem
from loaders.progress import counted
from loaders.raw import RawBundle, RawTable
from loaders.schema import DATE_PERIODS, MAX_TREE_DEPTH, TABLES, CellValueError, Column

WARNING = Severity.WARNING
#: The steps ``progress`` hears, in order.
PARSING, CHECKING, BUILDING = "validating rows", "checking references", "building records"
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


@dataclass(slots=True)
class Row:
    """A parsed row: values by contract column, extra columns as text, and where it was."""

    source: str
    number: int
    values: dict[str, Any]
    extra: dict[str, str]


@dataclass(slots=True)
class ValidatedBundle:
    bundle: r.Bundle
    warnings: list[Problem] = field(default_factory=list)


class _Checker:
    """Collects problems, each by its code (loaders/messages.py), located at the cell of a
    workbook's sheet when the table has column letters."""

    def __init__(self, tables: dict[str, RawTable]) -> None:
        self.problems: list[Problem] = []
        self._letters = {t.source: t.letters for t in tables.values() if t.letters is not None}

    def error(self, row: Row, column: str, code: str, **params: object) -> None:
        self._add(row, column, code, Severity.ERROR, params)

    def warn(self, row: Row, column: str, code: str, **params: object) -> None:
        self._add(row, column, code, Severity.WARNING, params)

    def where(self, row: Row, column: str) -> str:
        """Where a row's cell is, as a problem says it: ``file:row`` or ``sheet!cell``."""
        cell = self._cell(row, column)
        return f"{row.source}:{row.number}" if cell is None else f"{row.source}!{cell}"

    def _cell(self, row: Row, column: str) -> str | None:
        letters = self._letters.get(row.source)
        # A column the sheet lacks (a required one missing) is reported at the header's start.
        return None if letters is None else f"{letters.get(column, 'A')}{row.number}"

    def _add(
        self, row: Row, column: str, code: str, severity: Severity, params: dict[str, object]
    ) -> None:
        cell = self._cell(row, column)
        self.problems.append(
            problem(row.source, row.number, column, code, severity=severity, cell=cell, **params)
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def validate_bundle(raw: RawBundle, progress: Progress | None = None) -> ValidatedBundle:
    """Check every rule of docs/format.md; return records and warnings or raise ``BundleError``.
    ``progress`` hears of the steps ``validating rows``, ``checking references`` (between
    rows: not counted) and ``building records``."""
    check = _Checker(raw.tables)
    for name in raw.ignored:
        check.problems.append(problem(name, 0, "-", "table_ignored", severity=WARNING))
    check.problems.extend(raw.notes)
    total = sum(len(table.rows) for table in raw.tables.values())
    rows: dict[str, list[Row]] = {}
    for stem, table in raw.tables.items():
        parsed = counted(_parse_table(stem, table, check), progress, PARSING, total, _done(rows))
        rows[stem] = list(parsed)
    if progress is not None:
        progress(CHECKING, 0, None)
    for stem in TABLES:
        rows.setdefault(stem, [])
    kinds = _collect_ids(rows, check)
    _check_references(rows, kinds, check)
    _check_periods(rows, check)
    _check_targets(rows, kinds, check)
    for stem in ("units", "party_orgs"):
        _check_tree(rows[stem], check)
    _check_group_members(rows, check)
    if check.errors:
        raise BundleError(check.errors)
    return ValidatedBundle(_build(rows, progress), check.warnings)


def _done(rows: dict[str, list[Row]]) -> int:
    return sum(map(len, rows.values()))


def _parse_table(stem: str, table: RawTable, check: _Checker) -> Iterator[Row]:
    _, columns = TABLES[stem]
    known = {c.name for c in columns}
    header_row = Row(table.source, table.header_row, {}, {})
    for column in columns:
        if column.required and column.name not in table.columns:
            check.error(header_row, column.name, "column_missing")
    for number, cells in table.rows:
        row = Row(
            table.source, number, {}, {k: v for k, v in cells.items() if k not in known and v}
        )
        for column in columns:
            row.values[column.name] = _parse_cell(column, cells.get(column.name, ""), row, check)
        yield row


def _parse_cell(column: Column, cell: str, row: Row, check: _Checker) -> Any:
    if not cell:
        if column.required:
            check.error(row, column.name, "value_missing")
        return None
    try:
        return column.parse(cell)
    except CellValueError as exc:
        check.error(row, column.name, exc.code, **exc.params)
        return None
    except ValueError as exc:  # a parser's own refusal, said as it is
        check.error(row, column.name, "bad_value", reason=exc)
        return None


def _collect_ids(rows: dict[str, list[Row]], check: _Checker) -> dict[str, NodeKind]:
    """Ids are unique across the whole bundle; map each to the kind of row that defines it."""
    kinds: dict[str, NodeKind] = {}
    first_seen: dict[str, Row] = {}
    for stem, (kind, _) in TABLES.items():
        if kind is None:
            continue
        for row in rows[stem]:
            entity_id = row.values["id"]
            if entity_id is None:
                continue
            if entity_id in first_seen:
                seen = first_seen[entity_id]
                check.error(
                    row,
                    "id",
                    "id_repeats",
                    id=repr(entity_id),
                    first=check.where(seen, "id"),
                )
                continue
            first_seen[entity_id] = row
            kinds[entity_id] = kind
    return kinds


def _check_references(
    rows: dict[str, list[Row]], kinds: dict[str, NodeKind], check: _Checker
) -> None:
    for stem, (_, columns) in TABLES.items():
        for column in (c for c in columns if c.refers_to):
            expected = " or ".join(sorted(KIND_WORDS[k] for k in column.refers_to))
            for row in rows[stem]:
                value = row.values[column.name]
                for ref in value if isinstance(value, tuple) else (value,):
                    if ref is None:
                        continue
                    found = kinds.get(ref)
                    if found is None:
                        check.error(
                            row, column.name, "reference_missing", ref=repr(ref), expected=expected
                        )
                    elif found not in column.refers_to:
                        check.error(
                            row,
                            column.name,
                            "reference_wrong_kind",
                            ref=repr(ref),
                            found=KIND_WORDS[found],
                            expected=expected,
                        )


def _check_periods(rows: dict[str, list[Row]], check: _Checker) -> None:
    for stem, (start, end) in DATE_PERIODS.items():
        for row in rows[stem]:
            first, last = row.values[start], row.values[end]
            if first is not None and last is not None and last < first:
                check.error(row, end, "period_reversed", end=last, start_column=start, start=first)


def _check_targets(rows: dict[str, list[Row]], kinds: dict[str, NodeKind], check: _Checker) -> None:
    """Checks that need the kind of a party org, not only that it is one."""
    org_kind = {row.values["id"]: row.values["kind"] for row in rows["party_orgs"]}
    for row in rows["party_groups"]:
        branch = row.values["branch_id"]
        if branch in org_kind and org_kind[branch] is not OrgKind.BRANCH:
            check.error(
                row, "branch_id", "not_a_branch", ref=repr(branch), found=org_kind[branch].value
            )
    for row in rows["liaison_points"]:
        target = row.values["target_id"]
        if row.values["kind"] is LiaisonKind.BRANCH and target in kinds:
            found = org_kind[target].value if target in org_kind else KIND_WORDS[kinds[target]]
            if org_kind.get(target) is not OrgKind.BRANCH:
                check.error(
                    row, "target_id", "liaison_not_at_branch", ref=repr(target), found=found
                )
    for row in rows["party_orgs"]:
        if row.values["branch_kind"] is not None and row.values["kind"] is not OrgKind.BRANCH:
            check.warn(row, "branch_kind", "branch_kind_ignored")


def _check_tree(rows: list[Row], check: _Checker) -> None:
    """``parent_id`` chains end at a root, with no cycle, within ``MAX_TREE_DEPTH`` steps."""
    parent = {row.values["id"]: row.values["parent_id"] for row in rows}
    depth: dict[str, int] = {}
    for row in rows:
        start = row.values["id"]
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in depth:
            if node in path:
                cycle = " -> ".join([*path[path.index(node) :], node])
                check.error(row, "parent_id", "tree_cycle", cycle=cycle)
                break
            path.append(node)
            node = parent.get(node)
        else:
            base = depth[node] if node is not None else -1
            for offset, step in enumerate(reversed(path), start=1):
                depth[step] = base + offset
            if depth.get(start, 0) > MAX_TREE_DEPTH:
                check.error(
                    row, "parent_id", "tree_too_deep", depth=depth[start], limit=MAX_TREE_DEPTH
                )
            continue
        for step in path:
            depth.setdefault(step, 0)  # stop walking a reported cycle again


def _check_group_members(rows: dict[str, list[Row]], check: _Checker) -> None:
    """A group member seated in other branches but not the group's: a warning, not an error.
    Seats on committees do not count: leaders join groups for dual organisational life."""
    branches = {row.values["id"] for row in rows["party_orgs"] if row.values["kind"] is BRANCH}
    seats: dict[str, set[str]] = {}
    for row in rows["party_roles"]:
        if row.values["org_id"] in branches:
            seats.setdefault(row.values["person_id"], set()).add(row.values["org_id"])
    for row in rows["party_groups"]:
        for member in row.values["member_ids"] or ():
            elsewhere = seats.get(member, set())
            if elsewhere and row.values["branch_id"] not in elsewhere:
                check.warn(
                    row,
                    "member_ids",
                    "member_elsewhere",
                    member=repr(member),
                    elsewhere=", ".join(sorted(elsewhere)),
                )


def _build(rows: dict[str, list[Row]], progress: Progress | None = None) -> r.Bundle:
    total, done = _done(rows), 0

    def make(cls: Any, stem: str, renames: dict[str, str] | None = None) -> tuple[Any, ...]:
        nonlocal done
        renames = renames or {}
        built = []
        for row in counted(rows[stem], progress, BUILDING, total, done):
            fields = {renames.get(k, k): v for k, v in row.values.items() if v is not None}
            built.append(cls(**fields, extra=row.extra))
        done += len(built)
        return tuple(built)

    period = {"from": "start", "to": "end"}
    return r.Bundle(
        domains=make(r.Domain, "domains"),
        units=make(r.Unit, "units"),
        people=make(r.Person, "people"),
        party_orgs=make(r.PartyOrg, "party_orgs"),
        seats=make(r.Seat, "party_roles", period),
        domain_charges=make(r.DomainCharge, "leader_domains", period),
        teams=make(r.Team, "teams"),
        party_groups=make(r.PartyGroup, "party_groups"),
        projects=make(r.Project, "projects"),
        liaison_points=make(r.LiaisonPoint, "liaison_points", period),
        visits=make(r.Visit, "visits"),
    )
