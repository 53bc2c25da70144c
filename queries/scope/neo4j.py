"""What a caller scoped to one unit may see, on Neo4j: one query (``queries.scope.cypher``) that
follows the rule ``queries.scope.memory`` states."""

from __future__ import annotations

from graph_model.errors import NotFound
from queries.neo4j.read import Read
from queries.scope import cypher


class ScopeOnNeo4j:
    """``Backend``'s scope question (``ScopeQuestions``) on Neo4j."""

    _read: Read

    def visible_ids(self, unit_id: str) -> frozenset[str]:
        records = self._read(cypher.VISIBLE_IDS, unitId=unit_id)
        if not records:
            raise NotFound(unit_id, ["unit"])
        return frozenset(records[0]["ids"])


__all__ = ["ScopeOnNeo4j"]
