"""A query cost limit: what an answer holds, lists multiplying, plus the work of merging.

The cost of an operation estimates how many values its answer holds. A field costs one value
for each time it is resolved. A paginated field (one with a ``first`` argument: a connection)
costs its page size — ``first`` or ``last`` when written as a number, else ``page_size``, the
largest page the API serves — for the first list below it (``edges``, ``nodes``); any other
list is assumed to hold ``list_weight`` items. What is selected under a list counts that many
times, and nested lists multiply::

    { uncoveredBranches { id name } }                         10 × (1 + 2)           =   30
    { responsibilityChain(fromId: "t") { links { note } } }   1 + 10 × (1 + 1)       =   21
    { leaderCoverage(leaderId: "p") { evidence { nodes { id } } } }
                                                              10 × (1 + 1 + 10 × 2)  =  220

Repeating a field costs the work of merging it: n selections of one response name in one
selection set (written out, or through fragments) add ``MERGE_WEIGHT`` × n², as graphql-core
compares them pairwise (124 copies took about 80 ms, measured); 100 copies of
``uncoveredBranches { name }`` cost 2,000 + 100,000.

Inside introspection (``__schema``, ``__type``) a list counts as one item: graphql-core's
``MaxIntrospectionDepthRule`` bounds its nesting, and GraphiQL's own introspection query must
pass. Every field still counts, so a fragment spread a million times costs a million. Each
fragment is costed once and multiplied wherever it is spread: the check is linear in the
document, whatever its fragments expand to.

Example:

```python
import strawberry

from api.schema.cost import QueryCostLimiter

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
    IntValueNode,
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


PAGE_ARGUMENTS = ("first", "last")
#: What one pairwise comparison of repeated fields costs, in values.
MERGE_WEIGHT = 10


class QueryCostLimiter(AddValidationRules):
    """Refuse operations whose cost exceeds ``max_cost``; each list counts ``list_weight``,
    each page its size."""

    def __init__(self, max_cost: int, list_weight: int = 10, page_size: int = 100) -> None:
        super().__init__([create_validator(max_cost, list_weight, page_size)])


def create_validator(
    max_cost: int, list_weight: int = 10, page_size: int = 100
) -> type[ValidationRule]:
    """A validation rule reporting each operation that costs more than ``max_cost``."""

    class QueryCostValidator(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            costs = operation_costs(context.schema, context.document, list_weight, page_size)
            for operation, cost in costs:
                if cost > max_cost:
                    name = operation.name.value if operation.name else "anonymous"
                    message = (
                        f"'{name}' costs {cost}, more than the {max_cost} allowed "
                        f"(a page counts its size, any other list {list_weight} items)"
                    )
                    code = {"code": QUERY_TOO_COMPLEX}
                    context.report_error(GraphQLError(message, [operation], extensions=code))

    return QueryCostValidator


def operation_costs(
    schema: GraphQLSchema, document: DocumentNode, list_weight: int = 10, page_size: int = 100
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
            walk = _Costs(schema, fragments, list_weight, page_size)
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
        page_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.list_weight = list_weight
        self.page_size = page_size
        self.merging = 0
        self.values: dict[tuple[str, bool, int | None], int] = {}
        self.names: dict[str, Counter[str]] = {}
        self.entered: set[tuple[str, bool, int | None]] = set()

    def of(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType | None,
        introspecting: bool = False,
        page: int | None = None,
    ) -> int:
        """The values ``selection_set`` holds, its merging work added to ``merging``; ``page``
        is the size of the page its first list holds, when it sits under a paginated field."""
        if selection_set is None:
            return 0
        repeats = self._names(selection_set).values()
        self.merging += MERGE_WEIGHT * sum(n * n for n in repeats if n > 1)
        return self._values(selection_set, parent, introspecting, page)

    def _values(
        self,
        selection_set: SelectionSetNode,
        parent: GraphQLNamedType | None,
        introspecting: bool,
        page: int | None,
    ) -> int:
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent, introspecting, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.schema.get_type(condition.name.value) if condition else parent
                total += self._values(selection.selection_set, on, introspecting, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value, introspecting, page)
        return total

    def _field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType | None,
        introspecting: bool,
        page: int | None,
    ) -> int:
        introspecting = introspecting or node.name.value in INTROSPECTION_ROOTS
        definition = None  # stays None for introspection fields, and unknown ones (reported)
        if isinstance(parent, (GraphQLObjectType, GraphQLInterfaceType)):
            definition = parent.fields.get(node.name.value)
        field_type = definition.type if definition else None
        if definition is not None and "first" in definition.args:
            page = self._page_size(node)
        is_list = field_type is not None and isinstance(get_nullable_type(field_type), GraphQLList)
        items = 1
        if is_list and not introspecting:
            items, page = (page or self.list_weight), None
        named = get_named_type(field_type) if field_type else None
        return items * (1 + self.of(node.selection_set, named, introspecting, page))

    def _page_size(self, node: FieldNode) -> int:
        """``first`` or ``last`` written as a number, else the largest page served."""
        sizes = [
            int(argument.value.value)
            for argument in node.arguments or ()
            if argument.name.value in PAGE_ARGUMENTS and isinstance(argument.value, IntValueNode)
        ]
        return min(max(sizes), self.page_size) if sizes else self.page_size

    def _fragment(self, name: str, introspecting: bool, page: int | None) -> int:
        key = (name, introspecting, page)
        if key in self.values:
            return self.values[key]
        fragment = self.fragments.get(name)
        if fragment is None or key in self.entered:  # unknown or a cycle: reported elsewhere
            return 0
        self.entered.add(key)
        on = self.schema.get_type(fragment.type_condition.name.value)
        self.values[key] = values = self._values(fragment.selection_set, on, introspecting, page)
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
