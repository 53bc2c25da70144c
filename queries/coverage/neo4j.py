"""Liaison coverage on Neo4j: each question is one query of ``queries.coverage.cypher``, answered
by Cypher outright; its rows become ``Coverage`` values in the order the embedded backend gives
(``queries.coverage.memory``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph_model.errors import NotFound
from graph_model.kinds import CoverageKind
from graph_model.results import Coverage, EntityRef, Evidence
from queries.coverage import cypher
from queries.neo4j.pinned import InOneGeneration, PinnedRead
from queries.neo4j.read import Read
from queries.neo4j.values import entity_ref, path_rel


class CoverageOnNeo4j:
    """``Backend``'s coverage questions (``CoverageQuestions``) on Neo4j."""

    _read: Read
    _in_one_generation: InOneGeneration

    def branch_coverage(self, branch_id: str, as_of: date) -> tuple[Coverage, ...]:
        record = self._read(cypher.BRANCH_COVERAGE, branchId=branch_id, asOf=as_of)[0]
        if not record["found"]:
            raise NotFound(branch_id, ["branch"])
        return tuple(_coverage(row) for row in record["rows"])

    def leader_coverage(self, leader_id: str, as_of: date) -> tuple[Coverage, ...]:
        record = self._read(cypher.LEADER_COVERAGE, leaderId=leader_id, asOf=as_of)[0]
        if not record["found"]:
            raise NotFound(leader_id, ["person"])
        return tuple(_coverage(row) for row in record["rows"])

    def uncovered_branches(
        self, as_of: date, under_unit_id: str | None = None
    ) -> tuple[EntityRef, ...]:
        def answer(read: PinnedRead) -> tuple[EntityRef, ...]:
            read.under_unit(under_unit_id)
            pages = read.pages(cypher.UNCOVERED_BRANCHES, underUnitId=under_unit_id, asOf=as_of)
            return tuple(entity_ref(row) for page in pages for row in page["rows"])

        return self._in_one_generation(answer)


def _coverage(row: dict[str, Any]) -> Coverage:
    """A coverage row: the path's nodes (leader, point, …, branch) and relationships."""
    nodes = tuple(entity_ref(n) for n in row["nodes"])
    return Coverage(
        leader=nodes[0],
        branch=nodes[-1],
        kind=CoverageKind(row["kind"]),
        liaison_point=nodes[1],
        evidence=Evidence(nodes, tuple(path_rel(r) for r in row["rels"])),
    )


__all__ = ["CoverageOnNeo4j"]
