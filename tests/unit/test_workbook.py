"""Reading a bundle from an ``.xlsx`` workbook, the errors workbook and the template: pure.

Every bad workbook is the sample with one thing broken; each problem must name its sheet and
cell (``sheet!C3``), the way a person finds it in Excel.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph_model.errors import BundleError, Problem, Severity
from loaders import SAMPLE_BUNDLE, read_bundle
from loaders.labels import COLUMN_LABELS
from loaders.messages import message_of
from loaders.workbook.report import write_errors_workbook
from loaders.workbook.template import write_template
from tests.support.workbooks import csv_tables, fill_template, sample_book, write_book


def _problems(path: Path) -> list[str]:
    with pytest.raises(BundleError) as caught:
        read_bundle(path)
    return [str(p) for p in caught.value.problems]


def _with(tmp_path: Path, **changes: list[list[object]]) -> Path:
    """The sample as a workbook, with some sheets replaced."""
    return write_book(tmp_path / "book.xlsx", {**csv_tables(), **changes})


def test_the_sample_as_a_workbook_reads_as_the_csv_bundle(tmp_path: Path) -> None:
    book = read_bundle(sample_book(tmp_path / "sample.xlsx"))
    assert book.bundle == read_bundle(SAMPLE_BUNDLE).bundle
    assert book.warnings == read_bundle(SAMPLE_BUNDLE).warnings or all(
        w.cell is not None for w in book.warnings
    )


def test_a_chinese_header_and_every_date_form_read_as_the_format_says(tmp_path: Path) -> None:
    tables = csv_tables()
    header, *rows = tables["party_roles"]
    labels = [COLUMN_LABELS["party_roles"][name] for name in header]
    forms: list[object] = [date(2020, 1, 2), datetime(2020, 1, 2), "2020/1/2", "2020年1月2日"]
    dated = [[*row[:3], forms[i % len(forms)], ""] for i, row in enumerate(rows)]
    book = _with(tmp_path, party_roles=[labels, *dated])
    seats = read_bundle(book).bundle.seats
    assert {seat.start for seat in seats} == {date(2020, 1, 2)}


def test_a_bad_value_names_its_sheet_and_cell(tmp_path: Path) -> None:
    units = csv_tables()["units"]
    units[2][2] = "prefecture"
    problems = _problems(_with(tmp_path, units=units))
    assert len(problems) == 1
    assert problems[0].startswith("units!C3: kind: 'prefecture' is not one of")


def test_a_missing_required_column_is_reported_at_the_header(tmp_path: Path) -> None:
    units = [row[:2] + row[3:] for row in csv_tables()["units"]]  # no kind
    problems = _problems(_with(tmp_path, units=units))
    assert problems[0] == "units!A1: kind: required column is missing"


def test_rows_and_cells_are_the_sheets_own_when_the_data_does_not_start_at_a1(
    tmp_path: Path,
) -> None:
    domains = [["", "", ""], ["", "id", "name"], ["", "d-x", ""]]
    assert "domains!C3: name: required value is missing" in _problems(
        _with(tmp_path, domains=domains)
    )


def test_a_column_named_twice_in_two_languages_is_refused(tmp_path: Path) -> None:
    domains = [["id", "name", "领域编号"], ["d-1", "One", "d-1"]]
    problems = _problems(_with(tmp_path, domains=domains))
    assert problems == ["domains!C1: id: the column is named twice; first in A1"]


def test_stray_spaces_and_full_width_characters_are_cleaned_with_a_warning(
    tmp_path: Path,
) -> None:
    domains = csv_tables()["domains"]
    domains[1][1] = f" {domains[1][1]} "
    domains.append(["ｄ－ｎｅｗ", "New"])
    validated = read_bundle(_with(tmp_path, domains=domains))
    assert "d-new" in {d.id for d in validated.bundle.domains}
    warnings = [str(w) for w in validated.warnings]
    assert any(w.startswith("domains!B2: name: spaces around") for w in warnings)
    assert (
        f"domains!A{len(domains)}: id: full-width characters converted: 'ｄ－ｎｅｗ' -> 'd-new'"
        in (warnings)
    )


def test_a_missing_sheet_others_refer_to_is_one_error_not_one_per_reference(
    tmp_path: Path,
) -> None:
    tables = csv_tables()
    del tables["units"]
    problems = _problems(write_book(tmp_path / "book.xlsx", tables))
    assert len(problems) == 1
    assert problems[0].startswith("book.xlsx:0: -: sheet units is missing, but ")


@pytest.mark.parametrize(
    ("breaking", "expected"),
    [
        ("merged", "units!A2: -: cells A2:B2 are merged"),
        ("hidden", "units:0: -: the sheet is hidden"),
        ("formula", "domains!B2: name: the cell holds a formula"),
        ("full", "visits!A1048576: -: the sheet reaches Excel's last row"),
    ],
)
def test_a_workbook_people_broke_is_refused_naming_where(
    tmp_path: Path, breaking: str, expected: str
) -> None:
    path = sample_book(tmp_path / "book.xlsx")
    book = load_workbook(path)
    if breaking == "merged":
        book["units"].merge_cells("A2:B2")
    elif breaking == "hidden":
        book["units"].sheet_state = "hidden"
    elif breaking == "formula":
        book["domains"]["B2"] = '=UPPER("x")'
    else:  # a sheet filled to Excel's last row, as a copy that was cut off leaves it
        book["visits"]["A1048576"] = "lp-x"
    book.save(path)
    problems = _problems(path)
    assert any(p.startswith(expected) for p in problems), problems


def test_a_sheet_named_as_no_table_is_ignored_with_a_warning(tmp_path: Path) -> None:
    validated = read_bundle(_with(tmp_path, Sheet9=[["a"], ["b"]]))
    assert "Sheet9:0: -: not a bundle table; ignored" in [str(w) for w in validated.warnings]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "an Excel 97-2003 workbook (.xls)"),
        (b"id,name\nd-1,One\n", "not an Excel workbook (.xlsx): it is not a zip package"),
    ],
)
def test_a_file_that_is_no_xlsx_is_refused_for_what_it_is(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(content)
    assert [p.split(": ", 2)[-1][: len(expected)] for p in _problems(path)] == [expected]


def test_a_workbook_with_no_table_sheet_is_refused(tmp_path: Path) -> None:
    problems = _problems(write_book(tmp_path / "book.xlsx", {"Sheet1": []}))
    assert problems == [
        "book.xlsx:0: -: no sheet is named as a table; expected some of: "
        "domains, units, people, party_orgs, party_roles, leader_domains, teams, party_groups, "
        "projects, liaison_points, visits"
    ]


def test_problems_are_said_in_chinese_from_their_code(tmp_path: Path) -> None:
    units = csv_tables()["units"]
    units[2][3] = "u-nowhere"
    with pytest.raises(BundleError) as caught:
        read_bundle(_with(tmp_path, units=units))
    (found,) = caught.value.problems
    assert (found.code, found.cell) == ("reference_missing", "D3")
    assert message_of(found, "zh") == "'u-nowhere' 不是任何单位的编号"
    assert message_of(found, "en") == found.message == "'u-nowhere' names no unit"


def test_the_errors_workbook_marks_each_problem_cell_and_lists_them_with_links(
    tmp_path: Path,
) -> None:
    units = csv_tables()["units"]
    units[2][2] = "prefecture"
    units[3][3] = "u-nowhere"
    book = _with(tmp_path, units=units)
    with pytest.raises(BundleError) as caught:
        read_bundle(book)
    out = tmp_path / "errors.xlsx"
    write_errors_workbook(book, caught.value.problems, out)

    marked = load_workbook(out)
    assert marked.sheetnames[0] == "问题清单"
    assert marked.sheetnames[1:] == load_workbook(book).sheetnames
    for name in ("C3", "D4"):
        cell = marked["units"][name]
        assert cell.fill.start_color.rgb == "FFFF8080"
        assert cell.comment is not None
    assert "不在可选值中" in marked["units"]["C3"].comment.text
    listed = marked["问题清单"]
    links = [row[3].hyperlink for row in listed.iter_rows(min_row=3) if row[3].hyperlink]
    assert [link.location for link in links] == ["'units'!C3", "'units'!D4"]


def test_the_errors_workbook_speaks_english_when_asked(tmp_path: Path) -> None:
    book = sample_book(tmp_path / "book.xlsx")
    found = Problem("units", 2, "kind", "'x' is not one of: a", Severity.ERROR, "C2")
    out = tmp_path / "errors.xlsx"
    write_errors_workbook(book, [found], out, "en")
    marked = load_workbook(out)
    assert marked.sheetnames[0] == "problems"
    assert marked["units"]["C2"].comment.text == "kind: 'x' is not one of: a"


def test_a_bundle_that_is_no_workbook_gets_the_list_alone(tmp_path: Path) -> None:
    out = tmp_path / "errors.xlsx"
    write_errors_workbook(SAMPLE_BUNDLE, [Problem("units.csv", 3, "kind", "bad")], out, "en")
    assert load_workbook(out).sheetnames == ["problems"]


def test_the_template_has_a_bilingual_frozen_header_and_drop_downs(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    write_template(path)
    book = load_workbook(path)
    units = book["units"]
    assert [c.value for c in units[1]][:3] == ["*单位编号", "*单位名称", "*单位类型"]
    assert [c.value for c in units[2]] == ["id", "name", "kind", "parent_id", "domain_ids"]
    assert units.freeze_panes == "A3"
    lists = {str(v.sqref): v.formula1 for v in units.data_validations.dataValidation}
    assert lists["C3:C1048576"] == '"company,bureau,county,department,support,station"'
    assert lists["D3:D1048576"] == "units!$A$3:$A$1048576"
    assert book["party_orgs"].column_dimensions["H"].number_format == "yyyy-mm-dd"
    assert read_bundle(path).bundle.counts() == dict.fromkeys(read_bundle(path).bundle.counts(), 0)


def test_the_template_filled_with_the_sample_loads_as_the_sample(tmp_path: Path) -> None:
    template = tmp_path / "template.xlsx"
    write_template(template)
    filled = fill_template(template, csv_tables(), tmp_path / "filled.xlsx")
    validated = read_bundle(filled)
    assert validated.bundle == read_bundle(SAMPLE_BUNDLE).bundle
    assert not [w for w in validated.warnings if w.code != "member_elsewhere"]
