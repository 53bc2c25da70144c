"""Every question asked of one backend, as one comparable value: what the differential tests
compare between the embedded backend and Neo4j.

``every_answer`` asks about the entities of a ``Subjects``: every one of a small random
organisation, or a fixed sample of a generated large one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from random import Random
from typing import Any

from graph_model.errors import InvalidRequest, NotFound
from graph_model.protocol import Backend
from graph_model.records import Bundle


@dataclass(frozen=True)
class Subjects:
    """The ids the questions are asked about."""

    units: Sequence[str]
    branches: Sequence[str]
    people: Sequence[str]
    chain_starts: Sequence[str]

    @classmethod
    def every(cls, bundle: Bundle) -> Subjects:
        return cls(
            units=[u.id for u in bundle.units],
            branches=[o.id for o in bundle.party_orgs],
            people=[p.id for p in bundle.people],
            chain_starts=[t.id for t in bundle.teams]
            + [g.id for g in bundle.party_groups]
            + [o.id for o in bundle.party_orgs]
            + [p.id for p in bundle.projects],
        )

    def sample(self, size: int, units: int, seed: int = 0) -> Subjects:
        """At most ``units`` units (each asks about a subtree) and ``size`` of the others, the
        same ones for the same seed."""
        rng = Random(seed)

        def some(ids: Sequence[str], count: int) -> list[str]:
            return sorted(rng.sample(list(ids), min(count, len(ids))))

        return Subjects(
            some(self.units, units),
            some(self.branches, size),
            some(self.people, size),
            some(self.chain_starts, size),
        )


def answer(question: Callable[[], Any]) -> Any:
    """The answer, or the kind of error, so that errors must agree too."""
    try:
        return question()
    except NotFound as exc:
        return ("NotFound", exc.entity_id)
    except InvalidRequest as exc:
        return ("InvalidRequest", str(exc))


def every_answer(backend: Backend, subjects: Subjects, day: date, since: date) -> dict[str, Any]:
    """Each question on ``day`` about ``subjects`` (diffs and workload from ``since``)."""
    units: list[str | None] = [None, *subjects.units]
    return {
        "uncovered": answer(lambda: backend.uncovered_branches(day)),
        "uncovered_under": {
            u: answer(lambda u=u: backend.uncovered_branches(day, u)) for u in subjects.units
        },
        "branch": {
            o: answer(lambda o=o: backend.branch_coverage(o, day)) for o in subjects.branches
        },
        "leader": {p: answer(lambda p=p: backend.leader_coverage(p, day)) for p in subjects.people},
        "chain": {
            s: answer(lambda s=s: backend.responsibility_chain(s, day))
            for s in subjects.chain_starts
        },
        "explain": {
            o: answer(lambda o=o: backend.explain_uncovered(o, day)) for o in subjects.branches
        },
        "diff": {u: answer(lambda u=u: backend.coverage_diff(since, day, u)) for u in units},
        "workload": answer(lambda: backend.leader_workload(day, since, day)),
        "completeness": {u: answer(lambda u=u: backend.data_completeness(day, u)) for u in units},
        "figures": {
            o: answer(lambda o=o: backend.year_figures(since.year, o, day))
            for o in subjects.branches
        },
    }
