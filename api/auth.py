"""Who is asking: bearer tokens (signed JWTs) carrying a role and a scope, or the local dev mode.

Every GraphQL request names its caller; ``/healthz`` and ``/readyz`` stay open. The settings
(``ORGRAPH_AUTH_…``, ``ORGRAPH_JWT_…``, api/settings.py) pick one of two modes:

    jwt   (the default) a request carries ``Authorization: Bearer <token>``; the token is a
          JWT signed with ``ORGRAPH_JWT_SECRET`` (HS256/384/512) or with the private half of
          ``ORGRAPH_JWT_PUBLIC_KEY`` (RS…, PS…, ES…, EdDSA), of an algorithm in
          ``ORGRAPH_JWT_ALGORITHMS``, issued by ``ORGRAPH_JWT_ISSUER`` for
          ``ORGRAPH_JWT_AUDIENCE``, unexpired. Anything else is refused with HTTP 401.
    dev   local development: a request without a token is an admin of the whole
          organisation. Refused when ``ORGRAPH_ENVIRONMENT=production``.

The claims::

    sub     who (any non-empty string, for logs)
    role    viewer (asks), editor (asks and changes), admin (everything)
    scope   a unit's id: the caller sees and changes only that unit's subtree
            (queries/scope/adapter.py); required for viewers and editors, optional for
            admins (none: the whole organisation)
    exp     required; iat, iss and aud too

Failures: a missing, malformed, badly signed, expired or ill-claimed token gets HTTP 401 with a
GraphQL-shaped JSON body coded ``UNAUTHENTICATED`` and a ``WWW-Authenticate: Bearer`` header; a
viewer sending a mutation gets a GraphQL error coded ``FORBIDDEN`` (``RoleGuard``).

Example (``orgraph token`` does this with the configured secret)::

    token = mint(Settings(jwt_secret=...), "li", Role.VIEWER, "u-b09", timedelta(hours=8))
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import jwt
from fastapi import Request
from fastapi.responses import JSONResponse
from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.permission import BasePermission
from strawberry.types import Info
from strawberry.types.graphql import OperationType  # strawberry's, as its context gives it

from api.schema.language import request_lang
from api.schema.refusal_texts import Text, said
from graph_model.errors import Forbidden

if TYPE_CHECKING:
    from api.settings import Settings

UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
HMAC_ALGORITHMS = {"HS256": 32, "HS384": 48, "HS512": 64}
"""The HMAC algorithms, each with the fewest secret bytes it takes (its digest size)."""
KEY_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
"""The public-key algorithms."""
REQUIRED_CLAIMS = ("exp", "iat", "iss", "aud", "sub")


class Role(StrEnum):
    """What a caller may do, each role all the one before it may."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    def at_least(self, other: Role) -> bool:
        order = list(Role)
        return order.index(self) >= order.index(other)


@dataclass(frozen=True, slots=True)
class Caller:
    """Who asks: a subject, a role, and the unit whose subtree it may see (None: all)."""

    subject: str
    role: Role
    scope: str | None = None


DEV_CALLER = Caller("dev", Role.ADMIN, None)
"""The anonymous caller of dev mode: an admin of the whole organisation."""


class Unauthenticated(Exception):
    """No caller could be established; answered with HTTP 401 (``unauthenticated``), its
    ``text`` said in the caller's language; ``reason`` is it in English."""

    code = UNAUTHENTICATED

    def __init__(self, text: Text, *, token_given: bool = True) -> None:
        super().__init__(str(text))
        self.text = text
        self.reason = str(text)
        self.token_given = token_given


class AuthConfigError(ValueError):
    """The settings cannot authenticate anyone (jwt mode without a key)."""


# -- settings ------------------------------------------------------------------------------------
def settings_problem(settings: Settings) -> str | None:
    """Why these authentication settings are unsafe or unusable, or None.

    >>> from api.settings import Settings
    >>> settings_problem(Settings.model_construct(auth_mode="dev", environment="production"))
    'ORGRAPH_AUTH_MODE=dev is refused when ORGRAPH_ENVIRONMENT=production'
    """
    if settings.auth_mode == "dev" and settings.environment == "production":
        return "ORGRAPH_AUTH_MODE=dev is refused when ORGRAPH_ENVIRONMENT=production"
    secret, public_key = settings.jwt_secret, settings.jwt_public_key
    algorithms = settings.jwt_algorithms
    unknown = [a for a in algorithms if a not in HMAC_ALGORITHMS and a not in KEY_ALGORITHMS]
    if not algorithms or unknown:
        known = ", ".join([*HMAC_ALGORITHMS, *sorted(KEY_ALGORITHMS)])
        return f"ORGRAPH_JWT_ALGORITHMS must name some of {known}; got {algorithms}"
    if secret is not None and public_key is not None:
        return "set ORGRAPH_JWT_SECRET or ORGRAPH_JWT_PUBLIC_KEY, not both"
    if secret is not None:
        if wrong := [a for a in algorithms if a not in HMAC_ALGORITHMS]:
            return f"ORGRAPH_JWT_SECRET signs with HS256, HS384 or HS512 only, not {wrong}"
        need = max(HMAC_ALGORITHMS[a] for a in algorithms)
        if len(secret.get_secret_value().encode()) < need:
            return f"ORGRAPH_JWT_SECRET must be at least {need} bytes (openssl rand -hex {need})"
    if public_key is not None:
        if wrong := [a for a in algorithms if a in HMAC_ALGORITHMS]:
            return f"ORGRAPH_JWT_PUBLIC_KEY verifies public-key algorithms only, not {wrong}"
        for algorithm in algorithms:
            try:
                jwt.get_algorithm_by_name(algorithm).prepare_key(public_key)
            except (jwt.InvalidKeyError, ValueError, TypeError) as exc:
                return f"ORGRAPH_JWT_PUBLIC_KEY is not a {algorithm} public key in PEM: {exc}"
    return None


def describe(settings: Settings) -> str:
    """One line on how callers are authenticated, for ``orgraph serve`` to print."""
    if settings.auth_mode == "dev":
        return (
            "auth: DEV MODE, no authentication: every caller without a token is an admin of "
            "the whole organisation (never use this beyond your own machine)"
        )
    return (
        f"auth: bearer tokens ({', '.join(settings.jwt_algorithms)}, issuer "
        f"{settings.jwt_issuer!r}, audience {settings.jwt_audience!r})"
    )


# -- tokens --------------------------------------------------------------------------------------
class Authenticator:
    """Turns a request's ``Authorization`` header into its caller, by the settings' mode."""

    def __init__(self, settings: Settings) -> None:
        self.dev = settings.auth_mode == "dev"
        secret = settings.jwt_secret
        self.key: str | None = secret.get_secret_value() if secret else settings.jwt_public_key
        if self.key is None and not self.dev:
            raise AuthConfigError(
                "ORGRAPH_AUTH_MODE=jwt needs ORGRAPH_JWT_SECRET or ORGRAPH_JWT_PUBLIC_KEY to "
                "check tokens; for local development without tokens, ORGRAPH_AUTH_MODE=dev "
                "(orgraph serve --dev)"
            )
        self.algorithms = list(settings.jwt_algorithms)
        self.issuer = settings.jwt_issuer
        self.audience = settings.jwt_audience
        self.leeway = settings.jwt_leeway_seconds

    def caller(self, authorization: str | None) -> Caller:
        """The caller a request's ``Authorization`` header names; ``Unauthenticated`` if none."""
        if not authorization:
            if self.dev:
                return DEV_CALLER
            raise Unauthenticated(Text.of("token_required"), token_given=False)
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated(Text.of("header_not_bearer"))
        if self.key is None:
            raise Unauthenticated(Text.of("dev_cannot_check"))
        return caller_of(self.claims(token.strip()))

    def claims(self, token: str) -> dict[str, Any]:
        """The token's verified claims; ``Unauthenticated`` saying what is wrong."""
        assert self.key is not None
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.key,
                algorithms=self.algorithms,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": list(REQUIRED_CLAIMS), "enforce_minimum_key_length": True},
            )
        except jwt.InvalidTokenError as exc:
            raise Unauthenticated(_why(exc)) from None
        return claims


#: What is wrong with a token, by the error PyJWT raised (the first that matches, in order).
_WHY: tuple[tuple[type[jwt.InvalidTokenError], str], ...] = (
    (jwt.ExpiredSignatureError, "token_expired"),
    (jwt.InvalidAudienceError, "token_audience"),
    (jwt.InvalidIssuerError, "token_issuer"),
    (jwt.ImmatureSignatureError, "token_not_yet_valid"),
    (jwt.InvalidAlgorithmError, "token_algorithm"),
    (jwt.InvalidSignatureError, "token_signature"),
)


def _why(exc: jwt.InvalidTokenError) -> Text:
    """What is wrong with a token, in words safe to tell whoever sent it."""
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return Text.of("token_lacks_claim", claim=repr(exc.claim))
    name = next((name for kind, name in _WHY if isinstance(exc, kind)), "token_malformed")
    return Text.of(name)


def caller_of(claims: Mapping[str, Any]) -> Caller:
    """The caller verified claims describe; ``Unauthenticated`` when they do not fit.

    >>> caller_of({"sub": "li", "role": "viewer", "scope": "u-b09"})
    Caller(subject='li', role=<Role.VIEWER: 'viewer'>, scope='u-b09')
    """
    subject, role, scope = claims.get("sub"), claims.get("role"), claims.get("scope")
    if not isinstance(subject, str) or not subject:
        raise Unauthenticated(Text.of("claim_sub"))
    # A claim may hold any JSON value: a list or an object is no role (and is unhashable).
    if not isinstance(role, str) or role not in {r.value for r in Role}:
        raise Unauthenticated(Text.of("claim_role"))
    if scope is not None and (not isinstance(scope, str) or not scope):
        raise Unauthenticated(Text.of("claim_scope"))
    if scope is None and role != Role.ADMIN:
        raise Unauthenticated(Text.of("claim_scope_needed"))
    return Caller(subject, Role(role), scope)


def mint(
    settings: Settings,
    subject: str,
    role: Role,
    scope: str | None,
    lifetime: timedelta,
    now: datetime | None = None,
) -> str:
    """A token for ``subject`` signed with the configured secret (local use: ``orgraph token``)."""
    if settings.jwt_secret is None:
        raise AuthConfigError(
            "ORGRAPH_JWT_SECRET is not set: tokens can be minted here only with a shared secret "
            "(with ORGRAPH_JWT_PUBLIC_KEY, your identity provider issues them)"
        )
    caller_of({"sub": subject, "role": role.value, "scope": scope})  # refuse what would not pass
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "sub": subject,
        "role": role.value,
        "iat": issued,
        "exp": issued + lifetime,
    }
    if scope is not None:
        claims["scope"] = scope
    secret = settings.jwt_secret.get_secret_value()
    return jwt.encode(claims, secret, algorithm=settings.jwt_algorithms[0])


_DURATION = re.compile(r"(\d+)\s*([smhd]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """``8h``, ``30m``, ``2d``, ``90s`` or plain seconds, as a positive timedelta.

    >>> parse_duration("8h")
    datetime.timedelta(seconds=28800)
    """
    found = _DURATION.fullmatch(text.strip())
    if not found or int(found[1]) == 0:
        raise ValueError(f"{text!r} is not a duration such as 8h, 30m, 2d or 90s")
    return timedelta(seconds=int(found[1]) * _UNITS[found[2]])


# -- HTTP and GraphQL ----------------------------------------------------------------------------
async def unauthenticated(request: Request, exc: Exception) -> JSONResponse:
    """HTTP 401 with a GraphQL-shaped body, its message in the caller's language, and the RFC 6750
    challenge (in English: a header holds Latin-1 only)."""
    assert isinstance(exc, Unauthenticated)
    challenge = 'Bearer realm="orgraph"'
    if exc.token_given:
        description = exc.reason.replace('"', "'")
        challenge += f', error="invalid_token", error_description="{description}"'
    message = said(exc.text, UNAUTHENTICATED, request_lang(request.headers.get("accept-language")))
    body = {"errors": [{"message": message, "extensions": {"code": UNAUTHENTICATED}}]}
    return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": challenge})


class RoleGuard(SchemaExtension):
    """Per operation the app serves: a caller is known, and a viewer sends no mutation.

    An operation executed without the app's ``Context`` (a test of the bare schema) has no
    caller to check, and no backend to reach either.
    """

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if hasattr(context.context, "caller"):
            caller: Caller | None = context.context.caller
            error = None
            if caller is None:
                code = {"code": UNAUTHENTICATED}
                error = GraphQLError("authentication required", extensions=code)
            elif context.operation_type is OperationType.MUTATION and not caller.role.at_least(
                Role.EDITOR
            ):
                error = GraphQLError(
                    "a viewer may not change anything: changes need the editor or admin role",
                    extensions={"code": FORBIDDEN},
                )
            if error is not None:
                context.result = GraphQLExecutionResult(data=None, errors=[error])
        yield


class _HasRole(BasePermission):
    """A field only callers of ``role`` or above may resolve (FORBIDDEN otherwise)."""

    role = Role.ADMIN
    error_extensions = {"code": FORBIDDEN}  # noqa: RUF012 (the library reads a class attribute)

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        caller: Caller | None = getattr(info.context, "caller", None)
        return caller is not None and caller.role.at_least(self.role)


class IsEditor(_HasRole):
    """``permission_classes=[IsEditor]``: editors and admins only."""

    role = Role.EDITOR
    message = "this needs the editor or admin role"


class IsAdmin(_HasRole):
    """``permission_classes=[IsAdmin]``: admins only."""

    role = Role.ADMIN
    message = "this needs the admin role"


__all__ = [
    "DEV_CALLER",
    "FORBIDDEN",
    "UNAUTHENTICATED",
    "AuthConfigError",
    "Authenticator",
    "Caller",
    "Forbidden",
    "IsAdmin",
    "IsEditor",
    "Role",
    "RoleGuard",
    "Unauthenticated",
    "caller_of",
    "describe",
    "mint",
    "parse_duration",
    "settings_problem",
    "unauthenticated",
]
