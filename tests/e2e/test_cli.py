"""The orgraph command: check and load report every problem and write nothing on error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from loaders import SAMPLE_BUNDLE
from queries.neo4j.backend import Neo4jBackend

runner = CliRunner()


@pytest.fixture
def broken_bundle(tmp_path: Path) -> Path:
    """The sample with three independent mistakes in two files."""
    bundle = tmp_path / "broken"
    shutil.copytree(SAMPLE_BUNDLE, bundle)
    units = (bundle / "units.csv").read_text(encoding="utf-8").splitlines()
    cells = units[2].split(",")
    cells[2] = "prefecture"  # row 3: a kind outside the enumeration
    units[2] = ",".join(cells)
    (bundle / "units.csv").write_text("\n".join(units) + "\n", encoding="utf-8")
    with (bundle / "liaison_points.csv").open("a", encoding="utf-8") as points:
        points.write("lp-new,p-0001,branch,u-gx,2024-05-01,2024-01-01\n")
    return bundle


def test_check_accepts_the_sample() -> None:
    result = runner.invoke(app, ["check", str(SAMPLE_BUNDLE)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


def test_check_lists_every_problem_with_file_and_row(broken_bundle: Path) -> None:
    result = runner.invoke(app, ["check", str(broken_bundle)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    points_row = len((broken_bundle / "liaison_points.csv").read_text().splitlines())
    assert any(line.startswith("units.csv:3: kind: 'prefecture' is not one of") for line in lines)
    assert f"liaison_points.csv:{points_row}: to: 2024-01-01 precedes from 2024-05-01" in lines
    assert any(
        line.startswith(f"liaison_points.csv:{points_row}: target_id: a branch liaison point")
        for line in lines
    )
    assert "nothing was written" in lines[-1]


def test_a_rejected_load_leaves_neo4j_unchanged(
    broken_bundle: Path,
    neo4j_uri: str,
    neo4j_backend: Neo4jBackend,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ORGRAPH_NEO4J_URI", neo4j_uri)
    loaded = runner.invoke(app, ["load", str(SAMPLE_BUNDLE), "--backend", "neo4j"])
    assert loaded.exit_code == 0, loaded.output
    before = _snapshot(neo4j_backend)
    assert before[0] > 0

    rejected = runner.invoke(app, ["load", str(broken_bundle), "--backend", "neo4j"])

    assert rejected.exit_code == 1
    assert _snapshot(neo4j_backend) == before


@pytest.mark.parametrize("command", ["load", "serve"])
def test_a_refused_bundle_leaves_no_state_folder_behind(
    broken_bundle: Path, tmp_path: Path, command: str
) -> None:
    folder = tmp_path / "fresh-state"
    argv = [str(broken_bundle), "--state-dir", str(folder)]
    rejected = runner.invoke(
        app, ["load", *argv] if command == "load" else ["serve", "--bundle", *argv]
    )
    assert rejected.exit_code == 1, rejected.output
    assert "nothing was written" in rejected.output
    assert not folder.exists()


def test_a_refused_bundle_leaves_an_existing_state_folder_as_it_was(
    broken_bundle: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "state"
    assert (
        runner.invoke(app, ["load", str(SAMPLE_BUNDLE), "--state-dir", str(folder)]).exit_code == 0
    )
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    rejected = runner.invoke(app, ["load", str(broken_bundle), "--state-dir", str(folder)])
    assert rejected.exit_code == 1
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_load_into_an_unreachable_neo4j_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORGRAPH_NEO4J_URI", "bolt://127.0.0.1:9")
    result = runner.invoke(app, ["load", str(SAMPLE_BUNDLE), "--backend", "neo4j"])
    assert result.exit_code == 2
    assert "Neo4j at bolt://127.0.0.1:9 is unavailable" in result.output


def _snapshot(backend: Neo4jBackend) -> tuple[int, int, list[str]]:
    """Node and relationship counts and every id: what a half-written load would change."""
    records, _, _ = backend._driver.execute_query(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->() "
        "RETURN count(DISTINCT n) AS nodes, count(r) AS rels, collect(DISTINCT n.id) AS ids"
    )
    row = records[0]
    return row["nodes"], row["rels"], sorted(row["ids"])
