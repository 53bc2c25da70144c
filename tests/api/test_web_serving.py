"""The dashboard and GraphiQL served from a build (api/http/web_app.py), in process: a small
stand-in build in a temporary folder, so these checks need neither npm nor a browser (the real
build is tested in Chromium by tests/browser)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.http.web_app import content_security_policy
from api.settings import Settings
from graph_model.protocol import Backend
from loaders import SAMPLE_BUNDLE, read_bundle
from queries.embedded.backend import MemoryBackend
from tests.support.auth import with_test_key

INDEX = '<!doctype html><html lang="zh-CN"><script type="module" src="/assets/index-1a2b.js">'
GRAPHIQL = "<!doctype html><title>GraphiQL · orgraph</title>"
SCRIPT = "console.log('the dashboard');\n" * 200  # worth compressing
STRICT = content_security_policy()


@pytest.fixture(scope="module")
def sample() -> Backend:
    return MemoryBackend(read_bundle(SAMPLE_BUNDLE).bundle)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build as Vite lays it out: two pages, hashed assets, a file of the top folder."""
    folder = tmp_path_factory.mktemp("web") / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX)
    (folder / "graphiql.html").write_text(GRAPHIQL)
    (folder / "assets" / "index-1a2b.js").write_text(SCRIPT)
    (folder / "favicon.svg").write_text("<svg/>")
    return folder


def client_of(sample: Backend, **settings: object) -> TestClient:
    """The app with ``settings`` (in dev mode unless they say otherwise) serving ``sample``."""
    chosen = Settings(**{"auth_mode": "dev", **settings})  # type: ignore[arg-type]
    return TestClient(create_app(with_test_key(chosen), backend=sample))


@pytest.fixture(scope="module")
def client(sample: Backend, dist: Path) -> Iterator[TestClient]:
    with client_of(sample, web_dist=dist) as test_client:
        yield test_client


@pytest.mark.parametrize("path", ["/", "/branches/br-b09-s1", "/audit?asOf=2022-06-30"])
def test_every_page_path_gets_the_dashboard_revalidated_and_self_only(
    client: TestClient, path: str
) -> None:
    page = client.get(path, headers={"Accept": "text/html"})
    assert (page.status_code, page.text) == (200, INDEX)
    assert page.headers["cache-control"] == "no-cache"
    assert page.headers["content-security-policy"] == STRICT
    assert page.headers["x-frame-options"] == "DENY"


def test_the_policy_names_no_other_origin_and_no_inline_script() -> None:
    assert "script-src 'self';" in STRICT and "default-src 'self';" in STRICT
    assert "http" not in STRICT and "'unsafe-eval'" not in STRICT


def test_assets_are_cached_for_good_and_compressed(client: TestClient) -> None:
    asset = client.get("/assets/index-1a2b.js", headers={"Accept-Encoding": "gzip"})
    assert (asset.status_code, asset.text) == (200, SCRIPT)
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert asset.headers["content-encoding"] == "gzip"
    assert asset.headers["content-type"].startswith("text/javascript")


def test_a_file_of_the_top_folder_is_served_as_itself(client: TestClient) -> None:
    icon = client.get("/favicon.svg")
    assert (icon.text, icon.headers["content-type"]) == ("<svg/>", "image/svg+xml")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/assets/missing-0000.js"),
        ("GET", "/graphql/more"),
        ("GET", "/imports/no-such-plan"),
        ("GET", "/healthz/more"),
        ("POST", "/branches/br-b09-s1"),  # a page path takes GETs only: others stay 404
        ("DELETE", "/"),
    ],
)
def test_what_is_not_a_page_stays_the_apis_404(client: TestClient, method: str, path: str) -> None:
    answer = client.request(method, path)
    assert (answer.status_code, answer.json()) == (404, {"detail": "Not Found"})


def test_no_path_reads_outside_the_build(client: TestClient) -> None:
    for path in ("/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd"):
        assert client.get(path).text == INDEX


def test_browsers_get_the_bundled_graphiql_and_queries_are_unchanged(client: TestClient) -> None:
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert (page.status_code, page.text) == (200, GRAPHIQL)
    assert "cdn" not in page.text.lower()
    # Its editor writes styles at run time: inline styles only, never inline script.
    assert page.headers["content-security-policy"] == content_security_policy(
        "'self' 'unsafe-inline'"
    )
    answer = client.post("/graphql", json={"query": "{ __typename }"})
    assert answer.json() == {"data": {"__typename": "Query"}}


def test_graphiql_off_is_still_a_404_with_a_build(sample: Backend, dist: Path) -> None:
    with client_of(sample, web_dist=dist, environment="production", auth_mode="jwt") as production:
        assert production.get("/graphql", headers={"Accept": "text/html"}).status_code == 404
        assert production.get("/").text == INDEX  # the dashboard asks with a token


def test_without_a_build_the_pages_say_how_to_make_one(sample: Backend, tmp_path: Path) -> None:
    with client_of(sample, web_dist=tmp_path / "dist") as unbuilt:
        for path, what in (("/", "dashboard"), ("/graphql", "GraphiQL")):
            page = unbuilt.get(path, headers={"Accept": "text/html"})
            assert page.status_code == 200
            assert f"orgraph: {what} not built" in page.text and "scripts/build-web" in page.text
        assert unbuilt.get("/assets/index-1a2b.js").status_code == 404
        assert unbuilt.get("/readyz").json()["status"] == "ready"
