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
from api.schema.coverage_fields import CoverageQuery
from api.schema.errors import is_unexpected, public_errors
from api.schema.insight_fields import InsightQuery

__all__ = ["Mutation", "OrgraphSchema", "Query", "schema"]

Query = merge_types("Query", (CoverageQuery, InsightQuery, AuditQuery, BrowseQuery, ChangeQuery))
get_object_definition(Query, strict=True).description = "What orgraph answers, each as of a day."


class OrgraphSchema(strawberry.Schema):
    """Every error leaves with a stable ``code``; unexpected ones are logged, then masked
    (api/schema/errors.py)."""

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        result = await super().execute(*args, **kwargs)
        if result.errors:
            result.errors = public_errors(result.errors)
        return result

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only unexpected errors: a coded error or a bad query is an answer, not a fault."""
        unexpected = [e for e in errors if is_unexpected(e)]
        super().process_errors(unexpected, execution_context)


schema = OrgraphSchema(query=Query, mutation=Mutation)
