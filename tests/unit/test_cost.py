"""The query cost counts a page by its size and any other list by the list weight."""

from __future__ import annotations

import pytest
from graphql import parse

from api.schema.cost import operation_costs
from api.schema.root import schema

SCHEMA = schema._schema


def cost(query: str) -> int:
    [(_, value)] = operation_costs(SCHEMA, parse(query), list_weight=10, page_size=100)
    return value


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # units (1) + edges: 5 × (1 + node (1 + id 1))
        ("{ units(first: 5) { edges { node { id } } } }", 1 + 5 * (1 + 2)),
        ("{ units(last: 3) { nodes { id } } }", 1 + 3 * 2),
        # no page size written: the largest page served
        ("{ units { nodes { id } } }", 1 + 100 * 2),
        ("query($n: Int) { units(first: $n) { nodes { id } } }", 1 + 100 * 2),
        # more than the cap is refused when it runs; it costs no more than the cap
        ("{ units(first: 1000) { nodes { id } } }", 1 + 100 * 2),
        # a list that is no page counts the list weight
        ("{ uncoveredBranches { id } }", 10 * 2),
    ],
)
def test_a_page_costs_its_size(query: str, expected: int) -> None:
    assert cost(query) == expected


def test_nested_pages_multiply() -> None:
    nested = "{ units(first: 4) { nodes { teams(first: 6) { nodes { id } } } } }"
    # units 1 + 4 × (node 1 + teams (1 + 6 × (node 1 + id 1)))
    assert cost(nested) == 1 + 4 * (1 + 1 + 6 * 2)
