"""How long the fuzz runs: a fixed, short run by default (reproducible, within the test run's
budget), longer or with another seed on request.

``ORGRAPH_FUZZ_EXAMPLES``  examples per root field (default 4: 140 per backend with the broken
                           documents' 20, which took 12 s embedded and 144 s on Neo4j on the
                           shared 2-core machine at a load average of 19); 80 makes 2,800
``ORGRAPH_FUZZ_SEED``      a seed, for a run that differs from the fixed one; unset, every run
                           draws the same examples (``derandomize``)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, seed, settings

EXAMPLES = int(os.environ.get("ORGRAPH_FUZZ_EXAMPLES", "4"))
SEED = os.environ.get("ORGRAPH_FUZZ_SEED")

F = TypeVar("F", bound=Callable[..., Any])


def fuzz_run(examples: int = EXAMPLES) -> Callable[[F], F]:
    """For a ``@given`` test: run ``examples`` times, the same way each time unless a seed is
    set."""
    budget = settings(
        max_examples=examples,
        deadline=None,  # a first request may build caches; a slow answer is not a wrong one
        derandomize=SEED is None,
        database=None,  # nothing written under .hypothesis/: a run is its settings
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )

    def decorate(test: F) -> F:
        run: F = budget(test)
        return seed(int(SEED))(run) if SEED is not None else run

    return decorate


__all__ = ["EXAMPLES", "SEED", "fuzz_run"]
