"""Point questions answered on the server's event loop: the families' sync code, the async
driver's I/O, joined by a greenlet (as SQLAlchemy's asyncio extension joins them).

Why: a question in a worker thread hands the GIL back and forth with the loop, which also
runs every other request's Python; under load the hand-overs cost more than the question.
Blocking the loop on the sync driver instead would stop every other request of the process
while one statement is slow or stuck. Measured on this 2-core machine, ``orgraph serve
--workers 2`` on the S organisation, the same build with the thread path and with this one in
turn (3 and 2 runs of 10 s each, bench/http_load.py's client): ``branchCoverage`` at 32 clients
665-697 requests/s in a thread, 701-780 on the loop; ``responsibilityChain`` at 32 clients
172-176 against 208-214. At one client they are within the machine's noise for
``branchCoverage`` (p50 2.8 ms against 2.6-3.0) and the chain is a little slower on the loop
(p50 8.8-9.6 ms against 9.8-10.4: the async driver takes longer per record than the sync one).

So ``answer`` runs the question in a greenlet on the loop's thread; where the question reads,
``wait_for`` hands the async driver's coroutine to the loop, which awaits it while other
requests go on, and resumes the question with its answer.

Only code that reads through ``wait_for`` may run inside (``inside`` says when); anything else
that would block, a sync session in particular, must not: the backend answers on the loop only
questions that read nothing else.

The async driver is the running loop's, opened by ``LoopDrivers.serving`` (the app's lifespan)
and closed with it: a driver's connections belong to the loop that opened them.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar, cast

import greenlet
from neo4j import AsyncDriver

T = TypeVar("T")


class _Question(greenlet.greenlet):
    """A question running on the loop's thread; its parent awaits what it hands over."""


def inside() -> bool:
    """Whether this code runs in a question ``answer`` started (so it reads with ``wait_for``)."""
    return isinstance(greenlet.getcurrent(), _Question)


def wait_for(awaitable: Awaitable[T]) -> T:
    """``awaitable``'s result, awaited by the loop while the question waits (inside only)."""
    current = greenlet.getcurrent()
    if not isinstance(current, _Question) or current.parent is None:
        raise RuntimeError("wait_for outside a question answered on the loop")
    return cast(T, current.parent.switch(awaitable))


async def answer(question: Callable[[], T]) -> T:
    """``question()``, run on this thread; each awaitable it hands over is awaited here, and its
    result (or its exception) sent back. The question sees the caller's context variables (a
    copy, as a worker thread would: the request's bookmarks)."""
    child = _Question(question, greenlet.getcurrent())
    child.gr_context = contextvars.copy_context()
    handed: Any = child.switch()
    while not child.dead:
        try:
            result = await handed
        except BaseException as exc:  # a cancellation too: the question unwinds with it
            handed = child.throw(exc)
        else:
            handed = child.switch(result)
    return cast(T, handed)


class LoopDrivers:
    """The async driver of each serving loop, made by ``make``."""

    def __init__(self, make: Callable[[], AsyncDriver]) -> None:
        self._make = make
        self._drivers: dict[asyncio.AbstractEventLoop, AsyncDriver] = {}

    @asynccontextmanager
    async def serving(self) -> AsyncIterator[None]:
        """Within the block, the running loop has a driver; closed at its end."""
        loop = asyncio.get_running_loop()
        driver = self._make()
        self._drivers[loop] = driver
        try:
            yield
        finally:
            del self._drivers[loop]
            await driver.close()

    def current(self) -> AsyncDriver | None:
        """The running loop's driver; None outside ``serving`` or off a loop."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        return self._drivers.get(loop)


__all__ = ["LoopDrivers", "answer", "inside", "wait_for"]
