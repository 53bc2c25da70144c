"""``orgraph audit --lang``: the table, CSV and JSON in Chinese or English; the locale decides
when the option is not given."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from api.cli.main import app

runner = CliRunner()
DAY = ["--as-of", "2026-11-23", "--under", "u-b13"]
NO_LOCALE = {"COLUMNS": "200", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""}


def test_the_table_in_chinese() -> None:
    result = runner.invoke(app, ["audit", *DAY, "--lang", "zh"], env=NO_LOCALE)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "2026-11-23 审计结果（u-b13 及下级单位）：共 3 条问题" in lines[0]
    assert any("lp-b13-2" in line and "从未调研指导" in line for line in lines)
    assert "按级别：错误 1 条，警告 2 条，提示 0 条" in lines


def test_csv_and_json_messages_in_chinese_keep_their_columns_and_keys() -> None:
    rows = list(
        csv.reader(
            io.StringIO(
                runner.invoke(app, ["audit", *DAY, "--format", "csv", "--lang", "zh"]).output
            )
        )
    )
    assert rows[0][:3] == ["rule", "severity", "check"]
    assert [(r[0], r[1], r[8]) for r in rows[1:]][-1] == ("R11", "error", "该党支部没有书记")
    report = json.loads(
        runner.invoke(app, ["audit", *DAY, "--format", "json", "--lang", "zh"]).output
    )
    assert report["findings"][-1]["message"] == "该党支部没有书记"


def test_the_locale_decides_without_the_option() -> None:
    chinese = runner.invoke(app, ["audit", *DAY, "--format", "csv"], env={"LANG": "zh_CN.UTF-8"})
    english = runner.invoke(app, ["audit", *DAY, "--format", "csv"], env=NO_LOCALE)
    assert "该党支部没有书记" in chinese.output
    assert "the branch has no secretary" in english.output
