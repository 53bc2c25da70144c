"""Browsing the graph: the vocabulary of the batch look-ups both backends answer alike.

Five look-ups, each one round trip on Neo4j:

    nodes(ids)                          the nodes with these ids (None where there is none)
    neighbours(ids, rel, direction)     each id's neighbours along one relationship type
    find(kind, filter, sort, offset, limit)   (total, one page) of the nodes of a kind
    count_by(kind, filter, group)       how many nodes of a kind fall in each group
    unit_coverage(ids, day)             covered and existing branches of each unit's subtree

The rules that do not need the graph are pure functions here, so both backends share them:
which filters a kind accepts, whether a node's own properties pass a filter, and the order of
nodes, neighbours and buckets. Strings sort by code point, as Python sorts them and as Neo4j
sorts stored properties (it sorts strings given as parameters by UTF-16 code unit, which no
order here rests on). A node passes a filter on its own properties:

>>> matches(Node("p-li", NodeKind.PERSON, {"name": "Li", "partyStatus": "formal"}),
...         NodeFilter(party_statuses=("formal",), name_contains="L"))
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from typing import Any

from graph_model.elements import Node, Props
from graph_model.errors import InvalidRequest
from graph_model.kinds import NodeKind
from graph_model.timeline import exists_on, valid_on


class Direction(StrEnum):
    """Which way a relationship is followed from the given nodes."""

    OUT = "out"  # from its start node to its end node
    IN = "in"  # from its end node back to its start node


class SortField(StrEnum):
    ID = "id"
    NAME = "name"  # then by id


@dataclass(frozen=True, slots=True)
class Sort:
    field: SortField = SortField.ID
    descending: bool = False


class GroupBy(StrEnum):
    """What ``count_by`` groups nodes by."""

    UNIT = "unit"  # the node's own unit (a unit's parent; a group's branch's unit; a liaison
    # point's target unit, or its target party org's unit)
    DOMAIN = "domain"  # IN_DOMAIN of a unit, team or project; a party org's unit's domains
    KIND = "kind"  # the ``kind`` property of a unit, party org or liaison point
    BRANCH_KIND = "branch_kind"  # a party org's ``branchKind`` (none for other orgs)
    PARTY_STATUS = "party_status"  # a person's ``partyStatus``


@dataclass(frozen=True, slots=True)
class NodeFilter:
    """Which nodes of a kind to keep; every given part must hold.

    ``kinds``, ``branch_kinds`` and ``party_statuses`` keep nodes whose property is one of the
    values; ``name_contains`` is a case-sensitive substring of the name; ``valid_on`` keeps the
    party orgs existing, the projects running (``startOn``..``endOn``) and the liaison points
    valid (``from``..``to``) on that day; ``under_unit_id`` keeps the nodes whose unit (as for
    ``GroupBy.UNIT``, a unit itself) is that unit or below it; ``domain_id`` the nodes in that
    domain (as for ``GroupBy.DOMAIN``).
    """

    kinds: tuple[str, ...] = ()
    branch_kinds: tuple[str, ...] = ()
    party_statuses: tuple[str, ...] = ()
    name_contains: str | None = None
    valid_on: date | None = None
    under_unit_id: str | None = None
    domain_id: str | None = None


@dataclass(frozen=True, slots=True)
class Bucket:
    """How many nodes have ``key`` (an id for units and domains, else a property value;
    None for the nodes that have none)."""

    key: str | None
    count: int


@dataclass(frozen=True, slots=True)
class UnitCoverage:
    """Branches attached to a unit or a unit below it that exist on ``as_of``, and how many
    of them a counting liaison point covers (docs/domain.md "Coverage")."""

    unit_id: str
    as_of: date
    branches: int
    covered: int

    @property
    def ratio(self) -> float | None:
        """Covered over existing branches; None when no branch exists there."""
        return self.covered / self.branches if self.branches else None


@dataclass(frozen=True, slots=True)
class Neighbour:
    """A node reached along one relationship, with that relationship's properties."""

    node: Node
    rel: Props


# -- which filters and groups a kind takes ---------------------------------------------------

_WITH_UNIT = frozenset(NodeKind) - {NodeKind.DOMAIN}
FILTERS: Mapping[str, frozenset[NodeKind]] = {
    "kinds": frozenset({NodeKind.UNIT, NodeKind.PARTY_ORG, NodeKind.LIAISON_POINT}),
    "branch_kinds": frozenset({NodeKind.PARTY_ORG}),
    "party_statuses": frozenset({NodeKind.PERSON}),
    "name_contains": frozenset(NodeKind),
    "valid_on": frozenset({NodeKind.PARTY_ORG, NodeKind.PROJECT, NodeKind.LIAISON_POINT}),
    "under_unit_id": _WITH_UNIT,
    "domain_id": frozenset({NodeKind.UNIT, NodeKind.TEAM, NodeKind.PROJECT, NodeKind.PARTY_ORG}),
}
"""The kinds each part of a ``NodeFilter`` applies to."""

GROUPS: Mapping[GroupBy, frozenset[NodeKind]] = {
    GroupBy.UNIT: _WITH_UNIT,
    GroupBy.DOMAIN: FILTERS["domain_id"],
    GroupBy.KIND: FILTERS["kinds"],
    GroupBy.BRANCH_KIND: FILTERS["branch_kinds"],
    GroupBy.PARTY_STATUS: FILTERS["party_statuses"],
}
"""The kinds each grouping applies to."""


def check_filter(kind: NodeKind, node_filter: NodeFilter) -> None:
    """Refuse a filter with a part that does not apply to ``kind``.

    >>> check_filter(NodeKind.DOMAIN, NodeFilter(valid_on=date(2024, 1, 1)))
    Traceback (most recent call last):
    ...
    graph_model.errors.InvalidRequest: the filter valid_on does not apply to Domain
    """
    for part in fields(node_filter):
        value = getattr(node_filter, part.name)
        if value not in (None, ()) and kind not in FILTERS[part.name]:
            raise InvalidRequest(f"the filter {part.name} does not apply to {kind.value}")


def check_group(kind: NodeKind, group: GroupBy) -> None:
    """Refuse a grouping that does not apply to ``kind``."""
    if kind not in GROUPS[group]:
        raise InvalidRequest(f"{kind.value} cannot be counted by {group.value}")


def check_page(offset: int, limit: int) -> None:
    if offset < 0 or limit < 0:
        raise InvalidRequest("offset and limit must not be negative")


# -- what the backends share -------------------------------------------------------------------


def matches(node: Node, node_filter: NodeFilter) -> bool:
    """Whether ``node``'s own properties pass the filter (``under_unit_id`` and ``domain_id``
    need the graph: the backends test them)."""
    props = node.props
    f = node_filter
    if f.kinds and props.get("kind") not in f.kinds:
        return False
    if f.branch_kinds and props.get("branchKind") not in f.branch_kinds:
        return False
    if f.party_statuses and props.get("partyStatus") not in f.party_statuses:
        return False
    if f.name_contains is not None and f.name_contains not in props.get("name", ""):
        return False
    return f.valid_on is None or _valid(node, f.valid_on)


def _valid(node: Node, day: date) -> bool:
    props = node.props
    if node.kind is NodeKind.PARTY_ORG:
        return exists_on(props.get("establishedOn"), props.get("dissolvedOn"), day)
    if node.kind is NodeKind.PROJECT:
        return valid_on(props.get("startOn"), props.get("endOn"), day)
    return valid_on(props.get("from"), props.get("to"), day)


def node_key(sort: Sort) -> Callable[[Node], tuple[str, ...]]:
    """The ascending sort key of nodes for ``sort`` (ids are unique, so it is total)."""
    if sort.field is SortField.NAME:
        return lambda n: (str(n.props.get("name", "")), n.id)
    return lambda n: (n.id,)


def neighbour_key(n: Neighbour) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Neighbours in the order both backends give them: by node id, then by the
    relationship's properties (for repeated seats and visits)."""
    return n.node.id, tuple(sorted((k, _text(v)) for k, v in n.rel.items()))


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def bucket_key(b: Bucket) -> tuple[bool, str]:
    """Buckets by key, the bucket of nodes without one last (as Neo4j orders null)."""
    return b.key is None, b.key or ""


def stored(props: Mapping[str, Any]) -> Props:
    """Properties as a store holds them: Neo4j keeps no null property, so neither do answers."""
    return {k: v for k, v in props.items() if v is not None}
