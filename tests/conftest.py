"""Backends for the test session: the embedded one always, Neo4j when it can be had.

Neo4j comes from ``ORGRAPH_NEO4J_URI`` when set, else the session starts a local server with
``scripts/neo4j-local`` (Java 17 + Maven). Without either the Neo4j cases skip with the reason,
except under ``CI=true``, where a missing Neo4j fails the run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graph_model.protocol import Backend
from graph_model.records import Bundle
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend

ROOT = Path(__file__).resolve().parent.parent
NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"
TEST_PORT = os.environ.get("ORGRAPH_TEST_NEO4J_PORT", "7688")


def _local_env() -> dict[str, str]:
    """The test server has its own folder and port, apart from a developer's own server."""
    home = ROOT / ".neo4j-local" / f"test-{TEST_PORT}"
    return {**os.environ, "ORGRAPH_NEO4J_HOME": str(home), "ORGRAPH_NEO4J_PORT": TEST_PORT}


def _start_local_neo4j() -> tuple[str | None, str]:
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        return None, f"ORGRAPH_NEO4J_URI is not set and {' and '.join(missing)} not found"
    done = subprocess.run(
        [str(NEO4J_LOCAL), "start"], env=_local_env(), capture_output=True, text=True
    )
    if done.returncode != 0:
        return None, f"scripts/neo4j-local start failed:\n{done.stderr[-2000:]}"
    return done.stdout.strip().splitlines()[-1], ""


@pytest.fixture(scope="session")
def neo4j_uri() -> Iterator[str]:
    uri = os.environ.get("ORGRAPH_NEO4J_URI")
    started = False
    if not uri:
        uri, why = _start_local_neo4j()
        if uri is None:
            if os.environ.get("CI") == "true":
                pytest.fail(f"Neo4j is required under CI=true: {why}")
            pytest.skip(f"no Neo4j: {why}")
        started = True
    yield uri
    if started:
        subprocess.run([str(NEO4J_LOCAL), "stop"], env=_local_env(), capture_output=True)


@pytest.fixture(scope="session")
def neo4j_backend(neo4j_uri: str) -> Iterator[Neo4jBackend]:
    backend = Neo4jBackend(
        neo4j_uri,
        os.environ.get("ORGRAPH_NEO4J_USER", "neo4j"),
        os.environ.get("ORGRAPH_NEO4J_PASSWORD", "orgraph-test"),
    )
    yield backend
    backend.close()


@pytest.fixture(scope="module", params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend_kind(request: pytest.FixtureRequest) -> str:
    """The backend under test, ``memory`` or ``neo4j``: the one place a test is run on both.

    Every test that asks for it, directly or through ``load`` or ``sample_backend``, runs once
    on each; the Neo4j run is marked ``neo4j``. Module-scoped so that module-scoped fixtures
    can build on it: a module runs its tests on the embedded backend, then on Neo4j.
    """
    kind: str = request.param
    return kind


@pytest.fixture(scope="module")
def load(backend_kind: str, request: pytest.FixtureRequest) -> Callable[[Bundle], Backend]:
    """Load a bundle into the backend under test and return that backend."""
    if backend_kind == "memory":
        return MemoryBackend
    neo4j: Neo4jBackend = request.getfixturevalue("neo4j_backend")

    def loader(bundle: Bundle) -> Backend:
        neo4j.replace_all(bundle)
        return neo4j

    return loader
