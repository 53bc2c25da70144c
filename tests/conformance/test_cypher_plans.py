"""Every Cypher question anchors on an index where it is given an id, and walks trees with
bounded variable-length patterns only."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from queries.neo4j import cypher
from queries.neo4j.backend import Neo4jBackend

AS_OF = date(2026, 1, 1)

#: Questions given an id, with the parameters to plan them with.
ANCHORED = {
    "BRANCH_COVERAGE": {"branchId": "br-1", "asOf": AS_OF},
    "LEADER_COVERAGE": {"leaderId": "p-1", "asOf": AS_OF},
    "CHAIN_SUBGRAPH": {"fromId": "t-1"},
    "ENTITY": {"id": "x"},
}
SCANS = {"AllNodesScan", "NodeByLabelScan"}
SEEKS = {"NodeUniqueIndexSeek", "NodeIndexSeek"}


def _operators(plan: Any) -> list[str]:
    """Every operator of a plan tree, without the ``@database`` suffix."""
    name = plan["operatorType"].split("@")[0]
    return [name, *(op for child in plan.get("children", []) for op in _operators(child))]


def _plan(backend: Neo4jBackend, query: str, params: dict[str, Any]) -> list[str]:
    backend.ping()
    _, summary, _ = backend._driver.execute_query("EXPLAIN " + query, params)
    assert summary.plan is not None
    return _operators(summary.plan)


@pytest.mark.neo4j
@pytest.mark.parametrize("name", sorted(ANCHORED))
def test_a_question_given_an_id_seeks_an_index_and_never_scans(
    neo4j_backend: Neo4jBackend, name: str
) -> None:
    neo4j_backend.uncovered_branches(AS_OF)  # makes sure the schema (constraints) exists
    operators = _plan(neo4j_backend, getattr(cypher, name), ANCHORED[name])
    assert SEEKS & set(operators), f"{name} does not seek an index: {operators}"
    assert not SCANS & set(operators), f"{name} scans: {operators}"


@pytest.mark.neo4j
def test_uncovered_branches_reads_branches_through_the_kind_index(
    neo4j_backend: Neo4jBackend,
) -> None:
    operators = _plan(
        neo4j_backend, cypher.UNCOVERED_BRANCHES, {"underUnitId": None, "asOf": AS_OF}
    )
    assert "AllNodesScan" not in operators


UNBOUNDED = re.compile(r"\*\s*\]|\*\s*\d*\s*\.\.\s*\]")


def _queries() -> list[tuple[str, str]]:
    return [(n, v) for n, v in vars(cypher).items() if n.isupper() and isinstance(v, str)]


@pytest.mark.parametrize(("name", "query"), _queries())
def test_no_query_has_an_unbounded_variable_length_pattern(name: str, query: str) -> None:
    assert not UNBOUNDED.search(query), f"{name} has an unbounded variable-length pattern"


def test_the_cypher_depth_bound_is_the_loaders_tree_limit() -> None:
    from loaders.schema import MAX_TREE_DEPTH

    assert int(cypher.DEPTH) == MAX_TREE_DEPTH
