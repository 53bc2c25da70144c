"""Changes decided purely: what a command needs to know, whether it may run, what it does.

Both backends run a command the same way, each in one atomic step of its own store::

    command = normalised(command)         text trimmed as the loader trims cells
    facts   = <the store's answer to wanted(command)>
    errors  = check(command, facts)       nothing is written when there are any
    entry   = record(command, facts, …)   the audit trail's entry: before and after
    <apply: apply_to_bundle (embedded) or graph_additions + a few updates (Neo4j)>

``check`` applies the loader's rules (docs/format.md, ``loaders.validate``) to the row a command
writes, from the loader's own table definitions (``loaders.schema.TABLES``) and in its words:
required values, ids unique across the organisation, references naming a row of the right
kind, a branch liaison point or a party group's branch being a branch, a ``to`` not before its
``from``. A command that changes a row adds what only a change can get wrong: ending what has
ended, a seat that is not there or not one, moving a team where it is.

>>> facts = Facts(nodes={"p-li": Node("p-li", NodeKind.PERSON, {})})
>>> [e.message for e in check(ChargeDomain("p-li", "d-x"), facts)]
["'d-x' names no domain"]
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

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
    Facts,
    JsonRow,
    MoveTeam,
    RecordVisit,
    SetUpLiaisonPoint,
    UserError,
)
from graph_model.elements import Node, Rel, graph_nodes, graph_rels
from graph_model.kinds import LiaisonKind, NodeKind, OrgKind, RelType, SeatRole
from graph_model.records import (
    Bundle,
    DomainCharge,
    LiaisonPoint,
    PartyGroup,
    Seat,
    Visit,
)
from loaders.json_writer import json_value, record_row
from loaders.schema import DATE_PERIODS, TABLES, Column
from loaders.validate import KIND_WORDS
from queries.embedded.orggraph import OrgGraph

Code = ChangeErrorCode


@dataclass(frozen=True, slots=True)
class Spec:
    """How a command maps onto a bundle table: the row it writes or changes."""

    stem: str  # the table
    columns: Mapping[str, str]  # command attribute -> table column
    subject: str | None = None  # the attribute naming the existing row it changes
    new_id: str | None = None  # the attribute naming the id it creates
    required: frozenset[str] = frozenset()  # attributes required beyond the table's columns


_PERIOD = {"start": "from", "end": "to"}
SPECS: dict[type[Any], Spec] = {
    SetUpLiaisonPoint: Spec(
        "liaison_points",
        {"id": "id", "leader_id": "leader_id", "kind": "kind", "target_id": "target_id", **_PERIOD},
        new_id="id",
    ),
    EndLiaisonPoint: Spec("liaison_points", {"id": "id", "on": "to"}, subject="id"),
    RecordVisit: Spec(
        "visits",
        {"liaison_point_id": "liaison_point_id", "date": "date", "kind": "kind", "note": "note"},
    ),
    AppointSeat: Spec(
        "party_roles", {"person_id": "person_id", "org_id": "org_id", "role": "role", **_PERIOD}
    ),
    EndSeat: Spec(
        "party_roles",
        {"person_id": "person_id", "org_id": "org_id", "role": "role", "start": "from", "on": "to"},
    ),
    ChargeDomain: Spec(
        "leader_domains", {"person_id": "person_id", "domain_id": "domain_id", **_PERIOD}
    ),
    CreatePartyGroup: Spec(
        "party_groups",
        {
            "id": "id",
            "name": "name",
            "branch_id": "branch_id",
            "team_id": "team_id",
            "leader_id": "leader_id",
            "member_ids": "member_ids",
        },
        new_id="id",
        required=frozenset({"team_id"}),
    ),
    MoveTeam: Spec("teams", {"team_id": "id", "unit_id": "unit_id"}, subject="team_id"),
}


def _column(spec: Spec, attribute: str) -> Column:
    _, columns = TABLES[spec.stem]
    return next(c for c in columns if c.name == spec.columns[attribute])


def _required(spec: Spec, attribute: str) -> bool:
    return _column(spec, attribute).required or attribute in spec.required


# -- normalising and asking ------------------------------------------------------------------
def normalised(command: Command) -> Command:
    """Text trimmed as the loader trims cells; an empty optional text is no value; member ids
    listed once each, in the order given."""
    spec = SPECS[type(command)]
    changes: dict[str, Any] = {}
    for f in fields(command):
        value = getattr(command, f.name)
        if isinstance(value, str) and not isinstance(value, Enum):
            value = value.strip()
            if not value and not _required(spec, f.name):
                value = None
        elif isinstance(value, tuple):
            value = tuple(dict.fromkeys(v.strip() for v in value if v.strip()))
        changes[f.name] = value
    return replace(command, **changes)


@dataclass(frozen=True, slots=True)
class Wanted:
    """What to gather into ``Facts`` for a command (see there)."""

    ids: tuple[str, ...]
    liaison_point: str | None = None
    seats_of: tuple[str, str] | None = None  # (person, org)
    team: str | None = None


def wanted(command: Command) -> Wanted:
    """The facts a command is checked against: the nodes it names, and more for some."""
    spec = SPECS[type(command)]
    ids: list[str] = []
    for attribute, column in spec.columns.items():
        if column == "id" or _column(spec, attribute).refers_to:
            value = getattr(command, attribute)
            ids += [v for v in (value if isinstance(value, tuple) else (value,)) if v]
    found = tuple(dict.fromkeys(ids))
    match command:
        case EndLiaisonPoint(id=lp) | RecordVisit(liaison_point_id=lp):
            return Wanted(found, liaison_point=lp)
        case EndSeat(person_id=person, org_id=org):
            return Wanted(found, seats_of=(person, org))
        case MoveTeam(team_id=team):
            return Wanted(found, team=team)
    return Wanted(found)


def facts_from_graph(graph: OrgGraph, want: Wanted) -> Facts:
    """The facts an embedded graph holds (Neo4j gathers the same with one query each)."""
    nodes = {i: Node(i, kind, graph.props(i)) for i in want.ids if (kind := graph.kind(i))}
    liaison = None
    if want.liaison_point and graph.kind(want.liaison_point) is NodeKind.LIAISON_POINT:
        leaders = graph.into(want.liaison_point, RelType.ESTABLISHED)
        target = graph.one_out(want.liaison_point, RelType.AT)
        liaison = (leaders[0][0] if leaders else None, target)
    seats: tuple[Seat, ...] = ()
    if want.seats_of:
        person, org = want.seats_of
        seats = tuple(
            seat_of(person, org, props)
            for end, props in graph.out(person, RelType.HOLDS)
            if end == org
        )
    team_unit = None
    if want.team and graph.kind(want.team) is NodeKind.TEAM:
        team_unit = graph.one_out(want.team, RelType.BELONGS_TO)
    return Facts(nodes, liaison, seats, team_unit)


def seat_of(person: str, org: str, props: Mapping[str, Any]) -> Seat:
    """A ``HOLDS`` relationship's properties as a seat."""
    return Seat(person, org, SeatRole(props["role"]), props.get("from"), props.get("to"))


def ends_seat(command: EndSeat, seat: Seat) -> bool:
    """Whether ``command`` ends ``seat``: an open seat of that person, org and role (and
    ``start``, when given)."""
    return (
        seat.person_id == command.person_id
        and seat.org_id == command.org_id
        and seat.role is command.role
        and seat.end is None
        and (command.start is None or seat.start == command.start)
    )


# -- checking ----------------------------------------------------------------------------------
def check(command: Command, facts: Facts) -> tuple[UserError, ...]:
    """Every problem with ``command`` against ``facts``, in the order of its attributes (the
    command as a whole last); none means it may run. ``command`` is ``normalised`` already."""
    spec = SPECS[type(command)]
    errors: list[UserError] = []
    for attribute in spec.columns:
        value = getattr(command, attribute)
        if value is None or value == "":
            if _required(spec, attribute):
                errors.append(UserError(attribute, "required value is missing", Code.REQUIRED))
        elif attribute == spec.new_id:
            if value in facts.nodes:
                taken = KIND_WORDS[facts.nodes[value].kind]
                errors.append(
                    UserError(attribute, f"id {value!r} is taken by a {taken}", Code.ID_TAKEN)
                )
        elif attribute == spec.subject:
            kind = TABLES[spec.stem][0]
            assert kind is not None
            errors += _reference(attribute, value, frozenset({kind}), facts)
        elif refers_to := _column(spec, attribute).refers_to:
            for ref in value if isinstance(value, tuple) else (value,):
                errors += _reference(attribute, ref, refers_to, facts)
    errors += _periods(spec, command)
    errors += _rules(command, facts, failed={e.field for e in errors})
    order = {attribute: rank for rank, attribute in enumerate(spec.columns)}
    return tuple(sorted(errors, key=lambda e: order.get(e.field or "", len(order))))


def _reference(
    attribute: str, ref: str, kinds: frozenset[NodeKind], facts: Facts
) -> list[UserError]:
    expected = " or ".join(sorted(KIND_WORDS[k] for k in kinds))
    node = facts.nodes.get(ref)
    if node is None:
        return [UserError(attribute, f"{ref!r} names no {expected}", Code.NOT_FOUND)]
    if node.kind not in kinds:
        found = KIND_WORDS[node.kind]
        return [
            UserError(attribute, f"{ref!r} is a {found}, expected a {expected}", Code.WRONG_KIND)
        ]
    return []


def _periods(spec: Spec, command: Command) -> list[UserError]:
    """A ``to`` given with its ``from`` may not precede it (the seat's own ``from`` is checked
    with the seat)."""
    if spec.stem not in DATE_PERIODS or isinstance(command, EndSeat):
        return []
    start_column, end_column = DATE_PERIODS[spec.stem]
    by_column = {column: attribute for attribute, column in spec.columns.items()}
    if start_column not in by_column or end_column not in by_column:
        return []
    first = getattr(command, by_column[start_column])
    last = getattr(command, by_column[end_column])
    if first is not None and last is not None and last < first:
        message = f"{last} precedes {start_column} {first}"
        return [UserError(by_column[end_column], message, Code.BAD_PERIOD)]
    return []


def _rules(command: Command, facts: Facts, failed: set[str | None]) -> list[UserError]:
    """The checks that need more than a reference's kind."""
    nodes = facts.nodes
    match command:
        case SetUpLiaisonPoint(kind=LiaisonKind.BRANCH, target_id=target) if target in nodes:
            found = _kind_word(nodes[target])
            if found != OrgKind.BRANCH.value:
                message = f"a branch liaison point must be at a branch; {target!r} is a {found}"
                return [UserError("target_id", message, Code.WRONG_KIND)]
        case CreatePartyGroup(branch_id=branch) if branch in nodes:
            node = nodes[branch]
            if node.kind is NodeKind.PARTY_ORG and node.props["kind"] != OrgKind.BRANCH.value:
                message = f"{branch!r} is a {node.props['kind']}, not a branch"
                return [UserError("branch_id", message, Code.WRONG_KIND)]
        case EndLiaisonPoint(id=lp, on=on) if "id" not in failed:
            props = nodes[lp].props
            if props.get("to") is not None:
                return [
                    UserError(None, f"{lp!r} ended on {props['to']} already", Code.ALREADY_ENDED)
                ]
            if props.get("from") is not None and on < props["from"]:
                message = f"{on} precedes from {props['from']}"
                return [UserError("on", message, Code.BAD_PERIOD)]
        case EndSeat() if not {"person_id", "org_id"} & failed:
            return _end_seat(command, facts.seats)
        case MoveTeam(team_id=team, unit_id=unit) if not {"team_id", "unit_id"} & failed:
            if facts.team_unit == unit:
                message = f"{team!r} belongs to {unit!r} already"
                return [UserError("unit_id", message, Code.UNCHANGED)]
    return []


def _kind_word(node: Node) -> str:
    """A party org's own kind (``branch``), else the kind of node (``unit``)."""
    if node.kind is NodeKind.PARTY_ORG:
        return str(node.props["kind"])
    return KIND_WORDS[node.kind]


def _end_seat(command: EndSeat, seats: Sequence[Seat]) -> list[UserError]:
    matching = [s for s in seats if ends_seat(command, s)]
    person, org, role = command.person_id, command.org_id, command.role.value
    if not matching:
        since = f" from {command.start}" if command.start else ""
        message = f"{person!r} holds no open {role} seat{since} in {org!r}"
        return [UserError(None, message, Code.NOT_FOUND)]
    starts = sorted({s.start for s in matching}, key=lambda d: (d is not None, d or date.min))
    if len(starts) > 1:
        listed = ", ".join(str(d) if d else "no date" for d in starts)
        message = (
            f"{person!r} holds {len(starts)} open {role} seats in {org!r} (from {listed}); "
            "give the from date of the one to end"
        )
        return [UserError("start", message, Code.AMBIGUOUS)]
    if starts[0] is not None and command.on < starts[0]:
        return [UserError("on", f"{command.on} precedes from {starts[0]}", Code.BAD_PERIOD)]
    return []


# -- recording -------------------------------------------------------------------------------
def new_record(command: Command) -> Any:
    """The bundle record a creating command adds; None for a command that changes one."""
    match command:
        case SetUpLiaisonPoint():
            c = command
            return LiaisonPoint(c.id, c.leader_id, c.kind, c.target_id, c.start, c.end)
        case RecordVisit():
            return Visit(command.liaison_point_id, command.date, command.kind, command.note)
        case AppointSeat():
            c2 = command
            return Seat(c2.person_id, c2.org_id, c2.role, c2.start, c2.end)
        case ChargeDomain():
            return DomainCharge(command.person_id, command.domain_id, command.start, command.end)
        case CreatePartyGroup():
            g = command
            return PartyGroup(g.id, g.name, g.branch_id, g.team_id, g.leader_id, g.member_ids)
    return None


def record(command: Command, facts: Facts, seq: int, actor: str, at: datetime) -> ChangeRecord:
    """The trail's entry for ``command``, checked and about to be applied, as change ``seq``."""
    spec = SPECS[type(command)]
    before: JsonRow | None = None
    after: JsonRow | None = None
    created = new_record(command)
    if created is not None:
        after = record_row(spec.stem, created)
    about: list[str | None]  # the entities the change concerns; an absent optional one is None
    match command:
        case SetUpLiaisonPoint():
            about = [command.id, command.leader_id, command.target_id]
        case EndLiaisonPoint():
            about = [command.id, *(facts.liaison or ())]
            before, after = (
                {"id": command.id, "to": None},
                {"id": command.id, "to": json_value(command.on)},
            )
        case RecordVisit():
            about = [command.liaison_point_id, *(facts.liaison or ())]
        case AppointSeat():
            about = [command.person_id, command.org_id]
        case EndSeat():
            about = [command.person_id, command.org_id]
            start = next(s.start for s in facts.seats if ends_seat(command, s))
            seat = {
                "person_id": command.person_id,
                "org_id": command.org_id,
                "role": command.role.value,
                "from": json_value(start),
            }
            before, after = {**seat, "to": None}, {**seat, "to": json_value(command.on)}
        case ChargeDomain():
            about = [command.person_id, command.domain_id]
        case CreatePartyGroup():
            about = [command.id, command.branch_id, command.team_id, command.leader_id]
            about += command.member_ids
        case MoveTeam():
            about = [command.team_id, facts.team_unit, command.unit_id]
            before = {"id": command.team_id, "unit_id": facts.team_unit}
            after = {"id": command.team_id, "unit_id": command.unit_id}
    entity_ids = tuple(dict.fromkeys(i for i in about if i))
    return ChangeRecord(
        seq,
        actor,
        at.astimezone(UTC),
        command.command_name,
        entity_ids[0],
        entity_ids,
        before,
        after,
    )


# -- applying ----------------------------------------------------------------------------------
def apply_to_bundle(bundle: Bundle, command: Command) -> Bundle:
    """The bundle with ``command`` applied (checked already)."""
    created = new_record(command)
    match command:
        case SetUpLiaisonPoint():
            return replace(bundle, liaison_points=(*bundle.liaison_points, created))
        case EndLiaisonPoint(id=lp, on=on):
            return replace(
                bundle,
                liaison_points=tuple(
                    replace(p, end=on) if p.id == lp else p for p in bundle.liaison_points
                ),
            )
        case RecordVisit():
            return replace(bundle, visits=(*bundle.visits, created))
        case AppointSeat():
            return replace(bundle, seats=(*bundle.seats, created))
        case EndSeat():
            return replace(
                bundle,
                seats=tuple(
                    replace(s, end=command.on) if ends_seat(command, s) else s for s in bundle.seats
                ),
            )
        case ChargeDomain():
            return replace(bundle, domain_charges=(*bundle.domain_charges, created))
        case CreatePartyGroup():
            return replace(bundle, party_groups=(*bundle.party_groups, created))
        case MoveTeam(team_id=team, unit_id=unit):
            return replace(
                bundle,
                teams=tuple(replace(t, unit_id=unit) if t.id == team else t for t in bundle.teams),
            )
    raise TypeError(f"not a command: {command!r}")


def graph_additions(command: Command, facts: Facts) -> tuple[list[Node], list[Rel]]:
    """The nodes and relationships a creating command adds to the graph, shaped exactly as a
    load shapes them (``graph_model.elements``); nothing for a command that changes a row."""
    created = new_record(command)
    match command:
        case SetUpLiaisonPoint():
            added = Bundle(liaison_points=(created,))
        case RecordVisit():
            leader = facts.liaison[0] if facts.liaison else None
            point = LiaisonPoint(command.liaison_point_id, str(leader), LiaisonKind.BRANCH, "")
            rels = graph_rels(Bundle(liaison_points=(point,), visits=(created,)))
            return [], [r for r in rels if r.type is RelType.VISITED]
        case AppointSeat():
            added = Bundle(seats=(created,))
        case ChargeDomain():
            added = Bundle(domain_charges=(created,))
        case CreatePartyGroup():
            added = Bundle(party_groups=(created,))
        case _:
            return [], []
    return list(graph_nodes(added)), list(graph_rels(added))


# -- the trail as JSON -------------------------------------------------------------------------
def record_json(entry: ChangeRecord) -> dict[str, Any]:
    """A trail entry as one JSON object."""
    return {
        "id": entry.id,
        "actor": entry.actor,
        "at": entry.at.isoformat(),
        "command": entry.command,
        "entity_id": entry.entity_id,
        "entity_ids": list(entry.entity_ids),
        "before": entry.before,
        "after": entry.after,
    }


def record_from_json(data: Mapping[str, Any]) -> ChangeRecord:
    return ChangeRecord(
        id=int(data["id"]),
        actor=data["actor"],
        at=datetime.fromisoformat(data["at"]).astimezone(UTC),
        command=CommandName(data["command"]),
        entity_id=data["entity_id"],
        entity_ids=tuple(data["entity_ids"]),
        before=data["before"],
        after=data["after"],
    )


def dumps_row(row: JsonRow | None) -> str | None:
    """A before or after row as JSON text (how Neo4j stores it), keys in row order."""
    return None if row is None else json.dumps(row, ensure_ascii=False)


def trail_page(
    trail: Iterable[ChangeRecord],
    entity_id: str | None,
    offset: int,
    limit: int,
    oldest_first: bool = False,
) -> tuple[int, tuple[ChangeRecord, ...]]:
    """How many entries name ``entity_id`` (all, when None), and ``limit`` of them from
    ``offset``, newest first (or oldest first)."""
    kept = sorted(
        (e for e in trail if entity_id is None or entity_id in e.entity_ids),
        key=lambda e: e.id,
        reverse=not oldest_first,
    )
    return len(kept), tuple(kept[offset : offset + limit])


__all__ = [
    "SPECS",
    "Wanted",
    "apply_to_bundle",
    "check",
    "dumps_row",
    "ends_seat",
    "facts_from_graph",
    "graph_additions",
    "new_record",
    "normalised",
    "record",
    "record_from_json",
    "record_json",
    "seat_of",
    "trail_page",
    "wanted",
]
