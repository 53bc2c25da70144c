"""Browsing the graph (graph_model.browse) on every backend: nodes by id, neighbours both ways,
pages of each kind filtered and sorted, counts by group and coverage ratios per unit subtree.

Every expected answer is written out by hand from one small organisation, ``org()``, whose names
sort differently from its ids.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from graph_model.browse import (
    Bucket,
    Direction,
    GroupBy,
    Neighbour,
    NodeFilter,
    Sort,
    SortField,
    UnitCoverage,
)
from graph_model.elements import Node
from graph_model.errors import InvalidRequest, NotFound
from graph_model.kinds import NodeKind, RelType
from graph_model.protocol import Backend
from graph_model.records import Bundle
from tests.conformance.builders import Org
from tests.support.browse_org import DAY, LAST_YEAR, org

Load = Callable[[Bundle], Backend]


def ids(page: tuple[int, tuple[Node, ...]]) -> list[str]:
    return [n.id for n in page[1]]


# -- nodes ---------------------------------------------------------------------------------------
def test_nodes_come_back_in_the_order_asked_with_their_stored_properties(load: Load) -> None:
    backend = load(org().bundle())
    assert backend.nodes(["br-e1", "nope", "lp-2", "pr-line", "br-e1"]) == [
        Node(
            "br-e1",
            NodeKind.PARTY_ORG,
            {
                "id": "br-e1",
                "name": "Zhen branch",
                "kind": "branch",
                "branchKind": "grassroots",
                "establishedOn": date(2024, 1, 1),
            },
        ),
        None,
        Node(
            "lp-2",
            NodeKind.LIAISON_POINT,
            {"id": "lp-2", "name": "lp-2", "kind": "party_building", "to": date(2023, 12, 31)},
        ),
        Node(
            "pr-line",
            NodeKind.PROJECT,
            {
                "id": "pr-line",
                "name": "PR-LINE",
                "major": True,
                "startOn": date(2024, 1, 1),
                "endOn": date(2024, 12, 31),
            },
        ),
        backend.nodes(["br-e1"])[0],
    ]


def test_no_ids_ask_nothing(load: Load) -> None:
    backend = load(org().bundle())
    assert backend.nodes([]) == []
    assert backend.neighbours([], RelType.PART_OF, Direction.IN) == {}
    assert backend.unit_coverage([], DAY) == {}


# -- neighbours ----------------------------------------------------------------------------------
def test_neighbours_follow_a_relationship_backwards_by_neighbour_id(load: Load) -> None:
    backend = load(org().bundle())
    found = backend.neighbours(["u-hq", "u-east", "u-e1", "nope"], RelType.PART_OF, Direction.IN)
    assert {k: [n.node.id for n in v] for k, v in found.items()} == {
        "u-hq": ["u-east", "u-west"],
        "u-east": ["u-e1"],
        "u-e1": [],
        "nope": [],
    }


def test_neighbours_carry_the_relationship_properties_repeats_ordered_by_them(
    load: Load,
) -> None:
    backend = load(org().bundle())
    seats = backend.neighbours(["br-e1"], RelType.HOLDS, Direction.IN)["br-e1"]
    assert [(n.node.id, n.rel) for n in seats] == [
        ("p-an", {"role": "secretary", "from": date(2024, 1, 1)}),
        ("p-an", {"role": "member", "to": date(2023, 12, 31)}),
        ("p-bo", {"role": "secretary", "to": date(2023, 12, 31)}),
    ]
    visits = backend.neighbours(["p-li"], RelType.VISITED, Direction.OUT)["p-li"]
    assert [(n.node.id, n.rel) for n in visits] == [
        ("lp-1", {"date": date(2024, 2, 1), "kind": "guidance"}),
        ("lp-1", {"date": date(2024, 3, 1), "kind": "research"}),
    ]


def test_neighbours_forward_reach_nodes_of_any_kind(load: Load) -> None:
    backend = load(org().bundle())
    found = backend.neighbours(["lp-1", "lp-2"], RelType.AT, Direction.OUT)
    assert {k: [(n.node.id, n.node.kind) for n in v] for k, v in found.items()} == {
        "lp-1": [("br-east", NodeKind.PARTY_ORG)],
        "lp-2": [("u-e1", NodeKind.UNIT)],
    }
    assert found["lp-1"][0] == Neighbour(backend.nodes(["br-east"])[0], {})  # type: ignore[arg-type]


# -- pages ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sort", "offset", "limit", "expected"),
    [
        pytest.param(Sort(), 0, 10, ["u-e1", "u-east", "u-hq", "u-west"], id="by id"),
        pytest.param(
            Sort(SortField.NAME), 0, 10, ["u-east", "u-west", "u-hq", "u-e1"], id="by name"
        ),
        pytest.param(Sort(SortField.NAME, True), 1, 2, ["u-hq", "u-west"], id="by name, down"),
        pytest.param(Sort(SortField.ID, True), 0, 1, ["u-west"], id="by id, down, one"),
        pytest.param(Sort(), 3, 5, ["u-west"], id="past the end"),
        pytest.param(Sort(), 9, 5, [], id="beyond the end"),
        pytest.param(Sort(), 0, 0, [], id="no room"),
    ],
)
def test_a_page_of_units_holds_the_total_and_the_slice_asked(
    load: Load, sort: Sort, offset: int, limit: int, expected: list[str]
) -> None:
    total, rows = load(org().bundle()).find(NodeKind.UNIT, NodeFilter(), sort, offset, limit)
    assert total == 4
    assert [n.id for n in rows] == expected


@pytest.mark.parametrize(
    ("kind", "node_filter", "expected"),
    [
        (NodeKind.UNIT, NodeFilter(kinds=("bureau",)), ["u-east", "u-west"]),
        (NodeKind.UNIT, NodeFilter(under_unit_id="u-east"), ["u-e1", "u-east"]),
        (NodeKind.UNIT, NodeFilter(domain_id="d-sales"), ["u-east", "u-west"]),
        (NodeKind.DOMAIN, NodeFilter(name_contains="Gr"), ["d-grid"]),
        (NodeKind.PERSON, NodeFilter(party_statuses=("probationary", "none")), ["p-bo", "p-cao"]),
        (NodeKind.PERSON, NodeFilter(under_unit_id="u-east"), ["p-an", "p-bo"]),
        (NodeKind.PERSON, NodeFilter(name_contains="an"), ["p-bo", "p-du"]),
        (NodeKind.PERSON, NodeFilter(name_contains="An"), ["p-an"]),
        (
            NodeKind.PARTY_ORG,
            NodeFilter(kinds=("branch",)),
            ["br-e1", "br-east", "br-line", "br-west", "br-west2"],
        ),
        (NodeKind.PARTY_ORG, NodeFilter(branch_kinds=("organ",)), ["br-west", "br-west2"]),
        (
            NodeKind.PARTY_ORG,
            NodeFilter(valid_on=DAY),
            ["br-e1", "br-east", "br-line", "br-west2", "gb-west", "po-hq"],
        ),
        (
            NodeKind.PARTY_ORG,
            NodeFilter(valid_on=LAST_YEAR),
            ["br-east", "br-line", "br-west", "br-west2", "gb-west", "po-hq"],
        ),
        (
            NodeKind.PARTY_ORG,
            NodeFilter(under_unit_id="u-west"),
            ["br-west", "br-west2", "gb-west"],
        ),
        (
            NodeKind.PARTY_ORG,
            NodeFilter(domain_id="d-sales"),
            ["br-east", "br-line", "br-west", "br-west2", "gb-west"],
        ),
        (
            NodeKind.PARTY_ORG,
            NodeFilter(kinds=("branch",), under_unit_id="u-east", valid_on=DAY),
            ["br-e1", "br-east", "br-line"],
        ),
        (NodeKind.PARTY_GROUP, NodeFilter(under_unit_id="u-east"), ["g-e1"]),
        (NodeKind.PARTY_GROUP, NodeFilter(under_unit_id="u-west"), []),
        (NodeKind.TEAM, NodeFilter(domain_id="d-grid"), ["t-e1"]),
        (NodeKind.TEAM, NodeFilter(under_unit_id="u-west"), ["t-west"]),
        (NodeKind.PROJECT, NodeFilter(valid_on=DAY), ["pr-line"]),
        (NodeKind.PROJECT, NodeFilter(valid_on=date(2025, 1, 1)), []),
        (NodeKind.PROJECT, NodeFilter(domain_id="d-sales"), []),
        (NodeKind.LIAISON_POINT, NodeFilter(under_unit_id="u-west"), ["lp-3"]),
        (NodeKind.LIAISON_POINT, NodeFilter(under_unit_id="u-east"), ["lp-1", "lp-2"]),
        (NodeKind.LIAISON_POINT, NodeFilter(valid_on=DAY), ["lp-1", "lp-3"]),
        (NodeKind.LIAISON_POINT, NodeFilter(kinds=("party_building",)), ["lp-2", "lp-3"]),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_filter_keeps_exactly_the_nodes_it_names(
    load: Load, kind: NodeKind, node_filter: NodeFilter, expected: list[str]
) -> None:
    total, rows = load(org().bundle()).find(kind, node_filter, Sort(), 0, 100)
    assert [n.id for n in rows] == expected
    assert total == len(expected)


def test_names_sort_by_code_point_beyond_the_basic_plane_too(load: Load) -> None:
    # U+20000 is a surrogate pair in UTF-16 (D840 DC00): Java's String order puts it before
    # U+FF08, which Neo4j does for strings given as parameters, but not for stored ones.
    people = Org().person("p-1", name="\U00020000乙").person("p-2", name="（甲）").person("p-3")
    page = load(people.bundle()).find(NodeKind.PERSON, NodeFilter(), Sort(SortField.NAME), 0, 9)
    assert ids(page) == ["p-3", "p-2", "p-1"]


@pytest.mark.parametrize(
    ("kind", "node_filter", "word"),
    [
        (NodeKind.DOMAIN, NodeFilter(under_unit_id="u-hq"), "under_unit_id"),
        (NodeKind.PERSON, NodeFilter(valid_on=DAY), "valid_on"),
        (NodeKind.PERSON, NodeFilter(domain_id="d-grid"), "domain_id"),
        (NodeKind.TEAM, NodeFilter(kinds=("station",)), "kinds"),
        (NodeKind.UNIT, NodeFilter(party_statuses=("formal",)), "party_statuses"),
    ],
)
def test_a_filter_that_does_not_apply_to_the_kind_is_refused(
    load: Load, kind: NodeKind, node_filter: NodeFilter, word: str
) -> None:
    backend = load(org().bundle())
    with pytest.raises(InvalidRequest, match=word):
        backend.find(kind, node_filter, Sort(), 0, 10)
    with pytest.raises(InvalidRequest, match=word):
        backend.count_by(kind, node_filter, GroupBy.UNIT)


@pytest.mark.parametrize(
    "node_filter",
    [
        NodeFilter(under_unit_id="nope"),
        NodeFilter(under_unit_id="br-east"),
        NodeFilter(domain_id="u-hq"),
    ],
)
def test_an_unknown_unit_or_domain_is_not_found(load: Load, node_filter: NodeFilter) -> None:
    backend = load(org().bundle())
    with pytest.raises(NotFound):
        backend.find(NodeKind.TEAM, node_filter, Sort(), 0, 10)
    with pytest.raises(NotFound):
        backend.count_by(NodeKind.TEAM, node_filter, GroupBy.UNIT)


def test_a_negative_offset_or_limit_is_refused(load: Load) -> None:
    backend = load(org().bundle())
    with pytest.raises(InvalidRequest):
        backend.find(NodeKind.UNIT, NodeFilter(), Sort(), -1, 10)
    with pytest.raises(InvalidRequest):
        backend.find(NodeKind.UNIT, NodeFilter(), Sort(), 0, -1)


# -- counts --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "node_filter", "group", "expected"),
    [
        pytest.param(
            NodeKind.PERSON,
            NodeFilter(),
            GroupBy.PARTY_STATUS,
            [("formal", 3), ("none", 1), ("probationary", 1)],
            id="people by party status",
        ),
        pytest.param(
            NodeKind.PERSON,
            NodeFilter(),
            GroupBy.UNIT,
            [("u-e1", 1), ("u-east", 1), ("u-hq", 1), ("u-west", 1), (None, 1)],
            id="people by unit, one without last",
        ),
        pytest.param(
            NodeKind.PARTY_ORG,
            NodeFilter(),
            GroupBy.BRANCH_KIND,
            [("grassroots", 2), ("organ", 2), ("temporary", 1), (None, 2)],
            id="party orgs by branch kind",
        ),
        pytest.param(
            NodeKind.PARTY_ORG,
            NodeFilter(kinds=("branch",)),
            GroupBy.DOMAIN,
            [("d-grid", 2), ("d-sales", 4), (None, 1)],
            id="branches by their unit's domains",
        ),
        pytest.param(
            NodeKind.PARTY_ORG,
            NodeFilter(under_unit_id="u-west"),
            GroupBy.KIND,
            [("branch", 2), ("general_branch", 1)],
            id="party orgs in a subtree by kind",
        ),
        pytest.param(
            NodeKind.PARTY_ORG,
            NodeFilter(kinds=("branch",), valid_on=DAY),
            GroupBy.UNIT,
            [("u-e1", 1), ("u-east", 2), ("u-west", 1)],
            id="branches existing by unit",
        ),
        pytest.param(
            NodeKind.UNIT,
            NodeFilter(),
            GroupBy.UNIT,
            [("u-east", 1), ("u-hq", 2), (None, 1)],
            id="units by parent",
        ),
        pytest.param(
            NodeKind.UNIT,
            NodeFilter(),
            GroupBy.KIND,
            [("bureau", 2), ("company", 1), ("station", 1)],
            id="units by kind",
        ),
        pytest.param(
            NodeKind.LIAISON_POINT,
            NodeFilter(),
            GroupBy.UNIT,
            [("u-e1", 1), ("u-east", 1), ("u-west", 1)],
            id="liaison points by their target's unit",
        ),
        pytest.param(
            NodeKind.PARTY_GROUP, NodeFilter(), GroupBy.UNIT, [("u-e1", 1)], id="groups by unit"
        ),
        pytest.param(
            NodeKind.TEAM,
            NodeFilter(name_contains="nothing"),
            GroupBy.DOMAIN,
            [],
            id="nothing to count",
        ),
    ],
)
def test_counts_fall_in_groups_ordered_by_key_the_group_without_one_last(
    load: Load,
    kind: NodeKind,
    node_filter: NodeFilter,
    group: GroupBy,
    expected: list[tuple[str | None, int]],
) -> None:
    found = load(org().bundle()).count_by(kind, node_filter, group)
    assert found == tuple(Bucket(key, count) for key, count in expected)


@pytest.mark.parametrize(
    ("kind", "group"),
    [
        (NodeKind.PERSON, GroupBy.KIND),
        (NodeKind.DOMAIN, GroupBy.UNIT),
        (NodeKind.TEAM, GroupBy.BRANCH_KIND),
        (NodeKind.UNIT, GroupBy.PARTY_STATUS),
    ],
)
def test_a_group_that_does_not_apply_to_the_kind_is_refused(
    load: Load, kind: NodeKind, group: GroupBy
) -> None:
    with pytest.raises(InvalidRequest):
        load(org().bundle()).count_by(kind, NodeFilter(), group)


# -- coverage ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(
            DAY,
            # br-east direct by lp-1, br-west2 via gb-west by lp-3; lp-2 has expired, so br-e1
            # and br-line are not covered; br-west is gone.
            {"u-hq": (4, 2), "u-east": (3, 1), "u-e1": (1, 0), "u-west": (1, 1)},
            id="this year",
        ),
        pytest.param(
            LAST_YEAR,
            # lp-1 not yet valid; lp-2 valid, but br-e1 not yet there; br-west still there.
            {"u-hq": (4, 1), "u-east": (2, 0), "u-e1": (0, 0), "u-west": (2, 1)},
            id="last year",
        ),
    ],
)
def test_unit_coverage_counts_existing_and_covered_branches_of_each_subtree(
    load: Load, day: date, expected: dict[str, tuple[int, int]]
) -> None:
    found = load(org().bundle()).unit_coverage([*expected, "br-east", "nope"], day)
    assert found == {
        **{unit: UnitCoverage(unit, day, b, c) for unit, (b, c) in expected.items()},
        "br-east": None,
        "nope": None,
    }


def test_unit_coverage_agrees_with_uncovered_branches(load: Load) -> None:
    backend = load(org().bundle())
    for unit in ["u-hq", "u-east", "u-e1", "u-west"]:
        coverage = backend.unit_coverage([unit], DAY)[unit]
        assert coverage is not None
        uncovered = backend.uncovered_branches(DAY, unit)
        assert coverage.branches - coverage.covered == len(uncovered)


def test_a_ratio_is_covered_over_existing_and_none_without_branches() -> None:
    assert UnitCoverage("u", DAY, 4, 1).ratio == 0.25
    assert UnitCoverage("u", DAY, 0, 0).ratio is None
