"""The pure side of changes: they check as the loader checks, and their values round-trip."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from api.schema.change_fields import actor_of, input_field
from graph_model.changes import (
    AppointSeat,
    ChangeErrorCode,
    ChangeRecord,
    ChargeDomain,
    Command,
    CommandName,
    CreatePartyGroup,
    EndLiaisonPoint,
    EndSeat,
    MoveTeam,
    RecordVisit,
    SetUpLiaisonPoint,
)
from graph_model.errors import BundleError
from graph_model.kinds import LiaisonKind, SeatRole, VisitKind
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from loaders.json_writer import dumps
from queries.changes.check import (
    SPECS,
    apply_to_bundle,
    check,
    facts_from_graph,
    normalised,
    record_from_json,
    record_json,
    wanted,
)
from queries.embedded.store import build_graph
from tests.support.change_cases import DAY, REFUSED, org

E = ChangeErrorCode

#: What the loader checks too: a bundle with the command applied blindly must be refused by
#: the loader, on the same columns. (Not: a missing row to change, ending what has ended, an
#: ambiguous seat, a change that changes nothing.)
LOADER_CODES = {E.REQUIRED, E.ID_TAKEN, E.NOT_FOUND, E.WRONG_KIND, E.BAD_PERIOD}
LOADER_CASES = sorted(
    case
    for case, (command, errors) in REFUSED.items()
    if all(c in LOADER_CODES and f not in (None, SPECS[type(command)].subject) for f, c in errors)
    and not isinstance(command, (EndLiaisonPoint, EndSeat))
)
ACCEPTED: list[Command] = [
    SetUpLiaisonPoint("lp-b", "p-wu", LiaisonKind.BRANCH, "br-b", date(2025, 1, 1)),
    SetUpLiaisonPoint("lp-u", "p-li", LiaisonKind.PARTY_BUILDING, "u-b", None, DAY),
    RecordVisit("lp-a", DAY, VisitKind.DUAL_LIFE, "note"),
    AppointSeat("p-ma", "br-a", SeatRole.MEMBER, date(2024, 1, 1), date(2024, 1, 1)),
    ChargeDomain("p-wu", "d-build"),
    CreatePartyGroup("pg-a", "A", "br-a", "t-a", None, ("p-ma",)),
    MoveTeam("t-a", "u-b"),
]


def reloaded(bundle: Bundle, folder: Path) -> Bundle:
    """The bundle written as docs/format.md's JSON and read back by the loader."""
    file = folder / "bundle.json"
    file.write_bytes(dumps(bundle))
    return read_bundle(file).bundle


def checked(bundle: Bundle, command: Command) -> list[str | None]:
    command = normalised(command)
    return [e.field for e in check(command, facts_from_graph(build_graph(bundle), wanted(command)))]


@pytest.mark.parametrize("case", LOADER_CASES)
def test_what_a_change_refuses_the_loader_refuses_on_the_same_columns(
    case: str, tmp_path: Path
) -> None:
    bundle = org().bundle()
    command, errors = REFUSED[case]
    spec = SPECS[type(command)]
    expected = {spec.columns[f] for f, _ in errors if f is not None and f not in spec.required}

    with pytest.raises(BundleError) as refused:
        reloaded(apply_to_bundle(bundle, normalised(command)), tmp_path)

    assert {p.column for p in refused.value.problems} == expected


@pytest.mark.parametrize("command", ACCEPTED, ids=lambda c: c.command_name)
def test_what_a_change_accepts_the_loader_accepts_as_it_was_applied(
    command: Command, tmp_path: Path
) -> None:
    bundle = org().bundle()
    assert checked(bundle, command) == []
    changed = apply_to_bundle(bundle, normalised(command))
    assert reloaded(changed, tmp_path) == changed


def test_the_json_writer_round_trips_the_sample_extra_columns_included(tmp_path: Path) -> None:
    sample = read_bundle(SAMPLE_BUNDLE).bundle
    again = reloaded(sample, tmp_path)
    assert again == sample
    for table in Bundle.__dataclass_fields__:
        assert [r.extra for r in getattr(again, table)] == [r.extra for r in getattr(sample, table)]


def test_commands_are_trimmed_as_cells_are() -> None:
    command = CreatePartyGroup(
        " pg-a ", " A ", "br-a", "t-a", " ", (" p-ma", "", "p-ma ", "p-zhao")
    )
    assert normalised(command) == CreatePartyGroup(
        "pg-a", "A", "br-a", "t-a", None, ("p-ma", "p-zhao")
    )
    visit = normalised(RecordVisit("lp-a", DAY, VisitKind.RESEARCH, "   "))
    assert visit.note is None and visit.kind is VisitKind.RESEARCH
    kind = normalised(SetUpLiaisonPoint("x", "p", LiaisonKind.BRANCH, "t")).kind
    assert kind is LiaisonKind.BRANCH  # an enum is text too, and stays an enum


def test_a_trail_entry_round_trips_through_json() -> None:
    entry = ChangeRecord(
        7,
        "li",
        datetime(2025, 7, 1, 8, 0, 0, 1, tzinfo=UTC),
        CommandName.MOVE_TEAM,
        "t-a",
        ("t-a", "u-a", "u-b"),
        {"id": "t-a", "unit_id": "u-a"},
        {"id": "t-a", "unit_id": "u-b"},
    )
    assert record_from_json(json.loads(json.dumps(record_json(entry)))) == entry
    assert record_from_json(record_json(replace(entry, before=None))).before is None


def test_the_actor_is_the_contexts_actor_else_its_callers_subject_else_anonymous() -> None:
    caller = SimpleNamespace(subject="wang")
    assert actor_of(SimpleNamespace(actor="li", caller=caller)) == "li"
    assert actor_of(SimpleNamespace(caller=caller)) == "wang"
    assert actor_of(SimpleNamespace(caller=None)) == "anonymous"
    assert actor_of(object()) == "anonymous"


def test_errors_name_the_input_fields_the_api_shows() -> None:
    assert [input_field(f) for f in ("start", "end", "leader_id", "on", None)] == [
        "from",
        "to",
        "leaderId",
        "on",
        None,
    ]
