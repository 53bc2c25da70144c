"""A short profile of a call, for the targets a report marks missed.

Sorted by each function's own time: the GraphQL resolvers hand backend calls to worker
threads, which this profile (of the calling thread) does not see; their time shows as the
event loop's wait (``select``/``poll``)."""

from __future__ import annotations

import cProfile
import io
import pstats
from collections.abc import Callable
from typing import Any

TOP = 20


def profiled(call: Callable[[], Any], top: int = TOP) -> str:
    """The call's ``top`` functions by own time, as pstats prints them."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        call()
    finally:
        profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    text = out.getvalue()
    return text[text.find("   ncalls") :] if "   ncalls" in text else text
