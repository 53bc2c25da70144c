"""Selections of every field of a GraphQL type, generated from the schema, so a probe asks for
all an answer holds, nested fields a few links deep included, and a field added later is asked
for too.

An entity type (``Entity``, ``Node`` and its implementations) is expanded ``hops`` links deep:
its entity fields are expanded one hop less, and at no hops left an entity is just
``{ __typename id }``. Other types (connections, coverage, evidence, …) are expanded whole,
but for a connection's ``edges``: its ``nodes`` are the same items. Each expanded entity
becomes a named fragment (``Unit_1``), written once per document.
A required argument without a default is filled when it is an enum: one aliased copy of the
field per value (``countBy`` per applicable grouping); anything else fails loudly.

>>> s = Selections()
>>> s.of("Entity", hops=1)
'{ ...Entity_1 }'
>>> s.fragments()
'fragment Entity_1 on Entity { Entity_id: id Entity_kind: kind Entity_name: name }'
"""

from __future__ import annotations

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    Undefined,
    get_named_type,
    is_leaf_type,
    is_non_null_type,
)

from api.schema.root import schema
from graph_model.browse import GROUPS
from graph_model.kinds import NodeKind

GQL = schema._schema
NODE = GQL.type_map["Node"]
assert isinstance(NODE, GraphQLInterfaceType)
ENTITY_TYPES = {"Entity", "Node", *(t.name for t in GQL.get_possible_types(NODE))}
MAX_NESTING = 12


class Selections:
    """Builds selections and remembers the fragments they spread."""

    def __init__(self) -> None:
        self._fragments: dict[str, str] = {}

    def of(self, type_name: str, hops: int) -> str:
        """The selection set of every field of ``type_name``."""
        named = GQL.type_map[type_name]
        return self._select(named, hops, 0)

    def fragments(self) -> str:
        return "\n".join(self._fragments[name] for name in sorted(self._fragments))

    def document(self, operation: str) -> str:
        """``operation`` with the fragments it spreads."""
        return f"{operation}\n{self.fragments()}"

    def _select(self, named: GraphQLNamedType, hops: int, nesting: int) -> str:
        assert nesting < MAX_NESTING, f"{named.name}: nested too deep"
        if named.name in ENTITY_TYPES:
            if hops <= 0:
                return "{ __typename id }"
            return "{ " + self._fragment(named, hops, nesting) + " }"
        return "{ " + self._fields(named, hops, nesting) + " }"

    def _fragment(self, named: GraphQLNamedType, hops: int, nesting: int) -> str:
        name = f"{named.name}_{hops}"
        if name not in self._fragments:
            self._fragments[name] = ""  # reserved: a type reaching itself spreads it again
            if isinstance(named, GraphQLInterfaceType):
                spreads = [
                    self._fragment(t, hops, nesting + 1) for t in GQL.get_possible_types(named)
                ]
                body = " ".join(["__typename id", *spreads])
            else:
                body = self._fields(named, hops - 1, nesting, prefix=f"{named.name}_")
            self._fragments[name] = f"fragment {name} on {named.name} {{ {body} }}"
        return f"...{name}"

    def _fields(self, named: GraphQLNamedType, hops: int, nesting: int, prefix: str = "") -> str:
        """Every field of ``named``; entity children get ``hops`` (one less than an entity's).
        With a ``prefix`` every field is aliased by it: the fragments of the types of one
        interface, spread side by side, may not give one name two shapes (``kind``)."""
        assert isinstance(named, GraphQLObjectType | GraphQLInterfaceType), named
        parts = []
        for field_name, field in named.fields.items():
            if field_name == "edges" and "nodes" in named.fields:
                continue  # the same items as ``nodes``, with cursors
            child = get_named_type(field.type)
            for alias, args in _variants(named, field_name, field):
                alias = f"{prefix}{alias or field_name}" if prefix else alias
                head = f"{alias}: {field_name}{args}" if alias else field_name
                if is_leaf_type(child):
                    parts.append(head)
                else:
                    parts.append(f"{head} {self._select(child, hops, nesting + 1)}")
        return " ".join(parts)


def _variants(
    parent: GraphQLNamedType, name: str, field: GraphQLField
) -> list[tuple[str | None, str]]:
    """The (alias, arguments) to ask ``field`` with: once without arguments, or once per value
    of its required enum argument."""
    required = {
        arg_name: arg
        for arg_name, arg in field.args.items()
        if is_non_null_type(arg.type) and arg.default_value is Undefined
    }
    if not required:
        return [(None, "")]
    assert len(required) == 1, f"{parent.name}.{name}: fill its required arguments"
    [(arg_name, arg)] = required.items()
    enum = get_named_type(arg.type)
    assert isinstance(enum, GraphQLEnumType), f"{parent.name}.{name}: fill {arg_name}"
    values = list(enum.values)
    if arg_name == "groupBy" and parent.name.endswith("SearchConnection"):
        kind = NodeKind(parent.name.removesuffix("SearchConnection"))
        values = [v for v in values if kind in GROUPS[enum.values[v].value]]
    return [(f"{name}_{v}", f"({arg_name}: {v})") for v in values]
