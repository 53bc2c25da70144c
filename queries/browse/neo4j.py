"""The browse look-ups on Neo4j: each runs one query of ``queries.browse.cypher`` through the
backend's ``_read`` and turns its rows into ``graph_model`` values, in the order the embedded
backend gives them (``queries.browse.memory``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import neo4j

from graph_model.browse import (
    Bucket,
    Direction,
    GroupBy,
    Neighbour,
    NodeFilter,
    Sort,
    SortField,
    UnitCoverage,
    check_filter,
    check_group,
    check_page,
    neighbour_key,
)
from graph_model.elements import Node
from graph_model.errors import NotFound
from graph_model.kinds import NodeKind, RelType
from queries.browse import cypher
from queries.neo4j.read import Read
from queries.neo4j.values import graph_node, native_props


class BrowseOnNeo4j:
    """``Backend``'s browse look-ups (``BrowseQuestions``) on Neo4j."""

    _read: Read

    def nodes(self, ids: Sequence[str]) -> list[Node | None]:
        wanted = list(dict.fromkeys(ids))
        records = self._read(cypher.NODES, ids=wanted) if wanted else []
        found = {r["id"]: graph_node(r["node"]) for r in records}
        return [found.get(i) for i in ids]

    def neighbours(
        self, ids: Sequence[str], rel: RelType, direction: Direction
    ) -> dict[str, tuple[Neighbour, ...]]:
        wanted = list(dict.fromkeys(ids))
        records = self._read(cypher.NEIGHBOURS[rel, direction], ids=wanted) if wanted else []
        reached = {
            r["id"]: [Neighbour(graph_node(n["node"]), native_props(n["rel"])) for n in r["found"]]
            for r in records
        }
        return {i: tuple(sorted(reached.get(i, ()), key=neighbour_key)) for i in wanted}

    def find(
        self, kind: NodeKind, node_filter: NodeFilter, sort: Sort, offset: int, limit: int
    ) -> tuple[int, tuple[Node, ...]]:
        check_filter(kind, node_filter)
        check_page(offset, limit)
        record = _one(
            self._read,
            cypher.FIND[kind],
            node_filter,
            byName=sort.field is SortField.NAME,
            descending=sort.descending,
            offset=offset,
            limit=limit,
        )
        return record["total"], tuple(graph_node(row) for row in record["rows"])

    def count_by(
        self, kind: NodeKind, node_filter: NodeFilter, group: GroupBy
    ) -> tuple[Bucket, ...]:
        check_filter(kind, node_filter)
        check_group(kind, group)
        record = _one(self._read, cypher.COUNT_BY[kind], node_filter, group=group.value)
        return tuple(Bucket(row["key"], row["count"]) for row in record["buckets"])

    def unit_coverage(self, unit_ids: Sequence[str], as_of: date) -> dict[str, UnitCoverage | None]:
        wanted = list(dict.fromkeys(unit_ids))
        records = self._read(cypher.UNIT_COVERAGE, unitIds=wanted, asOf=as_of) if wanted else []
        return {
            r["unitId"]: UnitCoverage(r["unitId"], as_of, r["branches"], r["covered"])
            if r["found"]
            else None
            for r in records
        }


def _one(read: Read, query: Any, node_filter: NodeFilter, **params: Any) -> neo4j.Record:
    f = node_filter
    record = read(
        query,
        kinds=list(f.kinds),
        branchKinds=list(f.branch_kinds),
        partyStatuses=list(f.party_statuses),
        nameContains=f.name_contains,
        validOn=f.valid_on,
        underUnitId=f.under_unit_id,
        domainId=f.domain_id,
        **params,
    )[0]
    if not record["underFound"]:
        raise NotFound(str(f.under_unit_id), ["unit"])
    if not record["domainFound"]:
        raise NotFound(str(f.domain_id), ["domain"])
    return record


__all__ = ["BrowseOnNeo4j"]
