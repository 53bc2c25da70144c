"""A workbook without a sheet is told so as a CSV folder without a file is (loaders/absent.py):
a sheet nothing refers to is a warning that the graph will hold none of its rows, one others
refer to is one error, at the book, naming the sheet and the columns that refer to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_model.errors import BundleError, Severity
from loaders import read_bundle
from loaders.messages import message_of
from tests.support.workbooks import csv_tables, write_book


def _without(tmp_path: Path, sheet: str) -> Path:
    tables = csv_tables()
    del tables[sheet]
    return write_book(tmp_path / "book.xlsx", tables)


def test_a_workbook_without_an_optional_sheet_loads_with_a_warning(tmp_path: Path) -> None:
    validated = read_bundle(_without(tmp_path, "visits"))

    assert validated.bundle.visits == ()
    absent = [w for w in validated.warnings if w.code == "sheet_absent"]
    assert [str(w) for w in absent] == [
        "book.xlsx:0: -: sheet visits absent: the graph will hold no visits"
    ]
    assert absent[0].severity is Severity.WARNING
    assert message_of(absent[0], "zh") == "缺少工作表 visits：图中将没有调研指导"


def test_a_workbook_without_a_sheet_others_refer_to_is_one_error_at_the_book(
    tmp_path: Path,
) -> None:
    with pytest.raises(BundleError) as caught:
        read_bundle(_without(tmp_path, "people"))

    problems = caught.value.problems
    assert len(problems) == 1, [str(p) for p in problems]  # not one per reference
    (missing,) = problems
    assert (missing.file, missing.row, missing.code) == ("book.xlsx", 0, "sheet_missing")
    assert missing.message.startswith("sheet people is missing, but ")
    assert "party_roles person_id" in missing.message
