"""What a load would do: the difference between the graph now and a bundle, table by table.

Pure: two bundles in, a ``Plan`` out. Rows are matched by what identifies them
(``loaders.canonical.KEY_COLUMNS``): a row of the bundle that matches none of the graph's is
*added*, one of the graph's the bundle lacks is *removed*, a matched pair that differs is
*changed*, with the columns that differ. Rows are compared as the graph holds them: list cells
as sets (a list is relationships, it has no order), the extra columns of the three link tables
not at all (docs/format.md: they are not stored on the relationship). Where several rows share
an identity (the same visit twice), equal rows pair first and the rest pair in order.

>>> from graph_model.records import Bundle, Domain
>>> now = Bundle(domains=(Domain("d-1", "Safety"), Domain("d-2", "Grid")))
>>> then = Bundle(domains=(Domain("d-1", "Safety first"), Domain("d-3", "Power")))
>>> table = plan(now, then).table("domains")
>>> [r["id"] for r in table.added], [r["id"] for r in table.removed]
(['d-3'], ['d-2'])
>>> [(c.key, c.columns) for c in table.changed]
[(('d-1',), ('name',))]
>>> [str(w) for w in plan(now, Bundle()).warnings]
['domains:0: -: the load removes every row of domains (2): the graph holds them and the bundle \
has none']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from graph_model.errors import Problem, Severity
from graph_model.records import Bundle
from loaders.canonical import KEY_COLUMNS, RowKey, record_key, sort_key
from loaders.json_writer import BUNDLE_FIELDS, record_row
from loaders.messages import problem
from loaders.schema import TABLES, parse_list

Row = dict[str, Any]

#: Whether a table has list columns, which compare as sets.
_LISTS: dict[str, bool] = {
    stem: any(c.parse is parse_list for c in columns) for stem, (_, columns) in TABLES.items()
}


@dataclass(frozen=True, slots=True)
class RowChange:
    """A row the load would change: its identity, the row now and in the bundle, and the
    columns that differ, in the table's order."""

    key: RowKey
    before: Row
    after: Row
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TablePlan:
    """What the load would do to one table; rows are ``record_row`` rows, by identity."""

    table: str
    added: tuple[Row, ...] = ()
    changed: tuple[RowChange, ...] = ()
    removed: tuple[Row, ...] = ()
    unchanged: int = 0

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "unchanged": self.unchanged,
        }


@dataclass(frozen=True, slots=True)
class Plan:
    """What loading a bundle would do, every table in the bundle format's order."""

    tables: tuple[TablePlan, ...]

    def table(self, stem: str) -> TablePlan:
        return next(t for t in self.tables if t.table == stem)

    @property
    def changes_anything(self) -> bool:
        return any(t.touched for t in self.tables)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """What the load does that is likely a mistake: emptying a table the graph has rows in
        (a bundle that lacks a file, or exported it empty)."""
        return tuple(
            problem(
                t.table,
                0,
                "-",
                "table_emptied",
                severity=Severity.WARNING,
                table=t.table,
                rows=f"{len(t.removed):,}",
            )
            for t in self.tables
            if t.removed and not (t.added or t.changed or t.unchanged)
        )

    def totals(self) -> dict[str, int]:
        """Rows added, changed, removed and unchanged over every table."""
        totals = dict.fromkeys(("added", "changed", "removed", "unchanged"), 0)
        for table in self.tables:
            for name, count in table.counts().items():
                totals[name] += count
        return totals

    def as_json(self) -> dict[str, Any]:
        """The plan as JSON values: totals, then per table its counts and rows."""
        return {
            "totals": self.totals(),
            "warnings": [str(w) for w in self.warnings],
            "tables": {
                t.table: {
                    **t.counts(),
                    "added_rows": list(t.added),
                    "changed_rows": [
                        {
                            "key": dict(zip(KEY_COLUMNS[t.table], c.key, strict=True)),
                            "columns": {
                                col: {"before": c.before.get(col), "after": c.after.get(col)}
                                for col in c.columns
                            },
                        }
                        for c in t.changed
                    ],
                    "removed_rows": list(t.removed),
                }
                for t in self.tables
            },
        }


def plan(now: Bundle, incoming: Bundle) -> Plan:
    """What replacing ``now`` with ``incoming`` adds, changes and removes (the module's rules)."""
    return Plan(
        tuple(
            table_plan(stem, getattr(now, field), getattr(incoming, field))
            for stem, field in BUNDLE_FIELDS.items()
        )
    )


def compared_row(stem: str, record: Any) -> Row:
    """A record as the plan compares it: lists as sorted sets, no extras on a link table."""
    row = record_row(stem, record)
    if TABLES[stem][0] is None:
        row = {c.name: row[c.name] for c in TABLES[stem][1]}
    return {k: sorted(set(v)) if isinstance(v, list) else v for k, v in row.items()}


def table_plan(stem: str, now: Iterable[Any], incoming: Iterable[Any]) -> TablePlan:
    """What replacing the records ``now`` of table ``stem`` with ``incoming`` does."""
    before = _by_key(stem, now)
    after = _by_key(stem, incoming)
    added: list[tuple[RowKey, Row]] = []
    changed: list[RowChange] = []
    removed: list[tuple[RowKey, Row]] = []
    unchanged = 0
    for key in before.keys() | after.keys():
        was, will = before.get(key, []), after.get(key, [])
        if len(was) == 1 and len(will) == 1 and _same(stem, was[0], will[0]):
            unchanged += 1  # the usual case, decided without building rows
            continue
        old, new = _unmatched(
            [compared_row(stem, r) for r in was], [compared_row(stem, r) for r in will]
        )
        unchanged += len(was) - len(old)
        for row, other in zip(old, new, strict=False):
            changed.append(RowChange(key, row, other, tuple(_differing(stem, row, other))))
        removed += [(key, row) for row in old[len(new) :]]
        added += [(key, row) for row in new[len(old) :]]
    return TablePlan(
        stem,
        _in_key_order(added),
        tuple(sorted(changed, key=lambda c: sort_key(c.key))),
        _in_key_order(removed),
        unchanged,
    )


def _same(stem: str, old: Any, new: Any) -> bool:
    """Whether two records of a key are the same row as the plan compares them: equal records
    with equal extras (not compared on a link table), or equal once lists are sets."""
    if old == new and (TABLES[stem][0] is None or old.extra == new.extra):
        return True
    return _LISTS[stem] and compared_row(stem, old) == compared_row(stem, new)


def _in_key_order(rows: list[tuple[RowKey, Row]]) -> tuple[Row, ...]:
    return tuple(row for _, row in sorted(rows, key=lambda item: sort_key(item[0])))


def _by_key(stem: str, records: Iterable[Any]) -> dict[RowKey, list[Any]]:
    identity = record_key(stem)
    grouped: dict[RowKey, list[Any]] = defaultdict(list)
    for record in records:
        grouped[identity(record)].append(record)
    return grouped


def _unmatched(old: list[Row], new: list[Row]) -> tuple[list[Row], list[Row]]:
    """The rows of each side left once equal rows are paired off."""
    if len(old) == 1 and len(new) == 1:  # the usual case: one row per identity
        return ([], []) if old == new else (old, new)
    left = list(new)
    kept_old = []
    for row in old:
        if row in left:
            left.remove(row)
        else:
            kept_old.append(row)
    return kept_old, left


def _differing(stem: str, before: Row, after: Row) -> Iterator[str]:
    """The columns whose values differ: the table's in its order, then extras by name."""
    contract = [c.name for c in TABLES[stem][1]]
    extras = sorted((before.keys() | after.keys()) - set(contract))
    for column in (*contract, *extras):
        if before.get(column) != after.get(column):
            yield column


__all__ = ["Plan", "Row", "RowChange", "TablePlan", "compared_row", "plan", "table_plan"]
