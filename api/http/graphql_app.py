"""The GraphQL endpoint at ``/graphql``: strawberry's ASGI app, routed by path alone.

strawberry's FastAPI router would run each request through FastAPI's dependency solving to
build the context; that cost about as much as the embedded store's answer to a point question
(7% of a request's time in a profile of the soak, bench/soak.py). This app builds the context
itself and is otherwise the same view: the same schema, the GraphiQL page only where
``graphql_ide`` is set, bundled by the build (no CDN), and a request strawberry refuses (a
batch when batches are off, a query by GET) answered in strawberry's plain words, as before.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from strawberry.asgi import GraphQL

from api.http.web_app import GRAPHIQL_HEADERS, html_page
from api.schema.context import Context

#: Builds a request's context (who asks, what they may see) from the request.
ContextOf = Callable[[Request], Awaitable[Context]]


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, *args: Any, context_of: ContextOf, dist: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._context_of = context_of
        self._graphiql_file = dist / "graphiql.html"

    async def get_context(self, request: Any, response: Any) -> Context:
        context = await self._context_of(request)
        context.request, context.response = request, response
        return context

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return await html_page(self._graphiql_file, "GraphiQL", GRAPHIQL_HEADERS)


__all__ = ["GraphQLApp"]
