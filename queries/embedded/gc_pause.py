"""Pause the cyclic garbage collector while millions of objects are made at once.

A load builds millions of small containers (the graph's dicts and tuples, the bundle's records)
that are never garbage; the collector would walk them again and again as they pile up (more
than half of an L graph's build time, issue 8). Reference counting still frees what is dropped;
the collector resumes after, as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


__all__ = ["gc_paused"]
