"""Every Cypher question anchors on an index where it is given an id, and walks trees with
bounded variable-length patterns only."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from queries.audit import cypher as audit_cypher
from queries.browse import cypher as browse_cypher
from queries.changes import cypher as changes_cypher
from queries.coverage import cypher
from queries.insights import cypher as insights_cypher
from queries.neo4j.backend import Neo4jBackend
from queries.neo4j.fragments import DEPTH

AS_OF = date(2026, 1, 1)

MODULES = (cypher, insights_cypher, audit_cypher, browse_cypher, changes_cypher)
UNDER = {"underUnitId": "u-1", "asOf": AS_OF}

#: Questions given an id, with the parameters to plan them with.
ANCHORED = {
    "BRANCH_COVERAGE": (cypher, {"branchId": "br-1", "asOf": AS_OF}),
    "LEADER_COVERAGE": (cypher, {"leaderId": "p-1", "asOf": AS_OF}),
    "CHAIN_SUBGRAPH": (cypher, {"fromId": "t-1"}),
    "ENTITY": (cypher, {"id": "x"}),
    "EXPLAIN_UNCOVERED": (insights_cypher, {"branchId": "br-1", "asOf": AS_OF}),
    "YEAR_FIGURES": (
        insights_cypher,
        {
            "committeeId": "c-1",
            "asOf": AS_OF,
            "yearStart": date(2020, 1, 1),
            "yearEnd": date(2020, 12, 31),
        },
    ),
    "COVERAGE_DIFF_UNDER": (insights_cypher, {**UNDER, "dayFrom": AS_OF, "dayTo": AS_OF}),
    "DATA_COMPLETENESS_UNDER": (insights_cypher, UNDER),
    "LEADER_WORKLOAD_UNDER": (insights_cypher, {**UNDER, "visitsFrom": AS_OF, "visitsTo": AS_OF}),
}
SCANS = {"AllNodesScan", "NodeByLabelScan"}
#: Questions that touch only what hangs off the given id; the ``_UNDER`` ones may scan one
#: label within the subtree's units (liaison points, visits) after seeking the unit.
FULLY_ANCHORED = {
    "BRANCH_COVERAGE",
    "LEADER_COVERAGE",
    "CHAIN_SUBGRAPH",
    "ENTITY",
    "EXPLAIN_UNCOVERED",
}
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
    module, params = ANCHORED[name]
    operators = _plan(neo4j_backend, getattr(module, name), params)
    assert SEEKS & set(operators), f"{name} does not seek an index: {operators}"
    assert "AllNodesScan" not in operators, f"{name} scans every node: {operators}"
    if name in FULLY_ANCHORED:
        assert not SCANS & set(operators), f"{name} scans a label: {operators}"


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
    return [
        (f"{m.__name__}.{n}", v)
        for m in MODULES
        for n, v in vars(m).items()
        if n.lstrip("_").isupper() and isinstance(v, str)
    ]


@pytest.mark.parametrize(("name", "query"), _queries())
def test_no_query_has_an_unbounded_variable_length_pattern(name: str, query: str) -> None:
    assert not UNBOUNDED.search(query), f"{name} has an unbounded variable-length pattern"


def test_the_cypher_depth_bound_is_the_loaders_tree_limit() -> None:
    from loaders.schema import MAX_TREE_DEPTH

    assert int(DEPTH) == MAX_TREE_DEPTH
