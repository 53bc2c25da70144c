"""The GraphQL schema: one ``Query`` merged from the field groups of each module."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.base import get_object_definition

from api.schema.audit_fields import AuditQuery
from api.schema.browse_fields import BrowseQuery
from api.schema.change_fields import ChangeQuery, Mutation
from api.schema.context import Context
from api.schema.coverage_fields import CoverageQuery
from api.schema.error_texts import said_in
from api.schema.errors import log_errors, public_errors
from api.schema.insight_fields import InsightQuery

__all__ = ["Mutation", "OrgraphSchema", "Query", "schema"]

Query = merge_types("Query", (CoverageQuery, InsightQuery, AuditQuery, BrowseQuery, ChangeQuery))
get_object_definition(Query, strict=True).description = "What orgraph answers, each as of a day."


class OrgraphSchema(strawberry.Schema):
    """Every error leaves with a stable ``code`` and the request's id; what a caller is not
    told is logged, then masked (api/schema/errors.py)."""

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        result = await super().execute(*args, **kwargs)
        if result.errors:
            context = kwargs.get("context_value")
            backend = context.backend.name if isinstance(context, Context) else None
            result.errors = public_errors(result.errors, backend)
            if isinstance(context, Context):  # in the caller's language (error_texts.py)
                result.errors = said_in(result.errors, context.lang)
        return result

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log a bug whole and a store's failure in its own words, under the request's id."""
        log_errors(errors)


schema = OrgraphSchema(query=Query, mutation=Mutation)
