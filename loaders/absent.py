"""Tables a bundle does not have at all: an error once when other tables refer to its ids,
else a warning that the graph will hold none of its rows.

A table is optional (docs/format.md: a bundle of only ``domains.csv`` and ``units.csv`` is
valid), but one that other tables name ids of is *required by them*: without ``units.csv`` every
``unit_id`` of ``people.csv`` would name no unit. That is one problem, at the missing file,
naming the columns that refer to it; those references are then not checked one by one (the
``unknown`` kinds). Every reader says what is absent the same way (``RawBundle.absent``): a CSV
folder its files, a JSON document its keys, a workbook its sheets. A workbook's problem is
at the book (it has no cell to point at) and names the sheet.

>>> found = absent_problems({"units": "units.csv"}, "org", {"units": ["people.csv unit_id"]})
>>> [str(p) for p in found.problems]
['units.csv:0: -: units.csv is missing from the bundle org; people.csv unit_id refer to its ids']
>>> sorted(found.unknown)
[<NodeKind.UNIT: 'Unit'>]
>>> str(absent_problems({"visits": "visits.csv"}, "org", {}).problems[0])
'visits.csv:0: -: visits.csv absent: the graph will hold no visits'
>>> str(absent_problems({"visits": "visits"}, "org.xlsx", {}).problems[0])
'org.xlsx:0: -: sheet visits absent: the graph will hold no visits'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph_model.errors import Problem, Severity
from graph_model.kinds import NodeKind
from loaders.messages import problem
from loaders.schema import TABLES

#: What a workbook's name ends with (loaders/readers.py reads these as workbooks).
WORKBOOK_SUFFIXES = (".xlsx", ".xls")


@dataclass(frozen=True, slots=True)
class Absence:
    """What the absent tables make of a bundle: their problems, and the kinds of thing whose
    ids are not known because the table defining them is missing (references to them are not
    checked: the missing table is the one problem)."""

    problems: list[Problem]
    unknown: frozenset[NodeKind]


def absent_problems(
    absent: Mapping[str, str], bundle: str, referrers: Mapping[str, Sequence[str]]
) -> Absence:
    """The problems of the tables ``absent`` from ``bundle`` (stem -> the name its file, key or
    sheet would have had), given, per absent table, the columns of present tables that refer
    to its ids (``"people.csv unit_id"``) in at least one row."""
    problems: list[Problem] = []
    unknown: set[NodeKind] = set()
    for stem, name in absent.items():
        required = bool(referrers.get(stem))
        problems.append(_problem(stem, name, bundle, ", ".join(referrers.get(stem, ()))))
        kind = TABLES[stem][0]
        if required and kind is not None:
            unknown.add(kind)
    return Absence(problems, frozenset(unknown))


def _problem(stem: str, name: str, bundle: str, referrers: str) -> Problem:
    """An error naming ``referrers`` when there are any, else a warning."""
    things = stem.replace("_", " ")
    warning = Severity.WARNING
    if bundle.lower().endswith(WORKBOOK_SUFFIXES):  # at the book, naming the sheet
        if referrers:
            return problem(bundle, 0, "-", "sheet_missing", sheet=name, referrers=referrers)
        return problem(bundle, 0, "-", "sheet_absent", severity=warning, sheet=name, things=things)
    if referrers:
        return problem(
            name, 0, "-", "table_missing", table=name, bundle=bundle, referrers=referrers
        )
    return problem(name, 0, "-", "table_absent", severity=warning, table=name, things=things)


#: The table that defines the ids of each kind.
DEFINED_BY: dict[NodeKind, str] = {
    kind: stem for stem, (kind, _) in TABLES.items() if kind is not None
}

__all__ = ["DEFINED_BY", "WORKBOOK_SUFFIXES", "Absence", "absent_problems"]
