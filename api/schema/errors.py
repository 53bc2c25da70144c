"""Every GraphQL error leaves with a stable ``extensions.code``; unexpected ones say nothing more.

The codes::

    NOT_FOUND, INVALID_REQUEST, BACKEND_UNAVAILABLE,  raised on purpose (graph_model.errors, via
    RESOURCE_LIMIT                                    api.schema.context.ask), kept as they are
    GRAPHQL_PARSE_FAILED        the document is not GraphQL
    GRAPHQL_VALIDATION_FAILED   the document or its variables do not fit the schema (introspection
                                refused in production included)
    QUERY_TOO_COMPLEX           a guard refused it: tokens, depth, aliases, cost (guards.py)
    FORBIDDEN                   the caller may not: a viewer's mutation, a scope naming no unit
                                (api/auth.py); a missing or bad token never gets this far: it is
                                an HTTP 401 coded UNAUTHENTICATED
    INTERNAL                    anything else: a bug; the client gets a generic message, the
                                log gets the exception with its traceback

Example:

```python
public_errors([GraphQLError("'NoneType' object is not subscriptable", path=["entity"])])
# [GraphQLError("Internal server error", path=["entity"], extensions={"code": "INTERNAL"})]
```
"""

from __future__ import annotations

from graphql import GraphQLError, GraphQLSyntaxError

from api.schema.cost import QUERY_TOO_COMPLEX

INTERNAL = "INTERNAL"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL_MESSAGE = "Internal server error"

#: How graphql-core's parser words the token limit (``parse(max_tokens=…)``).
_TOKEN_LIMIT = "tokens. Parsing aborted."


def code_of(error: GraphQLError) -> str:
    """The error's code: its own when it has one, else what kind of failure it is."""
    code = (error.extensions or {}).get("code")
    if isinstance(code, str):
        return code
    if isinstance(error, GraphQLSyntaxError):
        return QUERY_TOO_COMPLEX if _TOKEN_LIMIT in error.message else GRAPHQL_PARSE_FAILED
    original = error.original_error
    crashed = original is not None and not isinstance(original, GraphQLError)
    if error.path is None and (error.nodes or not crashed):
        return GRAPHQL_VALIDATION_FAILED  # before execution: about the document or its variables
    return INTERNAL


def is_unexpected(error: GraphQLError) -> bool:
    """A fault of the server (to log), not an answer to a bad or impossible question."""
    return code_of(error) == INTERNAL


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """The same error, its extensions carrying ``code``."""
    return GraphQLError(
        error.message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        error.original_error,
        {**(error.extensions or {}), "code": code},
    )


def public_error(error: GraphQLError) -> GraphQLError:
    """The error as a client may see it: coded, and generic when unexpected."""
    code = code_of(error)
    if (error.extensions or {}).get("code") == code:
        return error
    if code == INTERNAL:
        return GraphQLError(
            INTERNAL_MESSAGE,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            extensions={"code": INTERNAL},
        )
    return with_code(error, code)


def public_errors(errors: list[GraphQLError]) -> list[GraphQLError]:
    return [public_error(error) for error in errors]


__all__ = [
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "INTERNAL",
    "QUERY_TOO_COMPLEX",
    "code_of",
    "is_unexpected",
    "public_error",
    "public_errors",
    "with_code",
]
