"""``orgraph export`` and ``orgraph load``'s plan from the command line: an export loads back
into the same graph, ``--plan`` writes nothing, and a load that would undo API changes is
refused unless told to overwrite them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from api.cli.plan import REFUSED
from graph_model.changes import CommandName, MoveTeam
from loaders import SAMPLE_BUNDLE
from queries.embedded.backend import MemoryBackend
from queries.embedded.state import TRAIL_FILE
from tests.support.change_cases import AT

runner = CliRunner()


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def files(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir())}


def test_an_export_loads_back_into_a_state_folder_and_exports_the_same(tmp_path: Path) -> None:
    code, shown, _ = invoke("export", tmp_path / "first", "--backend", "memory")
    assert code == 0, shown
    assert "exported" in shown

    code, shown, _ = invoke("load", tmp_path / "first", "--state-dir", tmp_path / "state")
    assert code == 0, shown
    assert shown.startswith(f"{tmp_path / 'first'}: loaded ") and "recorded as change 1" in shown
    code, shown, _ = invoke("export", tmp_path / "second", "--state-dir", tmp_path / "state")
    assert code == 0, shown

    assert files(tmp_path / "first") == files(tmp_path / "second")


def test_an_export_does_not_replace_what_is_there_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("mine")

    code, _, said = invoke("export", target)
    assert code == 1 and "exists" in said and target.read_text() == "mine"
    code, shown, _ = invoke("export", target, "--force")
    assert code == 0, shown
    assert json.loads(target.read_text(encoding="utf-8"))["units"]


def test_a_plan_writes_nothing_and_reads_as_json(tmp_path: Path) -> None:
    state = tmp_path / "state"
    assert invoke("load", SAMPLE_BUNDLE, "--state-dir", state)[0] == 0
    trail = (state / TRAIL_FILE).read_bytes()
    bundle_file = (state / "bundle.json").read_bytes()

    code, shown, _ = invoke(
        "load", tmp_path / "nothing", "--state-dir", state, "--plan", "--format", "json"
    )
    assert code == 1  # no such bundle: rejected before anything is planned
    code, shown, _ = invoke(
        "load", SAMPLE_BUNDLE, "--state-dir", state, "--plan", "--format", "json"
    )

    assert code == 0, shown
    document = json.loads(shown)
    assert document["applied"] is False and document["conflicts"] == []
    assert document["plan"]["totals"]["added"] == 0
    assert (state / TRAIL_FILE).read_bytes() == trail
    assert (state / "bundle.json").read_bytes() == bundle_file


def test_a_load_that_would_undo_an_api_change_is_refused_unless_told(tmp_path: Path) -> None:
    state = tmp_path / "state"
    assert invoke("load", SAMPLE_BUNDLE, "--state-dir", state)[0] == 0
    team = MemoryBackend(state_dir=state).snapshot().teams[0]
    other_unit = next(
        u.id for u in MemoryBackend(state_dir=state).snapshot().units if u.id != team.unit_id
    )
    served = MemoryBackend(state_dir=state)  # what the API would do, saved in the folder
    assert served.apply_change(MoveTeam(team.id, other_unit), "li", AT).ok
    trail = (state / TRAIL_FILE).read_bytes()

    code, shown, said = invoke("load", SAMPLE_BUNDLE, "--state-dir", state)

    assert code == REFUSED
    assert "refused" in said and "nothing was written" in said
    assert "#2 move_team by li" in shown and team.id in shown
    assert (state / TRAIL_FILE).read_bytes() == trail

    code, shown, _ = invoke("load", SAMPLE_BUNDLE, "--state-dir", state, "--overwrite-changes")

    assert code == 0, shown
    _, (newest,) = MemoryBackend(state_dir=state).change_trail(None, 0, 1)
    assert newest.command is CommandName.LOAD and newest.after is not None
    assert newest.after["overwritten_changes"] == [2] and newest.after["changed"] == {"teams": 1}


@pytest.mark.neo4j
def test_neo4j_exports_what_it_loaded_and_plans_against_it(
    tmp_path: Path, neo4j_uri: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ORGRAPH_NEO4J_URI", neo4j_uri)
    assert invoke("load", SAMPLE_BUNDLE, "--backend", "neo4j", "--overwrite-changes")[0] == 0

    code, shown, _ = invoke("export", tmp_path / "out.xlsx", "--backend", "neo4j")
    assert code == 0, shown
    code, shown, _ = invoke(
        "load", tmp_path / "out.xlsx", "--backend", "neo4j", "--plan", "--format", "json"
    )

    assert code == 0, shown
    totals = json.loads(shown)["plan"]["totals"]
    assert totals["added"] == totals["changed"] == totals["removed"] == 0


def test_a_workbook_export_gets_the_suffix_check_needs(tmp_path: Path) -> None:
    code, shown, _ = invoke("export", tmp_path / "book", "--format", "xlsx", "--backend", "memory")
    assert code == 0, shown
    assert not (tmp_path / "book").exists()
    assert invoke("check", tmp_path / "book.xlsx")[0] == 0
