"""What the report was measured on: the machine and the versions of everything involved."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "neo4j",
    "neo4j-rust-ext",
    "strawberry-graphql",
    "graphql-core",
    "fastapi",
    "uvicorn",
    "networkx",
    "pydantic",
    "httpx2",
)
PEER_LOCK = Path(__file__).parent / "peer" / "package-lock.json"


def machine() -> dict[str, str]:
    return {
        "CPU": _cpu_model(),
        "cores": str(os.cpu_count()),
        "RAM": _ram(),
        "OS": platform.platform(),
        # The machine may be shared: what else ran shows in the load while the report was made.
        "load average (1, 5, 15 min) at the end": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def versions(neo4j_server: str | None) -> dict[str, str]:
    found = {"orgraph": _revision(), "Python": platform.python_version()}
    if neo4j_server:
        found["Neo4j server"] = neo4j_server
    for package in PACKAGES:
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    found["Node.js"] = _command(["node", "--version"])
    found.update(_peer_versions())
    return found


def _revision() -> str:
    """The commit measured, and whether the working tree differed from it."""
    root = Path(__file__).resolve().parent.parent
    commit = _command(["git", "-C", str(root), "rev-parse", "--short", "HEAD"])
    changed = _command(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"])
    return commit + (" with uncommitted changes" if changed != "not available" else "")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _command(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not available"
    return done.stdout.strip() or "not available"


def _peer_versions() -> dict[str, str]:
    """The peer's packages as its lockfile pins them."""
    try:
        packages = json.loads(PEER_LOCK.read_text())["packages"]
    except (OSError, KeyError, ValueError):
        return {}
    return {
        name: packages.get(f"node_modules/{name}", {}).get("version", "?")
        for name in ("@neo4j/graphql", "graphql", "neo4j-driver", "@apollo/server")
    }
