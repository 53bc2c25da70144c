"""The image serves the dashboard: the Dockerfile's Node stage builds web/ as scripts/build-web
does and its build lands where the API looks for it (api/http/web_app.py). No Docker engine runs
the tests, so the file is read, not built."""

from __future__ import annotations

import re
from pathlib import Path

from api.http.web_app import DEFAULT_WEB_DIST

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
#: The instructions, comments and blank lines left out.
INSTRUCTIONS = [
    line.strip() for line in DOCKERFILE.splitlines() if line.strip() and not line.startswith("#")
]


def stages() -> dict[str, list[str]]:
    """Each stage's instructions by its name (the last one, unnamed, is "final")."""
    found: dict[str, list[str]] = {}
    current: list[str] = []
    for line in INSTRUCTIONS:
        if line.startswith("FROM "):
            named = re.fullmatch(r"FROM \S+ AS (\w+)", line)
            current = found.setdefault(named[1] if named else "final", [])
        current.append(line)
    return found


def test_a_node_stage_installs_from_the_lock_file_and_builds_the_pages() -> None:
    web = stages()["web"]
    assert web[0].startswith("FROM node:20"), web[0]
    assert "RUN npm ci --no-audit --no-fund" in web  # the lock file's versions, as build-web
    assert web[-1] == "RUN npm run build"  # codegen from the schema, typecheck, vite, budget
    # The page's operations are typed from the schema beside web/ (web/codegen.ts).
    assert "COPY api/schema.graphql /src/api/schema.graphql" in web
    assert any(line.startswith("WORKDIR /src/web") for line in web)


def test_the_build_is_copied_where_the_api_serves_it_from() -> None:
    final = stages()["final"]
    workdir = next(line.split()[1] for line in final if line.startswith("WORKDIR "))
    copied = next(line for line in final if line.startswith("COPY --from=web "))
    source, target = copied.split()[2:]
    assert source == "/src/web/dist"
    assert Path(workdir, target) == Path("/app") / DEFAULT_WEB_DIST.relative_to(ROOT)


def test_the_hosts_packages_and_build_stay_out_of_the_context() -> None:
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {"web/node_modules", "web/dist", ".venv"} <= ignored
