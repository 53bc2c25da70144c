"""A readers-writer lock: many questions at once, or one change's in-memory apply alone.

A change edits the embedded graph in place (a few dict entries, microseconds), so a question
must not run while it does, or it could see half a change. Questions share the lock; a change
waits for the questions in flight and holds back new ones while it waits (else a steady flow of
questions could keep it out for ever). Reading is re-entrant per thread, so a question that asks
another one does not wait behind a writer that waits for it.

>>> lock = ReadWriteLock()
>>> with lock.reading(), lock.reading():
...     pass
>>> with lock.writing():
...     pass
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager


class ReadWriteLock:
    def __init__(self) -> None:
        self._changed = threading.Condition(threading.Lock())
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0
        self._depth = threading.local()

    @contextmanager
    def reading(self) -> Iterator[None]:
        depth = getattr(self._depth, "n", 0)
        if depth:  # this thread reads already: a writer waits for it, not it for a writer
            self._depth.n = depth + 1
            try:
                yield
            finally:
                self._depth.n = depth
            return
        with self._changed:
            while self._writing or self._writers_waiting:
                self._changed.wait()
            self._readers += 1
        self._depth.n = 1
        try:
            yield
        finally:
            self._depth.n = 0
            with self._changed:
                self._readers -= 1
                if not self._readers:
                    self._changed.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._changed:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._changed.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()


__all__ = ["ReadWriteLock"]
