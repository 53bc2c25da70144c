"""The audit question: docs/domain.md's rules as findings with evidence, counted three ways.

The server runs the rules file shipped with orgraph (``queries/audit/rules.toml``); a
question picks which rules to run with ``rules``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.schema.context import AsOf, Context, ask, requested_day
from api.schema.texts import finding_message
from api.schema.types import Entity, Evidence, describe_enum
from graph_model import audit
from graph_model.audit import RuleSet
from loaders.messages import Lang
from queries.audit.rules import default_rules

AuditSeverity = audit.AuditSeverity
describe_enum(
    AuditSeverity,
    "How much a finding matters.",
    ERROR="A rule of the article or the regulations is broken.",
    WARNING="Something is not as it normally should be.",
    INFO="Worth knowing; nothing to fix.",
)
AuditRuleSource = audit.RuleSource
describe_enum(
    AuditRuleSource,
    "Where an audit rule comes from.",
    ARTICLE="A mechanism of the source article.",
    REGULATION="The party's regulations.",
)


@strawberry.type(description="An audit rule as the rules file configures it.")
class AuditRule:
    id: str = strawberry.field(description="R01 to R14, in DOMAIN.md's order.")
    title_en: str = strawberry.field(description="The rule in English.")
    title_zh: str = strawberry.field(description="The rule in Chinese.")
    severity: AuditSeverity = strawberry.field(description="The severity of its findings.")
    source: AuditRuleSource = strawberry.field(description="The article or the regulations.")
    citation: str = strawberry.field(description="Where exactly, in one line.")
    enabled: bool = strawberry.field(description="Whether it runs unless rules are named.")
    thresholds: JSON = strawberry.field(description="Its thresholds, by name.")

    @classmethod
    def of(cls, rule: audit.Rule) -> AuditRule:
        return cls(
            id=rule.id,
            title_en=rule.title_en,
            title_zh=rule.title_zh,
            severity=rule.severity,
            source=rule.source,
            citation=rule.citation,
            enabled=rule.enabled,
            thresholds=JSON(dict(rule.thresholds)),
        )


@strawberry.type(description="One breach of one rule by one entity.")
class AuditFinding:
    rule_id: str = strawberry.field(description="The rule broken.")
    severity: AuditSeverity = strawberry.field(description="How much it matters.")
    check: str = strawberry.field(description="Which part of the rule, e.g. no_secretary.")
    entity: Entity = strawberry.field(description="The entity that breaks it.")
    unit: Entity | None = strawberry.field(description="The unit the entity belongs to.")
    message: str = strawberry.field(description="What is wrong, in one line.")
    evidence: Evidence = strawberry.field(
        description="The nodes (the entity first) and relationships that make the finding true."
    )
    missing: str | None = strawberry.field(
        description="The link whose absence makes the rule fail, if the rule is about one."
    )

    @classmethod
    def of(cls, finding: audit.Finding, lang: Lang) -> AuditFinding:
        return cls(
            rule_id=finding.rule_id,
            severity=finding.severity,
            check=finding.check,
            entity=Entity.of(finding.entity),
            unit=Entity.of(finding.unit) if finding.unit else None,
            message=finding_message(finding, lang),
            evidence=Evidence.of(finding.evidence),
            missing=finding.missing,
        )


@strawberry.type(description="How many findings a rule has.")
class AuditRuleCount:
    rule_id: str = strawberry.field(description="The rule.")
    count: int = strawberry.field(description="Its findings.")


@strawberry.type(description="How many findings have a severity.")
class AuditSeverityCount:
    severity: AuditSeverity = strawberry.field(description="The severity.")
    count: int = strawberry.field(description="Findings of that severity.")


@strawberry.type(description="How many findings belong to a unit's subtree.")
class AuditUnitCount:
    unit: Entity = strawberry.field(description="The unit.")
    count: int = strawberry.field(description="Findings whose unit is this one or below it.")


@strawberry.type(description="The findings of an audit, ordered by rule, entity and check.")
class AuditReport:
    as_of: date = strawberry.field(description="The day the audit holds.")
    under_unit: Entity | None = strawberry.field(description="The subtree audited, if any.")
    rules: list[AuditRule] = strawberry.field(description="The rules that ran, by id.")
    findings: list[AuditFinding] = strawberry.field(description="Every finding, in order.")
    counts_by_rule: list[AuditRuleCount] = strawberry.field(
        description="Findings per rule that ran, zeros included, by rule id."
    )
    counts_by_severity: list[AuditSeverityCount] = strawberry.field(
        description="Findings per severity, most serious first, zeros included."
    )
    counts_by_unit: list[AuditUnitCount] = strawberry.field(
        description="Findings per unit subtree, for every unit with any, by unit id; findings "
        "without a unit count only in the totals."
    )

    @classmethod
    def of(cls, report: audit.AuditReport, lang: Lang) -> AuditReport:
        return cls(
            as_of=report.as_of,
            under_unit=Entity.of(report.under_unit) if report.under_unit else None,
            rules=[AuditRule.of(rule) for rule in report.rules],
            findings=[AuditFinding.of(f, lang) for f in report.findings],
            counts_by_rule=[AuditRuleCount(rule_id=r, count=n) for r, n in report.by_rule],
            counts_by_severity=[
                AuditSeverityCount(severity=s, count=n) for s, n in report.by_severity
            ],
            counts_by_unit=[AuditUnitCount(unit=Entity.of(u), count=n) for u, n in report.by_unit],
        )


def _selected(rule_ids: list[str] | None) -> RuleSet:
    rules = default_rules()
    return rules if rule_ids is None else rules.only(rule_ids)


@strawberry.type(description="The audit of docs/domain.md's rules.")
class AuditQuery:
    @strawberry.field(
        description="Findings of the audit rules on a day, each with its unit and evidence."
    )
    async def audit(
        self,
        info: Info[Context, None],
        as_of: AsOf = None,
        under_unit_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="Only entities whose unit is this unit or a unit below it."
            ),
        ] = None,
        rules: Annotated[
            list[str] | None,
            strawberry.argument(
                description='Ids of the rules to run, e.g. ["R01", "R03"]; default: every '
                "enabled rule."
            ),
        ] = None,
    ) -> AuditReport:
        day = requested_day(info, as_of)
        backend = info.context.backend
        found = await ask(lambda: backend.audit(day, _selected(rules), under_unit_id))
        return AuditReport.of(found, info.context.lang)
