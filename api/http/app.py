"""The HTTP service: GraphQL (with GraphiQL) at /graphql, imports at /imports
(api/http/imports.py), liveness and readiness probes, the dashboard at / (api/http/web_app.py)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.routing import Route

from api.auth import Authenticator, Unauthenticated, unauthenticated
from api.bootstrap import make_backend
from api.http.body_check import JsonBodyCheck
from api.http.body_limit import BodySizeLimit
from api.http.bookmark_header import BookmarkHeader
from api.http.graphql_app import GraphQLApp
from api.http.imports import IMPORTS_PATH, imports_router
from api.http.last_resort import internal_error
from api.http.request_id import RequestIds, current_request_id
from api.http.web_app import add_web_routes, web_dist
from api.schema.context import Context
from api.schema.errors import unavailable_message
from api.schema.guards import guarded_schema
from api.settings import Settings
from graph_model.browse import NodeFilter, Sort
from graph_model.errors import BackendUnavailable
from graph_model.kinds import NodeKind
from graph_model.protocol import Backend
from loaders import read_bundle

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, backend: Backend | None = None) -> FastAPI:
    """The app; it closes the backend at shutdown only when it made it (``backend`` is None)."""
    settings = settings or Settings()
    authenticator = Authenticator(settings)  # refuses settings that cannot authenticate anyone
    owned = backend is None
    backend = backend or make_backend(settings)
    if settings.backend == "neo4j" and settings.bundle is not None:
        _seed_if_empty(backend, settings.bundle)

    async def context(request: Request) -> Context:
        # A GET runs no operation (queries are POSTed); it serves GraphiQL, token or not.
        header = request.headers.get("authorization")
        caller = None if request.method == "GET" else authenticator.caller(header)
        return Context(
            backend=backend,
            timezone=settings.timezone,
            max_page_size=settings.max_page_size,
            caller=caller,
        )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # A store that answers point questions on the serving loop (Neo4j's) opens its
        # connections for this loop here, and closes them when the loop stops serving.
        serving = getattr(backend, "serving_on_loop", None)
        async with serving() if serving is not None else nullcontext():
            yield
        if owned:
            backend.close()

    app = FastAPI(
        title="orgraph",
        description="Party-organisation coverage and responsibility.",
        lifespan=lifespan,
    )
    graphql = GraphQLApp(
        guarded_schema(settings),
        context_of=context,
        dist=web_dist(settings),
        graphql_ide="graphiql" if settings.graphiql_enabled else None,
        allow_queries_via_get=False,  # a query by GET could be sent cross-site (CSRF)
    )
    app.router.routes.append(Route("/graphql", graphql, include_in_schema=False))  # any method
    app.include_router(imports_router(settings, backend, authenticator))
    # Inside the size limit (the last added runs first): it reads the whole body.
    app.add_middleware(JsonBodyCheck)  # bad UTF-8, deep nesting, lone surrogates: 400
    app.add_middleware(BookmarkHeader)  # X-Orgraph-Bookmark: read your writes in any worker
    # Uploads are workbooks: their route alone takes larger bodies.
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        route_limits={IMPORTS_PATH: settings.max_import_bytes},
    )
    app.add_middleware(RequestIds)  # outermost: every answer, a refusal too, has the request's id
    app.add_exception_handler(Unauthenticated, unauthenticated)  # 401, code UNAUTHENTICATED
    app.add_exception_handler(Exception, internal_error)  # JSON 500, coded INTERNAL
    app.state.backend = backend

    @app.get("/healthz", summary="The process is alive.")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", summary="The backend answers.")
    async def readyz() -> Any:
        try:
            await to_thread.run_sync(backend.ping)
        except BackendUnavailable as exc:
            # The store's own words name its path or URI: for the log, under the request's id.
            request_id = current_request_id()
            log.warning("request %s: /readyz: %s", request_id, exc)
            error = unavailable_message(backend.name)
            body = {"status": "unavailable", "backend": backend.name, "error": error}
            return JSONResponse({**body, "requestId": request_id}, status_code=503)
        return {"status": "ready", "backend": backend.name}

    add_web_routes(app, web_dist(settings))  # last: it answers the GETs no route above took
    return app


def _seed_if_empty(backend: Backend, bundle: Path) -> None:
    """Load ``bundle`` into a store that holds no organisation yet. A store that holds one
    keeps it, with the changes made through the API; ``orgraph load`` replaces it on purpose."""
    units, _ = backend.find(NodeKind.UNIT, NodeFilter(), Sort(), 0, 1)
    if units == 0:
        backend.replace_all(read_bundle(bundle).bundle)
