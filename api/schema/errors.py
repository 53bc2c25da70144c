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

Every error also carries the request's id (``extensions.requestId``, api/http/request_id.py),
and every log line about one names it. A store that fails (``BACKEND_UNAVAILABLE``) words its
error for the operator: the state folder's path, the Bolt URI, the driver's text. A caller gets
a fixed message instead (``unavailable_message``: "the database is unavailable: it cannot be
reached", "the store cannot save changes") and the log gets the store's own words; a write
whose COMMIT was sent before the store failed (``CommitUncertain``) is told it may have been
applied (``COMMIT_UNCERTAIN_MESSAGE``), never that the store was merely unavailable. A load in
progress (``LoadInProgress``) and a server limit (``RESOURCE_LIMIT``) keep theirs: written for
callers, they name no path or address.

Example:

```python
public_errors([GraphQLError("'NoneType' object is not subscriptable", path=["entity"])])
# [GraphQLError("Internal server error", path=["entity"],
#               extensions={"code": "INTERNAL", "requestId": "3f9c…"})]
```
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TypeGuard

from graphql import GraphQLError, GraphQLSyntaxError

from api.http.request_id import current_request_id
from api.schema.cost import QUERY_TOO_COMPLEX
from graph_model.errors import BackendUnavailable, CommitUncertain, LoadInProgress

INTERNAL = "INTERNAL"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL_MESSAGE = "Internal server error"

#: How graphql-core's parser words the token limit (``parse(max_tokens=…)``).
_TOKEN_LIMIT = "tokens. Parsing aborted."

#: What a caller is told when the store is unavailable, by backend (``Backend.name``).
UNAVAILABLE_MESSAGES = {
    "memory": "the store cannot save changes now; retry later, or give the administrator the "
    "request id",
    "neo4j": "the database is unavailable: it cannot be reached now; retry later, or give the "
    "administrator the request id",
}
#: The same, when the backend is not known.
UNAVAILABLE_MESSAGE = (
    "the store is unavailable now; retry later, or give the administrator the request id"
)

#: What a caller is told when the store failed after a write's COMMIT was sent.
COMMIT_UNCERTAIN_MESSAGE = (
    "the store was lost after the change was sent to be committed: it may have been applied; "
    "look at the trail (the changes query) before sending it again, or give the administrator "
    "the request id"
)

#: How many wrapped errors and causes are followed to find a store's failure.
_MAX_LINKS = 8

log = logging.getLogger(__name__)


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


def unavailable_message(backend: str | None) -> str:
    """What a caller is told instead of a failing store's own words."""
    return UNAVAILABLE_MESSAGES.get(backend or "", UNAVAILABLE_MESSAGE)


def withheld_message(failure: BackendUnavailable, backend: str | None) -> str:
    """What a caller is told instead of ``failure``'s own words: that a change may have been
    applied, or that the store (of ``backend``) is unavailable."""
    if isinstance(failure, CommitUncertain):
        return COMMIT_UNCERTAIN_MESSAGE
    return unavailable_message(backend)


def withholds_message(exc: BaseException) -> TypeGuard[BackendUnavailable]:
    """Whether ``exc``'s message is for the log only: a store's failure, in its own words."""
    return isinstance(exc, BackendUnavailable) and not isinstance(exc, LoadInProgress)


def public_error(error: GraphQLError, backend: str | None = None) -> GraphQLError:
    """The error as a client may see it: coded, generic when unexpected, a fixed message for a
    store's failure (on ``backend``, when known), and with the request's id. Always a new
    error: those of validation are cached, shared by every request of the same text."""
    code = code_of(error)
    extensions = {**(error.extensions or {}), "code": code}
    message, original = error.message, error.original_error
    if code == INTERNAL:
        message, original, extensions = INTERNAL_MESSAGE, None, {"code": INTERNAL}
    elif (failure := _store_failure(error)) is not None:
        message = withheld_message(failure, backend)
    if (request_id := current_request_id()) is not None:
        extensions["requestId"] = request_id
    return GraphQLError(
        message, error.nodes, error.source, error.positions, error.path, original, extensions
    )


def public_errors(errors: list[GraphQLError], backend: str | None = None) -> list[GraphQLError]:
    return [public_error(error, backend) for error in errors]


def log_errors(errors: Sequence[GraphQLError]) -> None:
    """Log what callers are not told, each line naming the request's id: a bug whole, with its
    traceback; a store's failure in its own words. A coded error or a bad query is an answer,
    not a fault: not logged."""
    request_id = current_request_id()
    for error in errors:
        if is_unexpected(error):
            log.error(
                "request %s: %s (at %s)",
                request_id,
                error.message,
                error.path,
                exc_info=error.original_error or error,
            )
        elif (failure := _store_failure(error)) is not None:
            log.warning("request %s: %s: %s", request_id, code_of(error), failure)


def _store_failure(error: GraphQLError) -> BackendUnavailable | None:
    """The store's failure behind ``error``, when its words are withheld. A resolver's error
    reaches here as a located ``GraphQLError`` wrapping the one ``ask`` raised ``from`` the
    backend's: a chain of a few links."""
    found: BaseException | None = error
    for _ in range(_MAX_LINKS):  # bounded: a chain of causes may loop
        if found is None or withholds_message(found):
            return found
        wrapped = found.original_error if isinstance(found, GraphQLError) else None
        found = wrapped or found.__cause__
    return None


__all__ = [
    "COMMIT_UNCERTAIN_MESSAGE",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "INTERNAL",
    "QUERY_TOO_COMPLEX",
    "UNAVAILABLE_MESSAGE",
    "UNAVAILABLE_MESSAGES",
    "code_of",
    "is_unexpected",
    "log_errors",
    "public_error",
    "public_errors",
    "unavailable_message",
    "with_code",
    "withheld_message",
    "withholds_message",
]
