"""The audit's vocabulary (docs/domain.md "Audit rules"): rules, findings and the report.

A rule is identified by ``R01``…``R14`` in docs/domain.md's order; its thresholds come from a
rules file (``queries.audit.rules``). A finding names the rule, the entity, the unit the entity
belongs to, a one-line message, its evidence and, when a link is absent, the missing link.

Audit evidence is the sub-graph around the entity, not necessarily a path: its nodes (the
entity first, then by id) and the relationships between them (by type, start, end).

>>> from datetime import date
>>> report = AuditReport(date(2026, 1, 1), None, (), ())
>>> report.by_severity
((<AuditSeverity.ERROR: 'error'>, 0), (<AuditSeverity.WARNING: 'warning'>, 0), \
(<AuditSeverity.INFO: 'info'>, 0))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from graph_model.errors import InvalidRequest
from graph_model.results import EntityRef, Evidence


class AuditSeverity(StrEnum):
    """How much a finding matters, most serious first."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class RuleSource(StrEnum):
    """Where a rule comes from: the article's mechanism or the party's regulations."""

    ARTICLE = "article"
    REGULATION = "regulation"


@dataclass(frozen=True, slots=True)
class Rule:
    """One audit rule with the thresholds and severity a rules file gave it."""

    id: str
    title_en: str
    title_zh: str
    severity: AuditSeverity
    source: RuleSource
    citation: str
    thresholds: Mapping[str, Any] = field(default_factory=dict)
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every rule of the catalogue as one rules file configured it, in id order."""

    rules: tuple[Rule, ...]
    origin: str = "default"

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        known = ", ".join(r.id for r in self.rules)
        raise InvalidRequest(f"no audit rule {rule_id!r}; the rules are {known}")

    def enabled(self) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.enabled)

    def only(self, rule_ids: Iterable[str]) -> RuleSet:
        """Run exactly these rules; naming a rule the file disables runs it all the same."""
        wanted = {self.get(rule_id.strip()).id for rule_id in rule_ids}
        return RuleSet(
            tuple(replace(rule, enabled=rule.id in wanted) for rule in self.rules), self.origin
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """One breach of one rule by one entity."""

    rule_id: str
    severity: AuditSeverity
    check: str  # which part of the rule failed, e.g. ``no_secretary``
    entity: EntityRef
    unit: EntityRef | None  # the unit the entity belongs to, if any
    message: str
    evidence: Evidence
    missing: str | None = None  # the absent link, for rules about absence
    #: The values ``message`` was written with, by name, so that it can be said again in
    #: another language (api/schema/texts.py), as a bundle ``Problem``'s ``params`` are.
    params: tuple[tuple[str, str], ...] = ()

    def sort_key(self) -> tuple[str, str, str, str]:
        return self.rule_id, self.entity.id, self.check, self.message


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Findings ordered by rule, entity, check and message, with their tallies.

    ``unit_paths`` maps each finding's unit to that unit and the units above it, nearest
    first; ``by_unit`` counts, for every unit, the findings in its subtree (findings without
    a unit count only in the totals).
    """

    as_of: date
    under_unit: EntityRef | None
    rules: tuple[Rule, ...]
    findings: tuple[Finding, ...]
    unit_paths: Mapping[str, tuple[EntityRef, ...]] = field(default_factory=dict)

    @property
    def by_rule(self) -> tuple[tuple[str, int], ...]:
        counts = Counter(f.rule_id for f in self.findings)
        return tuple((rule.id, counts[rule.id]) for rule in self.rules)

    @property
    def by_severity(self) -> tuple[tuple[AuditSeverity, int], ...]:
        counts = Counter(f.severity for f in self.findings)
        return tuple((severity, counts[severity]) for severity in AuditSeverity)

    @property
    def by_unit(self) -> tuple[tuple[EntityRef, int], ...]:
        counts: Counter[EntityRef] = Counter()
        for finding in self.findings:
            if finding.unit is not None:
                path = self.unit_paths.get(finding.unit.id, (finding.unit,))
                counts.update(_within(path, self.under_unit))
        return tuple(sorted(counts.items(), key=lambda item: item[0].id))


def _within(path: tuple[EntityRef, ...], top: EntityRef | None) -> tuple[EntityRef, ...]:
    """The part of a unit's path up to ``top`` (all of it when there is no top)."""
    ids = [unit.id for unit in path]
    return path if top is None or top.id not in ids else path[: ids.index(top.id) + 1]
