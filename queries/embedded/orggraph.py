"""An organisation graph held in networkx, with the typed look-ups the questions need.

The embedded backend keeps the whole organisation in one ``OrgGraph``; the Neo4j backend builds
a small one from the sub-graph a question touches. Neighbours are returned sorted by id, so every
walk over the graph is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import networkx as nx

from graph_model.elements import Node, Rel
from graph_model.kinds import LEADER_ROLES, NodeKind, OrgKind, RelType, SeatRole
from graph_model.results import EntityRef
from graph_model.timeline import exists_on, valid_on
from loaders.schema import MAX_TREE_DEPTH

Edge = tuple[str, dict[str, Any]]


class OrgGraph:
    """A directed multigraph: nodes carry ``kind`` and properties, edges a ``type``."""

    def __init__(self) -> None:
        self.g: nx.MultiDiGraph[str] = nx.MultiDiGraph()

    @classmethod
    def from_elements(cls, nodes: Iterable[Node], rels: Iterable[Rel]) -> OrgGraph:
        graph = cls()
        for node in nodes:
            graph.g.add_node(node.id, kind=node.kind, props=node.props)
        for rel in rels:
            graph.g.add_edge(rel.start, rel.end, type=rel.type, props=rel.props)
        return graph

    # -- nodes ---------------------------------------------------------------------------
    def kind(self, node_id: str) -> NodeKind | None:
        data = self.g.nodes.get(node_id)
        return data["kind"] if data else None

    def props(self, node_id: str) -> dict[str, Any]:
        props: dict[str, Any] = self.g.nodes[node_id]["props"]
        return props

    def ref(self, node_id: str) -> EntityRef:
        data = self.g.nodes[node_id]
        return EntityRef(node_id, data["kind"], data["props"].get("name") or node_id)

    def nodes_of(self, kind: NodeKind) -> list[str]:
        return sorted(n for n, data in self.g.nodes(data=True) if data["kind"] is kind)

    def is_branch(self, node_id: str) -> bool:
        return self.kind(node_id) is NodeKind.PARTY_ORG and self.props(node_id)["kind"] == "branch"

    # -- edges ---------------------------------------------------------------------------
    def out(self, node_id: str, rel: RelType) -> list[Edge]:
        """Edges of type ``rel`` leaving ``node_id``: (end, props), by end id."""
        return self._edges(self.g.succ, node_id, rel)

    def into(self, node_id: str, rel: RelType) -> list[Edge]:
        """Edges of type ``rel`` arriving at ``node_id``: (start, props), by start id."""
        return self._edges(self.g.pred, node_id, rel)

    def _edges(self, adjacency: Any, node_id: str, rel: RelType) -> list[Edge]:
        if node_id not in adjacency:
            return []
        found = [
            (other, data["props"])
            for other, keyed in adjacency[node_id].items()
            for data in keyed.values()
            if data["type"] is rel
        ]
        return sorted(found, key=lambda edge: edge[0])

    def one_out(self, node_id: str, rel: RelType) -> str | None:
        edges = self.out(node_id, rel)
        return edges[0][0] if edges else None

    def ancestors(self, node_id: str, rel: RelType) -> list[str]:
        """``node_id`` and the nodes above it along ``rel``, nearest first.

        >>> g = OrgGraph.from_elements([], [Rel(RelType.PART_OF, "a", "b", {})])
        >>> g.ancestors("a", RelType.PART_OF)
        ['a', 'b']
        """
        chain = [node_id]
        while len(chain) <= MAX_TREE_DEPTH and (parent := self.one_out(chain[-1], rel)):
            chain.append(parent)
        return chain

    def descendants(self, node_id: str, rel: RelType) -> Iterator[tuple[str, list[str]]]:
        """``node_id`` and the nodes below it along ``rel``, each with its path from the top."""
        stack = [[node_id]]
        while stack:
            path = stack.pop()
            yield path[-1], path
            if len(path) <= MAX_TREE_DEPTH:
                stack.extend([*path, child] for child, _ in reversed(self.into(path[-1], rel)))

    # -- time ----------------------------------------------------------------------------
    def org_exists(self, org_id: str, day: date) -> bool:
        props = self.props(org_id)
        return exists_on(props.get("establishedOn"), props.get("dissolvedOn"), day)

    def target_exists(self, node_id: str, day: date) -> bool:
        return self.kind(node_id) is not NodeKind.PARTY_ORG or self.org_exists(node_id, day)

    def leader_seats(self, person_id: str, day: date) -> list[tuple[str, str]]:
        """The (committee, role) seats that make ``person_id`` a leader on ``day``."""
        return [
            (org, seat["role"])
            for org, seat in self.out(person_id, RelType.HOLDS)
            if SeatRole(seat["role"]) in LEADER_ROLES
            and valid_on(seat.get("from"), seat.get("to"), day)
            and self.props(org)["kind"] == OrgKind.COMMITTEE.value
            and self.org_exists(org, day)
        ]

    def group_counts(self, group_id: str, day: date) -> bool:
        """A party group counts on ``day`` only while the branch it is under exists."""
        return any(self.org_exists(b, day) for b, _ in self.out(group_id, RelType.UNDER))

    def team_groups(self, team_id: str, day: date) -> list[str]:
        """The party groups built on a team that count on ``day``."""
        return [g for g, _ in self.into(team_id, RelType.BUILT_ON) if self.group_counts(g, day)]

    def is_leader(self, person_id: str, day: date) -> bool:
        return bool(self.leader_seats(person_id, day))

    def holders(self, org_id: str, role: SeatRole, day: date) -> list[str]:
        """People holding ``role`` in ``org_id`` on ``day``, by id."""
        return sorted(
            {
                person
                for person, seat in self.into(org_id, RelType.HOLDS)
                if seat["role"] == role.value and valid_on(seat.get("from"), seat.get("to"), day)
            }
        )
