"""Progress of ``generate``, ``check``, ``load`` and ``audit``: on stderr only (stdout keeps the
command's output), plain lines when stderr is no terminal, rich bars on one, none with
``--quiet``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import api.cli.progress
from api.cli.main import app
from loaders import SAMPLE_BUNDLE

runner = CliRunner(env={"TTY_COMPATIBLE": "0", "COLUMNS": "200"})
terminal = CliRunner(env={"TTY_COMPATIBLE": "1", "COLUMNS": "200"})
PLAIN_LINE = re.compile(r"orgraph: [a-zA-Z' ]+: ")


@pytest.fixture
def often(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain line every few milliseconds, so that even a small bundle gets some."""
    monkeypatch.setattr(api.cli.progress, "PLAIN_EVERY", 0.002)


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("progress") / "org"
    result = runner.invoke(app, ["generate", str(out), "--people", "3000", "--quiet"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.usefixtures("often")
def test_generate_prints_plain_lines_on_stderr_when_it_is_no_terminal(tmp_path: Path) -> None:
    result = runner.invoke(app, ["generate", str(tmp_path / "org"), "--people", "3000"])

    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines, "no progress line"
    assert all(PLAIN_LINE.match(line) for line in lines), lines
    assert any(
        line.startswith(("orgraph: generating: ", "orgraph: writing CSV: ")) for line in lines
    )
    assert "orgraph:" not in result.stdout


@pytest.mark.usefixtures("often")
def test_check_counts_rows_in_its_plain_lines(bundle: Path) -> None:
    result = runner.invoke(app, ["check", str(bundle)])

    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert all(PLAIN_LINE.match(line) for line in lines), lines
    steps = ("reading", "validating rows", "checking references", "building records")
    assert any(line.startswith(tuple(f"orgraph: {s}: " for s in steps)) for line in lines)
    assert re.search(r"\d+/\d{1,3}(,\d{3})* rows \(\d+%\), [\d,]+ rows/s", result.stderr)
    assert result.stdout.startswith(f"{bundle}: valid (")


@pytest.mark.usefixtures("often")
@pytest.mark.parametrize(
    "command",
    [["generate", "{tmp}/org", "--people", "3000"], ["check", "{bundle}"], ["audit"]],
)
def test_quiet_prints_no_progress(command: list[str], bundle: Path, tmp_path: Path) -> None:
    args = [a.format(tmp=tmp_path, bundle=bundle) for a in command]

    result = runner.invoke(app, [*args, "--quiet"])

    assert result.exit_code == 0, result.output
    assert result.stderr == ""


@pytest.mark.usefixtures("often")
def test_audit_progress_leaves_stdout_to_the_report(bundle: Path) -> None:
    args = ["audit", "--bundle", str(bundle), "--as-of", "2026-11-23", "--format", "json"]
    result = runner.invoke(app, args)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["asOf"] == "2026-11-23"
    lines = result.stderr.splitlines()
    assert all(PLAIN_LINE.match(line) for line in lines), lines
    assert any(line.startswith("orgraph: auditing: ") for line in lines)


def test_a_short_command_prints_no_plain_line_at_the_default_pace() -> None:
    result = runner.invoke(app, ["check", str(SAMPLE_BUNDLE)])

    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_terminal_gets_a_bar_per_step_with_rows_per_second(bundle: Path) -> None:
    result = terminal.invoke(app, ["check", str(bundle)])

    assert result.exit_code == 0, result.output
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", result.stderr)
    for step in ("reading", "validating rows", "checking references", "building records"):
        assert f"✓ {step}" in shown
    assert re.search(r"[\d,]+/[\d,]+ rows +[\d,]+ rows/s", shown)
    assert result.stdout.startswith(f"{bundle}: valid (")


@pytest.mark.neo4j
def test_a_terminal_load_shows_validation_then_the_write_as_a_phase(
    bundle: Path, neo4j_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORGRAPH_NEO4J_URI", neo4j_uri)
    # Tests before this one may have changed the shared test store through the API.
    command = ["load", str(bundle), "--backend", "neo4j", "--overwrite-changes"]
    result = terminal.invoke(app, command)

    assert result.exit_code == 0, result.output
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", result.stderr)
    assert "✓ building records" in shown
    assert "✓ writing to neo4j" in shown
    assert result.stdout.startswith(f"{bundle}: loaded ")
