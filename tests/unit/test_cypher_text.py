"""The Cypher text itself, without a server: every query found under ``queries/`` is a finished
string (no Python formatting left in it, brackets balanced), walks trees with bounded patterns
only, and the shared fragments agree with the rest of the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import queries
from graph_model import kinds
from queries.neo4j.fragments import DEPTH, LEADER_ROLES
from tests.support.cypher_queries import (
    VOCABULARY,
    all_queries,
    cypher_modules,
    unlisted_builders,
)

QUERIES = all_queries()

# What a query left half-formatted would show: ``{}`` or ``{name}`` or ``{0}`` (str.format,
# f-strings) and ``%s``/``%(name)s``. An empty map given as a value (``facts: {}``) is Cypher.
LEFTOVER = re.compile(r"(?<!: )\{\s*\}|\{\s*\w+\s*\}|%(\(\w+\))?[sdrfi]")
# ``*]``, ``*2..]``: a variable-length relationship without an upper bound; ``{1,}`` and ``->+``:
# a quantified path pattern without one.
UNBOUNDED = re.compile(r"\*\s*\]|\*\s*\d*\s*\.\.\s*\]|\{\s*\d*\s*,\s*\}|-\s*>?\s*[+*]")
QUOTED = re.compile(r"'[^']*'|`[^`]*`")


def test_every_cypher_file_under_queries_is_discovered() -> None:
    root = Path(queries.__path__[0])
    on_disk = {
        ".".join(path.relative_to(root).with_suffix("").parts)
        for pattern in ("cypher.py", "*_cypher.py")
        for path in root.rglob(pattern)
    }
    found = {module.__name__.removeprefix("queries.") for module in cypher_modules()}
    assert found == on_disk


def test_every_public_builder_of_cypher_is_run() -> None:
    assert unlisted_builders() == []


def test_the_vocabulary_left_out_is_still_vocabulary() -> None:
    modules = {module.__name__.removeprefix("queries."): module for module in cypher_modules()}
    for qualified in VOCABULARY:
        module, name = qualified.rsplit(".", 1)
        words = getattr(modules[module], name)
        assert all(re.fullmatch(r"[A-Za-z_]+", word) for word in words), qualified


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_query_is_finished_cypher(name: str) -> None:
    query = QUERIES[name]
    assert isinstance(query, str) and query.strip(), f"{name} is not Cypher text"
    assert not LEFTOVER.search(query), f"{name} has Python formatting left in it"
    bare = QUOTED.sub("''", query)
    for opening, closing in ("()", "[]", "{}"):
        assert bare.count(opening) == bare.count(closing), f"{name}: unbalanced {opening}"


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_no_query_has_an_unbounded_variable_length_pattern(name: str) -> None:
    query = QUERIES[name]
    assert isinstance(query, str)
    assert not UNBOUNDED.search(query), f"{name} has an unbounded variable-length pattern"


def test_the_cypher_depth_bound_is_the_loaders_tree_limit() -> None:
    from loaders.schema import MAX_TREE_DEPTH

    assert int(DEPTH) == MAX_TREE_DEPTH


def test_the_cypher_leader_roles_are_graph_models() -> None:
    assert set(re.findall(r"'(\w+)'", LEADER_ROLES)) == {role.value for role in kinds.LEADER_ROLES}
