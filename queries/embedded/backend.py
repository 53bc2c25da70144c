"""The embedded backend: the whole organisation in one networkx graph, no server needed.

A load builds a new graph and then swaps it in, so a failed build leaves the old graph in place;
a change is saved (with a state folder) and then applied to the graph in place
(queries.embedded.store). Every question runs under the store's read lock (``_reading``,
applied below to each question the parts define), so it never sees half a change.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from functools import wraps
from pathlib import Path
from typing import Any

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
        return self._store.graph  # swapped whole by a load: read it once

    def replace_all(self, bundle: Bundle) -> None:
        self._store.replace(bundle)

    def reading_if_free(self) -> AbstractContextManager[bool]:
        """The read lock if taking it needs no wait (True), else nothing held (False). The API
        asks a point question at once, in its own thread, when this says True: the answer costs
        microseconds here, a hop to a worker thread more (api/schema/context.py)."""
        return self._store.reading_if_free()

    def ping(self) -> None:
        """The graph is in this process; with a state folder, raise ``BackendUnavailable``
        while changes cannot be saved there."""
        self._store.ping()

    def entity(self, entity_id: str) -> EntityRef | None:
        with self._store.reading():
            graph = self._graph
            return graph.ref(entity_id) if graph.kind(entity_id) else None

    def save_state(self) -> None:
        """Save the organisation in the state folder now, if it holds none yet."""
        self._store.save_state()

    def close(self) -> None:
        """A last snapshot of the state folder, and the folder let go."""
        self._store.close()

    def snapshot(self) -> Bundle:
        return self._store.snapshot()

    def load_bundle(self, bundle: Bundle, note: LoadNote) -> ChangeRecord:
        return self._store.load(bundle, note)


def _reading(question: Callable[..., Any]) -> Callable[..., Any]:
    """``question`` asked under the store's read lock."""

    @wraps(question)
    def asked(self: MemoryBackend, *args: Any, **kwargs: Any) -> Any:
        with self._store.reading():
            return question(self, *args, **kwargs)

    return asked


for _part in (
    CoverageOnMemory,
    ChainOnMemory,
    InsightsOnMemory,
    AuditOnMemory,
    BrowseOnMemory,
    ScopeOnMemory,
):
    for _name, _question in vars(_part).items():
        if not _name.startswith("_") and callable(_question):
            setattr(MemoryBackend, _name, _reading(_question))
