"""Everyday changes (``Mutation``) and the audit trail they leave (``Query.changes``).

Each mutation takes one input object and answers a ``ChangePayload``: ``ok`` with the trail's
entry, or the ``errors`` that refused it, each naming the input field at fault — an answer, not
a GraphQL error, and nothing is written. The checks are the loader's (``queries.changes.check``)::

    mutation {
      setUpLiaisonPoint(input: {id: "lp-new", leaderId: "p-0001", kind: BRANCH,
                                targetId: "br-b09-s1", from: "2025-01-01"}) {
        ok
        errors { field message code }
        change { id actor at command entityIds before after }
      }
    }

Who made a change is the request context's ``actor`` when it has one, else its ``caller``'s
``subject`` (api/auth.py), else ``anonymous``: authentication only has to set one of them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from api.schema.browse_paging import Fetch
from api.schema.browse_types import LiaisonKind, SeatRole, VisitKind
from api.schema.connections import Connection, StoredList, paged_field
from api.schema.context import Context, ask, requested_day
from api.schema.types import describe_enum
from graph_model import changes

Ctx = Info[Context, None]
ANONYMOUS = "anonymous"

ChangeCommand = changes.CommandName
describe_enum(
    ChangeCommand,
    "What a change did: the mutation that made it.",
    SET_UP_LIAISON_POINT="A leader set up a liaison point (`setUpLiaisonPoint`).",
    END_LIAISON_POINT="A liaison point was given its last day (`endLiaisonPoint`).",
    RECORD_VISIT="A leader's visit to a liaison point was recorded (`recordVisit`).",
    APPOINT_SEAT="A person took a seat in a party org (`appointSeat`).",
    END_SEAT="A seat was given its last day (`endSeat`).",
    CHARGE_DOMAIN="A leader was put in charge of a domain (`chargeDomain`).",
    CREATE_PARTY_GROUP="A party group was built on a team (`createPartyGroup`).",
    MOVE_TEAM="A team moved to another unit (`moveTeam`).",
    LOAD="A bundle replaced the whole organisation (`orgraph load`): the entity is its top "
    "unit, `before` and `after` hold the rows per table and what was added, changed and "
    "removed.",
)
UserErrorCode = changes.ChangeErrorCode
describe_enum(
    UserErrorCode,
    "Why a change was refused.",
    REQUIRED="A value the change needs is empty.",
    ID_TAKEN="The new id is already an entity's: ids are unique across the organisation.",
    NOT_FOUND="An id names nothing of the kind expected, or no open seat matches.",
    WRONG_KIND="An id names something of another kind (a unit where a branch is needed).",
    BAD_PERIOD="A last day precedes the first.",
    ALREADY_ENDED="What the change would end has ended already.",
    AMBIGUOUS="Several open seats match; give the `from` date of the one to end.",
    UNCHANGED="The change would change nothing.",
)

#: Command attributes named otherwise in the inputs (``from`` is a Python keyword).
_INPUT_NAMES = {"start": "from", "end": "to"}


def input_field(attribute: str | None) -> str | None:
    """The input field a command attribute comes from."""
    if attribute is None:
        return None
    return _INPUT_NAMES.get(attribute) or to_camel_case(attribute)


def actor_of(context: Any) -> str:
    """Who is asking, for the trail: ``context.actor``, else ``context.caller.subject``,
    else ``anonymous``."""
    actor = getattr(context, "actor", None)
    if actor is None:
        actor = getattr(getattr(context, "caller", None), "subject", None)
    return str(actor) if actor else ANONYMOUS


# -- answers -------------------------------------------------------------------------------------
@strawberry.type(description="A problem with a change's input: the change was not applied.")
class UserError:
    field: str | None = strawberry.field(
        description="The input field at fault, as the input names it; null for the input as a "
        "whole."
    )
    message: str = strawberry.field(description="What is wrong, in the loader's words.")
    code: UserErrorCode = strawberry.field(description="What is wrong, for programs.")

    @classmethod
    def of(cls, error: changes.UserError) -> UserError:
        return cls(field=input_field(error.field), message=error.message, code=error.code)


@strawberry.type(
    description="An entry of the audit trail: who changed what and when, with the row before "
    "and after."
)
class Change:
    id: strawberry.ID = strawberry.field(
        description="Counts the store's changes from 1: a higher id is a later change."
    )
    actor: str = strawberry.field(
        description="Who made it: the authenticated caller, else `anonymous`."
    )
    at: datetime = strawberry.field(description="When it was made, in UTC.")
    command: ChangeCommand = strawberry.field(description="What it did.")
    entity_id: strawberry.ID = strawberry.field(
        description="The entity it is about: the liaison point (also for a visit), the person "
        "(for a seat or a domain), the party group or the team."
    )
    entity_ids: list[strawberry.ID] = strawberry.field(
        description="Every entity it concerns, `entityId` first: a liaison point's leader and "
        "target, a seat's party org, a team's old and new unit, a group's branch, team and "
        "people."
    )
    before: JSON | None = strawberry.field(
        description="The row it changed, before: its identifying and changed columns, named as "
        "in the import bundle (FORMAT.md); null when it created the row."
    )
    after: JSON | None = strawberry.field(
        description="The row after: the whole row when it created one, else its identifying "
        "and changed columns."
    )

    @classmethod
    def of(cls, entry: changes.ChangeRecord) -> Change:
        return cls(
            id=strawberry.ID(str(entry.id)),
            actor=entry.actor,
            at=entry.at,
            command=entry.command,
            entity_id=strawberry.ID(entry.entity_id),
            entity_ids=[strawberry.ID(i) for i in entry.entity_ids],
            before=None if entry.before is None else JSON(entry.before),
            after=None if entry.after is None else JSON(entry.after),
        )


@strawberry.type(
    description="What became of a change: applied and recorded (`ok`, `change`), or refused "
    "with nothing written (`errors`)."
)
class ChangePayload:
    ok: bool = strawberry.field(description="The change was applied and recorded.")
    change: Change | None = strawberry.field(
        description="Its entry in the audit trail; null when it was refused."
    )
    errors: list[UserError] = strawberry.field(
        description="Why it was refused, in the order of the input's fields; empty when applied."
    )

    @classmethod
    def of(cls, outcome: changes.ChangeOutcome) -> ChangePayload:
        return cls(
            ok=outcome.ok,
            change=Change.of(outcome.record) if outcome.record else None,
            errors=[UserError.of(e) for e in outcome.errors],
        )


# -- inputs --------------------------------------------------------------------------------------
FROM = "Its first day; null: since always."
TO = "Its last day, inclusive; null: still valid."
ON = "The last day it holds, inclusive; default today in the organisation's time zone."


@strawberry.input(description="A liaison point to set up.")
class SetUpLiaisonPointInput:
    id: strawberry.ID = strawberry.field(
        description="The new liaison point's id, unique across the organisation."
    )
    leader_id: strawberry.ID = strawberry.field(description="The leader setting it up.")
    kind: LiaisonKind = strawberry.field(
        description="Party building (at a unit or party org) or branch (at a branch)."
    )
    target_id: strawberry.ID = strawberry.field(
        description="Where it is: a unit or party org; a branch for a branch liaison point."
    )
    start: date | None = strawberry.field(name="from", default=None, description=FROM)
    end: date | None = strawberry.field(name="to", default=None, description=TO)

    def command(self) -> changes.SetUpLiaisonPoint:
        return changes.SetUpLiaisonPoint(
            str(self.id), str(self.leader_id), self.kind, str(self.target_id), self.start, self.end
        )


@strawberry.input(description="A liaison point to end.")
class EndLiaisonPointInput:
    id: strawberry.ID = strawberry.field(description="The liaison point's id.")
    on: date | None = strawberry.field(default=None, description=ON)


@strawberry.input(description="A leader's visit to one of his or her liaison points.")
class RecordVisitInput:
    liaison_point_id: strawberry.ID = strawberry.field(description="The liaison point visited.")
    day: date | None = strawberry.field(
        name="date",
        default=None,
        description="The day of the visit; default today in the organisation's time zone.",
    )
    kind: VisitKind | None = strawberry.field(
        default=None, description="Research, guidance or dual organisational life."
    )
    note: str | None = strawberry.field(default=None, description="A note on the visit.")


@strawberry.input(description="A seat to appoint: a person's role in a party org.")
class AppointSeatInput:
    person_id: strawberry.ID = strawberry.field(description="The person appointed.")
    org_id: strawberry.ID = strawberry.field(description="The party org.")
    role: SeatRole = strawberry.field(description="The role: member, secretary and so on.")
    start: date | None = strawberry.field(name="from", default=None, description=FROM)
    end: date | None = strawberry.field(name="to", default=None, description=TO)

    def command(self) -> changes.AppointSeat:
        return changes.AppointSeat(
            str(self.person_id), str(self.org_id), self.role, self.start, self.end
        )


@strawberry.input(description="An open seat to end: a person's role in a party org.")
class EndSeatInput:
    person_id: strawberry.ID = strawberry.field(description="The person holding the seat.")
    org_id: strawberry.ID = strawberry.field(description="The party org.")
    role: SeatRole = strawberry.field(description="The seat's role.")
    on: date | None = strawberry.field(default=None, description=ON)
    start: date | None = strawberry.field(
        name="from",
        default=None,
        description="The seat's first day: needed only when the person holds several open "
        "seats of this role in the party org.",
    )


@strawberry.input(description="A domain to put a leader in charge of (一岗双责).")
class ChargeDomainInput:
    person_id: strawberry.ID = strawberry.field(description="The leader.")
    domain_id: strawberry.ID = strawberry.field(description="The domain.")
    start: date | None = strawberry.field(name="from", default=None, description=FROM)
    end: date | None = strawberry.field(name="to", default=None, description=TO)

    def command(self) -> changes.ChargeDomain:
        return changes.ChargeDomain(str(self.person_id), str(self.domain_id), self.start, self.end)


@strawberry.input(description="A party group to create, built on a team (党小组建在班上).")
class CreatePartyGroupInput:
    id: strawberry.ID = strawberry.field(
        description="The new group's id, unique across the organisation."
    )
    name: str = strawberry.field(description="The group's name.")
    branch_id: strawberry.ID = strawberry.field(description="The branch the group is in.")
    team_id: strawberry.ID = strawberry.field(description="The team it is built on.")
    leader_id: strawberry.ID | None = strawberry.field(
        default=None, description="The group's leader, if any."
    )
    member_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Its members, each listed once."
    )

    def command(self) -> changes.CreatePartyGroup:
        return changes.CreatePartyGroup(
            str(self.id),
            self.name,
            str(self.branch_id),
            str(self.team_id),
            str(self.leader_id) if self.leader_id is not None else None,
            tuple(str(m) for m in self.member_ids),
        )


@strawberry.input(description="A team to move to another unit.")
class MoveTeamInput:
    team_id: strawberry.ID = strawberry.field(description="The team.")
    unit_id: strawberry.ID = strawberry.field(
        description="The unit it belongs to from now on; its people, party group and project "
        "stay as they are."
    )


# -- the fields ----------------------------------------------------------------------------------
async def _apply(info: Ctx, command: changes.Command) -> ChangePayload:
    actor = actor_of(info.context)
    at = datetime.now(UTC)
    return ChangePayload.of(await info.context.change(command, actor, at))


def _described(description: str) -> Any:
    return strawberry.argument(description=description)


@strawberry.type(
    description="Everyday changes. Each is checked as the import checks a bundle: refused, it "
    "writes nothing and its payload says why; applied, it is recorded in the audit trail "
    "(`changes`) in the same step."
)
class Mutation:
    @strawberry.mutation(description="A leader sets up a liaison point.")
    async def set_up_liaison_point(
        self,
        info: Ctx,
        input: Annotated[SetUpLiaisonPointInput, _described("The liaison point.")],
    ) -> ChangePayload:
        return await _apply(info, input.command())

    @strawberry.mutation(description="A liaison point still open gets its last day.")
    async def end_liaison_point(
        self, info: Ctx, input: Annotated[EndLiaisonPointInput, _described("Which, and when.")]
    ) -> ChangePayload:
        day = requested_day(info, input.on)
        return await _apply(info, changes.EndLiaisonPoint(str(input.id), day))

    @strawberry.mutation(description="A leader visited one of his or her liaison points.")
    async def record_visit(
        self, info: Ctx, input: Annotated[RecordVisitInput, _described("The visit.")]
    ) -> ChangePayload:
        day = requested_day(info, input.day)
        command = changes.RecordVisit(str(input.liaison_point_id), day, input.kind, input.note)
        return await _apply(info, command)

    @strawberry.mutation(description="A person takes a seat in a party org.")
    async def appoint_seat(
        self, info: Ctx, input: Annotated[AppointSeatInput, _described("The seat.")]
    ) -> ChangePayload:
        return await _apply(info, input.command())

    @strawberry.mutation(description="An open seat gets its last day.")
    async def end_seat(
        self, info: Ctx, input: Annotated[EndSeatInput, _described("Which seat, and when.")]
    ) -> ChangePayload:
        day = requested_day(info, input.on)
        command = changes.EndSeat(
            str(input.person_id), str(input.org_id), input.role, day, input.start
        )
        return await _apply(info, command)

    @strawberry.mutation(description="A leader is put in charge of a domain.")
    async def charge_domain(
        self, info: Ctx, input: Annotated[ChargeDomainInput, _described("The charge.")]
    ) -> ChangePayload:
        return await _apply(info, input.command())

    @strawberry.mutation(description="A party group is created, built on a team.")
    async def create_party_group(
        self, info: Ctx, input: Annotated[CreatePartyGroupInput, _described("The group.")]
    ) -> ChangePayload:
        return await _apply(info, input.command())

    @strawberry.mutation(description="A team moves to another unit.")
    async def move_team(
        self, info: Ctx, input: Annotated[MoveTeamInput, _described("Which team, and where.")]
    ) -> ChangePayload:
        return await _apply(info, changes.MoveTeam(str(input.team_id), str(input.unit_id)))


@strawberry.type(description="The audit trail of changes.")
class ChangeQuery:
    @paged_field(
        Connection[Change],
        "The audit trail, newest first: every change, or those concerning one entity (a Relay "
        "cursor connection).",
    )
    async def changes(
        self,
        info: Ctx,
        entity_id: Annotated[
            strawberry.ID | None,
            _described("Only changes concerning this entity (any of their `entityIds`)."),
        ] = None,
    ) -> StoredList[Change]:
        backend = info.context.backend
        entity = str(entity_id) if entity_id is not None else None

        async def fetch(at: Fetch) -> tuple[int, tuple[changes.ChangeRecord, ...]]:
            return await ask(
                lambda: backend.change_trail(entity, at.offset, at.limit, at.descending)
            )

        return StoredList(fetch, Change.of)


__all__ = ["ChangeQuery", "Mutation", "actor_of", "input_field"]
