"""A query cost limit: what an answer holds, lists multiplying, plus the work of merging.

The cost of an operation estimates how many values its answer holds. A field costs one value
for each time it is resolved; a list field is assumed to hold ``list_weight`` items (a stand-in
until lists are paginated and cost their page size), so what is selected under it counts that
many times, and nested lists multiply::

    { uncoveredBranches { id name } }                         10 × (1 + 2)           =   30
    { responsibilityChain(fromId: "t") { links { note } } }   1 + 10 × (1 + 1)       =   21
    { leaderCoverage(leaderId: "p") { evidence { nodes { id } } } }
                                                              10 × (1 + 1 + 10 × 2)  =  220

Repeating a field costs the work of merging it: n selections of one response name in one
selection set (written out, or through fragments) add n², as graphql-core compares them
pairwise; 124 copies of ``uncoveredBranches { name }`` cost 2,480 + 15,376.

Inside introspection (``__schema``, ``__type``) a list counts as one item: graphql-core's
``MaxIntrospectionDepthRule`` bounds its nesting, and GraphiQL's own introspection query must
pass. Every field still counts, so a fragment spread a million times costs a million. Each
fragment is costed once and multiplied wherever it is spread: the check is linear in the
document, whatever its fragments expand to.

Example:

```python
import strawberry

from api.cost import QueryCostLimiter

schema = strawberry.Schema(Query, extensions=[lambda: QueryCostLimiter(max_cost=5000)])
```
"""

from __future__ import annotations

from collections import Counter

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
    get_nullable_type,
)
from strawberry.extensions import AddValidationRules

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


class QueryCostLimiter(AddValidationRules):
    """Refuse operations whose cost exceeds ``max_cost``; each list counts ``list_weight``."""

    def __init__(self, max_cost: int, list_weight: int = 10) -> None:
        super().__init__([create_validator(max_cost, list_weight)])


def create_validator(max_cost: int, list_weight: int = 10) -> type[ValidationRule]:
    """A validation rule reporting each operation that costs more than ``max_cost``."""

    class QueryCostValidator(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            for operation, cost in operation_costs(context.schema, context.document, list_weight):
                if cost > max_cost:
                    name = operation.name.value if operation.name else "anonymous"
                    message = (
                        f"'{name}' costs {cost}, more than the {max_cost} allowed "
                        f"(every list counts as {list_weight} items)"
                    )
                    code = {"code": QUERY_TOO_COMPLEX}
                    context.report_error(GraphQLError(message, [operation], extensions=code))

    return QueryCostValidator


def operation_costs(
    schema: GraphQLSchema, document: DocumentNode, list_weight: int = 10
) -> list[tuple[OperationDefinitionNode, int]]:
    """Each operation of ``document`` with its cost."""
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    costs = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            walk = _Costs(schema, fragments, list_weight)
            root = schema.get_root_type(definition.operation)
            values = walk.of(definition.selection_set, root)
            costs.append((definition, values + walk.merging))
    return costs


class _Costs:
    """Values of selection sets, each fragment's computed once, and the merging work seen."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        list_weight: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.list_weight = list_weight
        self.merging = 0
        self.values: dict[tuple[str, bool], int] = {}
        self.names: dict[str, Counter[str]] = {}
        self.entered: set[tuple[str, bool]] = set()

    def of(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType | None,
        introspecting: bool = False,
    ) -> int:
        """The values ``selection_set`` holds, its merging work added to ``merging``."""
        if selection_set is None:
            return 0
        self.merging += sum(n * n for n in self._names(selection_set).values() if n > 1)
        return self._values(selection_set, parent, introspecting)

    def _values(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, introspecting: bool
    ) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, introspecting)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                total += self._values(selection.selection_set, on, introspecting)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value, introspecting)
        return total

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None, introspecting: bool) -> int:
        introspecting = introspecting or node.name.value in INTROSPECTION_ROOTS
        definition = None  # stays None for introspection fields, and unknown ones (reported)
        if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            definition = parent.fields.get(node.name.value)
        field_type = definition.type if definition else None
        is_list = field_type is not None and isinstance(get_nullable_type(field_type), GraphQLList)
        items = self.list_weight if is_list and not introspecting else 1
        named = get_named_type(field_type) if field_type else None
        return items * (1 + self.of(node.selection_set, named, introspecting))

    def _fragment(self, name: str, introspecting: bool) -> int:
        key = (name, introspecting)
        if key in self.values:
            return self.values[key]
        fragment = self.fragments.get(name)
        if fragment is None or key in self.entered:  # unknown or a cycle: reported elsewhere
            return 0
        self.entered.add(key)
        on = self.schema.get_type(fragment.type_condition.name.value)
        self.values[key] = values = self._values(fragment.selection_set, on, introspecting)
        return values

    def _names(self, selection_set: SelectionSetNode) -> Counter[str]:
        """How often each response name is selected, through fragments too."""
        names: Counter[str] = Counter()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                names[(selection.alias or selection.name).value] += 1
            elif isinstance(selection, InlineFragmentNode):
                names.update(self._names(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                names.update(self._fragment_names(selection.name.value))
        return names

    def _fragment_names(self, name: str) -> Counter[str]:
        if name not in self.names:
            self.names[name] = Counter()  # a cycle meets this empty count
            fragment = self.fragments.get(name)
            if fragment is not None:
                self.names[name] = self._names(fragment.selection_set)
        return self.names[name]


__all__ = ["QUERY_TOO_COMPLEX", "QueryCostLimiter", "create_validator", "operation_costs"]
