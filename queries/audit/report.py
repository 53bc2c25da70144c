"""From the raw findings a backend found to the report both backends return.

A backend only finds: which rule and check fail for which entity, the entity's unit, the
evidence and the facts a message needs. Everything else — messages, the order of evidence, the
``underUnitId`` filter, sorting and tallies — happens here once, so the two backends cannot
differ in it. A message is written in English, and its values are kept beside it (``params``)
for the API to say it in Chinese (api/schema/texts.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from string import Formatter
from typing import Any

from graph_model.audit import AuditReport, Finding, RuleSet
from graph_model.results import EntityRef, Evidence, PathRel
from queries.audit.rules import SPECS

UnitPaths = Mapping[str, tuple[EntityRef, ...]]


@dataclass(frozen=True, slots=True)
class RawFinding:
    """A finding as a backend reports it, before messages and ordering."""

    rule_id: str
    check: str
    entity: EntityRef
    unit_id: str | None
    nodes: tuple[EntityRef, ...]
    rels: tuple[PathRel, ...]
    facts: Mapping[str, Any]


def assemble(
    rules: RuleSet,
    params: Mapping[str, Any],
    raw: Iterable[RawFinding],
    unit_paths: UnitPaths,
    under: EntityRef | None,
) -> AuditReport:
    """The report of the enabled rules: findings in ``under``'s subtree, ordered, tallied."""
    enabled = rules.enabled()
    severity = {rule.id: rule.severity for rule in enabled}
    findings = []
    for found in raw:
        path = unit_paths.get(found.unit_id, ()) if found.unit_id else ()
        if found.rule_id in severity and (under is None or under.id in {u.id for u in path}):
            findings.append(_finding(found, severity[found.rule_id], path, params))
    findings.sort(key=Finding.sort_key)
    kept = {f.unit.id: unit_paths[f.unit.id] for f in findings if f.unit is not None}
    return AuditReport(params["asOf"], under, enabled, tuple(findings), kept)


def _finding(
    found: RawFinding, severity: Any, path: tuple[EntityRef, ...], params: Mapping[str, Any]
) -> Finding:
    check = SPECS[found.rule_id].checks[found.check]
    context = {
        **params,
        **{key: _text(value) for key, value in found.facts.items()},
        "entity": found.entity.id,
        "as_of": params["asOf"],
    }
    return Finding(
        rule_id=found.rule_id,
        severity=severity,
        check=found.check,
        entity=found.entity,
        unit=path[0] if path else None,
        message=check.message.format(**context),
        evidence=evidence(found.entity, found.nodes, found.rels),
        missing=check.missing.format(**context) if check.missing else None,
        params=tuple((name, str(context[name])) for name in fields_of(check.message)),
    )


def fields_of(template: str) -> tuple[str, ...]:
    """The fields a message template names, once each, in order.

    >>> fields_of("{kind} with {members} members: normally a {expected}")
    ('kind', 'members', 'expected')
    """
    names = (name for _, name, _, _ in Formatter().parse(template) if name)
    return tuple(dict.fromkeys(names))


def _text(value: Any) -> Any:
    """Lists read as sorted, comma-separated ids, whatever order a backend found them in."""
    return ", ".join(sorted(value)) if isinstance(value, list | tuple) else value


def evidence(entity: EntityRef, nodes: Iterable[EntityRef], rels: Iterable[PathRel]) -> Evidence:
    """The entity first, then the other nodes by id; relationships by type, start and end."""
    others = {node.id: node for node in nodes if node.id != entity.id}
    return Evidence(
        (entity, *(others[key] for key in sorted(others))),
        tuple(sorted(set(rels), key=lambda r: (r.type.value, r.start, r.end))),
    )
