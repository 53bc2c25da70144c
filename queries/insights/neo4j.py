"""The insight questions on Neo4j: each runs one query of ``queries.insights.cypher`` through the
backend's ``_read`` and turns its rows into ``graph_model.insights`` values. Why a point
does not count is decided from the facts the query returns by ``PointFacts``, the same code
the embedded backend runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, LiteralString

import neo4j

from graph_model.errors import NotFound
from graph_model.insights import (
    BranchCoverageChange,
    CompletenessGap,
    CoveringPoint,
    DataCompleteness,
    EntityCount,
    LeaderPeriod,
    LeaderSeat,
    LeaderWorkload,
    MissedPoint,
    NamedCount,
    NearMiss,
    NearMissRelation,
    PointFacts,
    UncoveredExplanation,
    YearFigures,
    check_period,
    year_bounds,
)
from graph_model.kinds import CoverageKind, LiaisonKind
from graph_model.results import Coverage, Evidence
from graph_model.timeline import exists_on
from queries.insights import cypher
from queries.neo4j.pinned import InOneGeneration, PinnedRead
from queries.neo4j.read import Read
from queries.neo4j.values import entity_ref, native, path_rel


class InsightsOnNeo4j:
    """``Backend``'s insight questions (``InsightQuestions``) on Neo4j."""

    _read: Read
    _in_one_generation: InOneGeneration

    def explain_uncovered(self, branch_id: str, as_of: date) -> UncoveredExplanation:
        record = _one(self._read, cypher.EXPLAIN_UNCOVERED, branchId=branch_id, asOf=as_of)
        if not record["found"]:
            raise NotFound(branch_id, ["branch"])
        branch = record["branch"]
        established, dissolved = native(branch["establishedOn"]), native(branch["dissolvedOn"])
        exists = exists_on(established, dissolved, as_of)
        coverage: list[Coverage] = []
        missed: list[MissedPoint] = []
        for row in record["reaching"]:
            facts = _facts(row["facts"])
            reasons = facts.reasons_on(as_of)
            nodes = tuple(entity_ref(n) for n in row["nodes"])
            evidence = Evidence(nodes, tuple(path_rel(r) for r in row["rels"]))
            kind = CoverageKind(row["kind"])
            if reasons or not exists:
                missed.append(
                    MissedPoint(
                        nodes[1],
                        nodes[0],
                        kind,
                        nodes[2],
                        facts.start,
                        facts.end,
                        reasons,
                        evidence,
                    )
                )
            else:
                coverage.append(Coverage(nodes[0], nodes[-1], kind, nodes[1], evidence))
        return UncoveredExplanation(
            branch=entity_ref(branch),
            as_of=as_of,
            exists=exists,
            established_on=established,
            dissolved_on=dissolved,
            covered=bool(coverage),
            coverage=tuple(coverage),
            candidates=tuple(missed),
            near_misses=tuple(
                NearMiss(
                    liaison_point=entity_ref(row["liaisonPoint"]),
                    leader=entity_ref(row["leader"]),
                    kind=LiaisonKind(row["kind"]),
                    target=entity_ref(row["target"]),
                    relation=NearMissRelation(row["relation"]),
                    counts=not _facts(row["facts"]).reasons_on(as_of),
                )
                for row in record["nearMisses"]
            ),
        )

    def coverage_diff(
        self, day_from: date, day_to: date, under_unit_id: str | None = None
    ) -> tuple[BranchCoverageChange, ...]:
        def answer(read: PinnedRead) -> tuple[BranchCoverageChange, ...]:
            read.under_unit(under_unit_id)
            pages = read.pages(
                cypher.COVERAGE_DIFF, dayFrom=day_from, dayTo=day_to, underUnitId=under_unit_id
            )
            changes = (
                BranchCoverageChange.between(
                    entity_ref(row["branch"]),
                    _covering(row["before"]),
                    _covering(row["after"]),
                    row["existsOnFrom"],
                    row["existsOnTo"],
                )
                for page in pages
                for row in page["rows"]
            )
            return tuple(change for change in changes if change is not None)

        return self._in_one_generation(answer)

    def leader_workload(
        self,
        as_of: date,
        visits_from: date,
        visits_to: date,
        under_unit_id: str | None = None,
        visible: frozenset[str] | None = None,
    ) -> tuple[LeaderWorkload, ...]:
        check_period(visits_from, visits_to)

        def answer(read: PinnedRead) -> tuple[LeaderWorkload, ...]:
            read.under_unit(under_unit_id)
            pages = read.pages(
                cypher.LEADER_WORKLOAD,
                asOf=as_of,
                visitsFrom=visits_from,
                visitsTo=visits_to,
                underUnitId=under_unit_id,
                visible=_listed(visible),
            )
            rows = sorted((row for page in pages for row in page["rows"]), key=_leader_id)
            return tuple(_workload(row) for row in rows)

        return self._in_one_generation(answer)

    def data_completeness(self, as_of: date, under_unit_id: str | None = None) -> DataCompleteness:
        def answer(read: PinnedRead) -> DataCompleteness:
            read.under_unit(under_unit_id)

            def gap(query: LiteralString) -> CompletenessGap:
                pages = read.pages(query, asOf=as_of, underUnitId=under_unit_id)
                rows = [row for page in pages for row in page["rows"]]
                missing = tuple(entity_ref(m) for row in rows for m in row["missing"])
                return CompletenessGap(sum(row["checked"] for row in rows), missing)

            return DataCompleteness(
                branches_without_secretary=gap(cypher.COMPLETENESS_BRANCHES),
                teams_without_leader=gap(cypher.COMPLETENESS_TEAMS),
                people_without_unit=gap(cypher.COMPLETENESS_PEOPLE),
            )

        return self._in_one_generation(answer)

    def year_figures(
        self, year: int, committee_id: str, as_of: date, visible: frozenset[str] | None = None
    ) -> YearFigures:
        first, last = year_bounds(year)
        record = _one(
            self._read,
            cypher.YEAR_FIGURES,
            committeeId=committee_id,
            yearStart=first,
            yearEnd=last,
            asOf=as_of,
            visible=_listed(visible),
        )
        if not record["found"]:
            raise NotFound(committee_id, ["committee"])
        return YearFigures(
            committee=entity_ref(record["committee"]),
            year=year,
            liaison_points=tuple(entity_ref(p) for p in record["points"]),
            party_building_points=record["partyBuilding"],
            branch_points=record["branch"],
            visits=record["visits"],
            benchmark_branches=tuple(entity_ref(b) for b in record["benchmarks"]),
            benchmark_categories=tuple(
                NamedCount(c["name"], c["count"]) for c in record["categories"]
            ),
            benchmark_domains=tuple(
                EntityCount(entity_ref(d["domain"]), d["count"]) for d in record["domains"]
            ),
        )


# -- rows back to values ---------------------------------------------------------------------
def _listed(visible: frozenset[str] | None) -> list[str] | None:
    """``visible`` as the ``$visible`` parameter: null counts everything."""
    return None if visible is None else sorted(visible)


def _one(read: Read, query: LiteralString, **params: Any) -> neo4j.Record:
    return read(query, **params)[0]


def _leader_id(row: dict[str, Any]) -> str:
    leader_id: str = row["leader"]["id"]
    return leader_id


def _workload(row: dict[str, Any]) -> LeaderWorkload:
    return LeaderWorkload(
        leader=entity_ref(row["leader"]),
        seats=tuple(LeaderSeat(entity_ref(s["committee"]), s["role"]) for s in row["seats"]),
        party_building_points=row["partyBuildingPoints"],
        branch_points=row["branchPoints"],
        branches_covered=row["branchesCovered"],
        visits=row["visits"],
        last_visit=native(row["lastVisit"]),
    )


def _facts(row: dict[str, Any]) -> PointFacts:
    return PointFacts(
        start=native(row["start"]),
        end=native(row["end"]),
        leader_periods=tuple(
            LeaderPeriod(
                entity_ref(p["committee"]), p["role"], native(p["start"]), native(p["end"])
            )
            for p in row["periods"]
        ),
        target_established=native(row["targetEstablished"]),
        target_dissolved=native(row["targetDissolved"]),
    )


def _covering(rows: Sequence[dict[str, Any]]) -> list[CoveringPoint]:
    return [
        CoveringPoint(
            entity_ref(r["leader"]), entity_ref(r["liaisonPoint"]), CoverageKind(r["kind"])
        )
        for r in rows
    ]


__all__ = ["InsightsOnNeo4j"]
