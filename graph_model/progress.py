"""How a long piece of work (reading a bundle, generating one) tells its caller how far it is.

A producer takes an optional ``Progress`` and calls it as ``progress(step, done, total)``:
``done`` of the step's ``total`` items are finished (``total`` is ``None`` while unknown).
Steps come one after another: a new step name means the previous one is over. Items are rows
unless the step names another unit. A producer reports every ``REPORT_EVERY`` items or so,
never per item, and does nothing at all when it is given no ``Progress``.

>>> seen: list[tuple[str, int, int | None]] = []
>>> progress: Progress = lambda step, done, total: seen.append((step, done, total))
>>> progress("reading", 0, 3)
>>> seen
[('reading', 0, 3)]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

#: ``progress(step, done, total)``: ``done`` of ``total`` items of ``step`` are finished.
Progress: TypeAlias = Callable[[str, int, int | None], None]

#: How many items a producer handles between two reports: often enough for a smooth bar,
#: rarely enough to cost nothing measurable.
REPORT_EVERY = 10_000

__all__ = ["REPORT_EVERY", "Progress"]
