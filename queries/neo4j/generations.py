"""The two generations of the graph in Neo4j, and every query in each of them.

A load writes the new graph beside the live one, as the other generation, and then switches
which generation is live in one small transaction (docs/architecture.md, "Loading Neo4j").
Every organisation node carries its kind label, ``:Entity`` and one generation label, ``:G0``
or ``:G1``; relationships never cross generations. A query is written once, without generation
labels; ``in_generation`` gives its text for one generation by adding the generation label to
each node pattern that names a kind label or ``:Entity`` — a node reached from such a node is in
the same generation, and nodes of other labels (the change trail, the graph's state) belong to
none.

>>> in_generation("MATCH (b:PartyOrg {id: $id})-[:UNDER]->(o) RETURN o", 1)
'MATCH (b:PartyOrg:G1 {id: $id})-[:UNDER]->(o) RETURN o'
>>> in_generation("MATCH (c:Change) RETURN c", 0)
'MATCH (c:Change) RETURN c'
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, LiteralString

from queries.neo4j.store_cypher import LABELS

Generation = Literal[0, 1]
GENERATIONS: tuple[Generation, Generation] = (0, 1)
GENERATION_LABELS: dict[Generation, LiteralString] = {0: "G0", 1: "G1"}

#: The labels that put a node pattern in a generation: the kinds and ``Entity``.
_IN_A_GENERATION = frozenset({*LABELS, "Entity"})
#: A node pattern's opening with its labels: ``(b:PartyOrg:Entity`` (labels joined by ``:``).
_NODE_LABELS = re.compile(r"\((\w*)((?::\w+)+)")


def other(generation: Generation) -> Generation:
    """The generation that is not ``generation``: where a load stages the next graph."""
    return 1 if generation == 0 else 0


@lru_cache(maxsize=2048)
def in_generation(query: LiteralString, generation: Generation) -> LiteralString:
    """``query`` reading and writing only the nodes of ``generation``.

    Cached: the questions' texts are constants (and the audit's a few combinations), so each
    text is transformed once per process.
    """
    label = GENERATION_LABELS[generation]

    def labelled(match: re.Match[str]) -> str:
        labels = match.group(2).split(":")[1:]
        if not _IN_A_GENERATION.intersection(labels):
            return match.group(0)
        if any(name in GENERATION_LABELS.values() for name in labels):
            raise ValueError(f"already in a generation: {match.group(0)!r} in {query!r}")
        return match.group(0) + ":" + label

    # LiteralString still: the substitution only appends one of the two literal labels above
    # to the literal text (mypy has no LiteralString of its own, so no cast is needed).
    return _NODE_LABELS.sub(labelled, query)


def variants(query: LiteralString) -> dict[Generation, LiteralString]:
    """``query`` in each generation: ``{0: …, 1: …}``."""
    return {generation: in_generation(query, generation) for generation in GENERATIONS}


__all__ = ["GENERATIONS", "GENERATION_LABELS", "Generation", "in_generation", "other", "variants"]
