"""Responsibility chains on the embedded graph: ``queries.chain.walk`` over the whole graph (the
Neo4j backend walks the sub-graph a chain can touch, ``queries.chain.neo4j``)."""

from __future__ import annotations

from datetime import date

from graph_model.results import ResponsibilityChain
from queries.chain.walk import responsibility_chain
from queries.embedded.part import MemoryPart


class ChainOnMemory(MemoryPart):
    """``Backend``'s chain question (``ChainQuestions``) on the embedded graph."""

    def responsibility_chain(self, from_id: str, as_of: date) -> ResponsibilityChain:
        return responsibility_chain(self._graph, from_id, as_of)


__all__ = ["ChainOnMemory"]
