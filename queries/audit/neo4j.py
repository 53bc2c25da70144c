"""The audit on Neo4j: one round trip for every enabled rule, then the same report code as the
embedded backend (``queries.audit.report``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph_model.audit import AuditReport, RuleSet
from graph_model.errors import NotFound
from queries.audit.cypher import audit_query
from queries.audit.report import RawFinding, assemble
from queries.audit.rules import parameters
from queries.neo4j.read import Read
from queries.neo4j.values import entity_ref, native, path_rel


class AuditOnNeo4j:
    """``Backend``'s audit (``AuditQuestions``) on Neo4j."""

    _read: Read

    def audit(self, as_of: date, rules: RuleSet, under_unit_id: str | None = None) -> AuditReport:
        params = parameters(rules, as_of)
        query = audit_query(rule.id for rule in rules.enabled())
        records = self._read(query, underUnitId=under_unit_id, **params)
        if not records:
            raise NotFound(str(under_unit_id), ["unit"])
        record = records[0]
        paths = {unit["id"]: tuple(entity_ref(n) for n in unit["path"]) for unit in record["units"]}
        under = entity_ref(record["under"]) if record["under"] else None
        return assemble(rules, params, (_raw(row) for row in record["rows"]), paths, under)


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
