"""``orgraph serve`` run as a real process for end-to-end tests: a free port, the server of the
sample on a state folder (one process or several workers), stopped with its workers after."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest

from graph_model.records import Bundle
from queries.embedded.backend import MemoryBackend
from queries.embedded.lock import HOLDER_ENV

ORGRAPH = str(Path(sys.executable).parent / "orgraph")
START_TIMEOUT = 120.0  # a loaded CI machine: the server's start is mostly imports


def free_port() -> int:
    """A port nobody listens on now (the server binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def embedded_server(
    state: Path, log: Path, workers: int = 1
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``orgraph serve --dev`` of the sample on ``state``, in a session of its own (its workers
    are killed with it); yields its base URL."""
    port = free_port()
    argv = [ORGRAPH, "serve", "--dev", "--port", str(port), "--state-dir", str(state)]
    argv += ["--workers", str(workers)]
    env = {**os.environ, "ORGRAPH_ENVIRONMENT": "development", "ORGRAPH_BACKEND": "memory"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not start in {START_TIMEOUT} s: {log.read_text()}")
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


ROOT = Path(__file__).resolve().parent.parent.parent


def beside_this_process() -> dict[str, str]:
    """The environment of a process that serves this process's state folder beside it, as a
    server's worker does (queries/embedded/lock.py)."""
    return {**os.environ, "PYTHONPATH": str(ROOT), HOLDER_ENV: str(os.getpid())}


@contextmanager
def holding(folder: Path, bundle: Bundle) -> Iterator[MemoryBackend]:
    """This process holding ``folder``, ``bundle`` saved there first, as a server holds it for
    its workers; let go after."""
    holder = MemoryBackend(bundle, state_dir=folder)
    try:
        holder.save_state()
        yield holder
    finally:
        holder.close()
