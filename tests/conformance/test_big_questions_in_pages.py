"""The big questions read in many small pieces give the embedded backend's answers, same order.

On Neo4j the questions about the whole organisation (the audit, the uncovered branches, the
coverage diff, data completeness, leader workload) read keyset pages of entities, each
its own read transaction in one pinned generation (``queries.neo4j.pinned``). Here the page is
made tiny, so the sample splits into hundreds of pieces, and every answer must still be exactly
the embedded backend's. A second part checks that pieces never mix generations: a load that
switches while a question reads makes it start over, and one that keeps switching refuses it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from graph_model.errors import LoadInProgress
from graph_model.protocol import Backend
from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from queries.audit.rules import load_rules
from queries.embedded.backend import MemoryBackend
from queries.neo4j.backend import Neo4jBackend
from queries.neo4j.pinned import ATTEMPTS, PinnedRead
from tests.conformance.builders import Org

TODAY = date(2026, 11, 23)  # "today" of the sample (scripts/make_sample.py)
LAST_YEAR = date(2025, 11, 23)
RULES = load_rules()
SMALL_PAGE = 7  # entities per piece: the sample's branches alone make dozens of pieces

#: Each big question, asked of a backend; ``None`` as the unit asks about the whole organisation.
QUESTIONS: dict[str, Callable[[Backend, str | None], Any]] = {
    "audit": lambda backend, under: backend.audit(TODAY, RULES, under),
    "uncovered_branches": lambda backend, under: backend.uncovered_branches(TODAY, under),
    "coverage_diff": lambda backend, under: backend.coverage_diff(LAST_YEAR, TODAY, under),
    "data_completeness": lambda backend, under: backend.data_completeness(TODAY, under),
    "leader_workload": lambda backend, under: backend.leader_workload(
        TODAY, LAST_YEAR, TODAY, under
    ),
}


@pytest.fixture(scope="module")
def sample() -> Bundle:
    return read_bundle(SAMPLE_BUNDLE).bundle


@pytest.fixture(scope="module")
def expected(sample: Bundle) -> MemoryBackend:
    return MemoryBackend(sample)


@pytest.fixture(scope="module")
def paged(load: Callable[[Bundle], Backend], sample: Bundle) -> Iterator[Backend]:
    """The sample on the backend under test; on Neo4j, read in pieces of ``SMALL_PAGE``."""
    backend = load(sample)
    if isinstance(backend, Neo4jBackend):
        backend.read_chunk_rows = SMALL_PAGE
        yield backend
        del backend.read_chunk_rows  # back to the class's
    else:
        yield backend


@pytest.mark.parametrize("under", [None, "u-gx", "u-b13", "u-s01"])
@pytest.mark.parametrize("question", sorted(QUESTIONS))
def test_a_big_question_in_small_pieces_is_answered_as_embedded(
    paged: Backend, expected: MemoryBackend, question: str, under: str | None
) -> None:
    ask = QUESTIONS[question]
    assert ask(paged, under) == ask(expected, under)


# -- one generation throughout ------------------------------------------------------------------
def _org(people: int) -> Bundle:
    """A company with one branch of ``people`` members: two loads tell apart by the count."""
    org = Org().unit("u-top").committee("c-top", "u-top").branch("br-1", "u-top", "c-top")
    for n in range(people):
        org.person(f"p-{n:03}", unit="u-top")
    return org.bundle()


@pytest.mark.neo4j
def test_a_load_switching_between_pieces_makes_the_question_start_over(
    neo4j_backend: Neo4jBackend,
) -> None:
    neo4j_backend.replace_all(_org(5))
    tries: list[int] = []

    def count_people(read: PinnedRead) -> int:
        tries.append(len(tries))
        first = read("MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
        if len(tries) == 1:
            neo4j_backend.replace_all(_org(9))  # switches: the first piece's generation retires
        second = read("MATCH (p:Person) RETURN count(p) AS n")[0]["n"]
        assert first == second, "two pieces of one answer read two generations"
        return int(first)

    assert neo4j_backend._in_one_generation(count_people) == 9
    assert len(tries) == 2


@pytest.mark.neo4j
def test_a_switch_after_the_last_piece_is_noticed_too(neo4j_backend: Neo4jBackend) -> None:
    neo4j_backend.replace_all(_org(5))
    tries: list[int] = []

    def count_then_load(read: PinnedRead) -> int:
        counted = int(read("MATCH (p:Person) RETURN count(p) AS n")[0]["n"])
        if not tries:
            neo4j_backend.replace_all(_org(9))
        tries.append(counted)
        return counted

    assert neo4j_backend._in_one_generation(count_then_load) == 9
    assert tries == [5, 9]


@pytest.mark.neo4j
def test_a_question_that_loads_keep_overtaking_is_refused(neo4j_backend: Neo4jBackend) -> None:
    neo4j_backend.replace_all(_org(5))
    tries: list[int] = []

    def always_overtaken(read: PinnedRead) -> int:
        tries.append(len(tries))
        read("MATCH (p:Person) RETURN count(p) AS n")
        neo4j_backend.replace_all(_org(5 + len(tries)))
        return int(read("MATCH (p:Person) RETURN count(p) AS n")[0]["n"])

    with pytest.raises(LoadInProgress, match="loads replaced the graph"):
        neo4j_backend._in_one_generation(always_overtaken)
    assert len(tries) == ATTEMPTS
