"""The GraphQL schema: one ``Query`` merged from the field groups of each module."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from api.coverage_fields import CoverageQuery

Query = merge_types("Query", (CoverageQuery,))


class OrgraphSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log only unexpected errors: a coded error is an answer, not a fault."""
        unexpected = [e for e in errors if "code" not in (e.extensions or {})]
        super().process_errors(unexpected, execution_context)


schema = OrgraphSchema(query=Query)
