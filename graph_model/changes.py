"""Changes to an organisation: the everyday writes, their outcome and the audit trail.

A *command* is one change a user asks for, a frozen value named after what it does. Both
backends check it against the same facts with the same pure code (``queries.changes.check``) and
either apply it whole, recording a ``ChangeRecord`` in the trail in the same step, or write
nothing and answer ``UserError``s::

    SetUpLiaisonPoint   a leader sets up a liaison point          (liaison_points.csv row)
    EndLiaisonPoint     a liaison point's last day                (its ``to``)
    RecordVisit         a leader visits a liaison point           (visits.csv row)
    AppointSeat         a person takes a seat in a party org      (party_roles.csv row)
    EndSeat             an open seat's last day                   (its ``to``)
    ChargeDomain        a leader is put in charge of a domain     (leader_domains.csv row)
    CreatePartyGroup    a party group built on a team             (party_groups.csv row)
    MoveTeam            a team now belongs to another unit        (its ``unit_id``)

A load of a whole bundle (``orgraph load``) is recorded in the same trail, as one entry of
command ``load`` whose ``after`` holds its counts (``LoadNote``).

Dates follow docs/domain.md "Time": a ``to`` (``end``, ``on``) is the last day something holds.
A record's ``before`` and ``after`` are rows of the bundle table the command writes, as plain
JSON values (docs/format.md column names, ISO dates): the whole row for what a command creates,
the row's identity and the changed columns for what it changes.

>>> SetUpLiaisonPoint("lp-9", "p-li", LiaisonKind.BRANCH, "br-ops").command_name
<CommandName.SET_UP_LIAISON_POINT: 'set_up_liaison_point'>
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any, ClassVar

from graph_model.elements import Node
from graph_model.kinds import LiaisonKind, SeatRole, VisitKind
from graph_model.records import Seat

JsonRow = dict[str, Any]


# -- commands ------------------------------------------------------------------------------------
class CommandName(StrEnum):
    """What a change did: the name of its command, as the trail records it."""

    SET_UP_LIAISON_POINT = "set_up_liaison_point"
    END_LIAISON_POINT = "end_liaison_point"
    RECORD_VISIT = "record_visit"
    APPOINT_SEAT = "appoint_seat"
    END_SEAT = "end_seat"
    CHARGE_DOMAIN = "charge_domain"
    CREATE_PARTY_GROUP = "create_party_group"
    MOVE_TEAM = "move_team"
    LOAD = "load"  # a whole bundle replaced the graph (``orgraph load``); not a command


@dataclass(frozen=True, slots=True)
class SetUpLiaisonPoint:
    """A leader sets up a liaison point at a unit or party org (party building) or a branch."""

    command_name: ClassVar[CommandName] = CommandName.SET_UP_LIAISON_POINT
    id: str
    leader_id: str
    kind: LiaisonKind
    target_id: str
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class EndLiaisonPoint:
    """A liaison point still open holds until ``on``, inclusive."""

    command_name: ClassVar[CommandName] = CommandName.END_LIAISON_POINT
    id: str
    on: date


@dataclass(frozen=True, slots=True)
class RecordVisit:
    """The liaison point's leader visited it on ``date``."""

    command_name: ClassVar[CommandName] = CommandName.RECORD_VISIT
    liaison_point_id: str
    date: date
    kind: VisitKind | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class AppointSeat:
    """A person takes a seat (a role) in a party org."""

    command_name: ClassVar[CommandName] = CommandName.APPOINT_SEAT
    person_id: str
    org_id: str
    role: SeatRole
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class EndSeat:
    """The open seat of a person in a party org in a role holds until ``on``, inclusive.
    ``start`` picks one when the person holds several open seats of that role there."""

    command_name: ClassVar[CommandName] = CommandName.END_SEAT
    person_id: str
    org_id: str
    role: SeatRole
    on: date
    start: date | None = None


@dataclass(frozen=True, slots=True)
class ChargeDomain:
    """A leader is in charge of a domain over a period (一岗双责)."""

    command_name: ClassVar[CommandName] = CommandName.CHARGE_DOMAIN
    person_id: str
    domain_id: str
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class CreatePartyGroup:
    """A party group of a branch, built on a team (党小组建在班上)."""

    command_name: ClassVar[CommandName] = CommandName.CREATE_PARTY_GROUP
    id: str
    name: str
    branch_id: str
    team_id: str
    leader_id: str | None = None
    member_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MoveTeam:
    """A team now belongs to another unit; its people, groups and project stay as they are."""

    command_name: ClassVar[CommandName] = CommandName.MOVE_TEAM
    team_id: str
    unit_id: str


Command = (
    SetUpLiaisonPoint
    | EndLiaisonPoint
    | RecordVisit
    | AppointSeat
    | EndSeat
    | ChargeDomain
    | CreatePartyGroup
    | MoveTeam
)
COMMANDS: tuple[type[Command], ...] = (
    SetUpLiaisonPoint,
    EndLiaisonPoint,
    RecordVisit,
    AppointSeat,
    EndSeat,
    ChargeDomain,
    CreatePartyGroup,
    MoveTeam,
)


# -- outcomes ------------------------------------------------------------------------------------
class ChangeErrorCode(StrEnum):
    """Why a command was refused."""

    REQUIRED = "required"  # a value the row needs is empty
    ID_TAKEN = "id_taken"  # ids are unique across the whole organisation
    NOT_FOUND = "not_found"  # a reference names nothing (or no open seat matches)
    WRONG_KIND = "wrong_kind"  # a reference names something of another kind
    BAD_PERIOD = "bad_period"  # an end precedes its start
    ALREADY_ENDED = "already_ended"  # ending what has an end already
    AMBIGUOUS = "ambiguous"  # several open seats match; ``start`` picks one
    UNCHANGED = "unchanged"  # the change would change nothing


@dataclass(frozen=True, slots=True)
class UserError:
    """A problem with a command, for the person who sent it: which field, what, and a code.
    ``field`` names the command's attribute; None means the command as a whole."""

    field: str | None
    message: str
    code: ChangeErrorCode


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """An entry of the audit trail: who changed what, when, and the rows before and after.

    ``id`` counts the store's changes from 1, so a higher id is a later change. ``entity_ids``
    are every entity the change concerns, ``entity_id`` (the one it is about) first.
    """

    id: int
    actor: str
    at: datetime  # UTC
    command: CommandName
    entity_id: str
    entity_ids: tuple[str, ...]
    before: JsonRow | None
    after: JsonRow | None


@dataclass(frozen=True, slots=True)
class ChangeOutcome:
    """What became of a command: a record when it was applied, else the errors."""

    record: ChangeRecord | None = None
    errors: tuple[UserError, ...] = ()

    @property
    def ok(self) -> bool:
        return self.record is not None


@dataclass(frozen=True, slots=True)
class LoadNote:
    """What the trail records of a load, handed to the backend that applies it: the backend
    numbers the entry (``ChangeRecord`` of command ``LOAD``) and writes it with the load.

    ``entity_ids`` name the organisation (its top units), ``before`` and ``after`` say what the
    load found and left (rows per table, and what it added, changed and removed). With
    ``last_change``, the load is refused (``GraphChanged``) unless the trail's newest entry is
    still that one (0: an empty trail): the graph has not changed since the load was planned.
    """

    actor: str
    at: datetime  # UTC
    entity_ids: tuple[str, ...]
    before: JsonRow | None
    after: JsonRow
    last_change: int | None = None


# -- what a command is checked against --------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Facts:
    """What the store holds that a command needs to be checked and recorded: both backends
    gather the same facts (``queries.changes.check.wanted``) from their own store.

    ``nodes``: each id the command names that exists, with its kind and properties.
    ``liaison``: for a command on an existing liaison point, its (leader, target) ids.
    ``seats``: for ``EndSeat``, the person's seats in that org.
    ``team_unit``: for ``MoveTeam``, the team's unit now.
    """

    nodes: Mapping[str, Node] = field(default_factory=dict)
    liaison: tuple[str | None, str | None] | None = None
    seats: tuple[Seat, ...] = ()
    team_unit: str | None = None


__all__ = [
    "COMMANDS",
    "AppointSeat",
    "ChangeErrorCode",
    "ChangeOutcome",
    "ChangeRecord",
    "ChargeDomain",
    "Command",
    "CommandName",
    "CreatePartyGroup",
    "EndLiaisonPoint",
    "EndSeat",
    "Facts",
    "LoadNote",
    "MoveTeam",
    "RecordVisit",
    "SetUpLiaisonPoint",
    "UserError",
]
