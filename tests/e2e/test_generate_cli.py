"""``orgraph generate``: a bundle ``orgraph check`` accepts, the same files for the same seed,
arguments refused with exit 2 and an OUT in the way refused with exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app

runner = CliRunner(env={"COLUMNS": "200"})  # wide: a usage error box must not wrap a message
SMALL = ["--people", "1000", "--quiet"]


def generated(out: Path, *args: str) -> Path:
    result = runner.invoke(app, ["generate", str(out), *SMALL, *args])
    assert result.exit_code == 0, result.output
    return out


def test_a_generated_csv_folder_is_a_bundle_check_accepts(tmp_path: Path) -> None:
    out = generated(tmp_path / "org")

    checked = runner.invoke(app, ["check", str(out), "--quiet"])

    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith(f"{out}: valid (")
    assert "1000 people" in checked.stdout


def test_out_ending_in_json_is_a_json_bundle_check_accepts(tmp_path: Path) -> None:
    out = generated(tmp_path / "org.json")

    assert out.is_file()
    assert runner.invoke(app, ["check", str(out), "--quiet"]).exit_code == 0


@pytest.mark.parametrize("name", ["org", "org.json"])
def test_the_same_seed_writes_the_same_files(tmp_path: Path, name: str) -> None:
    first = generated(tmp_path / "first" / name, "--seed", "7")
    second = generated(tmp_path / "second" / name, "--seed", "7")
    other = generated(tmp_path / "other" / name, "--seed", "8")

    assert contents(first) == contents(second)
    assert contents(first) != contents(other)


def contents(out: Path) -> dict[str, bytes]:
    files = sorted(out.iterdir()) if out.is_dir() else [out]
    return {file.name: file.read_bytes() for file in files}


def test_it_reports_what_it_wrote_on_stdout(tmp_path: Path) -> None:
    out = tmp_path / "org"
    result = runner.invoke(app, ["generate", str(out), *SMALL, "--seed", "3"])

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{out}: 1000 people, ")
    assert result.stdout.rstrip().endswith("rows (seed 3), written as CSV")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--people", "-5"], "Invalid value for '--people'"),
        (["--people", "999"], "Invalid value for '--people'"),
        (["--people", "2000", "--size", "S"], "give --people or --size, not both"),
        (["--size", "XL"], "'XL' is not one of"),
        (["--format", "json"], "a JSON bundle's name ends in .json"),
    ],
)
def test_bad_arguments_are_a_clear_error_with_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "org"

    result = runner.invoke(app, ["generate", str(out), *args])

    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_an_existing_out_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "org"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")

    refused = runner.invoke(app, ["generate", str(out), *SMALL])

    assert refused.exit_code == 1
    assert f"{out}: already exists and is not empty; pass --force" in refused.stderr
    assert [f.name for f in out.iterdir()] == ["notes.txt"]

    forced = runner.invoke(app, ["generate", str(out), *SMALL, "--force"])

    assert forced.exit_code == 0, forced.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert runner.invoke(app, ["check", str(out), "--quiet"]).exit_code == 0


def test_an_empty_out_folder_is_written_into(tmp_path: Path) -> None:
    out = tmp_path / "org"
    out.mkdir()

    assert runner.invoke(app, ["generate", str(out), *SMALL]).exit_code == 0
    assert (out / "people.csv").is_file()


def test_a_file_where_a_csv_folder_goes_is_refused_even_forced(tmp_path: Path) -> None:
    out = tmp_path / "org"
    out.write_text("", encoding="utf-8")

    result = runner.invoke(app, ["generate", str(out), *SMALL, "--force"])

    assert result.exit_code == 1
    assert "is a file, and a CSV bundle is a folder" in result.stderr
