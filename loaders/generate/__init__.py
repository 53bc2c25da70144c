"""A deterministic generator of large, valid, realistic organisations (a grid company).

``generate(people, seed)`` draws an organisation of exactly ``people`` people shaped like a
power-grid company: the company, provincial companies, prefecture bureaus, county companies and
stations, with headquarters departments and support organisations, party committees, general
branches, branches, party groups, work teams, projects with temporary branches, leaders with
their domains, liaison points and visits (DOMAIN.md). Every audit rule R01–R14 finds a few
planted gaps on ``AS_OF`` (a small share of what the rule looks at), and nothing else.

The same ``(people, seed)`` gives the same bundle, record for record. Generation is a fixed
sequence of steps (``STEPS``) over one ``Draft``; only the standard library's
``random.Random(seed)`` draws.

>>> bundle = generate(2_000, seed=1)
>>> len(bundle.people)
2000
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from random import Random

from graph_model.progress import Progress
from graph_model.records import Bundle
from loaders.csv_writer import write_csv
from loaders.generate.assemble import assemble
from loaders.generate.duties import assign_duties
from loaders.generate.party import build_branches, build_committees, build_groups
from loaders.generate.plan import AS_OF, Draft, Names
from loaders.generate.projects import build_projects
from loaders.generate.staff import staff_units
from loaders.generate.structure import MIN_PEOPLE, build_units
from loaders.json_writer import dumps
from loaders.progress import counted

#: Named sizes, in people.
SIZES = {"S": 10_000, "M": 100_000, "L": 1_000_000}

#: The step ``progress`` hears; its items are ``STEPS``, not rows.
GENERATING = "generating"

#: The steps of a generation, in order, by name (a progress report can follow them).
STEPS: tuple[tuple[str, Callable[[Draft], None]], ...] = (
    ("units", build_units),
    ("people", staff_units),
    ("committees", build_committees),
    ("branches", build_branches),
    ("projects", build_projects),
    ("party groups", build_groups),
    ("leaders' duties", assign_duties),
)


def generate(people: int, seed: int = 0, progress: Progress | None = None) -> Bundle:
    """An organisation of exactly ``people`` people (at least ``MIN_PEOPLE``), drawn from
    ``seed``. ``progress`` hears the step ``generating``, counted in ``STEPS`` done."""
    rng = Random(seed)
    draft = Draft(rng, people, Names(rng))
    for _, step in counted(STEPS, progress, GENERATING, len(STEPS), every=1):
        step(draft)
    return assemble(draft)


def write_json(bundle: Bundle, path: Path) -> None:
    """Write the bundle as FORMAT.md's JSON document."""
    path.write_bytes(dumps(bundle))


__all__ = [
    "AS_OF",
    "GENERATING",
    "MIN_PEOPLE",
    "SIZES",
    "STEPS",
    "generate",
    "write_csv",
    "write_json",
]
