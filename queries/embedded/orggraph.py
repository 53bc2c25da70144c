"""An organisation graph held in networkx, with the typed look-ups the questions need.

The embedded backend keeps the whole organisation in one ``OrgGraph``; the Neo4j backend builds
a small one from the sub-graph a question touches. Neighbours are returned sorted by id, so every
walk over the graph is deterministic.

The graph is a networkx ``MultiDiGraph`` (``g``): a node's attributes are its properties, an
edge's key is ``(type, n)`` (the n-th edge of that type between the same two nodes) and its
attributes are its properties. Beside it, indexes that make a question cost what its answer
costs, not what the organisation costs (issue 8):

- each node's kind, and the ids of each kind, sorted (``kind``, ``nodes_of``, ``branches``);
- for a *hub*, a node with more than ``HUB_DEGREE`` neighbours on one side (a unit and its
  people, a domain and everything in it, a leader and their visits), its edges on that side
  by relationship type, in the order ``out``/``into`` answer, so they copy just the edges of
  the type asked for; any other node is read from networkx, at most ``HUB_DEGREE``
  neighbours.

A load builds a graph whole (``from_elements``) and swaps it in; a change edits the graph of the
moment in place (``add``, ``set_props``, ``edit_edges``, ``remove_edges``: queries.embedded.apply),
each edit updating the indexes of the nodes it touches, so the indexes always describe the graph
they sit beside. The store lets no reader in while it edits (queries.embedded.store).
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

import networkx as nx

from graph_model.elements import Node, Rel
from graph_model.gc_pause import gc_paused
from graph_model.kinds import LEADER_ROLES, NodeKind, OrgKind, RelType, SeatRole
from graph_model.results import EntityRef
from graph_model.timeline import exists_on, valid_on
from loaders.schema import MAX_TREE_DEPTH

Edge = tuple[str, dict[str, Any]]
EdgeKey = tuple[RelType, int]
Adjacency = dict[str, dict[str, dict[EdgeKey, dict[str, Any]]]]
#: A hub's edges on one side: relationship type -> its edges, as ``out``/``into`` return them.
TypedEdges = dict[RelType, list[Edge]]

#: A node with more neighbours than this on one side gets its edges indexed by type there.
HUB_DEGREE = 4

_NO_PROPS: dict[str, Any] = {}  # shared by every relationship without properties: read-only
#: Edge keys, made once: the keys of a million edges are a handful of shared tuples.
_KEYS: dict[EdgeKey, EdgeKey] = {}


def _key(rel: RelType, ordinal: int) -> EdgeKey:
    key = (rel, ordinal)
    return _KEYS.setdefault(key, key)


#: The key of the first edge of each type between two nodes.
_FIRST = {rel: _key(rel, 0) for rel in RelType}


def _other_end(edge: Edge) -> str:
    return edge[0]


class OrgGraph:
    """A directed multigraph: nodes carry a kind and properties, edges a type and properties."""

    __slots__ = (
        "_attrs",
        "_branches",
        "_hubs_in",
        "_hubs_out",
        "_kinds",
        "_of_kind",
        "_pred",
        "_succ",
        "g",
    )

    def __init__(self) -> None:
        self.g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        # networkx's own dicts, read and written directly: its views cost a call per look-up.
        inside = vars(self.g)
        self._attrs: dict[str, dict[str, Any]] = inside["_node"]
        self._succ: Adjacency = inside["_succ"]
        self._pred: Adjacency = inside["_pred"]
        self._kinds: dict[str, NodeKind] = {}
        self._of_kind: dict[NodeKind, tuple[str, ...]] = {}
        self._branches: tuple[str, ...] = ()
        self._hubs_out: dict[str, TypedEdges] = {}
        self._hubs_in: dict[str, TypedEdges] = {}

    @classmethod
    def from_elements(cls, nodes: Iterable[Node], rels: Iterable[Rel]) -> OrgGraph:
        with gc_paused():
            graph = cls()
            graph._add_nodes(nodes)
            graph._add_rels(rels)
            graph._index()
            return graph

    def _add_nodes(self, nodes: Iterable[Node]) -> None:
        attrs, succ, pred, kinds = self._attrs, self._succ, self._pred, self._kinds
        for node in nodes:
            attrs[node.id] = node.props  # the node's attributes are its properties
            succ[node.id], pred[node.id] = {}, {}
            kinds[node.id] = node.kind

    def _add_rels(self, rels: Iterable[Rel]) -> None:
        """Write each edge as ``MultiDiGraph.add_edge`` would, without its per-call cost: one
        key dict shared by both directions, keyed ``(type, n)``."""
        succ, pred = self._succ, self._pred
        for rel in rels:  # the hot loop of a load: locals only
            start, end = rel.start, rel.end
            out_of = succ.get(start)
            if out_of is None:
                out_of = self._add_bare(start)
            if end not in pred:
                self._add_bare(end)
            keyed = out_of.get(end)
            if keyed is None:
                keyed = out_of[end] = pred[end][start] = {}
            key = _FIRST[rel.type]
            if key in keyed:  # a seat or visit repeated between the same two: the next key
                key = _next_key(keyed, rel.type)
            keyed[key] = rel.props or _NO_PROPS

    def _add_bare(self, node_id: str) -> dict[str, dict[EdgeKey, dict[str, Any]]]:
        """A node an edge names but the nodes given do not: no kind, no properties."""
        self._attrs[node_id], self._pred[node_id] = {}, {}
        out_of: dict[str, dict[EdgeKey, dict[str, Any]]] = {}
        self._succ[node_id] = out_of
        return out_of

    def _index(self) -> None:
        by_kind: dict[NodeKind, list[str]] = {}
        for node_id, kind in self._kinds.items():
            by_kind.setdefault(kind, []).append(node_id)
        self._of_kind = {kind: tuple(sorted(ids)) for kind, ids in by_kind.items()}
        self._branches = tuple(o for o in self.nodes_of(NodeKind.PARTY_ORG) if self.is_branch(o))
        self._hubs_out = _hubs(self._succ)
        self._hubs_in = _hubs(self._pred)

    # -- changing ------------------------------------------------------------------------
    # Each edit replaces the dicts it changes rather than changing them, so a value a question
    # returned before (a node's properties) stays as it was.
    def add(self, nodes: Iterable[Node], rels: Iterable[Rel]) -> None:
        """Add ``nodes`` and ``rels`` as a load would have."""
        nodes, rels = list(nodes), list(rels)
        self._add_nodes(nodes)
        self._add_rels(rels)
        for node in nodes:
            ids = list(self._of_kind.get(node.kind, ()))
            insort(ids, node.id)
            self._of_kind[node.kind] = tuple(ids)
            if self.is_branch(node.id):
                self._branches = tuple(sorted({*self._branches, node.id}))
        for rel in rels:
            props = rel.props or _NO_PROPS
            self._index_edge(self._hubs_out, self._succ, rel.start, rel.end, rel.type, props)
            self._index_edge(self._hubs_in, self._pred, rel.end, rel.start, rel.type, props)

    def set_props(self, node_id: str, **changes: Any) -> None:
        """Set some of a node's properties."""
        self._attrs[node_id] = {**self._attrs[node_id], **changes}

    def edit_edges(
        self,
        start: str,
        end: str,
        rel: RelType,
        edit: Callable[[dict[str, Any]], dict[str, Any] | None],
    ) -> None:
        """Replace the properties of each ``rel`` edge from ``start`` to ``end`` by what ``edit``
        makes of them (None: leave that edge as it is)."""
        keyed = self._succ[start][end]  # the same dict as _pred[end][start]
        for key, props in list(keyed.items()):
            if key[0] is rel and (changed := edit(props)) is not None:
                keyed[key] = changed
        self._reindex({start}, {end})

    def remove_edges(self, start: str, end: str, rel: RelType) -> None:
        """Remove every ``rel`` edge from ``start`` to ``end``."""
        keyed = self._succ[start].get(end, {})
        for key in [k for k in keyed if k[0] is rel]:
            del keyed[key]
        if not keyed:
            self._succ[start].pop(end, None)
            self._pred[end].pop(start, None)
        self._reindex({start}, {end})

    def _index_edge(
        self,
        hubs: dict[str, TypedEdges],
        adjacency: Adjacency,
        node_id: str,
        other: str,
        rel: RelType,
        props: dict[str, Any],
    ) -> None:
        """Index an edge just added, on ``node_id``'s side: put in its place in a hub's list, or
        the node indexed whole as it becomes a hub. A hub's other edges are not copied again: a
        leader's grew with every visit, and copying them at each made every visit dearer and
        fed the garbage collector (bench.soak, writes falling by half over 10 minutes)."""
        typed = hubs.get(node_id)
        if typed is None:
            if len(adjacency[node_id]) > HUB_DEGREE:
                hubs[node_id] = _typed(adjacency[node_id])
            return
        edges = typed.setdefault(rel, [])
        edges.insert(bisect_right(edges, other, key=_other_end), (other, props))  # ties: last

    def _reindex(self, starts: Iterable[str], ends: Iterable[str]) -> None:
        """Index again the out side of ``starts`` and the in side of ``ends`` after an edit."""
        for hubs, adjacency, touched in (
            (self._hubs_out, self._succ, starts),
            (self._hubs_in, self._pred, ends),
        ):
            for node_id in touched:
                around = adjacency[node_id]
                if len(around) > HUB_DEGREE:
                    hubs[node_id] = _typed(around)
                else:
                    hubs.pop(node_id, None)

    # -- nodes ---------------------------------------------------------------------------
    def kind(self, node_id: str) -> NodeKind | None:
        return self._kinds.get(node_id)

    def props(self, node_id: str) -> dict[str, Any]:
        props: dict[str, Any] = self._attrs[node_id]
        return props

    def ref(self, node_id: str) -> EntityRef:
        return EntityRef(node_id, self._kinds[node_id], self._attrs[node_id].get("name") or node_id)

    def nodes_of(self, kind: NodeKind) -> tuple[str, ...]:
        """The ids of ``kind``, sorted."""
        return self._of_kind.get(kind, ())

    def branches(self) -> tuple[str, ...]:
        """The ids of every branch (existing or not), sorted."""
        return self._branches

    def is_branch(self, node_id: str) -> bool:
        return (
            self._kinds.get(node_id) is NodeKind.PARTY_ORG
            and self._attrs[node_id].get("kind") == "branch"
        )

    # -- edges ---------------------------------------------------------------------------
    def out(self, node_id: str, rel: RelType) -> list[Edge]:
        """Edges of type ``rel`` leaving ``node_id``: (end, props), by end id."""
        return _edges(self._succ, self._hubs_out, node_id, rel)

    def into(self, node_id: str, rel: RelType) -> list[Edge]:
        """Edges of type ``rel`` arriving at ``node_id``: (start, props), by start id."""
        return _edges(self._pred, self._hubs_in, node_id, rel)

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

    def below(self, tops: Iterable[str], rel: RelType) -> set[str]:
        """Every node ``descendants`` yields from any of ``tops``, each visited once per
        shorter path found (linear in a tree, however many tops share a subtree).

        >>> g = OrgGraph.from_elements([], [Rel(RelType.PART_OF, "b", "a", {}),
        ...                                 Rel(RelType.PART_OF, "c", "b", {})])
        >>> sorted(g.below(["a", "b"], RelType.PART_OF))
        ['a', 'b', 'c']
        """
        depth: dict[str, int] = {}
        stack = [(top, 1) for top in tops]
        while stack:
            current, length = stack.pop()
            if depth.get(current, MAX_TREE_DEPTH + 2) <= length:
                continue
            depth[current] = length
            if length <= MAX_TREE_DEPTH:
                stack.extend((child, length + 1) for child, _ in self.into(current, rel))
        return set(depth)

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

    def leaders(self, day: date) -> list[tuple[str, list[tuple[str, str]]]]:
        """Each person who is a leader on ``day``, by id, with their ``leader_seats``: found
        from the committees' seats, not by asking every person."""
        seated = {
            person
            for committee in self.nodes_of(NodeKind.PARTY_ORG)
            if self.props(committee)["kind"] == OrgKind.COMMITTEE.value
            for person, _ in self.into(committee, RelType.HOLDS)
        }
        people = sorted(p for p in seated if self.kind(p) is NodeKind.PERSON)
        found = ((person, self.leader_seats(person, day)) for person in people)
        return [(person, seats) for person, seats in found if seats]

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


def _edges(
    adjacency: Adjacency, hubs: dict[str, TypedEdges], node_id: str, rel: RelType
) -> list[Edge]:
    """The ``rel`` edges on one side of ``node_id``, by the other end's id, ties in load
    order: a hub's from its index, any other node's (a few neighbours) read from networkx."""
    typed = hubs.get(node_id)
    if typed is not None:
        return list(typed.get(rel, ()))
    around = adjacency.get(node_id)
    if not around:
        return []
    first = _FIRST[rel]
    found = []
    for other, keyed in around.items():
        props = keyed.get(first)
        if props is not None:
            found.append((other, props))
            if len(keyed) > 1:
                found.extend((other, more) for more in _more(keyed, rel))
    if len(found) > 1:
        found.sort(key=_other_end)  # stable: ties stay in load order
    return found


def _next_key(keyed: dict[EdgeKey, dict[str, Any]], rel: RelType) -> EdgeKey:
    """The first free key of ``rel``: its ordinals run from 0 without a gap (edges of a type
    are removed all together), so the first missing one is found by doubling, then halving."""
    high = 1
    while _key(rel, high) in keyed:
        high *= 2
    low = high // 2  # present (0 is, or this would not be asked)
    while high - low > 1:
        middle = (low + high) // 2
        if _key(rel, middle) in keyed:
            low = middle
        else:
            high = middle
    return _key(rel, high)


def _more(keyed: dict[EdgeKey, dict[str, Any]], rel: RelType) -> Iterator[dict[str, Any]]:
    """The properties of the second, third … ``rel`` edge between the same two nodes."""
    ordinal = 1
    while (props := keyed.get(_key(rel, ordinal))) is not None:
        yield props
        ordinal += 1


def _hubs(adjacency: Adjacency) -> dict[str, TypedEdges]:
    """The edges by type of every node with more than ``HUB_DEGREE`` neighbours on this
    side, each type's sorted by the other end (ties in load order)."""
    return {
        node_id: _typed(around) for node_id, around in adjacency.items() if len(around) > HUB_DEGREE
    }


def _typed(around: dict[str, dict[EdgeKey, dict[str, Any]]]) -> TypedEdges:
    """One hub's edges on one side by type, each type's sorted by the other end."""
    typed: dict[RelType, list[Edge]] = {}
    for other in sorted(around):
        for (rel, _), props in around[other].items():
            typed.setdefault(rel, []).append((other, props))
    return typed


__all__ = ["HUB_DEGREE", "Edge", "OrgGraph"]
