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
>>> with lock.reading_if_free() as free:
...     free
True
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
        if self.reads_already():  # a writer waits for this thread, not it for a writer
            with self._nested():
                yield
            return
        with self._changed:
            while self._writing or self._writers_waiting:
                self._changed.wait()
            self._readers += 1
        with self._counted():
            yield

    @contextmanager
    def reading_if_free(self) -> Iterator[bool]:
        """Share the lock if that needs no wait (yields True), else hold nothing (False): for a
        caller that must not block, such as an event loop, and goes elsewhere when told no."""
        if self.reads_already():
            with self._nested():
                yield True
            return
        with self._changed:
            free = not (self._writing or self._writers_waiting)
            if free:
                self._readers += 1
        if not free:
            yield False
            return
        with self._counted():
            yield True

    def reads_already(self) -> bool:
        """Whether this thread holds the lock to read (a writer would wait for it)."""
        return bool(getattr(self._depth, "n", 0))

    @contextmanager
    def _nested(self) -> Iterator[None]:
        depth = self._depth.n
        self._depth.n = depth + 1
        try:
            yield
        finally:
            self._depth.n = depth

    @contextmanager
    def _counted(self) -> Iterator[None]:
        """This thread among the readers (counted already) until the block ends."""
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
