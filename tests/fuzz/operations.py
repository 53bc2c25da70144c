"""The operations the fuzz sends: hypothesis-graphql's documents over the served schema
(api/schema.graphql), one root field at a time so that every field gets its share and a
document stays small enough to pass the guards, with the arguments of ``tests.fuzz.values``.

Then most arguments are refitted (``fitted``): an argument hypothesis-graphql filled with a
value of the right type but of no meaning (a cursor that is a unit's name) is given, nine
times in ten, one that fits its name, so that a question with six arguments is not almost
always refused for one of them and the resolvers behind are reached. Half the operations
then carry their values as variables (``tests.fuzz.variables``), as most clients send them.
``broken`` documents, each breaking the schema once, test the refusals before execution.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import graphql
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, mutations, queries

from graph_model.records import Bundle
from loaders import SAMPLE_BUNDLE, read_bundle
from tests.fuzz.values import Values, fitting, scalars
from tests.fuzz.variables import as_variables

SDL = (Path(__file__).resolve().parents[2] / "api" / "schema.graphql").read_text(encoding="utf-8")
SCHEMA = graphql.build_schema(SDL)


def _fields(root: graphql.GraphQLObjectType | None) -> tuple[str, ...]:
    assert root is not None, "the schema has no such root type"
    return tuple(sorted(root.fields))


QUERY_FIELDS = _fields(SCHEMA.query_type)
MUTATION_FIELDS = _fields(SCHEMA.mutation_type)


class Operation(NamedTuple):
    """What a client POSTs: the document, its variables (None: the values are literals), and
    the ``Accept-Language`` it reads (None: no header), since every error is said again in the
    caller's language (api/schema/error_texts.py)."""

    document: str
    variables: dict[str, Any] | None = None
    language: str | None = None


#: Headers of callers reading English, Chinese, neither, or stating it badly.
LANGUAGES = (None, "en", "zh-CN", "fr, en;q=0.2", "en;q=abc", "en;q=nan, zh;q=inf", "*", "")


@cache
def sample() -> Bundle:
    """The sample organisation, read once: the backends serve it, the arguments name it."""
    return read_bundle(SAMPLE_BUNDLE).bundle


def _document(ast: graphql.DocumentNode) -> graphql.DocumentNode:
    return ast


@cache
def question(field: str | None = None) -> st.SearchStrategy[Operation]:
    """Query documents asking ``field``, or any fields of Query when it is None."""
    fields = None if field is None else [field]
    return fitted(
        queries(SDL, fields=fields, custom_scalars=scalars(sample()), print_ast=_document)
    )


@cache
def change(field: str) -> st.SearchStrategy[Operation]:
    """Mutation documents making the change ``field``."""
    return fitted(
        mutations(SDL, fields=[field], custom_scalars=scalars(sample()), print_ast=_document)
    )


@cache
def broken() -> st.SearchStrategy[Operation]:
    """Documents that each break the schema once (hypothesis-graphql's negative mode): an
    unknown field, a missing argument, a value of the wrong type."""
    documents = from_schema(SDL, custom_scalars=scalars(sample()), mode=Mode.NEGATIVE)
    return st.builds(Operation, documents, st.none(), st.sampled_from(LANGUAGES))


@st.composite
def fitted(draw: st.DrawFn, documents: st.SearchStrategy[graphql.DocumentNode]) -> Operation:
    """A document of ``documents`` with most arguments refitted, its values literals or
    variables, asked in one of ``LANGUAGES``."""
    document = graphql.visit(draw(documents), _Refit(draw, _fitting()))
    language = draw(st.sampled_from(LANGUAGES))
    if draw(st.booleans()):
        return Operation(*as_variables(document, SCHEMA), language)
    return Operation(graphql.print_ast(document), None, language)


@cache
def _fitting() -> dict[str, Values]:
    return fitting(sample())


class _Refit(graphql.Visitor):
    """Gives arguments and input fields, nine times in ten, a value that fits their name."""

    def __init__(self, draw: st.DrawFn, values: dict[str, Values]) -> None:
        super().__init__()
        self._draw = draw
        self._values = values

    def enter_argument(self, node: graphql.ArgumentNode, *_: object) -> graphql.ArgumentNode | None:
        value = self._refit(node.name.value)
        return None if value is None else graphql.ArgumentNode(name=node.name, value=value)

    def enter_object_field(
        self, node: graphql.ObjectFieldNode, *_: object
    ) -> graphql.ObjectFieldNode | None:
        value = self._refit(node.name.value)
        return None if value is None else graphql.ObjectFieldNode(name=node.name, value=value)

    def _refit(self, name: str) -> graphql.ValueNode | None:
        values = self._values.get(name)
        if values is None or self._draw(st.integers(min_value=0, max_value=9)) == 0:
            return None  # keep what was drawn: junk, null, or by chance a fitting value
        return self._draw(values)


__all__ = [
    "MUTATION_FIELDS",
    "QUERY_FIELDS",
    "SDL",
    "Operation",
    "broken",
    "change",
    "question",
    "sample",
]
