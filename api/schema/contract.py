"""The schema as a contract: its SDL, kept in ``api/schema.graphql`` and checked by the tests.

Two files, two jobs:

- ``api/schema.graphql`` is the schema the code builds now; the tests fail until it matches.
  Regenerate it after changing the schema::

      uv run orgraph schema > api/schema.graphql

- ``api/schema.released.graphql`` is the schema of the last release: what clients were
  promised. The tests fail on any change that breaks a client of it (a field removed, an
  argument made required, a type changed …); add instead, and deprecate before removing.

A release moves the baseline, in the release commit, once the tests pass::

    cp api/schema.graphql api/schema.released.graphql

A deliberate break (say, removing a field deprecated for a release) is made by a release the
same way: the baseline and the schema change together, in one reviewed commit.
"""

from __future__ import annotations

from pathlib import Path

from graphql import BreakingChange, build_schema, find_breaking_changes

from api.schema.root import schema

SDL_FILE = Path(__file__).parent.parent / "schema.graphql"
RELEASED_SDL_FILE = SDL_FILE.with_name("schema.released.graphql")
REGENERATE = "uv run orgraph schema > api/schema.graphql"
RELEASE = "cp api/schema.graphql api/schema.released.graphql"


def sdl() -> str:
    """The schema in SDL, as the file holds it (ending with a newline)."""
    return schema.as_str() + "\n"


def breaking_changes(old_sdl: str, new_sdl: str) -> list[BreakingChange]:
    """What ``new_sdl`` breaks for a client written against ``old_sdl``."""
    return find_breaking_changes(build_schema(old_sdl), build_schema(new_sdl))


__all__ = ["REGENERATE", "RELEASE", "RELEASED_SDL_FILE", "SDL_FILE", "breaking_changes", "sdl"]
