"""The browser tests' harness: the sample served by a real ``orgraph serve`` on each backend, and
Debian's headless Chromium driven by Playwright.

Fixtures:

- ``served``: the base URL (``http://127.0.0.1:<port>``) of ``orgraph serve --dev`` (anonymous
  admin) serving the sample, once on the embedded backend and once on the test session's Neo4j
  (marked ``neo4j``); one server per test module, its embedded state in a fresh folder, the
  Neo4j graph reloaded with the sample first (an earlier test may have changed it).
- ``serve_sample(folder, backend, env)``: a context manager serving a server of one's own, for
  other settings (``env``: ``ORGRAPH_…`` variables); it yields the base URL.
- ``page``: a fresh page at 1280×720, locale zh-CN; at teardown its screenshot is saved as
  ``test-artifacts/screenshots/<test id>.png``.
- ``save_screenshot(page, name)``: save ``test-artifacts/screenshots/<name>.png``.
- ``assert_like_reference(page, name, tolerance=0.02)``: compare the page with
  ``tests/browser/references/<name>.png`` (see ``screenshot_difference``). A missing reference
  fails under ``CI=true``; elsewhere it is written, and ``ORGRAPH_UPDATE_REFERENCES=1`` rewrites
  every reference compared.
- ``assert_accessible(page)``: run axe-core (``web/node_modules/axe-core``) on the page; fail
  listing every serious or critical violation.

What cannot be had (Chromium, the built pages, axe-core) skips the test with the
reason, except under ``CI=true``, where it fails: ``scripts/test`` installs and builds them
(``scripts/browser-prerequisites``).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from api.http.web_app import DEFAULT_WEB_DIST
from loaders import SAMPLE_BUNDLE, read_bundle
from tests.support.served import free_port

if TYPE_CHECKING:
    from queries.neo4j.backend import Neo4jBackend

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
REFERENCES = Path(__file__).resolve().parent / "references"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 720}
#: How long a served sample may take to answer /readyz: seconds, but minutes on 2 busy cores.
SERVE_START_SECONDS = 180
#: A pixel differs when one of its channels differs by more than this (of 255): anti-aliasing
#: and font hinting move edges by less.
PIXEL_THRESHOLD = 32

Screenshot = Callable[[Page, str], Path]
LikeReference = Callable[..., None]
Accessible = Callable[[Page], None]


def unavailable(why: str) -> NoReturn:
    """Skip for ``why``; under CI=true the browser tests must run, so fail instead."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests need {why} under CI=true (scripts/browser-prerequisites)")
    pytest.skip(f"no {why}")


@contextmanager
def orgraph_serve(folder: Path, backend: str, env: dict[str, str]) -> Iterator[str]:
    """``orgraph serve --dev`` of the sample on ``backend``, its state and log in ``folder``;
    yields its base URL once it answers /readyz, and stops it after."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("orgraph")),
        *("serve", "--dev", "--backend", backend, "--port", str(port)),
        *("--state-dir", str(folder / "state")),
    ]
    # The caller's ORGRAPH_… settings stay out: the test says what is served.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ORGRAPH_")}
    log = folder / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            command, cwd=ROOT, env={**clean, **env}, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(server, url, log)
        yield url
    finally:
        server.send_signal(signal.SIGINT)  # uvicorn's graceful stop
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_ready(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + SERVE_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"orgraph serve exited {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"orgraph serve not ready in {SERVE_START_SECONDS} s:\n{log.read_text()[-3000:]}")


def neo4j_env(uri: str) -> dict[str, str]:
    """The test session's Neo4j (tests/conftest.py), as ``orgraph serve`` reads it."""
    return {
        "ORGRAPH_NEO4J_URI": uri,
        "ORGRAPH_NEO4J_USER": os.environ.get("ORGRAPH_NEO4J_USER", "neo4j"),
        "ORGRAPH_NEO4J_PASSWORD": os.environ.get("ORGRAPH_NEO4J_PASSWORD", "orgraph-test"),
    }


@pytest.fixture(scope="module", params=["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The base URL of the sample served in dev mode (anonymous admin) on each backend."""
    if not (DEFAULT_WEB_DIST / "index.html").is_file():
        unavailable("the built web pages (scripts/build-web)")
    backend: str = request.param
    # The build is named, so serve never builds it itself (scripts/test built it).
    env = {"ORGRAPH_WEB_DIST": str(DEFAULT_WEB_DIST)}
    if backend == "neo4j":
        neo4j: Neo4jBackend = request.getfixturevalue("neo4j_backend")
        neo4j.replace_all(read_bundle(SAMPLE_BUNDLE).bundle)  # the sample, whatever ran before
        env |= neo4j_env(request.getfixturevalue("neo4j_uri"))
    with orgraph_serve(tmp_path_factory.mktemp(f"served-{backend}"), backend, env) as url:
        yield url


@pytest.fixture
def serve_sample() -> Callable[[Path, str, dict[str, str]], AbstractContextManager[str]]:
    """``with serve_sample(folder, backend, env) as url``: a server of one's own (``served``
    is shared by a module), for other settings in ``env`` (``ORGRAPH_…``)."""
    return orgraph_serve


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright: one per test module. Not one for the
    session: while Playwright's sync API runs, its event loop is the thread's running loop, and
    a later test's ``asyncio.run`` (tests/api/test_serving.py) would be refused."""
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page (its own cookies and storage) at 1280×720 in Chinese; screenshot kept."""
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")  # type: ignore[arg-type]
    fresh = context.new_page()
    yield fresh
    try:
        _screenshot(fresh, ARTIFACTS / f"{_file_name(request.node.nodeid)}.png")
    except PlaywrightError:  # a crashed or closed page: the test has said what went wrong
        pass
    finally:
        context.close()


@pytest.fixture
def save_screenshot() -> Screenshot:
    """``save_screenshot(page, name)``: the page as ``test-artifacts/screenshots/<name>.png``."""

    def save(page: Page, name: str) -> Path:
        return _screenshot(page, ARTIFACTS / f"{_file_name(name)}.png")

    return save


@pytest.fixture
def assert_like_reference() -> LikeReference:
    """``assert_like_reference(page, name, tolerance=0.02)``: the page looks like its reference
    ``tests/browser/references/<name>.png`` (``screenshot_difference`` under ``tolerance``)."""

    def compare(page: Page, name: str, tolerance: float = 0.02) -> None:
        reference = REFERENCES / f"{name}.png"
        shot = _screenshot(page, ARTIFACTS / f"{_file_name(name)}.actual.png")
        update = os.environ.get("ORGRAPH_UPDATE_REFERENCES") == "1"
        if update or not reference.is_file():
            if not update and os.environ.get("CI") == "true":
                pytest.fail(
                    f"no reference {reference.relative_to(ROOT)}: make it with "
                    "ORGRAPH_UPDATE_REFERENCES=1 on the test command, look at it, commit it"
                )
            REFERENCES.mkdir(parents=True, exist_ok=True)
            reference.write_bytes(shot.read_bytes())
            return
        mean, share = screenshot_difference(reference, shot, ARTIFACTS / f"{name}.diff.png")
        assert mean <= tolerance and share <= tolerance, (
            f"{name} differs from {reference.relative_to(ROOT)}: mean difference {mean:.4f}, "
            f"{share:.2%} of the pixels (tolerance {tolerance}); see {shot.relative_to(ROOT)} "
            f"and {name}.diff.png beside it, or accept it with ORGRAPH_UPDATE_REFERENCES=1"
        )

    return compare


def screenshot_difference(reference: Path, actual: Path, diff: Path) -> tuple[float, float]:
    """How far ``actual`` is from ``reference``: the mean per-pixel difference (0 same, 1 black
    for white everywhere) and the share of pixels differing by more than ``PIXEL_THRESHOLD``
    in a channel; the differing pixels are drawn in ``diff``. Different sizes differ wholly.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> Image.new("RGB", (10, 10), "white").save(folder / "a.png")
    >>> half = Image.new("RGB", (10, 10), "white")
    >>> half.paste((0, 0, 0), (0, 0, 10, 5))
    >>> half.save(folder / "b.png")
    >>> screenshot_difference(folder / "a.png", folder / "b.png", folder / "d.png")
    (0.5, 0.5)
    """
    with Image.open(reference) as expected_image, Image.open(actual) as actual_image:
        expected, got = expected_image.convert("RGB"), actual_image.convert("RGB")
    if expected.size != got.size:
        return 1.0, 1.0
    delta = ImageChops.difference(expected, got)
    strongest = _channel_max(delta)
    pixels = expected.size[0] * expected.size[1]
    mean = sum(_histogram_total(delta)) / (pixels * 3 * 255)
    differing = sum(strongest.histogram()[PIXEL_THRESHOLD + 1 :])
    diff.parent.mkdir(parents=True, exist_ok=True)
    strongest.point(lambda v: 255 if v > PIXEL_THRESHOLD else 0).save(diff)
    return round(mean, 6), round(differing / pixels, 6)


def _channel_max(image: Image.Image) -> Image.Image:
    """Each pixel's largest channel value, as a greyscale image."""
    red, green, blue = image.split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def _histogram_total(image: Image.Image) -> Iterator[int]:
    """Each channel's sum of values, from the histogram (no pixel loop in Python)."""
    histogram = image.histogram()
    for channel in range(3):
        counts = histogram[channel * 256 : (channel + 1) * 256]
        yield sum(value * count for value, count in enumerate(counts))


@pytest.fixture
def assert_accessible() -> Accessible:
    """``assert_accessible(page)``: axe-core finds no serious or critical violation."""

    def check(page: Page) -> None:
        if not AXE.is_file():
            unavailable(f"{AXE.relative_to(ROOT)} (npm ci in web/)")
        # Evaluated by the driver, so the page's Content-Security-Policy does not refuse it.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        results: dict[str, Any] = page.evaluate(
            "() => axe.run(document, { resultTypes: ['violations'] })"
        )
        serious = [
            violation
            for violation in results["violations"]
            if violation.get("impact") in ("serious", "critical")
        ]
        assert not serious, (
            "axe-core: serious or critical violations on "
            + page.url
            + ":\n"
            + ("\n".join(_violation_line(violation) for violation in serious))
        )

    return check


def _violation_line(violation: dict[str, Any]) -> str:
    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
    return f"- {violation['impact']} {violation['id']}: {violation['help']} at {targets}"


def _screenshot(page: Page, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), animations="disabled", caret="hide")
    return path


def _file_name(test_id: str) -> str:
    """A test id or name as a file name: ``test_x.py::test_y[neo4j]`` → ``test_x.test_y-neo4j``."""
    name = test_id.rsplit("/", 1)[-1].replace(".py::", ".").replace("::", ".")
    return re.sub(r"[^\w.-]+", "-", name).strip("-")
