"""A loopback proxy that loses a COMMIT's answer: the server commits, the client never hears.

Once ``arm()``-ed, the next Bolt COMMIT a client sends is forwarded to the server; the server's
answer is dropped, and a moment later (the server has committed by then) every connection is
cut, as a server stopping or a network failing right after COMMIT would. New connections are
let through again at once.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time

from tests.support.tcp_proxy import TcpProxy

#: A Bolt COMMIT: one chunk of two bytes, a struct of no fields with signature 0x12, the end.
COMMIT = b"\x00\x02\xb0\x12\x00\x00"
#: How long the server is given to commit before the connection is cut.
COMMIT_SECONDS = 0.3


class CommitCut(TcpProxy):
    """``TcpProxy`` that, armed, cuts the connections right after forwarding a COMMIT."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._armed = threading.Event()
        self._losing = threading.Event()  # the server's answers are dropped meanwhile
        self.cuts = 0
        super().__init__(target_host, target_port)

    def arm(self) -> None:
        self._armed.set()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            to_server = sink.getpeername()[:2] == self._target
            while data := source.recv(65536):
                if not to_server and self._losing.is_set():
                    continue
                committing = to_server and self._armed.is_set() and COMMIT in data
                if committing:
                    self._armed.clear()
                    self._losing.set()
                sink.sendall(data)
                if committing:
                    time.sleep(COMMIT_SECONDS)
                    self.cut()
                    self.cuts += 1
                    self._losing.clear()
                    self.restore()
                    return
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


__all__ = ["COMMIT", "CommitCut"]
