"""The orgraph command on workbooks: check and load read one, --errors-to marks a copy of it,
--lang chooses the language, and template writes one to fill."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli.main import app
from tests.support.workbooks import csv_tables, sample_book, write_book

runner = CliRunner()


@pytest.fixture
def broken_book(tmp_path: Path) -> Path:
    tables = csv_tables()
    tables["units"][2][2] = "prefecture"
    return write_book(tmp_path / "broken.xlsx", tables)


def test_check_accepts_the_sample_as_a_workbook(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(sample_book(tmp_path / "sample.xlsx"))])
    assert result.exit_code == 0, result.output
    assert "sample.xlsx: valid (" in result.output


def test_check_names_the_cell_and_writes_the_errors_workbook(
    broken_book: Path, tmp_path: Path
) -> None:
    marked = tmp_path / "errors.xlsx"
    result = runner.invoke(
        app, ["check", str(broken_book), "--errors-to", str(marked), "--lang", "en"]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.startswith("units!C3: kind: 'prefecture' is not one of") for line in lines)
    assert "nothing was written" in lines[-1]
    book = load_workbook(marked)
    assert book.sheetnames[0] == "problems"
    assert book["units"]["C3"].comment is not None


def test_messages_follow_the_locale_unless_told(
    broken_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    chinese = runner.invoke(app, ["check", str(broken_book)])
    assert any(
        line.startswith("units!C3: kind: 'prefecture' 不在可选值中")
        for line in chinese.output.splitlines()
    )
    assert "未写入任何数据" in chinese.output
    english = runner.invoke(app, ["check", str(broken_book), "--lang", "en"])
    assert "nothing was written" in english.output


def test_template_writes_a_workbook_check_accepts(tmp_path: Path) -> None:
    path = tmp_path / "template.xlsx"
    written = runner.invoke(app, ["template", str(path), "--lang", "en"])
    assert written.exit_code == 0, written.output
    assert load_workbook(path).sheetnames[1:3] == ["domains", "units"]
    checked = runner.invoke(app, ["check", str(path)])
    assert checked.exit_code == 0, checked.output


def test_load_reads_a_workbook_into_neo4j(
    tmp_path: Path, neo4j_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORGRAPH_NEO4J_URI", neo4j_uri)
    book = sample_book(tmp_path / "sample.xlsx")
    result = runner.invoke(app, ["load", str(book), "--backend", "neo4j", "--overwrite-changes"])
    assert result.exit_code == 0, result.output
    assert "loaded" in result.output


def test_a_rejected_workbook_load_writes_nothing_and_marks_the_copy(
    broken_book: Path, tmp_path: Path, neo4j_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORGRAPH_NEO4J_URI", neo4j_uri)
    marked = tmp_path / "errors.xlsx"
    result = runner.invoke(
        app, ["load", str(broken_book), "--backend", "neo4j", "--errors-to", str(marked)]
    )
    assert result.exit_code == 1
    assert load_workbook(marked).sheetnames[0] == "问题清单"
