"""Every Cypher text under ``queries/``, found rather than listed by hand.

The Cypher modules are the ``cypher.py`` and ``*_cypher.py`` modules anywhere in the package
tree, so a new family's module is picked up as soon as it exists. A query is every public
constant a module defines (not imports) and every leaf of a dict or tuple of them; the Cypher a
public function builds is listed in ``BUILT``, and a public function missing there is reported
by ``unlisted_builders`` rather than skipped. ``in_generations`` gives each query as the Neo4j
backend runs it, in each of the graph's two generations (``queries.neo4j.generations``).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from types import FunctionType, ModuleType

import queries
from queries.neo4j.generations import GENERATION_LABELS, in_generation

# Public constants of the Cypher modules that are vocabulary, not queries.
VOCABULARY = frozenset({"browse.cypher.REL_TYPES", "neo4j.store_cypher.LABELS"})

# The Cypher each public function of a Cypher module builds, by the name a test reports.
BUILT: dict[str, Callable[[], object]] = {}


#: Statements the backend runs as written, never in a generation: the schema, and the adoption of
#: a store written before generations.
AS_WRITTEN = ("neo4j.store_cypher.CONSTRAINTS[", "neo4j.store_cypher.ADOPT_BATCH")


def _is_cypher_module(name: str) -> bool:
    leaf = name.rsplit(".", 1)[-1]
    return leaf == "cypher" or leaf.endswith("_cypher")


def cypher_modules() -> list[ModuleType]:
    """Every Cypher module of the ``queries`` package tree, by name."""
    found = pkgutil.walk_packages(queries.__path__, queries.__name__ + ".")
    names = sorted(info.name for info in found if _is_cypher_module(info.name))
    return [importlib.import_module(name) for name in names]


def _short(module: ModuleType) -> str:
    return module.__name__.removeprefix(queries.__name__ + ".")


def _defined_names(module: ModuleType) -> list[str]:
    """The public names ``module`` assigns at its top level (its imports are not its own)."""
    names: list[str] = []
    for statement in ast.parse(inspect.getsource(module)).body:
        targets = (
            statement.targets
            if isinstance(statement, ast.Assign)
            else [statement.target]
            if isinstance(statement, ast.AnnAssign)
            else []
        )
        names += [t.id for t in targets if isinstance(t, ast.Name) and not t.id.startswith("_")]
    return names


def _leaves(name: str, value: object) -> Iterator[tuple[str, object]]:
    """``value`` if it is not a collection, else the leaves of its dicts and tuples, named."""
    if isinstance(value, dict):
        for key, item in value.items():
            label = ",".join(map(str, key)) if isinstance(key, tuple) else str(key)
            yield from _leaves(f"{name}[{label}]", item)
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _leaves(f"{name}[{index}]", item)
    else:
        yield name, value


def all_queries() -> dict[str, object]:
    """Every query, by a name like ``coverage.cypher.BRANCH_COVERAGE`` (values not yet checked
    to be strings: that is a test's job)."""
    found: dict[str, object] = {}
    for module in cypher_modules():
        for name in _defined_names(module):
            qualified = f"{_short(module)}.{name}"
            if qualified not in VOCABULARY:
                found.update(_leaves(qualified, getattr(module, name)))
    for name, build in BUILT.items():
        found[name] = build()
    return found


def unlisted_builders() -> list[str]:
    """Public functions of the Cypher modules whose Cypher ``BUILT`` does not build."""
    listed = {name.split("(")[0] for name in BUILT}
    return [
        f"{_short(module)}.{name}"
        for module in cypher_modules()
        for name, value in vars(module).items()
        if isinstance(value, FunctionType)
        and value.__module__ == module.__name__
        and not name.startswith("_")
        and f"{_short(module)}.{name}" not in listed
    ]


def in_generations(found: dict[str, object]) -> dict[str, str]:
    """Each query of ``found`` that a generation changes, in each generation, named like
    ``coverage.cypher.BRANCH_COVERAGE@G0``."""
    return {
        f"{name}@{label}": in_generation(query, generation)
        for name, query in found.items()
        if isinstance(query, str) and not name.startswith(AS_WRITTEN)
        for generation, label in GENERATION_LABELS.items()
        if in_generation(query, generation) != query
    }
