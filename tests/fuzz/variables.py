"""A document's argument values moved into variables, as most clients send them: the same
question, but its values arrive as JSON (checked at the edge, coerced by the variables' types)
instead of as GraphQL literals.

>>> schema = graphql.build_schema("type Query { unit(id: ID!, first: Int): String }")
>>> text, values = as_variables(graphql.parse('{ unit(id: "u-1", first: 2) }'), schema)
>>> print(text)
query ($v0: ID!, $v1: Int) {
  unit(id: $v0, first: $v1)
}
>>> values
{'v0': 'u-1', 'v1': 2}
"""

from __future__ import annotations

from typing import Any

import graphql


def as_variables(
    document: graphql.DocumentNode, schema: graphql.GraphQLSchema
) -> tuple[str, dict[str, Any]]:
    """``document`` as text with every argument a variable, and the variables' values."""
    type_info = graphql.TypeInfo(schema)
    lift = _Lift(type_info)
    lifted = graphql.visit(document, graphql.TypeInfoVisitor(type_info, lift))
    operations = [
        graphql.OperationDefinitionNode(
            operation=node.operation,
            name=node.name,
            directives=node.directives,
            selection_set=node.selection_set,
            variable_definitions=tuple(lift.definitions),
        )
        for node in lifted.definitions
        if isinstance(node, graphql.OperationDefinitionNode)
    ]
    return graphql.print_ast(graphql.DocumentNode(definitions=tuple(operations))), lift.values


class _Lift(graphql.Visitor):
    """Replaces each argument's value by a new variable of the argument's type."""

    def __init__(self, type_info: graphql.TypeInfo) -> None:
        super().__init__()
        self._type_info = type_info
        self.definitions: list[graphql.VariableDefinitionNode] = []
        self.values: dict[str, Any] = {}

    def enter_argument(self, node: graphql.ArgumentNode, *_: object) -> graphql.ArgumentNode:
        argument_type = self._type_info.get_input_type()
        assert argument_type is not None, f"an argument the schema lacks: {node.name.value}"
        name = f"v{len(self.definitions)}"
        variable = graphql.VariableNode(name=graphql.NameNode(value=name))
        self.definitions.append(
            graphql.VariableDefinitionNode(
                variable=variable, type=graphql.parse_type(str(argument_type))
            )
        )
        self.values[name] = graphql.value_from_ast_untyped(node.value)
        return graphql.ArgumentNode(name=node.name, value=variable)


__all__ = ["as_variables"]
