"""``orgraph token``: mint a bearer token with the configured secret, for local use.

    export ORGRAPH_JWT_SECRET=$(openssl rand -hex 32)
    uv run orgraph serve &
    TOKEN=$(uv run orgraph token --role viewer --scope u-b09 --expires 8h)
    curl -s localhost:8000/graphql -H "Authorization: Bearer $TOKEN" \\
      -H 'content-type: application/json' -d '{"query": "{ uncoveredBranches { id } }"}'

The token goes to standard output alone; anything else to standard error. With
``ORGRAPH_JWT_PUBLIC_KEY`` instead of a secret, tokens come from the identity provider.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from api.auth import AuthConfigError, Role, Unauthenticated, mint, parse_duration
from api.settings import Settings

err = Console(stderr=True, highlight=False, soft_wrap=True)


def token(
    role: Annotated[Role, typer.Option(help="viewer (asks), editor (asks and changes) or admin.")],
    scope: Annotated[
        str | None,
        typer.Option(
            help="A unit's id: the caller sees and changes only its subtree. Required for "
            "viewers and editors; an admin without one has the whole organisation."
        ),
    ] = None,
    expires: Annotated[
        str, typer.Option(help="How long the token holds: 8h, 30m, 2d or 90s.")
    ] = "8h",
    subject: Annotated[str, typer.Option(help="Who the token names (its sub claim).")] = "local",
) -> None:
    """Mint a bearer token signed with ORGRAPH_JWT_SECRET (issuer and audience from the
    settings), for local use."""
    try:
        lifetime = parse_duration(expires)
        minted = mint(Settings(), subject, role, scope, lifetime)
    except (ValueError, AuthConfigError, Unauthenticated) as exc:
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    typer.echo(minted)
