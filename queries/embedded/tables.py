"""The embedded backend's bundle as tables it can change row by row.

A change used to copy the whole bundle (``apply_to_bundle``) and a national organisation has
millions of rows; here a change appends a row or replaces the few rows it edits, found through
an index, so it costs what the change costs. ``bundle()`` gives the tables back as the frozen
``Bundle`` a snapshot or an export needs (a copy of each table: call it rarely).

The rows end up exactly as ``apply_to_bundle`` would leave them, in the same order, so a graph
built from ``bundle()`` is the graph the changes were applied to.

>>> from graph_model.changes import MoveTeam
>>> from graph_model.records import Team
>>> tables = Tables(Bundle(teams=(Team("t-a", "A", "u-a"),)))
>>> tables.apply(MoveTeam("t-a", "u-b"))
>>> tables.bundle().teams[0].unit_id
'u-b'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields, replace
from typing import Any

from graph_model.changes import Command, EndLiaisonPoint, EndSeat, MoveTeam
from graph_model.records import Bundle
from loaders.json_writer import BUNDLE_FIELDS
from queries.changes.check import SPECS, ends_seat, new_record


class Tables:
    """A bundle's tables as lists, with the positions of the rows a change may edit."""

    def __init__(self, bundle: Bundle) -> None:
        self._rows: dict[str, list[Any]] = {
            f.name: list(getattr(bundle, f.name)) for f in fields(Bundle)
        }
        self._point_at = {p.id: i for i, p in enumerate(self._rows["liaison_points"])}
        self._team_at = {t.id: i for i, t in enumerate(self._rows["teams"])}
        # A person may hold several seats in one org; EndSeat picks among them.
        self._seats_at: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
        for i, seat in enumerate(self._rows["seats"]):
            self._seats_at[seat.person_id, seat.org_id].append(i)

    def bundle(self) -> Bundle:
        """The tables now, as a frozen bundle."""
        return Bundle(**{name: tuple(rows) for name, rows in self._rows.items()})

    def apply(self, command: Command) -> None:
        """Apply ``command``, checked already, as ``apply_to_bundle`` would."""
        match command:
            case EndLiaisonPoint(id=point, on=on):
                self._edit("liaison_points", self._point_at[point], end=on)
            case EndSeat(person_id=person, org_id=org, on=on):
                seats = self._rows["seats"]
                for i in self._seats_at.get((person, org), ()):
                    if ends_seat(command, seats[i]):
                        self._edit("seats", i, end=on)
            case MoveTeam(team_id=team, unit_id=unit):
                self._edit("teams", self._team_at[team], unit_id=unit)
            case _:
                # a creating command: its row, in the table its spec names
                self._append(BUNDLE_FIELDS[SPECS[type(command)].stem], new_record(command))

    def _edit(self, table: str, at: int, **changes: Any) -> None:
        rows = self._rows[table]
        rows[at] = replace(rows[at], **changes)

    def _append(self, table: str, row: Any) -> None:
        rows = self._rows[table]
        rows.append(row)
        at = len(rows) - 1
        if table == "liaison_points":
            self._point_at[row.id] = at
        elif table == "seats":
            self._seats_at[row.person_id, row.org_id].append(at)


__all__ = ["Tables"]
