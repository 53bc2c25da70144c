"""Building the dashboard and GraphiQL (``web/`` → ``web/dist``) with npm.

``orgraph serve`` builds them when the build is missing and npm is installed; a failure is a
warning, and the API serves without the pages (they say how to build them). ``scripts/build-web``
builds them (``python -m api.cli.web_build``), and ``scripts/test`` rebuilds them before the
browser tests when a source, or the GraphQL schema the page's operations are typed from, is
newer than the build (``--if-stale``).

Each build runs ``npm ci`` (when ``node_modules`` is missing or older than the lock file) and
then ``npm run build``, in ``web/``, with npm's output shown.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from rich.console import Console

from api.http.web_app import DEFAULT_WEB_DIST
from api.settings import Settings

WEB_DIR = DEFAULT_WEB_DIST.parent
#: Beside ``web/``, the page's operations are typed from it (web/codegen.ts): a change to it
#: must rebuild the page.
SCHEMA = Path("api") / "schema.graphql"
#: Folders of ``web/`` that are not sources: installed packages, the build itself.
NOT_SOURCES = frozenset({"node_modules", "dist"})
#: The longest one npm step may take (a first ``npm ci`` downloads a few hundred packages).
NPM_STEP_SECONDS = 900


def why_build(web: Path = WEB_DIR) -> str | None:
    """Why ``web/dist`` must be built: missing, or older than a source; None when up to date."""
    built = web / "dist" / "index.html"
    if not built.is_file():
        return "web/dist is missing"
    built_at = built.stat().st_mtime
    newer = next((path for path in _sources(web) if path.stat().st_mtime > built_at), None)
    if newer is not None:
        return f"{newer.relative_to(web.parent)} is newer than web/dist"
    return None


def why_install(web: Path = WEB_DIR) -> str | None:
    """Why ``npm ci`` must run first: the packages are missing, or older than the lock file."""
    installed = web / "node_modules" / ".package-lock.json"  # npm writes it at each install
    if not installed.is_file():
        return "web/node_modules is missing"
    if (web / "package-lock.json").stat().st_mtime > installed.stat().st_mtime:
        return "web/package-lock.json is newer than web/node_modules"
    return None


def build(web: Path = WEB_DIR, say: Callable[[str], None] = print) -> str | None:
    """Install what is missing and build, npm's output shown; what went wrong, or None."""
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed (the build needs Node.js 20 or later)"
    steps = [["ci", "--no-audit", "--no-fund"]] if why_install(web) else []
    for args in [*steps, ["run", "build"]]:
        step = "npm " + " ".join(args)
        say(f"orgraph: building the web pages: {step} in {web.name}/")
        try:
            done = subprocess.run([npm, *args], cwd=web, timeout=NPM_STEP_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            return f"`{step}` took longer than {NPM_STEP_SECONDS} s"
        except OSError as exc:
            return f"`{step}` could not run: {exc.strerror}"
        if done.returncode != 0:
            return f"`{step}` failed (exit {done.returncode}; its output is above)"
    return None


def build_for_serving(settings: Settings, err: Console, web: Path = WEB_DIR) -> None:
    """Build the pages before serving when they are missing and can be built; a failure is a
    warning. A build elsewhere (``ORGRAPH_WEB_DIST``) or a copy without ``web/`` (the Docker
    image) is served as it is."""
    if settings.web_dist is not None or not (web / "package.json").is_file():
        return
    if (web / "dist" / "index.html").is_file():  # stale is the developer's business, not serve's
        return
    if problem := build(web, say=lambda line: err.print(line, markup=False)):
        err.print(
            f"warning: the dashboard is not built: {problem}. The API serves without it; "
            "scripts/build-web builds it.",
            markup=False,
        )


def _sources(web: Path) -> Iterator[Path]:
    """Every file the build reads: ``web/`` but its packages and output, and the schema."""
    for folder, subfolders, files in os.walk(web):
        subfolders[:] = [name for name in subfolders if name not in NOT_SOURCES]
        yield from (Path(folder) / name for name in files)
    if (schema := web.parent / SCHEMA).is_file():
        yield schema


def main(argv: list[str] | None = None) -> int:
    """``scripts/build-web [--if-stale]``: exit 0 built (or up to date), 1 not built."""
    parser = argparse.ArgumentParser(
        prog="scripts/build-web", description="Build the dashboard and GraphiQL into web/dist."
    )
    parser.add_argument(
        "--if-stale",
        action="store_true",
        help="build only when web/dist is missing or older than a source; silent otherwise",
    )
    options = parser.parse_args(argv)
    reason = why_build()
    if options.if_stale and reason is None:
        return 0
    if reason is not None:
        print(f"orgraph: {reason}: building it", file=sys.stderr)
    problem = build(say=lambda line: print(line, file=sys.stderr))
    if problem is not None:
        print(f"error: the web pages are not built: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
