"""The servers a comparison talks to, each started on a free loopback port and stopped after:
``orgraph serve`` on either backend and the @neo4j/graphql peer (bench/peer/)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2

from bench import neo4j_db
from queries.chain.cypher import CHAIN_SUBGRAPH
from queries.coverage.cypher import BRANCH_COVERAGE

ROOT = Path(__file__).resolve().parent.parent
PEER = Path(__file__).parent / "peer"
#: Worker processes of ``orgraph serve`` on Neo4j: one per core, as it is deployed (the
#: embedded backend serves from one process: api/http/serving.py).
WORKERS = os.cpu_count() or 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def orgraph_server(backend: str, folder: Path, neo4j_uri: str, timeout: float) -> Iterator[str]:
    """``orgraph serve`` in dev mode (no token) with ``WORKERS`` workers; the embedded one
    serves ``folder``, the Neo4j one serves what the store holds. Yields the GraphQL URL."""
    port = free_port()
    orgraph = Path(sys.executable).parent / "orgraph"
    with tempfile.TemporaryDirectory(prefix="bench-state-") as state:
        argv = [str(orgraph), "serve", "--backend", backend, "--dev", "--port", str(port)]
        argv += ["--workers", str(WORKERS)]
        if backend == "memory":
            argv += ["--bundle", str(folder), "--state-dir", state]
        env = {"ORGRAPH_NEO4J_URI": neo4j_uri, "ORGRAPH_ENVIRONMENT": "development"}
        with _process(argv, env, ROOT) as process:
            _await(f"http://127.0.0.1:{port}/healthz", process, timeout, get=True)
            yield f"http://127.0.0.1:{port}/graphql"


def peer_ready() -> None:
    """Install the peer's locked packages when they are missing."""
    if not (PEER / "node_modules" / "@neo4j" / "graphql").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=PEER,
            check=True,
            timeout=600,
            capture_output=True,
        )


@contextmanager
def peer_server(neo4j_uri: str, timeout: float) -> Iterator[str]:
    """The @neo4j/graphql peer over the same database; yields its GraphQL URL."""
    peer_ready()
    port = free_port()
    env = {
        "NEO4J_URI": neo4j_uri,
        "PORT": str(port),
        "BRANCH_COVERAGE": neo4j_db.as_orgraph_runs(neo4j_uri, BRANCH_COVERAGE),
        "CHAIN_SUBGRAPH": neo4j_db.as_orgraph_runs(neo4j_uri, CHAIN_SUBGRAPH),
    }
    with _process(["node", "server.js"], env, PEER) as process:
        _await(f"http://127.0.0.1:{port}/", process, timeout, get=False)
        yield f"http://127.0.0.1:{port}/"


@contextmanager
def _process(argv: list[str], env: dict[str, str], cwd: Path) -> Iterator[subprocess.Popen[bytes]]:
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            argv, cwd=cwd, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
        )
        process.log = log  # type: ignore[attr-defined]
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _await(url: str, process: subprocess.Popen[bytes], timeout: float, get: bool) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            process.log.seek(0)  # type: ignore[attr-defined]
            tail = process.log.read().decode(errors="replace")[-2000:]  # type: ignore[attr-defined]
            raise RuntimeError(f"server exited with {process.returncode}:\n{tail}")
        try:
            if get:
                answer = httpx2.get(url, timeout=2)
            else:
                answer = httpx2.post(url, json={"query": "{ __typename }"}, timeout=2)
            if answer.status_code == 200:
                return
        except httpx2.HTTPError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} not ready after {timeout:.0f} s")
