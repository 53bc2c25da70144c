"""Pause the cyclic garbage collector while millions of objects are made at once.

A load builds millions of small containers (the graph's dicts and tuples, the bundle's records)
that are never garbage; the collector would walk them again and again as they pile up (more
than half of an L graph's build time, issue 8). Reference counting still frees what is dropped;
the collector resumes after, as it was. Once built, a large organisation is kept out of the
collector's reach (``keep_out_of_collections``).
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


def keep_out_of_collections() -> None:
    """Put every object alive now out of the collector's reach (``gc.freeze``): a held
    organisation's millions of containers would otherwise be walked by every full collection,
    a pause of all threads (1.3 s at M, 100k people) in the middle of questions and changes.
    What an earlier freeze kept (an organisation replaced since) is let go and collected first.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


__all__ = ["gc_paused", "keep_out_of_collections"]
