"""How a family's Neo4j part reads: the one type of ``Neo4jBackend._read``.

Each family's ``neo4j.py`` part (``CoverageOnNeo4j`` …) declares ``_read: Read`` and runs its
queries through it; ``Neo4jBackend`` provides it, with the schema in place and driver failures
turned into ``BackendUnavailable``.
"""

from __future__ import annotations

from collections.abc import Callable

import neo4j

Read = Callable[..., list[neo4j.Record]]
"""Run a read query (a ``LiteralString`` of a family's ``cypher.py``) with its ``$parameters`` as
keyword arguments; return its records."""

__all__ = ["Read"]
