"""The schema as a contract: its SDL, kept in ``api/schema.graphql`` and checked by the tests.

Regenerate the file after changing the schema::

    uv run orgraph schema > api/schema.graphql
"""

from __future__ import annotations

from pathlib import Path

from graphql import BreakingChange, build_schema, find_breaking_changes

from api.schema.root import schema

SDL_FILE = Path(__file__).parent.parent / "schema.graphql"
REGENERATE = "uv run orgraph schema > api/schema.graphql"


def sdl() -> str:
    """The schema in SDL, as the file holds it (ending with a newline)."""
    return schema.as_str() + "\n"


def breaking_changes(old_sdl: str, new_sdl: str) -> list[BreakingChange]:
    """What ``new_sdl`` breaks for a client written against ``old_sdl``."""
    return find_breaking_changes(build_schema(old_sdl), build_schema(new_sdl))


__all__ = ["REGENERATE", "SDL_FILE", "breaking_changes", "sdl"]
