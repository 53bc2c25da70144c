"""The live generation remembered by a Neo4j backend (queries/neo4j/live.py): a question never
answers from a generation that a load replaced, whether the load ran in this process or another,
and whatever the retired generation holds by then (deleted, or half of the next load)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import neo4j
import pytest

from graph_model.records import Bundle
from graph_model.results import Coverage
from queries.neo4j.backend import Neo4jBackend
from queries.neo4j.generations import GENERATION_LABELS, other
from queries.neo4j.live import LivePin
from tests.support.change_cases import DAY, SINCE, org

pytestmark = pytest.mark.neo4j


def _a() -> Bundle:
    """The change tests' organisation: nobody covers br-b."""
    return org().bundle()


def _b() -> Bundle:
    """The same with p-wu covering br-b."""
    return org().lp("lp-b", leader="p-wu", kind="branch", target="br-b", start=SINCE).bundle()


@pytest.fixture
def elsewhere(neo4j_uri: str) -> Iterator[Neo4jBackend]:
    """A second backend on the same store: another process, say ``orgraph load``."""
    backend = Neo4jBackend(
        neo4j_uri,
        os.environ.get("ORGRAPH_NEO4J_USER", "neo4j"),
        os.environ.get("ORGRAPH_NEO4J_PASSWORD", "orgraph-test"),
    )
    yield backend
    backend.close()


def _leaders(coverage: list[Coverage]) -> list[str]:
    return [c.leader.id for c in coverage]


def test_a_question_after_a_load_elsewhere_answers_from_the_new_graph(
    neo4j_backend: Neo4jBackend, elsewhere: Neo4jBackend
) -> None:
    elsewhere.replace_all(_a())
    assert _leaders(neo4j_backend.branch_coverage("br-b", DAY)) == []
    pinned = neo4j_backend._pin
    assert pinned is not None
    assert _leaders(neo4j_backend.branch_coverage("br-a", DAY)) == ["p-li"]
    assert neo4j_backend._pin is pinned  # remembered and still good: not read again

    elsewhere.replace_all(_b())  # switched, the old one deleted
    assert _leaders(neo4j_backend.branch_coverage("br-b", DAY)) == ["p-wu"]
    on_b = neo4j_backend._pin
    assert on_b is not None and on_b.generation != pinned.generation

    elsewhere.replace_all(_a())  # back in the first generation ...
    elsewhere.replace_all(_b())  # ... and out again: the same generation as on_b's
    assert _leaders(neo4j_backend.branch_coverage("br-b", DAY)) == ["p-wu"]
    again = neo4j_backend._pin
    assert again is not None and again.generation == on_b.generation and again != on_b


def test_a_stale_pin_never_reads_the_generation_a_load_is_building(
    neo4j_backend: Neo4jBackend, elsewhere: Neo4jBackend
) -> None:
    elsewhere.replace_all(_b())
    assert _leaders(neo4j_backend.branch_coverage("br-b", DAY)) == ["p-wu"]
    live = neo4j_backend._pin
    assert live is not None
    staged = other(live.generation)
    # A load half-way through building the other generation: br-b there, not yet covered.
    label = GENERATION_LABELS[staged]
    half_built = "CREATE (:PartyOrg:Entity:" + label + " {id: 'br-b', kind: 'branch'})"
    elsewhere._driver.execute_query(half_built)
    try:
        for stale in (
            LivePin(staged, live.switched_at),
            LivePin(staged, ""),
            LivePin(live.generation, ""),
        ):
            neo4j_backend._pin = stale  # as if read before loads this process did not see
            assert _leaders(neo4j_backend.branch_coverage("br-b", DAY)) == ["p-wu"]
            assert neo4j_backend.entity("br-b") is not None
            assert neo4j_backend._pin == live  # read afresh
    finally:
        elsewhere._driver.execute_query("MATCH (n:" + label + ") DETACH DELETE n")


def test_a_question_that_divides_by_zero_gets_its_own_error(neo4j_backend: Neo4jBackend) -> None:
    neo4j_backend.replace_all(_a())
    neo4j_backend.entity("br-a")  # the pin is remembered
    with pytest.raises(neo4j.exceptions.ClientError, match="/ by zero"):
        neo4j_backend._read("MATCH (b:PartyOrg {id: 'br-a'}) RETURN 1 / 0 AS x")
