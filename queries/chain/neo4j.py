"""Responsibility chains on Neo4j: one query fetches the sub-graph a chain can touch
(``queries.chain.cypher``), and ``queries.chain.walk`` walks it, the same code the embedded
backend runs over the whole graph.
"""

from __future__ import annotations

from datetime import date

from graph_model.errors import NotFound
from graph_model.results import ResponsibilityChain
from queries.chain import cypher, walk
from queries.embedded.orggraph import OrgGraph
from queries.neo4j.read import Read
from queries.neo4j.values import graph_node, graph_rel


class ChainOnNeo4j:
    """``Backend``'s chain question (``ChainQuestions``) on Neo4j."""

    _read: Read

    def responsibility_chain(self, from_id: str, as_of: date) -> ResponsibilityChain:
        records = self._read(cypher.CHAIN_SUBGRAPH, fromId=from_id)
        if not records:
            raise NotFound(from_id, walk.STARTS)
        graph = OrgGraph.from_elements(
            (graph_node(n) for n in records[0]["nodes"]),
            (graph_rel(r) for r in records[0]["rels"]),
        )
        return walk.responsibility_chain(graph, from_id, as_of)


__all__ = ["ChainOnNeo4j"]
