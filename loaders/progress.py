"""Report a loop's progress to an optional ``Progress`` (graph_model/progress.py) for free when
there is none: ``counted`` hands the items back untouched then.

>>> seen = []
>>> list(counted("abc", lambda *report: seen.append(report), "reading", 3))
['a', 'b', 'c']
>>> seen
[('reading', 0, 3), ('reading', 3, 3)]
>>> items = [1, 2]
>>> counted(items, None, "reading", 2) is items
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from graph_model.progress import REPORT_EVERY, Progress

T = TypeVar("T")


def counted(
    items: Iterable[T],
    progress: Progress | None,
    step: str,
    total: int | None,
    start: int = 0,
    every: int = REPORT_EVERY,
) -> Iterable[T]:
    """``items``, reporting ``step`` to ``progress`` as they are handled: ``start`` (what earlier
    loops of the same step did) plus the items handled so far, at the step's start, every
    ``every`` items and at the end. An item counts as handled when the next one is asked for."""
    if progress is None:
        return items
    return _reporting(items, progress, step, total, start, every)


def _reporting(
    items: Iterable[T], progress: Progress, step: str, total: int | None, start: int, every: int
) -> Iterator[T]:
    if not start:  # a later loop of the step follows an earlier one's last report
        progress(step, start, total)
    done = start
    for done, item in enumerate(items, start=start + 1):
        yield item
        if not done % every:
            progress(step, done, total)
    if done != start and done % every:  # else the start or the loop reported it
        progress(step, done, total)


__all__ = ["counted"]
