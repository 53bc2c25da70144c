"""Building the web pages (api/cli/web_build.py) with a stand-in ``npm`` on the PATH: which steps
run when, and a failed build is a warning for ``orgraph serve``, an error for scripts/build-web."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from rich.console import Console

from api.cli import web_build
from api.settings import Settings

#: Writes its arguments to npm.log; ``npm run build`` makes dist/index.html unless FAIL is set.
FAKE_NPM = """#!/bin/sh
echo "$@" >> npm.log
if [ "$1" = run ] && [ -z "$FAIL" ]; then mkdir -p dist && echo built > dist/index.html; fi
[ -z "$FAIL" ]
"""


@pytest.fixture
def web(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ``web/`` with its sources and lock file, and the stand-in npm first on the PATH."""
    folder = tmp_path / "web"
    (folder / "src").mkdir(parents=True)
    (folder / "package.json").write_text("{}")
    (folder / "package-lock.json").write_text("{}")
    (folder / "src" / "main.tsx").write_text("export {};")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "npm").write_text(FAKE_NPM)
    (bin_dir / "npm").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.delenv("FAIL", raising=False)
    return folder


def npm_calls(web: Path) -> list[str]:
    return (web / "npm.log").read_text().splitlines()


def test_a_missing_build_installs_then_builds(web: Path) -> None:
    assert web_build.why_build(web) == "web/dist is missing"
    assert web_build.why_install(web) == "web/node_modules is missing"
    assert web_build.build(web, say=lambda _: None) is None
    assert npm_calls(web) == ["ci --no-audit --no-fund", "run build"]
    assert web_build.why_build(web) is None


def test_installed_packages_are_kept_and_a_changed_source_rebuilds(web: Path) -> None:
    (web / "node_modules").mkdir()
    (web / "node_modules" / ".package-lock.json").write_text("{}")
    assert web_build.why_install(web) is None
    web_build.build(web, say=lambda _: None)
    assert npm_calls(web) == ["run build"]
    later = time.time() + 5
    os.utime(web / "src" / "main.tsx", (later, later))
    assert web_build.why_build(web) == "web/src/main.tsx is newer than web/dist"


def test_a_failed_step_is_named(web: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAIL", "1")
    problem = web_build.build(web, say=lambda _: None)
    assert problem == "`npm ci --no-audit --no-fund` failed (exit 1; its output is above)"


def test_serve_builds_a_missing_build_and_warns_when_it_cannot(
    web: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    err = Console(record=True, width=200)
    web_build.build_for_serving(Settings(), err, web)
    assert (web / "dist" / "index.html").is_file()
    web_build.build_for_serving(Settings(), err, web)  # built: nothing to do
    assert npm_calls(web) == ["ci --no-audit --no-fund", "run build"]

    (web / "dist" / "index.html").unlink()
    monkeypatch.setenv("PATH", "/nonexistent")
    web_build.build_for_serving(Settings(), err, web)
    assert "warning: the dashboard is not built: npm is not installed" in err.export_text()


def test_serve_leaves_a_build_named_elsewhere_alone(web: Path, tmp_path: Path) -> None:
    web_build.build_for_serving(Settings(web_dist=tmp_path / "dist"), Console(), web)
    assert not (web / "npm.log").exists()
