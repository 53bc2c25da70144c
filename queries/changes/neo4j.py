"""Changes on Neo4j: each one write transaction that locks, checks, writes and records.

The transaction function takes the trail's next id (which serialises changes, see
``queries.changes.cypher``), reads the live generation (``queries.neo4j.generations``) and is
refused while a load stages the next one — the change would be lost at the load's switch —,
gathers the facts ``queries.changes.check.wanted`` asks for, checks
the command with the same pure code as the embedded backend, and either raises ``_Refused`` —
the driver then rolls everything back, so nothing is written — or writes the change and its
``:Change`` node. Safe to retry: a retried transaction starts over from nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any, LiteralString

import neo4j
from neo4j import ManagedTransaction, Result, Session

from graph_model.changes import (
    ChangeOutcome,
    ChangeRecord,
    Command,
    CommandName,
    EndLiaisonPoint,
    EndSeat,
    Facts,
    MoveTeam,
    UserError,
)
from graph_model.errors import LoadInProgress
from graph_model.kinds import NodeKind, RelType
from queries.changes import cypher as q
from queries.changes.check import (
    Wanted,
    check,
    dumps_row,
    ends_seat,
    graph_additions,
    normalised,
    record,
    seat_of,
    wanted,
)
from queries.neo4j import store_cypher as cypher
from queries.neo4j.commit_once import write_once
from queries.neo4j.generations import Generation, in_generation
from queries.neo4j.read import Read
from queries.neo4j.values import graph_node, native_props

WriteSession = Callable[[], AbstractContextManager[Session]]
"""``Neo4jBackend._write_session``: a session to write in, with the schema in place and driver
failures turned into ``BackendUnavailable``."""


class ChangesOnNeo4j:
    """``Backend``'s changes and audit trail (``ChangeQuestions``) on Neo4j."""

    _read: Read
    _write_session: WriteSession
    load_stale_after: float

    def apply_change(self, command: Command, actor: str, at: datetime) -> ChangeOutcome:
        """Check and apply ``command`` in one write transaction, or answer its errors."""
        command = normalised(command)
        with self._write_session() as session:
            try:
                entry = write_once(session, _change, command, actor, at, self.load_stale_after)
                return ChangeOutcome(entry)
            except _Refused as refused:
                return ChangeOutcome(errors=refused.errors)

    def change_trail(
        self, entity_id: str | None, offset: int, limit: int, oldest_first: bool = False
    ) -> tuple[int, tuple[ChangeRecord, ...]]:
        """How many changes name ``entity_id`` (all, when None) and the page of them."""
        row = self._read(
            q.TRAIL_PAGE, entityId=entity_id, offset=offset, limit=limit, oldestFirst=oldest_first
        )[0]
        return row["total"], tuple(_entry(props) for props in row["rows"])


class _Refused(Exception):
    """Raised inside the transaction function to roll it back with the command's errors."""

    def __init__(self, errors: tuple[UserError, ...]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


class _InLive:
    """The change's transaction, running the queries in the live generation."""

    def __init__(self, tx: ManagedTransaction, live: Generation) -> None:
        self.tx = tx
        self.live = live

    def run(self, query: LiteralString, **params: Any) -> Result:
        return self.tx.run(in_generation(query, self.live), params)


def _change(
    tx: ManagedTransaction, command: Command, actor: str, at: datetime, stale_after: float
) -> ChangeRecord:
    change_id = tx.run(q.NEXT_CHANGE_ID).single(strict=True)["id"]
    state = tx.run(cypher.STATE_FOR_CHANGE, staleAfter=stale_after).single(strict=True)
    if state["loading"]:
        raise LoadInProgress(
            f"a load is replacing the graph (last seen at {state['beat']}): a change now would "
            "be lost when it switches to the graph it loads; retry when it has finished"
        )
    live = _InLive(tx, 1 if state["live"] == 1 else 0)
    facts, handles = _facts(live, wanted(command))
    errors = check(command, facts)
    if errors:
        raise _Refused(errors)
    entry = record(command, facts, change_id, actor, at)
    _write(live, command, facts, handles)
    write_entry(tx, entry)
    return entry


def write_entry(tx: ManagedTransaction, entry: ChangeRecord) -> None:
    """Write ``entry``'s ``:Change`` node, in the transaction of what it records."""
    tx.run(
        q.CREATE_CHANGE,
        id=entry.id,
        actor=entry.actor,
        at=entry.at,
        command=entry.command,
        entityId=entry.entity_id,
        entityIds=list(entry.entity_ids),
        before=dumps_row(entry.before),
        after=dumps_row(entry.after),
    ).consume()


def _facts(tx: _InLive, want: Wanted) -> tuple[Facts, list[str]]:
    """The facts, and the element ids of ``Facts.seats`` in their order."""
    rows = tx.run(q.FACT_NODES, ids=list(want.ids)).data()
    nodes = {node.id: node for node in map(graph_node, rows)}
    liaison = None
    if want.liaison_point:
        found = tx.run(q.FACT_LIAISON, id=want.liaison_point).single()
        liaison = (found["leader"], found["target"]) if found else None
    seats, handles = [], []
    if want.seats_of:
        person, org = want.seats_of
        for row in tx.run(q.FACT_SEATS, personId=person, orgId=org):
            seats.append(seat_of(person, org, native_props(row["props"])))
            handles.append(row["handle"])
    team_unit = None
    if want.team:
        found = tx.run(q.FACT_TEAM_UNIT, teamId=want.team).single()
        team_unit = found["unit"] if found else None
    return Facts(nodes, liaison, tuple(seats), team_unit), handles


def _write(tx: _InLive, command: Command, facts: Facts, handles: list[str]) -> None:
    nodes, rels = graph_additions(command, facts)
    node_rows: dict[NodeKind, list[dict[str, Any]]] = defaultdict(list)
    for node in nodes:
        node_rows[node.kind].append({"id": node.id, "props": node.props})
    rel_rows: dict[RelType, list[dict[str, Any]]] = defaultdict(list)
    for rel in rels:
        rel_rows[rel.type].append({"start": rel.start, "end": rel.end, "props": rel.props})
    for kind, rows in node_rows.items():
        tx.run(cypher.MERGE_NODES[kind], rows=rows).consume()
    for rel_type, rows in rel_rows.items():
        tx.run(cypher.WRITE_RELS[rel_type], rows=rows).consume()
    match command:
        case EndLiaisonPoint(id=lp, on=on):
            tx.run(q.END_LIAISON_POINT, id=lp, on=on).consume()
        case EndSeat(person_id=person, org_id=org, on=on):
            chosen = [h for h, s in zip(handles, facts.seats, strict=True) if ends_seat(command, s)]
            tx.run(q.END_SEATS, personId=person, orgId=org, handles=chosen, on=on).consume()
        case MoveTeam(team_id=team, unit_id=unit):
            tx.run(q.MOVE_TEAM, teamId=team, unitId=unit).consume()


# -- reading the trail -------------------------------------------------------------------------
def _entry(props: dict[str, Any]) -> ChangeRecord:
    at = props["at"]
    when = at.to_native() if isinstance(at, neo4j.time.DateTime) else at
    return ChangeRecord(
        id=props["seq"],
        actor=props["actor"],
        at=when.astimezone(UTC),
        command=CommandName(props["command"]),
        entity_id=props["entityId"],
        entity_ids=tuple(props["entityIds"]),
        before=json.loads(props["before"]) if props.get("before") is not None else None,
        after=json.loads(props["after"]) if props.get("after") is not None else None,
    )


__all__ = ["ChangesOnNeo4j", "WriteSession", "write_entry"]
