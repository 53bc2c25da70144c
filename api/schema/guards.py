"""The served schema: the library's guards against abusive queries, their rules built once.

Each guard refuses with a GraphQL error coded ``QUERY_TOO_COMPLEX``, before anything runs:

    tokens    ``max_tokens``    the parser stops counting (MaxTokensLimiter's parse option)
    cost      ``max_cost``      every list counts ``list_cost`` items, nested lists multiply
                                (api/schema/cost.py)
    depth     ``max_depth``     nested selections (QueryDepthLimiter; introspection is bounded
                                by graphql-core's MaxIntrospectionDepthRule instead)
    aliases   ``max_aliases``   MaxAliasesLimiter

With introspection off (production, unless ``ORGRAPH_INTROSPECTION``) ``__schema`` and
``__type`` are refused; batching is off unless ``max_batch`` > 0.

Two stages. The cost is checked first, alone: it costs each fragment once, so it is linear in
the document. Only a document within budget meets the other rules: strawberry's depth and
alias limiters walk every fragment spread again, exponential in nested fragments (a 250-token
document of 24 fragments each spreading the one before twice held the event loop for 200 s),
and graphql-core's overlapping-fields rule is quadratic in repeated fields (124 copies of one
field: 80 ms), which is why the cost counts n² for a field repeated n times.

The rules are built here, once per schema, and each distinct query text is costed and
validated once (``Validated``, the last ``CACHE_SIZE`` texts): a limiter extension built per
request makes new rule classes each time, so a cache keyed on the rules would never hit (about
1.1 ms instead of 0.12 ms for a trivial query), and the library's ``ValidationCache`` keys on the
parsed document, hashing every node of it on every request. ``ParserCache`` comes from the
library; the one extension made per request hands the token limit to the parser and the
remembered errors, if any, to the operation.

Example:

```python
schema = guarded_schema(Settings(max_depth=4))
```
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from functools import partial
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    MaxIntrospectionDepthRule,
    NoSchemaIntrospectionCustomRule,
    ValidationContext,
    specified_rules,
    validate,
)
from strawberry.extensions import (
    MaxAliasesLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import BatchingConfig, StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from api.auth import RoleGuard
from api.schema.cost import QUERY_TOO_COMPLEX, QueryCostLimiter, operation_costs
from api.schema.errors import with_code
from api.schema.root import Mutation, OrgraphSchema, Query
from api.settings import Settings

#: Distinct query texts kept parsed (the library's cache, shared per size) and validated.
CACHE_SIZE = 256

Rules = tuple[type[ASTValidationRule], ...]

#: The rules strawberry adds to every validation (its ``validate_document``), which is called
#: through graphql-core's ``validate`` here so as to pass ``hide_suggestions``.
LIBRARY_RULES: Rules = (MaybeNullValidationRule, OneOfInputValidationRule)


class Guards:
    """What every operation is checked against: the same rule classes for every request."""

    def __init__(self, settings: Settings) -> None:
        self.max_tokens = settings.max_tokens
        self.max_cost = settings.max_cost
        self.list_cost = settings.list_cost
        self.page_size = settings.max_page_size
        # "Did you mean 'units'?" would name the fields introspection hides in production.
        self.hide_suggestions = settings.environment == "production"
        self.cost_rules: Rules = tuple(
            QueryCostLimiter(
                settings.max_cost, settings.list_cost, settings.max_page_size
            ).validation_rules
        )
        limits = [
            *QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
            *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
            MaxIntrospectionDepthRule,
        ]
        introspection = [] if settings.introspection_enabled else [NoSchemaIntrospectionCustomRule]
        self.rules: Rules = (
            *(_coded(rule, QUERY_TOO_COMPLEX) for rule in limits),
            *introspection,
            *(rule for rule in specified_rules if rule is not MaxIntrospectionDepthRule),
        )

    def rules_for(self, schema: GraphQLSchema, document: DocumentNode) -> Rules:
        """The cost rule alone for a document over budget, so nothing costlier meets it;
        else every other rule."""
        costs = operation_costs(schema, document, self.list_cost, self.page_size)
        if any(cost > self.max_cost for _, cost in costs):
            return self.cost_rules
        return self.rules


class Validated:
    """The validation errors of each query text, the guards' rules included: the last
    ``size`` texts, each validated once. Keyed by the text, whose hash is one pass over a
    string; one process's event loop uses it, so it needs no lock."""

    def __init__(self, guards: Guards, size: int = CACHE_SIZE) -> None:
        self.guards = guards
        self.size = size
        self._errors: OrderedDict[str, list[GraphQLError]] = OrderedDict()

    def errors(
        self, schema: GraphQLSchema, query: str, document: DocumentNode
    ) -> list[GraphQLError]:
        """``document``'s errors (the parse of ``query``), from the cache when it holds them."""
        if (known := self._errors.get(query)) is not None:
            self._errors.move_to_end(query)
            return known
        rules = self.guards.rules_for(schema, document)
        found = validate(
            schema,
            document,
            (*rules, *LIBRARY_RULES),
            hide_suggestions=self.guards.hide_suggestions,
        )
        self._errors[query] = found
        if len(self._errors) > self.size:
            self._errors.popitem(last=False)
        return found


class GuardsExtension(SchemaExtension):
    """Per request: the token limit, then this operation's errors against the prebuilt rules."""

    def __init__(self, validated: Validated) -> None:
        self.validated = validated

    def on_operation(self) -> Iterator[None]:
        self.execution_context.parse_options["max_tokens"] = self.validated.guards.max_tokens
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document, query = context.graphql_document, context.query
        if document is not None and query is not None:
            schema = context.schema._schema  # as the library's own validation reads it
            # Set, the errors stop the library validating again.
            context.pre_execution_errors = self.validated.errors(schema, query, document)
        yield


def guarded_schema(settings: Settings) -> OrgraphSchema:
    """The schema the app serves, with the guards of ``settings``."""
    validated = Validated(Guards(settings))
    batching = BatchingConfig(max_operations=settings.max_batch) if settings.max_batch else None
    return OrgraphSchema(
        query=Query,
        mutation=Mutation,
        extensions=[
            partial(GuardsExtension, validated),
            partial(ParserCache, maxsize=CACHE_SIZE),
            RoleGuard,  # a known caller; no mutation from a viewer (api/auth.py)
        ],
        config=StrawberryConfig(batching_config=batching),
        execution_context_class=QuietExecution if validated.guards.hide_suggestions else None,
    )


class QuietExecution(StrawberryGraphQLCoreExecutionContext):
    """Execution that suggests nothing either: variables are coerced here, after validation,
    and would answer "Did you mean the enum value 'NAME'?" or name an input's fields."""

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        return super().build(*args, **{**kwargs, "hide_suggestions": True})


class _CodingContext:
    """A validation context whose reported errors carry a code."""

    def __init__(self, context: ValidationContext, code: str) -> None:
        self._context = context
        self._code = code

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)

    def report_error(self, error: GraphQLError) -> None:
        self._context.report_error(with_code(error, self._code))


def _coded(rule: type[ASTValidationRule], code: str) -> type[ASTValidationRule]:
    """``rule``, its errors coded: the library's limiters report without a code."""

    class Coded(rule):  # type: ignore[valid-type, misc]
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(_CodingContext(context, code))

    Coded.__name__ = Coded.__qualname__ = f"Coded{rule.__name__}"
    return Coded


__all__ = ["Guards", "GuardsExtension", "QuietExecution", "Validated", "guarded_schema"]
