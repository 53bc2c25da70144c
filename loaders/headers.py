"""A table's header against the format's columns: each missing column reported once, with the
name in the header it most likely was, so that a misspelt header is one problem, not one per
row.

Matching stays exact (docs/format.md): ``ID`` is not ``id``. But a name the format does not know
is compared with the columns the header lacks, ignoring case (difflib), and with their Chinese
labels (loaders/labels.py), to suggest the one meant.

>>> [(f.column, f.code, f.params) for f in header_findings("units", "units.csv", ["ID", "name"])]
[('ID', 'column_misnamed', {'found': "'ID'", 'table': 'units.csv', 'expected': "'id'"}), \
('kind', 'column_missing', {})]
>>> header_findings("units", "units.csv", ["id", "name", "kind", "Parent_ID"])[0].code
'column_misnamed_optional'
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph_model.errors import Severity
from loaders.labels import column_of_label
from loaders.schema import TABLES

#: How alike (difflib's ratio, ignoring case) a name must be to a column to be suggested.
CUTOFF = 0.6


@dataclass(frozen=True, slots=True)
class HeaderFinding:
    """One problem of a header: the column it is about (a name in the header when it suggests
    what that name should be), its code (loaders/messages.py) and values."""

    column: str
    code: str
    severity: Severity = Severity.ERROR
    params: dict[str, str] = field(default_factory=dict)


def header_findings(stem: str, source: str, header: Sequence[str]) -> list[HeaderFinding]:
    """The problems of ``header``, the column names of table ``stem`` read from ``source``:
    a required column missing (an error, reported at the name meant for it when there is one),
    and a name that looks meant for an optional column the header lacks (a warning)."""
    columns = TABLES[stem][1]
    missing = [c for c in columns if c.name not in header]
    known = {c.name for c in columns}
    meant = _meant(stem, [name for name in header if name not in known], [c.name for c in missing])
    findings = []
    for column in missing:
        found = meant.get(column.name)
        if found is None:
            if column.required:
                findings.append(HeaderFinding(column.name, "column_missing"))
            continue
        code = "column_misnamed" if column.required else "column_misnamed_optional"
        severity = Severity.ERROR if column.required else Severity.WARNING
        params = {"found": repr(found), "table": source, "expected": repr(column.name)}
        findings.append(HeaderFinding(found, code, severity, params))
    return findings


def missing_required(stem: str, header: Sequence[str]) -> frozenset[str]:
    """The required columns of table ``stem`` that ``header`` lacks: their cells are not
    checked row by row, the header's problem says it once."""
    return frozenset(c.name for c in TABLES[stem][1] if c.required and c.name not in header)


def _meant(stem: str, unknown: list[str], missing: list[str]) -> dict[str, str]:
    """For each missing column, the unknown name most likely meant for it, each name used once:
    a Chinese label first, then the closest name ignoring case."""
    meant: dict[str, str] = {}
    for name in unknown:
        column = column_of_label(stem, name)
        if column in missing and column not in meant:
            meant[column] = name
    left = [name for name in unknown if name not in meant.values()]
    lowered = {name.lower(): name for name in left}
    for column in missing:
        if column in meant:
            continue
        close = difflib.get_close_matches(column.lower(), list(lowered), n=1, cutoff=CUTOFF)
        if close:
            meant[column] = lowered.pop(close[0])
    return meant


__all__ = ["HeaderFinding", "header_findings", "missing_required"]
