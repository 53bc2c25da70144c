"""A Neo4j of a test's own, to stop, kill and start again: the fault tests' server.

The session's server (tests/conftest.py) is shared by every test and must stay up; a fault test
needs one it may take down. This one is started by ``scripts/neo4j-local`` with its own folder
(``.neo4j-local/faults-<port>``) and port: ``ORGRAPH_FAULTS_NEO4J_PORT``, else the session's
test port plus 1000, so engineers running the suite side by side on their own test ports do
not meet here either. Loopback only, as every local server.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"
#: Seconds a start (the first builds the launcher with Maven) or a stop may take at most.
START_SECONDS = 300
STOP_SECONDS = 90


def faults_port() -> int:
    """The fault tests' own port (the module says how it is chosen)."""
    chosen = os.environ.get("ORGRAPH_FAULTS_NEO4J_PORT")
    if chosen:
        return int(chosen)
    return int(os.environ.get("ORGRAPH_TEST_NEO4J_PORT", "7688")) + 1000


@dataclass
class OwnNeo4j:
    """A local Neo4j on ``port`` with its data in ``home``."""

    port: int
    home: Path

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start it and wait until Bolt answers (what ``scripts/neo4j-local start`` waits for)."""
        done = self._run("start", START_SECONDS)
        if done.returncode != 0:
            raise RuntimeError(f"scripts/neo4j-local start failed:\n{done.stderr[-2000:]}")

    def stop(self) -> None:
        """Stop it the polite way (SIGTERM, the server shuts down cleanly)."""
        self._run("stop", STOP_SECONDS)

    def kill(self) -> None:
        """``kill -9`` the server, and wait until it is gone."""
        pid = int((self.home / "neo4j.pid").read_text().strip())
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + STOP_SECONDS
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)

    def _run(self, command: str, seconds: int) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "ORGRAPH_NEO4J_HOME": str(self.home),
            "ORGRAPH_NEO4J_PORT": str(self.port),
        }
        return subprocess.run(
            [str(NEO4J_LOCAL), command],
            env=env,
            capture_output=True,
            text=True,
            timeout=seconds,
        )


def own_neo4j() -> OwnNeo4j:
    """A started server of the fault tests' own, on an empty store. Skipped without Java and
    Maven, except under ``CI=true``, where that fails the run: the fault tests never skip there."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        why = f"the fault tests start a Neo4j of their own: {' and '.join(missing)} not found"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    port = faults_port()
    server = OwnNeo4j(port, ROOT / ".neo4j-local" / f"faults-{port}")
    server.stop()  # one left running by a run that was interrupted
    shutil.rmtree(server.home / "data", ignore_errors=True)  # a fresh store, an empty trail
    server.start()
    return server


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs: a zombie (killed, not yet reaped by whoever adopted it) does not."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


__all__ = ["OwnNeo4j", "faults_port", "own_neo4j"]
