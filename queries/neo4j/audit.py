"""The audit on Neo4j: one round trip for every enabled rule, then the same report code as the
embedded backend (``queries.audit.report``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import neo4j

from graph_model.audit import AuditReport, RuleSet
from graph_model.errors import NotFound
from graph_model.kinds import NodeKind, RelType
from graph_model.results import EntityRef, PathRel
from queries.audit.report import RawFinding, assemble
from queries.audit.rules import parameters
from queries.neo4j.audit_cypher import audit_query

Read = Callable[..., list[neo4j.Record]]
"""``Neo4jBackend._read``: run a read query with parameters, return its records."""

_KINDS = {k.value: k for k in NodeKind}


def audit(read: Read, as_of: date, rules: RuleSet, under_unit_id: str | None) -> AuditReport:
    params = parameters(rules, as_of)
    query = audit_query(rule.id for rule in rules.enabled())
    records = read(query, underUnitId=under_unit_id, **params)
    if not records:
        raise NotFound(str(under_unit_id), ["unit"])
    record = records[0]
    paths = {unit["id"]: tuple(_ref(n) for n in unit["path"]) for unit in record["units"]}
    under = _ref(record["under"]) if record["under"] else None
    return assemble(rules, params, (_raw(row) for row in record["rows"]), paths, under)


def _raw(row: dict[str, Any]) -> RawFinding:
    return RawFinding(
        rule_id=row["rule"],
        check=row["check"],
        entity=_ref(row["entity"]),
        unit_id=row["unit"],
        nodes=tuple(_ref(n) for n in row["nodes"]),
        rels=tuple(PathRel(RelType(r["type"]), r["start"], r["end"]) for r in row["rels"]),
        facts={key: _native(value) for key, value in row["facts"].items()},
    )


def _ref(row: dict[str, Any]) -> EntityRef:
    return EntityRef(row["id"], _kind(row["labels"]), row["name"] or row["id"])


def _kind(labels: Sequence[str]) -> NodeKind:
    return next(_KINDS[label] for label in labels if label in _KINDS)


def _native(value: Any) -> Any:
    return value.to_native() if isinstance(value, neo4j.time.Date) else value
