"""The audit on Neo4j: each enabled rule over keyset pages of the entities it examines, every
page its own read transaction in one pinned generation (``queries.neo4j.pinned``), then the
same report code as the embedded backend (``queries.audit.report``). No transaction holds the
whole organisation, so the audit of a national company stays within the server's memory cap.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from graph_model.audit import AuditReport, RuleSet
from queries.audit import cypher
from queries.audit.report import RawFinding, UnitPaths, assemble
from queries.audit.rules import parameters
from queries.neo4j.pinned import InOneGeneration, PinnedRead
from queries.neo4j.values import entity_ref, native, path_rel


class AuditOnNeo4j:
    """``Backend``'s audit (``AuditQuestions``) on Neo4j."""

    _in_one_generation: InOneGeneration

    def audit(self, as_of: date, rules: RuleSet, under_unit_id: str | None = None) -> AuditReport:
        params = parameters(rules, as_of)

        def answer(read: PinnedRead) -> AuditReport:
            under = read.under_unit(under_unit_id)
            raw = [_raw(row) for row in _rows(read, rules, params)]
            paths = _unit_paths(read, {found.unit_id for found in raw if found.unit_id})
            return assemble(rules, params, raw, paths, under)

        return self._in_one_generation(answer)


def _rows(read: PinnedRead, rules: RuleSet, params: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """Every enabled rule's rows, page by page."""
    for rule in rules.enabled():
        for query in cypher.RULE_PAGES[rule.id]:
            for page in read.pages(query, **params):
                yield from page["rows"]


def _unit_paths(read: PinnedRead, unit_ids: set[str]) -> UnitPaths:
    records = read.batches(cypher.UNIT_PATHS, "unitIds", sorted(unit_ids))
    return {record["id"]: tuple(entity_ref(n) for n in record["path"]) for record in records}


def _raw(row: dict[str, Any]) -> RawFinding:
    return RawFinding(
        rule_id=row["rule"],
        check=row["check"],
        entity=entity_ref(row["entity"]),
        unit_id=row["unit"],
        nodes=tuple(entity_ref(n) for n in row["nodes"]),
        rels=tuple(path_rel(r) for r in row["rels"]),
        facts={key: native(value) for key, value in row["facts"].items()},
    )


__all__ = ["AuditOnNeo4j"]
