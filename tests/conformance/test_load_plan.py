"""A load planned and recorded, on both backends: the trail holds it as one change with its
counts, the changes made through the API since are found where the bundle would undo them, and
a load planned before a change is refused, writing nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from api.cli.plan import apply, prepare
from graph_model.changes import CommandName, MoveTeam
from graph_model.errors import GraphChanged
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders.canonical import canonical
from tests.support.change_cases import AT, org

Load = Callable[[Bundle], Backend]


def recorded(backend: Backend, bundle: Bundle, overwrite: bool = False) -> Backend:
    """``backend`` after loading ``bundle`` as ``orgraph load`` does, recorded in the trail."""
    apply(backend, prepare(backend, bundle), bundle, "test", overwrite)
    return backend


def moved(backend: Backend) -> int:
    outcome = backend.apply_change(MoveTeam("t-a", "u-b"), "li", AT)
    assert outcome.record is not None, outcome.errors
    return outcome.record.id


def test_a_load_is_one_entry_of_the_trail_with_its_counts(load: Load) -> None:
    backend = load(org().bundle())
    incoming = replace(org().bundle(), liaison_points=())

    prepared = prepare(backend, incoming)
    entry = apply(backend, prepared, incoming, "next.json", overwrite=False)

    _, newest = backend.change_trail(None, 0, 1)
    assert newest == (entry,)
    assert entry.command is CommandName.LOAD and entry.entity_ids == ("u-co",)
    assert entry.after is not None and entry.after["removed"] == {"liaison_points": 1}
    assert entry.after["source"] == "next.json"
    assert backend.snapshot() == canonical(incoming)
    assert backend.change_trail("u-co", 0, 1)[1] == (entry,)


def test_a_change_since_the_last_load_is_a_conflict_where_the_bundle_undoes_it(
    load: Load,
) -> None:
    backend = recorded(load(org().bundle()), org().bundle())
    change_id = moved(backend)

    undoing = prepare(backend, org().bundle())
    with_it = replace(
        org().bundle(), teams=tuple(replace(t, unit_id="u-b") for t in org().bundle().teams)
    )

    assert [(c.table, c.key, c.change.id) for c in undoing.conflicts] == [
        ("teams", ("t-a",), change_id)
    ]
    assert prepare(backend, with_it).conflicts == ()


def test_a_load_after_a_load_has_no_conflict_with_changes_before_it(load: Load) -> None:
    backend = recorded(load(org().bundle()), org().bundle())
    moved(backend)
    recorded(backend, org().bundle(), overwrite=True)  # the change overwritten on purpose

    assert prepare(backend, org().bundle()).conflicts == ()
    _, newest = backend.change_trail(None, 0, 1)
    assert newest[0].after is not None and newest[0].after["overwritten_changes"] != []


def test_a_load_planned_before_a_change_is_refused_and_writes_nothing(load: Load) -> None:
    backend = recorded(load(org().bundle()), org().bundle())
    incoming = replace(org().bundle(), liaison_points=())
    prepared = prepare(backend, incoming)
    change_id = moved(backend)
    before = backend.snapshot()

    with pytest.raises(GraphChanged, match="plan the load again"):
        apply(backend, prepared, incoming, "late.json", overwrite=False)

    assert backend.snapshot() == before
    assert [e.id for e in backend.change_trail(None, 0, 1)[1]] == [change_id]
