"""On random valid organisations, the embedded and Neo4j backends give the same answers, in the
same order, to every question on every day of the date grid.

CI runs ``ORGRAPH_HYPOTHESIS_EXAMPLES`` examples (default 25); a nightly run sets it to 500.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from graph_model.records import Bundle
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend
from tests.differential.answers import Subjects, every_answer
from tests.differential.organisations import DAYS, organisations

pytestmark = pytest.mark.neo4j
EXAMPLES = int(os.environ.get("ORGRAPH_HYPOTHESIS_EXAMPLES", "25"))


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
    subjects = Subjects.every(bundle)
    for day in (DAYS[1], DAYS[4], DAYS[6]):
        assert every_answer(neo4j_backend, subjects, day, DAYS[0]) == every_answer(
            memory, subjects, day, DAYS[0]
        )
