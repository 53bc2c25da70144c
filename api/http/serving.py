"""Running the app under uvicorn: in this process, or in several worker processes.

One Python process runs one request's Python at a time, so on a machine of several cores the
Neo4j backend serves more with several workers (``orgraph serve --workers N``): each worker is
a process of its own, with its own app, driver and connection pool, built from the environment
by ``worker_app``; the command's own choices (``--backend``, ``--dev``) reach them as
``ORGRAPH_…`` variables. The command loads the bundle first, if the store holds no organisation
(``create_app``), and tells the workers no bundle, so they never race to load it.

The embedded backend holds the graph in the process that loaded it, and writes the changes made
through it to its state folder: two workers would answer from two graphs that drift apart with
each change, and overwrite each other's state. So it is served by one worker only.

Example (``uvicorn --workers`` on ``worker_app`` would serve too, but with Nagle's algorithm on:
see ``_tcp``):

```sh
ORGRAPH_NEO4J_URI=bolt://127.0.0.1:7687 orgraph serve --backend neo4j --workers 2
```
"""

from __future__ import annotations

import os
import socket
import sys

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import Multiprocess

from api.http.app import create_app
from api.settings import Settings

#: How often a thread that wants the GIL gets it from one that runs (Python's default: 5 ms).
#: The event loop answers embedded point questions itself; at 5 ms, a change's worker thread
#: waited that long for the GIL at each of its steps while readers kept the loop busy. Soak at M
#: (bench/soak.py, 16 writers, 4 readers, 1 minute): 5 ms 140 writes/s, reads 1.4x idle;
#: 2 ms 253/s, 2.3x; 1 ms 326/s, 2.8x; 0.5 ms 369/s, 3.0x.
SWITCH_INTERVAL = 0.0005

#: How long a worker may take to start, or to answer the supervisor once started.
WORKER_START_SECONDS = 120


def workers_problem(settings: Settings, workers: int) -> str | None:
    """Why ``settings`` cannot be served by ``workers`` processes, or None."""
    if workers > 1 and settings.backend == "memory":
        return (
            "--workers: the embedded backend holds its graph and saves its changes in one "
            "process; serve it with one worker, or serve Neo4j (--backend neo4j) with several"
        )
    return None


def serve(application: FastAPI, settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve ``application`` (one worker), or ``workers`` processes each building its own."""
    sys.setswitchinterval(SWITCH_INTERVAL)
    if workers == 1:
        uvicorn.run(application, host=host, port=port, log_level="warning", access_log=False)
        return
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
    Multiprocess(config, sockets=[_tcp(config.bind_socket())]).run()


def worker_app() -> FastAPI:
    """The app of one worker of several: its settings from the environment."""
    return create_app(Settings())


def _tcp(listener: socket.socket) -> socket.socket:
    """``listener`` known to be TCP. uvicorn opens the workers' socket with protocol 0, and
    asyncio turns Nagle's algorithm off only on connections of a socket it knows to be TCP: left
    on, a response's body waits for the client's delayed ACK of its head, 40 ms a request
    (measured: 50 ms p50 at one client instead of 4)."""
    return socket.socket(fileno=listener.detach())  # family, type and protocol from the socket


def _environment(settings: Settings) -> dict[str, str]:
    """What the command chose beyond the environment, as the variables workers read."""
    return {"ORGRAPH_BACKEND": settings.backend, "ORGRAPH_AUTH_MODE": settings.auth_mode}


__all__ = ["serve", "worker_app", "workers_problem"]
