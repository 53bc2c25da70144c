"""The journal's lines (queries.embedded.journal): every command comes back as it went in, and a
line is whole only with its newline."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph_model.changes import (
    AppointSeat,
    Command,
    CreatePartyGroup,
    EndLiaisonPoint,
    EndSeat,
    MoveTeam,
    RecordVisit,
    SetUpLiaisonPoint,
)
from graph_model.kinds import LiaisonKind, SeatRole, VisitKind
from queries.embedded.journal import (
    Journal,
    Marker,
    command_from_json,
    command_json,
    marker_line,
)

COMMANDS: list[Command] = [
    SetUpLiaisonPoint("lp-1", "p-1", LiaisonKind.BRANCH, "br-1", date(2025, 1, 1)),
    EndLiaisonPoint("lp-1", date(2025, 2, 1)),
    RecordVisit("lp-1", date(2025, 1, 2), VisitKind.RESEARCH, "note ✓"),
    RecordVisit("lp-1", date(2025, 1, 3)),
    AppointSeat("p-1", "po-1", SeatRole.SECRETARY, None, date(2026, 1, 1)),
    EndSeat("p-1", "po-1", SeatRole.SECRETARY, date(2025, 6, 1), date(2020, 1, 1)),
    CreatePartyGroup("pg-1", "Group", "br-1", "t-1", None, ("p-1", "p-2")),
    MoveTeam("t-1", "u-2"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: type(c).__name__)
def test_a_command_comes_back_from_its_json(command: Command) -> None:
    assert command_from_json(command_json(command)) == command


def test_a_line_without_its_newline_is_torn_and_cut_off(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "changes.jsonl")
    journal.append(marker_line(1, "a") + marker_line(2, "b"))
    whole = journal.path.read_bytes()
    journal.path.write_bytes(whole[:-1])  # the last line lost its newline only

    assert [r for r in Journal(journal.path).read()] == [Marker(0, 1, "a")]
    assert journal.path.read_bytes() == marker_line(1, "a")
