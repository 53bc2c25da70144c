"""The live graph read back as a bundle, in bounded read transactions (``Backend.snapshot``).

A national company does not fit in one transaction (the server caps each one's memory), so the
snapshot reads pages of ``batch`` nodes, one read transaction each (``snapshot_cypher``), all in
the generation that was live when it began. What it read is one graph only if nothing moved
meanwhile: each page first compares the graph's version — the live generation, the last load's
switch, the trail's newest change (``snapshot_cypher.VERSION``) — with the one it started from,
and the version is compared once more at the end. A change or a load in between makes the
snapshot start over; after ``ATTEMPTS`` tries it is refused with ``GraphChanged``.

The records are rebuilt from the graph as ``graph_model.elements`` built it: node properties
back into columns, the relationships back into reference columns and the link tables; node
properties that are no column are the extra columns they came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any, LiteralString

from neo4j import ManagedTransaction, Session

from graph_model import records as r
from graph_model.errors import GraphChanged
from graph_model.kinds import (
    BranchKind,
    LiaisonKind,
    NodeKind,
    OrgKind,
    PartyStatus,
    SeatRole,
    UnitKind,
    VisitKind,
)
from loaders.canonical import canonical
from queries.neo4j import snapshot_cypher as cypher
from queries.neo4j.generations import Generation, in_generation
from queries.neo4j.values import native_props

#: Tries before a snapshot that changes keep overtaking is refused.
ATTEMPTS = 3

Version = tuple[Any, ...]
Page = list[dict[str, Any]]

#: The node properties that are columns (``graph_model.elements``), by kind: the others are the
#: extra columns of the row.
_COLUMNS: dict[NodeKind, frozenset[str]] = {
    NodeKind.DOMAIN: frozenset({"id", "name"}),
    NodeKind.UNIT: frozenset({"id", "name", "kind"}),
    NodeKind.PERSON: frozenset({"id", "name", "partyStatus"}),
    NodeKind.PARTY_ORG: frozenset(
        {
            "id",
            "name",
            "kind",
            "branchKind",
            "establishedOn",
            "dissolvedOn",
            "electedOn",
            "benchmarkDomainId",
            "benchmarkCategory",
        }
    ),
    NodeKind.TEAM: frozenset({"id", "name"}),
    NodeKind.PARTY_GROUP: frozenset({"id", "name"}),
    NodeKind.PROJECT: frozenset({"id", "name", "major", "startOn", "endOn"}),
    NodeKind.LIAISON_POINT: frozenset({"id", "name", "kind", "from", "to"}),
}


class _Moved(Exception):
    """The graph changed while a snapshot read it: start over."""


def read_snapshot(session: Callable[[], AbstractContextManager[Session]], batch: int) -> r.Bundle:
    """The live graph as a bundle in canonical order (``loaders.canonical``)."""
    with session() as opened:
        for _ in range(ATTEMPTS):
            start = _version(opened)
            try:
                bundle = _read(opened, start, batch)
            except _Moved:
                continue
            if _version(opened) == start:
                return canonical(bundle)
    raise GraphChanged(
        f"the graph changed {ATTEMPTS} times while it was being read; try again when changes "
        "and loads have finished"
    )


def _version(session: Session) -> Version:
    record = session.execute_read(lambda tx: tx.run(cypher.VERSION).single(strict=True))
    return tuple(record.values())


def _read(session: Session, version: Version, batch: int) -> r.Bundle:
    generation: Generation = 1 if version[0] == 1 else 0

    def rows(kind: NodeKind) -> Page:
        return [row for page in _pages(session, version, generation, kind, batch) for row in page]

    people, points = rows(NodeKind.PERSON), rows(NodeKind.LIAISON_POINT)
    return r.Bundle(
        domains=tuple(r.Domain(*_named(row), _extra(row)) for row in rows(NodeKind.DOMAIN)),
        units=tuple(map(_unit, rows(NodeKind.UNIT))),
        people=tuple(map(_person, people)),
        party_orgs=tuple(map(_party_org, rows(NodeKind.PARTY_ORG))),
        seats=tuple(_seat(row, rel) for row in people for rel in row["rels"]["party_roles"]),
        domain_charges=tuple(
            _charge(row, rel) for row in people for rel in row["rels"]["leader_domains"]
        ),
        teams=tuple(map(_team, rows(NodeKind.TEAM))),
        party_groups=tuple(map(_party_group, rows(NodeKind.PARTY_GROUP))),
        projects=tuple(map(_project, rows(NodeKind.PROJECT))),
        liaison_points=tuple(map(_liaison_point, points)),
        visits=tuple(_visit(row, rel) for row in points for rel in row["rels"]["visits"]),
    )


def _pages(
    session: Session, version: Version, generation: Generation, kind: NodeKind, batch: int
) -> Iterator[Page]:
    query = in_generation(cypher.PAGES[kind], generation)
    after = ""
    while True:
        page: Page = session.execute_read(_page, version, kind, query, after, batch)
        yield page
        if len(page) < batch:
            return
        after = page[-1]["props"]["id"]


def _page(
    tx: ManagedTransaction,
    version: Version,
    kind: NodeKind,
    query: LiteralString,
    after: str,
    batch: int,
) -> Page:
    if tuple(tx.run(cypher.VERSION).single(strict=True).values()) != version:
        raise _Moved
    return [
        {
            "kind": kind,
            "props": native_props(rec["props"]),
            "links": rec["links"] or {},
            "rels": rec["rels"] or {},
        }
        for rec in tx.run(query, after=after, batch=batch)
    ]


# -- rows back into records ----------------------------------------------------------------------
def _named(row: dict[str, Any]) -> tuple[str, str]:
    return row["props"]["id"], row["props"]["name"]


def _extra(row: dict[str, Any]) -> dict[str, str]:
    """The node properties that are no column: the extra columns, by name."""
    columns = _COLUMNS[row["kind"]]
    return {k: str(v) for k, v in sorted(row["props"].items()) if k not in columns}


def _one(row: dict[str, Any], column: str) -> str | None:
    """The id a reference column names (a relationship leads to at most one)."""
    ids = row["links"][column]
    return min(ids) if ids else None


def _ids(row: dict[str, Any], column: str) -> tuple[str, ...]:
    return tuple(sorted(row["links"][column]))


def _unit(row: dict[str, Any]) -> r.Unit:
    return r.Unit(
        *_named(row),
        UnitKind(row["props"]["kind"]),
        _one(row, "parent_id"),
        _ids(row, "domain_ids"),
        _extra(row),
    )


def _person(row: dict[str, Any]) -> r.Person:
    return r.Person(
        *_named(row),
        PartyStatus(row["props"]["partyStatus"]),
        _one(row, "unit_id"),
        _one(row, "team_id"),
        _extra(row),
    )


def _party_org(row: dict[str, Any]) -> r.PartyOrg:
    props = row["props"]
    branch_kind = props.get("branchKind")
    return r.PartyOrg(
        *_named(row),
        OrgKind(props["kind"]),
        parent_id=_one(row, "parent_id"),
        unit_id=_one(row, "unit_id"),
        branch_kind=BranchKind(branch_kind) if branch_kind else None,
        project_id=_one(row, "project_id"),
        established_on=props.get("establishedOn"),
        dissolved_on=props.get("dissolvedOn"),
        elected_on=props.get("electedOn"),
        benchmark_domain_id=props.get("benchmarkDomainId"),
        benchmark_category=props.get("benchmarkCategory"),
        extra=_extra(row),
    )


def _team(row: dict[str, Any]) -> r.Team:
    return r.Team(
        *_named(row),
        unit_id=_one(row, "unit_id") or "",
        leader_id=_one(row, "leader_id"),
        domain_id=_one(row, "domain_id"),
        project_id=_one(row, "project_id"),
        extra=_extra(row),
    )


def _party_group(row: dict[str, Any]) -> r.PartyGroup:
    return r.PartyGroup(
        *_named(row),
        branch_id=_one(row, "branch_id") or "",
        team_id=_one(row, "team_id"),
        leader_id=_one(row, "leader_id"),
        member_ids=_ids(row, "member_ids"),
        extra=_extra(row),
    )


def _project(row: dict[str, Any]) -> r.Project:
    props = row["props"]
    return r.Project(
        *_named(row),
        unit_id=_one(row, "unit_id") or "",
        domain_id=_one(row, "domain_id"),
        major=bool(props.get("major")),
        start_on=props.get("startOn"),
        end_on=props.get("endOn"),
        extra=_extra(row),
    )


def _liaison_point(row: dict[str, Any]) -> r.LiaisonPoint:
    props = row["props"]
    return r.LiaisonPoint(
        props["id"],
        _one(row, "leader_id") or "",
        LiaisonKind(props["kind"]),
        _one(row, "target_id") or "",
        start=props.get("from"),
        end=props.get("to"),
        extra=_extra(row),
    )


def _seat(person: dict[str, Any], rel: dict[str, Any]) -> r.Seat:
    props = native_props(rel["props"])
    return r.Seat(
        person["props"]["id"],
        rel["id"],
        SeatRole(props["role"]),
        props.get("from"),
        props.get("to"),
    )


def _charge(person: dict[str, Any], rel: dict[str, Any]) -> r.DomainCharge:
    props = native_props(rel["props"])
    return r.DomainCharge(person["props"]["id"], rel["id"], props.get("from"), props.get("to"))


def _visit(point: dict[str, Any], rel: dict[str, Any]) -> r.Visit:
    props = native_props(rel["props"])
    kind = props.get("kind")
    return r.Visit(
        point["props"]["id"], props["date"], VisitKind(kind) if kind else None, props.get("note")
    )


__all__ = ["ATTEMPTS", "read_snapshot"]
