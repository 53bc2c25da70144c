"""Pause the cyclic garbage collector while millions of objects are made at once.

Building the embedded graph, and validating a large bundle, make millions of small containers
(the graph's dicts and tuples, the bundle's records) that are never garbage; the collector would
walk them again and again as they pile up (more than half of an L graph's build time, a sixth of
validating an L bundle: issue 8, loaders/validate.py). Reference counting still frees what is
dropped; the collector resumes when the last pause ends, as it was before the first. Once built,
a large organisation is kept out of the collector's reach (``keep_out_of_collections``).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # pauses under way, in any thread: the collector is off while there is one
_was_enabled = False  # the collector's state before the first of them


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the collector for the block (or, as ``@gc_paused()``, the function); pauses may
    nest and overlap across threads."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
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
