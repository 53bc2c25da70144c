"""What a caller scoped to one unit may see: the embedded backend's ``visible_ids``.

The rule (``Backend.visible_ids``), one pass over the graph from the scope's unit down:

    units          the unit and every unit below it (PART_OF)
    party orgs     ATTACHED_TO one of those units
    teams          BELONGS_TO one of those units
    projects       OWNED_BY one of those units
    party groups   UNDER one of those party orgs
    liaison points AT one of those units or party orgs
    people         WORKS_IN one of those units, or linked to one of those teams, groups, orgs
                   or points: IN_TEAM, IN_GROUP, LEADS, HOLDS (any seat, any day), ESTABLISHED
    domains        all of them: a domain is a professional line of the whole organisation

>>> from graph_model.elements import Node, Rel
>>> g = OrgGraph.from_elements(
...     [Node("u-top", NodeKind.UNIT, {}), Node("u-b", NodeKind.UNIT, {}),
...      Node("po-b", NodeKind.PARTY_ORG, {}), Node("p-1", NodeKind.PERSON, {})],
...     [Rel(RelType.PART_OF, "u-b", "u-top", {}), Rel(RelType.ATTACHED_TO, "po-b", "u-b", {}),
...      Rel(RelType.HOLDS, "p-1", "po-b", {"role": "secretary"})])
>>> sorted(visible_ids(g, "u-b"))
['p-1', 'po-b', 'u-b']
"""

from __future__ import annotations

from collections.abc import Iterable

from graph_model.kinds import NodeKind, RelType
from queries.coverage.memory import require
from queries.embedded.orggraph import OrgGraph
from queries.embedded.part import MemoryPart

#: How a person is linked to a visible team, party group, party org or liaison point.
PERSON_LINKS = (RelType.IN_TEAM, RelType.IN_GROUP, RelType.LEADS, RelType.HOLDS)


def visible_ids(graph: OrgGraph, unit_id: str) -> frozenset[str]:
    """The ids a caller scoped to ``unit_id`` may see; ``NotFound`` when there is no such
    unit."""
    require(graph, unit_id, NodeKind.UNIT, "unit")
    units = [u for u, _ in graph.descendants(unit_id, RelType.PART_OF)]
    orgs = _into(graph, units, RelType.ATTACHED_TO, NodeKind.PARTY_ORG)
    teams = _into(graph, units, RelType.BELONGS_TO, NodeKind.TEAM)
    projects = _into(graph, units, RelType.OWNED_BY, NodeKind.PROJECT)
    groups = _into(graph, orgs, RelType.UNDER, NodeKind.PARTY_GROUP)
    points = _into(graph, [*units, *orgs], RelType.AT, NodeKind.LIAISON_POINT)
    people = _into(graph, units, RelType.WORKS_IN, NodeKind.PERSON)
    people += _into(graph, points, RelType.ESTABLISHED, NodeKind.PERSON)
    for rel in PERSON_LINKS:
        people += _into(graph, [*teams, *groups, *orgs], rel, NodeKind.PERSON)
    domains = graph.nodes_of(NodeKind.DOMAIN)
    return frozenset([*units, *orgs, *teams, *projects, *groups, *points, *people, *domains])


def _into(graph: OrgGraph, ends: Iterable[str], rel: RelType, kind: NodeKind) -> list[str]:
    """The nodes of ``kind`` with a ``rel`` relationship to any of ``ends``."""
    return [start for end in ends for start, _ in graph.into(end, rel) if graph.kind(start) is kind]


# -- the embedded backend's part ---------------------------------------------------------------
class ScopeOnMemory(MemoryPart):
    """``Backend``'s scope question (``ScopeQuestions``) on the embedded graph: ``visible_ids``
    above."""

    def visible_ids(self, unit_id: str) -> frozenset[str]:
        return visible_ids(self._graph, unit_id)
