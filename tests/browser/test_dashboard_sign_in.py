"""Signing in to the dashboard with a token (issue 11): a bureau's viewer sees only that bureau
(the API scopes it; the page filters nothing), and an expired token returns the user to sign-in
with the API's message. The server runs in dev mode with a secret, so tokens are checked too."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from api.auth import Role, mint
from api.settings import Settings

ServeSample = Callable[[Path, str, dict[str, str]], AbstractContextManager[str]]
Accessible = Callable[[Page], None]
LikeReference = Callable[..., None]

SECRET = secrets.token_hex(32)
#: Long enough for a first answer of a cold Neo4j on 2 busy cores (seen: 50 s for an audit).
WAIT_MS = 120_000


@pytest.fixture(scope="module")
def with_secret(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample served in dev mode, checking tokens signed with ``SECRET``."""
    from tests.browser.conftest import orgraph_serve

    folder = tmp_path_factory.mktemp("served-with-secret")
    with orgraph_serve(folder, "memory", {"ORGRAPH_JWT_SECRET": SECRET}) as url:
        yield url


def token(role: Role, scope: str | None, lifetime: timedelta, now: datetime | None = None) -> str:
    settings = Settings(jwt_secret=SECRET)  # type: ignore[call-arg]
    return mint(settings, "browser-test", role, scope, lifetime, now)


def test_a_bureau_viewer_sees_only_that_bureau(
    page: Page,
    with_secret: str,
    assert_accessible: Accessible,
    assert_like_reference: LikeReference,
) -> None:
    page.goto(f"{with_secret}/#/?asOf=2022-12-31")
    page.get_by_test_id("map-unit-row").first.wait_for(timeout=WAIT_MS)
    page.get_by_test_id("sign-in-open").click()
    form = page.get_by_test_id("sign-in-form")
    expect(form).to_be_visible()
    # Dev mode: the form offers to go on without a token once the API answered without one.
    expect(page.get_by_test_id("sign-in-anonymous")).to_be_visible(timeout=WAIT_MS)
    assert_accessible(page)
    assert_like_reference(page, "dashboard-sign-in")
    page.get_by_test_id("sign-in-token").fill(token(Role.VIEWER, "u-b09", timedelta(hours=1)))
    page.get_by_test_id("sign-in-submit").click()

    rows = page.get_by_test_id("map-unit-row")
    rows.first.wait_for(timeout=WAIT_MS)
    expect(rows.first).to_have_attribute("data-id", "u-b09")
    expect(page.locator('[data-testid="map-unit-row"][data-id="u-gx"]')).to_have_count(0)
    ids = rows.evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert all(unit_id.startswith("u-b09") for unit_id in ids), ids
    page.goto(f"{with_secret}/#/audit?asOf=2022-12-31")
    expect(page.get_by_test_id("audit-scope")).to_have_text("松岗供电局", timeout=WAIT_MS)


def test_an_expired_token_returns_to_sign_in_with_a_message(page: Page, with_secret: str) -> None:
    expired = token(Role.ADMIN, None, timedelta(minutes=5), datetime.now(UTC) - timedelta(hours=2))
    # The token is put in the tab's storage from a page of the origin that runs no dashboard: a
    # dashboard already running would send it with a late request, be refused, and drop it.
    page.goto(f"{with_secret}/healthz")
    page.evaluate("token => sessionStorage.setItem('orgraph.token', token)", expired)
    page.goto(f"{with_secret}/#/")
    message = page.get_by_test_id("sign-in-message")
    expect(message).to_be_visible(timeout=WAIT_MS)
    expect(message).to_contain_text("令牌已过期")  # the API's reason, in the page's language
    assert page.evaluate("() => sessionStorage.getItem('orgraph.token')") is None
