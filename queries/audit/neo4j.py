"""The audit on Neo4j: one round trip for every enabled rule, then the same report code as the
embedded backend (``queries.audit.report``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import neo4j

from graph_model.audit import AuditReport, RuleSet
from graph_model.errors import NotFound
from queries.audit.cypher import audit_query
from queries.audit.report import RawFinding, assemble
from queries.audit.rules import parameters
from queries.neo4j.values import entity_ref, native, path_rel

Read = Callable[..., list[neo4j.Record]]
"""``Neo4jBackend._read``: run a read query with parameters, return its records."""


def audit(read: Read, as_of: date, rules: RuleSet, under_unit_id: str | None) -> AuditReport:
    params = parameters(rules, as_of)
    query = audit_query(rule.id for rule in rules.enabled())
    records = read(query, underUnitId=under_unit_id, **params)
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
