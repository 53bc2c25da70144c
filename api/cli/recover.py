"""``orgraph recover --backend neo4j``: clean up after a Neo4j load that died part-way.

A load writes the next graph beside the live one and switches to it at the end
(docs/architecture.md, "Loading Neo4j"); one killed before the switch leaves its part-written
generation behind, and the graph keeps answering from the live one. The next load deletes the
leftovers first; this command deletes them now. It refuses while a load is running (a load
that has not beaten its lock for ``Neo4jBackend.load_stale_after`` seconds is dead).
"""

from __future__ import annotations

from typing import Annotated, Literal

import typer
from rich.console import Console

from api.settings import Settings
from graph_model.errors import BackendUnavailable

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def recover(
    backend: Annotated[
        Literal["memory", "neo4j"] | None,
        typer.Option("--backend", help="neo4j (the embedded backend has nothing to recover)."),
    ] = None,
) -> None:
    """Delete what a Neo4j load that died part-way left behind; the live graph is untouched."""
    from queries.neo4j.backend import Neo4jBackend

    settings = Settings(**({"backend": backend} if backend else {}))  # type: ignore[arg-type]
    if settings.backend != "neo4j":
        out.print("the embedded backend loads all at once in memory: nothing to recover")
        return
    store = Neo4jBackend(
        settings.neo4j_uri,
        settings.neo4j_user,
        settings.neo4j_password.get_secret_value(),
        settings.neo4j_database,
    )
    try:
        done = store.recover()
    except BackendUnavailable as exc:  # the server is down, or a load is running
        err.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from None
    finally:
        store.close()
    dead = "a dead load's lock released; " if done.dead_load else ""
    out.print(
        f"{settings.neo4j_uri}: {dead}{done.deleted} leftover nodes deleted; "
        f"generation {done.live} is live",
        markup=False,
    )
