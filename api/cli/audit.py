"""``orgraph audit``: the audit report as a table, JSON or CSV.

Exit status 0 whatever the findings; 1 for a question that cannot be asked (a bad rules file,
an unknown rule or unit, a bad bundle); 2 when the backend does not answer. JSON carries
everything, evidence included, in the GraphQL API's camelCase; CSV has one row per finding,
its evidence reduced to the ids of its nodes, and text a spreadsheet would run as a formula
(``=HYPERLINK(…)``) prefixed with an apostrophe (loaders/neutralise.py).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.table import Table

from api.cli.audit_texts import say_audit, severity_word
from api.cli.bundle_problems import cli_lang
from api.cli.progress import ProgressDisplay, QuietOption
from api.schema.texts import finding_message
from api.settings import Settings
from graph_model.audit import AuditReport, Finding
from graph_model.errors import BackendUnavailable, BundleError, OrgraphError
from graph_model.results import EntityRef
from graph_model.timeline import today
from loaders.messages import Lang
from loaders.neutralise import neutralised

Format = Literal["table", "json", "csv"]
CSV_COLUMNS = (
    "rule", "severity", "check", "entity_id", "entity_kind", "entity_name",
    "unit_id", "unit_name", "message", "missing", "evidence_nodes",
)  # fmt: skip


def audit(
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="The day; default today."),
    ] = None,
    under: Annotated[
        str | None, typer.Option(help="Only entities whose unit is this unit or below it.")
    ] = None,
    rules: Annotated[
        Path | None,
        typer.Option(help="A rules file: a copy of queries/audit/rules.toml, edited."),
    ] = None,
    only: Annotated[str | None, typer.Option(help="Run only these rules, e.g. R01,R03.")] = None,
    output: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = "table",
    backend: Annotated[
        Literal["memory", "neo4j"] | None,
        typer.Option(help="memory (embedded, default) or neo4j; else ORGRAPH_BACKEND."),
    ] = None,
    bundle: Annotated[
        Path | None, typer.Option(help="Bundle the embedded backend audits. Default: the sample.")
    ] = None,
    quiet: QuietOption = False,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang",
            help="Messages and headings in zh (Chinese) or en (English); default: the "
            "locale's (LC_ALL, LC_MESSAGES, LANG), English when none is set.",
        ),
    ] = None,
) -> None:
    """Audit the organisation against the rules of docs/domain.md."""
    said = cli_lang(lang)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    overrides: dict[str, Any] = {"backend": backend, "bundle": bundle}
    settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    with ProgressDisplay(err, quiet=quiet) as display:
        report = _audit(settings, display, rules, only, as_of, under)
    if output == "table":
        print_table(report, Console(highlight=False), said)
    else:
        sys.stdout.write(as_json(report, said) if output == "json" else as_csv(report, said))


def _audit(
    settings: Settings,
    display: ProgressDisplay,
    rules: Path | None,
    only: str | None,
    as_of: datetime | None,
    under: str | None,
) -> AuditReport:
    """The report, or exit 1 (the question cannot be asked) or 2 (the backend does not answer)."""
    from api.bootstrap import make_backend
    from queries.audit.rules import load_rules

    err = display.console
    try:
        selected = load_rules(rules)
        selected = selected.only(only.split(",")) if only else selected
        with display.phase(f"opening the {settings.backend} backend"):
            store = make_backend(settings)
    except BundleError as exc:
        err.print(f"error: {exc}\n{exc.report()}", markup=False)
        raise typer.Exit(1) from None
    except OrgraphError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    try:
        day = as_of.date() if as_of else today(settings.timezone)
        with display.phase("auditing"):
            return store.audit(day, selected, under)
    except BackendUnavailable as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    except OrgraphError as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(1) from None
    finally:
        store.close()


# -- the three formats ---------------------------------------------------------------------
def print_table(report: AuditReport, console: Console, lang: Lang = "en") -> None:
    """The findings, then the counts by rule, by severity and by unit (one level down)."""
    scope = say_audit("scope", lang, unit=report.under_unit.id) if report.under_unit else ""
    count = len(report.findings)
    findings = _table(
        say_audit("findings_title", lang, as_of=report.as_of, scope=scope, count=count),
        say_audit("findings_columns", lang),
    )
    for f in report.findings:
        home = f.unit.id if f.unit else "-"
        severity = severity_word(f.severity.value, lang)
        findings.add_row(f.rule_id, severity, _label(f.entity), home, finding_message(f, lang))
    by_rule = _table(say_audit("by_rule_title", lang), say_audit("by_rule_columns", lang))
    counts = dict(report.by_rule)
    for r in report.rules:
        title = f"{r.title_en} / {r.title_zh}" if lang == "en" else r.title_zh
        by_rule.add_row(r.id, severity_word(r.severity.value, lang), str(counts[r.id]), title)
    by_unit = _table(say_audit("by_unit_title", lang), say_audit("by_unit_columns", lang))
    for unit, n in _top_units(report):
        by_unit.add_row(_label(unit), str(n))
    severities = ("，" if lang == "zh" else ", ").join(
        say_audit("severity_count", lang, count=n, severity=severity_word(s.value, lang))
        for s, n in report.by_severity
    )
    for part in (findings, by_rule, say_audit("by_severity", lang, counts=severities), by_unit):
        console.print(part)


def _table(title: str, columns: str) -> Table:
    """A table titled ``title``, its columns named by ``columns`` (``a|b|c``)."""
    table = Table(title=title)
    for column in columns.split("|"):
        table.add_column(column, overflow="fold")
    return table


def _label(entity: EntityRef) -> str:
    return f"{entity.id} {entity.name}" if entity.name != entity.id else entity.id


def _top_units(report: AuditReport) -> list[tuple[EntityRef, int]]:
    """The counts of the top unit (the audited one, else each root) and the units just below."""
    depth = {u.id: len(p) - i - 1 for p in report.unit_paths.values() for i, u in enumerate(p)}
    top = depth.get(report.under_unit.id, 0) if report.under_unit else 0
    return [(u, n) for u, n in report.by_unit if depth[u.id] <= top + 1]


def _entity(ref: EntityRef | None) -> dict[str, str] | None:
    return {"id": ref.id, "kind": ref.kind.value, "name": ref.name} if ref else None


def _finding(f: Finding, lang: Lang) -> dict[str, Any]:
    return {
        "rule": f.rule_id,
        "severity": f.severity.value,
        "check": f.check,
        "entity": _entity(f.entity),
        "unit": _entity(f.unit),
        "message": finding_message(f, lang),
        "missing": f.missing,
        "evidence": {
            "nodes": [_entity(n) for n in f.evidence.nodes],
            "relationships": [
                {"type": r.type.value, "startId": r.start, "endId": r.end}
                for r in f.evidence.relationships
            ],
        },
    }


def as_json(report: AuditReport, lang: Lang = "en") -> str:
    document = {
        "asOf": report.as_of.isoformat(),
        "underUnit": _entity(report.under_unit),
        "rules": [
            {
                "id": r.id,
                "titleEn": r.title_en,
                "titleZh": r.title_zh,
                "severity": r.severity.value,
                "source": r.source.value,
                "citation": r.citation,
                "thresholds": dict(r.thresholds),
            }
            for r in report.rules
        ],
        "counts": {
            "byRule": dict(report.by_rule),
            "bySeverity": {s.value: n for s, n in report.by_severity},
            "byUnit": [{"unit": _entity(u), "count": n} for u, n in report.by_unit],
        },
        "findings": [_finding(f, lang) for f in report.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def as_csv(report: AuditReport, lang: Lang = "en") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in report.findings:
        unit = f.unit or EntityRef("", f.entity.kind, "")
        cells = (f.rule_id, f.severity.value, f.check, f.entity.id, f.entity.kind.value,
                 f.entity.name, unit.id, unit.name, finding_message(f, lang), f.missing or "",
                 ";".join(n.id for n in f.evidence.nodes))  # fmt: skip
        # The file is for spreadsheets: a name starting "=" must not run there as a formula.
        writer.writerow(neutralised(cell) for cell in cells)
    return buffer.getvalue()
