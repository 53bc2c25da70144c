"""Running the app under uvicorn: in this process, or in several worker processes.

One Python process runs one request's Python at a time, so on a machine of several cores the
Neo4j backend serves more with several workers (``orgraph serve --workers N``): each worker is
a process of its own, with its own app, driver and connection pool, built from the environment
by ``worker_app``; the command's own choices (``--backend``, ``--dev``) reach them as
``ORGRAPH_…`` variables. The command loads the bundle first, if the store holds no organisation
(``create_app``), and tells the workers no bundle, so they never race to load it.

With the embedded backend each worker holds its own copy of the organisation, read from the
state folder, and the workers share the folder's journal: each applies the others' changes
before it checks one of its own or answers a question (queries/embedded/store.py). The command
first saves the organisation there, if the folder holds none, and holds the folder for them
(``share_state_folder``), so another server is still refused.

Example (``uvicorn --workers`` on ``worker_app`` would serve too, but on one socket shared by
the workers and with Nagle's algorithm on: see ``_OwnSocket``):

```sh
ORGRAPH_NEO4J_URI=bolt://127.0.0.1:7687 orgraph serve --backend neo4j --workers 2
orgraph serve --state-dir .orgraph --workers 2        # the embedded backend
```
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any, cast

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from api.bootstrap import make_backend
from api.http.app import create_app
from api.settings import Settings
from queries.embedded.backend import MemoryBackend
from queries.embedded.lock import HOLDER_ENV, FolderLock
from queries.embedded.state import StateDir

#: How often a thread that wants the GIL gets it from one that runs (Python's default: 5 ms):
#: a trade between changes, committed in worker threads, and questions, which the event loop
#: answers itself. Shorter favours the changes. One process, soak at M (bench/soak.py, 16
#: writers, 4 readers, 1 minute): 5 ms 140 writes/s, reads 1.4x idle; 2 ms 253/s, 2.3x; 0.5 ms
#: 369/s, 3.0x. Two workers (2 minutes): 0.5 ms 582-644/s, reads 1.6-2.3x; 1 ms 521/s, 1.8x;
#: 2 ms 525/s, 1.6x. Both of issue 10's targets (500/s, within 2x) hold at 2 ms.
SWITCH_INTERVAL = 0.002

_PR_SET_PDEATHSIG = 1  # linux/prctl.h

#: The collector's thresholds while serving (Python's: 700, 10, 10). A request's objects still
#: in flight at a young collection are promoted, and full collections came about once a
#: second, each walking every object the changes since the start added: at M under the soak's
#: writes, 18% of a worker's time after 3 minutes and growing. With these, one full collection
#: in 3 minutes; writes over those minutes 483/s where they were 433/s (bench.soak, 2 workers).
GC_THRESHOLDS = (50_000, 50, 100)

#: How long a worker may take to start, or to answer the supervisor once started.
WORKER_START_SECONDS = 120


def share_state_folder(settings: Settings) -> Path | None:
    """Ready the embedded backend's state folder for workers: the organisation saved there (the
    bundle, when the folder holds none yet), and the folder held by this process for as long as
    it runs, its pid told to the workers. Returns the folder when it held a saved state.
    A saved state is not read here: each worker reads it (at M, seconds each)."""
    folder = settings.state_dir
    assert folder is not None
    restored = StateDir(folder).has_bundle()
    if not restored:
        backend = make_backend(settings)
        assert isinstance(backend, MemoryBackend)
        backend.save_state()
        backend.close()
    FolderLock.take(folder, owner=share_state_folder)  # until this process ends
    os.environ[HOLDER_ENV] = str(os.getpid())
    return folder if restored else None


def serve(
    application: FastAPI | None, settings: Settings, host: str, port: int, workers: int
) -> None:
    """Serve ``application`` (one worker), or ``workers`` processes each building its own
    (``application`` is then closed, if there is one: the embedded backend's workers need
    none, see ``share_state_folder``)."""
    _tune_the_interpreter()
    if workers == 1:
        assert application is not None
        uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)
        return
    if application is not None:
        application.state.backend.close()  # each worker opens its own
    os.environ.pop("ORGRAPH_BUNDLE", None)  # loaded already, if at all: no worker loads it
    os.environ.update(_environment(settings))
    config = uvicorn.Config(
        f"{__name__}:worker_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        # A worker builds its app before it answers the supervisor's pings: seconds on a busy
        # machine (18 s measured on 2 loaded cores), and one not answering in time is killed and
        # started again, for ever.
        timeout_worker_healthcheck=WORKER_START_SECONDS,
    )
    config.bind_socket().close()  # a port in use is refused here, once, not by each worker
    own = _OwnSocket(config.host, config.port, config.backlog)
    Multiprocess(config, sockets=[cast(socket.socket, own)]).run()


def worker_app() -> FastAPI:
    """The app of one worker of several: its settings from the environment."""
    _tune_the_interpreter()  # a worker starts with Python's own
    _stop_with_the_server()
    return create_app(Settings())


def _tune_the_interpreter() -> None:
    sys.setswitchinterval(SWITCH_INTERVAL)
    gc.set_threshold(*GC_THRESHOLDS)


def _stop_with_the_server() -> None:
    """Have the kernel stop this worker (SIGTERM) when the server that started it dies, however
    it dies: a worker left alone would go on answering on the server's port."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    server = multiprocessing.parent_process()
    if server is not None and os.getppid() != server.pid:  # it died before the line above
        sys.exit("orgraph: the server that started this worker is gone")


class _OwnSocket:
    """What the supervisor hands each worker instead of one shared socket: unpickled in the
    worker, it is a listening socket of the worker's own on the server's port
    (``SO_REUSEPORT``), and the kernel spreads new connections evenly over the workers' sockets.
    On one shared socket the first worker to wake took every connection of a burst: the soak's
    20 kept-alive clients all on one worker of two (measured: 150 writes/s instead of 560)."""

    def __init__(self, host: str, port: int, backlog: int) -> None:
        self.address = (host, port, backlog)

    def __reduce__(self) -> tuple[Any, tuple[str, int, int]]:
        return _listening, self.address


def _listening(host: str, port: int, backlog: int) -> socket.socket:
    """A TCP socket listening on ``host:port`` beside the other workers'. Made with protocol
    TCP: asyncio turns Nagle's algorithm off only on connections of a socket it knows to be TCP,
    and left on, a response's body waits for the client's delayed ACK of its head, 40 ms a
    request (measured: 50 ms p50 at one client instead of 4)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )[0]
    listener = socket.socket(family, kind, proto)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind(address)
    listener.listen(backlog)
    return listener


def _environment(settings: Settings) -> dict[str, str]:
    """What the command chose beyond the environment, as the variables workers read."""
    chosen: dict[str, str] = {
        "ORGRAPH_BACKEND": settings.backend,
        "ORGRAPH_AUTH_MODE": settings.auth_mode,
    }
    if settings.state_dir is not None:
        chosen["ORGRAPH_STATE_DIR"] = str(settings.state_dir.resolve())
    return chosen


__all__ = ["serve", "share_state_folder", "worker_app"]
