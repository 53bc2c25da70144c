"""The embedded graph's indexes (queries.embedded.orggraph) answer as networkx does, and a
question after a change sees the change through them.

``out``/``into`` read a hub's edges from its typed index and any other node's from networkx;
both must give what a plain scan of the networkx graph gives, in the same order. A change
builds a new graph with new indexes (queries.embedded.store): a question about a hub right
after it must see the change.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph_model.browse import Direction, NodeFilter, Sort, UnitCoverage
from graph_model.changes import MoveTeam, SetUpLiaisonPoint
from graph_model.elements import Node, Rel
from graph_model.kinds import CoverageKind, LiaisonKind, NodeKind, RelType
from queries.embedded.backend import MemoryBackend
from queries.embedded.orggraph import HUB_DEGREE, OrgGraph
from tests.support.change_cases import AT, DAY, SINCE, org

IDS = [f"n{i:02d}" for i in range(HUB_DEGREE * 3)]
TYPES = [RelType.WORKS_IN, RelType.HOLDS, RelType.VISITED, RelType.AT]
rels = st.lists(
    st.builds(
        Rel,
        st.sampled_from(TYPES),
        st.sampled_from(IDS[:3]) | st.sampled_from(IDS),  # a few nodes get many edges
        st.sampled_from(IDS),
        st.fixed_dictionaries({}, optional={"n": st.integers(0, 3)}),
    ),
    max_size=120,
)


def scanned(graph: OrgGraph, node: str, rel: RelType, out: bool) -> list[tuple[str, object]]:
    """The edges ``out``/``into`` should give, from networkx's public API alone."""
    edges = (
        graph.g.out_edges(node, keys=True, data=True)
        if out
        else graph.g.in_edges(node, keys=True, data=True)
    )
    found = [(v if out else u, data) for u, v, key, data in edges if key[0] is rel]
    return sorted(found, key=lambda edge: edge[0])


@settings(max_examples=60, deadline=None)
@given(rels)
def test_typed_look_ups_agree_with_a_scan_of_the_networkx_graph(edges: list[Rel]) -> None:
    nodes = [Node(i, NodeKind.UNIT, {"name": i}) for i in IDS]
    graph = OrgGraph.from_elements(nodes, edges)
    assert graph.g.number_of_edges() == len(edges)
    for node in IDS:
        for rel in TYPES:
            assert graph.out(node, rel) == scanned(graph, node, rel, out=True)
            assert graph.into(node, rel) == scanned(graph, node, rel, out=False)
    assert graph.nodes_of(NodeKind.UNIT) == tuple(IDS)


def hub_org() -> MemoryBackend:
    """The small organisation of the change tests with unit u-b made a hub: more people
    work in it than a node may have neighbours without an index."""
    built = org()
    for number in range(HUB_DEGREE + 2):
        built = built.person(f"p-b{number:02d}", unit="u-b")
    backend = MemoryBackend(built.bundle())
    assert "u-b" in backend._graph._hubs_in  # the questions below read the index
    return backend


def test_a_team_moved_to_a_hub_is_found_under_it_at_once() -> None:
    backend = hub_org()
    under_b = NodeFilter(under_unit_id="u-b")
    assert backend.find(NodeKind.TEAM, under_b, Sort(), 0, 10) == (0, ())

    assert backend.apply_change(MoveTeam("t-a", "u-b"), "li", AT).ok

    total, teams = backend.find(NodeKind.TEAM, under_b, Sort(), 0, 10)
    assert (total, [t.id for t in teams]) == (1, ["t-a"])
    belonging = backend.neighbours(["u-b"], RelType.BELONGS_TO, Direction.IN)["u-b"]
    assert [n.node.id for n in belonging] == ["t-a"]
    assert backend.responsibility_chain("t-a", DAY).links  # walks from the new unit


def test_a_point_set_up_at_a_hub_covers_its_branch_at_once() -> None:
    backend = hub_org()
    assert [b.id for b in backend.uncovered_branches(DAY)] == ["br-b"]
    point = SetUpLiaisonPoint("lp-b", "p-wu", LiaisonKind.PARTY_BUILDING, "u-b", start=SINCE)

    assert backend.apply_change(point, "li", AT).ok

    covering = backend.branch_coverage("br-b", DAY)
    assert [(c.liaison_point.id, c.kind) for c in covering] == [("lp-b", CoverageKind.VIA_UNIT)]
    assert backend.uncovered_branches(DAY) == ()
    assert backend.uncovered_branches(DAY, "u-b") == ()
    assert backend.unit_coverage(["u-b"], DAY)["u-b"] == UnitCoverage("u-b", DAY, 1, 1)
