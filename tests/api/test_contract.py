"""The schema as a contract: described throughout, exported to api/schema.graphql, and not
broken against api/schema.released.graphql, the schema of the last release.

The baseline is a committed file, not git history, so a breaking change fails on any clone
(a clean checkout compared with its own HEAD could never fail). A release updates the baseline
in the release commit (``cp api/schema.graphql api/schema.released.graphql``); see
``api/schema/contract.py``.
"""

from __future__ import annotations

import pytest
from graphql import (
    BreakingChangeType,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    is_specified_directive,
)
from typer.testing import CliRunner

from api.cli.main import app as cli
from api.schema.contract import (
    REGENERATE,
    RELEASE,
    RELEASED_SDL_FILE,
    SDL_FILE,
    breaking_changes,
    sdl,
)
from api.schema.root import schema


def undescribed() -> list[str]:
    """Every type, field, argument, enum value and directive of the schema without a
    description."""
    graphql_schema = schema._schema
    missing = []
    for name, type_ in graphql_schema.type_map.items():
        if name.startswith("__"):
            continue
        if not type_.description:
            missing.append(name)
        if isinstance(type_, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
            for field_name, field in type_.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
        if isinstance(type_, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, value in type_.values.items() if not value.description]
    for directive in graphql_schema.directives:
        if is_specified_directive(directive):
            continue
        if not directive.description:
            missing.append(f"@{directive.name}")
        missing += [
            f"@{directive.name}({a})" for a, arg in directive.args.items() if not arg.description
        ]
    return missing


def test_every_type_field_argument_and_enum_value_has_a_description() -> None:
    missing = undescribed()
    assert not missing, "give these a description= in the schema code: " + ", ".join(missing)


def test_the_sdl_file_is_the_schema() -> None:
    if not SDL_FILE.exists() or SDL_FILE.read_text() != sdl():
        pytest.fail(
            f"api/schema.graphql differs from the schema the code builds; regenerate it with "
            f"`{REGENERATE}` (and review the diff: it is the API's contract)",
            pytrace=False,
        )


def test_the_schema_breaks_nothing_the_released_one_offered() -> None:
    changes = breaking_changes(RELEASED_SDL_FILE.read_text(), sdl())
    assert not changes, (
        "the schema breaks clients of the last release (api/schema.released.graphql):\n"
        + "\n".join(f"  {c.type.name}: {c.description}" for c in changes)
        + "\nadd instead of changing or removing; deprecate first (`deprecation_reason=`);"
        + f" a release that breaks on purpose moves the baseline: `{RELEASE}`"
    )


def test_a_removed_field_or_a_narrowed_argument_is_breaking() -> None:
    old = "type Query { a: String b(id: ID): Int }"
    new = "type Query { b(id: ID!): Int }"
    assert [c.type for c in breaking_changes(old, new)] == [
        BreakingChangeType.FIELD_REMOVED,
        BreakingChangeType.ARG_CHANGED_KIND,
    ]


def test_an_added_field_is_not_breaking() -> None:
    assert breaking_changes("type Query { a: String }", "type Query { a: String b: Int }") == []


def test_orgraph_schema_prints_the_sdl() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == sdl()
