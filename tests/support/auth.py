"""Tokens for tests: a shared secret long enough for HS256, and headers carrying a token."""

from __future__ import annotations

from datetime import timedelta

from pydantic import SecretStr

from api.auth import Role, mint
from api.settings import Settings

TEST_SECRET = "orgraph-test-secret-0123456789abcdef"


def with_test_key(settings: Settings) -> Settings:
    """``settings``, given the test secret when they are in jwt mode with no key of their own."""
    if settings.auth_mode == "jwt" and settings.jwt_secret is settings.jwt_public_key is None:
        return settings.model_copy(update={"jwt_secret": SecretStr(TEST_SECRET)})
    return settings


def bearer(
    settings: Settings,
    role: Role = Role.ADMIN,
    scope: str | None = None,
    lifetime: timedelta = timedelta(hours=1),
) -> dict[str, str]:
    """An ``Authorization`` header with a token ``settings`` accept."""
    token = mint(settings, f"test-{role.value}", role, scope, lifetime)
    return {"Authorization": f"Bearer {token}"}


def admin_headers(settings: Settings) -> dict[str, str]:
    """An unscoped admin's token when ``settings`` check tokens with a secret; else none."""
    return bearer(settings) if settings.jwt_secret is not None else {}
