"""A load in the change trail, and the changes a load would overwrite: pure code both backends
and the command line run.

A load is recorded as one trail entry of command ``load`` (``load_record``), its ``after`` the
counts of its plan (``load_note``). The changes made through the API since the last load are the
trail's entries after the newest ``load`` entry (``since_last_load``); one of them *conflicts*
with a load when the row it wrote, still as it wrote it, is one the load's plan would change or
remove (``conflicts``): the load would silently undo it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph_model.changes import COMMANDS, ChangeRecord, CommandName, LoadNote
from graph_model.errors import GraphChanged
from graph_model.protocol import ChangeQuestions
from graph_model.records import Bundle
from loaders.canonical import RowKey, row_key
from loaders.json_writer import BUNDLE_FIELDS
from loaders.plan import Plan, Row
from queries.changes.check import SPECS

#: The table each command writes a row of.
TABLE_OF: dict[CommandName, str] = {cls.command_name: SPECS[cls].stem for cls in COMMANDS}
#: Trail entries read at a time while looking for the last load.
PAGE = 500


def load_record(note: LoadNote, seq: int) -> ChangeRecord:
    """The trail's entry for a load, as change ``seq``."""
    entity_ids = tuple(dict.fromkeys(note.entity_ids))
    return ChangeRecord(
        seq,
        note.actor,
        note.at,
        CommandName.LOAD,
        entity_ids[0] if entity_ids else "",
        entity_ids,
        note.before,
        note.after,
    )


def refuse_if_moved(note: LoadNote, last: int) -> None:
    """Raise ``GraphChanged`` when the trail's newest change, ``last``, is not the one the load
    was planned against."""
    if note.last_change is not None and last != note.last_change:
        raise GraphChanged(
            f"the graph changed since the load was planned (the trail's newest change is "
            f"{last}, not {note.last_change}); plan the load again"
        )


def load_note(
    now: Bundle,
    incoming: Bundle,
    planned: Plan,
    actor: str,
    at: datetime,
    last_change: int | None,
    source: str,
    overwritten: tuple[Conflict, ...] = (),
) -> LoadNote:
    """What the trail records of loading ``incoming`` (from ``source``) over ``now`` as
    ``planned``: the organisation's top units, the rows before and after, what was added,
    changed and removed per table (tables left alone are left out), and the changes it
    overwrote on purpose (``--overwrite-changes``)."""
    counts = {name: {t.table: t.counts()[name] for t in planned.tables} for name in _DONE}
    after: dict[str, Any] = {"source": source, "rows": _rows(incoming)}
    after.update({name: _nonzero(by_table) for name, by_table in counts.items()})
    if overwritten:
        after["overwritten_changes"] = sorted({c.change.id for c in overwritten})
    return LoadNote(
        actor=actor,
        at=at,
        entity_ids=tuple(u.id for u in incoming.units if u.parent_id is None),
        before={"rows": _rows(now)},
        after=after,
        last_change=last_change,
    )


_DONE = ("added", "changed", "removed")


def _rows(bundle: Bundle) -> dict[str, int]:
    """Rows per table, by the table's name (``party_roles``, not the field ``seats``)."""
    return _nonzero({stem: len(getattr(bundle, f)) for stem, f in BUNDLE_FIELDS.items()})


def _nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {table: n for table, n in counts.items() if n}


def latest(trail: ChangeQuestions) -> int:
    """The id of the trail's newest entry; 0 for an empty trail."""
    _, newest = trail.change_trail(None, 0, 1)
    return newest[0].id if newest else 0


def since_last_load(trail: ChangeQuestions) -> tuple[ChangeRecord, ...]:
    """The trail's entries after its newest load, oldest first (all of it when it has none)."""
    found: list[ChangeRecord] = []
    offset = 0
    while True:
        _, page = trail.change_trail(None, offset, PAGE)
        for entry in page:
            if entry.command is CommandName.LOAD:
                return tuple(reversed(found))
            found.append(entry)
        if len(page) < PAGE:
            return tuple(reversed(found))
        offset += PAGE


@dataclass(frozen=True, slots=True)
class Conflict:
    """A change made through the API that a load would undo: the table and row it wrote, the
    trail's entry, and the row the bundle has instead (None: the bundle removes it)."""

    table: str
    key: RowKey
    change: ChangeRecord
    bundle_row: Row | None

    def as_json(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "key": list(self.key),
            "change": {
                "id": self.change.id,
                "command": str(self.change.command),
                "actor": self.change.actor,
                "at": self.change.at.isoformat(),
                "before": self.change.before,
                "after": self.change.after,
            },
            "bundle": self.bundle_row,
        }


def conflicts(planned: Plan, changes: tuple[ChangeRecord, ...]) -> tuple[Conflict, ...]:
    """The ``changes`` whose row ``planned`` would change or remove while the graph still holds
    what the change wrote (a change overtaken since, by another or by a load the trail does not
    record, is nobody's to lose), in trail order."""
    written: dict[tuple[str, RowKey], list[ChangeRecord]] = defaultdict(list)
    for change in changes:
        stem = TABLE_OF.get(change.command)
        if stem is not None and change.after is not None:
            written[stem, row_key(stem, change.after)].append(change)
    found: list[Conflict] = []
    for table in planned.tables:
        undone: list[tuple[Row, Row | None]] = [(c.before, c.after) for c in table.changed]
        undone += [(row, None) for row in table.removed]
        for now, bundle_row in undone:
            key = row_key(table.table, now)
            for change in written.get((table.table, key), []):
                if _still_holds(now, change.after or {}):
                    found.append(Conflict(table.table, key, change, bundle_row))
    return tuple(sorted(found, key=lambda c: c.change.id))


def _still_holds(row: Row, written: Row) -> bool:
    """Whether ``row`` (as the plan compares rows) has every value a change ``written``."""
    return all(row.get(column) == _compared(value) for column, value in written.items())


def _compared(value: Any) -> Any:
    return sorted(set(value)) if isinstance(value, list) else value


__all__ = [
    "TABLE_OF",
    "Conflict",
    "conflicts",
    "latest",
    "load_note",
    "load_record",
    "refuse_if_moved",
    "since_last_load",
]
