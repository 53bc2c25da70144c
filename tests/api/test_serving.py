"""Serving with several workers (api/http/serving.py): what they are told, and Nagle's algorithm
off (the embedded backend's workers at work: tests/e2e/test_embedded_workers.py)."""

from __future__ import annotations

import asyncio
import pickle
import socket
from pathlib import Path

from api.http.serving import _environment, _OwnSocket
from api.settings import Settings


def test_workers_read_what_the_command_chose_from_the_environment_but_no_bundle() -> None:
    settings = Settings(backend="neo4j", auth_mode="dev", bundle=Path("org"))
    assert _environment(settings) == {"ORGRAPH_BACKEND": "neo4j", "ORGRAPH_AUTH_MODE": "dev"}
    embedded = Settings(backend="memory", auth_mode="dev", state_dir=Path("state"))
    assert _environment(embedded)["ORGRAPH_STATE_DIR"] == str(Path("state").resolve())


def test_the_workers_connections_send_at_once() -> None:
    """Nagle's algorithm off on each connection the workers' socket accepts: asyncio turns it
    off only on a socket it knows to be TCP, and uvicorn's says protocol 0."""
    tcp = pickle.loads(pickle.dumps(_OwnSocket("127.0.0.1", 0, 16)))  # as a worker gets it
    assert tcp.proto == socket.IPPROTO_TCP
    assert asyncio.run(_nodelay_of_a_connection(tcp)) == 1


def test_each_worker_listens_on_the_port_with_a_socket_of_its_own() -> None:
    own = _OwnSocket("127.0.0.1", 0, 16)
    first = pickle.loads(pickle.dumps(own))
    port = first.getsockname()[1]
    second = pickle.loads(pickle.dumps(_OwnSocket("127.0.0.1", port, 16)))
    with first, second:
        assert second.getsockname()[1] == port and second.fileno() != first.fileno()


async def _nodelay_of_a_connection(listener: socket.socket) -> int:
    seen: list[int] = []

    async def accepted(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(accepted, sock=listener)
    async with server:
        host, port = listener.getsockname()[:2]
        reader, writer = await asyncio.open_connection(host, port)
        await reader.read()  # until the server closes
        writer.close()
    return seen[0]
