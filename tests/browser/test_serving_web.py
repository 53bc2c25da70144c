"""The dashboard and GraphiQL as a browser gets them from ``orgraph serve`` (api/http/web_app.py):
from this origin only, under its Content-Security-Policy, on both backends; without a build, a
page saying how to make one."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlparse

import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Response

Accessible = Callable[[Page], None]
LikeReference = Callable[..., None]
ServeSample = Callable[[Path, str, dict[str, str]], AbstractContextManager[str]]

#: Long enough for a first load on 2 busy cores; a page that never renders fails in this time.
RENDER_MS = 60_000


@dataclass
class Traffic:
    """What a page asked for, and what its console said about the Content-Security-Policy."""

    origin: str
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def elsewhere(self) -> list[str]:
        """The requests that left the served origin (inline ``data:``/``blob:`` stay local)."""
        local = ("data:", "blob:", self.origin + "/")
        return [url for url in self.requests if not url.startswith(local)]


@pytest.fixture
def traffic(page: Page, served: str) -> Iterator[Traffic]:
    """Every request the page makes and every CSP refusal, from before its first load."""
    seen = Traffic(served)

    def on_request(request: Request) -> None:
        seen.requests.append(request.url)

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            seen.refused.append(message.text)

    page.on("request", on_request)
    page.on("console", on_console)
    yield seen


def test_graphiql_renders_offline_from_this_origin(
    page: Page, served: str, traffic: Traffic
) -> None:
    """strawberry's page loads React and GraphiQL from a CDN and stays at "Loading..." without
    internet; the bundled one renders its editor and reads the schema from this server."""
    with page.expect_response(_introspection, timeout=RENDER_MS) as schema:
        page.goto(f"{served}/graphql")
    assert schema.value.status == 200
    editor = page.locator(".graphiql-query-editor .monaco-editor")
    editor.wait_for(timeout=RENDER_MS)
    assert "Loading" not in page.locator("body").inner_text()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("{ __typename ")  # the editor closes the brace itself
    page.locator(".graphiql-execute-button").click()
    answer = page.locator(".graphiql-response").get_by_text('"Query"')
    answer.wait_for(timeout=RENDER_MS)
    assert traffic.elsewhere() == []
    assert traffic.refused == []


def test_the_dashboard_shell_renders_in_chinese(page: Page, served: str, traffic: Traffic) -> None:
    page.goto(served)
    page.locator("main").first.wait_for(timeout=RENDER_MS)
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert re.search(r"[\u4e00-\u9fff]", page.title()), page.title()
    assert traffic.elsewhere() == []
    assert traffic.refused == []


def test_any_page_path_gets_the_dashboard_and_assets_are_cached_for_good(served: str) -> None:
    """A link into the page (``/branch/…``) reloads it; its hashed assets never change."""
    shell, headers = _get(f"{served}/")
    deep, _ = _get(f"{served}/branches/br-b09-s1?asOf=2022-06-30")
    assert deep == shell and b"<html" in shell
    assert headers["Cache-Control"] == "no-cache"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "http" not in policy  # no CDN allowed
    asset = re.search(r'src="(/assets/[^"]+\.js)"', shell.decode())
    assert asset is not None, shell
    _, asset_headers = _get(served + asset.group(1), {"Accept-Encoding": "gzip"})
    assert asset_headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert asset_headers["Content-Encoding"] == "gzip"


def test_the_api_paths_are_not_the_page(served: str) -> None:
    for path in ("/assets/nothing.js", "/imports/nothing", "/graphql/nothing"):
        with pytest.raises(HTTPError) as refused:
            _get(served + path)
        refused.value.close()  # its response, left open, would warn at garbage collection
        assert refused.value.code == 404, path
    query = json.dumps({"query": "{ __typename }"}).encode()
    answer, _ = _get(f"{served}/graphql", {"Content-Type": "application/json"}, query)
    assert json.loads(answer) == {"data": {"__typename": "Query"}}


def test_without_a_build_the_pages_say_how_to_make_one_and_the_api_answers(
    page: Page,
    serve_sample: ServeSample,
    tmp_path: Path,
    assert_accessible: Accessible,
    assert_like_reference: LikeReference,
) -> None:
    with serve_sample(tmp_path, "memory", {"ORGRAPH_WEB_DIST": str(tmp_path / "dist")}) as url:
        page.goto(url)
        assert "scripts/build-web" in page.locator("main").inner_text()
        assert_accessible(page)
        assert_like_reference(page, "not-built")
        page.goto(f"{url}/graphql")
        assert "GraphiQL" in page.title() and "scripts/build-web" in page.content()
        answer = page.request.post(f"{url}/graphql", data={"query": "{ __typename }"})
        assert answer.json() == {"data": {"__typename": "Query"}}


def _introspection(response: Response) -> bool:
    """The response to GraphiQL's schema query."""
    request = response.request
    return (
        request.method == "POST"
        and urlparse(request.url).path == "/graphql"
        and "__schema" in (request.post_data or "")
    )


def _get(
    url: str, headers: dict[str, str] | None = None, data: bytes | None = None
) -> tuple[bytes, Message]:
    """The body (as sent: compressed if it was) and headers of a GET, or a POST of ``data``."""
    asked = urllib.request.Request(url, data=data, headers=headers or {})
    with urllib.request.urlopen(asked, timeout=10) as answer:
        return answer.read(), answer.headers
