"""The embedded backend: the whole organisation in one networkx graph, no server needed.

A load builds a new graph and then swaps it in with one assignment, so a reader never sees half
a load and a failed build leaves the old graph in place; a change does the same
(queries.embedded.store), and with a state folder is saved before it is swapped in.
"""

from __future__ import annotations

from pathlib import Path

from graph_model.changes import ChangeRecord, LoadNote
from graph_model.records import Bundle
from graph_model.results import EntityRef
from queries.audit.memory import AuditOnMemory
from queries.browse.memory import BrowseOnMemory
from queries.chain.memory import ChainOnMemory
from queries.changes.memory import ChangesOnMemory
from queries.coverage.memory import CoverageOnMemory
from queries.embedded.orggraph import OrgGraph
from queries.embedded.store import MemoryStore
from queries.insights.memory import InsightsOnMemory
from queries.scope.memory import ScopeOnMemory


class MemoryBackend(
    CoverageOnMemory,
    ChainOnMemory,
    InsightsOnMemory,
    AuditOnMemory,
    BrowseOnMemory,
    ScopeOnMemory,
    ChangesOnMemory,
):
    """The plumbing — the store, the graph of the moment, the store operations of the protocol
    — plus the families' embedded parts it inherits, which answer every question.

    To add a question, add it to its family's protocol in ``graph_model.protocol`` and a method
    to the family's two parts, ``<Family>OnMemory`` (at the end of ``queries/<family>/memory.py``)
    and ``<Family>OnNeo4j`` (``queries/<family>/neo4j.py``); nothing here changes. A new family
    adds its part to the list above (docs/adding-a-question.md).
    """

    name = "memory"

    def __init__(self, bundle: Bundle | None = None, state_dir: Path | None = None) -> None:
        """With ``state_dir``, changes are saved there, and a state saved there before is
        served instead of ``bundle`` (queries.embedded.state)."""
        self._store = MemoryStore(bundle, state_dir)
        self.restored_from = self._store.restored_from

    @property
    def _graph(self) -> OrgGraph:
        return self._store.graph  # swapped whole by a load or a change: read it once

    def replace_all(self, bundle: Bundle) -> None:
        self._store.replace(bundle)

    def ping(self) -> None:
        """Always answers: the graph is in this process."""

    def entity(self, entity_id: str) -> EntityRef | None:
        graph = self._graph
        return graph.ref(entity_id) if graph.kind(entity_id) else None

    def close(self) -> None:
        """Nothing to release."""

    def snapshot(self) -> Bundle:
        return self._store.snapshot()

    def load_bundle(self, bundle: Bundle, note: LoadNote) -> ChangeRecord:
        return self._store.load(bundle, note)
