"""``orgraph audit``: the sample's findings as a table, JSON and CSV, from either backend."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.audit import CSV_COLUMNS
from api.cli.main import app
from loaders import SAMPLE_BUNDLE, read_bundle
from queries.neo4j.backend import Neo4jBackend

runner = CliRunner()
DAY = ["--as-of", "2026-11-23"]


def test_the_table_lists_findings_then_counts() -> None:
    result = runner.invoke(app, ["audit", *DAY, "--under", "u-b13"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Audit as of 2026-11-23 under u-b13: 3 findings" in lines[0]
    assert any("lp-b13-2" in line and "never visited" in line for line in lines)
    assert any("br-b13-s1" in line and "the branch has no secretary" in line for line in lines)
    assert "By severity: 1 error, 2 warning, 0 info" in lines
    assert any(
        "u-b13-c1" in line
        for line in lines[lines.index("By severity: 1 error, 2 warning, 0 info") :]
    )


def test_json_carries_every_finding_with_its_evidence() -> None:
    result = runner.invoke(app, ["audit", *DAY, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["asOf"] == "2026-11-23"
    assert len(report["findings"]) == sum(report["counts"]["byRule"].values()) == 20
    overdue = next(f for f in report["findings"] if f["rule"] == "R12")
    assert overdue["entity"] == {"id": "po-b12", "kind": "PartyOrg", "name": "望川供电局党委"}
    assert overdue["unit"]["id"] == "u-b12"
    assert overdue["message"] == "elected on 2019-04-18: the 5-year term is over"
    assert overdue["evidence"]["nodes"][0]["id"] == "po-b12"
    assert report["counts"]["bySeverity"] == {"error": 8, "warning": 12, "info": 0}


def test_csv_has_one_row_per_finding() -> None:
    result = runner.invoke(app, ["audit", *DAY, "--format", "csv", "--only", "R03,R08"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r[0], r[3], r[6]) for r in rows[1:]] == [
        ("R03", "br-b09-s1", "u-b09-s1"),
        ("R03", "br-d11", "u-d11"),
        ("R08", "d-digital", ""),
    ]


def test_a_rules_file_changes_thresholds(tmp_path: Path) -> None:
    rules = tmp_path / "my-rules.toml"
    rules.write_text("[R02]\nmonths = 24\n", encoding="utf-8")
    args = ["audit", *DAY, "--only", "R02", "--format", "csv", "--rules", str(rules)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert [r[3] for r in list(csv.reader(io.StringIO(result.output)))[1:]] == ["lp-b13-2"]


def test_a_bad_rules_file_is_refused_naming_file_and_key(tmp_path: Path) -> None:
    rules = tmp_path / "my-rules.toml"
    rules.write_text("[R02]\nmonths = 'a year'\n", encoding="utf-8")
    result = runner.invoke(app, ["audit", "--rules", str(rules)])
    assert result.exit_code == 1
    assert f"{rules}: R02.months: must be a whole number" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "R01,R99"], "no audit rule 'R99'"),
        (["--under", "u-nowhere"], "no unit with id 'u-nowhere'"),
    ],
)
def test_a_question_that_cannot_be_asked_exits_1(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["audit", *DAY, *args])
    assert result.exit_code == 1
    assert message in result.output


@pytest.mark.neo4j
def test_neo4j_prints_the_same_report(
    neo4j_uri: str, neo4j_backend: Neo4jBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    neo4j_backend.replace_all(read_bundle(SAMPLE_BUNDLE).bundle)
    monkeypatch.setenv("ORGRAPH_NEO4J_URI", neo4j_uri)
    embedded = runner.invoke(app, ["audit", *DAY, "--format", "json"])
    served = runner.invoke(app, ["audit", *DAY, "--format", "json", "--backend", "neo4j"])
    assert served.exit_code == 0, served.output
    assert served.stdout == embedded.stdout  # stderr may carry progress lines
