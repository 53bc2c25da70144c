"""One process at a time serves a state folder: an exclusive lock held for the process's life.

Two servers on one folder used to answer the same change ids and overwrite each other's saves
(issue 10, failure 1). ``FolderLock.take`` holds ``fcntl.flock`` on ``<folder>/orgraph.lock``,
which records the holder's pid; another process taking it is refused at once, naming the folder
and that pid. The kernel lets go when the process ends, however it ends, so a crash leaves no
stale lock behind.

Within one process, a second store on the folder (a test restarting its backend) takes the lock
over: the newest store is its ``owner``, and an older one's writes are refused, so only one
store writes there at a time either way.

The workers of one server (``orgraph serve --workers N``) share the folder: the server holds the
lock and names itself in ``ORGRAPH_STATE_HOLDER``; a process told so, finding the lock held by
that pid, serves the folder beside it, its changes ordered through the journal
(queries.embedded.journal). Any other process is still refused.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

from graph_model.errors import BackendUnavailable

LOCK_FILE = "orgraph.lock"
#: The pid of the server whose workers share its state folder (set by api/http/serving.py).
HOLDER_ENV = "ORGRAPH_STATE_HOLDER"

_held: dict[Path, FolderLock] = {}  # this process's locks, by resolved folder
_held_lock = threading.Lock()


class FolderInUse(BackendUnavailable):
    """Another process holds the state folder."""


class FolderLock:
    """This process's hold on a state folder."""

    def __init__(self, folder: Path, fd: int, owner: object) -> None:
        self.folder = folder
        self._fd: int | None = fd
        #: The store of this process that may write in the folder.
        self.owner = owner

    @classmethod
    def take(cls, folder: Path, owner: object) -> FolderLock:
        """Hold ``folder`` (created if need be) for ``owner``, or raise ``FolderInUse``."""
        folder.mkdir(parents=True, exist_ok=True)
        key = folder.resolve()
        with _held_lock:
            held = _held.get(key)
            if held is not None and held._fd is not None:
                held.owner = owner
                return held
            fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
                if holder == os.environ.get(HOLDER_ENV):  # a worker of the holder: shares it
                    lock = _held[key] = cls(folder, fd, owner)
                    return lock
                os.close(fd)
                raise FolderInUse(
                    f"the state folder {folder} is in use by process {holder} "
                    "(another orgraph serve or load); stop it or use another --state-dir"
                ) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            lock = _held[key] = cls(folder, fd, owner)
            return lock

    def release(self, owner: object) -> None:
        """Let go, when ``owner`` is the store holding it."""
        with _held_lock:
            if self.owner is not owner or self._fd is None:
                return
            _held.pop(self.folder.resolve(), None)
            os.close(self._fd)  # lets go of the flock, if this process holds it
            self._fd, self.owner = None, None  # a store let go of writes no more


__all__ = ["HOLDER_ENV", "LOCK_FILE", "FolderInUse", "FolderLock"]
