"""On random valid organisations, the embedded and Neo4j backends give the same answers, in the
same order, to every question on every day of the date grid.

CI runs ``ORGRAPH_HYPOTHESIS_EXAMPLES`` examples (default 25); a nightly run sets it to 500.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from graph_model.errors import InvalidRequest, NotFound
from graph_model.protocol import Backend
from graph_model.records import Bundle
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend
from tests.differential.organisations import DAYS, organisations

pytestmark = pytest.mark.neo4j
EXAMPLES = int(os.environ.get("ORGRAPH_HYPOTHESIS_EXAMPLES", "25"))


def _answer(question: Callable[[], Any]) -> Any:
    """The answer, or the kind of error, so that errors must agree too."""
    try:
        return question()
    except NotFound as exc:
        return ("NotFound", exc.entity_id)
    except InvalidRequest as exc:
        return ("InvalidRequest", str(exc))


def _every_answer(backend: Backend, bundle: Bundle, day: date) -> dict[str, Any]:
    starts = (
        [t.id for t in bundle.teams]
        + [g.id for g in bundle.party_groups]
        + [o.id for o in bundle.party_orgs]
        + [p.id for p in bundle.projects]
    )
    return {
        "uncovered": _answer(lambda: backend.uncovered_branches(day)),
        "uncovered_under": {
            u.id: _answer(lambda u=u: backend.uncovered_branches(day, u.id)) for u in bundle.units
        },
        "branch": {
            o.id: _answer(lambda o=o: backend.branch_coverage(o.id, day)) for o in bundle.party_orgs
        },
        "leader": {
            p.id: _answer(lambda p=p: backend.leader_coverage(p.id, day)) for p in bundle.people
        },
        "chain": {s: _answer(lambda s=s: backend.responsibility_chain(s, day)) for s in starts},
        "explain": {
            o.id: _answer(lambda o=o: backend.explain_uncovered(o.id, day))
            for o in bundle.party_orgs
        },
        "diff": {
            u: _answer(lambda u=u: backend.coverage_diff(DAYS[0], day, u))
            for u in [None, *(u.id for u in bundle.units)]
        },
        "workload": _answer(lambda: backend.leader_workload(day, DAYS[0], day)),
        "completeness": {
            u: _answer(lambda u=u: backend.data_completeness(day, u))
            for u in [None, *(u.id for u in bundle.units)]
        },
        "figures": {
            o.id: _answer(lambda o=o: backend.year_figures(2020, o.id, day))
            for o in bundle.party_orgs
        },
    }


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(bundle=organisations())
def test_both_backends_answer_every_question_alike(
    neo4j_backend: Neo4jBackend, bundle: Bundle
) -> None:
    memory = MemoryBackend(bundle)
    neo4j_backend.replace_all(bundle)
    for day in (DAYS[1], DAYS[4], DAYS[6]):
        assert _every_answer(neo4j_backend, bundle, day) == _every_answer(memory, bundle, day)
