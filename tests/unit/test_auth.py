"""Tokens and the settings that check them (api/auth.py), without a server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import ValidationError

from api.auth import (
    DEV_CALLER,
    AuthConfigError,
    Authenticator,
    Caller,
    Role,
    Unauthenticated,
    mint,
    parse_duration,
)
from api.settings import Settings
from graph_model.protocol import Backend
from queries.scope.adapter import ScopedBackend
from tests.support.auth import TEST_SECRET

SETTINGS = Settings(jwt_secret=TEST_SECRET)
HOUR = timedelta(hours=1)


def claims(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    base = {
        "iss": "orgraph",
        "aud": "orgraph",
        "sub": "li",
        "role": "viewer",
        "scope": "u-b09",
        "iat": now,
        "exp": now + HOUR,
    }
    return {k: v for k, v in {**base, **changes}.items() if v is not None}


def signed(payload: dict[str, Any], key: str = TEST_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, key, algorithm=algorithm)


def hmac_signed(payload: dict[str, Any], secret: str) -> str:
    """An HS256 token signed by hand (PyJWT refuses to sign with a PEM key as a secret)."""

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    stamped = {k: int(v.timestamp()) if isinstance(v, datetime) else v for k, v in payload.items()}
    head = part(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = part(json.dumps(stamped).encode())
    mac = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{part(mac)}"


def caller(token: str, settings: Settings = SETTINGS) -> Caller:
    return Authenticator(settings).caller(f"Bearer {token}")


# -- settings --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "refused"),
    [
        ({"auth_mode": "dev", "environment": "production"}, "ORGRAPH_AUTH_MODE=dev is refused"),
        ({"jwt_secret": "too short"}, "at least 32 bytes"),
        ({"jwt_secret": TEST_SECRET, "jwt_algorithms": ["HS512"]}, "at least 64 bytes"),
        ({"jwt_secret": TEST_SECRET, "jwt_algorithms": ["RS256"]}, "HS256, HS384 or HS512 only"),
        ({"jwt_algorithms": ["none"]}, "ORGRAPH_JWT_ALGORITHMS must name"),
        ({"jwt_algorithms": []}, "ORGRAPH_JWT_ALGORITHMS must name"),
        ({"jwt_public_key": "not a key", "jwt_algorithms": ["RS256"]}, "not a RS256 public key"),
        ({"jwt_public_key": "x", "jwt_algorithms": ["HS256"]}, "public-key algorithms only"),
        ({"jwt_secret": TEST_SECRET, "jwt_public_key": "x"}, "not both"),
    ],
)
def test_unsafe_or_unusable_settings_are_refused(values: dict[str, Any], refused: str) -> None:
    with pytest.raises(ValidationError, match=refused):
        Settings(**values)


def test_a_refused_secret_is_not_repeated_in_the_error() -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(jwt_secret="hunter2-too-short")
    assert "hunter2" not in str(raised.value)


def test_anonymous_access_is_off_unless_dev_mode_is_chosen() -> None:
    assert Settings().auth_mode == "jwt"
    with pytest.raises(Unauthenticated, match="a bearer token is required"):
        Authenticator(SETTINGS).caller(None)
    assert Authenticator(Settings(auth_mode="dev")).caller(None) == DEV_CALLER


def test_jwt_mode_without_a_key_cannot_start() -> None:
    with pytest.raises(AuthConfigError, match="needs ORGRAPH_JWT_SECRET or ORGRAPH_JWT_PUBLIC_KEY"):
        Authenticator(Settings())


# -- tokens ----------------------------------------------------------------------------------------
def test_a_minted_token_names_its_caller() -> None:
    token = mint(SETTINGS, "li", Role.EDITOR, "u-b09", HOUR)
    assert caller(token) == Caller("li", Role.EDITOR, "u-b09")
    assert caller(mint(SETTINGS, "ops", Role.ADMIN, None, HOUR)) == Caller("ops", Role.ADMIN)


@pytest.mark.parametrize(
    ("token", "why"),
    [
        (signed(claims(exp=datetime.now(UTC) - HOUR)), "the token has expired"),
        (signed(claims(aud="someone-else")), "not meant for this service"),
        (signed(claims(iss="someone-else")), "an issuer this service does not trust"),
        (signed(claims(exp=None)), "no 'exp' claim"),
        (signed(claims(sub=None)), "no 'sub' claim"),
        (signed(claims(), key=TEST_SECRET[::-1]), "signature does not verify"),
        (signed(claims(), algorithm="HS512", key=TEST_SECRET * 2), "algorithm this service"),
        (jwt.encode(claims(), None, algorithm="none"), "algorithm this service"),
        ("not.a.token", "not a well-formed JWT"),
        (signed(claims(role="root")), "'role' claim must be viewer, editor or admin"),
        (signed(claims(scope=None)), "needs a 'scope' claim"),
        (signed(claims(scope=7)), "'scope' claim must be a unit id"),
        (signed(claims(nbf=datetime.now(UTC) + HOUR)), "not valid yet"),
    ],
)
def test_a_bad_token_is_refused_saying_why(token: str, why: str) -> None:
    with pytest.raises(Unauthenticated, match=why):
        caller(token)


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer   ", "token"])
def test_only_a_bearer_header_is_read(header: str) -> None:
    with pytest.raises(Unauthenticated, match="'Bearer <token>'"):
        Authenticator(SETTINGS).caller(header)


def test_dev_mode_still_checks_a_token_it_is_given() -> None:
    dev = Settings(auth_mode="dev", jwt_secret=TEST_SECRET)
    assert caller(mint(dev, "li", Role.VIEWER, "u-b09", HOUR), dev).role is Role.VIEWER
    with pytest.raises(Unauthenticated, match="no ORGRAPH_JWT_SECRET"):
        Authenticator(Settings(auth_mode="dev")).caller("Bearer x.y.z")


def test_a_public_key_checks_tokens_its_private_key_signed() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    settings = Settings(jwt_public_key=pem, jwt_algorithms=["RS256"])
    assert caller(signed(claims(), key=private, algorithm="RS256"), settings).subject == "li"  # type: ignore[arg-type]
    forged = hmac_signed(claims(), pem)  # the public key used as an HMAC secret
    with pytest.raises(Unauthenticated, match="an algorithm this service does not accept"):
        caller(forged, settings)
    assert caller(hmac_signed(claims(), TEST_SECRET)).subject == "li"  # a well-made token
    with pytest.raises(AuthConfigError, match="ORGRAPH_JWT_SECRET is not set"):
        mint(settings, "li", Role.VIEWER, "u-b09", HOUR)


def test_a_token_is_not_minted_for_a_caller_it_would_not_let_in() -> None:
    with pytest.raises(Unauthenticated, match="needs a 'scope' claim"):
        mint(SETTINGS, "li", Role.VIEWER, None, HOUR)


@pytest.mark.parametrize(
    ("text", "seconds"), [("8h", 28800), ("30m", 1800), ("2d", 172800), ("90s", 90), ("45", 45)]
)
def test_durations_read_as_people_write_them(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "0h", "8 hours", "-1h", "h"])
def test_a_duration_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_roles_are_ordered() -> None:
    assert Role.ADMIN.at_least(Role.EDITOR) and Role.EDITOR.at_least(Role.EDITOR)
    assert not Role.VIEWER.at_least(Role.EDITOR)


# -- the scoped backend ----------------------------------------------------------------------------
def test_every_question_of_the_protocol_has_a_scoped_answer() -> None:
    """A method the protocol gains must be scoped by hand (queries/scope/adapter.py); until then a
    scoped caller gets FORBIDDEN from it, which this test turns into a failure to notice."""
    methods = {  # the protocol is one small protocol per family: walk them all
        n
        for part in Backend.__mro__
        for n, v in vars(part).items()
        if callable(v) and not n.startswith("_")
    }
    missing = sorted(methods - set(vars(ScopedBackend)))
    assert not missing, f"ScopedBackend does not scope {missing}"
