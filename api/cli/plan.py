"""``orgraph load``'s plan: what a load would add, change and remove, and the API changes it
would overwrite, shown before anything is written.

A load reads the backend's graph as a bundle (``Backend.snapshot``), compares it with the
incoming one (``loaders.plan``) and looks for *conflicts*: changes made through the API since the
last load whose rows the load would change or remove (``queries.changes.loads``). With
``--plan`` that is all it does. Otherwise a load with conflicts is refused unless
``--overwrite-changes`` is given, and an applied load is recorded in the change trail as one
entry with its counts — refused, writing nothing, if the graph changed after it was planned.

Exit codes: 0 done (or planned), 1 the bundle is invalid (``orgraph check``'s report), 2 the
backend does not answer, 3 refused: conflicts, or the graph changed meanwhile.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

import typer
from rich.console import Console
from rich.table import Table

from graph_model.changes import ChangeRecord
from graph_model.errors import BackendUnavailable, GraphChanged
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders.canonical import KEY_COLUMNS, RowKey, row_key
from loaders.plan import Plan, TablePlan, plan
from queries.changes.loads import Conflict, conflicts, latest, load_note, since_last_load

PlanFormat = Literal["table", "json"]
#: Rows of each kind shown per table in the readable plan; ``--format json`` lists them all.
SHOWN_ROWS = 20
#: Exit code of a load refused for conflicts or because the graph changed after its plan.
REFUSED = 3


@dataclass(frozen=True, slots=True)
class Prepared:
    """A planned load: the graph now, the plan, its conflicts and the trail's newest change."""

    now: Bundle
    planned: Plan
    conflicts: tuple[Conflict, ...]
    last_change: int


def prepare(backend: Backend, incoming: Bundle) -> Prepared:
    """Plan loading ``incoming`` into ``backend``; the trail is read before the graph, so a
    change in between makes the load refused rather than missed."""
    last = latest(backend)
    changes = since_last_load(backend)
    now = backend.snapshot()
    planned = plan(now, incoming)
    return Prepared(now, planned, conflicts(planned, changes), last)


def apply(
    backend: Backend,
    prepared: Prepared,
    incoming: Bundle,
    source: str,
    overwrite: bool,
    actor: str | None = None,
) -> ChangeRecord:
    """Load ``incoming`` as planned, recorded in the trail as done by ``actor`` (default: the
    command line's user); ``GraphChanged`` if the trail moved."""
    note = load_note(
        prepared.now,
        incoming,
        prepared.planned,
        actor=actor or _actor(),
        at=datetime.now(UTC),
        last_change=prepared.last_change,
        source=source,
        overwritten=prepared.conflicts if overwrite else (),
    )
    return backend.load_bundle(incoming, note)


def run(
    backend: Backend,
    incoming: Bundle,
    source: str,
    *,
    plan_only: bool,
    overwrite: bool,
    out: Console,
    err: Console,
    output_format: PlanFormat,
    loaded_line: str,
) -> None:
    """Plan, show and (unless ``plan_only``) apply a load; exit as the module says."""
    try:
        prepared = prepare(backend, incoming)
        refused = bool(prepared.conflicts) and not overwrite and not plan_only
        applied = None
        if not plan_only and not refused:
            applied = apply(backend, prepared, incoming, source, overwrite)
    except GraphChanged as exc:
        err.print(f"error: {exc}; nothing was written", markup=False)
        raise typer.Exit(REFUSED) from None
    except BackendUnavailable as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    for warning in prepared.planned.warnings:
        err.print(f"warning: {warning}", markup=False)
    if output_format == "json":
        # Written as it is: a first load's plan lists every row, too much for rich to style.
        out.file.write(json.dumps(document(prepared, applied), ensure_ascii=False, indent=1))
        out.file.write("\n")
    else:
        if applied is not None:
            out.print(f"{loaded_line}; recorded as change {applied.id}", markup=False)
        show(out, prepared)
    if refused:
        err.print(
            f"refused: the load would overwrite {len(prepared.conflicts)} change(s) made through "
            "the API since the last load (listed above); nothing was written. Put them into the "
            "bundle, or load anyway with --overwrite-changes",
            markup=False,
        )
        raise typer.Exit(REFUSED)


# -- showing the plan ----------------------------------------------------------------------------
def document(prepared: Prepared, applied: ChangeRecord | None) -> dict[str, Any]:
    """The plan, its conflicts and the load's trail entry (if applied) as one JSON document."""
    return {
        "applied": applied is not None,
        "change_id": applied.id if applied is not None else None,
        "plan": prepared.planned.as_json(),
        "conflicts": [c.as_json() for c in prepared.conflicts],
    }


def show(console: Console, prepared: Prepared) -> None:
    """The plan as a table of counts, then the rows of each table it touches, then the
    conflicts."""
    planned = prepared.planned
    summary = Table(title="What the load does", title_justify="left")
    for name in ("table", "added", "changed", "removed", "unchanged"):
        summary.add_column(name, justify="left" if name == "table" else "right")
    for table in planned.tables:
        summary.add_row(table.table, *(f"{n:,}" for n in table.counts().values()))
    summary.add_row("total", *(f"{n:,}" for n in planned.totals().values()), style="bold")
    console.print(summary)
    if not planned.changes_anything:
        console.print("nothing to change: the graph already holds this bundle", markup=False)
    if not any(prepared.now.counts().values()):
        return  # a first load adds every row: the counts say it all
    for table in planned.tables:
        if table.touched:
            _show_rows(console, table)
    if prepared.conflicts:
        _show_conflicts(console, prepared.conflicts)


def _show_rows(console: Console, table: TablePlan) -> None:
    lines = [f"+ {_key_text(table.table, row_key(table.table, row))}" for row in table.added]
    for change in table.changed:
        columns = ", ".join(
            f"{c}: {_value(change.before.get(c))} → {_value(change.after.get(c))}"
            for c in change.columns
        )
        lines.append(f"~ {_key_text(table.table, change.key)}: {columns}")
    lines += [f"- {_key_text(table.table, row_key(table.table, row))}" for row in table.removed]
    console.print(f"{table.table}:", markup=False, style="bold")
    for line in _first(lines, SHOWN_ROWS):
        console.print(f"  {line}", markup=False)


def _first(lines: list[str], shown: int) -> Iterable[str]:
    yield from lines[:shown]
    if len(lines) > shown:
        yield f"… and {len(lines) - shown:,} more (--format json lists every row)"


def _show_conflicts(console: Console, found: tuple[Conflict, ...]) -> None:
    """Each conflict as a few lines (a table would wrap out of reading in a narrow terminal)."""
    console.print(
        "Changes made through the API since the last load that the load would undo:",
        markup=False,
        style="bold",
    )
    for conflict in found:
        change = conflict.change
        written = change.after or {}
        bundle = conflict.bundle_row
        console.print(
            f"  #{change.id} {change.command} by {change.actor} at {change.at:%Y-%m-%d %H:%M} "
            f"UTC: {conflict.table} {_key_text(conflict.table, conflict.key)}",
            markup=False,
        )
        console.print(f"    the change wrote: {_columns(written, written)}", markup=False)
        says = "removes the row" if bundle is None else _columns(bundle, written)
        console.print(f"    the bundle says:  {says}", markup=False)


def _columns(row: Mapping[str, Any], shown: Iterable[str]) -> str:
    return ", ".join(f"{c}: {_value(row.get(c))}" for c in shown)


def _key_text(table: str, key: RowKey) -> str:
    """A row's identity: its id, or its identifying columns named."""
    columns = KEY_COLUMNS[table]
    if columns == ("id",):
        return str(key[0])
    return ", ".join(f"{c}={_value(v)}" for c, v in zip(columns, key, strict=True))


def _value(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, list):
        return ";".join(map(str, value))
    return str(value)


def _actor() -> str:
    """Who loads, for the trail: the command line's user."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name to be found (a container without one)
        return "cli"


__all__ = ["REFUSED", "PlanFormat", "Prepared", "apply", "document", "prepare", "run", "show"]
