"""Neo4j records back into orgraph values: one place that knows how rows are shaped.

Queries return entities as ``{id, labels, name}`` maps, relationships as ``{type, start, end}``
and dates as ``neo4j.time.Date``; these turn them into ``graph_model`` values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import neo4j

from graph_model.elements import Node, Rel
from graph_model.kinds import NodeKind, RelType
from graph_model.results import EntityRef, PathRel

_KINDS = {k.value: k for k in NodeKind}


def node_kind(labels: Sequence[str]) -> NodeKind:
    """The kind among a node's labels (it also carries ``Entity``)."""
    return next(_KINDS[label] for label in labels if label in _KINDS)


def entity_ref(row: dict[str, Any]) -> EntityRef:
    return EntityRef(row["id"], node_kind(row["labels"]), row["name"] or row["id"])


def path_rel(row: dict[str, Any]) -> PathRel:
    return PathRel(RelType(row["type"]), row["start"], row["end"])


def native(value: Any) -> Any:
    """A Neo4j date as a ``datetime.date``; anything else as it is."""
    return value.to_native() if isinstance(value, neo4j.time.Date) else value


def native_props(props: dict[str, Any]) -> dict[str, Any]:
    return {key: native(value) for key, value in props.items()}


def graph_node(row: dict[str, Any]) -> Node:
    props = native_props(row["props"])
    return Node(props["id"], node_kind(row["labels"]), props)


def graph_rel(row: dict[str, Any]) -> Rel:
    return Rel(RelType(row["type"]), row["start"], row["end"], native_props(row["props"]))
