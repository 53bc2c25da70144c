"""The Markdown report: the machine, the versions, then one table per comparison.

>>> from bench.rows import Row, Section
>>> text = render("t", {"CPU": "x"}, {"Python": "3"}, [Section("A", [Row("m", 1.5, "s")])])
>>> "| m | 1.5 | s |" in text
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bench.rows import Row, Section

HEADER = "| metric | value | unit | target | met? | ratio | note |"
RULE = "|---|---:|---|---|---|---:|---|"


def render(
    heading: str,
    machine: Mapping[str, str],
    versions: Mapping[str, str],
    sections: Iterable[Section],
    preface: Iterable[str] = (),
) -> str:
    sections = list(sections)
    lines = [f"# {heading}", "", *preface, ""]
    lines += ["## Machine", "", *_pairs(machine), "", "## Versions", "", *_pairs(versions), ""]
    lines += ["## Targets", "", *_summary(sections), ""]
    for section in sections:
        lines += _section(section)
    return "\n".join(lines).rstrip() + "\n"


def table(rows: Iterable[Row]) -> list[str]:
    return [HEADER, RULE, *(_row(row) for row in rows)]


def number(value: float | None) -> str:
    """Three significant digits, without scientific notation for everyday magnitudes."""
    if value is None:
        return "—"
    if value == 0 or 0.001 <= abs(value) < 1e7:
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return f"{value:.3g}"


def _row(row: Row) -> str:
    status = {"met": "✅ met", "missed": "❌ missed"}.get(row.status, "")
    ratio = f"{row.ratio:.2f}×" if row.ratio is not None else ""
    cells = (row.metric, number(row.value), row.unit, row.target, status, ratio, row.note)
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _pairs(pairs: Mapping[str, str]) -> list[str]:
    return [f"- **{key}**: {value}" for key, value in pairs.items()]


def _summary(sections: list[Section]) -> list[str]:
    judged = [(s.title, r) for s in sections for r in s.rows if r.met is not None]
    met = sum(1 for _, r in judged if r.met)
    lines = [
        f"{met} of {len(judged)} targets met. *ratio* is the measured value over the target's "
        "bound or competitor: a `≤` target is met at 1 or below, a `≥` target at 1 or above."
    ]
    failed = [s.title for s in sections if s.errors]
    if failed:
        lines.append(f"Comparisons with errors: {', '.join(failed)}.")
    lines += ["", "| comparison | metric | target | met? | ratio |", "|---|---|---|---|---:|"]
    for title, r in judged:
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else ""
        lines.append(f"| {title} | {_cell(r.metric)} | {_cell(r.target)} | {r.status} | {ratio} |")
    return lines


def _section(section: Section) -> list[str]:
    lines = [f"## {section.title}", ""]
    for note in section.notes:
        lines += [note, ""]
    if section.rows:
        lines += [*table(section.rows), ""]
    for error in section.errors:
        lines += ["**Failed:**", "", "```", error.strip(), "```", ""]
    for name, profile in section.profiles.items():
        lines += [
            f"<details><summary>Profile: {name}</summary>",
            "",
            "```",
            profile.strip(),
            "```",
            "",
            "</details>",
            "",
        ]
    return lines
