"""The dashboard and GraphiQL, served from the project's own build: no CDN at run time.

Grid companies' networks have no internet access, and a page that loads React from a CDN stays
at "Loading..." there. So the dashboard (``web/``, built by Vite into ``web/dist``) and a
GraphiQL bundled from npm (``web/dist/graphiql.html``) are served by the API itself:

- ``/assets/*``: the build's files, named by their content's hash, so cached for a year and
  compressed;
- ``GET /graphql`` from a browser: the bundled GraphiQL instead of strawberry's page (which
  loads from a CDN), under the same switch as before (``graphiql_enabled``: off → 404);
- any other GET that is not an API path: the file of that name in the build if there is one,
  else ``index.html``, the page's router then reads the path (a single-page application).

Every page is revalidated on each visit (``no-cache``: a new build shows at once) and carries a
Content-Security-Policy allowing only this origin (and, on GraphiQL's page, inline styles).
Without a build, the pages say how to make one, and the API keeps answering.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Match, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from api.settings import Settings

#: ``web/dist`` of this checkout: where ``npm run build`` in ``web/`` writes.
DEFAULT_WEB_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"

#: The first path segments the API answers; the dashboard's router never gets these.
API_SEGMENTS = frozenset({"graphql", "imports", "healthz", "readyz", "assets"})


def content_security_policy(style_src: str = "'self'") -> str:
    """Only this origin: no CDN, no inline script, no plugin, never framed. Images and fonts
    may be inline ``data:`` (Vite inlines small ones), workers ``blob:``.

    >>> "https:" in content_security_policy() or "'unsafe-inline'" in content_security_policy()
    False
    """
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {style_src}",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


#: On every page and file outside ``/assets``: revalidated on each visit, never framed.
PAGE_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": content_security_policy(),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}

#: GraphiQL's editor (Monaco) writes its styles at run time, as ``<style>`` elements and style
#: attributes: refused, the editor is squashed and uncoloured (70 refusals counted on one
#: load). So its page allows inline styles, which cannot run code; scripts stay this origin's.
GRAPHIQL_HEADERS = PAGE_HEADERS | {
    "Content-Security-Policy": content_security_policy("'self' 'unsafe-inline'")
}

#: On ``/assets/*``: a changed file gets a new name, so a name's content never changes.
ASSET_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}

NOT_BUILT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>orgraph: {what} not built</title></head>
<body>
<main>
<h1>orgraph: {what} not built</h1>
<p lang="zh-CN">网页尚未构建：在项目目录运行 <code>scripts/build-web</code>，然后刷新本页。</p>
<p>The web pages are not built: run <code>scripts/build-web</code> in the project
(or <code>npm ci &amp;&amp; npm run build</code> in <code>web/</code>, which needs Node.js 20),
then reload this page. <code>orgraph serve</code> builds them when Node.js is installed.
The GraphQL API answers meanwhile at <code>/graphql</code>.</p>
</main>
</body>
</html>
"""


def web_dist(settings: Settings) -> Path:
    """Where the built pages are: ``ORGRAPH_WEB_DIST``, else this checkout's ``web/dist``."""
    return settings.web_dist or DEFAULT_WEB_DIST


class BuiltFiles(StaticFiles):
    """The files of a build that may not exist (yet): a missing folder answers 404, not 500,
    and every file carries ``headers``."""

    def __init__(self, directory: Path, headers: dict[str, str]) -> None:
        super().__init__(directory=directory, check_dir=False)
        self.extra_headers = headers

    async def check_config(self) -> None:
        """Nothing to check: the folder may be built after the server started."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers.update(self.extra_headers)
        return response


async def html_page(file: Path, what: str, headers: dict[str, str]) -> HTMLResponse:
    """``file`` of the build as a page, or the page saying how to build it."""
    try:
        content = await to_thread.run_sync(file.read_bytes)
    except FileNotFoundError:
        return HTMLResponse(NOT_BUILT.format(what=what), headers=headers)
    return HTMLResponse(content, headers=headers)


class PageRoute(Route):
    """Matches a GET or HEAD of any path the API does not own, and nothing else: another
    method on such a path stays a 404 (a route of the path with other methods would make it a
    405), and an unknown API path stays the API's 404."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return Match.NONE, {}
        if scope["path"].lstrip("/").split("/", 1)[0] in API_SEGMENTS:
            return Match.NONE, {}
        return super().matches(scope)


def add_web_routes(app: FastAPI, dist: Path) -> None:
    """Serve the build at ``dist``. Call it after every API route: its pages answer the GETs
    that no route before it took."""
    assets = BuiltFiles(dist / "assets", ASSET_HEADERS)
    app.mount("/assets", GZipMiddleware(assets, minimum_size=1024), name="assets")
    files = BuiltFiles(dist, PAGE_HEADERS)

    async def page(request: Request) -> Response:
        try:  # a file of the build's top folder (an icon, graphiql.html)
            return await files.get_response(files.get_path(request.scope), request.scope)
        except HTTPException as exc:
            if exc.status_code != 404:
                raise
        return await html_page(dist / "index.html", "dashboard", PAGE_HEADERS)

    app.router.routes.append(PageRoute("/{path:path}", page, methods=["GET"], name="web"))


__all__ = [
    "GRAPHIQL_HEADERS",
    "add_web_routes",
    "content_security_policy",
    "html_page",
    "web_dist",
]
